//! Curation: what moderators (and, in their own course, its creator) do to
//! threads and posts — pin, feature, lock, hide, move, retag, close as a
//! duplicate, merge. Every action that changes something writes one log
//! row and tells the author, in the action's transaction; doing what is
//! already done changes nothing and writes nothing.

pub mod bulk;
pub mod content;
pub mod merge;
pub mod threads;

use chrono::{DateTime, Utc};
use entity::{moderation_log::TargetType, notifications, threads as thread_rows};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::Value;

use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        community::{answers::lock_thread, threads as thread_service},
        moderation::log::{self, Action, Entry},
    },
};

/// A live thread the viewer may read, locked for the transaction:
/// NOT_FOUND for unknown, unreadable and tombstoned threads.
pub(crate) async fn live_thread(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
) -> ApiResult<thread_rows::Model> {
    // Read before locking: a thread the viewer may not see is not touched.
    thread_service::find_readable(db, Some(viewer), thread_id).await?;
    lock_thread(db, thread_id).await?;
    let thread = thread_service::find_readable(db, Some(viewer), thread_id).await?;
    if thread.deleted_at.is_some() {
        return Err(ApiError::NotFound("thread"));
    }
    Ok(thread)
}

/// Where a notification about a post points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub thread_id: i64,
    pub answer_id: Option<i64>,
    pub comment_id: Option<i64>,
}

impl Place {
    pub fn thread(thread_id: i64) -> Self {
        Place {
            thread_id,
            answer_id: None,
            comment_id: None,
        }
    }
}

/// One action's record: the log row, and (with a `detail`) the author's
/// MODERATION notification — never to the actor about their own post.
pub(crate) struct Record<'a> {
    pub action: Action,
    pub target: (TargetType, i64),
    pub reason: Option<&'a str>,
    pub before: Value,
    pub after: Value,
    /// The notification's detail; None: the author is not told.
    pub notify: Option<&'static str>,
    pub author_id: i64,
    pub place: Place,
}

/// Writes the record; returns who was notified.
pub(crate) async fn record(
    db: &impl Db,
    viewer: &Viewer,
    record: Record<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Vec<i64>> {
    let entry = Entry::new(
        Some(viewer.id()),
        record.action,
        record.target.0,
        record.target.1,
    )
    .reason(record.reason)
    .before(record.before)
    .after(record.after);
    log::append(db, entry, now).await?;
    let Some(detail) = record.notify else {
        return Ok(Vec::new());
    };
    if record.author_id == viewer.id() {
        return Ok(Vec::new());
    }
    notifications::ActiveModel {
        user_id: Set(record.author_id),
        kind: Set(notifications::Kind::Moderation),
        actor_id: Set(Some(viewer.id())),
        thread_id: Set(Some(record.place.thread_id)),
        answer_id: Set(record.place.answer_id),
        comment_id: Set(record.place.comment_id),
        detail: Set(Some(detail.to_owned())),
        read_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(vec![record.author_id])
}
