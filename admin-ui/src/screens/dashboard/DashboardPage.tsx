// Operators' overview over a chosen range: active members (DAU/WAU/MAU), new members and
// contributors, weekly retention cohorts as a heat map, the funnel, community health and
// the points issued per rule. Every chart has its figures in a table for screen readers.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useState } from 'react';
import { Bar, Line } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/useSession';
import { useFormat } from '../../components/format';
import { PALETTE } from '../../components/palette';
import { QueryState } from '../../components/QueryState';
import { call } from '../../gql/api';
import { CohortHeatMap } from './CohortHeatMap';
import { DASHBOARD } from './operations';

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, BarElement, Tooltip, Legend);

const RANGES = [30, 90, 365] as const;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function rangeOf(days: number, now = new Date()) {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(to);
  from.setUTCDate(from.getUTCDate() - (days - 1));
  const end = new Date(to);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from: isoDay(from), to: isoDay(to), fromTime: from.toISOString(), toTime: end.toISOString() };
}

const chartOptions = { animation: false as const, maintainAspectRatio: false, interaction: { mode: 'index' as const, intersect: false } };

export function DashboardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const viewer = useSession()?.viewer;
  const [days, setDays] = useState<(typeof RANGES)[number]>(365);
  const range = rangeOf(days);
  const query = useQuery({
    queryKey: ['dashboard', range.from, range.to],
    queryFn: () => call(DASHBOARD, range),
    placeholderData: keepPreviousData,
  });
  const d = query.data;
  const shortDate = format.day;

  return (
    <section aria-labelledby="dashboard-heading">
      <h2 id="dashboard-heading">{t('dashboard.heading')}</h2>
      <p>{t('dashboard.welcome', { name: viewer?.displayName || viewer?.username })}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('dashboard.range')}</span>
          <select name="range" value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof RANGES)[number])}>
            {RANGES.map((r) => (
              <option key={r} value={r}>
                {t('dashboard.lastDays', { n: r })}
              </option>
            ))}
          </select>
        </label>
      </form>
      <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {d && (
          <div className="dashboard" aria-busy={query.isFetching}>
            <p data-testid="open-queue" className="card kpi">
              <Link to="/moderation">{t('dashboard.openQueue', { n: format.number(d.moderationQueue.totalCount) })}</Link>
            </p>

            <figure className="card" data-testid="chart-activity">
              <figcaption>{t('dashboard.activity')}</figcaption>
              <div className="chart">
                <Line
                  options={chartOptions}
                  data={{
                    labels: d.daily.points.map((p) => shortDate(p.date)),
                    datasets: [
                      { label: t('dashboard.dau'), data: d.daily.points.map((p) => p.dau), borderColor: PALETTE[0], backgroundColor: PALETTE[0], pointRadius: 0 },
                      { label: t('dashboard.wau'), data: d.daily.points.map((p) => p.wau), borderColor: PALETTE[1], backgroundColor: PALETTE[1], pointRadius: 0 },
                      { label: t('dashboard.mau'), data: d.daily.points.map((p) => p.mau), borderColor: PALETTE[2], backgroundColor: PALETTE[2], pointRadius: 0 },
                    ],
                  }}
                />
              </div>
              {d.daily.points.length > 0 && (
                <p className="muted">
                  {t('dashboard.latest', {
                    dau: format.number(d.daily.points[d.daily.points.length - 1].dau, { maximumFractionDigits: 0 }),
                    wau: format.number(d.daily.points[d.daily.points.length - 1].wau),
                    mau: format.number(d.daily.points[d.daily.points.length - 1].mau),
                  })}
                </p>
              )}
            </figure>

            <figure className="card" data-testid="chart-members">
              <figcaption>{t('dashboard.newMembers')}</figcaption>
              <div className="chart">
                <Bar
                  options={chartOptions}
                  data={{
                    labels: d.weekly.points.map((p) => shortDate(p.date)),
                    datasets: [
                      { label: t('dashboard.members'), data: d.weekly.points.map((p) => p.newMembers), backgroundColor: PALETTE[0] },
                      { label: t('dashboard.contributors'), data: d.weekly.points.map((p) => p.newContributors), backgroundColor: PALETTE[1] },
                    ],
                  }}
                />
              </div>
            </figure>

            <figure className="card wide" data-testid="chart-retention">
              <figcaption>{t('dashboard.retention')}</figcaption>
              <CohortHeatMap cohorts={d.retentionCohorts} />
            </figure>

            <figure className="card" data-testid="chart-funnel">
              <figcaption>{t('dashboard.funnel')}</figcaption>
              <div className="chart">
                <Bar
                  options={{ ...chartOptions, indexAxis: 'y' as const }}
                  data={{
                    labels: d.funnel.steps.map((s) => t(`dashboard.steps.${s.step}`)),
                    datasets: [{ label: t('dashboard.members'), data: d.funnel.steps.map((s) => s.members), backgroundColor: PALETTE[4] }],
                  }}
                />
              </div>
              <table className="list compact">
                <tbody>
                  {d.funnel.steps.map((s) => (
                    <tr key={s.step}>
                      <th scope="row">{t(`dashboard.steps.${s.step}`)}</th>
                      <td className="num">{format.number(s.members)}</td>
                      <td className="num">{format.number(s.conversion, { style: 'percent', maximumFractionDigits: 1 })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </figure>

            <figure className="card" data-testid="chart-health">
              <figcaption>{t('dashboard.health')}</figcaption>
              <div className="chart">
                <Line
                  options={{ ...chartOptions, scales: { y: { min: 0, max: 1 } } }}
                  data={{
                    labels: d.communityHealth.points.map((p) => shortDate(p.date)),
                    datasets: [
                      { label: t('dashboard.answered'), data: d.communityHealth.points.map((p) => p.shareAnswered), borderColor: PALETTE[2], backgroundColor: PALETTE[2] },
                      { label: t('dashboard.featuredShare'), data: d.communityHealth.points.map((p) => p.featuredShare), borderColor: PALETTE[3], backgroundColor: PALETTE[3] },
                    ],
                  }}
                />
              </div>
            </figure>

            <figure className="card" data-testid="chart-points">
              <figcaption>{t('dashboard.points')}</figcaption>
              <div className="chart">
                <Bar
                  options={{ ...chartOptions, scales: { x: { stacked: true }, y: { stacked: true } } }}
                  data={{
                    labels: (d.rewardSummary[0]?.points ?? []).map((p) => shortDate(p.periodStart)),
                    datasets: d.rewardSummary.map((series, i) => ({
                      label: series.rule,
                      data: series.points.map((p) => p.points),
                      backgroundColor: PALETTE[i % PALETTE.length],
                    })),
                  }}
                />
              </div>
              <p className="muted">
                {t('dashboard.pointsTotal', { n: format.number(d.rewardSummary.reduce((sum, s) => sum + s.total, 0)) })}
              </p>
            </figure>
          </div>
        )}
      </QueryState>
    </section>
  );
}
