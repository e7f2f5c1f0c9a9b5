//! Notifications as their recipient sees them.

use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use entity::notifications;

use super::{
    posts::{Answer, Comment, load_user},
    threads::{Thread, readable_thread},
};
use crate::graphql::{
    accounts::types::User,
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
}

/// Something the signed-in user is told about.
pub struct Notification(pub notifications::Model);

#[Object]
impl Notification {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::Notification, self.0.id)
    }

    async fn kind(&self) -> NotificationKind {
        self.0.kind.into()
    }

    /// Who caused it.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.actor_id {
            Some(id) => Ok(Some(load_user(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// Where it happened; null when the user may no longer read it (e.g.
    /// after a refund of the course).
    async fn thread(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Thread>> {
        match self.0.thread_id {
            Some(id) => readable_thread(ctx, id).await,
            None => Ok(None),
        }
    }

    /// The answer concerned, if any (null when the thread is not readable).
    async fn answer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Answer>> {
        let Some(id) = self.0.answer_id else {
            return Ok(None);
        };
        if self.thread(ctx).await?.is_none() {
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
        let Some(id) = self.0.comment_id else {
            return Ok(None);
        };
        if self.thread(ctx).await?.is_none() {
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
        self.0.read_at.is_some()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
