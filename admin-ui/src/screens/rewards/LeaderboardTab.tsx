// The leaderboard: top members by points this week, this month or ever, optionally in a tag.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { call } from '../../gql/api';
import type { LeaderboardPeriod } from '../../gql/generated/graphql';
import { LEADERBOARD } from './operations';

const PERIODS: LeaderboardPeriod[] = ['WEEK', 'MONTH', 'ALL'];

export function LeaderboardTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const [period, setPeriod] = useState<LeaderboardPeriod>('WEEK');
  const [tag, setTag] = useState('');
  const [typedTag, setTypedTag] = useState('');
  const query = useQuery({
    queryKey: ['leaderboard', period, tag],
    queryFn: () => call(LEADERBOARD, { period, tag: tag || undefined }),
    placeholderData: keepPreviousData,
  });
  const entries = query.data?.leaderboard ?? [];
  return (
    <>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setTag(typedTag.trim());
        }}
      >
        <label>
          <span>{t('rewards.period')}</span>
          <select name="period" value={period} onChange={(e) => setPeriod(e.target.value as LeaderboardPeriod)}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`rewards.periods.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('threads.tag')}</span>
          <input name="tag" value={typedTag} onChange={(e) => setTypedTag(e.target.value)} />
        </label>
        <button type="submit">{t('common.search')}</button>
      </form>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={entries.length === 0}
        onRetry={() => void query.refetch()}
      >
        <ol className="list leaderboard" data-testid="leaderboard">
          {entries.map((e) => (
            <li key={e.user.id}>
              <span className="rank">{format.number(e.rank)}</span>
              <Link to={`/users/${encodeURIComponent(e.user.id)}`}>@{e.user.username}</Link>
              <span className="muted">
                {e.user.displayName} · {t(`levels.${e.user.level}`)}
              </span>
              <span className="num">{format.number(e.points)}</span>
            </li>
          ))}
        </ol>
      </QueryState>
    </>
  );
}
