//! The moderation log: every moderation and staff action (who, what, on
//! which target, why, and a summary of the target before and after),
//! appended in the transaction of the action and never changed.

use chrono::{DateTime, Utc};
use entity::{
    answers, comments,
    moderation_log::{self, TargetType},
    threads, users,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::{
    error::ApiResult,
    services::{
        Db,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
    },
};

/// Every action the log records. The stored text is `as_str`, so renaming a
/// variant never rewrites history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Pin,
    Unpin,
    Feature,
    Unfeature,
    Lock,
    Unlock,
    Hide,
    Unhide,
    Delete,
    CloseAsDuplicate,
    Reopen,
    Move,
    Retag,
    Merge,
    /// A queue item resolved (the resolution is in `after`).
    ResolveReport,
    Warn,
    Suspend,
    Unsuspend,
    SetRole,
    Certify,
    RevokeCertification,
    /// Reports' weight hid a post until review.
    AutoHide,
    /// Auto-moderation held a post (a watched word, a Novice's links).
    AutoHold,
    /// Auto-moderation refused a post with a blocked word.
    AutoBlock,
    /// A vote ring was found and put in the queue.
    VoteRingFlagged,
    UpdateRewardRule,
    AdjustPoints,
    PayoutPaid,
    PayoutRejected,
    WatchedWordAdded,
    WatchedWordRemoved,
}

impl Action {
    pub const ALL: [Action; 31] = [
        Action::Pin,
        Action::Unpin,
        Action::Feature,
        Action::Unfeature,
        Action::Lock,
        Action::Unlock,
        Action::Hide,
        Action::Unhide,
        Action::Delete,
        Action::CloseAsDuplicate,
        Action::Reopen,
        Action::Move,
        Action::Retag,
        Action::Merge,
        Action::ResolveReport,
        Action::Warn,
        Action::Suspend,
        Action::Unsuspend,
        Action::SetRole,
        Action::Certify,
        Action::RevokeCertification,
        Action::AutoHide,
        Action::AutoHold,
        Action::AutoBlock,
        Action::VoteRingFlagged,
        Action::UpdateRewardRule,
        Action::AdjustPoints,
        Action::PayoutPaid,
        Action::PayoutRejected,
        Action::WatchedWordAdded,
        Action::WatchedWordRemoved,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Pin => "PIN",
            Action::Unpin => "UNPIN",
            Action::Feature => "FEATURE",
            Action::Unfeature => "UNFEATURE",
            Action::Lock => "LOCK",
            Action::Unlock => "UNLOCK",
            Action::Hide => "HIDE",
            Action::Unhide => "UNHIDE",
            Action::Delete => "DELETE",
            Action::CloseAsDuplicate => "CLOSE_AS_DUPLICATE",
            Action::Reopen => "REOPEN",
            Action::Move => "MOVE",
            Action::Retag => "RETAG",
            Action::Merge => "MERGE",
            Action::ResolveReport => "RESOLVE_REPORT",
            Action::Warn => "WARN",
            Action::Suspend => "SUSPEND",
            Action::Unsuspend => "UNSUSPEND",
            Action::SetRole => "SET_ROLE",
            Action::Certify => "CERTIFY",
            Action::RevokeCertification => "REVOKE_CERTIFICATION",
            Action::AutoHide => "AUTO_HIDE",
            Action::AutoHold => "AUTO_HOLD",
            Action::AutoBlock => "AUTO_BLOCK",
            Action::VoteRingFlagged => "VOTE_RING_FLAGGED",
            Action::UpdateRewardRule => "UPDATE_REWARD_RULE",
            Action::AdjustPoints => "ADJUST_POINTS",
            Action::PayoutPaid => "PAYOUT_PAID",
            Action::PayoutRejected => "PAYOUT_REJECTED",
            Action::WatchedWordAdded => "WATCHED_WORD_ADDED",
            Action::WatchedWordRemoved => "WATCHED_WORD_REMOVED",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|action| action.as_str() == text)
    }
}

/// One row to append.
#[derive(Debug, Clone)]
pub struct Entry {
    /// None: auto-moderation.
    pub actor_id: Option<i64>,
    pub action: Action,
    pub target_type: TargetType,
    pub target_id: i64,
    pub reason: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Entry {
    pub fn new(
        actor_id: Option<i64>,
        action: Action,
        target_type: TargetType,
        target_id: i64,
    ) -> Self {
        Entry {
            actor_id,
            action,
            target_type,
            target_id,
            reason: None,
            before: None,
            after: None,
        }
    }

    pub fn reason(mut self, reason: Option<&str>) -> Self {
        self.reason = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        self
    }

    pub fn before(mut self, summary: Value) -> Self {
        self.before = Some(summary);
        self
    }

    pub fn after(mut self, summary: Value) -> Self {
        self.after = Some(summary);
        self
    }
}

/// Appends one row; call it inside the action's transaction.
#[tracing::instrument(level = "debug", skip(db, entry, now), fields(action = entry.action.as_str()))]
pub async fn append(
    db: &impl Db,
    entry: Entry,
    now: DateTime<Utc>,
) -> ApiResult<moderation_log::Model> {
    Ok(moderation_log::ActiveModel {
        actor_id: Set(entry.actor_id),
        action: Set(entry.action.as_str().to_owned()),
        target_type: Set(entry.target_type),
        target_id: Set(entry.target_id),
        reason: Set(entry.reason),
        before: Set(entry.before.map(|v| v.to_string())),
        after: Set(entry.after.map(|v| v.to_string())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// How much of a post's text a summary keeps: enough for a moderator to see
/// what was removed, without copying whole posts into the log.
const EXCERPT_CHARS: usize = 500;

fn excerpt(text: &str) -> String {
    text.chars().take(EXCERPT_CHARS).collect()
}

fn time(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.to_rfc3339()))
}

/// A thread's state as the log shows it.
pub fn thread_summary(thread: &threads::Model) -> Value {
    json!({
        "title": thread.title,
        "body": excerpt(&thread.body),
        "authorId": thread.author_id,
        "courseId": thread.course_id,
        "pinScope": thread.pin_scope.map(|s| format!("{s:?}").to_uppercase()),
        "featured": thread.featured_at.is_some(),
        "locked": thread.locked_at.is_some(),
        "hidden": thread.hidden_reason.map(|r| format!("{r:?}").to_uppercase()),
        "deleted": time(thread.deleted_at),
        "duplicateOfId": thread.duplicate_of_id,
        "mergedIntoId": thread.merged_into_id,
    })
}

pub fn answer_summary(answer: &answers::Model) -> Value {
    json!({
        "threadId": answer.thread_id,
        "body": excerpt(&answer.body),
        "authorId": answer.author_id,
        "accepted": answer.accepted,
        "hidden": answer.hidden_reason.map(|r| format!("{r:?}").to_uppercase()),
        "deleted": time(answer.deleted_at),
    })
}

pub fn comment_summary(comment: &comments::Model) -> Value {
    json!({
        "threadId": comment.thread_id,
        "answerId": comment.answer_id,
        "body": excerpt(&comment.body),
        "authorId": comment.author_id,
        "hidden": comment.hidden_reason.map(|r| format!("{r:?}").to_uppercase()),
        "deleted": time(comment.deleted_at),
    })
}

pub fn user_summary(user: &users::Model) -> Value {
    json!({
        "username": user.username,
        "role": format!("{:?}", user.role).to_uppercase(),
        "status": format!("{:?}", user.status).to_uppercase(),
        "suspendedUntil": time(user.suspended_until),
        "suspensionReason": user.suspension_reason,
        "points": user.points,
        "certified": user.certified_at.is_some(),
    })
}

#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub actor_id: Option<i64>,
    pub action: Option<Action>,
    pub target: Option<(TargetType, i64)>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// The log, newest first (the caller checks the viewer is staff).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(
    db: &impl Db,
    filter: LogFilter,
    page: PageRequest,
) -> ApiResult<Page<moderation_log::Model>> {
    use moderation_log::{Column, Entity};
    use sea_orm::sea_query::Expr;
    let mut condition = Condition::all();
    if let Some(actor) = filter.actor_id {
        condition = condition.add(Column::ActorId.eq(actor));
    }
    if let Some(action) = filter.action {
        condition = condition.add(Column::Action.eq(action.as_str()));
    }
    if let Some((target_type, target_id)) = filter.target {
        condition = condition
            .add(Column::TargetType.eq(target_type))
            .add(Column::TargetId.eq(target_id));
    }
    if let Some(from) = filter.from {
        condition = condition.add(Column::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        condition = condition.add(Column::CreatedAt.lt(to));
    }
    let order = KeysetOrder::new(
        "moderation_log.newest",
        vec![SortKey::desc(
            Expr::col((Entity, Column::Id)),
            |row: &moderation_log::Model| KeyValue::Int(row.id),
        )],
    );
    paginate(db, Entity::find().filter(condition), &order, &page).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
            assert!(seen.insert(action.as_str()));
        }
    }
}
