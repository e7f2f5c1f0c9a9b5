// One member's ledger rows, newest first, filtered by rules and dates.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayStart } from '../../components/dates';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { UserPicker, type PickedUser } from '../../components/UserPicker';
import { call } from '../../gql/api';
import { REWARD_RULES, USER_LEDGER } from './operations';

const PAGE_SIZE = 50;


export function LedgerTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const [user, setUser] = useState<PickedUser | null>(null);
  const [rule, setRule] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(reset, [user, rule, from, to, reset]);
  const rules = useQuery({ queryKey: ['rewardRules'], queryFn: () => call(REWARD_RULES, {}) });
  const filter = { rules: rule ? [rule] : undefined, from: dayStart(from), to: dayStart(to, true) };
  const query = useQuery({
    queryKey: ['ledger', user?.id, filter, pages.after],
    queryFn: () => call(USER_LEDGER, { userId: user?.id ?? '', first: PAGE_SIZE, after: pages.after, filter }),
    enabled: user != null,
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.userRewards;

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <UserPicker label={t('rewards.member')} value={user} onChange={setUser} />
        <label>
          <span>{t('rewards.rule')}</span>
          <select name="rule" value={rule} onChange={(e) => setRule(e.target.value)}>
            <option value="">{t('common.any')}</option>
            {rules.data?.rewardRules.map((r) => (
              <option key={r.key} value={r.key}>
                {r.key}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('moderationLog.from')}</span>
          <input type="date" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          <span>{t('moderationLog.to')}</span>
          <input type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </form>
      {!user ? (
        <p className="muted">{t('rewards.pickMember')}</p>
      ) : (
        <QueryState
          isPending={query.isPending}
          error={query.error}
          isEmpty={rows?.nodes.length === 0}
          emptyText={t('users.noHistory')}
          onRetry={() => void query.refetch()}
        >
          {rows && (
            <>
              <table className="list" aria-busy={query.isFetching} data-testid="ledger">
                <thead>
                  <tr>
                    <th scope="col">{t('moderationLog.when')}</th>
                    <th scope="col">{t('rewards.rule')}</th>
                    <th scope="col">{t('rewards.entry')}</th>
                    <th scope="col">{t('rewards.actor')}</th>
                    <th scope="col" className="num">
                      {t('rewards.points')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.nodes.map((r) => (
                    <tr key={r.id}>
                      <td>{format.dateTime(r.createdAt)}</td>
                      <td>
                        <code>{r.rule}</code>
                      </td>
                      <td>{t(`rewards.entries.${r.entry}`)}</td>
                      <td>@{r.actor.username}</td>
                      <td className="num">{format.number(r.points, { signDisplay: 'always' })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager pages={pages} pageInfo={rows.pageInfo} label={t('rewards.tabs.ledger')} />
            </>
          )}
        </QueryState>
      )}
    </>
  );
}
