use async_graphql::{Context, ID, Object};

use super::types::{Course, CourseFilter, CourseOrderBy, Enrollment, load_course};
use crate::{
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        guards::SignedIn,
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::courses::{catalogue, enrollments},
};

#[derive(Default)]
pub struct CoursesQuery;

#[Object]
impl CoursesQuery {
    /// The catalogue: published courses, filtered and ordered.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list; every published course when omitted.")] filter: Option<
            CourseFilter,
        >,
        #[graphql(desc = "NEWEST when omitted.")] order_by: Option<CourseOrderBy>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Course>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let filter = filter.unwrap_or_default();
        let filter = catalogue::CourseFilter {
            tags: filter.tags.unwrap_or_default(),
            creator_id: filter
                .creator_id
                .map(|id| ids::decode("filter.creatorId", NodeKind::User, &id))
                .transpose()
                .gql()?,
            level: filter.level.map(Into::into),
            price_min_cents: filter.price_min_cents,
            price_max_cents: filter.price_max_cents,
            free: filter.free,
            search: filter.search,
            status: filter.status.map(Into::into),
        };
        let order = order_by.unwrap_or_default().into();
        let rows = catalogue::list(&ctx.state().db, ctx.viewer_opt(), filter, order, page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, Course::listed))
    }

    /// A course by its global ID; NOT_FOUND when it does not exist or is not
    /// visible to the viewer (drafts).
    async fn course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course's global ID.")] id: ID,
    ) -> async_graphql::Result<Course> {
        let id = ids::decode("id", NodeKind::Course, &id).gql()?;
        // Through the loader: a popular course is read once, not per request.
        let course = load_course(ctx, id).await?;
        catalogue::ensure_visible(&ctx.state().db, ctx.viewer_opt(), course)
            .await
            .map(Course::from_arc)
            .gql()
    }

    /// A course by its slug, under the same rule as `course`.
    async fn course_by_slug(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course's slug.")] slug: String,
    ) -> async_graphql::Result<Course> {
        catalogue::find_by_slug(&ctx.state().db, ctx.viewer_opt(), &slug)
            .await
            .map(Course::new)
            .gql()
    }

    /// The signed-in user's enrolments, refunded ones included, newest first.
    #[graphql(
        guard = "SignedIn",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn my_enrollments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Enrollment>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = enrollments::of_viewer(&ctx.state().db, ctx.viewer()?, page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, Enrollment))
    }
}
