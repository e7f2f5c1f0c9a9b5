// Weekly retention cohorts as a heat map: one row per sign-up week, one cell per week
// after, shaded by the share of the cohort active then (the figure is in the cell).
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../components/format';
import type { AdminDashboardQuery } from '../../gql/generated/graphql';

type Cohort = AdminDashboardQuery['retentionCohorts'][number];

export function CohortHeatMap({ cohorts }: { cohorts: Cohort[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const width = Math.max(0, ...cohorts.map((c) => c.periods.length));
  if (cohorts.length === 0) return <p className="muted">{t('common.empty')}</p>;
  return (
    <div className="heatmap-scroll">
      <table className="heatmap">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.cohort')}</th>
            <th scope="col" className="num">
              {t('dashboard.members')}
            </th>
            {Array.from({ length: width }, (_, i) => (
              <th key={i} scope="col" className="num">
                {t('dashboard.week', { n: i })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c) => (
            <tr key={c.date}>
              <th scope="row">{format.date(`${c.date}T00:00:00Z`)}</th>
              <td className="num">{format.number(c.members)}</td>
              {c.periods.map((p) => (
                <td
                  key={p.index}
                  className="num cell"
                  style={{ background: `rgb(0 114 178 / ${Math.round(p.share * 90) + 5}%)`, color: p.share > 0.5 ? '#fff' : undefined }}
                  title={t('dashboard.activeOf', { active: format.number(p.active), members: format.number(c.members) })}
                >
                  {format.number(p.share, { style: 'percent', maximumFractionDigits: 0 })}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
