//! Versioned models in the database: each training run is a
//! `recommender_models` row (RUNNING → READY, FAILED or CANCELLED), a READY
//! one has its artefact in `recommender_artifacts`, and activating (or
//! rolling back, or starting a comparison) appends a
//! `recommender_activations` row that every instance follows.

use chrono::{DateTime, Utc};
use entity::recommender_models::{self, Status, Trigger};
use entity::{recommender_activations, recommender_artifacts};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionSession, sea_query::Expr,
};

use super::SIGNALS_VERSION;
use super::active::ServedModel;
use crate::error::{ApiError, ApiResult};
use crate::live::{LiveBus, LiveEvent};
use crate::recommend::{ModelArtifact, ModelKind};
use crate::services::Db;
use crate::services::analytics::experiments::{self, comparison};
use crate::services::pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate};

/// A model kind as stored and shown (`AUTO`, `EASE`, ...).
pub fn kind_name(kind: ModelKind) -> String {
    format!("{kind:?}").to_uppercase()
}

pub async fn create_run(
    db: &impl Db,
    requested: ModelKind,
    trigger: Trigger,
    started_by: Option<i64>,
    seed: u64,
    now: DateTime<Utc>,
) -> ApiResult<recommender_models::Model> {
    Ok(recommender_models::ActiveModel {
        status: Set(Status::Running),
        requested_kind: Set(kind_name(requested)),
        kind: Set(None),
        signals_version: Set(SIGNALS_VERSION),
        artifact_bytes: Set(None),
        params: Set(None),
        metrics: Set(None),
        users: Set(0),
        items: Set(0),
        interactions: Set(0),
        group_count: Set(None),
        silhouette: Set(None),
        seed: Set(seed as i64),
        trigger: Set(trigger),
        started_by: Set(started_by),
        stage: Set("queued".into()),
        progress: Set(0.0),
        started_at: Set(now),
        heartbeat_at: Set(now),
        finished_at: Set(None),
        fit_seconds: Set(None),
        error: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Records where a run is (also its heartbeat). False when the run is no
/// longer RUNNING (cancelled from any instance): the trainer stops.
pub async fn set_progress(
    db: &impl Db,
    id: i64,
    stage: &str,
    progress: f64,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let updated = recommender_models::Entity::update_many()
        .col_expr(recommender_models::Column::Stage, Expr::value(stage))
        .col_expr(recommender_models::Column::Progress, Expr::value(progress))
        .col_expr(recommender_models::Column::HeartbeatAt, Expr::value(now))
        .filter(recommender_models::Column::Id.eq(id))
        .filter(recommender_models::Column::Status.eq(Status::Running))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Stores the trained artefact, marks the run READY and activates it (as
/// `activated_by`), in one transaction: a run never ends READY but unserved.
/// None (nothing stored) when the run was cancelled meanwhile. The caller
/// publishes the activation after the commit.
pub async fn finish_ready(
    db: &impl Db,
    id: i64,
    artifact: &ModelArtifact,
    bytes: Vec<u8>,
    activated_by: Option<i64>,
    now: DateTime<Utc>,
) -> ApiResult<Option<(recommender_models::Model, recommender_activations::Model)>> {
    use recommender_models::Column;
    let txn = db.begin().await?;
    let size = bytes.len() as i64;
    let groups = artifact.groups.as_ref();
    let updated = recommender_models::Entity::update_many()
        .col_expr(Column::Status, Expr::value(Status::Ready))
        .col_expr(Column::Kind, Expr::value(kind_name(artifact.model.kind())))
        .col_expr(Column::ArtifactBytes, Expr::value(size))
        .col_expr(
            Column::Params,
            Expr::value(json(&serde_json::json!({
                "config": artifact.config,
                "selection": artifact.model.selection(),
            }))),
        )
        .col_expr(
            Column::Metrics,
            Expr::value(artifact.metrics.as_ref().map(json)),
        )
        .col_expr(Column::Users, Expr::value(artifact.data.users as i64))
        .col_expr(Column::Items, Expr::value(artifact.data.items as i64))
        .col_expr(
            Column::Interactions,
            Expr::value(artifact.data.interactions as i64),
        )
        .col_expr(Column::GroupCount, Expr::value(groups.map(|g| g.k as i32)))
        .col_expr(
            Column::Silhouette,
            Expr::value(groups.map(|g| g.silhouette)),
        )
        .col_expr(Column::Stage, Expr::value("done"))
        .col_expr(Column::Progress, Expr::value(1.0))
        .col_expr(Column::HeartbeatAt, Expr::value(now))
        .col_expr(Column::FinishedAt, Expr::value(now))
        .col_expr(Column::FitSeconds, Expr::value(artifact.fit_seconds))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(Status::Running))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(None);
    }
    recommender_artifacts::ActiveModel {
        model_id: Set(id),
        format_version: Set(artifact.format_version as i32),
        bytes: Set(bytes),
    }
    .insert(&txn)
    .await?;
    let activation = insert_activation(&txn, id, (None, 0.0, None), activated_by, now).await?;
    txn.commit().await?;
    Ok(Some((get(db, id).await?, activation)))
}

/// Cancels a run from any instance: its trainer notices at its next
/// heartbeat and stores nothing.
pub async fn cancel(
    db: &impl Db,
    id: i64,
    now: DateTime<Utc>,
) -> ApiResult<recommender_models::Model> {
    let updated = recommender_models::Entity::update_many()
        .col_expr(
            recommender_models::Column::Status,
            Expr::value(Status::Cancelled),
        )
        .col_expr(recommender_models::Column::Error, Expr::value("cancelled"))
        .col_expr(recommender_models::Column::FinishedAt, Expr::value(now))
        .filter(recommender_models::Column::Id.eq(id))
        .filter(recommender_models::Column::Status.eq(Status::Running))
        .exec(db)
        .await?;
    let model = get(db, id).await?;
    if updated.rows_affected == 0 {
        return Err(ApiError::bad_input(
            "id",
            format!("model {id} is not training (it is {:?})", model.status),
        ));
    }
    Ok(model)
}

/// Marks a run FAILED or CANCELLED (nothing it made is served).
pub async fn finish_unsuccessful(
    db: &impl Db,
    id: i64,
    status: Status,
    error: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    recommender_models::Entity::update_many()
        .col_expr(recommender_models::Column::Status, Expr::value(status))
        .col_expr(recommender_models::Column::Error, Expr::value(error))
        .col_expr(recommender_models::Column::FinishedAt, Expr::value(now))
        .col_expr(recommender_models::Column::HeartbeatAt, Expr::value(now))
        .filter(recommender_models::Column::Id.eq(id))
        .filter(recommender_models::Column::Status.eq(Status::Running))
        .exec(db)
        .await?;
    Ok(())
}

/// Runs left RUNNING by an instance that stopped mid-training. Called by
/// the holder of the training lock, so no run is in fact in progress.
pub async fn fail_interrupted(db: &impl Db, now: DateTime<Utc>) -> ApiResult<u64> {
    Ok(recommender_models::Entity::update_many()
        .col_expr(
            recommender_models::Column::Status,
            Expr::value(Status::Failed),
        )
        .col_expr(
            recommender_models::Column::Error,
            Expr::value("interrupted: the instance training it stopped"),
        )
        .col_expr(recommender_models::Column::FinishedAt, Expr::value(now))
        .filter(recommender_models::Column::Status.eq(Status::Running))
        .exec(db)
        .await?
        .rows_affected)
}

/// Whether any run is RUNNING (on any instance).
pub async fn any_running(db: &impl Db) -> ApiResult<bool> {
    Ok(recommender_models::Entity::find()
        .filter(recommender_models::Column::Status.eq(Status::Running))
        .count(db)
        .await?
        > 0)
}

pub async fn get(db: &impl Db, id: i64) -> ApiResult<recommender_models::Model> {
    recommender_models::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("recommender model"))
}

/// The newest run (in progress or finished), if any.
pub async fn latest_run(db: &impl Db) -> ApiResult<Option<recommender_models::Model>> {
    Ok(recommender_models::Entity::find()
        .order_by_desc(recommender_models::Column::Id)
        .one(db)
        .await?)
}

/// Every run, newest first.
pub async fn list(db: &impl Db, page: PageRequest) -> ApiResult<Page<recommender_models::Model>> {
    use recommender_models::{Column, Entity};
    let order = KeysetOrder::new(
        "recommender_models.newest",
        vec![SortKey::desc(
            Expr::col((Entity, Column::Id)),
            |row: &recommender_models::Model| KeyValue::Int(row.id),
        )],
    );
    paginate(db, Entity::find(), &order, &page).await
}

/// The activation in force, if any model was ever activated.
pub async fn current_activation(db: &impl Db) -> ApiResult<Option<recommender_activations::Model>> {
    Ok(recommender_activations::Entity::find()
        .order_by_desc(recommender_activations::Column::Id)
        .one(db)
        .await?)
}

/// A model may be served: it exists, is READY, was trained on this
/// server's signal version, and its artefact loads.
async fn ensure_servable(db: &impl Db, field: &str, id: i64) -> ApiResult<()> {
    let model = get(db, id).await?;
    if model.status != Status::Ready {
        return Err(ApiError::bad_input(
            field,
            format!(
                "model {id} is {:?}, not READY: only a trained model can be served",
                model.status
            ),
        ));
    }
    let bytes = recommender_artifacts::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::bad_input(field, format!("model {id} has no stored artefact")))?
        .bytes;
    let version = model.signals_version;
    tokio::task::spawn_blocking(move || ServedModel::decode(id, version, &bytes))
        .await
        .map_err(ApiError::internal)?
        .map_err(|err| {
            tracing::error!(model = id, error = %format!("{err:#}"), "refused to activate a model");
            ApiError::bad_input(field, format!("{err:#}"))
        })?;
    Ok(())
}

/// What `activate` serves.
pub struct Activation {
    pub model_id: i64,
    /// A comparison: the challenger, the share of users it gets, the key
    /// users are hashed with.
    pub challenger: Option<(i64, f64, String)>,
}

/// Appends an activation and tells every instance. `by` is None when a
/// training run activates its own model.
pub async fn activate(
    db: &impl Db,
    live: &LiveBus,
    by: Option<i64>,
    activation: Activation,
    now: DateTime<Utc>,
) -> ApiResult<recommender_activations::Model> {
    ensure_servable(db, "modelId", activation.model_id).await?;
    let (challenger_id, share, key) = match activation.challenger {
        Some((id, share, key)) => {
            if id == activation.model_id {
                return Err(ApiError::bad_input(
                    "challengerId",
                    "a model cannot be compared with itself",
                ));
            }
            if !(share > 0.0 && share < 1.0) {
                return Err(ApiError::bad_input(
                    "challengerShare",
                    "challengerShare must be between 0 and 1 (exclusive)",
                ));
            }
            let key = experiments::check_key("experimentKey", &key)?;
            ensure_servable(db, "challengerId", id).await?;
            (Some(id), share, Some(key))
        }
        None => (None, 0.0, None),
    };
    // The comparison runs as an experiment, started with the activation.
    let txn = db.begin().await?;
    if let Some(key) = &key {
        comparison::ensure_running(&txn, key, share, by, now).await?;
    }
    let row = insert_activation(
        &txn,
        activation.model_id,
        (challenger_id, share, key),
        by,
        now,
    )
    .await?;
    txn.commit().await?;
    live.publish(LiveEvent::RecommenderActivated {
        activation_id: row.id,
    })
    .await;
    Ok(row)
}

/// Appends the activation every instance follows. One that ends the
/// comparison in force (any but its continuation) stops its experiment.
async fn insert_activation(
    db: &impl Db,
    model_id: i64,
    (challenger_id, challenger_share, experiment_key): (Option<i64>, f64, Option<String>),
    activated_by: Option<i64>,
    now: DateTime<Utc>,
) -> ApiResult<recommender_activations::Model> {
    if let Some(previous) = current_activation(db).await?.and_then(|a| a.experiment_key)
        && experiment_key.as_deref() != Some(previous.as_str())
    {
        comparison::end(db, &previous, now).await?;
    }
    Ok(recommender_activations::ActiveModel {
        model_id: Set(model_id),
        challenger_id: Set(challenger_id),
        challenger_share: Set(challenger_share),
        experiment_key: Set(experiment_key),
        activated_by: Set(activated_by),
        activated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// JSON of the engine's serde types, for the text columns.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("engine types serialise")
}
