//! Curation mutations: pin, feature (精华), lock, hide, move, retag, close
//! as a duplicate, merge, and their bulk form.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use entity::votes::PostKind;

use crate::{
    error::{ApiError, ApiResult},
    graphql::{
        community::{
            posts::{Answer, Comment},
            threads::{PinScope, Thread},
        },
        context::ContextExt,
        errors::{GqlResult, gql_error},
        guards::{CanWrite, RoleGuard},
        ids::{self, NodeKind},
    },
    live::LiveEvent,
    services::{
        community::{Notifying, visibility::Post},
        moderation::curation::{
            bulk::{self, BulkAction},
            content, merge, threads as curate,
        },
    },
};

/// What `curateThreads` does to each thread.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum CurationAction {
    /// `pinThread` (with the input's `scope`).
    Pin,
    Unpin,
    /// `featureThread` (staff).
    Feature,
    Unfeature,
    /// `lockThread` (with the input's `reason`).
    Lock,
    Unlock,
    /// `hideContent` on the thread (with the input's `reason`).
    Hide,
    Unhide,
    /// `moveThread` to the input's `courseId` (community-wide when null; staff).
    Move,
    /// `retagThread` with the input's `tags` (staff).
    Retag,
}

/// One action on many threads.
#[derive(InputObject)]
pub struct CurateThreadsInput {
    /// 1–100 threads; each is acted on in its own transaction.
    pub thread_ids: Vec<ID>,
    pub action: CurationAction,
    /// MOVE: the course to move to; null moves community-wide.
    pub course_id: Option<ID>,
    /// RETAG: the new tags (required).
    pub tags: Option<Vec<String>>,
    /// PIN: where (each thread's natural scope when omitted).
    pub scope: Option<PinScope>,
    /// LOCK, HIDE: why (recorded in the moderation log).
    pub reason: Option<String>,
}

/// Why one thread of a bulk action was refused.
#[derive(SimpleObject)]
pub struct CurationError {
    /// The error code (FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT, …).
    pub code: String,
    pub message: String,
}

/// One thread's outcome in `curateThreads`.
#[derive(SimpleObject)]
pub struct CurationResult {
    /// The thread's ID as given.
    pub thread_id: ID,
    /// The thread after the action; null when refused.
    pub thread: Option<Thread>,
    /// Why it was refused; null on success.
    pub error: Option<CurationError>,
}

/// The post a `hideContent`/`unhideContent` acted on: exactly one field is
/// set.
#[derive(SimpleObject)]
pub struct ModeratedPost {
    pub thread: Option<Thread>,
    pub answer: Option<Answer>,
    pub comment: Option<Comment>,
}

impl From<Post> for ModeratedPost {
    fn from(post: Post) -> Self {
        let mut out = ModeratedPost {
            thread: None,
            answer: None,
            comment: None,
        };
        match post {
            Post::Thread(t) => out.thread = Some(Thread::new(t)),
            Post::Answer(a) => out.answer = Some(Answer::new(a)),
            Post::Comment(c) => out.comment = Some(Comment::new(c)),
        }
        out
    }
}

#[derive(Default)]
pub struct CurationMutation;

fn decode(field: &str, kind: NodeKind, id: &ID) -> async_graphql::Result<i64> {
    ids::decode(field, kind, id).gql()
}

/// Publishes who was notified (after the commit) and converts the thread.
async fn done(
    ctx: &Context<'_>,
    result: ApiResult<Notifying<entity::threads::Model>>,
) -> async_graphql::Result<Thread> {
    let done = result.gql()?;
    notified(ctx, done.notified).await;
    Ok(Thread::new(done.value))
}

async fn notified(ctx: &Context<'_>, user_ids: Vec<i64>) {
    if !user_ids.is_empty() {
        ctx.state()
            .live
            .publish(LiveEvent::Notified { user_ids })
            .await;
    }
}

fn post_target(field: &str, id: &ID) -> async_graphql::Result<(PostKind, i64)> {
    match ids::decode_any(field, id).gql()? {
        (NodeKind::Thread, id) => Ok((PostKind::Thread, id)),
        (NodeKind::Answer, id) => Ok((PostKind::Answer, id)),
        (NodeKind::Comment, id) => Ok((PostKind::Comment, id)),
        _ => Err(ApiError::bad_input(
            field,
            "expected the ID of a thread, answer or comment",
        ))
        .gql(),
    }
}

#[Object]
impl CurationMutation {
    /// Pins a thread above the normal list. Staff anywhere; a course's
    /// creator in their own course (COURSE scope only).
    #[graphql(guard = "CanWrite")]
    async fn pin_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
        #[graphql(
            desc = "Where: COURSE (its course's list) or GLOBAL (the community-wide \
                    list; staff only for a course's thread). The thread's own scope \
                    when omitted."
        )]
        scope: Option<PinScope>,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        let db = &ctx.state().db;
        let result = curate::pin(db, ctx.viewer()?, id, scope.map(Into::into), ctx.now()).await;
        done(ctx, result).await
    }

    /// Unpins a thread (as `pinThread`; a GLOBAL pin is staff's to remove).
    #[graphql(guard = "CanWrite")]
    async fn unpin_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        let result = curate::unpin(&ctx.state().db, ctx.viewer()?, id, ctx.now()).await;
        done(ctx, result).await
    }

    /// Features a thread (精华; moderators and admins): it earns its author
    /// the THREAD_FEATURED reward. Featuring a featured thread changes nothing.
    #[graphql(guard = "CanWrite.and(RoleGuard::STAFF)")]
    async fn feature_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
    ) -> async_graphql::Result<Thread> {
        set_featured(ctx, thread_id, true).await
    }

    /// Unfeatures a thread (moderators and admins): the reward is reversed.
    #[graphql(guard = "CanWrite.and(RoleGuard::STAFF)")]
    async fn unfeature_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
    ) -> async_graphql::Result<Thread> {
        set_featured(ctx, thread_id, false).await
    }

    /// Locks a thread: no new answers or comments (CONFLICT); existing ones
    /// stay visible. Staff, or a course's creator in their own course.
    #[graphql(guard = "CanWrite")]
    async fn lock_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
        #[graphql(desc = "Why (recorded in the moderation log).")] reason: Option<String>,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        let db = &ctx.state().db;
        let viewer = ctx.viewer()?;
        let result = curate::set_locked(db, viewer, id, true, reason.as_deref(), ctx.now()).await;
        done(ctx, result).await
    }

    /// Unlocks a thread (as `lockThread`).
    #[graphql(guard = "CanWrite")]
    async fn unlock_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        let db = &ctx.state().db;
        let result = curate::set_locked(db, ctx.viewer()?, id, false, None, ctx.now()).await;
        done(ctx, result).await
    }

    /// Hides a thread, answer or comment from members: a hidden thread is
    /// NOT_FOUND to them, a hidden answer or comment keeps its place with a
    /// null body. Staff and the author still see it (`hidden: true`). Staff,
    /// or a course's creator in their own course.
    #[graphql(guard = "CanWrite")]
    async fn hide_content(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A thread, answer or comment.")] target_id: ID,
        #[graphql(desc = "Why (recorded in the moderation log).")] reason: Option<String>,
    ) -> async_graphql::Result<ModeratedPost> {
        set_hidden(ctx, target_id, true, reason).await
    }

    /// Shows hidden content again, whoever or whatever hid it (a moderator,
    /// reports, or auto-moderation's hold). As `hideContent`.
    #[graphql(guard = "CanWrite")]
    async fn unhide_content(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A thread, answer or comment.")] target_id: ID,
    ) -> async_graphql::Result<ModeratedPost> {
        set_hidden(ctx, target_id, false, None).await
    }

    /// Moves a thread into a course, or community-wide (staff). Its answers
    /// move with it; a COURSE pin is dropped.
    #[graphql(guard = "CanWrite.and(RoleGuard::STAFF)")]
    async fn move_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
        #[graphql(desc = "The course to move into; null: community-wide.")] course_id: Option<ID>,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        let course_id = course_id
            .map(|c| decode("courseId", NodeKind::Course, &c))
            .transpose()?;
        let result =
            curate::move_to(&ctx.state().db, ctx.viewer()?, id, course_id, ctx.now()).await;
        done(ctx, result).await
    }

    /// Replaces a thread's tags (staff).
    #[graphql(guard = "CanWrite.and(RoleGuard::STAFF)")]
    async fn retag_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
        #[graphql(desc = "The new tags (up to 5).")] tags: Vec<String>,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        let result = curate::retag(&ctx.state().db, ctx.viewer()?, id, &tags, ctx.now()).await;
        done(ctx, result).await
    }

    /// Closes a thread as a duplicate of another (Expert-level members and
    /// staff): it takes no new answers (CONFLICT); comments still.
    #[graphql(guard = "CanWrite")]
    async fn close_as_duplicate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The duplicate.")] thread_id: ID,
        #[graphql(desc = "The thread it duplicates.")] of_thread_id: ID,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        let of = decode("ofThreadId", NodeKind::Thread, &of_thread_id)?;
        let state = ctx.state();
        let result =
            curate::close_as_duplicate(&state.db, ctx.viewer()?, id, of, &state.rewards, ctx.now())
                .await;
        done(ctx, result).await
    }

    /// Reopens a thread closed as a duplicate (Expert-level members and staff).
    #[graphql(guard = "CanWrite")]
    async fn reopen_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        let state = ctx.state();
        let result = curate::reopen(&state.db, ctx.viewer()?, id, &state.rewards, ctx.now()).await;
        done(ctx, result).await
    }

    /// Merges one thread into another (staff): answers, comments, followers
    /// and bookmarks move; the old thread becomes a tombstone whose
    /// `mergedInto` redirects. Returns the thread merged into.
    #[graphql(guard = "CanWrite.and(RoleGuard::STAFF)")]
    async fn merge_threads(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread that goes away.")] from_id: ID,
        #[graphql(desc = "The thread that takes its posts.")] into_id: ID,
    ) -> async_graphql::Result<Thread> {
        let from = decode("fromId", NodeKind::Thread, &from_id)?;
        let into = decode("intoId", NodeKind::Thread, &into_id)?;
        let result = merge::merge(&ctx.state().db, ctx.viewer()?, from, into, ctx.now()).await;
        done(ctx, result).await
    }

    /// One curation action on up to 100 threads, each in its own
    /// transaction: one result per ID, in order; refusals do not undo the
    /// others.
    #[graphql(guard = "CanWrite")]
    async fn curate_threads(
        &self,
        ctx: &Context<'_>,
        input: CurateThreadsInput,
    ) -> async_graphql::Result<Vec<CurationResult>> {
        bulk::ensure_count(input.thread_ids.len()).gql()?;
        let action = match input.action {
            CurationAction::Pin => BulkAction::Pin(input.scope.map(Into::into)),
            CurationAction::Unpin => BulkAction::Unpin,
            CurationAction::Feature => BulkAction::Feature,
            CurationAction::Unfeature => BulkAction::Unfeature,
            CurationAction::Lock => BulkAction::Lock,
            CurationAction::Unlock => BulkAction::Unlock,
            CurationAction::Hide => BulkAction::Hide,
            CurationAction::Unhide => BulkAction::Unhide,
            CurationAction::Move => BulkAction::Move(
                input
                    .course_id
                    .as_ref()
                    .map(|c| decode("input.courseId", NodeKind::Course, c))
                    .transpose()?,
            ),
            CurationAction::Retag => BulkAction::Retag(input.tags.clone().ok_or_else(|| {
                gql_error(ApiError::bad_input(
                    "input.tags",
                    "RETAG needs the new tags",
                ))
            })?),
        };
        let state = ctx.state();
        let viewer = ctx.viewer()?;
        let mut results = Vec::with_capacity(input.thread_ids.len());
        let mut told = Vec::new();
        for global in input.thread_ids {
            let outcome = match ids::decode("input.threadIds", NodeKind::Thread, &global) {
                Ok(id) => {
                    bulk::apply_one(
                        &state.db,
                        viewer,
                        id,
                        &action,
                        input.reason.as_deref(),
                        &state.rewards,
                        ctx.now(),
                    )
                    .await
                }
                Err(err) => Err(err),
            };
            results.push(match outcome {
                Ok(done) => {
                    told.extend(done.notified);
                    CurationResult {
                        thread_id: global,
                        thread: Some(Thread::new(done.value)),
                        error: None,
                    }
                }
                Err(err) => {
                    if let ApiError::Internal(cause) = &err {
                        tracing::error!(error = ?cause, "internal error in a bulk curation");
                    }
                    CurationResult {
                        thread_id: global,
                        thread: None,
                        error: Some(CurationError {
                            code: err.code().as_str().to_owned(),
                            message: err.to_string(),
                        }),
                    }
                }
            });
        }
        told.sort_unstable();
        told.dedup();
        notified(ctx, told).await;
        Ok(results)
    }
}

async fn set_featured(
    ctx: &Context<'_>,
    thread_id: ID,
    featured: bool,
) -> async_graphql::Result<Thread> {
    let id = decode("threadId", NodeKind::Thread, &thread_id)?;
    let state = ctx.state();
    let result = curate::set_featured(
        &state.db,
        ctx.viewer()?,
        id,
        featured,
        &state.rewards,
        ctx.now(),
    )
    .await;
    done(ctx, result).await
}

async fn set_hidden(
    ctx: &Context<'_>,
    target_id: ID,
    hide: bool,
    reason: Option<String>,
) -> async_graphql::Result<ModeratedPost> {
    let (kind, id) = post_target("targetId", &target_id)?;
    let done = content::set_hidden(
        &ctx.state().db,
        ctx.viewer()?,
        kind,
        id,
        hide,
        reason.as_deref(),
        ctx.now(),
    )
    .await
    .gql()?;
    notified(ctx, done.notified).await;
    Ok(done.value.into())
}
