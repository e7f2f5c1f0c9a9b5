//! Comments: flat, by time, on a thread or on one of its answers, with
//! `@username` mentions; the same edit and tombstone rules as posts.

use chrono::{DateTime, Utc};
use entity::{
    answers, comments, follows, notifications::Kind as NotificationKind, threads, votes::PostKind,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, QueryFilter, Set, TransactionSession,
    sea_query::Expr,
};

use super::{
    COMMENT_MAX, Notifying, access,
    answers::{self as answer_service, post_body},
    notifications::{self, Cause, Recipients},
    revisions, threads as thread_service,
};
use crate::services::moderation::automod::{self, Automod};
use crate::services::rewards::{RewardSettings, privileges};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
    },
};

/// What a comment is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentTarget {
    Thread(i64),
    Answer(i64),
}

/// Comments on a thread or answer the viewer may read and that is open.
#[tracing::instrument(skip(db, viewer, body, now), fields(viewer = viewer.id()))]
pub async fn create(
    db: &impl Db,
    viewer: &Viewer,
    target: CommentTarget,
    body: &str,
    rewards: &RewardSettings,
    automod: Automod<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Notifying<comments::Model>> {
    viewer.ensure_can_write(now)?;
    let body = post_body(body, COMMENT_MAX)?;
    privileges::ensure_may_post_links(viewer, rewards, &body)?;
    let (thread, answer) = match target {
        CommentTarget::Thread(id) => (
            thread_service::find_readable(db, Some(viewer), id).await?,
            None,
        ),
        CommentTarget::Answer(id) => {
            let (answer, thread) = answer_service::find_readable(db, Some(viewer), id).await?;
            if answer.deleted_at.is_some() {
                return Err(ApiError::conflict(
                    "targetId",
                    "the answer was deleted: it takes no new comments",
                ));
            }
            (thread, Some(answer))
        }
    };
    access::ensure_open(&thread, "targetId")?;
    // One's own posts, and answers to one's own question, are always open.
    let on_own_post = thread.author_id == viewer.id()
        || answer.as_ref().is_some_and(|a| a.author_id == viewer.id());
    privileges::ensure_may_comment(viewer, rewards, on_own_post)?;
    let held = automod
        .screen(db, viewer, rewards, &[("body", &body)], now)
        .await?;
    let txn = db.begin().await?;
    let comment = comments::ActiveModel {
        thread_id: Set(thread.id),
        answer_id: Set(answer.as_ref().map(|a| a.id)),
        author_id: Set(viewer.id()),
        body_html: Set(crate::text::markdown_to_safe_html(&body)),
        body: Set(body),
        edited_at: Set(None),
        deleted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::touched_comment(&comment);
    count(&txn, &comment, 1, Some(now)).await?;
    let comment = automod::apply(&txn, comment, held.as_ref(), now).await?;
    let post_author = answer.as_ref().map_or(thread.author_id, |a| a.author_id);
    // A held comment tells no one until a moderator approves it.
    let notified = if held.is_some() {
        Vec::new()
    } else {
        notifications::notify(
            &txn,
            &Cause {
                actor_id: viewer.id(),
                thread: &thread,
                answer_id: comment.answer_id,
                comment_id: Some(comment.id),
            },
            Recipients {
                direct: vec![(post_author, NotificationKind::NewComment)],
                mentioned: super::mentions(&comment.body),
                followers_of: vec![(follows::Target::Thread, thread.id)],
            },
            now,
        )
        .await?
    };
    txn.commit().await?;
    Ok(Notifying {
        value: comment,
        notified,
    })
}

/// Moves the comment counters of the comment's thread (and answer) by `delta`.
pub(super) async fn count(
    db: &impl Db,
    comment: &comments::Model,
    delta: i64,
    activity: Option<DateTime<Utc>>,
) -> ApiResult<()> {
    let mut thread = threads::Entity::update_many().col_expr(
        threads::Column::CommentCount,
        Expr::col(threads::Column::CommentCount).add(delta),
    );
    if let Some(now) = activity {
        thread = thread.col_expr(threads::Column::LastActivityAt, Expr::val(now));
    }
    thread
        .filter(threads::Column::Id.eq(comment.thread_id))
        .exec(db)
        .await?;
    if let Some(answer) = comment.answer_id {
        answers::Entity::update_many()
            .col_expr(
                answers::Column::CommentCount,
                Expr::col(answers::Column::CommentCount).add(delta),
            )
            .filter(answers::Column::Id.eq(answer))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// A comment and its thread, if the viewer may read the thread.
#[tracing::instrument(level = "debug", skip(db, viewer))]
pub async fn find_readable(
    db: &impl Db,
    viewer: Option<&Viewer>,
    comment_id: i64,
) -> ApiResult<(comments::Model, threads::Model)> {
    let comment = comments::Entity::find_by_id(comment_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("comment"))?;
    let thread = thread_service::find_readable(db, viewer, comment.thread_id)
        .await
        .map_err(|err| err.not_found_as("comment"))?;
    Ok((comment, thread))
}

async fn find_own(db: &impl Db, viewer: &Viewer, comment_id: i64) -> ApiResult<comments::Model> {
    let (comment, _) = find_readable(db, Some(viewer), comment_id).await?;
    if comment.deleted_at.is_some() {
        return Err(ApiError::NotFound("comment"));
    }
    if comment.author_id != viewer.id() {
        return Err(ApiError::forbidden("only its author may change a comment"));
    }
    Ok(comment)
}

/// Edits the viewer's comment; the version it replaces goes to the history.
#[tracing::instrument(skip(db, viewer, body, now), fields(viewer = viewer.id()))]
pub async fn update(
    db: &impl Db,
    viewer: &Viewer,
    comment_id: i64,
    body: &str,
    rewards: &RewardSettings,
    automod: Automod<'_>,
    now: DateTime<Utc>,
) -> ApiResult<comments::Model> {
    viewer.ensure_can_write(now)?;
    let body = post_body(body, COMMENT_MAX)?;
    privileges::ensure_may_post_links(viewer, rewards, &body)?;
    let comment = find_own(db, viewer, comment_id).await?;
    if body == comment.body {
        return Ok(comment);
    }
    let held = automod
        .screen(db, viewer, rewards, &[("body", &body)], now)
        .await?;
    let txn = db.begin().await?;
    super::touched_comment(&comment);
    revisions::record(
        &txn,
        PostKind::Comment,
        comment.id,
        viewer.id(),
        None,
        comment.body.clone(),
        now,
    )
    .await?;
    let mut active: comments::ActiveModel = comment.into();
    active.body_html = Set(crate::text::markdown_to_safe_html(&body));
    active.body = Set(body);
    active.edited_at = Set(Some(now));
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let updated = automod::apply(&txn, updated, held.as_ref(), now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// The author deletes their comment: a tombstone that stops counting.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn delete(
    db: &impl Db,
    viewer: &Viewer,
    comment_id: i64,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<comments::Model> {
    viewer.ensure_can_write(now)?;
    let comment = find_own(db, viewer, comment_id).await?;
    let txn = db.begin().await?;
    let Some(super::visibility::Post::Comment(deleted)) = super::visibility::tombstone(
        &txn,
        &super::visibility::Post::Comment(comment),
        rewards,
        now,
    )
    .await?
    else {
        return Err(ApiError::NotFound("comment"));
    };
    txn.commit().await?;
    Ok(deleted)
}

/// Comments on a thread itself or on one answer, oldest first. The caller
/// has checked the viewer may read the thread.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn of_target(
    db: &impl Db,
    thread_id: i64,
    answer_id: Option<i64>,
    page: PageRequest,
) -> ApiResult<Page<comments::Model>> {
    use comments::{Column, Entity};
    let query = Entity::find().filter(Column::ThreadId.eq(thread_id));
    let query = match answer_id {
        Some(answer) => query.filter(Column::AnswerId.eq(answer)),
        None => query.filter(Column::AnswerId.is_null()),
    };
    paginate(db, query, &oldest_first(), &page).await
}

fn oldest_first() -> KeysetOrder<comments::Model> {
    KeysetOrder::new(
        "comments.oldest",
        vec![SortKey::asc(
            Expr::col((comments::Entity, comments::Column::Id)),
            |c: &comments::Model| KeyValue::Int(c.id),
        )],
    )
}

/// The first page of a target's comments from up to `first + 1` loaded by
/// `first_of`, with the cursors `of_target` would give.
pub fn first_page(mut loaded: Vec<comments::Model>, first: u64) -> Page<comments::Model> {
    let order = oldest_first();
    let has_next_page = loaded.len() as u64 > first;
    loaded.truncate(first as usize);
    Page {
        items: loaded
            .into_iter()
            .map(|c| (order.cursor_of(&c).encode(), c))
            .collect(),
        has_next_page,
        total_count: None,
        had_cursor: false,
    }
}

/// Whose comments a batch loads: those on some answers, or those on some
/// threads themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentsOf {
    Answers,
    Threads,
}

/// The first `limit` comments of each of many answers (or threads), oldest
/// first, in one statement (a window function numbers each target's
/// comments), for the DataLoaders of a thread page.
#[tracing::instrument(level = "debug", skip_all, fields(targets = target_ids.len()))]
pub async fn first_of(
    db: &impl Db,
    of: CommentsOf,
    target_ids: &[i64],
    limit: u64,
) -> ApiResult<std::collections::HashMap<i64, Vec<comments::Model>>> {
    use comments::{Column, Entity};
    use sea_orm::{
        FromQueryResult, Iterable,
        sea_query::{Alias, Query},
    };
    let mut by_target: std::collections::HashMap<i64, Vec<comments::Model>> =
        std::collections::HashMap::new();
    if target_ids.is_empty() {
        return Ok(by_target);
    }
    let ids = target_ids.iter().copied();
    let mut ranked = Query::select();
    ranked.columns(Column::iter()).from(Entity);
    match of {
        CommentsOf::Answers => ranked
            .expr_as(
                Expr::cust("ROW_NUMBER() OVER (PARTITION BY answer_id ORDER BY id)"),
                Alias::new("position"),
            )
            .and_where(Expr::col(Column::AnswerId).is_in(ids)),
        CommentsOf::Threads => ranked
            .expr_as(
                Expr::cust("ROW_NUMBER() OVER (PARTITION BY thread_id ORDER BY id)"),
                Alias::new("position"),
            )
            .and_where(Expr::col(Column::ThreadId).is_in(ids))
            .and_where(Expr::col(Column::AnswerId).is_null()),
    };
    let ranked_alias = Alias::new("ranked");
    let query = Query::select()
        .columns(Column::iter().map(|c| (ranked_alias.clone(), c)))
        .from_subquery(ranked.to_owned(), ranked_alias.clone())
        .and_where(Expr::col((ranked_alias.clone(), Alias::new("position"))).lte(limit as i64))
        .order_by((ranked_alias, Column::Id), sea_orm::Order::Asc)
        .to_owned();
    for row in db.query_all(&query).await? {
        let comment = comments::Model::from_query_result(&row, "")?;
        let target = match of {
            CommentsOf::Answers => comment.answer_id.unwrap_or_default(),
            CommentsOf::Threads => comment.thread_id,
        };
        by_target.entry(target).or_default().push(comment);
    }
    Ok(by_target)
}
