//! Notifications as their recipient sees them.

use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use entity::notifications;

use super::{
    posts::{Answer, Comment},
    threads::{Thread, readable_thread},
};
use crate::graphql::{
    accounts::types::{User, load_user},
    context::ContextExt,
    errors::GqlResult,
    ids::{self, NodeKind},
};

/// Why the user is told.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::notifications::Kind")]
pub enum NotificationKind {
    /// Someone answered your thread.
    NewAnswer,
    /// The question's author accepted your answer.
    AnswerAccepted,
    /// Someone commented on your thread or answer.
    NewComment,
    /// Someone wrote @yourname.
    Mention,
    /// New activity on a thread, tag or user you follow.
    FollowedActivity,
    /// You reached a new level (`detail` names it).
    LevelUp,
    /// You earned a badge (`detail` is its key).
    BadgeAwarded,
    /// A moderator acted on your post or account (`detail` names the
    /// action, e.g. HIDE_CONTENT, LOCK, WARN_USER).
    Moderation,
    /// A report you made was resolved (`detail`: UPHELD or DISMISSED).
    ReportResolved,
}

/// Something the signed-in user is told about.
pub struct Notification {
    model: notifications::Model,
    /// Its thread if the user may still read it, worked out once for the
    /// thread, answer and comment fields.
    readable: tokio::sync::OnceCell<Option<Thread>>,
}

impl Notification {
    pub fn new(model: notifications::Model) -> Self {
        Notification {
            model,
            readable: tokio::sync::OnceCell::new(),
        }
    }

    async fn readable_thread(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Thread>> {
        let thread = self
            .readable
            .get_or_try_init(|| async {
                match self.model.thread_id {
                    Some(id) => readable_thread(ctx, id).await,
                    None => Ok(None),
                }
            })
            .await?;
        Ok(thread.clone())
    }
}

#[Object]
impl Notification {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::Notification, self.model.id)
    }

    async fn kind(&self) -> NotificationKind {
        self.model.kind.into()
    }

    /// What the kind needs said beyond the post it is about: the level for
    /// LEVEL_UP, the badge key for BADGE_AWARDED.
    async fn detail(&self) -> Option<&str> {
        self.model.detail.as_deref()
    }

    /// Who caused it.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.model.actor_id {
            Some(id) => Ok(Some(load_user(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// Where it happened; null when the user may no longer read it (e.g.
    /// after a refund of the course).
    async fn thread(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Thread>> {
        self.readable_thread(ctx).await
    }

    /// The answer concerned, if any (null when the thread is not readable).
    async fn answer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Answer>> {
        let Some(id) = self.model.answer_id else {
            return Ok(None);
        };
        if self.readable_thread(ctx).await?.is_none() {
            return Ok(None);
        }
        Ok(ctx
            .loaders()
            .answers
            .load_one(id)
            .await
            .gql()?
            .map(Answer::from_arc))
    }

    /// The comment concerned, if any (null when the thread is not readable).
    async fn comment(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Comment>> {
        let Some(id) = self.model.comment_id else {
            return Ok(None);
        };
        if self.readable_thread(ctx).await?.is_none() {
            return Ok(None);
        }
        Ok(ctx
            .loaders()
            .comments
            .load_one(id)
            .await
            .gql()?
            .map(Comment::from_arc))
    }

    async fn read(&self) -> bool {
        self.model.read_at.is_some()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
}
