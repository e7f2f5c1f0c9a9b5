//! Merging one thread into another (staff): answers, comments, followers
//! and bookmarks move; the old thread becomes a tombstone that redirects
//! (`merged_into_id`). Points its posts earned stay earned.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use entity::{answers, bookmarks, comments, follows, moderation_log::TargetType, threads};
use sea_orm::{
    ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QuerySelect, Set, TransactionSession,
    sea_query::Expr,
};
use serde_json::json;

use super::{Place, Record, record};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        community::{
            Notifying,
            answers::lock_thread,
            threads as thread_service,
            visibility::{self, Post},
        },
        moderation::{ensure_governs, ensure_staff, log::Action},
        search,
    },
};

/// Merges `from_id` into `into_id`; returns the thread merged into.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn merge(
    db: &impl Db,
    viewer: &Viewer,
    from_id: i64,
    into_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Notifying<threads::Model>> {
    viewer.ensure_can_write(now)?;
    if from_id == into_id {
        return Err(ApiError::bad_input(
            "intoId",
            "a thread cannot be merged into itself",
        ));
    }
    let txn = db.begin().await?;
    // Both readable before anything is locked; then both locked in id
    // order, so two merges of the same pair cannot deadlock.
    thread_service::find_readable(&txn, Some(viewer), from_id).await?;
    thread_service::find_readable(&txn, Some(viewer), into_id).await?;
    lock_thread(&txn, Ord::min(from_id, into_id)).await?;
    lock_thread(&txn, Ord::max(from_id, into_id)).await?;
    let from = thread_service::find_readable(&txn, Some(viewer), from_id).await?;
    let into = thread_service::find_readable(&txn, Some(viewer), into_id).await?;
    if from.deleted_at.is_some() || into.deleted_at.is_some() {
        return Err(ApiError::NotFound("thread"));
    }
    ensure_governs(&txn, viewer, &from).await?;
    ensure_governs(&txn, viewer, &into).await?;
    ensure_staff(viewer)?;

    let moved_answers: Vec<i64> = answers::Entity::find()
        .select_only()
        .column(answers::Column::Id)
        .filter(answers::Column::ThreadId.eq(from.id))
        .into_tuple()
        .all(&txn)
        .await?;
    answers::Entity::update_many()
        .col_expr(answers::Column::ThreadId, Expr::val(into.id))
        .col_expr(answers::Column::Accepted, Expr::val(false))
        .filter(answers::Column::ThreadId.eq(from.id))
        .exec(&txn)
        .await?;
    let moved_comments = comments::Entity::update_many()
        .col_expr(comments::Column::ThreadId, Expr::val(into.id))
        .filter(comments::Column::ThreadId.eq(from.id))
        .exec(&txn)
        .await?
        .rows_affected;
    // `from`'s counters are exactly its live moved rows.
    threads::Entity::update_many()
        .col_expr(
            threads::Column::AnswerCount,
            Expr::col(threads::Column::AnswerCount).add(from.answer_count),
        )
        .col_expr(
            threads::Column::CommentCount,
            Expr::col(threads::Column::CommentCount).add(from.comment_count),
        )
        .col_expr(
            threads::Column::LastActivityAt,
            Expr::val(Ord::max(into.last_activity_at, from.last_activity_at)),
        )
        .col_expr(threads::Column::UpdatedAt, Expr::val(now))
        .filter(threads::Column::Id.eq(into.id))
        .exec(&txn)
        .await?;
    move_follows(&txn, from.id, into.id).await?;
    move_bookmarks(&txn, from.id, into.id).await?;
    // Threads closed as duplicates of `from` now point where it went.
    threads::Entity::update_many()
        .col_expr(threads::Column::DuplicateOfId, Expr::val(into.id))
        .filter(threads::Column::DuplicateOfId.eq(from.id))
        .exec(&txn)
        .await?;
    let tombstone = threads::Entity::update_many()
        .col_expr(threads::Column::DeletedAt, Expr::val(now))
        .col_expr(threads::Column::MergedIntoId, Expr::val(into.id))
        .col_expr(threads::Column::AnswerCount, Expr::val(0i64))
        .col_expr(threads::Column::CommentCount, Expr::val(0i64))
        .col_expr(
            threads::Column::AcceptedAnswerId,
            Expr::val(Option::<i64>::None),
        )
        .col_expr(threads::Column::UpdatedAt, Expr::val(now))
        .filter(threads::Column::Id.eq(from.id))
        .exec_with_returning(&txn)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("thread"))?;
    search::index::remove(&txn, search::Kind::Thread, from.id).await?;
    let merged = threads::Entity::find_by_id(into.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    if merged.hidden_at.is_some() {
        // A hidden thread's answers are not searchable.
        for answer in &moved_answers {
            search::index::remove(&txn, search::Kind::Answer, *answer).await?;
        }
    } else {
        // Moved answers take the new thread's course scope.
        visibility::reindex(&txn, &Post::Thread(merged.clone())).await?;
    }
    let notified = record(
        &txn,
        viewer,
        Record {
            action: Action::Merge,
            target: (TargetType::Thread, from.id),
            reason: None,
            before: Post::Thread(from.clone()).summary(),
            after: json!({
                "mergedIntoId": into.id,
                "movedAnswers": moved_answers.len(),
                "movedComments": moved_comments,
                "deleted": tombstone.deleted_at.map(|t| t.to_rfc3339()),
            }),
            notify: Some("MERGE"),
            author_id: from.author_id,
            place: Place::thread(into.id),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Notifying {
        value: merged,
        notified,
    })
}

/// Followers of `from` follow `into` (once each); `from`'s follows go.
async fn move_follows(db: &impl Db, from: i64, into: i64) -> ApiResult<()> {
    let of = |thread: i64| {
        follows::Entity::find()
            .filter(follows::Column::TargetKind.eq(follows::Target::Thread))
            .filter(follows::Column::TargetId.eq(thread))
    };
    let already: HashSet<i64> = of(into)
        .select_only()
        .column(follows::Column::UserId)
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let moving: Vec<follows::ActiveModel> = of(from)
        .all(db)
        .await?
        .into_iter()
        .filter(|f| !already.contains(&f.user_id))
        .map(|f| follows::ActiveModel {
            user_id: Set(f.user_id),
            target_kind: Set(follows::Target::Thread),
            target_id: Set(into),
            created_at: Set(f.created_at),
        })
        .collect();
    if !moving.is_empty() {
        follows::Entity::insert_many(moving)
            .exec_without_returning(db)
            .await?;
    }
    follows::Entity::delete_many()
        .filter(follows::Column::TargetKind.eq(follows::Target::Thread))
        .filter(follows::Column::TargetId.eq(from))
        .exec(db)
        .await?;
    Ok(())
}

/// Bookmarks of `from` become bookmarks of `into` (once each).
async fn move_bookmarks(db: &impl Db, from: i64, into: i64) -> ApiResult<()> {
    let already: HashSet<i64> = bookmarks::Entity::find()
        .select_only()
        .column(bookmarks::Column::UserId)
        .filter(bookmarks::Column::ThreadId.eq(into))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let moving: Vec<bookmarks::ActiveModel> = bookmarks::Entity::find()
        .filter(bookmarks::Column::ThreadId.eq(from))
        .all(db)
        .await?
        .into_iter()
        .filter(|b| !already.contains(&b.user_id))
        .map(|b| bookmarks::ActiveModel {
            user_id: Set(b.user_id),
            thread_id: Set(into),
            created_at: Set(b.created_at),
        })
        .collect();
    if !moving.is_empty() {
        bookmarks::Entity::insert_many(moving)
            .exec_without_returning(db)
            .await?;
    }
    bookmarks::Entity::delete_many()
        .filter(bookmarks::Column::ThreadId.eq(from))
        .exec(db)
        .await?;
    Ok(())
}
