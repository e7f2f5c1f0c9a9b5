// Recommendations: the serving model, retraining with live progress (the subscription,
// with the query as a fallback), every trained version with its offline metrics and a
// rollback, and the interest groups as a scatter plot.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useFormat } from '../../components/format';
import { Pager, useCursorPages } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { call } from '../../gql/api';
import type { AdminTrainingRunFragment, RecommenderKind } from '../../gql/generated/graphql';
import { subscribe } from '../../gql/live';
import { InterestGroupsPanel } from './InterestGroupsPanel';
import { ACTIVATE_MODEL, CANCEL_TRAINING, RECOMMENDER, RETRAIN, TRAINING_UPDATES } from './operations';

const KINDS: RecommenderKind[] = ['AUTO', 'EASE', 'ALS', 'HYBRID'];

export function RecommendationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const pages = useCursorPages();
  const query = useQuery({
    queryKey: ['recommender', pages.after],
    queryFn: () => call(RECOMMENDER, { first: 10, after: pages.after }),
    placeholderData: keepPreviousData,
    // Activation reaches each instance a moment after a run ends (and runs start on
    // schedule or from other consoles): keep the list current while it is open.
    refetchInterval: 5000,
  });
  const [live, setLive] = useState<AdminTrainingRunFragment | null>(null);
  // The newest run: the subscription's when it is about the same or a later run.
  const fetched = query.data?.recommenderTraining ?? null;
  const latest = live && (!fetched || live.id === fetched.id || live.startedAt >= fetched.startedAt) ? live : fetched;
  const running = latest?.status === 'RUNNING' ? latest : null;

  // Progress as it happens; when a run ends, the list and the groups change.
  useEffect(
    () =>
      subscribe(
        TRAINING_UPDATES,
        {},
        ({ recommenderTraining }) => {
          setLive(recommenderTraining);
          if (recommenderTraining.status !== 'RUNNING') {
            void queryClient.invalidateQueries({ queryKey: ['recommender'] });
          }
        },
        () => undefined,
      ),
    [queryClient],
  );
  // Fallback when the subscription cannot connect: poll while a run is in progress.
  const { refetch } = query;
  useEffect(() => {
    if (!running || live) return;
    const timer = setInterval(() => void refetch(), 2000);
    return () => clearInterval(timer);
  }, [running, live, refetch]);

  const [kind, setKind] = useState<RecommenderKind>('AUTO');
  const [confirm, setConfirm] = useState<{ kind: 'retrain' } | { kind: 'activate'; id: string } | { kind: 'cancel'; id: string } | null>(
    null,
  );
  const act = useMutation({
    mutationFn: async (c: NonNullable<typeof confirm>) => {
      if (c.kind === 'retrain') setLive((await call(RETRAIN, { kind })).retrainRecommender);
      else if (c.kind === 'cancel') setLive((await call(CANCEL_TRAINING, { id: c.id })).cancelRecommenderTraining);
      else await call(ACTIVATE_MODEL, { id: c.id });
    },
    onSuccess: async () => {
      setConfirm(null);
      await queryClient.invalidateQueries({ queryKey: ['recommender'] });
    },
    onError: () => setConfirm(null),
  });

  const models = query.data?.recommenderModels;
  const metric = (v: number | undefined) => (v == null ? '—' : format.number(v, { maximumFractionDigits: 3 }));

  return (
    <section aria-labelledby="rec-heading">
      <h2 id="rec-heading">{t('recommendations.heading')}</h2>
      <div className="card training" data-testid="training">
        <h3>{t('recommendations.training')}</h3>
        {running ? (
          <>
            <p>
              {t('recommendations.runningStage', { stage: running.stage, kind: running.requestedKind })}{' '}
              <span className="muted">{format.dateTime(running.startedAt)}</span>
            </p>
            <progress max={1} value={running.progress} aria-label={t('recommendations.progress')} />
            <span data-testid="training-progress">{format.number(running.progress, { style: 'percent' })}</span>
            <button type="button" onClick={() => setConfirm({ kind: 'cancel', id: running.id })}>
              {t('recommendations.cancel')}
            </button>
          </>
        ) : (
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              act.reset();
              setConfirm({ kind: 'retrain' });
            }}
          >
            <label>
              <span>{t('recommendations.kind')}</span>
              <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as RecommenderKind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="primary">
              {t('recommendations.retrain')}
            </button>
          </form>
        )}
        {live && live.status !== 'RUNNING' && (
          <p className="notice" role="status" data-testid="training-outcome" data-status={live.status}>
            {t(`recommendations.outcomes.${live.status}`)} {live.error}
          </p>
        )}
        {act.error != null && <ErrorNotice error={act.error} />}
      </div>

      <h3>{t('recommendations.models')}</h3>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        isEmpty={models?.nodes.length === 0}
        emptyText={t('recommendations.noModels')}
        onRetry={() => void query.refetch()}
      >
        {models && (
          <>
            <table className="list" data-testid="models">
              <thead>
                <tr>
                  <th scope="col">{t('recommendations.started')}</th>
                  <th scope="col">{t('recommendations.kind')}</th>
                  <th scope="col">{t('recommendations.status')}</th>
                  <th scope="col" className="num">
                    NDCG@10
                  </th>
                  <th scope="col" className="num">
                    P@10
                  </th>
                  <th scope="col" className="num">
                    R@10
                  </th>
                  <th scope="col" className="num">
                    {t('recommendations.coverage')}
                  </th>
                  <th scope="col" className="num">
                    {t('recommendations.data')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('recommendations.activate')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {models.nodes.map((m) => (
                  <tr key={m.id} data-model-id={m.id} data-active={m.active}>
                    <td>
                      {format.dateTime(m.startedAt)}
                      <div className="muted">
                        {t(`recommendations.triggers.${m.trigger}`)}
                        {m.startedBy && ` · @${m.startedBy.username}`}
                      </div>
                    </td>
                    <td>{m.kind ?? m.requestedKind}</td>
                    <td>
                      {m.active ? <strong>{t('recommendations.serving')}</strong> : t(`recommendations.statuses.${m.status}`)}
                    </td>
                    <td className="num">{metric(m.metrics?.ndcgAt10)}</td>
                    <td className="num">{metric(m.metrics?.precisionAt10)}</td>
                    <td className="num">{metric(m.metrics?.recallAt10)}</td>
                    <td className="num">{metric(m.metrics?.coverage)}</td>
                    <td className="num">
                      {t('recommendations.dataSize', {
                        users: format.number(m.users),
                        items: format.number(m.items),
                        interactions: format.number(m.interactions),
                      })}
                    </td>
                    <td>
                      {m.status === 'READY' && !m.active && (
                        <button type="button" onClick={() => setConfirm({ kind: 'activate', id: m.id })}>
                          {t('recommendations.activate')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager pages={pages} pageInfo={models.pageInfo} label={t('recommendations.models')} />
          </>
        )}
      </QueryState>

      <InterestGroupsPanel servingModelId={query.data?.activeRecommender?.model.id} />

      <ConfirmDialog
        open={confirm != null}
        title={
          confirm?.kind === 'retrain'
            ? t('recommendations.confirmRetrain', { kind })
            : confirm?.kind === 'cancel'
              ? t('recommendations.confirmCancel')
              : t('recommendations.confirmActivate')
        }
        destructive={confirm?.kind === 'cancel'}
        busy={act.isPending}
        onCancel={() => setConfirm(null)}
        onConfirm={() => confirm && act.mutate(confirm)}
      />
    </section>
  );
}
