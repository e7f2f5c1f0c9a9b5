//! Notifications: written in the transaction of their cause, one per
//! recipient and cause, never to the actor, and in a course only to those
//! who may read it.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use entity::{
    courses, enrollments, follows,
    notifications::{self, Kind},
    threads,
    users::{self, Role},
};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter, QuerySelect, Set,
    sea_query::{Expr, Query},
};

use crate::{
    auth::Viewer,
    error::ApiResult,
    services::{
        Db,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
    },
};

/// Most notifications one mark-as-read call takes.
pub const MARK_MAX: usize = 100;

/// What happened, and where.
pub struct Cause<'a> {
    pub actor_id: i64,
    pub thread: &'a threads::Model,
    pub answer_id: Option<i64>,
    pub comment_id: Option<i64>,
}

impl<'a> Cause<'a> {
    pub fn of_thread(actor_id: i64, thread: &'a threads::Model) -> Self {
        Cause {
            actor_id,
            thread,
            answer_id: None,
            comment_id: None,
        }
    }
}

/// Who is told, in order of precedence: each recipient once, for the first
/// reason that names them.
#[derive(Default)]
pub struct Recipients {
    pub direct: Vec<(i64, Kind)>,
    /// Usernames written as `@username`.
    pub mentioned: Vec<String>,
    /// Followers of these threads, tags and users.
    pub followers_of: Vec<(follows::Target, i64)>,
}

/// Writes the notifications of one cause; returns who was told.
#[tracing::instrument(level = "debug", skip_all, fields(thread = cause.thread.id))]
pub async fn notify(
    db: &impl Db,
    cause: &Cause<'_>,
    recipients: Recipients,
    now: DateTime<Utc>,
) -> ApiResult<Vec<i64>> {
    let mut seen: HashSet<i64> = HashSet::from([cause.actor_id]);
    let mut told: Vec<(i64, Kind)> = Vec::new();
    let mut add = |user: i64, kind: Kind| {
        if seen.insert(user) {
            told.push((user, kind));
        }
    };
    for (user, kind) in recipients.direct {
        add(user, kind);
    }
    if !recipients.mentioned.is_empty() {
        let mentioned: Vec<i64> = users::Entity::find()
            .select_only()
            .column(users::Column::Id)
            .filter(users::Column::Username.is_in(recipients.mentioned))
            .into_tuple()
            .all(db)
            .await?;
        for user in mentioned {
            add(user, Kind::Mention);
        }
    }
    if !recipients.followers_of.is_empty() {
        let mut followed = Condition::any();
        for (kind, id) in recipients.followers_of {
            followed = followed.add(
                Condition::all()
                    .add(follows::Column::TargetKind.eq(kind))
                    .add(follows::Column::TargetId.eq(id)),
            );
        }
        let followers: Vec<i64> = follows::Entity::find()
            .select_only()
            .column(follows::Column::UserId)
            .distinct()
            .filter(followed)
            .into_tuple()
            .all(db)
            .await?;
        for user in followers {
            add(user, Kind::FollowedActivity);
        }
    }
    if let Some(course_id) = cause.thread.course_id {
        let members = members_among(db, course_id, told.iter().map(|(u, _)| *u)).await?;
        told.retain(|(user, _)| members.contains(user));
    }
    for chunk in told.chunks(1_000) {
        notifications::Entity::insert_many(chunk.iter().map(|&(user, kind)| {
            notifications::ActiveModel {
                user_id: Set(user),
                kind: Set(kind),
                actor_id: Set(Some(cause.actor_id)),
                thread_id: Set(Some(cause.thread.id)),
                answer_id: Set(cause.answer_id),
                comment_id: Set(cause.comment_id),
                detail: Set(None),
                read_at: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(told.into_iter().map(|(user, _)| user).collect())
}

/// Those of `users` who may read the course's threads.
async fn members_among(
    db: &impl Db,
    course_id: i64,
    candidates: impl Iterator<Item = i64>,
) -> ApiResult<HashSet<i64>> {
    let candidates: Vec<i64> = candidates.collect();
    if candidates.is_empty() {
        return Ok(HashSet::new());
    }
    let creator = Query::select()
        .column(courses::Column::CreatorId)
        .from(courses::Entity)
        .and_where(Expr::col(courses::Column::Id).eq(course_id))
        .to_owned();
    let enrolled = Query::select()
        .column(enrollments::Column::UserId)
        .from(enrollments::Entity)
        .and_where(Expr::col(enrollments::Column::CourseId).eq(course_id))
        .and_where(Expr::col(enrollments::Column::RefundedAt).is_null())
        .to_owned();
    let members: Vec<i64> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Id.is_in(candidates))
        .filter(
            Condition::any()
                .add(users::Column::Role.is_in([Role::Moderator, Role::Admin]))
                .add(users::Column::Id.in_subquery(creator))
                .add(users::Column::Id.in_subquery(enrolled)),
        )
        .into_tuple()
        .all(db)
        .await?;
    Ok(members.into_iter().collect())
}

/// The viewer's notifications, newest first.
#[tracing::instrument(level = "debug", skip_all, fields(viewer = viewer.id()))]
pub async fn of_viewer(
    db: &impl Db,
    viewer: &Viewer,
    unread_only: bool,
    page: PageRequest,
) -> ApiResult<Page<notifications::Model>> {
    let mut query =
        notifications::Entity::find().filter(notifications::Column::UserId.eq(viewer.id()));
    if unread_only {
        query = query.filter(notifications::Column::ReadAt.is_null());
    }
    let order = KeysetOrder::new(
        "notifications.newest",
        vec![SortKey::desc(
            Expr::col((notifications::Entity, notifications::Column::Id)),
            |n: &notifications::Model| KeyValue::Int(n.id),
        )],
    );
    paginate(db, query, &order, &page).await
}

#[tracing::instrument(level = "debug", skip_all, fields(viewer = viewer.id()))]
pub async fn unread_count(db: &impl Db, viewer: &Viewer) -> ApiResult<u64> {
    Ok(notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(viewer.id()))
        .filter(notifications::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Marks some of the viewer's notifications read (others' ids are ignored);
/// returns how many changed. Not while suspended (FORBIDDEN).
#[tracing::instrument(level = "debug", skip_all, fields(viewer = viewer.id()))]
pub async fn mark_read(
    db: &impl Db,
    viewer: &Viewer,
    ids: Option<&[i64]>,
    now: DateTime<Utc>,
) -> ApiResult<u64> {
    viewer.ensure_can_write(now)?;
    let mut update = notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::val(now))
        .filter(notifications::Column::UserId.eq(viewer.id()))
        .filter(notifications::Column::ReadAt.is_null());
    if let Some(ids) = ids {
        if ids.len() > MARK_MAX {
            return Err(crate::error::ApiError::bad_input(
                "ids",
                format!("at most {MARK_MAX} notifications at once"),
            ));
        }
        update = update.filter(notifications::Column::Id.is_in(ids.iter().copied()));
    }
    Ok(update.exec(db).await?.rows_affected)
}
