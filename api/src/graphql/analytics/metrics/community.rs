//! Metrics read from the community and catalogue tables: `communityHealth`
//! and `contentQuality`.

use async_graphql::{Context, Object, SimpleObject};

use super::{MetricGranularity, range, ranking_range};
use crate::{
    error::ApiError,
    graphql::{
        community::{posts::Answer, threads::Thread},
        context::ContextExt,
        courses::types::{Course, load_course},
        errors::{GqlResult, gql_error},
        guards::RoleGuard,
        pagination::{self, CountedConnection},
        rewards::history::Date,
    },
    services::analytics::metrics::{
        Range, community, page_of, page_read, page_start,
        quality::{self, RankedAnswer, RankedCourse},
    },
};

/// The answers list of `contentQuality`, as its cursors name it.
const ANSWERS: &str = "analytics.answers";

/// Community health over one period. Counts threads members can see (not
/// deleted, not hidden) started in the period (reporting time zone), and
/// their visible answers as they stand when the report is read.
#[derive(SimpleObject)]
pub struct HealthPoint {
    /// The period's first day inside the range.
    pub date: Date,
    /// Threads started in the period.
    pub threads: i64,
    /// `threads` divided by the period's days inside the range.
    pub threads_per_day: f64,
    /// Of those threads, the ones with at least one visible answer.
    pub answered: i64,
    /// `answered / threads` (0 without threads).
    pub share_answered: f64,
    /// The median, over the answered threads, of the seconds from the
    /// thread's start to its first visible answer (the mean of the two
    /// middle values for an even count); null without answered threads.
    pub median_seconds_to_first_answer: Option<f64>,
    /// Of the threads, the ones featured (精华).
    pub featured: i64,
    /// `featured / threads` (0 without threads).
    pub featured_share: f64,
}

/// Threads, answers and curation over a range.
pub struct CommunityHealth(Range);

#[Object]
impl CommunityHealth {
    /// One point per period, oldest first (every period, zeros included).
    async fn points(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<HealthPoint>> {
        let points = community::series(&ctx.state().db, &self.0).await.gql()?;
        Ok(points
            .into_iter()
            .map(|p| HealthPoint {
                date: Date(p.date),
                threads: p.threads,
                threads_per_day: p.threads_per_day,
                answered: p.answered,
                share_answered: p.share_answered,
                median_seconds_to_first_answer: p.median_seconds_to_first_answer,
                featured: p.featured,
                featured_share: p.featured_share,
            })
            .collect())
    }

    /// Threads started in the range (visible to members) without a visible
    /// answer, oldest first.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn unanswered(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Thread>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = community::unanswered(&ctx.state().db, &self.0, &page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, Thread::listed))
    }
}

/// An answer ranked by its votes.
pub struct AnswerQuality(RankedAnswer);

#[Object]
impl AnswerQuality {
    /// The answer.
    async fn answer(&self, ctx: &Context<'_>) -> async_graphql::Result<Answer> {
        ctx.loaders()
            .answers
            .load_one(self.0.answer_id)
            .await
            .gql()?
            .map(Answer::from_arc)
            .ok_or_else(|| gql_error(ApiError::NotFound("answer")))
    }

    /// Up votes to date.
    async fn upvotes(&self) -> i64 {
        self.0.upvotes
    }

    /// Down votes to date.
    async fn downvotes(&self) -> i64 {
        self.0.downvotes
    }

    /// The lower bound of the 95% Wilson score interval of the share of up
    /// votes: with n = up + down, p = up / n and z = 1.959964,
    /// `(p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)`.
    async fn wilson_lower_bound(&self) -> f64 {
        self.0.wilson
    }
}

/// A course ranked by the ratings it was given in the range.
pub struct CourseQuality(RankedCourse);

#[Object]
impl CourseQuality {
    /// The course.
    async fn course(&self, ctx: &Context<'_>) -> async_graphql::Result<Course> {
        Ok(Course::from_arc(load_course(ctx, self.0.course_id).await?))
    }

    /// Ratings (reviews) given in the range.
    async fn ratings(&self) -> i64 {
        self.0.ratings
    }

    /// Their mean (1 to 5).
    async fn mean_rating(&self) -> f64 {
        self.0.mean
    }

    /// `(C·m + sum) / (C + n)`: the course's n ratings (summing to `sum`)
    /// with C more ratings of the prior mean m (see `priorMean` and
    /// `priorWeight`).
    async fn bayesian_average(&self) -> f64 {
        self.0.bayesian
    }
}

/// Answers and courses ranked by what members made of them.
pub struct ContentQuality {
    range: Range,
    /// Ranked once for the courses and the prior's fields.
    courses: tokio::sync::OnceCell<quality::CourseRanking>,
}

impl ContentQuality {
    async fn ranking(&self, ctx: &Context<'_>) -> async_graphql::Result<&quality::CourseRanking> {
        self.courses
            .get_or_try_init(|| quality::courses(&ctx.state().db, &self.range))
            .await
            .gql()
    }
}

#[Object]
impl ContentQuality {
    /// Visible answers posted in the range with at least one vote, by
    /// `wilsonLowerBound` (highest first; ties: older answer first).
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn answers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<AnswerQuality>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let start = page_start(ANSWERS, &page).gql()?;
        let (rows, total) = quality::answers_at(&ctx.state().db, &self.range, start, page.first)
            .await
            .gql()?;
        let rows = page_read(ANSWERS, start, rows, total, &page);
        Ok(pagination::connection(rows, AnswerQuality))
    }

    /// Courses rated in the range, by `bayesianAverage` (highest first;
    /// ties: lower id first).
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<CourseQuality>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let ranking = self.ranking(ctx).await?;
        let rows = page_of("analytics.courses", &ranking.courses, &page).gql()?;
        Ok(pagination::connection(rows, CourseQuality))
    }

    /// The prior mean m: the mean of every rating given in the range (0
    /// without ratings).
    async fn prior_mean(&self, ctx: &Context<'_>) -> async_graphql::Result<f64> {
        Ok(self.ranking(ctx).await?.prior_mean)
    }

    /// The prior weight C: ratings given in the range divided by the
    /// courses rated in it (0 without ratings).
    async fn prior_weight(&self, ctx: &Context<'_>) -> async_graphql::Result<f64> {
        Ok(self.ranking(ctx).await?.prior_weight)
    }
}

#[derive(Default)]
pub struct CommunityMetricsQuery;

#[Object]
impl CommunityMetricsQuery {
    /// Threads per period, the share answered, the median time to a first
    /// answer, the share featured, and the threads still unanswered (staff).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn community_health(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day, included (reporting time zone).")] from: Date,
        #[graphql(desc = "Last day, included; at most 731 days after `from`.")] to: Date,
        #[graphql(desc = "How `points` cuts the range.", default)] granularity: MetricGranularity,
    ) -> async_graphql::Result<CommunityHealth> {
        Ok(CommunityHealth(range(ctx, from, to, granularity).gql()?))
    }

    /// Answers ranked by the Wilson lower bound of their votes and courses
    /// by the Bayesian average of their ratings (staff).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn content_quality(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day, included (reporting time zone).")] from: Date,
        #[graphql(desc = "Last day, included; at most 731 days after `from`.")] to: Date,
    ) -> async_graphql::Result<ContentQuality> {
        Ok(ContentQuality {
            range: ranking_range(ctx, from, to).gql()?,
            courses: tokio::sync::OnceCell::new(),
        })
    }
}
