//! `communityHealth`: threads started per period, the share answered, the
//! median time to the first answer, the share featured, and the threads
//! still unanswered. Counts threads members can see (not deleted, not
//! hidden) and their visible answers, as they stand now.

use chrono::{DateTime, NaiveDate, Utc};
use entity::threads;
use sea_orm::{ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, sea_query::Expr};

use super::{Range, fetch, share};
use crate::{
    error::ApiResult,
    services::{
        Db,
        columns::deferring,
        community::threads::LONG_TEXTS,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
    },
};

/// Community health over one period.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthPoint {
    /// The period's first day in the range.
    pub date: NaiveDate,
    /// Threads started in the period.
    pub threads: i64,
    /// `threads` over the period's days.
    pub threads_per_day: f64,
    /// Of those, threads with at least one visible answer.
    pub answered: i64,
    /// `answered / threads`.
    pub share_answered: f64,
    /// Median seconds from a thread's start to its first visible answer,
    /// over the answered ones; None without any.
    pub median_seconds_to_first_answer: Option<f64>,
    /// Of the threads, those featured.
    pub featured: i64,
    /// `featured / threads`.
    pub featured_share: f64,
}

#[derive(FromQueryResult)]
struct Started {
    created_at: DateTime<Utc>,
    featured_at: Option<DateTime<Utc>>,
    first_answer_at: Option<DateTime<Utc>>,
}

/// What members can see of a thread.
fn visible() -> Condition {
    Condition::all()
        .add(threads::Column::DeletedAt.is_null())
        .add(threads::Column::HiddenAt.is_null())
}

/// The health of each period of the range.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn series(db: &impl Db, range: &Range) -> ApiResult<Vec<HealthPoint>> {
    let (start, end) = range.instants();
    let started: Vec<Started> = fetch(
        db,
        "SELECT t.created_at, t.featured_at, \
           CASE WHEN t.answer_count > 0 THEN \
             (SELECT MIN(a.created_at) FROM answers a WHERE a.thread_id = t.id \
                AND a.deleted_at IS NULL AND a.hidden_at IS NULL) END AS first_answer_at \
         FROM threads t \
         WHERE t.created_at >= ? AND t.created_at < ? \
           AND t.deleted_at IS NULL AND t.hidden_at IS NULL",
        vec![start.into(), end.into()],
    )
    .await?;
    let bounds = range.boundaries();
    let mut per_period: Vec<Vec<&Started>> = vec![Vec::new(); range.periods().len()];
    for thread in &started {
        let idx = bounds.partition_point(|b| *b <= thread.created_at);
        if let Some(bucket) = idx.checked_sub(1).and_then(|i| per_period.get_mut(i)) {
            bucket.push(thread);
        }
    }
    Ok(range
        .periods()
        .iter()
        .zip(per_period)
        .map(|(period, threads)| {
            let count = threads.len() as i64;
            let mut waits: Vec<f64> = threads
                .iter()
                .filter_map(|t| {
                    let first = t.first_answer_at?;
                    Some((first - t.created_at).num_milliseconds() as f64 / 1000.0)
                })
                .collect();
            let answered = waits.len() as i64;
            let featured = threads.iter().filter(|t| t.featured_at.is_some()).count() as i64;
            HealthPoint {
                date: period.start,
                threads: count,
                threads_per_day: count as f64 / period.days() as f64,
                answered,
                share_answered: share(answered, count),
                median_seconds_to_first_answer: median(&mut waits),
                featured,
                featured_share: share(featured, count),
            }
        })
        .collect())
}

/// The middle value (the mean of the two middle ones for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// Threads started in the range that have no visible answer, oldest first,
/// one keyset page at a time (without their long texts).
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn unanswered(
    db: &impl Db,
    range: &Range,
    page: &PageRequest,
) -> ApiResult<Page<threads::Model>> {
    use threads::{Column, Entity};
    let (start, end) = range.instants();
    let order = KeysetOrder::new(
        "analytics.unanswered",
        vec![
            SortKey::asc(
                Expr::col((Entity, Column::CreatedAt)),
                |t: &threads::Model| KeyValue::Time(t.created_at),
            ),
            SortKey::asc(Expr::col((Entity, Column::Id)), |t: &threads::Model| {
                KeyValue::Int(t.id)
            }),
        ],
    );
    let query = Entity::find().filter(
        visible()
            .add(Column::CreatedAt.gte(start))
            .add(Column::CreatedAt.lt(end))
            .add(Column::AnswerCount.eq(0)),
    );
    paginate(db, deferring(query, LONG_TEXTS), &order, page).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5.0]), Some(5.0));
        assert_eq!(median(&mut [9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(&mut [9.0, 1.0, 5.0, 3.0]), Some(4.0));
    }
}
