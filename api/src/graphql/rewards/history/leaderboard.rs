//! `leaderboard`: the users with the most points, overall or in a tag.

use async_graphql::{Context, Enum, Object};

use crate::{
    graphql::{
        accounts::types::{User, load_user},
        context::ContextExt,
        errors::GqlResult,
        pagination,
    },
    services::rewards::history::leaderboard::{self, Standing},
};

/// The time a leaderboard covers.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::services::rewards::history::leaderboard::LeaderboardPeriod")]
pub enum LeaderboardPeriod {
    /// Points credited in the last 7 UTC days, today included.
    Week,
    /// Points credited in the last 30 UTC days, today included.
    Month,
    /// All time: balances (with a tag, everything ever credited there).
    All,
}

/// A place on a leaderboard.
pub struct LeaderboardEntry(Standing);

#[Object]
impl LeaderboardEntry {
    /// 1 for the most points; equal points share a rank (1, 2, 2, 4).
    async fn rank(&self) -> u64 {
        self.0.rank
    }

    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.user_id).await
    }

    async fn points(&self) -> i64 {
        self.0.points
    }
}

#[derive(Default)]
pub struct LeaderboardQuery;

#[Object]
impl LeaderboardQuery {
    /// Users with the most points in the period, deleted accounts left out.
    /// With a tag, only points earned in threads or courses with that tag
    /// count (an unknown tag has nobody). Public.
    #[graphql(complexity = "pagination::page_complexity(Some(first), child_complexity)")]
    async fn leaderboard(
        &self,
        ctx: &Context<'_>,
        period: LeaderboardPeriod,
        tag: Option<String>,
        #[graphql(desc = "How many: at most 100.", default = 20)] first: i32,
    ) -> async_graphql::Result<Vec<LeaderboardEntry>> {
        Ok(leaderboard::leaderboard(
            &ctx.state().db,
            period.into(),
            tag.as_deref(),
            i64::from(first),
            ctx.now(),
        )
        .await
        .gql()?
        .into_iter()
        .map(LeaderboardEntry)
        .collect())
    }
}
