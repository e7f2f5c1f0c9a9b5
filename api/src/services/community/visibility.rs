//! A post's lifecycle beyond writing: hiding from members (by a moderator,
//! by reports, or held by auto-moderation), unhiding, and tombstoning (by
//! its author or a moderator). One place keeps the counters and the search
//! index right: a hidden or deleted answer or comment stops counting, and
//! hidden or deleted content leaves the index.

use chrono::{DateTime, Utc};
use entity::{
    answers, comments,
    moderation_items::TargetType,
    threads::{self, HiddenReason},
    votes::PostKind,
};
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QuerySelect, sea_query::Expr};

use super::{answers::lock_thread, comments as comment_service, threads as thread_service};
use crate::{
    error::{ApiError, ApiResult},
    services::{
        Db,
        rewards::{RewardSettings, triggers as reward_triggers},
        search,
    },
};

/// A post of any kind, as loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Post {
    Thread(threads::Model),
    Answer(answers::Model),
    Comment(comments::Model),
}

impl Post {
    /// Loads a post by kind and id (tombstones and hidden posts included);
    /// NOT_FOUND when there is none. The caller checks access.
    pub async fn load(db: &impl Db, kind: PostKind, id: i64) -> ApiResult<Post> {
        Ok(match kind {
            PostKind::Thread => Post::Thread(
                threads::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .ok_or(ApiError::NotFound("thread"))?,
            ),
            PostKind::Answer => Post::Answer(
                answers::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .ok_or(ApiError::NotFound("answer"))?,
            ),
            PostKind::Comment => Post::Comment(
                comments::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .ok_or(ApiError::NotFound("comment"))?,
            ),
        })
    }

    /// Notes for the shared caches that this post changed.
    pub fn touched(&self) {
        match self {
            Post::Thread(thread) => super::touched_thread(thread.id),
            Post::Answer(answer) => super::touched_answer(answer.thread_id, answer.id),
            Post::Comment(comment) => super::touched_comment(comment),
        }
    }

    pub fn kind(&self) -> PostKind {
        match self {
            Post::Thread(_) => PostKind::Thread,
            Post::Answer(_) => PostKind::Answer,
            Post::Comment(_) => PostKind::Comment,
        }
    }

    pub fn target_type(&self) -> TargetType {
        match self {
            Post::Thread(_) => TargetType::Thread,
            Post::Answer(_) => TargetType::Answer,
            Post::Comment(_) => TargetType::Comment,
        }
    }

    pub fn id(&self) -> i64 {
        match self {
            Post::Thread(t) => t.id,
            Post::Answer(a) => a.id,
            Post::Comment(c) => c.id,
        }
    }

    pub fn author_id(&self) -> i64 {
        match self {
            Post::Thread(t) => t.author_id,
            Post::Answer(a) => a.author_id,
            Post::Comment(c) => c.author_id,
        }
    }

    /// The thread it belongs to (a thread's is itself).
    pub fn thread_id(&self) -> i64 {
        match self {
            Post::Thread(t) => t.id,
            Post::Answer(a) => a.thread_id,
            Post::Comment(c) => c.thread_id,
        }
    }

    pub fn body(&self) -> &str {
        match self {
            Post::Thread(t) => &t.body,
            Post::Answer(a) => &a.body,
            Post::Comment(c) => &c.body,
        }
    }

    pub fn is_deleted(&self) -> bool {
        match self {
            Post::Thread(t) => t.deleted_at.is_some(),
            Post::Answer(a) => a.deleted_at.is_some(),
            Post::Comment(c) => c.deleted_at.is_some(),
        }
    }

    pub fn hidden_reason(&self) -> Option<HiddenReason> {
        match self {
            Post::Thread(t) => t.hidden_reason,
            Post::Answer(a) => a.hidden_reason,
            Post::Comment(c) => c.hidden_reason,
        }
    }

    /// Whether it counts and is searchable: neither hidden nor deleted.
    fn is_live(&self) -> bool {
        !self.is_deleted() && self.hidden_reason().is_none()
    }

    /// Its state as the moderation log records it.
    pub fn summary(&self) -> serde_json::Value {
        use crate::services::moderation::log;
        match self {
            Post::Thread(t) => log::thread_summary(t),
            Post::Answer(a) => log::answer_summary(a),
            Post::Comment(c) => log::comment_summary(c),
        }
    }
}

/// Hides a live post from members. None when it is already hidden (nothing
/// changes); NOT_FOUND for a tombstone.
#[tracing::instrument(level = "debug", skip(db, post, now), fields(post = post.id()))]
pub async fn hide(
    db: &impl Db,
    post: &Post,
    reason: HiddenReason,
    now: DateTime<Utc>,
) -> ApiResult<Option<Post>> {
    set_hidden(db, post, Some(reason), now).await
}

/// Shows a hidden post again. None when it is not hidden.
#[tracing::instrument(level = "debug", skip(db, post, now), fields(post = post.id()))]
pub async fn unhide(db: &impl Db, post: &Post, now: DateTime<Utc>) -> ApiResult<Option<Post>> {
    set_hidden(db, post, None, now).await
}

async fn set_hidden(
    db: &impl Db,
    post: &Post,
    reason: Option<HiddenReason>,
    now: DateTime<Utc>,
) -> ApiResult<Option<Post>> {
    if post.is_deleted() {
        return Err(ApiError::NotFound(not_found_name(post.kind())));
    }
    post.touched();
    let hiding = reason.is_some();
    let hidden_at = reason.map(|_| now);
    macro_rules! update {
        ($entity:ident, $variant:ident) => {{
            let changed = $entity::Entity::update_many()
                .col_expr($entity::Column::HiddenAt, Expr::val(hidden_at))
                .col_expr($entity::Column::HiddenReason, Expr::val(reason))
                .col_expr($entity::Column::UpdatedAt, Expr::val(now))
                .filter($entity::Column::Id.eq(post.id()))
                .filter($entity::Column::DeletedAt.is_null())
                .filter(if hiding {
                    $entity::Column::HiddenAt.is_null()
                } else {
                    $entity::Column::HiddenAt.is_not_null()
                })
                .exec_with_returning(db)
                .await?
                .pop();
            changed.map(Post::$variant)
        }};
    }
    let changed = match post {
        Post::Thread(_) => update!(threads, Thread),
        Post::Answer(_) => update!(answers, Answer),
        Post::Comment(_) => update!(comments, Comment),
    };
    let Some(changed) = changed else {
        return Ok(None);
    };
    let delta = if hiding { -1 } else { 1 };
    adjust_counts(db, &changed, delta).await?;
    if hiding {
        unindex(db, &changed).await?;
    } else {
        reindex(db, &changed).await?;
    }
    Ok(Some(changed))
}

/// Tombstones a post (its author deleting it, or a moderator): the row and
/// its text stay, it stops counting, leaves the index, stops being the
/// accepted answer, and the points it earned are taken back. None when it
/// is already a tombstone.
#[tracing::instrument(level = "debug", skip(db, post, rewards, now), fields(post = post.id()))]
pub async fn tombstone(
    db: &impl Db,
    post: &Post,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<Option<Post>> {
    post.touched();
    let changed = match post {
        Post::Thread(thread) => threads::Entity::update_many()
            .col_expr(threads::Column::DeletedAt, Expr::val(now))
            .col_expr(threads::Column::UpdatedAt, Expr::val(now))
            .filter(threads::Column::Id.eq(thread.id))
            .filter(threads::Column::DeletedAt.is_null())
            .exec_with_returning(db)
            .await?
            .pop()
            .map(Post::Thread),
        Post::Answer(answer) => {
            lock_thread(db, answer.thread_id).await?;
            let deleted = answers::Entity::update_many()
                .col_expr(answers::Column::DeletedAt, Expr::val(now))
                .col_expr(answers::Column::Accepted, Expr::val(false))
                .col_expr(answers::Column::UpdatedAt, Expr::val(now))
                .filter(answers::Column::Id.eq(answer.id))
                .filter(answers::Column::DeletedAt.is_null())
                .exec_with_returning(db)
                .await?
                .pop();
            if deleted.is_some() {
                threads::Entity::update_many()
                    .col_expr(
                        threads::Column::AcceptedAnswerId,
                        Expr::case(
                            Expr::col(threads::Column::AcceptedAnswerId).eq(answer.id),
                            Expr::val(Option::<i64>::None),
                        )
                        .finally(Expr::col(threads::Column::AcceptedAnswerId))
                        .into(),
                    )
                    .filter(threads::Column::Id.eq(answer.thread_id))
                    .exec(db)
                    .await?;
            }
            deleted.map(Post::Answer)
        }
        Post::Comment(comment) => comments::Entity::update_many()
            .col_expr(comments::Column::DeletedAt, Expr::val(now))
            .col_expr(comments::Column::UpdatedAt, Expr::val(now))
            .filter(comments::Column::Id.eq(comment.id))
            .filter(comments::Column::DeletedAt.is_null())
            .exec_with_returning(db)
            .await?
            .pop()
            .map(Post::Comment),
    };
    let Some(deleted) = changed else {
        return Ok(None);
    };
    // A hidden post already stopped counting and left the index.
    if post.hidden_reason().is_none() {
        adjust_counts(db, &deleted, -1).await?;
        unindex(db, &deleted).await?;
    }
    reward_triggers::content_removed(db, rewards, deleted.kind(), deleted.id(), now).await?;
    Ok(Some(deleted))
}

fn not_found_name(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Thread => "thread",
        PostKind::Answer => "answer",
        PostKind::Comment => "comment",
    }
}

/// Moves the counters an answer or comment is part of.
async fn adjust_counts(db: &impl Db, post: &Post, delta: i64) -> ApiResult<()> {
    match post {
        Post::Thread(_) => Ok(()),
        Post::Answer(answer) => {
            threads::Entity::update_many()
                .col_expr(
                    threads::Column::AnswerCount,
                    Expr::col(threads::Column::AnswerCount).add(delta),
                )
                .filter(threads::Column::Id.eq(answer.thread_id))
                .exec(db)
                .await?;
            Ok(())
        }
        Post::Comment(comment) => comment_service::count(db, comment, delta, None).await,
    }
}

/// Takes a post out of the search index; a thread takes its answers along,
/// since they are reached through it.
async fn unindex(db: &impl Db, post: &Post) -> ApiResult<()> {
    match post {
        Post::Thread(thread) => {
            search::index::remove(db, search::Kind::Thread, thread.id).await?;
            for answer in answer_ids_of(db, thread.id).await? {
                search::index::remove(db, search::Kind::Answer, answer).await?;
            }
            Ok(())
        }
        Post::Answer(answer) => search::index::remove(db, search::Kind::Answer, answer.id).await,
        Post::Comment(_) => Ok(()),
    }
}

/// Puts a post (back) into the search index if it is live and readable
/// through a live thread.
pub async fn reindex(db: &impl Db, post: &Post) -> ApiResult<()> {
    if !post.is_live() {
        return Ok(());
    }
    match post {
        Post::Thread(thread) => {
            let tags = thread_service::tags_of(db, thread.id).await?;
            search::index::put(db, search::index::thread_document(thread, &tags)).await?;
            let live_answers = answers::Entity::find()
                .filter(answers::Column::ThreadId.eq(thread.id))
                .filter(answers::Column::DeletedAt.is_null())
                .filter(answers::Column::HiddenAt.is_null())
                .all(db)
                .await?;
            let documents: Vec<_> = live_answers
                .iter()
                .map(|a| search::index::answer_document(a, thread.course_id))
                .collect();
            search::index::put_many(db, &documents).await
        }
        Post::Answer(answer) => {
            let thread = threads::Entity::find_by_id(answer.thread_id)
                .one(db)
                .await?
                .ok_or(ApiError::NotFound("thread"))?;
            if thread.deleted_at.is_some() || thread.hidden_at.is_some() {
                return Ok(());
            }
            search::index::put(db, search::index::answer_document(answer, thread.course_id)).await
        }
        Post::Comment(_) => Ok(()),
    }
}

async fn answer_ids_of(db: &impl Db, thread_id: i64) -> ApiResult<Vec<i64>> {
    Ok(answers::Entity::find()
        .select_only()
        .column(answers::Column::Id)
        .filter(answers::Column::ThreadId.eq(thread_id))
        .into_tuple::<i64>()
        .all(db)
        .await?)
}
