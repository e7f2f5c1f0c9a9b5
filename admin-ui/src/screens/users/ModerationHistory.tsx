// What staff did about one member (suspensions, warnings, role changes, points by hand…),
// newest first, from the moderation log.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { call } from '../../gql/api';
import { MODERATION_LOG } from '../moderationLog/operations';

export function ModerationHistory({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const pages = useCursorPages();
  const query = useQuery({
    queryKey: ['moderationLog', { targetId: userId }, pages.after],
    queryFn: () => call(MODERATION_LOG, { first: 10, after: pages.after, filter: { targetId: userId } }),
    placeholderData: keepPreviousData,
  });
  const log = query.data?.moderationLog;
  return (
    <>
      <h3>{t('users.moderationHistory')}</h3>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={log?.nodes.length === 0}
        emptyText={t('users.noModerationHistory')}
        onRetry={() => void query.refetch()}
      >
        {log && (
          <>
            <table className="list" data-testid="moderation-history">
              <tbody>
                {log.nodes.map((entry) => (
                  <tr key={entry.id} data-action={entry.action ?? ''}>
                    <td>{format.dateTime(entry.createdAt)}</td>
                    <td>{entry.action ? t(`moderationLog.actions.${entry.action}`) : '—'}</td>
                    <td>{entry.actor ? `@${entry.actor.username}` : t('moderationLog.automatic')}</td>
                    <td>{entry.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager pages={pages} pageInfo={log.pageInfo} label={t('users.moderationHistory')} />
          </>
        )}
      </QueryState>
    </>
  );
}
