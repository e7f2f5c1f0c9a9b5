//! Recording the server's own events. Each cause records its event after
//! its transaction committed, never inside it, so an action that rolls back
//! leaves no event; recording only queues the event (see the module above),
//! so it costs the request no database round trip.
//!
//! Level-ups are found inside the points ledger's transaction, several
//! services below any resolver. The ledger [`defer`]s them; the GraphQL gate
//! runs every mutation under [`deferring`] and records what was deferred
//! once the operation answered without an error. A failed operation's
//! level-ups go with its transaction; outside an operation (the CLI, the
//! seed, background jobs) deferring records nothing.

use std::cell::RefCell;
use std::future::Future;

use chrono::{DateTime, Utc};

use super::{Analytics, EventKind, NewEvent};

/// The node kinds events are about (`events.subject_kind`), named as the
/// API's node types in upper snake case.
pub mod subjects {
    pub const USER: &str = "USER";
    pub const COURSE: &str = "COURSE";
    pub const LESSON: &str = "LESSON";
    pub const ENROLLMENT: &str = "ENROLLMENT";
    pub const REVIEW: &str = "REVIEW";
    pub const THREAD: &str = "THREAD";
    pub const ANSWER: &str = "ANSWER";
    pub const COMMENT: &str = "COMMENT";
    pub const NOTIFICATION: &str = "NOTIFICATION";
    pub const PAYOUT: &str = "PAYOUT";
    pub const MODERATION_ITEM: &str = "MODERATION_ITEM";
    pub const REPORT: &str = "REPORT";
    pub const MODERATION_LOG_ENTRY: &str = "MODERATION_LOG_ENTRY";
    pub const WATCHED_WORD: &str = "WATCHED_WORD";
    pub const RECOMMENDER_MODEL: &str = "RECOMMENDER_MODEL";
    pub const EXPERIMENT: &str = "EXPERIMENT";

    const ALL: [&str; 16] = [
        USER,
        COURSE,
        LESSON,
        ENROLLMENT,
        REVIEW,
        THREAD,
        ANSWER,
        COMMENT,
        NOTIFICATION,
        PAYOUT,
        MODERATION_ITEM,
        REPORT,
        MODERATION_LOG_ENTRY,
        WATCHED_WORD,
        RECOMMENDER_MODEL,
        EXPERIMENT,
    ];

    /// The node kind of this name, if it is one.
    pub fn named(name: &str) -> Option<&'static str> {
        ALL.into_iter().find(|kind| *kind == name)
    }
}

impl Analytics {
    /// Records that `user_id` did `kind` to a subject (a node kind from
    /// [`subjects`] and its row id) at `at`. Call it once the cause has
    /// committed. A full queue drops the event and counts the drop.
    pub fn did(
        &self,
        kind: EventKind,
        user_id: Option<i64>,
        subject: Option<(&'static str, i64)>,
        at: DateTime<Utc>,
    ) {
        let mut event = NewEvent::server(kind, user_id, at);
        event.subject = subject;
        self.record(event);
    }

    /// Records events, in order (each drop counted).
    pub fn record_all(&self, events: impl IntoIterator<Item = NewEvent>) {
        for event in events {
            self.record(event);
        }
    }
}

tokio::task_local! {
    static DEFERRED: RefCell<Vec<NewEvent>>;
}

/// Keeps an event found inside a transaction until the operation it belongs
/// to has answered (see [`deferring`]); outside one it is dropped.
pub fn defer(event: NewEvent) {
    let _ = DEFERRED.try_with(|deferred| deferred.borrow_mut().push(event));
}

/// Runs an operation and returns its output with the events it deferred.
pub async fn deferring<F: Future>(operation: F) -> (F::Output, Vec<NewEvent>) {
    DEFERRED
        .scope(RefCell::new(Vec::new()), async move {
            let output = operation.await;
            (output, DEFERRED.with(RefCell::take))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(user: i64) -> NewEvent {
        NewEvent::server(EventKind::LevelUp, Some(user), DateTime::UNIX_EPOCH)
    }

    #[tokio::test]
    async fn deferred_events_belong_to_their_operation() {
        // Outside an operation: dropped, no panic.
        defer(event(1));
        let ((), deferred) = deferring(async {
            defer(event(2));
            tokio::task::yield_now().await;
            defer(event(3));
        })
        .await;
        assert_eq!(deferred, vec![event(2), event(3)]);
        // Two operations at once keep their own events.
        let (a, b) = tokio::join!(
            deferring(async {
                tokio::task::yield_now().await;
                defer(event(4))
            }),
            deferring(async { defer(event(5)) }),
        );
        assert_eq!((a.1, b.1), (vec![event(4)], vec![event(5)]));
    }

    #[test]
    fn subjects_by_name() {
        assert_eq!(subjects::named("COURSE"), Some(subjects::COURSE));
        assert_eq!(subjects::named("Course"), None);
    }
}
