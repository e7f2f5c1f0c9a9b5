//! `recommendationMetrics`: how each recommender model version does,
//! read from the served recommendations and their clicks.

use async_graphql::{Context, ID, Object};

use super::{MetricGranularity, range};
use crate::{
    graphql::{
        context::ContextExt, errors::GqlResult, guards::RoleGuard,
        recommendations::stats::model_id, rewards::history::Date,
    },
    services::{
        analytics::metrics::{Range, recommendations},
        recommendations::impressions::Counts,
    },
};

/// Recommendations served and clicked for one model version and arm.
/// Impressions are items shown in served lists; a click counts once per
/// impression, under the period its impression was served in.
pub struct RecommendationMetricPoint {
    /// None in the range's totals.
    date: Option<Date>,
    counts: Counts,
}

#[Object]
impl RecommendationMetricPoint {
    /// The period's first day inside the range; null in the totals.
    async fn date(&self) -> Option<Date> {
        self.date
    }

    /// The model version; null for the popularity fallback (no model).
    async fn model_id(&self) -> Option<ID> {
        self.counts.model_id.map(model_id)
    }

    /// `CONTROL`, `CHALLENGER` or `FALLBACK`.
    async fn variant(&self) -> &str {
        &self.counts.variant
    }

    /// Items served.
    async fn impressions(&self) -> i64 {
        self.counts.impressions
    }

    /// Served items clicked (each counts once).
    async fn clicks(&self) -> i64 {
        self.counts.clicks
    }

    /// `clicks / impressions` (0 without impressions).
    async fn ctr(&self) -> f64 {
        self.counts.ctr()
    }
}

/// How each model version's recommendations did.
pub struct RecommendationMetrics(Range);

#[Object]
impl RecommendationMetrics {
    /// Per period, then model version (newest first) and arm; periods
    /// without impressions are left out.
    async fn points(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<RecommendationMetricPoint>> {
        let points = recommendations::series(&ctx.state().db, &self.0)
            .await
            .gql()?;
        Ok(points
            .into_iter()
            .map(|p| RecommendationMetricPoint {
                date: Some(Date(p.date)),
                counts: p.counts,
            })
            .collect())
    }

    /// Per model version and arm over the whole range (newest model first).
    async fn totals(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<RecommendationMetricPoint>> {
        let totals = recommendations::totals(&ctx.state().db, &self.0)
            .await
            .gql()?;
        Ok(totals
            .into_iter()
            .map(|counts| RecommendationMetricPoint { date: None, counts })
            .collect())
    }
}

#[derive(Default)]
pub struct RecommendationMetricsQuery;

#[Object]
impl RecommendationMetricsQuery {
    /// Impressions, clicks and click-through rate per model version and arm,
    /// per period and over the range (staff).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn recommendation_metrics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day, included (reporting time zone).")] from: Date,
        #[graphql(desc = "Last day, included; at most 731 days after `from`.")] to: Date,
        #[graphql(desc = "How `points` cuts the range.", default)] granularity: MetricGranularity,
    ) -> async_graphql::Result<RecommendationMetrics> {
        Ok(RecommendationMetrics(
            range(ctx, from, to, granularity).gql()?,
        ))
    }
}
