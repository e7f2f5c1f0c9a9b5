//! Live events for subscriptions, across server instances: with PostgreSQL
//! every instance LISTENs on one channel and publishing is a NOTIFY (no
//! extra infrastructure; an instance hears its own events the same way);
//! with SQLite (one process) events go straight to the local subscribers.

use std::sync::Arc;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};

use crate::cache_sync::Changed;

/// The PostgreSQL channel all instances share.
const CHANNEL: &str = "lyceum_live";
/// Events a slow subscriber may fall behind before it skips ahead.
const BUFFER: usize = 1_024;
/// Recipients per NOTIFY (a payload must stay under 8,000 bytes).
const USERS_PER_MESSAGE: usize = 300;

/// What happened on a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityKind {
    NewAnswer,
    NewComment,
    /// A vote changed the thread's or an answer's score.
    ScoreChanged,
    /// An answer was accepted or unaccepted.
    AcceptanceChanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum LiveEvent {
    Thread {
        thread_id: i64,
        kind: ActivityKind,
        answer_id: Option<i64>,
        comment_id: Option<i64>,
    },
    /// These users have new notifications.
    Notified { user_ids: Vec<i64> },
    /// Another recommender model (or comparison) is active: reload it.
    RecommenderActivated { activation_id: i64 },
    /// A recommender training run moved on (stage, progress or status).
    RecommenderTraining { model_id: i64 },
    /// Writes on the instance `origin` changed what shared caches hold
    /// (origin 0: this instance may have missed notices).
    CachesChanged { changed: Changed, origin: u64 },
}

pub struct LiveBus {
    local: broadcast::Sender<Arc<LiveEvent>>,
    /// Set on PostgreSQL: publish through NOTIFY.
    postgres: Option<DatabaseConnection>,
    /// The same pool, for background notices: the server's statement
    /// counter measures what requests cost, and these are not theirs.
    background: Option<DatabaseConnection>,
}

impl LiveBus {
    /// A bus for `db`; on PostgreSQL it listens until `shutdown` changes.
    pub async fn start(
        db: &DatabaseConnection,
        shutdown: watch::Receiver<bool>,
    ) -> anyhow::Result<Arc<LiveBus>> {
        let (local, _) = broadcast::channel(BUFFER);
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(Arc::new(LiveBus {
                local,
                postgres: None,
                background: None,
            }));
        }
        let mut listener =
            sea_orm::sqlx::postgres::PgListener::connect_with(db.get_postgres_connection_pool())
                .await?;
        listener.listen(CHANNEL).await?;
        tokio::spawn(forward(listener, local.clone(), shutdown));
        let mut background = db.clone();
        background.set_metric_callback(|_| {});
        Ok(Arc::new(LiveBus {
            local,
            postgres: Some(db.clone()),
            background: Some(background),
        }))
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.local.subscribe()
    }

    /// Publishes after the cause committed. A failure is logged, not
    /// returned: the write it follows has already succeeded.
    pub async fn publish(&self, event: LiveEvent) {
        self.publish_on(self.postgres.as_ref(), event).await;
    }

    /// Publishes from a background task, outside any request.
    pub async fn publish_in_background(&self, event: LiveEvent) {
        self.publish_on(self.background.as_ref(), event).await;
    }

    async fn publish_on(&self, postgres: Option<&DatabaseConnection>, event: LiveEvent) {
        let events = match event {
            LiveEvent::Notified { user_ids } if user_ids.is_empty() => return,
            LiveEvent::Notified { user_ids } => user_ids
                .chunks(USERS_PER_MESSAGE)
                .map(|chunk| LiveEvent::Notified {
                    user_ids: chunk.to_vec(),
                })
                .collect(),
            other => vec![other],
        };
        for event in events {
            match postgres {
                None => {
                    // No subscriber is not an error.
                    let _ = self.local.send(Arc::new(event));
                }
                Some(db) => {
                    let payload = serde_json::to_string(&event).expect("events serialise");
                    let notify = Statement::from_sql_and_values(
                        DbBackend::Postgres,
                        "SELECT pg_notify($1, $2)",
                        [CHANNEL.into(), payload.into()],
                    );
                    if let Err(err) = db.execute_raw(notify).await {
                        tracing::warn!(error = %err, "publishing a live event failed");
                    }
                }
            }
        }
    }
}

/// Moves NOTIFY payloads to the local subscribers. After a lost connection
/// the next wait reconnects; notices sent meanwhile are missed, so the
/// caches are told to forget everything.
async fn forward(
    mut listener: sea_orm::sqlx::postgres::PgListener,
    local: broadcast::Sender<Arc<LiveEvent>>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            received = listener.try_recv() => match received {
                Ok(Some(notification)) => match serde_json::from_str::<LiveEvent>(notification.payload()) {
                    Ok(event) => {
                        let _ = local.send(Arc::new(event));
                    }
                    Err(err) => tracing::warn!(error = %err, "unreadable live event"),
                },
                Ok(None) => {
                    tracing::warn!("live event listener lost its connection; reconnecting");
                    missed_some(&local);
                }
                Err(err) => {
                    tracing::warn!(error = %err, "live event listener failed; retrying");
                    missed_some(&local);
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            },
            _ = shutdown.changed() => break,
        }
    }
}

/// Notices may have been missed: whatever the caches hold may be old.
fn missed_some(local: &broadcast::Sender<Arc<LiveEvent>>) {
    let _ = local.send(Arc::new(LiveEvent::CachesChanged {
        changed: Changed::everything(),
        origin: 0,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_as_json_and_fit_a_notify() {
        let event = LiveEvent::Notified {
            user_ids: (i64::MAX - USERS_PER_MESSAGE as i64..i64::MAX).collect(),
        };
        let json = serde_json::to_string(&event).unwrap();
        assert!(json.len() < 8_000, "{}", json.len());
        assert_eq!(serde_json::from_str::<LiveEvent>(&json).unwrap(), event);
    }
}
