// Creators' payout requests: pay (after sending the money) or reject with a reason, which
// returns the amount to the creator's balance. Both ask for confirmation.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { call } from '../../gql/api';
import type { PayoutStatus } from '../../gql/generated/graphql';
import { MARK_PAYOUT_PAID, PAYOUTS, REJECT_PAYOUT } from './operations';

const STATUSES: PayoutStatus[] = ['REQUESTED', 'PAID', 'REJECTED'];
type Decision = { id: string; kind: 'pay' | 'reject' };

export function PayoutsTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<PayoutStatus | ''>('REQUESTED');
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(reset, [status, reset]);
  const query = useQuery({
    queryKey: ['payouts', status, pages.after],
    queryFn: () => call(PAYOUTS, { first: 25, after: pages.after, status: status || undefined }),
    placeholderData: keepPreviousData,
  });
  const [decision, setDecision] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: async (d: Decision): Promise<void> => {
      if (d.kind === 'pay') await call(MARK_PAYOUT_PAID, { payoutId: d.id });
      else await call(REJECT_PAYOUT, { payoutId: d.id, reason: reason.trim() });
    },
    onSuccess: async () => {
      setDecision(null);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['payouts'] });
    },
    onError: () => setDecision(null),
  });
  const payouts = query.data?.payouts;
  const pending = payouts?.nodes.find((p) => p.id === decision?.id);

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('rewards.payoutStatus')}</span>
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value as PayoutStatus | '')}>
            <option value="">{t('common.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`rewards.payoutStatuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('rewards.rejectReason')}</span>
          <input name="rejectReason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </form>
      {decide.error != null && <ErrorNotice error={decide.error} />}
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={payouts?.nodes.length === 0}
        emptyText={t('rewards.noPayouts')}
        onRetry={() => void query.refetch()}
      >
        {payouts && (
          <>
            <table className="list" data-testid="payouts">
              <thead>
                <tr>
                  <th scope="col">{t('courses.creator')}</th>
                  <th scope="col" className="num">
                    {t('rewards.amount')}
                  </th>
                  <th scope="col">{t('rewards.requested')}</th>
                  <th scope="col">{t('rewards.payoutStatus')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('rewards.decide')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {payouts.nodes.map((p) => (
                  <tr key={p.id} data-payout-id={p.id}>
                    <td>@{p.creator.username}</td>
                    <td className="num">{format.money(p.amountCents, p.currency)}</td>
                    <td>{format.dateTime(p.requestedAt)}</td>
                    <td>
                      {t(`rewards.payoutStatuses.${p.status}`)}
                      {p.reason && <span className="muted"> — {p.reason}</span>}
                    </td>
                    <td>
                      {p.status === 'REQUESTED' && (
                        <span className="actions">
                          <button type="button" onClick={() => setDecision({ id: p.id, kind: 'pay' })}>
                            {t('rewards.pay')}
                          </button>
                          <button
                            type="button"
                            className="danger"
                            disabled={!reason.trim()}
                            title={reason.trim() ? undefined : t('rewards.rejectNeedsReason')}
                            onClick={() => setDecision({ id: p.id, kind: 'reject' })}
                          >
                            {t('rewards.reject')}
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager pages={pages} pageInfo={payouts.pageInfo} label={t('rewards.tabs.payouts')} />
          </>
        )}
      </QueryState>
      <ConfirmDialog
        open={pending != null}
        title={
          pending && decision
            ? t(decision.kind === 'pay' ? 'rewards.confirmPay' : 'rewards.confirmReject', {
                amount: format.money(pending.amountCents, pending.currency),
                creator: pending.creator.username,
              })
            : ''
        }
        destructive={decision?.kind === 'reject'}
        busy={decide.isPending}
        onCancel={() => setDecision(null)}
        onConfirm={() => decision && decide.mutate(decision)}
      />
    </>
  );
}
