//! Live updates over graphql-transport-ws: a thread's activity and the
//! viewer's new notifications, fed by `crate::live` (NOTIFY across
//! instances on PostgreSQL). Authorisation is the queries': a thread must
//! be readable when subscribing and at each event.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object, Subscription};
use entity::notifications as notification_rows;
use futures_util::{Stream, stream};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::broadcast::{self, error::RecvError};

use super::{
    notifications::Notification,
    posts::{Answer, Comment},
    threads::Thread,
};
use crate::{
    auth::Viewer,
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        guards::SignedIn,
        ids::{self, NodeKind},
    },
    live::{self, LiveEvent},
    services::community::{answers, comments, threads},
    state::AppState,
};

/// What happened on a thread.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "crate::live::ActivityKind")]
pub enum ThreadActivityKind {
    NewAnswer,
    NewComment,
    /// A vote changed the thread's or an answer's score.
    ScoreChanged,
    /// An answer was accepted or unaccepted.
    AcceptanceChanged,
}

/// One change on a thread, with the objects as they are now.
pub struct ThreadActivity {
    kind: live::ActivityKind,
    thread: Thread,
    answer: Option<Answer>,
    comment: Option<Comment>,
}

#[Object]
impl ThreadActivity {
    async fn kind(&self) -> ThreadActivityKind {
        self.kind.into()
    }

    /// The thread, with its counters after the change.
    async fn thread(&self) -> &Thread {
        &self.thread
    }

    /// The answer concerned (new, voted on, accepted or unaccepted).
    async fn answer(&self) -> Option<&Answer> {
        self.answer.as_ref()
    }

    /// The new comment.
    async fn comment(&self) -> Option<&Comment> {
        self.comment.as_ref()
    }
}

#[derive(Default)]
pub struct CommunitySubscription;

/// The next event off the bus; a subscriber that fell behind skips ahead.
pub(crate) async fn next_event(
    receiver: &mut broadcast::Receiver<Arc<LiveEvent>>,
) -> Option<Arc<LiveEvent>> {
    loop {
        match receiver.recv().await {
            Ok(event) => return Some(event),
            Err(RecvError::Lagged(skipped)) => {
                tracing::warn!(skipped, "a live subscriber fell behind");
            }
            Err(RecvError::Closed) => return None,
        }
    }
}

#[Subscription]
impl CommunitySubscription {
    /// New answers and comments, score and acceptance changes on a thread
    /// the viewer may read (NOT_FOUND otherwise, as for `thread`).
    async fn thread_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The thread to watch.")] thread_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = ThreadActivity>> {
        let thread_id = ids::decode("threadId", NodeKind::Thread, &thread_id).gql()?;
        let state = ctx.state().clone();
        let viewer = ctx.viewer_opt().cloned();
        threads::find_readable(&state.db, viewer.as_ref(), thread_id)
            .await
            .gql()?;
        let receiver = state.live.subscribe();
        Ok(stream::unfold(
            (receiver, state, viewer),
            move |(mut receiver, state, viewer)| async move {
                loop {
                    let event = next_event(&mut receiver).await?;
                    let LiveEvent::Thread {
                        thread_id: id,
                        kind,
                        answer_id,
                        comment_id,
                    } = *event
                    else {
                        continue;
                    };
                    if id != thread_id {
                        continue;
                    }
                    match activity(&state, viewer.as_ref(), id, kind, answer_id, comment_id).await {
                        Ok(Some(activity)) => return Some((activity, (receiver, state, viewer))),
                        // No longer readable (e.g. refunded): the stream ends.
                        Ok(None) => return None,
                        Err(err) => {
                            tracing::warn!(error = %err, "loading a live thread event failed");
                        }
                    }
                }
            },
        ))
    }

    /// The signed-in user's new notifications as they are written.
    #[graphql(guard = "SignedIn")]
    async fn my_notifications(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = Notification>> {
        let user_id = ctx.viewer()?.id();
        let state = ctx.state().clone();
        let receiver = state.live.subscribe();
        // Only notifications written after subscribing are sent.
        let seen: i64 = notification_rows::Entity::find()
            .select_only()
            .column(notification_rows::Column::Id)
            .filter(notification_rows::Column::UserId.eq(user_id))
            .order_by_desc(notification_rows::Column::Id)
            .into_tuple::<i64>()
            .one(&state.db)
            .await
            .map_err(crate::error::ApiError::from)
            .gql()?
            .unwrap_or(0);
        let pending: Vec<notification_rows::Model> = Vec::new();
        Ok(stream::unfold(
            (receiver, state, seen, pending),
            move |(mut receiver, state, mut seen, mut pending)| async move {
                loop {
                    if !pending.is_empty() {
                        let next = pending.remove(0);
                        return Some((Notification::new(next), (receiver, state, seen, pending)));
                    }
                    let event = next_event(&mut receiver).await?;
                    let LiveEvent::Notified { user_ids } = &*event else {
                        continue;
                    };
                    if !user_ids.contains(&user_id) {
                        continue;
                    }
                    match notification_rows::Entity::find()
                        .filter(notification_rows::Column::UserId.eq(user_id))
                        .filter(notification_rows::Column::Id.gt(seen))
                        .order_by_asc(notification_rows::Column::Id)
                        .limit(100)
                        .all(&state.db)
                        .await
                    {
                        Ok(new) => {
                            if let Some(last) = new.last() {
                                seen = last.id;
                            }
                            pending = new;
                        }
                        Err(err) => tracing::warn!(error = %err, "loading notifications failed"),
                    }
                }
            },
        ))
    }
}

/// The event's objects as the viewer may see them now; None when the
/// thread is no longer readable.
async fn activity(
    state: &AppState,
    viewer: Option<&Viewer>,
    thread_id: i64,
    kind: live::ActivityKind,
    answer_id: Option<i64>,
    comment_id: Option<i64>,
) -> crate::error::ApiResult<Option<ThreadActivity>> {
    let thread = match threads::find_readable(&state.db, viewer, thread_id).await {
        Ok(thread) => thread,
        Err(crate::error::ApiError::NotFound(_)) => return Ok(None),
        Err(err) => return Err(err),
    };
    let answer = match answer_id {
        Some(id) => Some(Answer::new(
            answers::find_readable(&state.db, viewer, id).await?.0,
        )),
        None => None,
    };
    let comment = match comment_id {
        Some(id) => Some(Comment::new(
            comments::find_readable(&state.db, viewer, id).await?.0,
        )),
        None => None,
    };
    Ok(Some(ThreadActivity {
        kind,
        thread: Thread::new(thread),
        answer,
        comment,
    }))
}
