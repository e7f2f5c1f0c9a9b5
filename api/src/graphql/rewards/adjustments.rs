//! Points adjusted by hand (administrators), with a reason.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::point_adjustments;

use crate::{
    graphql::{
        accounts::types::User,
        accounts::types::load_user,
        context::ContextExt,
        errors::GqlResult,
        guards::RoleGuard,
        ids::{self, NodeKind},
    },
    services::rewards::adjustments::{self, Adjustment},
};

#[derive(InputObject)]
pub struct AdjustPointsInput {
    /// The member whose points change.
    pub user_id: ID,
    /// Points to add (positive) or take (negative): 1 to 10,000 either way.
    pub points: i32,
    /// Why (1–500 characters): kept with the adjustment and in the moderation log.
    pub reason: String,
    /// A key the client makes once per adjustment (1–100 visible ASCII
    /// characters): a retry with it returns the first result instead of
    /// adjusting again; the same key for another adjustment is a CONFLICT.
    pub idempotency_key: String,
}

/// Points an administrator added or took by hand.
pub struct PointsAdjustment(point_adjustments::Model);

#[Object]
impl PointsAdjustment {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.user_id).await
    }

    /// Who adjusted.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.actor_id).await
    }

    /// What was asked for.
    async fn points(&self) -> i32 {
        self.0.points
    }

    /// What the balance changed by: a deduction stops at the floor of 1 point.
    async fn credited(&self) -> i32 {
        self.0.credited
    }

    async fn reason(&self) -> &str {
        &self.0.reason
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(Default)]
pub struct AdjustmentsMutation;

#[Object]
impl AdjustmentsMutation {
    /// Adds or takes a member's points by hand (administrators): a ledger
    /// row of rule STAFF_ADJUSTMENT and a moderation-log entry with the
    /// reason. BAD_USER_INPUT for 0, more than 10,000 either way, an empty
    /// reason or a bad key; NOT_FOUND for an unknown member.
    #[graphql(guard = "RoleGuard::ADMIN")]
    async fn adjust_points(
        &self,
        ctx: &Context<'_>,
        input: AdjustPointsInput,
    ) -> async_graphql::Result<PointsAdjustment> {
        let user_id = ids::decode("input.userId", NodeKind::User, &input.user_id).gql()?;
        let state = ctx.state();
        let adjustment = adjustments::adjust(
            &state.db,
            &state.rewards,
            ctx.viewer()?,
            Adjustment {
                user_id,
                points: i64::from(input.points),
                reason: &input.reason,
                idempotency_key: &input.idempotency_key,
            },
            ctx.now(),
        )
        .await
        .gql()?;
        Ok(PointsAdjustment(adjustment))
    }
}
