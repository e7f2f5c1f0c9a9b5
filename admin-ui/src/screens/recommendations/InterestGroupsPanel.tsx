// Interest groups of the serving model: a scatter plot of a sample of members (PCA
// coordinates) coloured by group, with each group's size and top tags.
import { useQuery } from '@tanstack/react-query';
import { Chart as ChartJS, Legend, LinearScale, PointElement, Tooltip } from 'chart.js';
import { Scatter } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../components/format';
import { PALETTE } from '../../components/palette';
import { QueryState } from '../../components/QueryState';
import { call } from '../../gql/api';
import { INTEREST_GROUPS } from './operations';

ChartJS.register(LinearScale, PointElement, Tooltip, Legend);


/** `servingModelId`: the groups change with the model that serves (refetched when it does). */
export function InterestGroupsPanel({ servingModelId }: { servingModelId: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['interestGroups', servingModelId],
    queryFn: () => call(INTEREST_GROUPS, {}),
    // This instance may report a new serving model a moment before it has loaded the
    // model's groups: keep checking, as the version list does.
    refetchInterval: 5000,
  });
  const groups = query.data?.interestGroups;
  return (
    <>
      <h3>{t('recommendations.groups')}</h3>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={!groups || groups.groups.length === 0}
        emptyText={t('recommendations.noGroups')}
        onRetry={() => void query.refetch()}
      >
        {groups && (
          <div className="groups" data-testid="interest-groups">
            <p className="muted">
              {t('recommendations.groupSummary', {
                k: format.number(groups.k),
                silhouette: format.number(groups.silhouette, { maximumFractionDigits: 3 }),
              })}
            </p>
            <div className="chart" role="img" aria-label={t('recommendations.scatterLabel')}>
              <Scatter
                data={{
                  datasets: groups.groups.map((g, i) => ({
                    label: g.label,
                    data: g.points.map((p) => ({ x: p.x, y: p.y })),
                    backgroundColor: PALETTE[i % PALETTE.length],
                    pointRadius: 3,
                  })),
                }}
                options={{ animation: false, maintainAspectRatio: false, plugins: { legend: { position: 'right' } } }}
              />
            </div>
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">{t('recommendations.group')}</th>
                  <th scope="col" className="num">
                    {t('recommendations.size')}
                  </th>
                  <th scope="col">{t('recommendations.topTags')}</th>
                </tr>
              </thead>
              <tbody>
                {groups.groups.map((g, i) => (
                  <tr key={g.id}>
                    <td>
                      <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} aria-hidden="true" /> {g.label}
                    </td>
                    <td className="num">{format.number(g.size)}</td>
                    <td>{g.tags.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </>
  );
}
