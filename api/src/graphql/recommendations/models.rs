//! Model versions and training runs: staff read them, administrators train,
//! cancel, activate (or roll back) and compare them.

use async_graphql::{Context, Enum, ID, Object, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use entity::{recommender_activations, recommender_models};
use futures_util::{Stream, stream};

use crate::{
    graphql::{
        accounts::types::{User, load_user},
        community::subscription::next_event,
        context::ContextExt,
        errors::GqlResult,
        guards::RoleGuard,
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    live::LiveEvent,
    recommend::{ModelKind, metrics::RankingMetrics},
    services::recommendations::{
        store,
        training::{self, TrainRequest, TrainingEnv},
    },
};

/// Where a training run is.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::recommender_models::Status")]
pub enum RecommenderModelStatus {
    /// Training now.
    Running,
    /// Trained and stored; may be activated.
    Ready,
    /// Training failed (see `error`); the previous model kept serving.
    Failed,
    /// Cancelled before it finished; nothing was stored.
    Cancelled,
}

/// What started a run.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::recommender_models::Trigger")]
pub enum TrainingTrigger {
    /// `retrainRecommender`.
    Manual,
    /// The periodic schedule (`RECOMMENDER_RETRAIN_HOURS`).
    Schedule,
    /// `lyceum train`.
    Cli,
}

/// Which model to train.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum RecommenderKind {
    /// The engine picks the best model for the data on a validation split
    /// of the training data.
    Auto,
    /// EASE item-item (closed form).
    Ease,
    /// Implicit ALS (latent factors).
    Als,
    /// A blend of collaborative, content and popularity models.
    Hybrid,
}

impl From<RecommenderKind> for ModelKind {
    fn from(kind: RecommenderKind) -> Self {
        match kind {
            RecommenderKind::Auto => ModelKind::Auto,
            RecommenderKind::Ease => ModelKind::Ease,
            RecommenderKind::Als => ModelKind::Als,
            RecommenderKind::Hybrid => ModelKind::Hybrid,
        }
    }
}

/// Ranking quality on a held-out 25 % of each member's interactions (the
/// model scored is trained on the other 75 %; top 10, every held-out
/// interaction relevant).
#[derive(SimpleObject)]
pub struct OfflineMetrics {
    /// Normalised discounted cumulative gain at 10.
    pub ndcg_at_10: f64,
    /// Mean average precision at 10.
    pub map_at_10: f64,
    pub precision_at_10: f64,
    pub recall_at_10: f64,
    /// Share of the catalogue that appears in someone's top 10.
    pub coverage: f64,
    /// Members evaluated.
    pub users: i64,
}

impl From<RankingMetrics> for OfflineMetrics {
    fn from(m: RankingMetrics) -> Self {
        Self {
            ndcg_at_10: m.ndcg,
            map_at_10: m.map,
            precision_at_10: m.precision,
            recall_at_10: m.recall,
            coverage: m.coverage,
            users: m.users as i64,
        }
    }
}

/// A training run and, once READY, the model version it produced.
pub struct RecommenderModel(recommender_models::Model);

#[Object]
impl RecommenderModel {
    async fn id(&self) -> ID {
        ids::encode(NodeKind::RecommenderModel, self.0.id)
    }

    async fn status(&self) -> RecommenderModelStatus {
        self.0.status.into()
    }

    /// The kind asked for (`AUTO`, `EASE`, `ALS`, `HYBRID`).
    async fn requested_kind(&self) -> &str {
        &self.0.requested_kind
    }

    /// The kind trained (what AUTO chose), once known.
    async fn kind(&self) -> Option<&str> {
        self.0.kind.as_deref()
    }

    /// Whether this instance serves it to most users now.
    async fn active(&self, ctx: &Context<'_>) -> bool {
        let serving = ctx.state().recommender.active.current();
        serving.control.as_ref().is_some_and(|m| m.id == self.0.id)
    }

    /// Whether it is being compared against the active model now.
    async fn challenger(&self, ctx: &Context<'_>) -> bool {
        let serving = ctx.state().recommender.active.current();
        serving
            .challenger
            .as_ref()
            .is_some_and(|m| m.id == self.0.id)
    }

    /// Offline metrics on the platform's own held-out data.
    async fn metrics(&self) -> Option<OfflineMetrics> {
        let metrics = self.0.metrics.as_deref()?;
        serde_json::from_str::<RankingMetrics>(metrics)
            .ok()
            .map(Into::into)
    }

    /// Training parameters and, for AUTO, what it chose and every
    /// candidate's validation NDCG@10, as JSON (`{config, selection}`).
    async fn parameters(&self) -> Option<&str> {
        self.0.params.as_deref()
    }

    /// Members, items (courses and threads) and interactions trained on.
    async fn users(&self) -> i64 {
        self.0.users
    }

    async fn items(&self) -> i64 {
        self.0.items
    }

    async fn interactions(&self) -> i64 {
        self.0.interactions
    }

    /// Interest groups found (null when there were too few members).
    async fn interest_group_count(&self) -> Option<i32> {
        self.0.group_count
    }

    /// Silhouette of the interest groups (−1..1, higher is better separated).
    async fn silhouette(&self) -> Option<f64> {
        self.0.silhouette
    }

    /// Version of the signal definitions it was trained on; only models of
    /// the server's version can be activated.
    async fn signals_version(&self) -> i32 {
        self.0.signals_version
    }

    /// Size of the stored artefact in bytes.
    async fn artifact_bytes(&self) -> Option<i64> {
        self.0.artifact_bytes
    }

    async fn trigger(&self) -> TrainingTrigger {
        self.0.trigger.into()
    }

    /// Who started it (null for the schedule and the CLI).
    async fn started_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.started_by {
            Some(id) => load_user(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// What the run is doing (`reading signals`, `fitting`, …, `done`).
    async fn stage(&self) -> &str {
        &self.0.stage
    }

    /// 0..1.
    async fn progress(&self) -> f64 {
        self.0.progress
    }

    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }

    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }

    /// Seconds spent evaluating, fitting and grouping.
    async fn fit_seconds(&self) -> Option<f64> {
        self.0.fit_seconds
    }

    /// Why it failed.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
}

/// What is served: the active model and, during a comparison, the
/// challenger with the share of members it gets.
pub struct RecommenderServing(recommender_activations::Model);

#[Object]
impl RecommenderServing {
    async fn model(&self, ctx: &Context<'_>) -> async_graphql::Result<RecommenderModel> {
        load_model(ctx, self.0.model_id).await
    }

    async fn challenger(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<RecommenderModel>> {
        match self.0.challenger_id {
            Some(id) => load_model(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// Share of members (0..1) served the challenger.
    async fn challenger_share(&self) -> f64 {
        self.0.challenger_share
    }

    /// Members are split by a stable hash of this key and their id.
    async fn experiment_key(&self) -> Option<&str> {
        self.0.experiment_key.as_deref()
    }

    async fn activated_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.activated_by {
            Some(id) => load_user(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    async fn activated_at(&self) -> DateTime<Utc> {
        self.0.activated_at
    }
}

async fn load_model(ctx: &Context<'_>, id: i64) -> async_graphql::Result<RecommenderModel> {
    Ok(RecommenderModel(
        store::get(&ctx.state().db, id).await.gql()?,
    ))
}

#[derive(Default)]
pub struct ModelsQuery;

#[Object]
impl ModelsQuery {
    /// Every training run and model version, newest first (staff).
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn recommender_models(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<RecommenderModel>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = store::list(&ctx.state().db, page).await.gql()?;
        Ok(pagination::connection(rows, RecommenderModel))
    }

    /// One model version or training run (staff).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn recommender_model(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<RecommenderModel> {
        let id = ids::decode("id", NodeKind::RecommenderModel, &id).gql()?;
        load_model(ctx, id).await
    }

    /// The newest training run, in progress or finished (staff); null
    /// before the first one.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn recommender_training(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<RecommenderModel>> {
        Ok(store::latest_run(&ctx.state().db)
            .await
            .gql()?
            .map(RecommenderModel))
    }

    /// What is served now (staff); null until a model was activated (the
    /// tag- and popularity-based fallback serves meanwhile).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn active_recommender(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<RecommenderServing>> {
        Ok(store::current_activation(&ctx.state().db)
            .await
            .gql()?
            .map(RecommenderServing))
    }
}

#[derive(Default)]
pub struct ModelsMutation;

#[Object]
impl ModelsMutation {
    /// Trains a new model version in the background from the platform's
    /// signals and activates it when it is ready (administrators). Follow
    /// it with `recommenderTraining` or the subscription of the same name.
    /// CONFLICT while a run is in progress on any instance.
    #[graphql(guard = "RoleGuard::ADMIN")]
    async fn retrain_recommender(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "AUTO when omitted.")] kind: Option<RecommenderKind>,
    ) -> async_graphql::Result<RecommenderModel> {
        let viewer = ctx.viewer()?;
        let (row, _task) = training::start(
            TrainingEnv::of(ctx.state()),
            TrainRequest {
                kind: kind.unwrap_or(RecommenderKind::Auto).into(),
                trigger: entity::recommender_models::Trigger::Manual,
                started_by: Some(viewer.id()),
            },
        )
        .await
        .gql()?;
        Ok(RecommenderModel(row))
    }

    /// Stops a run in progress on any instance; nothing it made is kept
    /// (administrators).
    #[graphql(guard = "RoleGuard::ADMIN")]
    async fn cancel_recommender_training(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<RecommenderModel> {
        let id = ids::decode("id", NodeKind::RecommenderModel, &id).gql()?;
        let env = TrainingEnv::of(ctx.state());
        Ok(RecommenderModel(training::cancel(&env, id).await.gql()?))
    }

    /// Serves this model version to everyone (a rollback when it is an
    /// older one) and ends any comparison; every instance swaps to it
    /// (administrators). BAD_USER_INPUT when it is not READY, was trained
    /// on another signals version, or its stored artefact cannot be read.
    #[graphql(guard = "RoleGuard::ADMIN")]
    async fn activate_recommender_model(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<RecommenderServing> {
        let id = ids::decode("id", NodeKind::RecommenderModel, &id).gql()?;
        let state = ctx.state();
        let row = store::activate(
            &state.db,
            &state.live,
            Some(ctx.viewer()?.id()),
            store::Activation {
                model_id: id,
                challenger: None,
            },
            ctx.now(),
        )
        .await
        .gql()?;
        Ok(RecommenderServing(row))
    }

    /// Compares two versions online: `challengerShare` of members (chosen
    /// by a stable hash of `experimentKey` and their id) get the challenger,
    /// the rest the model active now. The comparison runs as the experiment
    /// `experimentKey` (created, or reused, and started here; variants
    /// CONTROL and CHALLENGER weighted 1 − share and share; metric
    /// RECOMMENDATION_CLICK): `experimentResults` tests it, and an
    /// activation that ends the comparison stops it. `recommendationStats`
    /// reports each arm's impressions, clicks and click-through rate
    /// (administrators). BAD_USER_INPUT when an existing experiment of that
    /// key has other variants; CONFLICT when it was stopped.
    #[graphql(guard = "RoleGuard::ADMIN")]
    async fn compare_recommender_models(
        &self,
        ctx: &Context<'_>,
        challenger_id: ID,
        #[graphql(desc = "Share of members served the challenger, between 0 and 1.")]
        challenger_share: f64,
        #[graphql(
            desc = "An experiment key (1 to 64 lowercase letters, digits, `-`, `_` or `.`); a new key reshuffles the members."
        )]
        experiment_key: String,
    ) -> async_graphql::Result<RecommenderServing> {
        let challenger =
            ids::decode("challengerId", NodeKind::RecommenderModel, &challenger_id).gql()?;
        let state = ctx.state();
        let Some(current) = store::current_activation(&state.db).await.gql()? else {
            return Err(crate::graphql::errors::gql_error(
                crate::error::ApiError::bad_input(
                    "challengerId",
                    "no model is active yet: activate one before comparing another against it",
                ),
            ));
        };
        let row = store::activate(
            &state.db,
            &state.live,
            Some(ctx.viewer()?.id()),
            store::Activation {
                model_id: current.model_id,
                challenger: Some((challenger, challenger_share, experiment_key)),
            },
            ctx.now(),
        )
        .await
        .gql()?;
        Ok(RecommenderServing(row))
    }
}

#[derive(Default)]
pub struct TrainingSubscription;

#[Subscription]
impl TrainingSubscription {
    /// A training run each time its stage, progress or status changes, on
    /// whichever instance trains it (staff). Without `id`, every run.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn recommender_training(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = RecommenderModel>> {
        let only = id
            .map(|id| ids::decode("id", NodeKind::RecommenderModel, &id))
            .transpose()
            .gql()?;
        let state = ctx.state().clone();
        if let Some(id) = only {
            store::get(&state.db, id).await.gql()?;
        }
        let receiver = state.live.subscribe();
        Ok(stream::unfold(
            (receiver, state),
            move |(mut receiver, state)| async move {
                loop {
                    let event = next_event(&mut receiver).await?;
                    let LiveEvent::RecommenderTraining { model_id } = *event else {
                        continue;
                    };
                    if only.is_some_and(|id| id != model_id) {
                        continue;
                    }
                    match store::get(&state.db, model_id).await {
                        Ok(row) => return Some((RecommenderModel(row), (receiver, state))),
                        Err(err) => {
                            tracing::warn!(error = %err, "loading a training run failed")
                        }
                    }
                }
            },
        ))
    }
}
