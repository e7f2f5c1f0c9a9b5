// Users: search and filter by role and status, paged by cursor; a row opens the profile.
// The filters live in the URL, so a reload or a shared link shows the same list.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useDebouncedParam, useUrlFilters } from '../../components/urlState';
import { call } from '../../gql/api';
import type { AccountStatus, UserRole } from '../../gql/generated/graphql';
import { USERS } from './operations';

export const ROLES: UserRole[] = ['LEARNER', 'CREATOR', 'MODERATOR', 'ADMIN'];
const STATUSES: AccountStatus[] = ['ACTIVE', 'SUSPENDED', 'DELETED'];
const PAGE_SIZE = 25;

export function UsersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { params, setFilter } = useUrlFilters();
  const { committed: search, typed, setTyped } = useDebouncedParam('q');
  const role = (params.get('role') as UserRole | null) ?? undefined;
  const status = (params.get('status') as AccountStatus | null) ?? undefined;
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(reset, [search, role, status, reset]);

  const filter = { search: search || undefined, role, status };
  const query = useQuery({
    queryKey: ['users', filter, pages.after],
    queryFn: () => call(USERS, { first: PAGE_SIZE, after: pages.after, filter }),
    placeholderData: keepPreviousData,
  });
  const users = query.data?.users;

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">{t('users.heading')}</h2>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('users.searchLabel')}</span>
          <input type="search" name="q" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
        <label>
          <span>{t('users.role')}</span>
          <select name="role" value={role ?? ''} onChange={(e) => setFilter('role', e.target.value)}>
            <option value="">{t('common.any')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('users.status')}</span>
          <select name="status" value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">{t('common.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={users?.nodes.length === 0}
        emptyText={t('users.noResults')}
        onRetry={() => void query.refetch()}
      >
        {users && (
          <>
            <p className="muted" data-testid="users-count">
              {t('users.count', { n: format.number(users.totalCount) })}
            </p>
            <table className="list" aria-busy={query.isFetching}>
              <thead>
                <tr>
                  <th scope="col">{t('users.username')}</th>
                  <th scope="col">{t('users.displayName')}</th>
                  <th scope="col">{t('users.role')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col" className="num">
                    {t('users.points')}
                  </th>
                  <th scope="col">{t('users.level')}</th>
                  <th scope="col">{t('users.joined')}</th>
                </tr>
              </thead>
              <tbody>
                {users.nodes.map((u) => (
                  <tr key={u.id} data-user={u.username}>
                    <td>
                      <Link to={`/users/${encodeURIComponent(u.id)}`}>{u.username}</Link>
                    </td>
                    <td>{u.displayName}</td>
                    <td>{t(`roles.${u.role}`)}</td>
                    <td>
                      <span className={`badge status-${u.status.toLowerCase()}`}>{t(`statuses.${u.status}`)}</span>
                    </td>
                    <td className="num">{format.number(u.points)}</td>
                    <td>{t(`levels.${u.level}`)}</td>
                    <td>{format.date(u.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager pages={pages} pageInfo={users.pageInfo} label={t('users.heading')} />
          </>
        )}
      </QueryState>
    </section>
  );
}
