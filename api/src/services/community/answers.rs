//! Answers: posting, editing with a history, tombstones, accepting, and the
//! thread's answer list (accepted first, then by score, then oldest).

use chrono::{DateTime, Utc};
use entity::{
    answers, follows,
    notifications::Kind as NotificationKind,
    threads::{self, Kind},
    votes::PostKind,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, QueryFilter, Set, TransactionSession,
    sea_query::Expr,
};

use super::{
    BODY_MAX, Notifying, access,
    notifications::{self, Cause, Recipients},
    revisions, threads as thread_service,
    visibility::{self, Post},
};
use crate::services::moderation::automod::{self, Automod};
use crate::services::rewards::{RewardSettings, privileges, triggers as reward_triggers};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
        search, validate,
    },
};

/// A post's body: markdown, 1 to `max` characters.
pub fn post_body(raw: &str, max: usize) -> ApiResult<String> {
    let body = validate::markdown("body", raw, max)?;
    if body.is_empty() {
        return Err(ApiError::bad_input("body", "write something first"));
    }
    Ok(body)
}

/// Answers a thread the viewer may read and that is open.
#[tracing::instrument(skip(db, viewer, body, now), fields(viewer = viewer.id()))]
pub async fn create(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    body: &str,
    rewards: &RewardSettings,
    automod: Automod<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Notifying<(answers::Model, threads::Model)>> {
    viewer.ensure_can_write(now)?;
    let body = post_body(body, BODY_MAX)?;
    privileges::ensure_may_post_links(viewer, rewards, &body)?;
    let thread = thread_service::find_readable(db, Some(viewer), thread_id).await?;
    access::ensure_takes_answers(&thread, "threadId")?;
    let held = automod
        .screen(db, viewer, rewards, &[("body", &body)], now)
        .await?;
    let txn = db.begin().await?;
    let answer = answers::ActiveModel {
        thread_id: Set(thread.id),
        author_id: Set(viewer.id()),
        body_html: Set(crate::text::markdown_to_safe_html(&body)),
        body: Set(body),
        accepted: Set(false),
        score: Set(0),
        upvotes: Set(0),
        downvotes: Set(0),
        comment_count: Set(0),
        edited_at: Set(None),
        deleted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::touched_answer(answer.thread_id, answer.id);
    search::index::put(
        &txn,
        search::index::answer_document(&answer, thread.course_id),
    )
    .await?;
    let thread = threads::Entity::update_many()
        .col_expr(
            threads::Column::AnswerCount,
            Expr::col(threads::Column::AnswerCount).add(1),
        )
        .col_expr(threads::Column::LastActivityAt, Expr::val(now))
        .filter(threads::Column::Id.eq(thread.id))
        .exec_with_returning(&txn)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("thread"))?;
    // Holding un-counts the answer again (see `visibility::hide`).
    let answer = automod::apply(&txn, answer, held.as_ref(), now).await?;
    let thread = if held.is_some() {
        threads::Entity::find_by_id(thread.id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("thread"))?
    } else {
        thread
    };
    // A held answer tells no one until a moderator approves it.
    let notified = if held.is_some() {
        Vec::new()
    } else {
        notifications::notify(
            &txn,
            &Cause {
                actor_id: viewer.id(),
                thread: &thread,
                answer_id: Some(answer.id),
                comment_id: None,
            },
            Recipients {
                direct: vec![(thread.author_id, NotificationKind::NewAnswer)],
                mentioned: super::mentions(&answer.body),
                followers_of: vec![(follows::Target::Thread, thread.id)],
            },
            now,
        )
        .await?
    };
    txn.commit().await?;
    Ok(Notifying {
        value: (answer, thread),
        notified,
    })
}

/// An answer and its thread, if the viewer may read the thread.
#[tracing::instrument(level = "debug", skip(db, viewer))]
pub async fn find_readable(
    db: &impl Db,
    viewer: Option<&Viewer>,
    answer_id: i64,
) -> ApiResult<(answers::Model, threads::Model)> {
    let answer = answers::Entity::find_by_id(answer_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("answer"))?;
    let thread = thread_service::find_readable(db, viewer, answer.thread_id)
        .await
        .map_err(|err| err.not_found_as("answer"))?;
    Ok((answer, thread))
}

async fn find_own(
    db: &impl Db,
    viewer: &Viewer,
    answer_id: i64,
) -> ApiResult<(answers::Model, threads::Model)> {
    let (answer, thread) = find_readable(db, Some(viewer), answer_id).await?;
    if answer.deleted_at.is_some() {
        return Err(ApiError::NotFound("answer"));
    }
    if answer.author_id != viewer.id() {
        return Err(ApiError::forbidden("only its author may change an answer"));
    }
    Ok((answer, thread))
}

/// Edits the viewer's answer; the version it replaces goes to the history.
#[tracing::instrument(skip(db, viewer, body, now), fields(viewer = viewer.id()))]
pub async fn update(
    db: &impl Db,
    viewer: &Viewer,
    answer_id: i64,
    body: &str,
    rewards: &RewardSettings,
    automod: Automod<'_>,
    now: DateTime<Utc>,
) -> ApiResult<answers::Model> {
    viewer.ensure_can_write(now)?;
    let body = post_body(body, BODY_MAX)?;
    privileges::ensure_may_post_links(viewer, rewards, &body)?;
    let (answer, _) = find_own(db, viewer, answer_id).await?;
    if body == answer.body {
        return Ok(answer);
    }
    let held = automod
        .screen(db, viewer, rewards, &[("body", &body)], now)
        .await?;
    let txn = db.begin().await?;
    super::touched_answer(answer.thread_id, answer.id);
    revisions::record(
        &txn,
        PostKind::Answer,
        answer.id,
        viewer.id(),
        None,
        answer.body.clone(),
        now,
    )
    .await?;
    let mut active: answers::ActiveModel = answer.into();
    active.body_html = Set(crate::text::markdown_to_safe_html(&body));
    active.body = Set(body);
    active.edited_at = Set(Some(now));
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    // Only a live answer in a live thread goes back into the index.
    visibility::reindex(&txn, &Post::Answer(updated.clone())).await?;
    let updated = automod::apply(&txn, updated, held.as_ref(), now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// The author deletes their answer: a tombstone (comments stay). It stops
/// counting, and stops being the accepted answer.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn delete(
    db: &impl Db,
    viewer: &Viewer,
    answer_id: i64,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<answers::Model> {
    viewer.ensure_can_write(now)?;
    let (answer, _) = find_own(db, viewer, answer_id).await?;
    let txn = db.begin().await?;
    let Some(Post::Answer(deleted)) =
        visibility::tombstone(&txn, &Post::Answer(answer), rewards, now).await?
    else {
        return Err(ApiError::NotFound("answer"));
    };
    txn.commit().await?;
    Ok(deleted)
}

/// Takes the thread's row lock for the rest of the transaction, so changes
/// to its accepted answer and counters are serialised.
pub(crate) async fn lock_thread(db: &impl Db, thread_id: i64) -> ApiResult<()> {
    threads::Entity::update_many()
        .col_expr(threads::Column::Id, Expr::col(threads::Column::Id))
        .filter(threads::Column::Id.eq(thread_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The question's author accepts an answer (replacing any other), or with
/// `None` retracts the acceptance. Returns the answer and the thread.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn set_accepted(
    db: &impl Db,
    viewer: &Viewer,
    answer_id: i64,
    accept: bool,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<Notifying<(answers::Model, threads::Model)>> {
    viewer.ensure_can_write(now)?;
    let (answer, thread) = find_readable(db, Some(viewer), answer_id).await?;
    if answer.deleted_at.is_some() {
        return Err(ApiError::NotFound("answer"));
    }
    if thread.deleted_at.is_some() {
        return Err(ApiError::NotFound("thread"));
    }
    if thread.author_id != viewer.id() {
        return Err(ApiError::forbidden(
            "only the question's author may accept or unaccept an answer",
        ));
    }
    if thread.kind != Kind::Question {
        return Err(ApiError::bad_input(
            "answerId",
            "only a QUESTION has an accepted answer",
        ));
    }
    let txn = db.begin().await?;
    lock_thread(&txn, thread.id).await?;
    // Its author may have deleted it since it was read: `delete` holds the
    // same lock, so under it the answer's state is final.
    let live = answers::Entity::find_by_id(answer.id)
        .filter(answers::Column::DeletedAt.is_null())
        .one(&txn)
        .await?;
    if live.is_none() {
        return Err(ApiError::NotFound("answer"));
    }
    let current: Option<i64> = threads::Entity::find_by_id(thread.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("thread"))?
        .accepted_answer_id;
    let wanted = accept.then_some(answer.id);
    if !accept && current != Some(answer.id) {
        return Err(ApiError::conflict(
            "answerId",
            "this answer is not accepted",
        ));
    }
    let mut notified = Vec::new();
    if current != wanted {
        // The answers' records, the thread's and its first page.
        crate::cache_sync::touched(|changed| {
            changed.thread(thread.id).answer(answer.id);
            if let Some(previous) = current {
                changed.answer(previous);
            }
        });
        answers::Entity::update_many()
            .col_expr(
                answers::Column::Accepted,
                Expr::col(answers::Column::Id)
                    .eq(answer.id)
                    .and(Expr::val(accept)),
            )
            .filter(answers::Column::ThreadId.eq(thread.id))
            .filter(
                answers::Column::Accepted
                    .eq(true)
                    .or(answers::Column::Id.eq(answer.id)),
            )
            .exec(&txn)
            .await?;
        threads::Entity::update_many()
            .col_expr(threads::Column::AcceptedAnswerId, Expr::val(wanted))
            .filter(threads::Column::Id.eq(thread.id))
            .exec(&txn)
            .await?;
        let previous = match current {
            Some(id) => answers::Entity::find_by_id(id).one(&txn).await?,
            None => None,
        };
        let next = accept.then_some(&answer);
        reward_triggers::acceptance_changed(&txn, rewards, &thread, previous.as_ref(), next, now)
            .await?;
        if accept {
            notified = notifications::notify(
                &txn,
                &Cause {
                    actor_id: viewer.id(),
                    thread: &thread,
                    answer_id: Some(answer.id),
                    comment_id: None,
                },
                Recipients {
                    direct: vec![(answer.author_id, NotificationKind::AnswerAccepted)],
                    ..Default::default()
                },
                now,
            )
            .await?;
        }
    }
    let answer = answers::Entity::find_by_id(answer.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("answer"))?;
    let thread = threads::Entity::find_by_id(thread.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    txn.commit().await?;
    Ok(Notifying {
        value: (answer, thread),
        notified,
    })
}

/// A thread's answers: accepted first, then by score, then oldest. The
/// caller has checked the viewer may read the thread. Tombstones stay in
/// place (their body hidden by the API).
#[tracing::instrument(level = "debug", skip_all, fields(thread_id))]
pub async fn of_thread(
    db: &impl Db,
    thread_id: i64,
    page: PageRequest,
) -> ApiResult<Page<answers::Model>> {
    use answers::{Column, Entity};
    let order = KeysetOrder::new(
        "answers.best",
        vec![
            SortKey::desc(
                Expr::col((Entity, Column::Accepted)),
                |a: &answers::Model| KeyValue::Bool(a.accepted),
            ),
            SortKey::desc(Expr::col((Entity, Column::Score)), |a: &answers::Model| {
                KeyValue::Int(a.score)
            }),
            SortKey::asc(Expr::col((Entity, Column::Id)), |a: &answers::Model| {
                KeyValue::Int(a.id)
            }),
        ],
    );
    paginate(
        db,
        Entity::find().filter(Column::ThreadId.eq(thread_id)),
        &order,
        &page,
    )
    .await
}

/// A user's live answers the viewer may read, newest first.
#[tracing::instrument(level = "debug", skip_all, fields(author_id))]
pub async fn of_author(
    db: &impl Db,
    viewer: Option<&Viewer>,
    author_id: i64,
    page: PageRequest,
) -> ApiResult<Page<answers::Model>> {
    use answers::{Column, Entity};
    use sea_orm::sea_query::Query;
    let readable = Query::select()
        .column(threads::Column::Id)
        .from(threads::Entity)
        .cond_where(access::readable_threads(viewer))
        .to_owned();
    let order = KeysetOrder::new(
        "answers.newest",
        vec![SortKey::desc(
            Expr::col((Entity, Column::Id)),
            |a: &answers::Model| KeyValue::Int(a.id),
        )],
    );
    paginate(
        db,
        Entity::find()
            .filter(Column::AuthorId.eq(author_id))
            .filter(Column::DeletedAt.is_null())
            .filter(Column::ThreadId.in_subquery(readable)),
        &order,
        &page,
    )
    .await
}
