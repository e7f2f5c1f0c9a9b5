//! Creator earnings and payouts: `myEarnings`, the staff `payouts` list and
//! the payout mutations.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::payouts;

use crate::{
    graphql::{
        accounts::types::User,
        accounts::types::load_user,
        context::ContextExt,
        courses::types::{Course, load_course},
        errors::GqlResult,
        guards::{CanWrite, RoleGuard, SignedIn},
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::rewards::earnings::{self, Balance},
};

/// Where a payout stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::payouts::Status")]
pub enum PayoutStatus {
    /// Waiting for staff; its amount is already out of the available balance.
    Requested,
    /// Paid out.
    Paid,
    /// Refused; its amount went back to the available balance.
    Rejected,
}

/// A creator's request to be paid out.
pub struct Payout(pub payouts::Model);

#[Object]
impl Payout {
    /// Opaque global ID.
    async fn id(&self) -> ID {
        ids::encode(NodeKind::Payout, self.0.id)
    }

    async fn creator(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.creator_id).await
    }

    async fn amount_cents(&self) -> i64 {
        self.0.amount_cents
    }

    /// ISO 4217, e.g. USD or CNY.
    async fn currency(&self) -> &str {
        &self.0.currency
    }

    async fn status(&self) -> PayoutStatus {
        self.0.status.into()
    }

    async fn requested_at(&self) -> DateTime<Utc> {
        self.0.requested_at
    }

    /// When staff marked it paid or rejected it.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }

    /// Why it was rejected.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
}

/// A creator's money in one currency (integer cents).
#[derive(SimpleObject)]
pub struct EarningsBalance {
    /// ISO 4217, e.g. USD or CNY.
    pub currency: String,
    /// May be requested out now.
    pub available_cents: i64,
    /// Sales still inside the refund window (net of their refunds).
    pub pending_cents: i64,
    /// Requested out and not yet decided.
    pub requested_cents: i64,
    /// Paid out so far.
    pub paid_out_cents: i64,
}

impl From<Balance> for EarningsBalance {
    fn from(b: Balance) -> Self {
        EarningsBalance {
            currency: b.currency,
            available_cents: b.available_cents,
            pending_cents: b.pending_cents,
            requested_cents: b.requested_cents,
            paid_out_cents: b.paid_out_cents,
        }
    }
}

/// What one course earned its creator in one currency.
pub struct CourseEarnings(earnings::CourseEarnings);

#[Object]
impl CourseEarnings {
    async fn course(&self, ctx: &Context<'_>) -> async_graphql::Result<Course> {
        Ok(Course::from_arc(load_course(ctx, self.0.course_id).await?))
    }

    async fn currency(&self) -> &str {
        &self.0.currency
    }

    /// Paid enrolments.
    async fn sales(&self) -> i64 {
        self.0.sales
    }

    /// Of which refunded.
    async fn refunds(&self) -> i64 {
        self.0.refunds
    }

    /// The creator's share of every sale.
    async fn gross_cents(&self) -> i64 {
        self.0.gross_cents
    }

    /// Gross less refunds.
    async fn net_cents(&self) -> i64 {
        self.0.net_cents
    }
}

/// The viewer's earnings as a creator.
pub struct Earnings {
    creator_id: i64,
}

#[Object]
impl Earnings {
    /// One balance per currency earned in, by currency code.
    async fn balances(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<EarningsBalance>> {
        Ok(
            earnings::balances(&ctx.state().db, self.creator_id, ctx.now())
                .await
                .gql()?
                .into_iter()
                .map(Into::into)
                .collect(),
        )
    }

    /// Sales and refunds per course (and currency).
    async fn courses(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CourseEarnings>> {
        Ok(earnings::by_course(&ctx.state().db, self.creator_id)
            .await
            .gql()?
            .into_iter()
            .map(CourseEarnings)
            .collect())
    }

    /// Payout requests, newest first.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn payouts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Payout>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = earnings::payouts_of(&ctx.state().db, self.creator_id, page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, Payout))
    }
}

#[derive(Default)]
pub struct EarningsQuery;

#[Object]
impl EarningsQuery {
    /// The viewer's earnings: balances, per-course breakdown and payouts.
    #[graphql(guard = "SignedIn")]
    async fn my_earnings(&self, ctx: &Context<'_>) -> async_graphql::Result<Earnings> {
        Ok(Earnings {
            creator_id: ctx.viewer()?.id(),
        })
    }

    /// Every creator's payouts, newest first (staff).
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn payouts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only payouts in this status; all when omitted.")] status: Option<
            PayoutStatus,
        >,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Payout>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows =
            earnings::list_payouts(&ctx.state().db, ctx.viewer()?, status.map(Into::into), page)
                .await
                .gql()?;
        Ok(pagination::connection(rows, Payout))
    }
}

#[derive(Default)]
pub struct EarningsMutation;

#[Object]
impl EarningsMutation {
    /// Requests a payout from the available balance in one currency.
    /// BAD_USER_INPUT (field amountCents) below the minimum or above the
    /// available balance; (field currency) for an unknown currency.
    #[graphql(guard = "CanWrite")]
    async fn request_payout(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Cents, at least the payout minimum.")] amount_cents: i32,
        #[graphql(desc = "ISO 4217, e.g. USD or CNY.")] currency: String,
    ) -> async_graphql::Result<Payout> {
        let state = ctx.state();
        Ok(Payout(
            earnings::request_payout(
                &state.db,
                ctx.viewer()?,
                &state.rewards,
                i64::from(amount_cents),
                &currency,
                ctx.now(),
            )
            .await
            .gql()?,
        ))
    }

    /// Marks a requested payout paid (staff). CONFLICT once decided.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn mark_payout_paid(
        &self,
        ctx: &Context<'_>,
        payout_id: ID,
    ) -> async_graphql::Result<Payout> {
        let id = ids::decode("payoutId", NodeKind::Payout, &payout_id).gql()?;
        Ok(Payout(
            earnings::mark_payout_paid(&ctx.state().db, ctx.viewer()?, id, ctx.now())
                .await
                .gql()?,
        ))
    }

    /// Rejects a requested payout (staff), returning its amount to the
    /// creator's available balance. CONFLICT once decided.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn reject_payout(
        &self,
        ctx: &Context<'_>,
        payout_id: ID,
        #[graphql(desc = "1–1,000 characters, shown to the creator.")] reason: String,
    ) -> async_graphql::Result<Payout> {
        let id = ids::decode("payoutId", NodeKind::Payout, &payout_id).gql()?;
        Ok(Payout(
            earnings::reject_payout(&ctx.state().db, ctx.viewer()?, id, &reason, ctx.now())
                .await
                .gql()?,
        ))
    }
}
