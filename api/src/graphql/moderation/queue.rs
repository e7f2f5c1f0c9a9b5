//! Reports and the moderation queue: members report, staff read the queue
//! and resolve its items.

use async_graphql::{Context, ID, Object};
use entity::moderation_items::TargetType;

use super::queue_types::{
    ModerationItem, ModerationQueueFilter, ModerationQueueOrder, ModerationResolution, Report,
    ReportInput,
};
use crate::{
    error::ApiError,
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        guards::RoleGuard,
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    live::LiveEvent,
    services::moderation::{
        queue::{self as queue_service, QueueFilter, QueueOrder},
        reports::{self as report_service, NewReport},
        resolve::{self as resolve_service, Decision},
    },
};

/// Tells live subscribers of these users' notifications to look.
async fn notified(ctx: &Context<'_>, user_ids: Vec<i64>) {
    if !user_ids.is_empty() {
        ctx.state()
            .live
            .publish(LiveEvent::Notified { user_ids })
            .await;
    }
}

#[derive(Default)]
pub struct QueueQuery;

#[Object]
impl QueueQuery {
    /// The moderation queue (staff): open items heaviest first unless told
    /// otherwise.
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn moderation_queue(
        &self,
        ctx: &Context<'_>,
        filter: Option<ModerationQueueFilter>,
        #[graphql(
            desc = "WEIGHT when omitted or null.",
            default_with = "Some(ModerationQueueOrder::Weight)"
        )]
        order_by: Option<ModerationQueueOrder>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<ModerationItem>> {
        let filter = filter.unwrap_or_default();
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let defaults = QueueFilter::default();
        let rows = queue_service::list(
            &ctx.state().db,
            QueueFilter {
                status: filter.status.map_or(defaults.status, Into::into),
                reason: filter.reason.map(Into::into),
                target_type: filter.target_type.map(Into::into),
                source: filter.source.map(Into::into),
            },
            match order_by.unwrap_or_default() {
                ModerationQueueOrder::Weight => QueueOrder::Weight,
                ModerationQueueOrder::Oldest => QueueOrder::Oldest,
                ModerationQueueOrder::Newest => QueueOrder::Newest,
            },
            page,
        )
        .await
        .gql()?;
        Ok(pagination::connection(rows, ModerationItem))
    }

    /// One queue item (staff); null when there is none.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn moderation_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item's global ID.")] id: ID,
    ) -> async_graphql::Result<Option<ModerationItem>> {
        let id = ids::decode("id", NodeKind::ModerationItem, &id).gql()?;
        match queue_service::find(&ctx.state().db, id).await {
            Ok(item) => Ok(Some(ModerationItem(item))),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(err) => Err(err).gql(),
        }
    }
}

#[derive(Default)]
pub struct QueueMutation;

#[Object]
impl QueueMutation {
    /// Reports a thread, answer, comment or user to the moderators. One
    /// open report per member and target (CONFLICT for a second);
    /// BAD_USER_INPUT for one's own posts or oneself, or OTHER without a
    /// note; NOT_FOUND for what the member cannot read or what was deleted.
    async fn report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What is reported, and why.")] input: ReportInput,
    ) -> async_graphql::Result<Report> {
        let viewer = ctx.viewer()?;
        let (kind, target_id) = ids::decode_any("input.targetId", &input.target_id).gql()?;
        let target_type = match kind {
            NodeKind::Thread => TargetType::Thread,
            NodeKind::Answer => TargetType::Answer,
            NodeKind::Comment => TargetType::Comment,
            NodeKind::User => TargetType::User,
            _ => {
                return Err(ApiError::bad_input(
                    "input.targetId",
                    "only threads, answers, comments and users can be reported",
                ))
                .gql();
            }
        };
        let state = ctx.state();
        let filed = report_service::report(
            &state.db,
            viewer,
            &state.rewards,
            &state.moderation,
            NewReport {
                target_type,
                target_id,
                reason: input.reason.into(),
                note: input.note,
            },
            ctx.now(),
        )
        .await
        .gql()?;
        notified(ctx, filed.notified).await;
        Ok(Report(filed.value))
    }

    /// Resolves a queue item (staff): applies the action to its target,
    /// settles its reports (UPHELD, or DISMISSED for DISMISS), notifies the
    /// reporters and the author, and writes the moderation log. CONFLICT
    /// when it is already resolved; BAD_USER_INPUT for HIDE_CONTENT or
    /// DELETE_CONTENT on a user, or SUSPEND_USER without 1–3650 days.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn resolve_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The queue item.")] item_id: ID,
        #[graphql(desc = "What to do with it.")] action: ModerationResolution,
        #[graphql(desc = "Why (up to 500 characters): kept on the item and in the log.")]
        note: Option<String>,
        #[graphql(desc = "Days of suspension, 1–3650: only with SUSPEND_USER.")]
        suspend_days: Option<i32>,
    ) -> async_graphql::Result<ModerationItem> {
        let viewer = ctx.viewer()?;
        let item_id = ids::decode("itemId", NodeKind::ModerationItem, &item_id).gql()?;
        let state = ctx.state();
        let resolved = resolve_service::resolve(
            &state.db,
            viewer,
            &state.rewards,
            item_id,
            Decision {
                resolution: action.into(),
                note,
                suspend_days,
            },
            ctx.now(),
        )
        .await
        .gql()?;
        notified(ctx, resolved.notified).await;
        Ok(ModerationItem(resolved.value))
    }
}
