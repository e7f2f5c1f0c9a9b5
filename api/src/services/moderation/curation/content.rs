//! Hiding and unhiding posts: a hidden thread is NOT_FOUND to members, a
//! hidden answer or comment keeps its place with its body withheld. Staff
//! (and the course's creator in their course) still see it, marked.

use chrono::{DateTime, Utc};
use entity::{threads::HiddenReason, votes::PostKind};
use sea_orm::TransactionSession;

use super::{Place, Record, live_thread, record};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        community::{
            Notifying,
            visibility::{self, Post},
        },
        moderation::{ensure_governs, log::Action},
    },
};

/// Hides (`hide`) or unhides a post. Unhiding also releases a post hidden
/// by reports or held by auto-moderation. Doing what is already done
/// returns the post unchanged.
#[tracing::instrument(skip(db, viewer, reason, now), fields(viewer = viewer.id()))]
pub async fn set_hidden(
    db: &impl Db,
    viewer: &Viewer,
    kind: PostKind,
    id: i64,
    hide: bool,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<Notifying<Post>> {
    viewer.ensure_can_write(now)?;
    let txn = db.begin().await?;
    // The thread first: its readability and row lock cover its posts.
    let thread_id = Post::load(&txn, kind, id).await?.thread_id();
    let thread = live_thread(&txn, viewer, thread_id).await?;
    ensure_governs(&txn, viewer, &thread).await?;
    let post = match kind {
        PostKind::Thread => Post::Thread(thread),
        _ => Post::load(&txn, kind, id).await?,
    };
    if post.is_deleted() {
        return Err(ApiError::NotFound(match kind {
            PostKind::Thread => "thread",
            PostKind::Answer => "answer",
            PostKind::Comment => "comment",
        }));
    }
    let changed = if hide {
        visibility::hide(&txn, &post, HiddenReason::Moderator, now).await?
    } else {
        visibility::unhide(&txn, &post, now).await?
    };
    let Some(changed) = changed else {
        return Ok(Notifying {
            value: post,
            notified: Vec::new(),
        });
    };
    let (action, detail) = if hide {
        (Action::Hide, "HIDE_CONTENT")
    } else {
        (Action::Unhide, "UNHIDE_CONTENT")
    };
    let place = match &changed {
        Post::Thread(t) => Place::thread(t.id),
        Post::Answer(a) => Place {
            thread_id: a.thread_id,
            answer_id: Some(a.id),
            comment_id: None,
        },
        Post::Comment(c) => Place {
            thread_id: c.thread_id,
            answer_id: c.answer_id,
            comment_id: Some(c.id),
        },
    };
    let notified = record(
        &txn,
        viewer,
        Record {
            action,
            target: (changed.target_type(), changed.id()),
            reason,
            before: post.summary(),
            after: changed.summary(),
            notify: Some(detail),
            author_id: changed.author_id(),
            place,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Notifying {
        value: changed,
        notified,
    })
}
