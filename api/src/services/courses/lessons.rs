//! A course's lessons: adding, editing, reordering, removing, and completing
//! them (progress).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{courses, enrollments, lesson_progress, lessons};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionSession, sea_query::Expr,
};

use super::{catalogue, enrollments as enrollment_service};
use crate::services::rewards::{RewardSettings, triggers as reward_triggers};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{Db, columns::deferring, validate},
};

pub const LESSON_TITLE_MAX: usize = 200;
pub const LESSON_BODY_MAX: usize = 100_000;
pub const DURATION_MAX_MINUTES: i32 = 24 * 60;
pub const LESSONS_MAX: i32 = 500;

#[derive(Debug, Clone)]
pub struct NewLesson {
    pub title: String,
    pub body: String,
    pub free_preview: bool,
    pub duration_minutes: i32,
}

#[derive(Debug, Clone, Default)]
pub struct LessonChanges {
    pub title: Option<String>,
    pub body: Option<String>,
    pub free_preview: Option<bool>,
    pub duration_minutes: Option<i32>,
}

fn duration(minutes: i32) -> ApiResult<i32> {
    if !(1..=DURATION_MAX_MINUTES).contains(&minutes) {
        return Err(ApiError::bad_input(
            "durationMinutes",
            format!("a lesson takes 1–{DURATION_MAX_MINUTES} minutes"),
        ));
    }
    Ok(minutes)
}

/// Adds a lesson at the end of the course.
#[tracing::instrument(skip(db, viewer, input, now), fields(viewer = viewer.id()))]
pub async fn add(
    db: &impl Db,
    viewer: &Viewer,
    course_id: i64,
    input: NewLesson,
    now: DateTime<Utc>,
) -> ApiResult<lessons::Model> {
    viewer.ensure_can_write(now)?;
    let course = catalogue::find_managed(db, viewer, course_id).await?;
    let title = validate::name("title", &input.title, LESSON_TITLE_MAX, "a title")?;
    let body = validate::markdown("body", &input.body, LESSON_BODY_MAX)?;
    let minutes = duration(input.duration_minutes)?;
    let txn = db.begin().await?;
    // The count is the new lesson's position; incrementing it first also
    // serialises concurrent additions to one course on its row.
    let position = courses::Entity::update_many()
        .col_expr(
            courses::Column::LessonCount,
            Expr::col(courses::Column::LessonCount).add(1),
        )
        .col_expr(courses::Column::UpdatedAt, Expr::value(now))
        .filter(courses::Column::Id.eq(course.id))
        .exec_with_returning(&txn)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("course"))?
        .lesson_count;
    if position > LESSONS_MAX {
        return Err(ApiError::bad_input(
            "courseId",
            format!("a course has at most {LESSONS_MAX} lessons"),
        ));
    }
    let lesson = lessons::ActiveModel {
        course_id: Set(course.id),
        position: Set(position),
        title: Set(title),
        body_html: Set(crate::text::markdown_to_safe_html(&body)),
        body: Set(body),
        free_preview: Set(input.free_preview),
        duration_minutes: Set(minutes),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(lesson)
}

#[tracing::instrument(skip(db, viewer, changes, now), fields(viewer = viewer.id()))]
pub async fn update(
    db: &impl Db,
    viewer: &Viewer,
    lesson_id: i64,
    changes: LessonChanges,
    now: DateTime<Utc>,
) -> ApiResult<lessons::Model> {
    viewer.ensure_can_write(now)?;
    let lesson = find(db, lesson_id).await?;
    catalogue::find_managed(db, viewer, lesson.course_id).await?;
    let mut active: lessons::ActiveModel = lesson.into();
    if let Some(title) = &changes.title {
        active.title = Set(validate::name("title", title, LESSON_TITLE_MAX, "a title")?);
    }
    if let Some(body) = &changes.body {
        let body = validate::markdown("body", body, LESSON_BODY_MAX)?;
        active.body_html = Set(crate::text::markdown_to_safe_html(&body));
        active.body = Set(body);
    }
    if let Some(free) = changes.free_preview {
        active.free_preview = Set(free);
    }
    if let Some(minutes) = changes.duration_minutes {
        active.duration_minutes = Set(duration(minutes)?);
    }
    active.updated_at = Set(now);
    Ok(active.update(db).await?)
}

/// Puts the course's lessons in the given order; the list must name each of
/// them exactly once.
#[tracing::instrument(skip(db, viewer, lesson_ids, now), fields(viewer = viewer.id()))]
pub async fn reorder(
    db: &impl Db,
    viewer: &Viewer,
    course_id: i64,
    lesson_ids: &[i64],
    now: DateTime<Utc>,
) -> ApiResult<Vec<lessons::Model>> {
    viewer.ensure_can_write(now)?;
    let course = catalogue::find_managed(db, viewer, course_id).await?;
    let txn = db.begin().await?;
    lock_course(&txn, course.id).await?;
    let current: HashSet<i64> = of_course(&txn, course.id)
        .await?
        .into_iter()
        .map(|l| l.id)
        .collect();
    let given: HashSet<i64> = lesson_ids.iter().copied().collect();
    if given.len() != lesson_ids.len() || given != current {
        return Err(ApiError::bad_input(
            "lessonIds",
            "list each of the course's lessons exactly once",
        ));
    }
    for (index, id) in lesson_ids.iter().enumerate() {
        lessons::Entity::update_many()
            .col_expr(lessons::Column::Position, Expr::value(index as i32 + 1))
            .filter(lessons::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
    }
    let ordered = of_course(&txn, course.id).await?;
    txn.commit().await?;
    Ok(ordered)
}

/// Removes a lesson (and its progress rows); the rest close the gap.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn remove(
    db: &impl Db,
    viewer: &Viewer,
    lesson_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<courses::Model> {
    viewer.ensure_can_write(now)?;
    let lesson = find(db, lesson_id).await?;
    let course = catalogue::find_managed(db, viewer, lesson.course_id).await?;
    let txn = db.begin().await?;
    lock_course(&txn, course.id).await?;
    let deleted = lessons::Entity::delete_by_id(lesson.id)
        .exec(&txn)
        .await?
        .rows_affected;
    if deleted == 0 {
        return Err(ApiError::NotFound("lesson"));
    }
    lessons::Entity::update_many()
        .col_expr(
            lessons::Column::Position,
            Expr::col(lessons::Column::Position).sub(1),
        )
        .filter(lessons::Column::CourseId.eq(course.id))
        .filter(lessons::Column::Position.gt(lesson.position))
        .exec(&txn)
        .await?;
    let course = courses::Entity::update_many()
        .col_expr(
            courses::Column::LessonCount,
            Expr::col(courses::Column::LessonCount).sub(1),
        )
        .col_expr(courses::Column::UpdatedAt, Expr::value(now))
        .filter(courses::Column::Id.eq(course.id))
        .exec_with_returning(&txn)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("course"))?;
    txn.commit().await?;
    Ok(course)
}

/// Marks a lesson completed for the viewer (again is a no-op); the
/// enrolment is completed when every lesson is.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn complete(
    db: &impl Db,
    viewer: &Viewer,
    lesson_id: i64,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<lessons::Model> {
    viewer.ensure_can_write(now)?;
    let lesson = find(db, lesson_id).await?;
    let course = catalogue::find_visible(db, Some(viewer), lesson.course_id).await?;
    let Some(enrollment) = enrollment_service::active_of(db, viewer.id(), &[course.id])
        .await?
        .remove(&course.id)
    else {
        return Err(ApiError::forbidden(
            "enrol in the course to track your progress",
        ));
    };
    let txn = db.begin().await?;
    lesson_progress::Entity::insert(lesson_progress::ActiveModel {
        user_id: Set(viewer.id()),
        lesson_id: Set(lesson.id),
        course_id: Set(course.id),
        completed_at: Set(now),
    })
    .on_conflict_do_nothing_on([
        lesson_progress::Column::UserId,
        lesson_progress::Column::LessonId,
    ])
    .exec_without_returning(&txn)
    .await?;
    if enrollment.completed_at.is_none() {
        let done = lesson_progress::Entity::find()
            .filter(lesson_progress::Column::UserId.eq(viewer.id()))
            .filter(lesson_progress::Column::CourseId.eq(course.id))
            .count(&txn)
            .await?;
        let lesson_count = courses::Entity::find_by_id(course.id)
            .select_only()
            .column(courses::Column::LessonCount)
            .into_tuple::<i32>()
            .one(&txn)
            .await?
            .unwrap_or_default();
        if done >= lesson_count as u64 {
            let completed = enrollments::Entity::update_many()
                .col_expr(enrollments::Column::CompletedAt, Expr::value(now))
                .filter(enrollments::Column::Id.eq(enrollment.id))
                .filter(enrollments::Column::CompletedAt.is_null())
                .exec(&txn)
                .await?
                .rows_affected;
            if completed == 1 {
                reward_triggers::course_completed(&txn, rewards, &course, &enrollment, now).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(lesson)
}

pub async fn find(db: &impl Db, lesson_id: i64) -> ApiResult<lessons::Model> {
    lessons::Entity::find_by_id(lesson_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("lesson"))
}

/// A lesson the viewer may see, with its course (NOT_FOUND when the course
/// is hidden from them).
pub async fn find_visible(
    db: &impl Db,
    viewer: Option<&Viewer>,
    lesson_id: i64,
) -> ApiResult<(lessons::Model, courses::Model)> {
    let lesson = find(db, lesson_id).await?;
    let course = catalogue::find_visible(db, viewer, lesson.course_id)
        .await
        .map_err(|err| err.not_found_as("lesson"))?;
    Ok((lesson, course))
}

/// Lessons' bodies (markdown, HTML), by lesson id.
pub async fn bodies(db: &impl Db, lesson_ids: &[i64]) -> ApiResult<HashMap<i64, LessonBody>> {
    let rows: Vec<(i64, String, String)> = lessons::Entity::find()
        .select_only()
        .column(lessons::Column::Id)
        .column(lessons::Column::Body)
        .column(lessons::Column::BodyHtml)
        .filter(lessons::Column::Id.is_in(lesson_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, markdown, html)| (id, LessonBody { markdown, html }))
        .collect())
}

/// A lesson's body as written and as sanitised HTML.
#[derive(Debug, Clone)]
pub struct LessonBody {
    pub markdown: String,
    pub html: String,
}

async fn of_course(db: &impl Db, course_id: i64) -> ApiResult<Vec<lessons::Model>> {
    Ok(lessons::Entity::find()
        .filter(lessons::Column::CourseId.eq(course_id))
        .order_by_asc(lessons::Column::Position)
        .all(db)
        .await?)
}

/// Columns lesson lists leave out (see `services::columns`).
pub const LONG_TEXTS: &[lessons::Column] = &[lessons::Column::Body, lessons::Column::BodyHtml];

/// Lessons of many courses in order, by course (for DataLoaders), without
/// their bodies (`LONG_TEXTS` read as empty strings).
pub async fn of_courses(
    db: &impl Db,
    course_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<lessons::Model>>> {
    let mut by_course: HashMap<i64, Vec<lessons::Model>> = HashMap::new();
    let lessons =
        lessons::Entity::find().filter(lessons::Column::CourseId.is_in(course_ids.iter().copied()));
    for lesson in deferring(lessons, LONG_TEXTS)
        .order_by_asc(lessons::Column::CourseId)
        .order_by_asc(lessons::Column::Position)
        .all(db)
        .await?
    {
        by_course.entry(lesson.course_id).or_default().push(lesson);
    }
    Ok(by_course)
}

/// The lessons a user completed in each of some courses (for DataLoaders:
/// progress and each lesson's tick come from one statement).
pub async fn completed_in(
    db: &impl Db,
    user_id: i64,
    course_ids: &[i64],
) -> ApiResult<HashMap<i64, HashSet<i64>>> {
    let rows: Vec<(i64, i64)> = lesson_progress::Entity::find()
        .select_only()
        .column(lesson_progress::Column::CourseId)
        .column(lesson_progress::Column::LessonId)
        .filter(lesson_progress::Column::UserId.eq(user_id))
        .filter(lesson_progress::Column::CourseId.is_in(course_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_course: HashMap<i64, HashSet<i64>> = HashMap::new();
    for (course, lesson) in rows {
        by_course.entry(course).or_default().insert(lesson);
    }
    Ok(by_course)
}

/// Takes the course row's write lock for the rest of the transaction, so
/// changes to its lessons or reviews apply one after another.
pub(super) async fn lock_course(db: &impl Db, course_id: i64) -> ApiResult<()> {
    courses::Entity::update_many()
        .col_expr(courses::Column::Id, Expr::col(courses::Column::Id))
        .filter(courses::Column::Id.eq(course_id))
        .exec(db)
        .await?;
    Ok(())
}
