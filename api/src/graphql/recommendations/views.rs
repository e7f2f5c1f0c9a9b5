//! `recordCourseView`: a signed-in member opened a course's page.

use async_graphql::{Context, ID, Object};

use crate::{
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        guards::SignedIn,
        ids::{self, NodeKind},
    },
    services::recommendations::views::CourseView,
};

#[derive(Default)]
pub struct ViewsMutation;

#[Object]
impl ViewsMutation {
    /// Records that the viewer opened a course's page, a recommendation
    /// signal. Queued, never waiting for the database: a view of a course
    /// that does not exist is dropped later, without an error. False when
    /// the server is too busy to keep the view.
    #[graphql(guard = "SignedIn")]
    async fn record_course_view(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course.")] course_id: ID,
    ) -> async_graphql::Result<bool> {
        let course_id = ids::decode("courseId", NodeKind::Course, &course_id).gql()?;
        let view = CourseView {
            user_id: ctx.viewer()?.id(),
            course_id,
            viewed_at: ctx.now(),
        };
        Ok(ctx.state().recommender.views.push(view))
    }
}
