//! The moderation log (staff): every moderation and staff action.

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::moderation_log::{self, TargetType};

use crate::{
    error::ApiError,
    graphql::{
        accounts::types::{User, load_user},
        context::ContextExt,
        errors::{GqlResult, gql_error},
        guards::RoleGuard,
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::moderation::log::{self as log_service, Action, LogFilter},
};

/// What a moderator or administrator did (the log's `action`).
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::services::moderation::log::Action")]
pub enum ModerationAction {
    Pin,
    Unpin,
    Feature,
    Unfeature,
    Lock,
    Unlock,
    Hide,
    Unhide,
    /// Tombstoned content (the log keeps what was removed in `before`).
    Delete,
    CloseAsDuplicate,
    Reopen,
    Move,
    Retag,
    Merge,
    /// A queue item resolved; `after` holds the resolution.
    ResolveReport,
    Warn,
    Suspend,
    Unsuspend,
    SetRole,
    Certify,
    RevokeCertification,
    /// Reports' weight hid a post until review (no actor).
    AutoHide,
    /// Auto-moderation held a post for review (no actor).
    AutoHold,
    /// Auto-moderation refused a post with a blocked word (no actor).
    AutoBlock,
    /// A vote ring was found and queued (no actor).
    VoteRingFlagged,
    UpdateRewardRule,
    /// An administrator added or took points by hand (`before`/`after`: the balance).
    AdjustPoints,
    PayoutPaid,
    PayoutRejected,
    WatchedWordAdded,
    WatchedWordRemoved,
}

/// What a log row, queue item or report is about.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::moderation_items::TargetType")]
pub enum ModerationTargetType {
    Thread,
    Answer,
    Comment,
    User,
    Course,
    RewardRule,
    Payout,
    WatchedWord,
    QueueItem,
}

/// The global ID of a target that is a node, else its kind's own ID.
pub fn target_node_id(target_type: TargetType, id: i64) -> ID {
    let kind = match target_type {
        TargetType::Thread => NodeKind::Thread,
        TargetType::Answer => NodeKind::Answer,
        TargetType::Comment => NodeKind::Comment,
        TargetType::User => NodeKind::User,
        TargetType::Course => NodeKind::Course,
        TargetType::Payout => NodeKind::Payout,
        TargetType::WatchedWord => NodeKind::WatchedWord,
        TargetType::QueueItem => NodeKind::ModerationItem,
        // Reward rules are named by key; the log keeps a stable number.
        TargetType::RewardRule => {
            return ID(crate::services::rewards::rules::key_of_log_id(id)
                .map_or_else(|| id.to_string(), str::to_owned));
        }
    };
    ids::encode(kind, id)
}

/// A global ID as a log target.
fn target_of(field: &str, id: &ID) -> Result<(TargetType, i64), ApiError> {
    let (kind, raw) = ids::decode_any(field, id)?;
    let target_type = match kind {
        NodeKind::Thread => TargetType::Thread,
        NodeKind::Answer => TargetType::Answer,
        NodeKind::Comment => TargetType::Comment,
        NodeKind::User => TargetType::User,
        NodeKind::Course => TargetType::Course,
        NodeKind::Payout => TargetType::Payout,
        NodeKind::WatchedWord => TargetType::WatchedWord,
        NodeKind::ModerationItem => TargetType::QueueItem,
        _ => {
            return Err(ApiError::bad_input(
                field,
                "the log has no actions on this kind of object",
            ));
        }
    };
    Ok((target_type, raw))
}

/// Which log rows to show; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct ModerationLogFilter {
    /// Actions by this user.
    pub moderator_id: Option<ID>,
    pub action: Option<ModerationAction>,
    /// Actions on this object (a thread, answer, comment, user, …).
    pub target_id: Option<ID>,
    /// From this time (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Up to this time (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// One moderation or staff action, as appended (rows never change).
pub struct ModerationLogEntry(moderation_log::Model);

#[Object]
impl ModerationLogEntry {
    async fn id(&self) -> ID {
        ids::encode(NodeKind::ModerationLogEntry, self.0.id)
    }

    /// Who acted; null for auto-moderation.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.actor_id {
            Some(id) => load_user(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// Null for an action this server version does not know.
    async fn action(&self) -> Option<ModerationAction> {
        Action::parse(&self.0.action).map(ModerationAction::from)
    }

    async fn target_type(&self) -> ModerationTargetType {
        self.0.target_type.into()
    }

    /// The target's global ID (a reward rule's key).
    async fn target_id(&self) -> ID {
        target_node_id(self.0.target_type, self.0.target_id)
    }

    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    /// The target before the action: a JSON object (for removed content,
    /// its title and the start of its text).
    async fn before(&self) -> Option<&str> {
        self.0.before.as_deref()
    }

    /// The target after the action, as JSON.
    async fn after(&self) -> Option<&str> {
        self.0.after.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(Default)]
pub struct LogQuery;

#[Object]
impl LogQuery {
    /// The moderation log, newest first (staff).
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn moderation_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<ModerationLogFilter>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<ModerationLogEntry>> {
        let filter = filter.unwrap_or_default();
        let moderator = filter
            .moderator_id
            .as_ref()
            .map(|id| ids::decode("filter.moderatorId", NodeKind::User, id))
            .transpose()
            .gql()?;
        let target = filter
            .target_id
            .as_ref()
            .map(|id| target_of("filter.targetId", id))
            .transpose()
            .gql()?;
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from >= to
        {
            return Err(gql_error(ApiError::bad_input(
                "filter.to",
                "the end of the range must come after its start",
            )));
        }
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = log_service::list(
            &ctx.state().db,
            LogFilter {
                actor_id: moderator,
                action: filter.action.map(Action::from),
                target,
                from: filter.from,
                to: filter.to,
            },
            page,
        )
        .await
        .gql()?;
        Ok(pagination::connection(rows, ModerationLogEntry))
    }
}
