//! Enrolment (the purchase record) and refunds. No payment provider is
//! contacted: the enrolment row, with the price paid at that moment, is the
//! purchase. Rows are never deleted; a refund marks one and access ends.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{
    courses::{self, Status},
    enrollments, lesson_progress,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter, Set,
    SqlErr, TransactionSession, sea_query::Expr,
};

use super::catalogue;
use crate::services::rewards::{RewardSettings, earnings, triggers as reward_triggers};
use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
    services::{
        Db,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
        validate,
    },
};

pub const REFUND_REASON_MAX: usize = 1_000;

/// When learners may refund themselves (staff always may).
#[derive(Debug, Clone, Copy)]
pub struct RefundPolicy {
    /// Days after purchase.
    pub window_days: u32,
    /// Refusable once this share of the lessons (percent) is completed.
    pub max_progress_percent: u8,
}

/// Enrols the viewer in a published course at its current price. The same
/// idempotency key returns the first result (the same key for another course
/// is a CONFLICT); one live enrolment per learner and course, whatever the
/// concurrency (a unique index decides, not a check).
#[tracing::instrument(skip(db, viewer, idempotency_key, now), fields(viewer = viewer.id()))]
pub async fn enroll(
    db: &impl Db,
    viewer: &Viewer,
    course_id: i64,
    idempotency_key: &str,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<enrollments::Model> {
    viewer.ensure_can_write(now)?;
    let key = validate::idempotency_key(idempotency_key)?;
    if let Some(earlier) = replay(db, viewer.id(), key, course_id).await? {
        return Ok(earlier);
    }
    let course = catalogue::find_visible(db, Some(viewer), course_id).await?;
    if course.creator_id == viewer.id() {
        return Err(ApiError::forbidden(
            "creators cannot enrol in their own course",
        ));
    }
    if course.status != Status::Published {
        return Err(ApiError::bad_input(
            "courseId",
            "this course is not open for enrolment",
        ));
    }

    let txn = db.begin().await?;
    let inserted = enrollments::ActiveModel {
        user_id: Set(viewer.id()),
        course_id: Set(course.id),
        price_paid_cents: Set(course.price_cents),
        currency: Set(course.currency.clone()),
        idempotency_key: Set(key.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let enrollment = match inserted {
        Ok(enrollment) => enrollment,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            // A concurrent request won: replay its result, or say why not.
            txn.rollback().await?;
            if let Some(earlier) = replay(db, viewer.id(), key, course_id).await? {
                return Ok(earlier);
            }
            return Err(ApiError::conflict(
                "courseId",
                "you are already enrolled in this course",
            ));
        }
        Err(err) => return Err(err.into()),
    };
    courses::Entity::update_many()
        .col_expr(
            courses::Column::EnrollmentCount,
            Expr::col(courses::Column::EnrollmentCount).add(1),
        )
        .filter(courses::Column::Id.eq(course.id))
        .exec(&txn)
        .await?;
    reward_triggers::enrolled(&txn, rewards, &course, &enrollment, now).await?;
    earnings::record_sale(&txn, rewards, &course, &enrollment, now).await?;
    txn.commit().await?;
    tracing::info!(enrollment_id = enrollment.id, "enrolled");
    Ok(enrollment)
}

/// The enrolment an earlier request with this key made, if any.
async fn replay(
    db: &impl Db,
    user_id: i64,
    key: &str,
    course_id: i64,
) -> ApiResult<Option<enrollments::Model>> {
    let earlier = enrollments::Entity::find()
        .filter(enrollments::Column::UserId.eq(user_id))
        .filter(enrollments::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?;
    match earlier {
        Some(earlier) if earlier.course_id != course_id => Err(ApiError::conflict(
            "idempotencyKey",
            "this idempotency key was used for another course",
        )),
        other => Ok(other),
    }
}

/// Refunds an enrolment: staff always; the learner within the policy's days
/// and before completing its share of the lessons. The row stays, marked.
#[tracing::instrument(skip(db, viewer, reason, policy, now), fields(viewer = viewer.id()))]
pub async fn refund(
    db: &impl Db,
    viewer: &Viewer,
    enrollment_id: i64,
    reason: &str,
    policy: &RefundPolicy,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<enrollments::Model> {
    viewer.ensure_can_write(now)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REFUND_REASON_MAX {
        return Err(ApiError::bad_input(
            "reason",
            format!("give a reason of 1–{REFUND_REASON_MAX} characters"),
        ));
    }
    let staff = viewer.has_any_role(STAFF_ROLES);
    let enrollment = enrollments::Entity::find_by_id(enrollment_id)
        .one(db)
        .await?
        .filter(|e| staff || e.user_id == viewer.id())
        .ok_or(ApiError::NotFound("enrollment"))?;
    if enrollment.refunded_at.is_some() {
        return Err(ApiError::conflict(
            "enrollmentId",
            "this enrolment was already refunded",
        ));
    }
    if !staff {
        if now - enrollment.created_at > Duration::days(i64::from(policy.window_days)) {
            return Err(ApiError::forbidden(format!(
                "refunds are possible within {} days of purchase",
                policy.window_days
            )));
        }
        let course = courses::Entity::find_by_id(enrollment.course_id)
            .one(db)
            .await?
            .ok_or(ApiError::NotFound("course"))?;
        let completed = lesson_progress::Entity::find()
            .filter(lesson_progress::Column::UserId.eq(enrollment.user_id))
            .filter(lesson_progress::Column::CourseId.eq(enrollment.course_id))
            .count(db)
            .await?;
        if completed * 100 >= u64::from(policy.max_progress_percent) * course.lesson_count as u64
            && course.lesson_count > 0
        {
            return Err(ApiError::forbidden(format!(
                "refunds are possible before {}% of the lessons are completed",
                policy.max_progress_percent
            )));
        }
    }

    let txn = db.begin().await?;
    // Claim the refund atomically: of two concurrent refunds one wins.
    let refunded = enrollments::Entity::update_many()
        .col_expr(enrollments::Column::RefundedAt, Expr::value(now))
        .col_expr(enrollments::Column::RefundReason, Expr::value(reason))
        .col_expr(enrollments::Column::RefundedBy, Expr::value(viewer.id()))
        .filter(enrollments::Column::Id.eq(enrollment.id))
        .filter(enrollments::Column::RefundedAt.is_null())
        .exec_with_returning(&txn)
        .await?
        .pop()
        .ok_or_else(|| ApiError::conflict("enrollmentId", "this enrolment was already refunded"))?;
    courses::Entity::update_many()
        .col_expr(
            courses::Column::EnrollmentCount,
            Expr::col(courses::Column::EnrollmentCount).sub(1),
        )
        .filter(courses::Column::Id.eq(enrollment.course_id))
        .exec(&txn)
        .await?;
    reward_triggers::refunded(&txn, rewards, &refunded, now).await?;
    earnings::record_refund(&txn, &refunded, now).await?;
    txn.commit().await?;
    tracing::info!(enrollment_id = refunded.id, by_staff = staff, "refunded");
    Ok(refunded)
}

/// The viewer's enrolments (refunded ones too), newest first.
#[tracing::instrument(level = "debug", skip_all, fields(viewer = viewer.id()))]
pub async fn of_viewer(
    db: &impl Db,
    viewer: &Viewer,
    page: PageRequest,
) -> ApiResult<Page<enrollments::Model>> {
    let order = KeysetOrder::new(
        "enrollments.newest",
        vec![SortKey::desc(
            Expr::col((enrollments::Entity, enrollments::Column::Id)),
            |e: &enrollments::Model| KeyValue::Int(e.id),
        )],
    );
    paginate(
        db,
        enrollments::Entity::find().filter(enrollments::Column::UserId.eq(viewer.id())),
        &order,
        &page,
    )
    .await
}

/// A user's live (not refunded) enrolments in some courses, by course id.
pub async fn active_of(
    db: &impl Db,
    user_id: i64,
    course_ids: &[i64],
) -> ApiResult<HashMap<i64, enrollments::Model>> {
    Ok(enrollments::Entity::find()
        .filter(enrollments::Column::UserId.eq(user_id))
        .filter(enrollments::Column::CourseId.is_in(course_ids.iter().copied()))
        .filter(enrollments::Column::RefundedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.course_id, e))
        .collect())
}

/// An enrolment its learner or staff may read.
pub async fn find_readable(
    db: &impl Db,
    viewer: &Viewer,
    enrollment_id: i64,
) -> ApiResult<enrollments::Model> {
    enrollments::Entity::find_by_id(enrollment_id)
        .one(db)
        .await?
        .filter(|e| e.user_id == viewer.id() || viewer.has_any_role(STAFF_ROLES))
        .ok_or(ApiError::NotFound("enrollment"))
}
