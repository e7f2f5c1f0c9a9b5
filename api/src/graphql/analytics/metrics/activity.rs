//! Metrics read from the daily activity rollups: `activityMetrics`,
//! `retentionCohorts` and `funnel`.

use async_graphql::{Context, Enum, Object, SimpleObject};

use super::{MetricGranularity, range};
use crate::{
    graphql::{context::ContextExt, errors::GqlResult, guards::RoleGuard, rewards::history::Date},
    services::analytics::metrics::{
        activity,
        funnel::{self, FunnelPoint, StepCount},
        retention::{self, Cohort},
    },
};

/// Activity over one period. A member is active on a day (in the reporting
/// time zone) when any event of theirs occurred on it.
#[derive(SimpleObject)]
pub struct ActivityPoint {
    /// The period's first day inside the range.
    pub date: Date,
    /// Daily active members averaged over the period's days in the range:
    /// the sum of each day's active members divided by the number of days.
    pub dau: f64,
    /// Weekly active members: distinct members active in the 7 days ending
    /// on the period's last day in the range (that day included).
    pub wau: i64,
    /// Monthly active members: distinct members active in the 30 days
    /// ending on the period's last day in the range (that day included).
    pub mau: i64,
    /// `dau / mau` (0 when `mau` is 0).
    pub stickiness: f64,
    /// Members whose sign-up (their earliest SIGN_UP event) falls in the
    /// period.
    pub new_members: i64,
    /// Members whose first post (their earliest thread, answer or comment
    /// event) falls in the period.
    pub new_contributors: i64,
}

/// The activity series.
#[derive(SimpleObject)]
pub struct ActivityMetrics {
    /// One point per period, oldest first (every period, zeros included).
    pub points: Vec<ActivityPoint>,
}

/// A sign-up cohort's activity in one period at or after its sign-up period.
#[derive(SimpleObject)]
pub struct CohortPeriod {
    /// Periods since the cohort's sign-up period (0: that period itself).
    pub index: i32,
    /// The period's first day inside the range.
    pub date: Date,
    /// Cohort members active on at least one day of the period.
    pub active: i64,
    /// `active / members` of the cohort.
    pub share: f64,
}

/// Members who signed up in one period (their earliest SIGN_UP event).
#[derive(SimpleObject)]
pub struct RetentionCohort {
    /// The sign-up period's first day inside the range.
    pub date: Date,
    /// Members in the cohort.
    pub members: i64,
    /// The cohort's sign-up period and every later period of the range.
    pub periods: Vec<CohortPeriod>,
}

impl From<Cohort> for RetentionCohort {
    fn from(c: Cohort) -> Self {
        RetentionCohort {
            date: Date(c.date),
            members: c.members,
            periods: c
                .periods
                .into_iter()
                .map(|p| CohortPeriod {
                    index: p.index,
                    date: Date(p.date),
                    active: p.active,
                    share: p.share,
                })
                .collect(),
        }
    }
}

/// A step of the funnel.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::services::analytics::metrics::funnel::Step")]
pub enum FunnelStep {
    /// Active on some day (any event): enters the funnel on their first
    /// active day.
    Visited,
    /// Viewed a course (a COURSE_VIEW event) on or after that day.
    ViewedCourse,
    /// Enrolled on or after the day they first viewed a course.
    Enrolled,
    /// Posted (a thread, answer or comment) on or after the day they reached
    /// ENROLLED.
    Posted,
}

/// Members at one step of the funnel.
#[derive(SimpleObject)]
pub struct FunnelStepCount {
    /// Which step.
    pub step: FunnelStep,
    /// Members who reached the step.
    pub members: i64,
    /// `members` over the previous step's members (the first step: 1, or 0
    /// without members).
    pub conversion: f64,
    /// `members` over the first step's members (0 without any).
    pub overall: f64,
}

fn step_counts(steps: Vec<StepCount>) -> Vec<FunnelStepCount> {
    steps
        .into_iter()
        .map(|s| FunnelStepCount {
            step: s.step.into(),
            members: s.members,
            conversion: s.conversion,
            overall: s.overall,
        })
        .collect()
}

/// The funnel of one period.
#[derive(SimpleObject)]
pub struct FunnelPeriod {
    /// The period's first day inside the range.
    pub date: Date,
    /// The four steps, in order, counted over this period's days alone.
    pub steps: Vec<FunnelStepCount>,
}

impl From<FunnelPoint> for FunnelPeriod {
    fn from(p: FunnelPoint) -> Self {
        FunnelPeriod {
            date: Date(p.date),
            steps: step_counts(p.steps),
        }
    }
}

/// Visited → viewed a course → enrolled → posted. Steps are ordered at day
/// granularity (days in the reporting time zone; the same day counts as in
/// order) and counted within one window: the whole range, or one period.
#[derive(SimpleObject)]
pub struct Funnel {
    /// The four steps over the whole range.
    pub steps: Vec<FunnelStepCount>,
    /// The funnel of each period, oldest first.
    pub points: Vec<FunnelPeriod>,
}

#[derive(Default)]
pub struct ActivityQuery;

#[Object]
impl ActivityQuery {
    /// Daily, weekly and monthly active members, stickiness, new members
    /// and new contributors per period (staff). Read from the daily
    /// rollups of recorded events.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn activity_metrics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day, included (reporting time zone).")] from: Date,
        #[graphql(desc = "Last day, included; at most 731 days after `from`.")] to: Date,
        #[graphql(desc = "How the range is cut into points.", default)]
        granularity: MetricGranularity,
    ) -> async_graphql::Result<ActivityMetrics> {
        let range = range(ctx, from, to, granularity).gql()?;
        let points = activity::series(&ctx.state().db, &range).await.gql()?;
        Ok(ActivityMetrics {
            points: points
                .into_iter()
                .map(|p| ActivityPoint {
                    date: Date(p.date),
                    dau: p.dau,
                    wau: p.wau,
                    mau: p.mau,
                    stickiness: p.stickiness,
                    new_members: p.new_members,
                    new_contributors: p.new_contributors,
                })
                .collect(),
        })
    }

    /// Sign-up cohorts (members grouped by the period of their earliest
    /// SIGN_UP event, in the range) and, for each later period of the
    /// range, the share of the cohort active in it (staff). Cohorts are
    /// weekly unless another granularity is asked for; cohorts without
    /// members are left out.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn retention_cohorts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day, included (reporting time zone).")] from: Date,
        #[graphql(desc = "Last day, included; at most 731 days after `from`.")] to: Date,
        #[graphql(
            desc = "The cohorts' and periods' length.",
            default_with = "MetricGranularity::Week"
        )]
        granularity: MetricGranularity,
    ) -> async_graphql::Result<Vec<RetentionCohort>> {
        let range = range(ctx, from, to, granularity).gql()?;
        let cohorts = retention::cohorts(&ctx.state().db, &range).await.gql()?;
        Ok(cohorts.into_iter().map(Into::into).collect())
    }

    /// The visited → viewed a course → enrolled → posted funnel, over the
    /// range and per period (staff).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn funnel(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day, included (reporting time zone).")] from: Date,
        #[graphql(desc = "Last day, included; at most 731 days after `from`.")] to: Date,
        #[graphql(desc = "How `points` cuts the range.", default)] granularity: MetricGranularity,
    ) -> async_graphql::Result<Funnel> {
        let range = range(ctx, from, to, granularity).gql()?;
        let funnel = funnel::funnel(&ctx.state().db, &range).await.gql()?;
        Ok(Funnel {
            steps: step_counts(funnel.steps),
            points: funnel.points.into_iter().map(Into::into).collect(),
        })
    }
}
