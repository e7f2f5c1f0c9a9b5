//! Thread curation: pin, feature (精华), lock, close as a duplicate, move
//! between courses and retag. Each runs in one transaction under the
//! thread's row lock.

use chrono::{DateTime, Utc};
use entity::{
    courses,
    moderation_log::TargetType,
    thread_tags,
    threads::{self, PinScope},
};
use sea_orm::{ActiveModelTrait, EntityTrait, Set, TransactionSession};
use serde_json::json;

use super::{Place, Record, live_thread, record};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        community::{
            Notifying, TAGS_MAX,
            visibility::{self, Post},
        },
        moderation::{ensure_governs, ensure_staff, log::Action},
        rewards::{RewardSettings, privileges, triggers as reward_triggers},
        tags::{self as tag_service},
    },
};

type Curated = ApiResult<Notifying<threads::Model>>;

fn unchanged(thread: threads::Model) -> Curated {
    Ok(Notifying {
        value: thread,
        notified: Vec::new(),
    })
}

/// Writes the changed row, its log row and the author's notification.
#[allow(clippy::too_many_arguments)]
async fn commit_change(
    txn: &impl Db,
    viewer: &Viewer,
    before: &threads::Model,
    mut active: threads::ActiveModel,
    action: Action,
    reason: Option<&str>,
    notify: Option<&'static str>,
    now: DateTime<Utc>,
) -> ApiResult<(threads::Model, Vec<i64>)> {
    active.updated_at = Set(now);
    let after = active.update(txn).await?;
    let notified = record(
        txn,
        viewer,
        Record {
            action,
            target: (TargetType::Thread, after.id),
            reason,
            before: Post::Thread(before.clone()).summary(),
            after: Post::Thread(after.clone()).summary(),
            notify,
            author_id: after.author_id,
            place: Place::thread(after.id),
        },
        now,
    )
    .await?;
    Ok((after, notified))
}

/// Pins a thread on top of its course's list (COURSE) or of the
/// community-wide list (GLOBAL). The natural scope is the thread's own:
/// COURSE in a course, GLOBAL community-wide. A course's creator may pin in
/// their course; a GLOBAL pin of a course thread is for staff.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn pin(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    scope: Option<PinScope>,
    now: DateTime<Utc>,
) -> Curated {
    viewer.ensure_can_write(now)?;
    let txn = db.begin().await?;
    let thread = live_thread(&txn, viewer, thread_id).await?;
    ensure_governs(&txn, viewer, &thread).await?;
    let natural = if thread.course_id.is_some() {
        PinScope::Course
    } else {
        PinScope::Global
    };
    let scope = scope.unwrap_or(natural);
    if thread.course_id.is_none() && scope == PinScope::Course {
        return Err(ApiError::bad_input(
            "scope",
            "a community-wide thread has no course to be pinned in",
        ));
    }
    if scope == PinScope::Global && thread.course_id.is_some() {
        ensure_staff(viewer)?;
    }
    if thread.pinned_at.is_some() && thread.pin_scope == Some(scope) {
        return unchanged(thread);
    }
    let mut active: threads::ActiveModel = thread.clone().into();
    active.pinned_at = Set(Some(now));
    active.pin_scope = Set(Some(scope));
    active.pinned_by = Set(Some(viewer.id()));
    let (value, notified) = commit_change(
        &txn,
        viewer,
        &thread,
        active,
        Action::Pin,
        None,
        Some("PIN"),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Notifying { value, notified })
}

/// Unpins a thread. A GLOBAL pin is staff's to remove.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn unpin(db: &impl Db, viewer: &Viewer, thread_id: i64, now: DateTime<Utc>) -> Curated {
    viewer.ensure_can_write(now)?;
    let txn = db.begin().await?;
    let thread = live_thread(&txn, viewer, thread_id).await?;
    ensure_governs(&txn, viewer, &thread).await?;
    if thread.pin_scope == Some(PinScope::Global) && thread.course_id.is_some() {
        ensure_staff(viewer)?;
    }
    if thread.pinned_at.is_none() {
        return unchanged(thread);
    }
    let mut active: threads::ActiveModel = thread.clone().into();
    active.pinned_at = Set(None);
    active.pin_scope = Set(None);
    active.pinned_by = Set(None);
    let (value, notified) = commit_change(
        &txn,
        viewer,
        &thread,
        active,
        Action::Unpin,
        None,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Notifying { value, notified })
}

/// Features (精华) or unfeatures a thread (staff). Featuring earns the
/// author the THREAD_FEATURED reward; unfeaturing reverses it.
#[tracing::instrument(skip(db, viewer, rewards, now), fields(viewer = viewer.id()))]
pub async fn set_featured(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    featured: bool,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> Curated {
    viewer.ensure_can_write(now)?;
    ensure_staff(viewer)?;
    let txn = db.begin().await?;
    let thread = live_thread(&txn, viewer, thread_id).await?;
    if thread.featured_at.is_some() == featured {
        return unchanged(thread);
    }
    let mut active: threads::ActiveModel = thread.clone().into();
    active.featured_at = Set(featured.then_some(now));
    active.featured_by = Set(featured.then_some(viewer.id()));
    let (action, notify) = if featured {
        (Action::Feature, Some("FEATURE"))
    } else {
        (Action::Unfeature, None)
    };
    let (value, notified) =
        commit_change(&txn, viewer, &thread, active, action, None, notify, now).await?;
    // Only the request that really changes the flag writes the reward.
    reward_triggers::featuring_changed(&txn, rewards, &value, viewer.id(), featured, now).await?;
    txn.commit().await?;
    Ok(Notifying { value, notified })
}

/// Locks a thread (no new answers or comments; existing ones stay) or
/// unlocks it. Staff, or the course's creator in their course.
#[tracing::instrument(skip(db, viewer, reason, now), fields(viewer = viewer.id()))]
pub async fn set_locked(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    locked: bool,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Curated {
    viewer.ensure_can_write(now)?;
    let txn = db.begin().await?;
    let thread = live_thread(&txn, viewer, thread_id).await?;
    ensure_governs(&txn, viewer, &thread).await?;
    if thread.locked_at.is_some() == locked {
        return unchanged(thread);
    }
    let mut active: threads::ActiveModel = thread.clone().into();
    active.locked_at = Set(locked.then_some(now));
    let (action, notify) = if locked {
        (Action::Lock, Some("LOCK"))
    } else {
        (Action::Unlock, None)
    };
    let (value, notified) =
        commit_change(&txn, viewer, &thread, active, action, reason, notify, now).await?;
    txn.commit().await?;
    Ok(Notifying { value, notified })
}

/// Closes a thread as a duplicate of another (Expert-level members and
/// staff): it takes no new answers, comments still.
#[tracing::instrument(skip(db, viewer, rewards, now), fields(viewer = viewer.id()))]
pub async fn close_as_duplicate(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    of_thread_id: i64,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> Curated {
    viewer.ensure_can_write(now)?;
    let txn = db.begin().await?;
    let thread = live_thread(&txn, viewer, thread_id).await?;
    privileges::ensure_may_close_duplicates(viewer, rewards)?;
    if thread_id == of_thread_id {
        return Err(ApiError::bad_input(
            "ofThreadId",
            "a thread cannot duplicate itself",
        ));
    }
    let original =
        crate::services::community::threads::find_readable(&txn, Some(viewer), of_thread_id)
            .await?;
    if original.merged_into_id.is_some() || original.duplicate_of_id.is_some() {
        return Err(ApiError::bad_input(
            "ofThreadId",
            "that thread is itself closed or merged: point at the thread it leads to",
        ));
    }
    if original.deleted_at.is_some() {
        return Err(ApiError::NotFound("thread"));
    }
    if thread.duplicate_of_id.is_some() {
        return Err(ApiError::conflict(
            "threadId",
            "the thread is already closed as a duplicate",
        ));
    }
    let mut active: threads::ActiveModel = thread.clone().into();
    active.duplicate_of_id = Set(Some(original.id));
    let (value, notified) = commit_change(
        &txn,
        viewer,
        &thread,
        active,
        Action::CloseAsDuplicate,
        None,
        Some("CLOSE_AS_DUPLICATE"),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Notifying { value, notified })
}

/// Reopens a thread closed as a duplicate (Expert-level members and staff).
#[tracing::instrument(skip(db, viewer, rewards, now), fields(viewer = viewer.id()))]
pub async fn reopen(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> Curated {
    viewer.ensure_can_write(now)?;
    let txn = db.begin().await?;
    let thread = live_thread(&txn, viewer, thread_id).await?;
    privileges::ensure_may_close_duplicates(viewer, rewards)?;
    if thread.duplicate_of_id.is_none() {
        return unchanged(thread);
    }
    let mut active: threads::ActiveModel = thread.clone().into();
    active.duplicate_of_id = Set(None);
    let (value, notified) = commit_change(
        &txn,
        viewer,
        &thread,
        active,
        Action::Reopen,
        None,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Notifying { value, notified })
}

/// Moves a thread into a course, or (None) community-wide (staff). Its
/// answers move along; a COURSE pin stays behind with the old course.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn move_to(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    course_id: Option<i64>,
    now: DateTime<Utc>,
) -> Curated {
    viewer.ensure_can_write(now)?;
    ensure_staff(viewer)?;
    let txn = db.begin().await?;
    let thread = live_thread(&txn, viewer, thread_id).await?;
    if let Some(course_id) = course_id {
        courses::Entity::find_by_id(course_id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("course"))?;
    }
    if thread.course_id == course_id {
        return unchanged(thread);
    }
    let mut active: threads::ActiveModel = thread.clone().into();
    active.course_id = Set(course_id);
    if thread.pin_scope == Some(PinScope::Course) {
        active.pinned_at = Set(None);
        active.pin_scope = Set(None);
        active.pinned_by = Set(None);
    }
    let (value, notified) = commit_change(
        &txn,
        viewer,
        &thread,
        active,
        Action::Move,
        None,
        Some("MOVE"),
        now,
    )
    .await?;
    // Its answers' search documents carry the course scope.
    visibility::reindex(&txn, &Post::Thread(value.clone())).await?;
    txn.commit().await?;
    Ok(Notifying { value, notified })
}

/// Replaces a thread's tags (staff).
#[tracing::instrument(skip(db, viewer, tags, now), fields(viewer = viewer.id()))]
pub async fn retag(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    tags: &[String],
    now: DateTime<Utc>,
) -> Curated {
    viewer.ensure_can_write(now)?;
    ensure_staff(viewer)?;
    let names = tag_service::normalise("tags", tags, TAGS_MAX)?;
    let txn = db.begin().await?;
    let thread = live_thread(&txn, viewer, thread_id).await?;
    let before_tags = tag_service::names_of::<thread_tags::Entity>(&txn, &[thread.id])
        .await?
        .remove(&thread.id)
        .unwrap_or_default();
    let mut sorted = names.clone();
    sorted.sort();
    if sorted == before_tags {
        return unchanged(thread);
    }
    tag_service::replace::<thread_tags::Entity>(&txn, thread.id, &names, now).await?;
    let mut active: threads::ActiveModel = thread.clone().into();
    active.updated_at = Set(now);
    let value = active.update(&txn).await?;
    let notified = record(
        &txn,
        viewer,
        Record {
            action: Action::Retag,
            target: (TargetType::Thread, value.id),
            reason: None,
            before: json!({ "tags": before_tags }),
            after: json!({ "tags": sorted }),
            notify: Some("RETAG"),
            author_id: value.author_id,
            place: Place::thread(value.id),
        },
        now,
    )
    .await?;
    visibility::reindex(&txn, &Post::Thread(value.clone())).await?;
    txn.commit().await?;
    Ok(Notifying { value, notified })
}
