//! The metrics family (staff only): `activityMetrics`, `retentionCohorts`,
//! `funnel`, `communityHealth`, `contentQuality`, `creatorMetrics`,
//! `rewardMetrics` and `recommendationMetrics`. Each takes a range of
//! calendar dates in the reporting time zone (`ANALYTICS_TIME_ZONE`) and a
//! granularity; definitions are in the descriptions and docs/ANALYTICS.md.

pub mod activity;
pub mod business;
pub mod community;
pub mod recommendations;

use async_graphql::{Context, Enum, MergedObject};

use crate::{
    error::ApiResult,
    graphql::{context::ContextExt, rewards::history::Date},
    services::analytics::metrics::{Granularity, Range},
};

/// How a metric's range is cut into points. Weeks start on Monday, months on
/// the 1st; a period the range cuts counts only its days inside the range.
/// A series has at most 366 points (DAY covers at most 366 days).
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
#[graphql(remote = "crate::services::analytics::metrics::Granularity")]
pub enum MetricGranularity {
    /// One point per day.
    #[default]
    Day,
    /// One point per week (Monday to Sunday).
    Week,
    /// One point per calendar month.
    Month,
}

/// The checked range of a metric's arguments (BAD_USER_INPUT naming `to`
/// when it ends before it starts or spans over 731 days, `granularity` when
/// it would give more than 366 points).
pub fn range(
    ctx: &Context<'_>,
    from: Date,
    to: Date,
    granularity: MetricGranularity,
) -> ApiResult<Range> {
    Range::new(
        from.0,
        to.0,
        Granularity::from(granularity),
        ctx.state().analytics.zone,
    )
}

/// The checked range of a ranking, which covers the range as a whole.
pub fn ranking_range(ctx: &Context<'_>, from: Date, to: Date) -> ApiResult<Range> {
    range(ctx, from, to, MetricGranularity::Month)
}

#[derive(MergedObject, Default)]
pub struct MetricsQuery(
    activity::ActivityQuery,
    community::CommunityMetricsQuery,
    business::BusinessQuery,
    recommendations::RecommendationMetricsQuery,
);
