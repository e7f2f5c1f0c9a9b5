//! One curation action on many threads (the admin UI's bulk actions). Each
//! thread is its own transaction: one refusal does not undo the others.

use chrono::{DateTime, Utc};
use entity::{
    threads::{self, PinScope},
    votes::PostKind,
};

use super::{content, threads as curate};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        community::{Notifying, visibility::Post},
        rewards::RewardSettings,
    },
};

/// Most threads one bulk call takes.
pub const BULK_MAX: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    Pin(Option<PinScope>),
    Unpin,
    Feature,
    Unfeature,
    Lock,
    Unlock,
    Hide,
    Unhide,
    Move(Option<i64>),
    Retag(Vec<String>),
}

/// Checks the number of ids (1..=100) before anything runs.
pub fn ensure_count(count: usize) -> ApiResult<()> {
    if (1..=BULK_MAX).contains(&count) {
        Ok(())
    } else {
        Err(ApiError::bad_input(
            "input.threadIds",
            format!("give between 1 and {BULK_MAX} thread IDs"),
        ))
    }
}

/// Runs one action on one thread in its own transaction.
pub async fn apply_one(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    action: &BulkAction,
    reason: Option<&str>,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<Notifying<threads::Model>> {
    match action {
        BulkAction::Pin(scope) => curate::pin(db, viewer, thread_id, *scope, now).await,
        BulkAction::Unpin => curate::unpin(db, viewer, thread_id, now).await,
        BulkAction::Feature => {
            curate::set_featured(db, viewer, thread_id, true, rewards, now).await
        }
        BulkAction::Unfeature => {
            curate::set_featured(db, viewer, thread_id, false, rewards, now).await
        }
        BulkAction::Lock => curate::set_locked(db, viewer, thread_id, true, reason, now).await,
        BulkAction::Unlock => curate::set_locked(db, viewer, thread_id, false, reason, now).await,
        BulkAction::Hide | BulkAction::Unhide => {
            let hide = *action == BulkAction::Hide;
            let done =
                content::set_hidden(db, viewer, PostKind::Thread, thread_id, hide, reason, now)
                    .await?;
            match done.value {
                Post::Thread(thread) => Ok(Notifying {
                    value: thread,
                    notified: done.notified,
                }),
                _ => Err(ApiError::NotFound("thread")),
            }
        }
        BulkAction::Move(course_id) => {
            curate::move_to(db, viewer, thread_id, *course_id, now).await
        }
        BulkAction::Retag(tags) => curate::retag(db, viewer, thread_id, tags, now).await,
    }
}
