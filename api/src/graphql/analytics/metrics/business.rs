//! Metrics read from the money and points ledgers: `creatorMetrics` and
//! `rewardMetrics`.

use async_graphql::{Context, Enum, Object, SimpleObject};

use super::{MetricGranularity, range, ranking_range};
use crate::{
    graphql::{
        accounts::types::User,
        accounts::types::load_user,
        context::ContextExt,
        errors::GqlResult,
        guards::RoleGuard,
        pagination::{self, CountedConnection},
        rewards::history::Date,
    },
    services::analytics::metrics::{
        Range,
        creators::{self, CreatorFigures},
        page_of,
        rewards::{self, DEFAULT_EARNERS},
    },
};

/// How `creatorMetrics` ranks creators (highest first; ties: lower id first).
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
#[graphql(remote = "crate::services::analytics::metrics::creators::CreatorOrder")]
pub enum CreatorMetricsOrder {
    /// By `netCents`.
    #[default]
    Revenue,
    /// By `enrolments`.
    Enrolments,
    /// By `refunds`.
    Refunds,
    /// By `points`.
    Points,
    /// By `newFollowers`.
    NewFollowers,
}

/// One creator (a member who owns a course) over the range.
pub struct CreatorMetrics {
    figures: CreatorFigures,
    currency: String,
}

#[Object]
impl CreatorMetrics {
    /// The creator.
    async fn creator(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.figures.creator_id).await
    }

    /// Enrolments in the creator's courses made in the range (any price or
    /// currency, refunded later or not).
    async fn enrolments(&self) -> i64 {
        self.figures.enrolments
    }

    /// The currency of the money fields (ISO 4217).
    async fn currency(&self) -> &str {
        &self.currency
    }

    /// What learners paid, in `currency`, for the enrolments made in the
    /// range (cents).
    async fn gross_cents(&self) -> i64 {
        self.figures.gross_cents
    }

    /// Enrolments in the creator's courses refunded in the range (whenever
    /// they were made).
    async fn refunds(&self) -> i64 {
        self.figures.refunds
    }

    /// What those refunds paid back, in `currency` (cents).
    async fn refunded_cents(&self) -> i64 {
        self.figures.refunded_cents
    }

    /// `grossCents - refundedCents`.
    async fn net_cents(&self) -> i64 {
        self.figures.net_cents
    }

    /// Net points credited to the creator in the range (reversals count
    /// negative).
    async fn points(&self) -> i64 {
        self.figures.points
    }

    /// Members who started following the creator in the range (and still
    /// do).
    async fn new_followers(&self) -> i64 {
        self.figures.new_followers
    }
}

/// One reward rule's points in one period (periods and rules without
/// ledger rows are left out).
#[derive(SimpleObject)]
pub struct RewardMetricPoint {
    /// The period's first day inside the range.
    pub date: Date,
    /// The reward rule's key (see `rewardRules`).
    pub rule: String,
    /// Points credited by awards made in the period.
    pub issued: i64,
    /// Points taken back by reversals made in the period (a positive number).
    pub reversed: i64,
    /// `issued - reversed`.
    pub net: i64,
    /// Ledger rows (awards and reversals).
    pub entries: i64,
}

/// A member's net points over the range.
pub struct TopEarner(rewards::Earner);

#[Object]
impl TopEarner {
    /// The member.
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.user_id).await
    }

    /// Net points credited in the range (reversals count negative).
    async fn points(&self) -> i64 {
        self.0.points
    }
}

/// Points issued from the points ledger.
pub struct RewardMetrics(Range);

#[Object]
impl RewardMetrics {
    /// Points per period and rule, by period then rule key.
    async fn points(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RewardMetricPoint>> {
        let rows = rewards::per_rule(&ctx.state().db, &self.0).await.gql()?;
        Ok(rows
            .into_iter()
            .map(|r| RewardMetricPoint {
                date: Date(r.date),
                rule: r.rule,
                issued: r.issued,
                reversed: r.reversed,
                net: r.net,
                entries: r.entries,
            })
            .collect())
    }

    /// The members with the most net points credited in the range, most
    /// first (ties: the earlier member first); members whose net points in
    /// the range are zero or less are not earners and are left out.
    async fn top_earners(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many: 10 when omitted, at most 100.")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<TopEarner>> {
        let limit = first.map_or(DEFAULT_EARNERS, i64::from);
        let earners = rewards::top_earners(&ctx.state().db, &self.0, limit)
            .await
            .gql()?;
        Ok(earners.into_iter().map(TopEarner).collect())
    }
}

#[derive(Default)]
pub struct BusinessQuery;

#[Object]
impl BusinessQuery {
    /// Per creator, what the range brought: enrolments, revenue and refunds
    /// in one currency, points credited and new followers (staff). Every
    /// member who owns a course is listed, zeros included.
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    #[expect(
        clippy::too_many_arguments,
        reason = "a resolver's arguments are the field's arguments"
    )]
    async fn creator_metrics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day, included (reporting time zone).")] from: Date,
        #[graphql(desc = "Last day, included; at most 731 days after `from`.")] to: Date,
        #[graphql(
            desc = "The money fields' currency (ISO 4217).",
            default_with = "creators::DEFAULT_CURRENCY.to_owned()"
        )]
        currency: String,
        #[graphql(desc = "The ranking.", default)] order_by: CreatorMetricsOrder,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<CreatorMetrics>> {
        let range = ranking_range(ctx, from, to).gql()?;
        let currency = creators::currency(&currency).gql()?;
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let ranked = creators::ranked(&ctx.state().db, &range, &currency, order_by.into())
            .await
            .gql()?;
        let rows = page_of("analytics.creators", &ranked, &page).gql()?;
        Ok(pagination::connection(rows, |figures| CreatorMetrics {
            figures,
            currency: currency.clone(),
        }))
    }

    /// Points issued per reward rule and period, and the top earners (staff).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn reward_metrics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day, included (reporting time zone).")] from: Date,
        #[graphql(desc = "Last day, included; at most 731 days after `from`.")] to: Date,
        #[graphql(desc = "How `points` cuts the range.", default)] granularity: MetricGranularity,
    ) -> async_graphql::Result<RewardMetrics> {
        Ok(RewardMetrics(range(ctx, from, to, granularity).gql()?))
    }
}
