//! `recommendationStats`: how each model version does online.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use crate::{
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        guards::RoleGuard,
        ids::{self, NodeKind},
    },
    services::recommendations::impressions::{self, Counts, Stats},
};

/// A model version's id as the API shows it.
pub fn model_id(id: i64) -> ID {
    ids::encode(NodeKind::RecommenderModel, id)
}

/// Impressions and clicks of one model version and arm (and list).
pub struct RecommendationCounts(Counts);

#[Object]
impl RecommendationCounts {
    /// The model version; null for the popularity fallback (no model).
    async fn model_id(&self) -> Option<ID> {
        self.0.model_id.map(model_id)
    }

    /// `CONTROL`, `CHALLENGER` or `FALLBACK`.
    async fn variant(&self) -> &str {
        &self.0.variant
    }

    /// The list (`COURSES`, `THREADS`, `SIMILAR_COURSES`, `SIMILAR_USERS`,
    /// `GROUP_MEMBERS`, `GROUP_THREADS`); null in the per-model totals.
    async fn surface(&self) -> Option<&str> {
        self.0.surface.as_deref()
    }

    async fn impressions(&self) -> i64 {
        self.0.impressions
    }

    /// Impressions clicked (each counts once).
    async fn clicks(&self) -> i64 {
        self.0.clicks
    }

    /// Clicks per impression (0 without impressions).
    async fn ctr(&self) -> f64 {
        self.0.ctr()
    }
}

/// Online results over a time range.
pub struct RecommendationStats(Stats);

#[Object]
impl RecommendationStats {
    /// Per model version and arm, newest model first.
    async fn by_model(&self) -> Vec<RecommendationCounts> {
        self.0
            .by_model
            .iter()
            .cloned()
            .map(RecommendationCounts)
            .collect()
    }

    /// Per model version, arm and list.
    async fn by_surface(&self) -> Vec<RecommendationCounts> {
        self.0
            .by_surface
            .iter()
            .cloned()
            .map(RecommendationCounts)
            .collect()
    }
}

#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Impressions, clicks and click-through rate of the recommendations
    /// served in `[from, to)`, per model version and arm (staff).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn recommendation_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Served from (inclusive).")] from: DateTime<Utc>,
        #[graphql(desc = "Served before (exclusive).")] to: DateTime<Utc>,
    ) -> async_graphql::Result<RecommendationStats> {
        let stats = impressions::stats(&ctx.state().db, from, to).await.gql()?;
        Ok(RecommendationStats(stats))
    }
}
