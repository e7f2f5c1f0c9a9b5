//! Community signals, all on threads: asking, answering, commenting,
//! upvotes, bookmarks and thread follows. Tombstoned (deleted, merged) and
//! hidden posts count for nothing, nor does anything under them.

use anyhow::Context;
use chrono::{DateTime, Utc};
use entity::{
    answers, bookmarks, comments,
    follows::{self, Target},
    threads,
    votes::{self, PostKind},
};
use futures_util::TryStreamExt;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};

use super::{aggregate::Aggregator, catalogue::Catalogue, weights};
use crate::services::recommendations::items::ItemRef;

/// Live threads become items (community-wide ones, and those of published
/// courses); their authors' asking is a signal.
pub async fn read_threads(
    txn: &DatabaseTransaction,
    catalogue: &mut Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = threads::Entity::find()
        .select_only()
        .columns([
            threads::Column::Id,
            threads::Column::CourseId,
            threads::Column::AuthorId,
            threads::Column::Title,
            threads::Column::CreatedAt,
        ])
        .filter(threads::Column::DeletedAt.is_null())
        .filter(threads::Column::HiddenAt.is_null())
        .filter(threads::Column::MergedIntoId.is_null())
        .into_tuple::<(i64, Option<i64>, i64, String, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((id, course, author, title, at)) =
        rows.try_next().await.context("reading threads")?
    {
        if course.is_some_and(|course| !catalogue.is_live_course(course)) {
            continue;
        }
        catalogue.add_thread(id, title);
        if catalogue.user_counts(author) {
            agg.add(author, ItemRef::Thread(id), weights::ASKING, at);
        }
    }
    Ok(())
}

/// Visible answers of live threads: answering, and the answer → thread map
/// that votes and comments on answers need.
pub async fn read_answers(
    txn: &DatabaseTransaction,
    catalogue: &mut Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = answers::Entity::find()
        .select_only()
        .columns([
            answers::Column::Id,
            answers::Column::ThreadId,
            answers::Column::AuthorId,
            answers::Column::CreatedAt,
        ])
        .filter(answers::Column::DeletedAt.is_null())
        .filter(answers::Column::HiddenAt.is_null())
        .into_tuple::<(i64, i64, i64, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((id, thread, author, at)) = rows.try_next().await.context("reading answers")? {
        if !catalogue.is_live_thread(thread) {
            continue;
        }
        catalogue.add_answer(id, thread);
        if catalogue.user_counts(author) {
            agg.add(author, ItemRef::Thread(thread), weights::ANSWERING, at);
        }
    }
    Ok(())
}

/// Visible comments on a live thread or on a visible answer of one.
pub async fn read_comments(
    txn: &DatabaseTransaction,
    catalogue: &Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = comments::Entity::find()
        .select_only()
        .columns([
            comments::Column::ThreadId,
            comments::Column::AnswerId,
            comments::Column::AuthorId,
            comments::Column::CreatedAt,
        ])
        .filter(comments::Column::DeletedAt.is_null())
        .filter(comments::Column::HiddenAt.is_null())
        .into_tuple::<(i64, Option<i64>, i64, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((thread, answer, author, at)) =
        rows.try_next().await.context("reading comments")?
    {
        let live = match answer {
            Some(answer) => catalogue.answer_thread(answer) == Some(thread),
            None => catalogue.is_live_thread(thread),
        };
        if live && catalogue.user_counts(author) {
            agg.add(author, ItemRef::Thread(thread), weights::COMMENTING, at);
        }
    }
    Ok(())
}

/// Upvotes on live threads and visible answers (an answer's upvote is a
/// signal on its thread). Downvotes say "not this" and count for nothing:
/// the models take positive confidence only.
pub async fn read_votes(
    txn: &DatabaseTransaction,
    catalogue: &Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = votes::Entity::find()
        .select_only()
        .columns([
            votes::Column::UserId,
            votes::Column::TargetKind,
            votes::Column::TargetId,
            votes::Column::UpdatedAt,
        ])
        .filter(votes::Column::Value.gt(0))
        .into_tuple::<(i64, PostKind, i64, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((user, kind, target, at)) = rows.try_next().await.context("reading votes")? {
        if !catalogue.user_counts(user) {
            continue;
        }
        match kind {
            PostKind::Thread if catalogue.is_live_thread(target) => {
                agg.add(user, ItemRef::Thread(target), weights::UPVOTE_THREAD, at);
            }
            PostKind::Answer => {
                if let Some(thread) = catalogue.answer_thread(target) {
                    agg.add(user, ItemRef::Thread(thread), weights::UPVOTE_ANSWER, at);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

pub async fn read_bookmarks(
    txn: &DatabaseTransaction,
    catalogue: &Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = bookmarks::Entity::find()
        .select_only()
        .columns([
            bookmarks::Column::UserId,
            bookmarks::Column::ThreadId,
            bookmarks::Column::CreatedAt,
        ])
        .into_tuple::<(i64, i64, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((user, thread, at)) = rows.try_next().await.context("reading bookmarks")? {
        if catalogue.is_live_thread(thread) && catalogue.user_counts(user) {
            agg.add(user, ItemRef::Thread(thread), weights::BOOKMARK, at);
        }
    }
    Ok(())
}

/// Thread follows. Tag and user follows are not items (serving reads tag
/// follows for its cold-start lists).
pub async fn read_follows(
    txn: &DatabaseTransaction,
    catalogue: &Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = follows::Entity::find()
        .select_only()
        .columns([
            follows::Column::UserId,
            follows::Column::TargetId,
            follows::Column::CreatedAt,
        ])
        .filter(follows::Column::TargetKind.eq(Target::Thread))
        .into_tuple::<(i64, i64, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((user, thread, at)) = rows.try_next().await.context("reading follows")? {
        if catalogue.is_live_thread(thread) && catalogue.user_counts(user) {
            agg.add(user, ItemRef::Thread(thread), weights::FOLLOW_THREAD, at);
        }
    }
    Ok(())
}
