use sea_orm::entity::prelude::*;

/// Where a training run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Status {
    /// Training now (on the instance holding the training lock).
    #[sea_orm(string_value = "RUNNING")]
    Running,
    /// Trained; the artefact is stored and may be activated.
    #[sea_orm(string_value = "READY")]
    Ready,
    /// Training failed (`error` says why); nothing was served from it.
    #[sea_orm(string_value = "FAILED")]
    Failed,
    /// Stopped by staff before it finished.
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

/// What started a training run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Trigger {
    /// `retrainRecommender` (`started_by` says who).
    #[sea_orm(string_value = "MANUAL")]
    Manual,
    /// The periodic schedule.
    #[sea_orm(string_value = "SCHEDULE")]
    Schedule,
    /// `lyceum train`.
    #[sea_orm(string_value = "CLI")]
    Cli,
}

/// One training run and, once READY, the versioned model it produced.
/// Its artefact is in `recommender_artifacts`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "recommender_models")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub status: Status,
    /// The kind asked for (`AUTO`, `EASE`, ...).
    pub requested_kind: String,
    /// The kind trained (Auto resolved), once known.
    pub kind: Option<String>,
    /// Version of the signal definitions the training set was built with;
    /// a model from another version cannot be activated.
    pub signals_version: i32,
    /// Size of the stored artefact (`recommender_artifacts`).
    pub artifact_bytes: Option<i64>,
    /// Training parameters (JSON).
    pub params: Option<String>,
    /// Offline metrics on the held-out split (JSON).
    pub metrics: Option<String>,
    pub users: i64,
    pub items: i64,
    pub interactions: i64,
    pub group_count: Option<i32>,
    pub silhouette: Option<f64>,
    pub seed: i64,
    pub trigger: Trigger,
    pub started_by: Option<i64>,
    /// What the run is doing now (e.g. `signals`, `fitting`, `evaluating`).
    pub stage: String,
    /// 0..1.
    pub progress: f64,
    pub started_at: DateTimeUtc,
    /// Refreshed while running, so a run whose instance died is recognisable.
    pub heartbeat_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub fit_seconds: Option<f64>,
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
