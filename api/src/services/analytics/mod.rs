//! Analytics: events recorded as people use the product (and reported by
//! clients), folded into daily rollups as they are written, the metrics
//! operators read, and A/B experiments.
//!
//! Recording never costs the request a database round trip: events go
//! through a bounded in-process queue ([`crate::batch::BatchQueue`]) to a
//! batch writer ([`store::write_batch`]); a full queue drops the event and
//! counts it (`lyceum_batch_queue_records{queue="events",outcome="dropped"}`
//! in /metrics); shutdown flushes the queue.

pub mod experiments;
pub mod kinds;
pub mod metrics;
pub mod record;
pub mod reward_rollups;
pub mod stats;
pub mod store;
pub mod tracking;

use std::sync::Arc;
use std::time::Duration;

use chrono_tz::Tz;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::batch::BatchQueue;
pub use kinds::EventKind;
pub use store::NewEvent;

/// Events waiting to be written at most (beyond: dropped and counted).
const CAPACITY: usize = 50_000;
/// Events per batch transaction: small, frequent batches, so each one's
/// work beside the requests is a short burst (as the impression writer's).
const MAX_BATCH: usize = 200;
const FLUSH_EVERY: Duration = Duration::from_millis(100);

/// Analytics' per-process state: the event queue and the reporting zone.
pub struct Analytics {
    pub events: Arc<BatchQueue<NewEvent>>,
    /// Days, weeks and months of every metric are calendar periods here.
    pub zone: Tz,
}

impl Analytics {
    pub fn start(db: DatabaseConnection, zone: Tz, shutdown: watch::Receiver<bool>) -> Arc<Self> {
        Self::with_capacity(db, zone, shutdown, CAPACITY)
    }

    /// As [`Analytics::start`], with another queue size (tests fill it).
    pub fn with_capacity(
        db: DatabaseConnection,
        zone: Tz,
        shutdown: watch::Receiver<bool>,
        capacity: usize,
    ) -> Arc<Self> {
        let events = BatchQueue::start(
            "events",
            capacity,
            MAX_BATCH,
            FLUSH_EVERY,
            shutdown,
            move |batch: Vec<NewEvent>| {
                let db = db.clone();
                async move { store::write_batch(&db, zone, &batch).await }
            },
        );
        Arc::new(Self { events, zone })
    }

    /// Queues an event; false when the queue was full (the drop is counted).
    pub fn record(&self, event: NewEvent) -> bool {
        self.events.push(event)
    }
}
