// The moderation log: every staff and automatic action, newest first, filtered by action
// and time range (in the URL, so a filtered view can be shared).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dayStart } from '../../components/dates';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useUrlFilters } from '../../components/urlState';
import { call } from '../../gql/api';
import type { ModerationAction } from '../../gql/generated/graphql';
import { MODERATION_LOG } from './operations';

export const LOG_ACTIONS: ModerationAction[] = [
  'RESOLVE_REPORT', 'HIDE', 'UNHIDE', 'DELETE', 'WARN', 'SUSPEND', 'UNSUSPEND', 'SET_ROLE', 'CERTIFY',
  'REVOKE_CERTIFICATION', 'PIN', 'UNPIN', 'FEATURE', 'UNFEATURE', 'LOCK', 'UNLOCK', 'MOVE', 'RETAG', 'MERGE',
  'CLOSE_AS_DUPLICATE', 'REOPEN', 'AUTO_HIDE', 'AUTO_HOLD', 'AUTO_BLOCK', 'VOTE_RING_FLAGGED',
  'WATCHED_WORD_ADDED', 'WATCHED_WORD_REMOVED', 'UPDATE_REWARD_RULE', 'ADJUST_POINTS', 'PAYOUT_PAID', 'PAYOUT_REJECTED',
];
const PAGE_SIZE = 50;


export function ModerationLogPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { params, setFilter } = useUrlFilters();
  const action = (params.get('action') as ModerationAction | null) ?? undefined;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(reset, [action, from, to, reset]);

  const filter = { action, from: dayStart(from), to: dayStart(to, true) };
  const query = useQuery({
    queryKey: ['moderationLog', filter, pages.after],
    queryFn: () => call(MODERATION_LOG, { first: PAGE_SIZE, after: pages.after, filter }),
    placeholderData: keepPreviousData,
  });
  const log = query.data?.moderationLog;

  return (
    <section aria-labelledby="log-heading">
      <h2 id="log-heading">{t('moderationLog.heading')}</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('moderationLog.action')}</span>
          <select name="action" value={action ?? ''} onChange={(e) => setFilter('action', e.target.value)}>
            <option value="">{t('common.any')}</option>
            {LOG_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`moderationLog.actions.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('moderationLog.from')}</span>
          <input type="date" name="from" value={from} max={to || undefined} onChange={(e) => setFilter('from', e.target.value)} />
        </label>
        <label>
          <span>{t('moderationLog.to')}</span>
          <input type="date" name="to" value={to} min={from || undefined} onChange={(e) => setFilter('to', e.target.value)} />
        </label>
      </form>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={log?.nodes.length === 0}
        emptyText={t('moderationLog.empty')}
        onRetry={() => void query.refetch()}
      >
        {log && (
          <>
            <table className="list" aria-busy={query.isFetching} data-testid="moderation-log">
              <thead>
                <tr>
                  <th scope="col">{t('moderationLog.when')}</th>
                  <th scope="col">{t('moderationLog.action')}</th>
                  <th scope="col">{t('moderationLog.target')}</th>
                  <th scope="col">{t('moderationLog.actor')}</th>
                  <th scope="col">{t('moderationLog.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {log.nodes.map((entry) => (
                  <tr key={entry.id} data-action={entry.action ?? ''}>
                    <td>{format.dateTime(entry.createdAt)}</td>
                    <td>{entry.action ? t(`moderationLog.actions.${entry.action}`) : '—'}</td>
                    <td>
                      {t(`moderation.targets.${entry.targetType}`)}{' '}
                      {entry.targetType === 'USER' ? (
                        <Link to={`/users/${encodeURIComponent(entry.targetId)}`}>{t('moderationLog.open')}</Link>
                      ) : (
                        <code>{entry.targetId}</code>
                      )}
                    </td>
                    <td>
                      {entry.actor ? (
                        <Link to={`/users/${encodeURIComponent(entry.actor.id)}`}>@{entry.actor.username}</Link>
                      ) : (
                        t('moderationLog.automatic')
                      )}
                    </td>
                    <td>{entry.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager pages={pages} pageInfo={log.pageInfo} label={t('moderationLog.heading')} />
          </>
        )}
      </QueryState>
    </section>
  );
}
