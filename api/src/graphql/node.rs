//! The Relay `Node` interface and `node(id)`.

use async_graphql::{Context, ID, Interface, Object};
use entity::{notifications, reviews};
use sea_orm::EntityTrait;

use super::{
    accounts::types::User,
    community::{
        notifications::Notification,
        posts::{Answer, Comment},
        threads::Thread,
    },
    context::ContextExt,
    courses::types::{Course, Enrollment, Lesson, Review},
    errors::GqlResult,
    ids::{self, NodeKind},
};
use crate::{
    error::{ApiError, ApiResult},
    services::{
        community::{answers, comments, threads},
        courses::{catalogue, enrollments, lessons},
        users,
    },
};

/// An object with a global ID that `node(id)` can fetch again.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque global ID."))]
pub enum Node {
    User(User),
    Course(Course),
    Lesson(Lesson),
    Enrollment(Enrollment),
    Review(Review),
    Thread(Thread),
    Answer(Answer),
    Comment(Comment),
    Notification(Notification),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Fetches any object by its global ID; null when it does not exist or
    /// the viewer may not see it.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global ID from any object's `id`.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        let (kind, id) = ids::decode_any("id", &id).gql()?;
        let found = find(ctx, kind, id).await;
        match found {
            Ok(node) => Ok(Some(node)),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(err) => Err(err).gql(),
        }
    }
}

async fn find(ctx: &Context<'_>, kind: NodeKind, id: i64) -> ApiResult<Node> {
    let db = &ctx.state().db;
    let viewer = ctx.viewer_opt();
    Ok(match kind {
        NodeKind::User => Node::User(User::new(users::find(db, id).await?)),
        NodeKind::Course => {
            Node::Course(Course::new(catalogue::find_visible(db, viewer, id).await?))
        }
        NodeKind::Lesson => {
            let (lesson, course) = lessons::find_visible(db, viewer, id).await?;
            let enrolled = match viewer {
                Some(viewer) => enrollments::active_of(db, viewer.id(), &[course.id])
                    .await?
                    .contains_key(&course.id),
                None => false,
            };
            Node::Lesson(Lesson::new(lesson, Course::new(course), ctx, enrolled))
        }
        NodeKind::Enrollment => {
            let viewer = viewer.ok_or(ApiError::NotFound("enrollment"))?;
            Node::Enrollment(Enrollment(
                enrollments::find_readable(db, viewer, id).await?,
            ))
        }
        NodeKind::Review => {
            let review = reviews::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(ApiError::NotFound("review"))?;
            catalogue::find_visible(db, viewer, review.course_id).await?;
            Node::Review(Review(review))
        }
        NodeKind::Thread => {
            Node::Thread(Thread::new(threads::find_readable(db, viewer, id).await?))
        }
        NodeKind::Answer => {
            Node::Answer(Answer::new(answers::find_readable(db, viewer, id).await?.0))
        }
        NodeKind::Comment => Node::Comment(Comment::new(
            comments::find_readable(db, viewer, id).await?.0,
        )),
        NodeKind::Notification => {
            let viewer = viewer.ok_or(ApiError::NotFound("notification"))?;
            let notification = notifications::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|n| n.user_id == viewer.id())
                .ok_or(ApiError::NotFound("notification"))?;
            Node::Notification(Notification::new(notification))
        }
        // Payouts are read through `myEarnings` and `payouts`, and the
        // moderation records through staff queries, not `node`.
        NodeKind::Payout => return Err(ApiError::NotFound("payout")),
        NodeKind::ModerationItem
        | NodeKind::Report
        | NodeKind::ModerationLogEntry
        | NodeKind::WatchedWord => return Err(ApiError::NotFound("moderation record")),
        // Staff read models through `recommenderModel`.
        NodeKind::RecommenderModel => return Err(ApiError::NotFound("recommender model")),
        // Staff read experiments through `experiment(key)`.
        NodeKind::Experiment => return Err(ApiError::NotFound("experiment")),
    })
}
