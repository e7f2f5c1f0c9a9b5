//! Training runs. One runs at a time across every instance: PostgreSQL's
//! session advisory lock, held on a dedicated connection for the whole run
//! (it is released even if the instance dies), plus an in-process guard
//! (the only lock SQLite needs: one process owns the file). A run reads the
//! signals, evaluates the model on a held-out split of the platform's own
//! data, fits the served model on all of it, fits interest groups, stores
//! the artefact versioned and activates it. CPU work runs on the blocking
//! pool, never on the async executor. A failed or cancelled run stores
//! nothing and the previous model keeps serving.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use entity::recommender_models::{self, Status, Trigger};
use sea_orm::{DatabaseConnection, DbBackend};
use tokio::sync::watch;

use super::{RecommenderSettings, signals, store};
use crate::clock::SharedClock;
use crate::error::{ApiError, ApiResult};
use crate::live::{LiveBus, LiveEvent};
use crate::recommend::clusters::{ClusterParams, InterestGroups};
use crate::recommend::metrics::{MetricsAccumulator, RankingMetrics};
use crate::recommend::split::stratified_split;
use crate::recommend::{
    ModelArtifact, ModelKind, TrainConfig, TrainingData, UserQuery, als, artifact, recommend,
    train_model,
};

/// Any fixed number shared by every instance.
const ADVISORY_LOCK_KEY: i64 = 0x4C59_4345_554D_5245; // "LYCEUMRE"
/// How often progress is written (and a cancellation noticed).
const HEARTBEAT: Duration = Duration::from_millis(500);
/// Held-out share for the offline metrics.
const EVALUATION_TEST_SHARE: f64 = 0.25;
/// Users scored for the offline metrics (a seeded sample beyond this).
const EVALUATION_MAX_USERS: usize = 5_000;
const TOP_K: usize = 10;

/// What to train, and who asked.
#[derive(Debug, Clone, Copy)]
pub struct TrainRequest {
    pub kind: ModelKind,
    pub trigger: Trigger,
    pub started_by: Option<i64>,
}

/// Where the run on this instance is; shared with its blocking work.
#[derive(Default)]
pub struct Progress {
    state: Mutex<(&'static str, f64)>,
    cancelled: AtomicBool,
}

impl Progress {
    fn set(&self, stage: &'static str, fraction: f64) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = (stage, fraction.clamp(0.0, 1.0));
    }

    pub fn get(&self) -> (&'static str, f64) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(!self.cancelled.load(Ordering::Relaxed), Cancelled);
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("cancelled")]
struct Cancelled;

/// The run in progress on this instance, if any.
#[derive(Default)]
pub struct TrainingControl {
    current: Mutex<Option<(i64, Arc<Progress>)>>,
    busy: AtomicBool,
}

impl TrainingControl {
    /// The local run: its model id and progress.
    pub fn current(&self) -> Option<(i64, Arc<Progress>)> {
        self.current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// What a run needs from the server (or the CLI).
#[derive(Clone)]
pub struct TrainingEnv {
    pub db: DatabaseConnection,
    pub live: Arc<LiveBus>,
    pub clock: SharedClock,
    pub settings: RecommenderSettings,
    pub control: Arc<TrainingControl>,
}

impl TrainingEnv {
    pub fn of(state: &crate::state::AppState) -> Self {
        Self {
            db: state.db.clone(),
            live: state.live.clone(),
            clock: state.clock.clone(),
            settings: state.recommender.settings.clone(),
            control: state.recommender.training.clone(),
        }
    }
}

/// Held for the whole run; dropping it frees the lock.
struct TrainingLock {
    control: Arc<TrainingControl>,
    postgres: Option<sea_orm::sqlx::pool::PoolConnection<sea_orm::sqlx::Postgres>>,
}

impl TrainingLock {
    async fn acquire(env: &TrainingEnv) -> ApiResult<TrainingLock> {
        let busy = || {
            ApiError::conflict(
                "recommenderTraining",
                "a training run is already in progress; wait for it or cancel it",
            )
        };
        // A run shows its final status a moment before it lets go of the
        // lock: a client that saw READY and retrains at once waits that
        // moment out instead of being refused.
        for _ in 0..40 {
            if let Some(lock) = Self::try_acquire(env).await? {
                return Ok(lock);
            }
            if store::any_running(&env.db).await? {
                return Err(busy());
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Err(busy())
    }

    /// The lock, or None while another run holds it.
    async fn try_acquire(env: &TrainingEnv) -> ApiResult<Option<TrainingLock>> {
        if env.control.busy.swap(true, Ordering::AcqRel) {
            return Ok(None);
        }
        let mut lock = TrainingLock {
            control: env.control.clone(),
            postgres: None,
        };
        if env.db.get_database_backend() == DbBackend::Postgres {
            let mut conn = env
                .db
                .get_postgres_connection_pool()
                .acquire()
                .await
                .map_err(|e| {
                    ApiError::from(sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(
                        e.into(),
                    )))
                })?;
            let (locked,): (bool,) = sea_orm::sqlx::query_as("SELECT pg_try_advisory_lock($1)")
                .bind(ADVISORY_LOCK_KEY)
                .fetch_one(&mut *conn)
                .await
                .map_err(|e| ApiError::internal(anyhow::Error::from(e)))?;
            if !locked {
                return Ok(None);
            }
            lock.postgres = Some(conn);
        }
        Ok(Some(lock))
    }

    async fn release(mut self) {
        if let Some(mut conn) = self.postgres.take() {
            let unlocked = sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(ADVISORY_LOCK_KEY)
                .execute(&mut *conn)
                .await;
            if let Err(err) = unlocked {
                // Closing the connection frees the lock instead.
                tracing::warn!(error = %err, "releasing the training lock failed; closing its connection");
                conn.close_on_drop();
            }
        }
    }
}

impl Drop for TrainingLock {
    fn drop(&mut self) {
        *self
            .control
            .current
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = None;
        self.control.busy.store(false, Ordering::Release);
    }
}

/// Starts a run in the background and returns its row (RUNNING) and the
/// task, which ends when the run does. CONFLICT when a run is in progress
/// on any instance.
pub async fn start(
    env: TrainingEnv,
    request: TrainRequest,
) -> ApiResult<(recommender_models::Model, tokio::task::JoinHandle<()>)> {
    let lock = TrainingLock::acquire(&env).await?;
    // Holding the lock: a RUNNING row is from an instance that died.
    let now = env.clock.now();
    let interrupted = store::fail_interrupted(&env.db, now).await?;
    if interrupted > 0 {
        tracing::warn!(
            runs = interrupted,
            "marked interrupted training runs failed"
        );
    }
    let row = store::create_run(
        &env.db,
        request.kind,
        request.trigger,
        request.started_by,
        env.settings.seed,
        now,
    )
    .await?;
    let progress = Arc::new(Progress::default());
    progress.set("queued", 0.0);
    *env.control
        .current
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = Some((row.id, progress.clone()));
    tracing::info!(model = row.id, kind = ?request.kind, trigger = ?request.trigger, "recommender training started");
    env.live
        .publish(LiveEvent::RecommenderTraining { model_id: row.id })
        .await;
    let id = row.id;
    let task = tokio::spawn(async move {
        run(&env, id, request, progress).await;
        lock.release().await;
    });
    Ok((row, task))
}

/// Cancels a run on any instance (its trainer stops at the next heartbeat).
pub async fn cancel(env: &TrainingEnv, model_id: i64) -> ApiResult<recommender_models::Model> {
    let model = store::cancel(&env.db, model_id, env.clock.now()).await?;
    if let Some((id, progress)) = env.control.current()
        && id == model_id
    {
        progress.cancelled.store(true, Ordering::Relaxed);
    }
    env.live
        .publish(LiveEvent::RecommenderTraining { model_id })
        .await;
    Ok(model)
}

async fn run(env: &TrainingEnv, id: i64, request: TrainRequest, progress: Arc<Progress>) {
    let (stop, stopped) = watch::channel(false);
    let heartbeat = tokio::spawn(heartbeat(env.clone(), id, progress.clone(), stopped));
    let outcome = train_and_store(env, id, request, &progress).await;
    let _ = stop.send(true);
    let _ = heartbeat.await;
    let now = env.clock.now();
    match outcome {
        Ok(model) => {
            tracing::info!(model = id, kind = ?model.kind, seconds = model.fit_seconds, "recommender model trained and activated");
        }
        Err(err) if err.is::<Cancelled>() => {
            tracing::info!(model = id, "recommender training cancelled");
            // Already CANCELLED when cancelled through the API; this covers the local flag.
            let _ =
                store::finish_unsuccessful(&env.db, id, Status::Cancelled, "cancelled", now).await;
        }
        Err(err) => {
            let message = format!("{err:#}");
            tracing::error!(model = id, error = %message, "recommender training failed; the previous model keeps serving");
            if let Err(err) =
                store::finish_unsuccessful(&env.db, id, Status::Failed, &message, now).await
            {
                tracing::error!(model = id, error = %err, "recording the failed run failed");
            }
        }
    }
    env.live
        .publish(LiveEvent::RecommenderTraining { model_id: id })
        .await;
}

/// Writes progress every beat; notices a cancellation made anywhere.
async fn heartbeat(
    env: TrainingEnv,
    id: i64,
    progress: Arc<Progress>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut last = ("", -1.0);
    let mut beat = tokio::time::interval(HEARTBEAT);
    loop {
        tokio::select! {
            _ = beat.tick() => {}
            _ = stopped.changed() => break,
        }
        let now_state = progress.get();
        match store::set_progress(&env.db, id, now_state.0, now_state.1, env.clock.now()).await {
            Ok(true) => {}
            Ok(false) => progress.cancelled.store(true, Ordering::Relaxed),
            Err(err) => {
                tracing::warn!(model = id, error = %err, "recording training progress failed")
            }
        }
        if now_state != last {
            last = now_state;
            env.live
                .publish(LiveEvent::RecommenderTraining { model_id: id })
                .await;
        }
    }
}

async fn train_and_store(
    env: &TrainingEnv,
    id: i64,
    request: TrainRequest,
    progress: &Arc<Progress>,
) -> anyhow::Result<recommender_models::Model> {
    progress.set("reading signals", 0.0);
    let signal_progress = progress.clone();
    let data = signals::collect(&env.db, &move |fraction| {
        signal_progress.set("reading signals", 0.2 * fraction)
    })
    .await
    .context("reading the signals")?;
    progress.check()?;
    let users = data.interactions.n_users();
    let items = data.interactions.n_items();
    anyhow::ensure!(
        data.interactions.nnz() > 0 && users >= 2 && items >= 2,
        "nothing to learn from yet: the platform has {} interactions between {users} members and {items} courses or threads (at least 2 of each are needed); recommendations keep coming from popularity and followed tags",
        data.interactions.nnz()
    );
    let config = TrainConfig {
        kind: request.kind,
        seed: env.settings.seed,
        ..Default::default()
    };
    let groups = ClusterParams {
        k_min: env.settings.group_k_min,
        k_max: env.settings.group_k_max,
        ..Default::default()
    };
    let blocking_progress = progress.clone();
    let trained = tokio::task::spawn_blocking(move || {
        fit_everything(&data, &config, &groups, &blocking_progress)
    })
    .await
    .context("the training task panicked")??;
    progress.check()?;
    progress.set("storing", 0.95);
    let (artifact, bytes) = trained;
    let now = env.clock.now();
    let Some((model, activation)) =
        store::finish_ready(&env.db, id, &artifact, bytes, request.started_by, now).await?
    else {
        return Err(Cancelled.into());
    };
    env.live
        .publish(LiveEvent::RecommenderActivated {
            activation_id: activation.id,
        })
        .await;
    Ok(model)
}

/// The CPU part: offline metrics, the served model, interest groups, bytes.
fn fit_everything(
    data: &TrainingData,
    config: &TrainConfig,
    groups: &ClusterParams,
    progress: &Progress,
) -> anyhow::Result<(ModelArtifact, Vec<u8>)> {
    let started = Instant::now();
    progress.set("evaluating on held-out data", 0.2);
    let metrics = evaluate(data, config)?;
    progress.check()?;

    progress.set("fitting", 0.5);
    let mut artifact = artifact::train(data, config)?;
    progress.check()?;

    progress.set("finding interest groups", 0.8);
    artifact.groups = interest_groups(data, groups, config.seed);
    artifact.metrics = Some(metrics);
    artifact.fit_seconds = started.elapsed().as_secs_f64();
    progress.check()?;
    progress.set("storing", 0.9);
    let bytes = artifact.to_bytes()?;
    Ok((artifact, bytes))
}

/// NDCG@10 and friends of this configuration, trained on 75 % of each
/// member's interactions and tested on the rest.
fn evaluate(data: &TrainingData, config: &TrainConfig) -> anyhow::Result<RankingMetrics> {
    let (train, test) =
        stratified_split(&data.interactions, 1.0 - EVALUATION_TEST_SHARE, config.seed);
    let catalogue = train.item_counts().iter().filter(|&&c| c > 0).count();
    let model = train_model(&data.with_interactions(train.clone()), config)?;
    let mut users: Vec<usize> = (0..test.n_users())
        .filter(|&u| !test.row(u).0.is_empty())
        .collect();
    if users.len() > EVALUATION_MAX_USERS {
        let stride = users.len().div_ceil(EVALUATION_MAX_USERS);
        users = users.into_iter().step_by(stride).collect();
    }
    let mut metrics = MetricsAccumulator::default();
    for u in users {
        let history = train.history(u);
        let query = UserQuery {
            user: Some(u),
            history: &history,
        };
        let ranked: Vec<u32> = recommend(&model, &query, TOP_K)
            .into_iter()
            .map(|r| r.item)
            .collect();
        let relevant: HashSet<u32> = test.row(u).0.iter().copied().collect();
        metrics.add(&ranked, &relevant, TOP_K);
    }
    Ok(metrics.finish(catalogue))
}

/// Groups over ALS user factors (whatever model is served: groups are about
/// members' tastes, and ALS gives every member a vector). None when there
/// are too few members to group.
fn interest_groups(
    data: &TrainingData,
    params: &ClusterParams,
    seed: u64,
) -> Option<InterestGroups> {
    let users = data.interactions.n_users();
    if users <= params.k_min.max(2) {
        return None;
    }
    let factors = als::AlsParams {
        factors: 32,
        ..Default::default()
    };
    let vectors = als::AlsModel::fit(&data.interactions, &factors, seed).user_factors;
    match InterestGroups::fit(
        &vectors,
        &data.interactions,
        data.item_text.as_deref(),
        params,
        seed,
    ) {
        Ok(groups) => Some(groups),
        Err(err) => {
            tracing::warn!(error = %format!("{err:#}"), "interest groups could not be computed for this training set");
            None
        }
    }
}

/// Retrains every `retrain_every`, counted from the newest run on any
/// instance, so instances do not each retrain; the lock does the rest.
pub fn start_schedule(env: TrainingEnv, mut shutdown: watch::Receiver<bool>) {
    let Some(every) = env.settings.retrain_every else {
        return;
    };
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60).min(every));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.changed() => break,
            }
            let due = match store::latest_run(&env.db).await {
                Ok(None) => true,
                Ok(Some(run)) => {
                    run.status != Status::Running
                        && env.clock.now() - run.started_at
                            >= chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX)
                }
                Err(err) => {
                    tracing::warn!(error = %err, "checking the retraining schedule failed");
                    false
                }
            };
            if !due {
                continue;
            }
            let request = TrainRequest {
                kind: env.settings.default_kind,
                trigger: Trigger::Schedule,
                started_by: None,
            };
            match start(env.clone(), request).await {
                Ok((_, task)) => {
                    let _ = task.await;
                }
                Err(ApiError::Conflict { .. }) => {}
                Err(err) => tracing::warn!(error = %err, "scheduled retraining could not start"),
            }
        }
    });
}
