//! Answers, comments, votes and edit history as clients see them.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Interface, Object};
use chrono::{DateTime, Utc};
use entity::{answers, comments, post_revisions, votes::PostKind};

use super::threads::{Thread, load_thread};
use crate::{
    graphql::{
        accounts::types::{User, load_user},
        context::ContextExt,
        errors::GqlResult,
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::community::{
        access, comments as comment_service, marks::Mark, revisions as revision_service,
    },
};

/// A vote, as cast or as asked for.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::services::community::votes::VoteValue")]
pub enum VoteValue {
    Up,
    Down,
    /// No vote (as an argument: retract the vote).
    None,
}

/// Something people vote on: threads and answers.
#[derive(Interface)]
// Each `field(..)` below declares another field; clippy reads them as one
// attribute repeated.
// clippy takes the derive's repeated `field(..)`s for duplicated attributes.
#[allow(clippy::duplicated_attributes)]
#[graphql(
    field(name = "id", ty = "ID", desc = "Opaque global ID."),
    field(name = "score", ty = "i64", desc = "Upvotes minus downvotes."),
    field(name = "upvotes", ty = "i64"),
    field(name = "downvotes", ty = "i64"),
    field(
        name = "viewer_vote",
        ty = "VoteValue",
        desc = "The viewer's vote; NONE when anonymous or not voted."
    )
)]
pub enum Votable {
    Thread(Thread),
    Answer(Answer),
}

/// A new answer.
#[derive(InputObject)]
pub struct CreateAnswerInput {
    pub thread_id: ID,
    /// Markdown, 1–50,000 characters.
    pub body: String,
}

/// A new comment.
#[derive(InputObject)]
pub struct CreateCommentInput {
    /// The thread or answer commented on.
    pub target_id: ID,
    /// Markdown, 1–5,000 characters; `@username` notifies that user.
    pub body: String,
}

pub async fn viewer_vote(
    ctx: &Context<'_>,
    kind: PostKind,
    id: i64,
) -> async_graphql::Result<VoteValue> {
    let value = super::viewer_mark(ctx, Mark::Vote(kind, id)).await?;
    Ok(crate::services::community::votes::VoteValue::from_i16(value.unwrap_or(0)).into())
}

pub async fn revisions(
    ctx: &Context<'_>,
    kind: PostKind,
    id: i64,
) -> async_graphql::Result<Vec<PostRevision>> {
    let viewer = ctx.viewer()?;
    Ok(revision_service::of_post(&ctx.state().db, viewer, kind, id)
        .await
        .gql()?
        .into_iter()
        .map(PostRevision)
        .collect())
}

/// A post's hidden reason as the viewer may see it: staff and the author
/// only.
pub fn hidden_reason_for(
    ctx: &Context<'_>,
    author_id: i64,
    reason: Option<entity::threads::HiddenReason>,
) -> Option<super::threads::HiddenReason> {
    let viewer = ctx.viewer_opt();
    let allowed = access::is_staff(viewer) || viewer.is_some_and(|v| v.id() == author_id);
    reason.filter(|_| allowed).map(Into::into)
}

/// Whose comments a list shows.
#[derive(Clone, Copy)]
pub enum CommentParent {
    Thread(i64),
    Answer { thread_id: i64, answer_id: i64 },
}

/// A page of comments. The first page of many answers (or threads) loads in
/// one batch; later pages and counted pages go to the database directly.
pub async fn comments_of(
    ctx: &Context<'_>,
    parent: CommentParent,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<CountedConnection<Comment>> {
    let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
    if page.after.is_none() && !page.count_total {
        let limit = page.first + 1;
        let loaded = match parent {
            CommentParent::Thread(id) => ctx.loaders().thread_comments.load_one((id, limit)),
            CommentParent::Answer { answer_id, .. } => {
                ctx.loaders().answer_comments.load_one((answer_id, limit))
            }
        }
        .await
        .gql()?
        .map(|comments| comments.as_ref().clone())
        .unwrap_or_default();
        let rows = comment_service::first_page(loaded, page.first);
        return Ok(pagination::connection(rows, Comment::new));
    }
    let (thread_id, answer_id) = match parent {
        CommentParent::Thread(id) => (id, None),
        CommentParent::Answer {
            thread_id,
            answer_id,
        } => (thread_id, Some(answer_id)),
    };
    let rows = comment_service::of_target(&ctx.state().db, thread_id, answer_id, page)
        .await
        .gql()?;
    Ok(pagination::connection(rows, Comment::new))
}

/// A user's answers the viewer may read, newest first.
pub async fn of_author(
    ctx: &Context<'_>,
    author_id: i64,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<CountedConnection<Answer>> {
    let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
    let rows = crate::services::community::answers::of_author(
        &ctx.state().db,
        ctx.viewer_opt(),
        author_id,
        page,
    )
    .await
    .gql()?;
    Ok(pagination::connection(rows, Answer::new))
}

/// An answer to a thread.
#[derive(Clone)]
pub struct Answer(pub Arc<answers::Model>);

impl Answer {
    pub fn new(model: answers::Model) -> Self {
        Answer(Arc::new(model))
    }

    pub fn from_arc(model: Arc<answers::Model>) -> Self {
        Answer(model)
    }

    /// Whether the viewer reads what a tombstone or a hidden post keeps
    /// back: staff always; the author their own hidden post.
    fn shows_body(&self, ctx: &Context<'_>) -> bool {
        let viewer = ctx.viewer_opt();
        if access::is_staff(viewer) {
            return true;
        }
        self.0.deleted_at.is_none()
            && (self.0.hidden_at.is_none() || viewer.is_some_and(|v| v.id() == self.0.author_id))
    }
}

#[Object]
impl Answer {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::Answer, self.0.id)
    }

    async fn thread(&self, ctx: &Context<'_>) -> async_graphql::Result<Thread> {
        Ok(Thread::from_arc(load_thread(ctx, self.0.thread_id).await?))
    }

    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.author_id).await
    }

    /// Markdown as written; null once deleted (except for staff).
    async fn body(&self, ctx: &Context<'_>) -> Option<&str> {
        self.shows_body(ctx).then_some(self.0.body.as_str())
    }

    /// The body rendered and sanitised: safe to insert into a page.
    async fn body_html(&self, ctx: &Context<'_>) -> Option<&str> {
        self.shows_body(ctx).then_some(self.0.body_html.as_str())
    }

    /// Whether the question's author accepted it.
    async fn is_accepted(&self) -> bool {
        self.0.accepted
    }

    /// Upvotes minus downvotes.
    pub async fn score(&self) -> i64 {
        self.0.score
    }

    pub async fn upvotes(&self) -> i64 {
        self.0.upvotes
    }

    pub async fn downvotes(&self) -> i64 {
        self.0.downvotes
    }

    /// The viewer's vote; NONE when anonymous or not voted.
    pub async fn viewer_vote(&self, ctx: &Context<'_>) -> async_graphql::Result<VoteValue> {
        viewer_vote(ctx, PostKind::Answer, self.0.id).await
    }

    /// Comments not deleted.
    async fn comment_count(&self) -> i64 {
        self.0.comment_count
    }

    /// Comments on this answer, oldest first.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Comment>> {
        let parent = CommentParent::Answer {
            thread_id: self.0.thread_id,
            answer_id: self.0.id,
        };
        comments_of(ctx, parent, first, after).await
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.0.edited_at
    }

    /// Set when its author deleted it.
    async fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.0.deleted_at
    }

    /// Hidden from members: they see it in place with a null body; staff
    /// and its author still read it.
    async fn hidden(&self) -> bool {
        self.0.hidden_at.is_some()
    }

    /// Why it is hidden; null when not hidden, and for everyone but staff
    /// and its author.
    async fn hidden_reason(&self, ctx: &Context<'_>) -> Option<super::threads::HiddenReason> {
        hidden_reason_for(ctx, self.0.author_id, self.0.hidden_reason)
    }

    /// Earlier versions of the body, newest first. Staff only.
    async fn revisions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PostRevision>> {
        revisions(ctx, PostKind::Answer, self.0.id).await
    }
}

/// A comment on a thread or an answer.
#[derive(Clone)]
pub struct Comment(pub Arc<comments::Model>);

impl Comment {
    pub fn new(model: comments::Model) -> Self {
        Comment(Arc::new(model))
    }

    pub fn from_arc(model: Arc<comments::Model>) -> Self {
        Comment(model)
    }

    /// Whether the viewer reads what a tombstone or a hidden post keeps
    /// back: staff always; the author their own hidden post.
    fn shows_body(&self, ctx: &Context<'_>) -> bool {
        let viewer = ctx.viewer_opt();
        if access::is_staff(viewer) {
            return true;
        }
        self.0.deleted_at.is_none()
            && (self.0.hidden_at.is_none() || viewer.is_some_and(|v| v.id() == self.0.author_id))
    }
}

#[Object]
impl Comment {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::Comment, self.0.id)
    }

    async fn thread(&self, ctx: &Context<'_>) -> async_graphql::Result<Thread> {
        Ok(Thread::from_arc(load_thread(ctx, self.0.thread_id).await?))
    }

    /// The answer it comments on; null when on the thread itself.
    async fn answer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Answer>> {
        match self.0.answer_id {
            Some(id) => Ok(ctx
                .loaders()
                .answers
                .load_one(id)
                .await
                .gql()?
                .map(Answer::from_arc)),
            None => Ok(None),
        }
    }

    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.author_id).await
    }

    /// Markdown as written; null once deleted (except for staff).
    async fn body(&self, ctx: &Context<'_>) -> Option<&str> {
        self.shows_body(ctx).then_some(self.0.body.as_str())
    }

    /// The body rendered and sanitised: safe to insert into a page.
    async fn body_html(&self, ctx: &Context<'_>) -> Option<&str> {
        self.shows_body(ctx).then_some(self.0.body_html.as_str())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.0.edited_at
    }

    /// Set when its author deleted it.
    async fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.0.deleted_at
    }

    /// Hidden from members: they see it in place with a null body; staff
    /// and its author still read it.
    async fn hidden(&self) -> bool {
        self.0.hidden_at.is_some()
    }

    /// Why it is hidden; null when not hidden, and for everyone but staff
    /// and its author.
    async fn hidden_reason(&self, ctx: &Context<'_>) -> Option<super::threads::HiddenReason> {
        hidden_reason_for(ctx, self.0.author_id, self.0.hidden_reason)
    }

    /// Earlier versions of the body, newest first. Staff only.
    async fn revisions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PostRevision>> {
        revisions(ctx, PostKind::Comment, self.0.id).await
    }
}

/// A post as it was before an edit.
pub struct PostRevision(pub post_revisions::Model);

#[Object]
impl PostRevision {
    /// The title then (threads only).
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// The markdown body then.
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// Who made the edit that replaced this version.
    async fn editor(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.editor_id).await
    }

    /// When this version was replaced.
    async fn replaced_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
