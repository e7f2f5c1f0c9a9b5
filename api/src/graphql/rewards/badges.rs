//! Badges: their definitions, and the badges a user holds (`badges_of`,
//! the resolver behind `User.badges`).

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::badges::{self as badge_entity, Tier};

use crate::{
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        ids::{self, NodeKind},
    },
    services::rewards::badges::{self, Held, Subject, criteria},
};

/// How hard a badge is to earn.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum BadgeTier {
    Bronze,
    Silver,
    Gold,
}

impl From<Tier> for BadgeTier {
    fn from(tier: Tier) -> Self {
        match tier {
            Tier::Bronze => BadgeTier::Bronze,
            Tier::Silver => BadgeTier::Silver,
            Tier::Gold => BadgeTier::Gold,
        }
    }
}

/// A badge's definition. Each is awarded once per user, or once per answer
/// or course for the badges about one.
#[derive(SimpleObject, Clone, Debug)]
pub struct Badge {
    /// e.g. GOOD_ANSWER.
    pub key: String,
    pub name: String,
    pub description: String,
    pub tier: BadgeTier,
    /// The number the rule asks for: a score, a count of answers,
    /// enrolments or learners, or of consecutive active days.
    pub threshold: i64,
}

impl From<badge_entity::Model> for Badge {
    fn from(badge: badge_entity::Model) -> Self {
        Badge {
            key: badge.key,
            name: badge.name,
            description: badge.description,
            tier: badge.tier.into(),
            threshold: badge.threshold,
        }
    }
}

/// A badge a user earned.
#[derive(SimpleObject, Clone, Debug)]
pub struct UserBadge {
    pub badge: Badge,
    /// The answer or course it was earned for; null for badges earned once
    /// per user.
    pub subject_id: Option<ID>,
    pub awarded_at: DateTime<Utc>,
}

impl From<&Held> for UserBadge {
    fn from(held: &Held) -> Self {
        let kind = match criteria::subject_of(&held.badge.key) {
            Some(Subject::Answer) => Some(NodeKind::Answer),
            Some(Subject::Course) => Some(NodeKind::Course),
            None => None,
        };
        UserBadge {
            badge: held.badge.clone().into(),
            subject_id: kind
                .filter(|_| held.subject_id != 0)
                .map(|kind| ids::encode(kind, held.subject_id)),
            awarded_at: held.awarded_at,
        }
    }
}

/// A user's badges, oldest first. Batched: the badges of a list of users
/// cost one statement.
pub async fn badges_of(ctx: &Context<'_>, user_id: i64) -> async_graphql::Result<Vec<UserBadge>> {
    let held = ctx.loaders().user_badges.load_one(user_id).await.gql()?;
    Ok(held
        .map(|held| held.iter().map(UserBadge::from).collect())
        .unwrap_or_default())
}

#[derive(Default)]
pub struct BadgesQuery;

#[Object]
impl BadgesQuery {
    /// Every badge there is to earn, by key.
    async fn badges(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Badge>> {
        Ok(badges::definitions(&ctx.state().db)
            .await
            .gql()?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The badges a user earned, oldest first (as `User.badges`).
    async fn user_badges(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user.")] user_id: ID,
    ) -> async_graphql::Result<Vec<UserBadge>> {
        let id = ids::decode("userId", NodeKind::User, &user_id).gql()?;
        badges_of(ctx, id).await
    }
}
