use async_graphql::{Context, ID, Object};
use entity::{follows::Target, votes::PostKind};

use super::{
    posts::{Answer, Comment, CreateAnswerInput, CreateCommentInput, Votable, VoteValue},
    threads::{CreateThreadInput, Thread, UpdateThreadInput},
};
use crate::{
    error::ApiError,
    graphql::{
        context::ContextExt,
        errors::{GqlResult, gql_error},
        guards::CanWrite,
        ids::{self, NodeKind},
    },
    live::{ActivityKind, LiveEvent},
    services::{
        analytics::{EventKind, NewEvent, record::subjects},
        community::{
            answers, bookmarks,
            comments::{self, CommentTarget},
            follows, notifications,
            threads::{self, NewThread, ThreadChanges},
            votes::{self, Voted},
        },
    },
};

#[derive(Default)]
pub struct CommunityMutation;

fn decode(field: &str, kind: NodeKind, id: &ID) -> async_graphql::Result<i64> {
    ids::decode(field, kind, id).gql()
}

#[Object]
impl CommunityMutation {
    /// Posts a thread, community-wide or (for its members) in a course.
    #[graphql(guard = "CanWrite")]
    async fn create_thread(
        &self,
        ctx: &Context<'_>,
        input: CreateThreadInput,
    ) -> async_graphql::Result<Thread> {
        let input = NewThread {
            course_id: input
                .course_id
                .map(|id| decode("input.courseId", NodeKind::Course, &id))
                .transpose()?,
            kind: input.kind.into(),
            title: input.title,
            body: input.body,
            tags: input.tags,
        };
        let created = threads::create(
            &ctx.state().db,
            ctx.viewer()?,
            input,
            &ctx.state().rewards,
            ctx.state().automod(),
            ctx.now(),
        )
        .await
        .gql()?;
        ctx.state().badges.users([created.value.author_id]);
        posted(ctx, EventKind::Thread, (subjects::THREAD, created.value.id));
        notified(ctx, created.notified).await;
        Ok(Thread::new(created.value))
    }

    /// Edits a thread. Its author; the replaced version goes to the history.
    #[graphql(guard = "CanWrite")]
    async fn update_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] id: ID,
        input: UpdateThreadInput,
    ) -> async_graphql::Result<Thread> {
        let changes = ThreadChanges {
            title: input.title,
            body: input.body,
            tags: input.tags,
        };
        let id = decode("id", NodeKind::Thread, &id)?;
        threads::update(
            &ctx.state().db,
            ctx.viewer()?,
            id,
            changes,
            &ctx.state().rewards,
            ctx.state().automod(),
            ctx.now(),
        )
        .await
        .map(Thread::new)
        .gql()
    }

    /// Deletes a thread. Its author; a tombstone stays and its answers with it.
    #[graphql(guard = "CanWrite")]
    async fn delete_thread(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] id: ID,
    ) -> async_graphql::Result<Thread> {
        let id = decode("id", NodeKind::Thread, &id)?;
        threads::delete(
            &ctx.state().db,
            ctx.viewer()?,
            id,
            &ctx.state().rewards,
            ctx.now(),
        )
        .await
        .map(Thread::new)
        .gql()
    }

    /// Answers a thread that is neither locked nor deleted.
    #[graphql(guard = "CanWrite")]
    async fn create_answer(
        &self,
        ctx: &Context<'_>,
        input: CreateAnswerInput,
    ) -> async_graphql::Result<Answer> {
        let thread_id = decode("input.threadId", NodeKind::Thread, &input.thread_id)?;
        let created = answers::create(
            &ctx.state().db,
            ctx.viewer()?,
            thread_id,
            &input.body,
            &ctx.state().rewards,
            ctx.state().automod(),
            ctx.now(),
        )
        .await
        .gql()?;
        let (answer, thread) = created.value;
        ctx.state().badges.users([answer.author_id]);
        posted(ctx, EventKind::Answer, (subjects::ANSWER, answer.id));
        // A held answer is no news until a moderator approves it.
        if answer.hidden_at.is_none() {
            activity(
                ctx,
                thread.id,
                ActivityKind::NewAnswer,
                Some(answer.id),
                None,
            )
            .await;
        }
        notified(ctx, created.notified).await;
        Ok(Answer::new(answer))
    }

    /// Edits an answer. Its author.
    #[graphql(guard = "CanWrite")]
    async fn update_answer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The answer.")] id: ID,
        #[graphql(desc = "The new markdown body.")] body: String,
    ) -> async_graphql::Result<Answer> {
        let id = decode("id", NodeKind::Answer, &id)?;
        answers::update(
            &ctx.state().db,
            ctx.viewer()?,
            id,
            &body,
            &ctx.state().rewards,
            ctx.state().automod(),
            ctx.now(),
        )
        .await
        .map(Answer::new)
        .gql()
    }

    /// Deletes an answer. Its author; a tombstone stays in place.
    #[graphql(guard = "CanWrite")]
    async fn delete_answer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The answer.")] id: ID,
    ) -> async_graphql::Result<Answer> {
        let id = decode("id", NodeKind::Answer, &id)?;
        answers::delete(
            &ctx.state().db,
            ctx.viewer()?,
            id,
            &ctx.state().rewards,
            ctx.now(),
        )
        .await
        .map(Answer::new)
        .gql()
    }

    /// Comments on a thread or an answer.
    #[graphql(guard = "CanWrite")]
    async fn create_comment(
        &self,
        ctx: &Context<'_>,
        input: CreateCommentInput,
    ) -> async_graphql::Result<Comment> {
        let target = match ids::decode_any("input.targetId", &input.target_id).gql()? {
            (NodeKind::Thread, id) => CommentTarget::Thread(id),
            (NodeKind::Answer, id) => CommentTarget::Answer(id),
            _ => {
                return Err(gql_error(ApiError::bad_input(
                    "input.targetId",
                    "comment on a thread or an answer",
                )));
            }
        };
        let created = comments::create(
            &ctx.state().db,
            ctx.viewer()?,
            target,
            &input.body,
            &ctx.state().rewards,
            ctx.state().automod(),
            ctx.now(),
        )
        .await
        .gql()?;
        let comment = created.value;
        ctx.state().badges.users([comment.author_id]);
        posted(ctx, EventKind::Comment, (subjects::COMMENT, comment.id));
        let kind = ActivityKind::NewComment;
        if comment.hidden_at.is_none() {
            activity(
                ctx,
                comment.thread_id,
                kind,
                comment.answer_id,
                Some(comment.id),
            )
            .await;
        }
        notified(ctx, created.notified).await;
        Ok(Comment::new(comment))
    }

    /// Edits a comment. Its author.
    #[graphql(guard = "CanWrite")]
    async fn update_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment.")] id: ID,
        #[graphql(desc = "The new markdown body.")] body: String,
    ) -> async_graphql::Result<Comment> {
        let id = decode("id", NodeKind::Comment, &id)?;
        comments::update(
            &ctx.state().db,
            ctx.viewer()?,
            id,
            &body,
            &ctx.state().rewards,
            ctx.state().automod(),
            ctx.now(),
        )
        .await
        .map(Comment::new)
        .gql()
    }

    /// Deletes a comment. Its author; a tombstone stays in place.
    #[graphql(guard = "CanWrite")]
    async fn delete_comment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The comment.")] id: ID,
    ) -> async_graphql::Result<Comment> {
        let id = decode("id", NodeKind::Comment, &id)?;
        comments::delete(
            &ctx.state().db,
            ctx.viewer()?,
            id,
            &ctx.state().rewards,
            ctx.now(),
        )
        .await
        .map(Comment::new)
        .gql()
    }

    /// Votes on a thread or answer: UP, DOWN, or NONE to retract. One vote
    /// per user and target; not on your own posts.
    #[graphql(guard = "CanWrite")]
    async fn vote(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread or answer.")] target_id: ID,
        value: VoteValue,
    ) -> async_graphql::Result<Votable> {
        let (kind, id) = match ids::decode_any("targetId", &target_id).gql()? {
            (NodeKind::Thread, id) => (PostKind::Thread, id),
            (NodeKind::Answer, id) => (PostKind::Answer, id),
            _ => {
                return Err(gql_error(ApiError::bad_input(
                    "targetId",
                    "vote on a thread or an answer",
                )));
            }
        };
        let voted = votes::vote(
            &ctx.state().db,
            ctx.viewer()?,
            kind,
            id,
            value.into(),
            &ctx.state().rewards,
            ctx.now(),
        )
        .await
        .gql()?;
        vote_event(ctx, kind, id, value);
        let kind = ActivityKind::ScoreChanged;
        Ok(match voted {
            Voted::Thread(thread) => {
                ctx.state().badges.users([ctx.viewer()?.id()]);
                activity(ctx, thread.id, kind, None, None).await;
                Votable::Thread(Thread::new(thread))
            }
            Voted::Answer(answer, thread) => {
                ctx.state()
                    .badges
                    .users([ctx.viewer()?.id(), answer.author_id]);
                activity(ctx, thread.id, kind, Some(answer.id), None).await;
                Votable::Answer(Answer::new(answer))
            }
        })
    }

    /// Accepts an answer to your question (replacing any accepted before).
    #[graphql(guard = "CanWrite")]
    async fn accept_answer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The answer.")] answer_id: ID,
    ) -> async_graphql::Result<Answer> {
        let id = decode("answerId", NodeKind::Answer, &answer_id)?;
        accepted(ctx, id, true).await
    }

    /// Retracts the acceptance of an answer to your question.
    #[graphql(guard = "CanWrite")]
    async fn unaccept_answer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The accepted answer.")] answer_id: ID,
    ) -> async_graphql::Result<Answer> {
        let id = decode("answerId", NodeKind::Answer, &answer_id)?;
        accepted(ctx, id, false).await
    }

    /// Saves a thread to `myBookmarks`; repeating is harmless.
    #[graphql(guard = "CanWrite")]
    async fn bookmark(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        bookmarks::set(&ctx.state().db, ctx.viewer()?, id, true, ctx.now())
            .await
            .map(Thread::new)
            .gql()
    }

    /// Removes a thread from `myBookmarks`; repeating is harmless.
    #[graphql(guard = "CanWrite")]
    async fn unbookmark(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread.")] thread_id: ID,
    ) -> async_graphql::Result<Thread> {
        let id = decode("threadId", NodeKind::Thread, &thread_id)?;
        bookmarks::set(&ctx.state().db, ctx.viewer()?, id, false, ctx.now())
            .await
            .map(Thread::new)
            .gql()
    }

    /// Follows a thread or a user: their new activity notifies you.
    #[graphql(guard = "CanWrite")]
    async fn follow(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A thread or a user.")] target_id: ID,
    ) -> async_graphql::Result<bool> {
        set_follow(ctx, &target_id, true).await
    }

    /// Stops following a thread or a user.
    #[graphql(guard = "CanWrite")]
    async fn unfollow(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A thread or a user.")] target_id: ID,
    ) -> async_graphql::Result<bool> {
        set_follow(ctx, &target_id, false).await
    }

    /// Follows a tag: new threads with it notify you. Returns the tag's
    /// normalised name.
    #[graphql(guard = "CanWrite")]
    async fn follow_tag(&self, ctx: &Context<'_>, tag: String) -> async_graphql::Result<String> {
        follows::set_tag(&ctx.state().db, ctx.viewer()?, &tag, true, ctx.now())
            .await
            .gql()
    }

    /// Stops following a tag.
    #[graphql(guard = "CanWrite")]
    async fn unfollow_tag(&self, ctx: &Context<'_>, tag: String) -> async_graphql::Result<String> {
        follows::set_tag(&ctx.state().db, ctx.viewer()?, &tag, false, ctx.now())
            .await
            .gql()
    }

    /// Marks some of your notifications read (at most 100); returns how many
    /// changed. Others' notification IDs are ignored.
    #[graphql(guard = "CanWrite")]
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        ids: Vec<ID>,
    ) -> async_graphql::Result<u64> {
        let ids = ids
            .iter()
            .map(|id| decode("ids", NodeKind::Notification, id))
            .collect::<async_graphql::Result<Vec<i64>>>()?;
        notifications::mark_read(&ctx.state().db, ctx.viewer()?, Some(&ids), ctx.now())
            .await
            .gql()
    }

    /// Marks all your notifications read; returns how many changed.
    #[graphql(guard = "CanWrite")]
    async fn mark_all_notifications_read(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        notifications::mark_read(&ctx.state().db, ctx.viewer()?, None, ctx.now())
            .await
            .gql()
    }
}

async fn set_follow(ctx: &Context<'_>, target_id: &ID, on: bool) -> async_graphql::Result<bool> {
    let (target, id) = match ids::decode_any("targetId", target_id).gql()? {
        (NodeKind::Thread, id) => (Target::Thread, id),
        (NodeKind::User, id) => (Target::User, id),
        _ => {
            return Err(gql_error(ApiError::bad_input(
                "targetId",
                "follow a thread or a user (tags: followTag)",
            )));
        }
    };
    follows::set(&ctx.state().db, ctx.viewer()?, target, id, on, ctx.now())
        .await
        .gql()?;
    Ok(on)
}

async fn accepted(
    ctx: &Context<'_>,
    answer_id: i64,
    accept: bool,
) -> async_graphql::Result<Answer> {
    let changed = answers::set_accepted(
        &ctx.state().db,
        ctx.viewer()?,
        answer_id,
        accept,
        &ctx.state().rewards,
        ctx.now(),
    )
    .await
    .gql()?;
    let (answer, thread) = changed.value;
    ctx.state().badges.users([answer.author_id]);
    if accept {
        posted(ctx, EventKind::Accept, (subjects::ANSWER, answer.id));
    }
    let kind = ActivityKind::AcceptanceChanged;
    activity(ctx, thread.id, kind, Some(answer.id), None).await;
    notified(ctx, changed.notified).await;
    Ok(Answer::new(answer))
}

/// Records what the viewer did (after the commit).
fn posted(ctx: &Context<'_>, kind: EventKind, subject: (&'static str, i64)) {
    let viewer = ctx.viewer_opt().map(|viewer| viewer.id());
    ctx.state()
        .analytics
        .did(kind, viewer, Some(subject), ctx.now());
}

/// Records the viewer's vote (after the commit), with its value.
fn vote_event(ctx: &Context<'_>, kind: PostKind, id: i64, value: VoteValue) {
    let target = match kind {
        PostKind::Thread => subjects::THREAD,
        _ => subjects::ANSWER,
    };
    let value = match value {
        VoteValue::Up => "UP",
        VoteValue::Down => "DOWN",
        VoteValue::None => "NONE",
    };
    let event = NewEvent::server(EventKind::Vote, ctx.viewer_opt().map(|v| v.id()), ctx.now())
        .about(target, id)
        .with_props(serde_json::json!({ "value": value }));
    ctx.state().analytics.record(event);
}

/// Tells live subscribers of a thread what changed (after the commit).
async fn activity(
    ctx: &Context<'_>,
    thread_id: i64,
    kind: ActivityKind,
    answer_id: Option<i64>,
    comment_id: Option<i64>,
) {
    let event = LiveEvent::Thread {
        thread_id,
        kind,
        answer_id,
        comment_id,
    };
    ctx.state().live.publish(event).await;
}

/// Tells live subscribers of these users' notifications to look.
async fn notified(ctx: &Context<'_>, user_ids: Vec<i64>) {
    ctx.state()
        .live
        .publish(LiveEvent::Notified { user_ids })
        .await;
}
