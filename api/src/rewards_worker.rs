//! The background badge evaluator: resolvers tell it whose badges an event
//! may have changed, and a worker task evaluates them in batches, after the
//! request has answered. Telling never blocks or fails a request: the queue
//! is bounded, and when it is full the ids are dropped and counted (the
//! `lyceum badges --recheck` command repairs what was missed). Several
//! instances may evaluate the same user at once: the unique index of
//! `user_badges` keeps that to one award. With `BADGES_AFTER_EVENTS=false`
//! nothing runs after events, and only the recheck awards. Each award the
//! worker makes is recorded as a BADGE analytics event once committed.

use std::{
    collections::HashSet,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use sea_orm::DatabaseConnection;
use tokio::{
    sync::{mpsc, watch},
    time::Instant,
};

use crate::{
    clock::SharedClock,
    live::{LiveBus, LiveEvent},
    services::{
        analytics::{Analytics, EventKind, NewEvent, record::subjects},
        rewards::badges::{self, criteria},
    },
};

/// Ids waiting at most: past it, new ones are dropped.
pub const QUEUE_CAPACITY: usize = 10_000;
/// A batch is evaluated at most this often; ids arriving meanwhile join it.
pub const BATCH_INTERVAL: Duration = Duration::from_millis(50);

/// Whose badges to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Touched {
    User(i64),
    /// The course's creator (resolved by the worker, not the request).
    Course(i64),
}

/// The evaluator's handle, owned by `AppState`.
pub struct BadgeWorker {
    /// None when evaluating after events is switched off.
    queue: Option<mpsc::Sender<Touched>>,
    dropped: AtomicU64,
    statements: Arc<AtomicU64>,
}

impl BadgeWorker {
    /// Starts the worker (unless not `enabled`: then telling it does
    /// nothing); it stops when `shutdown` turns true (or its sender goes
    /// away).
    pub fn start(
        enabled: bool,
        mut db: DatabaseConnection,
        clock: SharedClock,
        live: Arc<LiveBus>,
        analytics: Arc<Analytics>,
        shutdown: watch::Receiver<bool>,
    ) -> Arc<Self> {
        // The server's statement counter measures what requests cost (N+1
        // queries show there): background statements are counted apart.
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let queue = enabled.then(|| {
            let (queue, receiver) = mpsc::channel(QUEUE_CAPACITY);
            tokio::spawn(run(receiver, db, clock, live, analytics, shutdown));
            queue
        });
        Arc::new(BadgeWorker {
            queue,
            dropped: AtomicU64::new(0),
            statements,
        })
    }

    /// These users did something a badge counts.
    pub fn users(&self, user_ids: impl IntoIterator<Item = i64>) {
        for id in user_ids {
            self.send(Touched::User(id));
        }
    }

    /// A course's enrolments or ratings changed: look at its creator.
    pub fn course(&self, course_id: i64) {
        self.send(Touched::Course(course_id));
    }

    /// Ids dropped because the queue was full (or the worker had stopped).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// SQL statements the evaluator has sent.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    fn send(&self, touched: Touched) {
        let Some(queue) = &self.queue else {
            return;
        };
        if queue.try_send(touched).is_err() {
            let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            // The first drop, then every thousandth: a full queue under load
            // must not flood the log too.
            if dropped == 1 || dropped.is_multiple_of(1_000) {
                tracing::warn!(
                    dropped,
                    "badge queue full or stopped: evaluation skipped \
                     (run `lyceum badges --recheck` to catch up)"
                );
            }
        }
    }
}

/// Resolves when the server shuts down.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    // An error means the sender is gone: stop as well.
    let _ = shutdown.wait_for(|stop| *stop).await;
}

/// Collects ids into a batch (deduplicated) and evaluates it once
/// `BATCH_INTERVAL` has passed since the previous evaluation began.
async fn run(
    mut receiver: mpsc::Receiver<Touched>,
    db: DatabaseConnection,
    clock: SharedClock,
    live: Arc<LiveBus>,
    analytics: Arc<Analytics>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut last_run: Option<Instant> = None;
    loop {
        let mut batch = HashSet::new();
        tokio::select! {
            biased;
            _ = stopped(&mut shutdown) => return,
            first = receiver.recv() => match first {
                Some(touched) => batch.insert(touched),
                None => return,
            },
        };
        let due = last_run.map_or_else(Instant::now, |last| last + BATCH_INTERVAL);
        let deadline = tokio::time::sleep_until(due);
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                biased;
                _ = stopped(&mut shutdown) => return,
                _ = &mut deadline => break,
                next = receiver.recv() => match next {
                    Some(touched) => { batch.insert(touched); }
                    None => break,
                },
            }
        }
        while let Ok(touched) = receiver.try_recv() {
            batch.insert(touched);
        }
        last_run = Some(Instant::now());
        evaluate(&db, &clock, &live, &analytics, batch).await;
    }
}

/// Evaluates one batch. Failures are logged: the request that caused it has
/// long answered, and a recheck repairs.
async fn evaluate(
    db: &DatabaseConnection,
    clock: &SharedClock,
    live: &LiveBus,
    analytics: &Analytics,
    batch: HashSet<Touched>,
) {
    let mut users = Vec::with_capacity(batch.len());
    let mut courses = Vec::new();
    for touched in batch {
        match touched {
            Touched::User(id) => users.push(id),
            Touched::Course(id) => courses.push(id),
        }
    }
    match badges::creators_of(db, &courses).await {
        Ok(creators) => users.extend(creators),
        Err(err) => tracing::warn!(error = %err, "finding course creators for badges failed"),
    }
    match badges::evaluate(db, &users, clock.now()).await {
        Ok(awarded) => {
            analytics.record_all(awarded.iter().map(badge_event));
            let mut notified: Vec<i64> = awarded.iter().map(|row| row.user_id).collect();
            notified.sort_unstable();
            notified.dedup();
            live.publish(LiveEvent::Notified { user_ids: notified })
                .await;
        }
        Err(err) => tracing::warn!(
            error = %err,
            users = users.len(),
            "evaluating badges failed (`lyceum badges --recheck` repairs)"
        ),
    }
}

/// A badge award as an analytics event: about the answer or course it was
/// awarded for, if any.
fn badge_event(award: &entity::user_badges::Model) -> NewEvent {
    let event = NewEvent::server(EventKind::Badge, Some(award.user_id), award.awarded_at)
        .with_props(serde_json::json!({ "badge": award.badge }));
    match criteria::subject_of(&award.badge) {
        Some(criteria::Subject::Answer) => event.about(subjects::ANSWER, award.subject_id),
        Some(criteria::Subject::Course) => event.about(subjects::COURSE, award.subject_id),
        None => event,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_drops_and_counts_instead_of_waiting() {
        let (queue, mut receiver) = mpsc::channel(2);
        let worker = BadgeWorker {
            queue: Some(queue),
            dropped: AtomicU64::new(0),
            statements: Arc::default(),
        };
        worker.users([1, 2, 3]);
        worker.course(4);
        assert_eq!(worker.dropped(), 2);
        assert_eq!(receiver.recv().await, Some(Touched::User(1)));
        assert_eq!(receiver.recv().await, Some(Touched::User(2)));
    }

    #[tokio::test]
    async fn the_worker_stops_with_the_shutdown_signal() {
        let db = sea_orm::Database::connect("sqlite::memory:").await.unwrap();
        let (signal, shutdown) = watch::channel(false);
        let live = LiveBus::start(&db, shutdown.clone()).await.unwrap();
        let clock: SharedClock = Arc::new(crate::clock::SystemClock);
        // The handle (and so the sender) stays alive: only the signal stops it.
        let (_queue, receiver) = mpsc::channel(1);
        let analytics = Analytics::start(db.clone(), chrono_tz::Tz::UTC, shutdown.clone());
        let task = tokio::spawn(run(receiver, db, clock, live, analytics, shutdown));
        signal.send(true).unwrap();
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("the worker stopped")
            .unwrap();
    }
}
