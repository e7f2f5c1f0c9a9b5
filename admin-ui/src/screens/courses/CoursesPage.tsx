// Courses for staff: any status, by creator, searchable, with enrolments, rating and what
// each course has earned (net of refunds, per currency).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useDebouncedParam, useUrlFilters } from '../../components/urlState';
import { UserPicker, type PickedUser } from '../../components/UserPicker';
import { call } from '../../gql/api';
import type { CourseOrderBy, CourseStatus } from '../../gql/generated/graphql';
import { COURSES } from './operations';

const STATUSES: CourseStatus[] = ['PUBLISHED', 'DRAFT', 'ARCHIVED'];
const ORDERS: CourseOrderBy[] = ['NEWEST', 'POPULAR', 'TOP_RATED', 'PRICE_ASC', 'PRICE_DESC'];
const PAGE_SIZE = 25;

export function CoursesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { params, setFilter } = useUrlFilters();
  const { committed: search, typed, setTyped } = useDebouncedParam('q');
  const status = (params.get('status') as CourseStatus | null) ?? 'PUBLISHED';
  const orderBy = (params.get('order') as CourseOrderBy | null) ?? 'POPULAR';
  const [creator, setCreator] = useState<PickedUser | null>(null);
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(reset, [status, orderBy, search, creator, reset]);

  const filter = { status, search: search || undefined, creatorId: creator?.id };
  const query = useQuery({
    queryKey: ['courses', filter, orderBy, pages.after],
    queryFn: () => call(COURSES, { first: PAGE_SIZE, after: pages.after, filter, orderBy }),
    placeholderData: keepPreviousData,
  });
  const courses = query.data?.courses;

  return (
    <section aria-labelledby="courses-heading">
      <h2 id="courses-heading">{t('courses.heading')}</h2>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('courses.search')}</span>
          <input type="search" name="q" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
        <label>
          <span>{t('courses.status')}</span>
          <select name="status" value={status} onChange={(e) => setFilter('status', e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`courses.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <UserPicker label={t('courses.creator')} role="CREATOR" value={creator} onChange={setCreator} />
        <label>
          <span>{t('courses.orderBy')}</span>
          <select name="order" value={orderBy} onChange={(e) => setFilter('order', e.target.value)}>
            {ORDERS.map((o) => (
              <option key={o} value={o}>
                {t(`courses.orders.${o}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={courses?.nodes.length === 0}
        emptyText={t('courses.empty')}
        onRetry={() => void query.refetch()}
      >
        {courses && (
          <>
            <p className="muted">{t('users.count', { n: format.number(courses.totalCount) })}</p>
            <table className="list" aria-busy={query.isFetching} data-testid="courses">
              <thead>
                <tr>
                  <th scope="col">{t('courses.title')}</th>
                  <th scope="col">{t('courses.creator')}</th>
                  <th scope="col">{t('courses.status')}</th>
                  <th scope="col" className="num">
                    {t('courses.price')}
                  </th>
                  <th scope="col" className="num">
                    {t('courses.enrolments')}
                  </th>
                  <th scope="col" className="num">
                    {t('courses.rating')}
                  </th>
                  <th scope="col" className="num">
                    {t('courses.revenue')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {courses.nodes.map((c) => (
                  <tr key={c.id} data-course={c.slug}>
                    <td>{c.title}</td>
                    <td>@{c.creator.username}</td>
                    <td>{t(`courses.statuses.${c.status}`)}</td>
                    <td className="num">{c.priceCents === 0 ? t('courses.free') : format.money(c.priceCents, c.currency)}</td>
                    <td className="num">{format.number(c.enrollmentCount)}</td>
                    <td className="num">
                      {c.ratingSummary.count === 0
                        ? '—'
                        : `${format.number(c.ratingSummary.average ?? 0, { maximumFractionDigits: 1 })} (${format.number(c.ratingSummary.count)})`}
                    </td>
                    <td className="num" data-testid="revenue">
                      {c.revenue.length === 0
                        ? '—'
                        : c.revenue.map((r) => (
                            <span key={r.currency} className="block" title={t('courses.refunds', { n: format.number(r.refunds) })}>
                              {format.money(r.netCents, r.currency)}
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager pages={pages} pageInfo={courses.pageInfo} label={t('courses.heading')} />
          </>
        )}
      </QueryState>
    </section>
  );
}
