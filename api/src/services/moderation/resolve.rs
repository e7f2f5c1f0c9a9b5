//! Resolving a queue item: the moderator's action on its target, the
//! reports' outcome (which is what reporters' accuracy is made of), the
//! notifications, and one log row.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use entity::{
    answers, comments,
    moderation_items::{self, Resolution, Source, Status as ItemStatus, TargetType},
    notifications::Kind,
    reports::{self, Status},
    threads::{self, HiddenReason},
    votes::PostKind,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionSession, sea_query::Expr};
use serde_json::json;

use super::{ensure_staff, log, reports::clean_note, reports::tell};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        community::{
            Notifying,
            visibility::{self, Post},
        },
        rewards::RewardSettings,
        users as user_service,
    },
};

/// Longest suspension a resolution may give (ten years).
pub const SUSPEND_DAYS_MAX: i32 = 3650;

/// The moderator's decision on an item.
#[derive(Debug, Clone)]
pub struct Decision {
    pub resolution: Resolution,
    pub note: Option<String>,
    pub suspend_days: Option<i32>,
}

pub fn resolution_str(resolution: Resolution) -> &'static str {
    match resolution {
        Resolution::Dismiss => "DISMISS",
        Resolution::HideContent => "HIDE_CONTENT",
        Resolution::DeleteContent => "DELETE_CONTENT",
        Resolution::WarnUser => "WARN_USER",
        Resolution::SuspendUser => "SUSPEND_USER",
    }
}

fn post_kind(target_type: TargetType) -> Option<PostKind> {
    match target_type {
        TargetType::Thread => Some(PostKind::Thread),
        TargetType::Answer => Some(PostKind::Answer),
        TargetType::Comment => Some(PostKind::Comment),
        _ => None,
    }
}

/// Checks the decision against the item before anything changes.
fn validate(item: &moderation_items::Model, decision: &Decision) -> ApiResult<()> {
    let on_post = post_kind(item.target_type).is_some();
    match decision.resolution {
        Resolution::HideContent | Resolution::DeleteContent if !on_post => {
            return Err(ApiError::bad_input(
                "action",
                "only posts can be hidden or deleted; warn or suspend the user instead",
            ));
        }
        Resolution::SuspendUser => match decision.suspend_days {
            Some(days) if (1..=SUSPEND_DAYS_MAX).contains(&days) => {}
            _ => {
                return Err(ApiError::bad_input(
                    "suspendDays",
                    format!("give 1–{SUSPEND_DAYS_MAX} days of suspension"),
                ));
            }
        },
        _ => {}
    }
    if decision.suspend_days.is_some() && decision.resolution != Resolution::SuspendUser {
        return Err(ApiError::bad_input(
            "suspendDays",
            "days are only for SUSPEND_USER",
        ));
    }
    Ok(())
}

/// Sets a hidden post's reason to MODERATOR (a moderator upholding a hide
/// by reports or a hold keeps it hidden for good).
async fn make_moderator_hidden(db: &impl Db, post: &Post, now: DateTime<Utc>) -> ApiResult<()> {
    let reason = Some(HiddenReason::Moderator);
    match post {
        Post::Thread(t) => {
            threads::Entity::update_many()
                .col_expr(threads::Column::HiddenReason, Expr::val(reason))
                .col_expr(threads::Column::UpdatedAt, Expr::val(now))
                .filter(threads::Column::Id.eq(t.id))
                .exec(db)
                .await?;
        }
        Post::Answer(a) => {
            answers::Entity::update_many()
                .col_expr(answers::Column::HiddenReason, Expr::val(reason))
                .col_expr(answers::Column::UpdatedAt, Expr::val(now))
                .filter(answers::Column::Id.eq(a.id))
                .exec(db)
                .await?;
        }
        Post::Comment(c) => {
            comments::Entity::update_many()
                .col_expr(comments::Column::HiddenReason, Expr::val(reason))
                .col_expr(comments::Column::UpdatedAt, Expr::val(now))
                .filter(comments::Column::Id.eq(c.id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Resolves an open item (staff): CONFLICT when it is already resolved
/// (one of two concurrent moderators wins), NOT_FOUND when there is no
/// such item or its post is a tombstone and the action needs a live one.
#[tracing::instrument(skip_all, fields(viewer = viewer.id(), item = item_id))]
pub async fn resolve(
    db: &impl Db,
    viewer: &Viewer,
    rewards: &RewardSettings,
    item_id: i64,
    decision: Decision,
    now: DateTime<Utc>,
) -> ApiResult<Notifying<moderation_items::Model>> {
    viewer.ensure_can_write(now)?;
    ensure_staff(viewer)?;
    let note = clean_note("note", decision.note.as_deref())?;
    let existing = moderation_items::Entity::find_by_id(item_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("moderation item"))?;
    validate(&existing, &decision)?;
    let resolution = decision.resolution;

    let txn = db.begin().await?;
    // The conditional update decides between concurrent moderators.
    let Some(item) = moderation_items::Entity::update_many()
        .col_expr(
            moderation_items::Column::Status,
            Expr::val(ItemStatus::Resolved),
        )
        .col_expr(moderation_items::Column::ResolvedAt, Expr::val(Some(now)))
        .col_expr(
            moderation_items::Column::ResolvedBy,
            Expr::val(Some(viewer.id())),
        )
        .col_expr(
            moderation_items::Column::Resolution,
            Expr::val(Some(resolution)),
        )
        .col_expr(
            moderation_items::Column::ResolutionNote,
            Expr::val(note.clone()),
        )
        .col_expr(moderation_items::Column::UpdatedAt, Expr::val(now))
        .filter(moderation_items::Column::Id.eq(item_id))
        .filter(moderation_items::Column::Status.eq(ItemStatus::Open))
        .exec_with_returning(&txn)
        .await?
        .pop()
    else {
        txn.rollback().await?;
        return Err(ApiError::conflict(
            "itemId",
            "this item is already resolved",
        ));
    };

    // The target as it was, and the users the action is about.
    let post = match post_kind(item.target_type) {
        Some(kind) => Some(Post::load(&txn, kind, item.target_id).await?),
        None => None,
    };
    let mut users: Vec<i64> = match &post {
        Some(post) => vec![post.author_id()],
        None => vec![item.target_id],
    };
    if item.source == Source::VoteRing
        && let Some(other) = item.related_user_id
    {
        users.push(other);
    }
    let before = match &post {
        Some(post) => post.summary(),
        None => log::user_summary(&user_service::find(&txn, item.target_id).await?),
    };

    let mut after_post = post.clone();
    match resolution {
        Resolution::Dismiss => {
            if let Some(post) = &post
                && !post.is_deleted()
                && matches!(
                    post.hidden_reason(),
                    Some(HiddenReason::Reports | HiddenReason::Held)
                )
            {
                after_post = visibility::unhide(&txn, post, now).await?;
            }
        }
        Resolution::HideContent => {
            let post = post.as_ref().expect("validated: a post");
            after_post = match visibility::hide(&txn, post, HiddenReason::Moderator, now).await? {
                Some(hidden) => Some(hidden),
                None => {
                    make_moderator_hidden(&txn, post, now).await?;
                    Some(Post::load(&txn, post.kind(), post.id()).await?)
                }
            };
        }
        Resolution::DeleteContent => {
            let post = post.as_ref().expect("validated: a post");
            if post.is_deleted() {
                return Err(ApiError::NotFound(match post.kind() {
                    PostKind::Thread => "thread",
                    PostKind::Answer => "answer",
                    PostKind::Comment => "comment",
                }));
            }
            after_post = visibility::tombstone(&txn, post, rewards, now).await?;
        }
        Resolution::WarnUser => {}
        Resolution::SuspendUser => {
            let days = decision.suspend_days.expect("validated: days");
            let reason = note.as_deref().unwrap_or("reported content");
            for &user in &users {
                user_service::suspend(
                    &txn,
                    viewer,
                    user,
                    Some(now + Duration::days(days.into())),
                    reason,
                    now,
                )
                .await?;
            }
        }
    }
    let after = match &after_post {
        Some(post) => post.summary(),
        None => log::user_summary(&user_service::find(&txn, item.target_id).await?),
    };

    // The reports' outcome, and each reporter told once.
    let outcome = if resolution == Resolution::Dismiss {
        Status::Dismissed
    } else {
        Status::Upheld
    };
    let resolved = reports::Entity::update_many()
        .col_expr(reports::Column::Status, Expr::val(outcome))
        .col_expr(reports::Column::ResolvedAt, Expr::val(Some(now)))
        .filter(reports::Column::ItemId.eq(item.id))
        .filter(reports::Column::Status.eq(Status::Open))
        .exec_with_returning(&txn)
        .await?;
    let reporters: BTreeSet<i64> = resolved
        .iter()
        .map(|r| r.reporter_id)
        .filter(|&r| r != viewer.id())
        .collect();
    let detail = if outcome == Status::Upheld {
        "UPHELD"
    } else {
        "DISMISSED"
    };
    let mut notified = Vec::new();
    for &reporter in &reporters {
        tell(
            &txn,
            reporter,
            Kind::ReportResolved,
            None,
            after_post.as_ref(),
            detail,
            now,
        )
        .await?;
        notified.push(reporter);
    }
    if resolution != Resolution::Dismiss {
        for &user in &users {
            if user == viewer.id() {
                continue;
            }
            tell(
                &txn,
                user,
                Kind::Moderation,
                Some(viewer.id()),
                after_post.as_ref(),
                resolution_str(resolution),
                now,
            )
            .await?;
            notified.push(user);
        }
    }

    log::append(
        &txn,
        log::Entry::new(
            Some(viewer.id()),
            log::Action::ResolveReport,
            TargetType::QueueItem,
            item.id,
        )
        .reason(note.as_deref())
        .before(before)
        .after(json!({ "resolution": resolution_str(resolution), "target": after })),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Notifying {
        value: item,
        notified,
    })
}
