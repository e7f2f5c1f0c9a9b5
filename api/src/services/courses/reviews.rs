//! Reviews: one per enrolled learner and course, created or edited by the
//! same call; the course's rating summary changes in the same transaction.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use entity::{courses, review_helpful_marks, reviews};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QuerySelect, Set,
    TransactionSession, sea_query::Expr,
};

use super::{PRIOR_MEAN, PRIOR_WEIGHT, catalogue, enrollments, lessons::lock_course};
use crate::services::rewards::{RewardSettings, triggers as reward_triggers};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db, InsertedRows,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
        validate,
    },
};

pub const REVIEW_BODY_MAX: usize = 5_000;

/// Creates the viewer's review of a course, or edits it. Learners with a
/// live enrolment only.
#[tracing::instrument(skip(db, viewer, body, now), fields(viewer = viewer.id()))]
pub async fn upsert(
    db: &impl Db,
    viewer: &Viewer,
    course_id: i64,
    rating: i32,
    body: &str,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<reviews::Model> {
    viewer.ensure_can_write(now)?;
    if !(1..=5).contains(&rating) {
        return Err(ApiError::bad_input("rating", "a rating is 1 to 5"));
    }
    let body = validate::markdown("body", body, REVIEW_BODY_MAX)?;
    let course = catalogue::find_visible(db, Some(viewer), course_id).await?;
    if !enrollments::active_of(db, viewer.id(), &[course.id])
        .await?
        .contains_key(&course.id)
    {
        return Err(ApiError::forbidden(
            "only learners enrolled in the course may review it",
        ));
    }
    let txn = db.begin().await?;
    // Serialise reviews of one course, so the summary's deltas add up.
    lock_course(&txn, course.id).await?;
    let earlier = reviews::Entity::find()
        .filter(reviews::Column::CourseId.eq(course.id))
        .filter(reviews::Column::UserId.eq(viewer.id()))
        .one(&txn)
        .await?;
    let (review, sum_delta, count_delta, replaced) = match earlier {
        Some(earlier) => {
            let old = i64::from(earlier.rating);
            let replaced = Some(earlier.rating);
            let mut active: reviews::ActiveModel = earlier.into();
            active.rating = Set(rating as i16);
            active.body = Set(body);
            active.updated_at = Set(now);
            (
                active.update(&txn).await?,
                i64::from(rating) - old,
                0,
                replaced,
            )
        }
        None => {
            let review = reviews::ActiveModel {
                course_id: Set(course.id),
                user_id: Set(viewer.id()),
                rating: Set(rating as i16),
                body: Set(body),
                helpful_count: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            (review, i64::from(rating), 1, None)
        }
    };
    let sum = Expr::col(courses::Column::RatingSum).add(sum_delta);
    let count = Expr::col(courses::Column::RatingCount).add(count_delta);
    let mut update = courses::Entity::update_many();
    // The histogram: the old rating's column loses one, the new one gains one.
    for (stars, delta) in [(replaced, -1), (Some(rating as i16), 1)] {
        if let Some(column) = stars.and_then(courses::stars_column) {
            update = update.col_expr(column, Expr::col(column).add(delta));
        }
    }
    update
        .col_expr(courses::Column::RatingSum, sum.clone())
        .col_expr(courses::Column::RatingCount, count.clone())
        // The same formula as `rating_score`, on the new values.
        .col_expr(
            courses::Column::RatingScore,
            Expr::val(PRIOR_WEIGHT * PRIOR_MEAN)
                .add(sum)
                .div(Expr::val(PRIOR_WEIGHT).add(count)),
        )
        .filter(courses::Column::Id.eq(course.id))
        .exec(&txn)
        .await?;
    reward_triggers::course_reviewed(
        &txn,
        rewards,
        &course,
        review.id,
        viewer.id(),
        review.rating,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(review)
}

/// Marks (or unmarks) a review as helpful to the viewer; not one's own.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn mark_helpful(
    db: &impl Db,
    viewer: &Viewer,
    review_id: i64,
    helpful: bool,
    now: DateTime<Utc>,
) -> ApiResult<reviews::Model> {
    viewer.ensure_can_write(now)?;
    let review = reviews::Entity::find_by_id(review_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    catalogue::find_visible(db, Some(viewer), review.course_id)
        .await
        .map_err(|err| err.not_found_as("review"))?;
    if review.user_id == viewer.id() {
        return Err(ApiError::bad_input(
            "reviewId",
            "you cannot mark your own review",
        ));
    }
    let txn = db.begin().await?;
    let changed = if helpful {
        review_helpful_marks::Entity::insert(review_helpful_marks::ActiveModel {
            review_id: Set(review.id),
            user_id: Set(viewer.id()),
            created_at: Set(now),
        })
        .on_conflict_do_nothing_on([
            review_helpful_marks::Column::ReviewId,
            review_helpful_marks::Column::UserId,
        ])
        .exec_without_returning(&txn)
        .await?
        .inserted_rows()
    } else {
        review_helpful_marks::Entity::delete_many()
            .filter(review_helpful_marks::Column::ReviewId.eq(review.id))
            .filter(review_helpful_marks::Column::UserId.eq(viewer.id()))
            .exec(&txn)
            .await?
            .rows_affected
    };
    // Counted only when a mark really appeared or went, so repeats and
    // races never double-count.
    let delta = if helpful { 1 } else { -1 } * changed as i32;
    let review = reviews::Entity::update_many()
        .col_expr(
            reviews::Column::HelpfulCount,
            Expr::col(reviews::Column::HelpfulCount).add(delta),
        )
        .filter(reviews::Column::Id.eq(review.id))
        .exec_with_returning(&txn)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("review"))?;
    txn.commit().await?;
    Ok(review)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewOrder {
    #[default]
    Newest,
    Helpful,
}

/// A course's reviews (the course must be visible to the viewer).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn of_course(
    db: &impl Db,
    course_id: i64,
    order: ReviewOrder,
    page: PageRequest,
) -> ApiResult<Page<reviews::Model>> {
    use reviews::{Column, Entity};
    let id_desc = SortKey::desc(Expr::col((Entity, Column::Id)), |r: &reviews::Model| {
        KeyValue::Int(r.id)
    });
    let order = match order {
        ReviewOrder::Newest => KeysetOrder::new("reviews.newest", vec![id_desc]),
        ReviewOrder::Helpful => KeysetOrder::new(
            "reviews.helpful",
            vec![
                SortKey::desc(
                    Expr::col((Entity, Column::HelpfulCount)),
                    |r: &reviews::Model| KeyValue::Int(i64::from(r.helpful_count)),
                ),
                id_desc,
            ],
        ),
    };
    paginate(
        db,
        Entity::find().filter(Column::CourseId.eq(course_id)),
        &order,
        &page,
    )
    .await
}

/// Which of some reviews a user marked helpful.
pub async fn marked_by(db: &impl Db, user_id: i64, review_ids: &[i64]) -> ApiResult<HashSet<i64>> {
    Ok(review_helpful_marks::Entity::find()
        .select_only()
        .column(review_helpful_marks::Column::ReviewId)
        .filter(review_helpful_marks::Column::UserId.eq(user_id))
        .filter(review_helpful_marks::Column::ReviewId.is_in(review_ids.iter().copied()))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
