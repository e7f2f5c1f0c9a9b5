//! Recommended courses, threads and people, each with why it is shown and
//! an impression id to report a click with.

mod types;

pub use types::*;

use async_graphql::{Context, ID, Object};

use crate::{
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        ids::{self, NodeKind},
    },
    services::recommendations::{
        impressions::{self, Click, Record},
        serving::{
            self, Request, courses as course_service, people, similar, threads as thread_service,
        },
    },
};

/// The request as the serving services see it.
pub fn request<'a>(ctx: &'a Context<'_>) -> Request<'a> {
    let state = ctx.state();
    Request {
        db: &state.db,
        recommender: &state.recommender,
        viewer: ctx.viewer_opt(),
        now: ctx.now(),
    }
}

/// List size when none (or null) is asked for.
pub const DEFAULT_FIRST: i32 = 10;

/// Query cost of a list of `first` items (out of range: the resolver refuses).
pub fn list_complexity(first: Option<i32>, child_complexity: usize) -> usize {
    match serving::check_first(first.unwrap_or(DEFAULT_FIRST)) {
        Ok(size) => size.max(1).saturating_mul(child_complexity),
        Err(_) => child_complexity,
    }
}

#[derive(Default)]
pub struct ServingQuery;

#[Object]
impl ServingQuery {
    /// Courses for the viewer, best first: never their own, enrolled,
    /// refunded, draft or archived courses. Signed-out and new members get
    /// courses in the tags they follow and popular ones.
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn recommended_courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10, desc = "How many, at most 100.")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<RecommendedCourse>> {
        let first = serving::check_first(first.unwrap_or(DEFAULT_FIRST)).gql()?;
        let list = course_service::recommended(&request(ctx), first)
            .await
            .gql()?;
        Ok(courses(list))
    }

    /// Discussions for the viewer, among those they may read (a course's
    /// threads only for its members), not their own or ones they took part in.
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn recommended_threads(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10, desc = "How many, at most 100.")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<RecommendedThread>> {
        let first = serving::check_first(first.unwrap_or(DEFAULT_FIRST)).gql()?;
        let list = thread_service::recommended(&request(ctx), first)
            .await
            .gql()?;
        Ok(threads(list))
    }

    /// Published courses like this one: learners who took it also took
    /// them, or their topics are close. NOT_FOUND for a course the viewer
    /// may not see.
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn similar_courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course.")] course_id: ID,
        #[graphql(default = 10, desc = "How many, at most 100.")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<RecommendedCourse>> {
        let course_id = ids::decode("courseId", NodeKind::Course, &course_id).gql()?;
        let first = serving::check_first(first.unwrap_or(DEFAULT_FIRST)).gql()?;
        let list = similar::similar(&request(ctx), course_id, first)
            .await
            .gql()?;
        Ok(courses(list))
    }

    /// People who learn what the viewer learns (nearest members by taste),
    /// or who share their interests; active members only, never the viewer.
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn similar_users(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10, desc = "How many, at most 100.")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<RecommendedUser>> {
        let first = serving::check_first(first.unwrap_or(DEFAULT_FIRST)).gql()?;
        let list = people::similar_users(&request(ctx), first).await.gql()?;
        Ok(users(list))
    }
}

#[derive(Default)]
pub struct ServingMutation;

#[Object]
impl ServingMutation {
    /// Records a click on a recommended item, by its `impressionId`. Queued,
    /// never waiting for the database: a click on an unknown impression or
    /// on another viewer's is dropped, and a second click on one impression
    /// counts once. False when the server is too busy to keep it.
    async fn record_recommendation_click(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The impressionId of the clicked item.")] impression_id: ID,
    ) -> async_graphql::Result<bool> {
        let impression_id = impressions::parse_id("impressionId", &impression_id).gql()?;
        let click = Click {
            impression_id,
            user_id: ctx.viewer_opt().map(|v| v.id()),
            at: ctx.now(),
        };
        Ok(ctx
            .state()
            .recommender
            .impressions
            .push(Record::Click(click)))
    }
}
