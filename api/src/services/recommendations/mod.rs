//! Recommendations in the product: the platform's signals become a training
//! set ([`signals`]), training runs produce versioned models stored in the
//! database ([`store`], [`training`]), every instance serves the active one
//! ([`active`]) through the serving resolvers ([`serving`]), and impressions
//! and clicks measure how each model version does online ([`impressions`]).
//!
//! The engine itself (`crate::recommend`) knows nothing of the database.

pub mod active;
pub mod impressions;
pub mod items;
pub mod serving;
pub mod signals;
pub mod store;
pub mod training;
pub mod views;

use std::sync::Arc;
use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::live::{LiveBus, LiveEvent};
use crate::recommend::ModelKind;

/// Version of the signal definitions (which rows count, with what weight,
/// how items and users are named). Bump it when they change: models trained
/// on another version cannot be activated.
pub const SIGNALS_VERSION: i32 = 1;

/// How often every instance checks for an activation it may have missed.
const RELOAD_POLL: Duration = Duration::from_secs(30);

/// Configuration (read in `config.rs`).
#[derive(Debug, Clone)]
pub struct RecommenderSettings {
    /// Model trained by the schedule and by default.
    pub default_kind: ModelKind,
    /// Retrain this often (None: only when asked).
    pub retrain_every: Option<Duration>,
    /// Interest groups: k is chosen by silhouette in this range.
    pub group_k_min: usize,
    pub group_k_max: usize,
    /// Seed of the training split and models (reproducible runs).
    pub seed: u64,
}

impl Default for RecommenderSettings {
    fn default() -> Self {
        Self {
            default_kind: ModelKind::Auto,
            retrain_every: None,
            group_k_min: 2,
            group_k_max: 8,
            seed: 42,
        }
    }
}

/// Everything recommendation serving and training share on one instance.
pub struct Recommender {
    pub settings: RecommenderSettings,
    pub active: active::ActiveModels,
    pub training: Arc<training::TrainingControl>,
    pub views: Arc<crate::batch::BatchQueue<views::CourseView>>,
    pub impressions: Arc<crate::batch::BatchQueue<impressions::Record>>,
    /// Popularity lists the serving fallback reuses for a few seconds.
    pub serving: serving::popular::Caches,
}

impl Recommender {
    /// Loads the active model (a failure is logged: the fallback serves) and
    /// follows activations made on any instance. Stored impressions and
    /// clicks are recorded as analytics events.
    pub async fn start(
        db: &DatabaseConnection,
        settings: RecommenderSettings,
        live: &Arc<LiveBus>,
        analytics: &Arc<crate::services::analytics::Analytics>,
        shutdown: watch::Receiver<bool>,
    ) -> Arc<Self> {
        let recommender = Arc::new(Self {
            settings,
            active: Default::default(),
            training: Default::default(),
            views: views::start_queue(db.clone(), shutdown.clone()),
            impressions: impressions::start_queue(db.clone(), analytics.clone(), shutdown.clone()),
            serving: Default::default(),
        });
        if let Err(err) = recommender.active.reload(db).await {
            tracing::error!(error = %format!("{err:#}"), "loading the active recommender model failed; serving the fallback");
        }
        tokio::spawn(follow_activations(
            recommender.clone(),
            db.clone(),
            live.clone(),
            shutdown,
        ));
        recommender
    }
}

async fn follow_activations(
    recommender: Arc<Recommender>,
    db: DatabaseConnection,
    live: Arc<LiveBus>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut events = live.subscribe();
    let mut poll = tokio::time::interval(RELOAD_POLL);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(event) if matches!(*event, LiveEvent::RecommenderActivated { .. }) => {}
                Ok(_) => continue,
                // Lagged: an activation may be among the skipped events.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            },
            _ = poll.tick() => {}
            _ = shutdown.changed() => break,
        }
        if let Err(err) = recommender.active.reload(&db).await {
            tracing::error!(error = %format!("{err:#}"), "loading the newly activated recommender model failed; the previous one keeps serving");
        }
    }
}
