// One experiment's results: users and conversions per variant, the uplift over the control
// with its 95 % confidence interval, and the sample-ratio-mismatch warning.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { call } from '../../gql/api';
import { EXPERIMENT_RESULTS } from './operations';

export function ExperimentResultsPanel({ experimentKey }: { experimentKey: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery({
    queryKey: ['experimentResults', experimentKey],
    queryFn: () => call(EXPERIMENT_RESULTS, { key: experimentKey }),
  });
  const results = query.data?.experimentResults;
  const pct = (v: number) => format.number(v, { style: 'percent', maximumFractionDigits: 2 });
  const pp = (v: number) => format.number(v * 100, { maximumFractionDigits: 2, signDisplay: 'always' });
  return (
    <section className="card results" aria-labelledby="results-heading" data-testid="experiment-results">
      <h3 id="results-heading">{t('experiments.results', { key: experimentKey })}</h3>
      <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {results && (
          <>
            {results.sampleRatioMismatch && (
              <p className="notice error" role="alert" data-testid="srm-warning">
                {t('experiments.srm', {
                  p: results.sampleRatioPValue == null ? '—' : format.number(results.sampleRatioPValue, { maximumSignificantDigits: 2 }),
                })}
              </p>
            )}
            <p className="muted">{t('experiments.usersExposed', { n: format.number(results.users) })}</p>
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">{t('experiments.variant')}</th>
                  <th scope="col" className="num">
                    {t('experiments.users')}
                  </th>
                  <th scope="col" className="num">
                    {t('experiments.expected')}
                  </th>
                  <th scope="col" className="num">
                    {t('experiments.conversions')}
                  </th>
                  <th scope="col" className="num">
                    {t('experiments.rate')}
                  </th>
                  <th scope="col" className="num">
                    {t('experiments.uplift')}
                  </th>
                  <th scope="col" className="num">
                    {t('experiments.interval')}
                  </th>
                  <th scope="col" className="num">
                    p
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.variants.map((v) => (
                  <tr key={v.name}>
                    <th scope="row">{v.name}</th>
                    <td className="num">{format.number(v.users)}</td>
                    <td className="num">{pct(v.expectedShare)}</td>
                    <td className="num">{format.number(v.conversions)}</td>
                    <td className="num">{pct(v.rate)}</td>
                    <td className="num">{v.versusControl ? pp(v.versusControl.uplift) : t('experiments.control')}</td>
                    <td className="num">
                      {v.versusControl ? `[${pp(v.versusControl.confidenceLow)}, ${pp(v.versusControl.confidenceHigh)}]` : ''}
                    </td>
                    <td className="num">
                      {v.versusControl?.pValue == null ? '' : format.number(v.versusControl.pValue, { maximumSignificantDigits: 2 })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{t('experiments.upliftNote')}</p>
          </>
        )}
      </QueryState>
    </section>
  );
}
