//! Course signals: enrolments, lesson completions, reviews and page views.
//! Refunded enrolments count for nothing, nor do the lessons completed
//! under them.

use anyhow::Context;
use chrono::{DateTime, Utc};
use entity::{course_views, enrollments, lesson_progress, reviews};
use futures_util::TryStreamExt;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};

use super::{aggregate::Aggregator, catalogue::Catalogue, weights};
use crate::services::recommendations::items::ItemRef;

/// Live enrolments; read before lesson completions.
pub async fn read_enrolments(
    txn: &DatabaseTransaction,
    catalogue: &Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = enrollments::Entity::find()
        .select_only()
        .columns([
            enrollments::Column::UserId,
            enrollments::Column::CourseId,
            enrollments::Column::CreatedAt,
        ])
        .filter(enrollments::Column::RefundedAt.is_null())
        .into_tuple::<(i64, i64, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((user, course, at)) = rows.try_next().await.context("reading enrolments")? {
        if catalogue.course_signal(user, course) {
            agg.enrolment(user, course, at);
        }
    }
    Ok(())
}

/// Completed lessons of live enrolments.
pub async fn read_lessons(
    txn: &DatabaseTransaction,
    catalogue: &Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = lesson_progress::Entity::find()
        .select_only()
        .columns([
            lesson_progress::Column::UserId,
            lesson_progress::Column::CourseId,
            lesson_progress::Column::CompletedAt,
        ])
        .into_tuple::<(i64, i64, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((user, course, at)) = rows.try_next().await.context("reading lesson progress")? {
        if catalogue.course_signal(user, course) {
            agg.lesson(user, course, at);
        }
    }
    Ok(())
}

pub async fn read_reviews(
    txn: &DatabaseTransaction,
    catalogue: &Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = reviews::Entity::find()
        .select_only()
        .columns([
            reviews::Column::UserId,
            reviews::Column::CourseId,
            reviews::Column::Rating,
            reviews::Column::UpdatedAt,
        ])
        .into_tuple::<(i64, i64, i16, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((user, course, rating, at)) = rows.try_next().await.context("reading reviews")? {
        if catalogue.course_signal(user, course) {
            agg.add(user, ItemRef::Course(course), weights::review(rating), at);
        }
    }
    Ok(())
}

pub async fn read_views(
    txn: &DatabaseTransaction,
    catalogue: &Catalogue,
    agg: &mut Aggregator,
) -> anyhow::Result<()> {
    let mut rows = course_views::Entity::find()
        .select_only()
        .columns([
            course_views::Column::UserId,
            course_views::Column::CourseId,
            course_views::Column::ViewedAt,
        ])
        .into_tuple::<(i64, i64, DateTime<Utc>)>()
        .stream(txn)
        .await?;
    while let Some((user, course, at)) = rows.try_next().await.context("reading course views")? {
        if catalogue.course_signal(user, course) {
            agg.view(user, course, at);
        }
    }
    Ok(())
}
