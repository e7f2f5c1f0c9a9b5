//! Who may read and write where. A course's threads (and everything in
//! them) are for its enrolled learners, its creator and staff; to anyone
//! else they do not exist (NOT_FOUND). Community-wide threads are public.

use entity::{courses, enrollments, threads};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, ExprTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Query},
};

use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
    services::{Db, courses::enrollments as enrollment_service},
};

pub fn is_staff(viewer: Option<&Viewer>) -> bool {
    viewer.is_some_and(|viewer| viewer.has_any_role(STAFF_ROLES))
}

/// The creator of a course; None for an unknown course.
pub async fn course_creator(db: &impl Db, course_id: i64) -> ApiResult<Option<i64>> {
    Ok(courses::Entity::find_by_id(course_id)
        .select_only()
        .column(courses::Column::CreatorId)
        .into_tuple::<i64>()
        .one(db)
        .await?)
}

/// Whether the viewer belongs to the course's discussions: staff, its
/// creator, or a learner with a live enrolment.
#[tracing::instrument(level = "debug", skip(db, viewer))]
pub async fn is_member(db: &impl Db, viewer: Option<&Viewer>, course_id: i64) -> ApiResult<bool> {
    let Some(viewer) = viewer else {
        return Ok(false);
    };
    if is_staff(Some(viewer)) {
        return Ok(true);
    }
    match course_creator(db, course_id).await? {
        None => Err(ApiError::NotFound("course")),
        Some(creator) if creator == viewer.id() => Ok(true),
        Some(_) => Ok(enrollment_service::active_of(db, viewer.id(), &[course_id])
            .await?
            .contains_key(&course_id)),
    }
}

/// Ok if the viewer may read the thread (tombstones included), else
/// NOT_FOUND. A hidden thread is for staff, its author and (in a course)
/// the course's creator.
pub async fn ensure_readable(
    db: &impl Db,
    viewer: Option<&Viewer>,
    thread: &threads::Model,
) -> ApiResult<()> {
    if thread.hidden_at.is_some() && !sees_hidden(db, viewer, thread).await? {
        return Err(ApiError::NotFound("thread"));
    }
    match thread.course_id {
        None => Ok(()),
        Some(course) if is_member(db, viewer, course).await? => Ok(()),
        Some(_) => Err(ApiError::NotFound("thread")),
    }
}

/// Whether the viewer sees a hidden post's thread: staff, the author, or
/// the creator of the thread's course.
pub async fn sees_hidden(
    db: &impl Db,
    viewer: Option<&Viewer>,
    thread: &threads::Model,
) -> ApiResult<bool> {
    let Some(viewer) = viewer else {
        return Ok(false);
    };
    if is_staff(Some(viewer)) || thread.author_id == viewer.id() {
        return Ok(true);
    }
    let Some(course_id) = thread.course_id else {
        return Ok(false);
    };
    Ok(course_creator(db, course_id).await? == Some(viewer.id()))
}

/// Hidden threads the viewer may not see, left out: a filter on
/// `threads` that lists add beside their own (staff see everything).
pub fn not_hidden_from(viewer: Option<&Viewer>) -> Condition {
    let visible = threads::Column::HiddenAt.is_null();
    let Some(viewer) = viewer else {
        return Condition::all().add(visible);
    };
    if is_staff(Some(viewer)) {
        return Condition::all();
    }
    let created = Query::select()
        .column(courses::Column::Id)
        .from(courses::Entity)
        .and_where(Expr::col(courses::Column::CreatorId).eq(viewer.id()))
        .to_owned();
    Condition::any()
        .add(visible)
        .add(threads::Column::AuthorId.eq(viewer.id()))
        .add(threads::Column::CourseId.in_subquery(created))
}

/// Threads the viewer may read, as a filter on `threads`: staff read all;
/// others read community-wide threads and those of their courses, without
/// the hidden ones they may not see.
pub fn readable_threads(viewer: Option<&Viewer>) -> Condition {
    let community = threads::Column::CourseId.is_null();
    let Some(viewer) = viewer else {
        return Condition::all().add(community).add(not_hidden_from(None));
    };
    if is_staff(Some(viewer)) {
        return Condition::all();
    }
    let enrolled = Query::select()
        .column(enrollments::Column::CourseId)
        .from(enrollments::Entity)
        .and_where(Expr::col(enrollments::Column::UserId).eq(viewer.id()))
        .and_where(Expr::col(enrollments::Column::RefundedAt).is_null())
        .to_owned();
    let created = Query::select()
        .column(courses::Column::Id)
        .from(courses::Entity)
        .and_where(Expr::col(courses::Column::CreatorId).eq(viewer.id()))
        .to_owned();
    Condition::all()
        .add(
            Condition::any()
                .add(community)
                .add(threads::Column::CourseId.in_subquery(enrolled))
                .add(threads::Column::CourseId.in_subquery(created)),
        )
        .add(not_hidden_from(Some(viewer)))
}

/// A thread (or post) that takes new answers and comments: not deleted, not
/// locked. Both refusals are CONFLICT: the target exists, its state refuses.
pub fn ensure_open(thread: &threads::Model, field: &str) -> ApiResult<()> {
    if thread.deleted_at.is_some() {
        return Err(ApiError::conflict(
            field,
            "the thread was deleted: it takes no new answers or comments",
        ));
    }
    if thread.locked_at.is_some() {
        return Err(ApiError::conflict(
            field,
            "the thread is locked: it takes no new answers or comments",
        ));
    }
    Ok(())
}

/// A thread that takes new answers: open (see `ensure_open`) and not
/// closed as a duplicate (CONFLICT; comments are still taken there).
pub fn ensure_takes_answers(thread: &threads::Model, field: &str) -> ApiResult<()> {
    ensure_open(thread, field)?;
    if thread.duplicate_of_id.is_some() {
        return Err(ApiError::conflict(
            field,
            "the thread was closed as a duplicate: answer the thread it duplicates",
        ));
    }
    Ok(())
}

/// Of some courses, those whose discussions a (non-staff) user belongs to:
/// created by them or with their live enrolment. Two statements.
pub async fn member_courses(
    db: &impl Db,
    user_id: i64,
    course_ids: &[i64],
) -> ApiResult<std::collections::HashSet<i64>> {
    let mut member: std::collections::HashSet<i64> = courses::Entity::find()
        .select_only()
        .column(courses::Column::Id)
        .filter(courses::Column::Id.is_in(course_ids.iter().copied()))
        .filter(courses::Column::CreatorId.eq(user_id))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    member.extend(
        enrollment_service::active_of(db, user_id, course_ids)
            .await?
            .into_keys(),
    );
    Ok(member)
}
