//! The points ledger: rules (admins), history and vote-ring suspects.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{reward_rules, vote_ring_suspects};

use crate::{
    graphql::{
        accounts::types::User,
        accounts::types::load_user,
        context::ContextExt,
        errors::GqlResult,
        guards::RoleGuard,
        pagination::{self, CountedConnection},
    },
    services::rewards::{
        Level,
        levels::{self, LevelProgress as Progress},
        rules::{self, RuleChanges},
        vote_rings,
    },
};

/// Levels follow points (thresholds are configuration) and unlock
/// privileges: Novice members may start 3 threads a day and put 2 links in
/// a post; downvoting needs Intermediate; closing duplicates needs Expert.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum UserLevel {
    /// 入门
    Novice,
    /// 中级
    Intermediate,
    /// 高级
    Advanced,
    /// 专家
    Expert,
}

impl From<Level> for UserLevel {
    fn from(level: Level) -> Self {
        match level {
            Level::Novice => UserLevel::Novice,
            Level::Intermediate => UserLevel::Intermediate,
            Level::Advanced => UserLevel::Advanced,
            Level::Expert => UserLevel::Expert,
        }
    }
}

/// How far a user is from their next level.
#[derive(SimpleObject)]
pub struct LevelProgress {
    pub level: UserLevel,
    /// Null at the top level.
    pub next_level: Option<UserLevel>,
    /// Points at which the current level began.
    pub current_level_points: i64,
    /// Points at which the next level begins; null at the top.
    pub next_level_points: Option<i64>,
    /// 0 … 1 of the way to the next level (1 at the top).
    pub fraction: f64,
}

impl From<Progress> for LevelProgress {
    fn from(progress: Progress) -> Self {
        LevelProgress {
            level: progress.level.into(),
            next_level: progress.next.map(Into::into),
            current_level_points: progress.current_threshold,
            next_level_points: progress.next_threshold,
            fraction: progress.fraction,
        }
    }
}

/// A user's level and progress, from their points.
pub fn level_progress(ctx: &Context<'_>, points: i64) -> LevelProgress {
    levels::progress(points, &ctx.state().rewards).into()
}

/// How many points an event earns. Editing a rule never changes points
/// already awarded.
#[derive(SimpleObject)]
pub struct RewardRule {
    /// e.g. ANSWER_UPVOTED.
    pub key: String,
    pub points: i32,
    pub enabled: bool,
    /// Counts toward the daily cap on points from votes.
    pub capped: bool,
    pub description: String,
    pub updated_at: DateTime<Utc>,
}

impl From<reward_rules::Model> for RewardRule {
    fn from(rule: reward_rules::Model) -> Self {
        RewardRule {
            key: rule.key,
            points: rule.points,
            enabled: rule.enabled,
            capped: rule.capped,
            description: rule.description,
            updated_at: rule.updated_at,
        }
    }
}

/// Changes to a reward rule; omitted fields stay.
#[derive(InputObject)]
pub struct UpdateRewardRuleInput {
    /// −1,000 … 1,000.
    pub points: Option<i32>,
    pub enabled: Option<bool>,
    pub capped: Option<bool>,
}

/// Two users whose votes for each other passed the configured share of
/// their votes within 30 days: their votes for each other earn nothing.
pub struct VoteRingSuspect(vote_ring_suspects::Model);

#[Object]
impl VoteRingSuspect {
    async fn user_a(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.user_a).await
    }

    async fn user_b(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.user_b).await
    }

    /// Votes A gave B's posts, and B gave A's, in the window when detected.
    async fn votes_a_to_b(&self) -> i64 {
        self.0.votes_a_to_b
    }

    async fn votes_b_to_a(&self) -> i64 {
        self.0.votes_b_to_a
    }

    /// All votes each cast in the window.
    async fn votes_of_a(&self) -> i64 {
        self.0.votes_of_a
    }

    async fn votes_of_b(&self) -> i64 {
        self.0.votes_of_b
    }

    async fn detected_at(&self) -> DateTime<Utc> {
        self.0.detected_at
    }

    /// The last time one of them voted for the other since.
    async fn last_seen_at(&self) -> DateTime<Utc> {
        self.0.last_seen_at
    }
}

#[derive(Default)]
pub struct LedgerQuery;

#[Object]
impl LedgerQuery {
    /// Every reward rule, by key. Anyone may read what earns points.
    async fn reward_rules(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RewardRule>> {
        Ok(rules::list(&ctx.state().db)
            .await
            .gql()?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Suspected vote rings, newest first (staff).
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn vote_ring_suspects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<VoteRingSuspect>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = vote_rings::list(&ctx.state().db, page).await.gql()?;
        Ok(pagination::connection(rows, VoteRingSuspect))
    }
}

#[derive(Default)]
pub struct LedgerMutation;

#[Object]
impl LedgerMutation {
    /// Changes a reward rule (admins). NOT_FOUND for an unknown key;
    /// BAD_USER_INPUT for points outside −1,000 … 1,000.
    #[graphql(guard = "RoleGuard::ADMIN")]
    async fn update_reward_rule(
        &self,
        ctx: &Context<'_>,
        key: String,
        input: UpdateRewardRuleInput,
    ) -> async_graphql::Result<RewardRule> {
        let changes = RuleChanges {
            points: input.points,
            enabled: input.enabled,
            capped: input.capped,
        };
        Ok(
            rules::update(&ctx.state().db, ctx.viewer()?, &key, changes, ctx.now())
                .await
                .gql()?
                .into(),
        )
    }
}
