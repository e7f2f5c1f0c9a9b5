//! Reward rules are data: admins change their points, switch them off, or
//! take them out of the daily cap. The keys are fixed here because code
//! decides when each one applies.

use chrono::{DateTime, Utc};
use entity::moderation_log::TargetType;
use entity::reward_rules;
use sea_orm::{
    ActiveModelTrait, EntityTrait, IntoActiveModel, QueryOrder, Set, TransactionSession,
};
use serde_json::json;

use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        moderation::log::{self, Action, Entry},
    },
};

pub const SIGN_UP: &str = "SIGN_UP";
/// Points an administrator added or took by hand (not a rule of the table:
/// its points are the adjustment's).
pub const STAFF_ADJUSTMENT: &str = "STAFF_ADJUSTMENT";
pub const ANSWER_UPVOTED: &str = "ANSWER_UPVOTED";
pub const THREAD_UPVOTED: &str = "THREAD_UPVOTED";
pub const ANSWER_DOWNVOTED: &str = "ANSWER_DOWNVOTED";
pub const DOWNVOTE_CAST: &str = "DOWNVOTE_CAST";
pub const ANSWER_ACCEPTED: &str = "ANSWER_ACCEPTED";
pub const ACCEPTED_AN_ANSWER: &str = "ACCEPTED_AN_ANSWER";
pub const THREAD_FEATURED: &str = "THREAD_FEATURED";
pub const COURSE_ENROLLED: &str = "COURSE_ENROLLED";
pub const COURSE_REVIEWED_WELL: &str = "COURSE_REVIEWED_WELL";
pub const COURSE_COMPLETED: &str = "COURSE_COMPLETED";

pub const ALL: [&str; 11] = [
    SIGN_UP,
    ANSWER_UPVOTED,
    THREAD_UPVOTED,
    ANSWER_DOWNVOTED,
    DOWNVOTE_CAST,
    ANSWER_ACCEPTED,
    ACCEPTED_AN_ANSWER,
    THREAD_FEATURED,
    COURSE_ENROLLED,
    COURSE_REVIEWED_WELL,
    COURSE_COMPLETED,
];

/// Points a rule may be set to.
pub const POINTS_RANGE: std::ops::RangeInclusive<i32> = -1_000..=1_000;

/// A rule's id in the moderation log (rules are keyed by name): its place
/// in `ALL`, counted from 1. Stable because keys are only ever appended.
pub fn log_id(key: &str) -> i64 {
    ALL.iter()
        .position(|k| *k == key)
        .map_or(0, |i| i as i64 + 1)
}

/// The key of a rule's moderation-log id.
pub fn key_of_log_id(id: i64) -> Option<&'static str> {
    usize::try_from(id - 1)
        .ok()
        .and_then(|i| ALL.get(i).copied())
}

fn summary(rule: &reward_rules::Model) -> serde_json::Value {
    json!({
        "key": rule.key,
        "points": rule.points,
        "enabled": rule.enabled,
        "capped": rule.capped,
    })
}

/// The static key of a stored rule name.
pub fn static_key(key: &str) -> Option<&'static str> {
    ALL.into_iter().find(|k| *k == key)
}

/// Every rule, by key.
pub async fn list(db: &impl Db) -> ApiResult<Vec<reward_rules::Model>> {
    Ok(reward_rules::Entity::find()
        .order_by_asc(reward_rules::Column::Key)
        .all(db)
        .await?)
}

/// What an admin may change on a rule.
#[derive(Debug, Default, Clone)]
pub struct RuleChanges {
    pub points: Option<i32>,
    pub enabled: Option<bool>,
    pub capped: Option<bool>,
}

/// Changes a rule (admins). Past ledger rows keep the points they had.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn update(
    db: &impl Db,
    viewer: &Viewer,
    key: &str,
    changes: RuleChanges,
    now: DateTime<Utc>,
) -> ApiResult<reward_rules::Model> {
    if let Some(points) = changes.points
        && !POINTS_RANGE.contains(&points)
    {
        return Err(ApiError::bad_input(
            "points",
            format!(
                "a rule gives {} to {} points",
                POINTS_RANGE.start(),
                POINTS_RANGE.end()
            ),
        ));
    }
    let txn = db.begin().await?;
    let rule = reward_rules::Entity::find_by_id(key.to_owned())
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("reward rule"))?;
    let before = summary(&rule);
    let mut active = rule.into_active_model();
    if let Some(points) = changes.points {
        active.points = Set(points);
    }
    if let Some(enabled) = changes.enabled {
        active.enabled = Set(enabled);
    }
    if let Some(capped) = changes.capped {
        active.capped = Set(capped);
    }
    active.updated_at = Set(now);
    active.updated_by = Set(Some(viewer.id()));
    let rule = active.update(&txn).await?;
    log::append(
        &txn,
        Entry::new(
            Some(viewer.id()),
            Action::UpdateRewardRule,
            TargetType::RewardRule,
            log_id(&rule.key),
        )
        .before(before)
        .after(summary(&rule)),
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(rule = %rule.key, points = rule.points, enabled = rule.enabled, "reward rule changed");
    Ok(rule)
}
