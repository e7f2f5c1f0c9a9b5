//! The `Thread` type, its enums and inputs.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{threads, votes::PostKind};

use super::{
    posts::{self, Answer, Comment, PostRevision, VoteValue},
    viewer_mark,
};
use crate::{
    error::ApiError,
    graphql::{
        accounts::types::{User, load_user},
        context::ContextExt,
        courses::types::{Course, LongTexts, load_course},
        errors::{GqlResult, gql_error},
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::community::{
        access, answers as answer_service, marks::Mark, threads as thread_service,
    },
};

/// What a thread asks for.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::threads::Kind")]
pub enum ThreadKind {
    /// Wants an answer; its author may accept one.
    Question,
    /// Open conversation; nothing to accept.
    Discussion,
}

/// Thread list orders.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
#[graphql(remote = "crate::services::community::threads::ThreadOrder")]
pub enum ThreadOrderBy {
    /// Score and age together (Reddit's hot rank):
    /// `sign(s)·log10(max(|s|,1)) + (created − 2026-01-01) / 45000 s`, so ten
    /// times the score is worth 12.5 hours of recency and older threads sink
    /// unless voted up.
    #[default]
    Hot,
    /// Newest first.
    New,
    /// Highest score (upvotes minus downvotes) first.
    Top,
    /// Most recent answer or comment first.
    Active,
}

/// Where a pinned thread stays on top.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::threads::PinScope")]
pub enum PinScope {
    /// On top of its course's threads.
    Course,
    /// On top of the community-wide list.
    Global,
}

/// Why a post is hidden from members.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::threads::HiddenReason")]
pub enum HiddenReason {
    /// A moderator (or the course's creator) hid it.
    Moderator,
    /// Members reported it with enough weight; hidden until reviewed.
    Reports,
    /// Held by auto-moderation until a moderator approves it.
    Held,
}

/// Narrows a thread list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct ThreadFilter {
    /// Threads of this course (its members only); without it, community-wide
    /// threads and those of the viewer's courses.
    pub course_id: Option<ID>,
    /// Threads with any of these tags.
    pub tags: Option<Vec<String>>,
    pub author_id: Option<ID>,
    pub kind: Option<ThreadKind>,
    /// True: only threads without answers.
    pub unanswered: Option<bool>,
    /// Words that must all appear in the title, body or tags (English or 中文).
    pub search: Option<String>,
    /// True: only pinned threads — with `courseId`, that course's pinned
    /// threads (any scope); without, the GLOBAL-pinned ones. Clients show
    /// these above the normal list (which still contains them). False: only
    /// threads not pinned.
    pub pinned: Option<bool>,
    /// True: only featured (精华) threads; false: only threads not featured.
    pub featured: Option<bool>,
}

/// A new thread.
#[derive(InputObject)]
pub struct CreateThreadInput {
    /// Post inside this course (its members only); community-wide when omitted.
    pub course_id: Option<ID>,
    pub kind: ThreadKind,
    /// 1–200 visible characters.
    pub title: String,
    /// Markdown, at most 50,000 characters.
    pub body: String,
    /// Up to 5 tags.
    #[graphql(default)]
    pub tags: Vec<String>,
}

/// Changes to a thread; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateThreadInput {
    pub title: Option<String>,
    pub body: Option<String>,
    /// Replaces all tags.
    pub tags: Option<Vec<String>>,
}

/// A question or discussion, community-wide or inside a course.
#[derive(Clone)]
pub struct Thread(pub Arc<threads::Model>, LongTexts);

impl Thread {
    pub fn new(model: threads::Model) -> Self {
        Thread(Arc::new(model), LongTexts::Loaded)
    }

    pub fn from_arc(model: Arc<threads::Model>) -> Self {
        Thread(model, LongTexts::Loaded)
    }

    /// A row from a list, without its long texts.
    pub fn listed(model: threads::Model) -> Self {
        Thread(Arc::new(model), LongTexts::Deferred)
    }

    async fn full(&self, ctx: &Context<'_>) -> async_graphql::Result<Arc<threads::Model>> {
        if self.1 == LongTexts::Loaded {
            return Ok(self.0.clone());
        }
        load_thread(ctx, self.0.id).await
    }

    /// Whether the viewer reads what a tombstone hides (staff do).
    fn shows_body(&self, ctx: &Context<'_>) -> bool {
        self.0.deleted_at.is_none() || access::is_staff(ctx.viewer_opt())
    }
}

pub async fn load_thread(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Arc<threads::Model>> {
    ctx.loaders()
        .threads
        .load_one(id)
        .await
        .gql()?
        .ok_or_else(|| gql_error(ApiError::NotFound("thread")))
}

/// A thread the viewer may read, through the loaders (for objects reached
/// from elsewhere, e.g. a notification); None when they may not.
pub async fn readable_thread(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<Thread>> {
    let thread = load_thread(ctx, id).await?;
    let Some(course_id) = thread.course_id else {
        return Ok(Some(Thread::from_arc(thread)));
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
    Ok(member.then(|| Thread::from_arc(thread)))
}

#[Object]
impl Thread {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::Thread, self.0.id)
    }

    async fn kind(&self) -> ThreadKind {
        self.0.kind.into()
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Markdown as written; null once deleted (except for staff).
    async fn body(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        if !self.shows_body(ctx) {
            return Ok(None);
        }
        Ok(Some(self.full(ctx).await?.body.clone()))
    }

    /// The body rendered and sanitised: safe to insert into a page.
    async fn body_html(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        if !self.shows_body(ctx) {
            return Ok(None);
        }
        Ok(Some(self.full(ctx).await?.body_html.clone()))
    }

    /// Tags, alphabetically.
    async fn tags(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(ctx
            .loaders()
            .thread_tags
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default())
    }

    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.author_id).await
    }

    /// The course it belongs to; null when community-wide.
    async fn course(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Course>> {
        match self.0.course_id {
            Some(id) => Ok(Some(Course::from_arc(load_course(ctx, id).await?))),
            None => Ok(None),
        }
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
        posts::viewer_vote(ctx, PostKind::Thread, self.0.id).await
    }

    /// Answers not deleted.
    async fn answer_count(&self) -> i64 {
        self.0.answer_count
    }

    /// Comments not deleted, on the thread and on its answers.
    async fn comment_count(&self) -> i64 {
        self.0.comment_count
    }

    /// The answer its author accepted (questions only).
    async fn accepted_answer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Answer>> {
        match self.0.accepted_answer_id {
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

    /// Locked threads take no new answers or comments.
    async fn is_locked(&self) -> bool {
        self.0.locked_at.is_some()
    }

    /// Where it is pinned; null when not pinned. Clients list pinned threads
    /// above the normal list (`threads(filter: {pinned: true})`).
    async fn pin_scope(&self) -> Option<PinScope> {
        self.0.pin_scope.map(Into::into)
    }

    /// When it was pinned; null when not pinned.
    async fn pinned_at(&self) -> Option<DateTime<Utc>> {
        self.0.pinned_at
    }

    /// When it was locked (no new answers or comments); null when open.
    async fn locked_at(&self) -> Option<DateTime<Utc>> {
        self.0.locked_at
    }

    /// Hidden from members (only staff, its author and its course's creator
    /// see it).
    async fn hidden(&self) -> bool {
        self.0.hidden_at.is_some()
    }

    /// Why it is hidden; null when not hidden, and for everyone but staff
    /// and its author.
    async fn hidden_reason(&self, ctx: &Context<'_>) -> Option<HiddenReason> {
        posts::hidden_reason_for(ctx, self.0.author_id, self.0.hidden_reason)
    }

    /// The thread this one was closed as a duplicate of (it takes no new
    /// answers); null when open or when the viewer may not read it.
    async fn duplicate_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Thread>> {
        match self.0.duplicate_of_id {
            Some(id) => readable_thread(ctx, id).await,
            None => Ok(None),
        }
    }

    /// The thread this one was merged into: this one is a tombstone and
    /// clients should redirect there.
    async fn merged_into(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Thread>> {
        match self.0.merged_into_id {
            Some(id) => readable_thread(ctx, id).await,
            None => Ok(None),
        }
    }

    /// When a moderator featured it (精华); null when not featured.
    async fn featured_at(&self) -> Option<DateTime<Utc>> {
        self.0.featured_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Last edit of the title or body by its author.
    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.0.edited_at
    }

    /// Set when its author deleted it: a tombstone; its answers stay.
    async fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.0.deleted_at
    }

    /// Creation, or its newest answer or comment.
    async fn last_activity_at(&self) -> DateTime<Utc> {
        self.0.last_activity_at
    }

    /// Answers: the accepted one first, then by score, then oldest. Deleted
    /// answers keep their place with a null body.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn answers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Answer>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        // The first page is the same for every reader: shared.
        if page.after.is_none() && !page.count_total {
            let rows = ctx
                .loaders()
                .thread_answers
                .load_one((self.0.id, page.first))
                .await
                .gql()?
                .ok_or_else(|| gql_error(ApiError::NotFound("thread")))?;
            return Ok(pagination::connection(
                rows.as_ref().clone(),
                Answer::from_arc,
            ));
        }
        let rows = answer_service::of_thread(&ctx.state().db, self.0.id, page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, Answer::new))
    }

    /// Comments on the thread itself, oldest first.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<Comment>> {
        posts::comments_of(ctx, posts::CommentParent::Thread(self.0.id), first, after).await
    }

    /// Whether the viewer bookmarked it.
    async fn viewer_bookmarked(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(viewer_mark(ctx, Mark::Bookmark(self.0.id)).await?.is_some())
    }

    /// Whether the viewer follows it (hears of new answers and comments).
    async fn viewer_follows(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(viewer_mark(ctx, Mark::FollowsThread(self.0.id))
            .await?
            .is_some())
    }

    /// Earlier versions of the title and body, newest first. Staff only.
    async fn revisions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PostRevision>> {
        posts::revisions(ctx, PostKind::Thread, self.0.id).await
    }
}

/// A user's threads the viewer may read, newest first.
pub async fn of_author(
    ctx: &Context<'_>,
    author_id: i64,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<CountedConnection<Thread>> {
    let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
    let filter = thread_service::ThreadFilter {
        author_id: Some(author_id),
        ..Default::default()
    };
    let rows = thread_service::list(
        &ctx.state().db,
        ctx.viewer_opt(),
        filter,
        thread_service::ThreadOrder::New,
        page,
    )
    .await
    .gql()?;
    Ok(pagination::connection(rows, Thread::listed))
}
