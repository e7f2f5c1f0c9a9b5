// Experiments: the list by status, a form to create one (2–10 weighted variants, the first
// is the control), start and stop with confirmation, and the results of the selected one.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useUrlFilters } from '../../components/urlState';
import { call } from '../../gql/api';
import type { ExperimentStatus } from '../../gql/generated/graphql';
import { CreateExperimentForm } from './CreateExperimentForm';
import { ExperimentResultsPanel } from './ExperimentResultsPanel';
import { EXPERIMENTS, START_EXPERIMENT, STOP_EXPERIMENT } from './operations';

const STATUSES: ExperimentStatus[] = ['DRAFT', 'RUNNING', 'STOPPED'];

export function ExperimentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { params, setFilter: setParam } = useUrlFilters();
  const status = (params.get('status') as ExperimentStatus | null) ?? undefined;
  const selectedKey = params.get('key');
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(reset, [status, reset]);
  const query = useQuery({
    queryKey: ['experiments', status, pages.after],
    queryFn: () => call(EXPERIMENTS, { first: 25, after: pages.after, status }),
    placeholderData: keepPreviousData,
  });
  const [confirm, setConfirm] = useState<{ key: string; start: boolean } | null>(null);
  const toggle = useMutation({
    mutationFn: async ({ key, start }: { key: string; start: boolean }): Promise<void> => {
      if (start) await call(START_EXPERIMENT, { key });
      else await call(STOP_EXPERIMENT, { key });
    },
    onSuccess: async () => {
      setConfirm(null);
      await queryClient.invalidateQueries({ queryKey: ['experiments'] });
      await queryClient.invalidateQueries({ queryKey: ['experimentResults'] });
    },
    onError: () => setConfirm(null),
  });
  const experiments = query.data?.experiments;

  return (
    <section aria-labelledby="exp-heading">
      <h2 id="exp-heading">{t('experiments.heading')}</h2>
      <CreateExperimentForm onCreated={(key) => setParam('key', key)} />
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('experiments.status')}</span>
          <select name="status" value={status ?? ''} onChange={(e) => setParam('status', e.target.value || null)}>
            <option value="">{t('common.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`experiments.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {toggle.error != null && <ErrorNotice error={toggle.error} />}
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={experiments?.nodes.length === 0}
        emptyText={t('experiments.empty')}
        onRetry={() => void query.refetch()}
      >
        {experiments && (
          <>
            <table className="list" data-testid="experiments">
              <thead>
                <tr>
                  <th scope="col">{t('experiments.key')}</th>
                  <th scope="col">{t('experiments.metric')}</th>
                  <th scope="col">{t('experiments.variants')}</th>
                  <th scope="col">{t('experiments.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('experiments.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {experiments.nodes.map((x) => (
                  <tr key={x.id} data-experiment={x.key} aria-current={x.key === selectedKey}>
                    <td>
                      <button type="button" className="link" onClick={() => setParam('key', x.key)}>
                        {x.key}
                      </button>
                      {x.description && <div className="muted">{x.description}</div>}
                    </td>
                    <td>
                      <code>{x.metric}</code>
                    </td>
                    <td>
                      {x.variants
                        .map((v) => `${v.name} ${format.number(v.share, { style: 'percent', maximumFractionDigits: 1 })}`)
                        .join(' · ')}
                    </td>
                    <td>
                      {t(`experiments.statuses.${x.status}`)}
                      <div className="muted">{format.dateTime(x.stoppedAt ?? x.startedAt ?? x.createdAt)}</div>
                    </td>
                    <td>
                      {x.status === 'DRAFT' && (
                        <button type="button" onClick={() => setConfirm({ key: x.key, start: true })}>
                          {t('experiments.start')}
                        </button>
                      )}
                      {x.status === 'RUNNING' && (
                        <button type="button" className="danger" onClick={() => setConfirm({ key: x.key, start: false })}>
                          {t('experiments.stop')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager pages={pages} pageInfo={experiments.pageInfo} label={t('experiments.heading')} />
          </>
        )}
      </QueryState>
      {selectedKey && <ExperimentResultsPanel experimentKey={selectedKey} />}
      <ConfirmDialog
        open={confirm != null}
        title={confirm ? t(confirm.start ? 'experiments.confirmStart' : 'experiments.confirmStop', { key: confirm.key }) : ''}
        destructive={confirm?.start === false}
        busy={toggle.isPending}
        onCancel={() => setConfirm(null)}
        onConfirm={() => confirm && toggle.mutate(confirm)}
      />
    </section>
  );
}
