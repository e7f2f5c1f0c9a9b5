//! Reward history: the ledger rows of a user with what they were for, sums
//! per day, week or month, and leaderboards.

pub mod leaderboard;

use std::sync::Arc;

use async_graphql::{
    Context, Enum, ID, InputObject, InputValueError, InputValueResult, MergedObject, Object,
    Scalar, ScalarType, SimpleObject, Union, Value,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{courses, reward_events, reward_events::SourceKind, threads};

use crate::{
    graphql::{
        accounts::types::{User, load_user},
        community::{posts::Answer, threads::Thread},
        context::ContextExt,
        courses::types::Course,
        errors::GqlResult,
        guards::{RoleGuard, SignedIn},
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::{
        community::access,
        courses::access as course_access,
        rewards::history::{self, Granularity, HistoryFilter, PeriodPoints, RuleSeries},
    },
};

/// A calendar day, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => Ok(Date(text.parse()?)),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    // Checked during validation, so "2026-02-30" is a request error
    // (BAD_USER_INPUT) rather than a failure inside a resolver.
    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(text) if text.parse::<NaiveDate>().is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

/// An award, or the reversal of one.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::reward_events::Entry")]
pub enum RewardEntry {
    Award,
    /// Takes back exactly what its award credited (a retracted vote, removed
    /// content, a refund).
    Reversal,
}

/// What a reward was for: the thread or answer voted on or accepted, the
/// course enrolled in or reviewed, the user (signing up).
#[derive(Union)]
// One short-lived value per row resolved: the size of `User` costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum RewardSource {
    Thread(Thread),
    Answer(Answer),
    Course(Course),
    User(User),
}

/// Narrows a reward history; every condition given must hold.
#[derive(InputObject, Default)]
pub struct RewardFilter {
    /// Rows of any of these rules (see `rewardRules`).
    pub rules: Option<Vec<String>>,
    /// Rows written at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Rows written at or before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Rows about this course (its enrolments, reviews and threads).
    pub course_id: Option<ID>,
}

/// Opaque ID of a ledger row (not a node: rows are reached through a history).
fn event_id(id: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("RewardEvent:{id}")))
}

/// One row of the points ledger.
pub struct RewardEvent(pub reward_events::Model);

#[Object]
impl RewardEvent {
    async fn id(&self) -> ID {
        event_id(self.0.id)
    }

    /// The rule's key, e.g. ANSWER_UPVOTED.
    async fn rule(&self) -> &str {
        &self.0.rule
    }

    async fn entry(&self) -> RewardEntry {
        self.0.entry.into()
    }

    /// Points credited: the rule's after the daily cap and the floor;
    /// negative for reversals and deductions.
    async fn points(&self) -> i32 {
        self.0.points
    }

    /// What the rule was worth at the time.
    async fn rule_points(&self) -> i32 {
        self.0.rule_points
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Who caused it: the voter, the learner, the asker; the user themself
    /// for signing up.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.actor_id).await
    }

    /// What it was for; null when that content was deleted or the viewer
    /// may no longer read it.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<RewardSource>> {
        let row = &self.0;
        Ok(match row.source_kind {
            SourceKind::User => Some(RewardSource::User(load_user(ctx, row.source_id).await?)),
            SourceKind::Thread => readable_thread(ctx, row.source_id)
                .await?
                .map(|thread| RewardSource::Thread(Thread::from_arc(thread))),
            SourceKind::Answer => readable_answer(ctx, row.source_id)
                .await?
                .map(RewardSource::Answer),
            SourceKind::Enrollment | SourceKind::Review => match row.course_id {
                Some(id) => visible_course(ctx, id).await?.map(RewardSource::Course),
                None => None,
            },
        })
    }

    /// For a reversal, the ID of the award it compensates.
    async fn reverses(&self) -> Option<ID> {
        self.0.reverses_id.map(event_id)
    }
}

/// A live thread the viewer may read, as the community resolvers decide
/// it: community-wide, or of a course the viewer belongs to (staff: any).
async fn readable_thread(
    ctx: &Context<'_>,
    id: i64,
) -> async_graphql::Result<Option<Arc<threads::Model>>> {
    let Some(thread) = ctx.loaders().threads.load_one(id).await.gql()? else {
        return Ok(None);
    };
    if thread.deleted_at.is_some() {
        return Ok(None);
    }
    let Some(course_id) = thread.course_id else {
        return Ok(Some(thread));
    };
    let Some(viewer) = ctx.viewer_opt() else {
        return Ok(None);
    };
    let member = access::is_staff(Some(viewer))
        || ctx
            .loaders()
            .viewer_course_membership
            .load_one((viewer.id(), course_id))
            .await
            .gql()?
            .is_some();
    Ok(member.then_some(thread))
}

/// A live answer in a thread the viewer may read.
async fn readable_answer(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<Answer>> {
    let Some(answer) = ctx.loaders().answers.load_one(id).await.gql()? else {
        return Ok(None);
    };
    if answer.deleted_at.is_some() || readable_thread(ctx, answer.thread_id).await?.is_none() {
        return Ok(None);
    }
    Ok(Some(Answer::from_arc(answer)))
}

/// A course the viewer may see (published; drafts and archived courses
/// only to those the catalogue shows them to).
async fn visible_course(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<Course>> {
    let Some(course) = ctx.loaders().courses.load_one(id).await.gql()? else {
        return Ok(None);
    };
    let viewer = ctx.viewer_opt();
    let enrolled = match viewer {
        Some(viewer) if course.status == courses::Status::Archived => ctx
            .loaders()
            .viewer_enrollments
            .load_one((viewer.id(), course.id))
            .await
            .gql()?
            .is_some(),
        _ => false,
    };
    Ok(course_access::may_see(viewer, &course, enrolled).then(|| Course::from_arc(course)))
}

/// A user's rewards, newest first: theirs to read, and staff's (FORBIDDEN
/// otherwise). Backs `myRewards`, `userRewards` and `User.rewards`.
pub async fn rewards_of(
    ctx: &Context<'_>,
    user_id: i64,
    filter: Option<RewardFilter>,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<CountedConnection<RewardEvent>> {
    let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
    let filter = filter.unwrap_or_default();
    let filter = HistoryFilter {
        rules: filter.rules.unwrap_or_default(),
        from: filter.from,
        to: filter.to,
        course_id: filter
            .course_id
            .map(|id| ids::decode("filter.courseId", NodeKind::Course, &id))
            .transpose()
            .gql()?,
    };
    let rows = history::list(&ctx.state().db, ctx.viewer()?, user_id, filter, page)
        .await
        .gql()?;
    Ok(pagination::connection(rows, RewardEvent))
}

/// How `rewardSummary` groups days (UTC).
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::services::rewards::history::Granularity")]
pub enum RewardGrouping {
    /// At most 400 days.
    Day,
    /// Weeks from Monday (ISO); at most 260.
    Week,
    /// At most 120 months.
    Month,
}

/// One period of a rule's series.
#[derive(SimpleObject)]
pub struct RewardPeriod {
    /// The period's first day.
    pub period_start: Date,
    /// Net points credited in it (reversals count negative).
    pub points: i64,
    /// Ledger rows in it.
    pub entries: i64,
}

/// A rule's points over the range, with every period (zeros included).
#[derive(SimpleObject)]
pub struct RewardSeries {
    pub rule: String,
    /// Net points over the whole range.
    pub total: i64,
    pub points: Vec<RewardPeriod>,
}

impl From<RuleSeries> for RewardSeries {
    fn from(series: RuleSeries) -> Self {
        RewardSeries {
            rule: series.rule,
            total: series.total,
            points: series
                .periods
                .into_iter()
                .map(
                    |PeriodPoints {
                         start,
                         points,
                         entries,
                     }| RewardPeriod {
                        period_start: Date(start),
                        points,
                        entries,
                    },
                )
                .collect(),
        }
    }
}

/// Reward history and leaderboards.
#[derive(MergedObject, Default)]
pub struct HistoryQuery(RewardHistoryQuery, leaderboard::LeaderboardQuery);

#[derive(Default)]
pub struct RewardHistoryQuery;

#[Object]
impl RewardHistoryQuery {
    /// The signed-in user's ledger rows, newest first. BAD_USER_INPUT for
    /// an unknown rule (field `filter.rules`) or `to` before `from`.
    #[graphql(
        guard = "SignedIn",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn my_rewards(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<RewardFilter>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<RewardEvent>> {
        rewards_of(ctx, ctx.viewer()?.id(), filter, first, after).await
    }

    /// Any user's ledger rows, newest first (staff).
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn user_rewards(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        #[graphql(desc = "Narrows the list.")] filter: Option<RewardFilter>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<RewardEvent>> {
        let user_id = ids::decode("userId", NodeKind::User, &user_id).gql()?;
        rewards_of(ctx, user_id, filter, first, after).await
    }

    /// Points per rule and period over the UTC days from `from`'s to
    /// `to`'s, every period listed; rules without points in the range are
    /// left out. The signed-in user's own, or (staff) `userId`'s.
    /// BAD_USER_INPUT (field `to`) when `to` is before `from` or the range
    /// spans more periods than the grouping allows.
    #[graphql(guard = "SignedIn")]
    async fn reward_summary(
        &self,
        ctx: &Context<'_>,
        group_by: RewardGrouping,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        #[graphql(desc = "Another user's summary (staff only).")] user_id: Option<ID>,
    ) -> async_graphql::Result<Vec<RewardSeries>> {
        let viewer = ctx.viewer()?;
        let user_id = match user_id {
            Some(id) => ids::decode("userId", NodeKind::User, &id).gql()?,
            None => viewer.id(),
        };
        let granularity: Granularity = group_by.into();
        Ok(
            history::summary(&ctx.state().db, viewer, user_id, granularity, from, to)
                .await
                .gql()?
                .into_iter()
                .map(Into::into)
                .collect(),
        )
    }
}
