//! The metrics operators read (staff only), one module per report family.
//! Every report covers a [`Range`]: two calendar dates in the reporting time
//! zone (both included) cut into periods of a [`Granularity`]. Definitions
//! are written out in docs/ANALYTICS.md and in the schema's descriptions.
//!
//! Activity, retention and the funnel read the daily rollups
//! (`analytics_daily_users`, `analytics_members`), never the raw events, so
//! a 90-day report costs the same whatever the event count. The others read
//! their domain's tables (threads, answers, reviews, the ledgers,
//! recommendation impressions), filtered by time.

pub mod activity;
pub mod community;
pub mod creators;
pub mod funnel;
mod masks;
pub mod quality;
mod range;
pub mod recommendations;
pub mod retention;
pub mod rewards;

use sea_orm::{
    ConnectionTrait, DbBackend, FromQueryResult, QueryResult, Statement, TransactionSession, Value,
};

use crate::{
    error::ApiResult,
    services::{
        Db,
        pagination::{Cursor, Page, PageRequest},
        search::query::placeholders,
    },
};
pub use range::{Granularity, MAX_POINTS, MAX_RANGE_DAYS, Period, Range, start_of_day};

/// `part / whole`, 0 when there is no whole.
pub fn share(part: i64, whole: i64) -> f64 {
    if whole > 0 {
        part as f64 / whole as f64
    } else {
        0.0
    }
}

/// Runs a read-only statement written with `?` placeholders. On
/// PostgreSQL, without JIT compilation: a metric's scan runs for a few
/// hundred milliseconds, and compiling it cost about 200 ms more (measured
/// on the scale-1 data), so it never pays.
async fn query(db: &impl Db, sql: &str, values: Vec<Value>) -> ApiResult<Vec<QueryResult>> {
    let backend = db.get_database_backend();
    let statement = Statement::from_sql_and_values(backend, placeholders(backend, sql), values);
    if backend != DbBackend::Postgres {
        return Ok(db.query_all_raw(statement).await?);
    }
    let txn = db.begin().await?;
    txn.execute_unprepared("SET LOCAL jit = off").await?;
    let rows = txn.query_all_raw(statement).await?;
    txn.commit().await?;
    Ok(rows)
}

/// [`query`], each row read as a `T`.
async fn fetch<T: FromQueryResult>(
    db: &impl Db,
    sql: &str,
    values: Vec<Value>,
) -> ApiResult<Vec<T>> {
    let rows = query(db, sql, values).await?;
    Ok(rows
        .iter()
        .map(|row| T::from_query_result(row, ""))
        .collect::<Result<_, _>>()?)
}

/// The position a page of a ranked list starts at (cursors are positions).
pub fn page_start(list: &'static str, request: &PageRequest) -> ApiResult<u64> {
    Ok(match &request.after {
        Some(cursor) => cursor.offset(list)? + 1,
        None => 0,
    })
}

/// A page of a ranked list read from the database: `rows` start at
/// position `start` of `total`.
pub fn page_read<T>(
    list: &'static str,
    start: u64,
    rows: Vec<T>,
    total: u64,
    request: &PageRequest,
) -> Page<T> {
    let end = start + rows.len() as u64;
    Page {
        items: rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| (Cursor::at_offset(list, start + i as u64).encode(), row))
            .collect(),
        has_next_page: end < total,
        total_count: request.count_total.then_some(total),
        had_cursor: request.after.is_some(),
    }
}

/// One page of a ranked list held in memory (cursors are positions).
pub fn page_of<T: Clone>(
    list: &'static str,
    rows: &[T],
    request: &PageRequest,
) -> ApiResult<Page<T>> {
    let start = page_start(list, request)?;
    let end = (start as usize)
        .saturating_add(request.first as usize)
        .min(rows.len());
    let shown = rows.get(start as usize..end).unwrap_or_default().to_vec();
    Ok(page_read(list, start, shown, rows.len() as u64, request))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn ranked_pages_follow_positions() {
        let rows: Vec<i32> = (0..5).collect();
        let first = page_of("t", &rows, &PageRequest::new(Some(2), None, true).unwrap()).unwrap();
        assert_eq!(
            first.items.iter().map(|(_, r)| *r).collect::<Vec<_>>(),
            [0, 1]
        );
        assert!(first.has_next_page);
        assert_eq!(first.total_count, Some(5));
        let after = first.items[1].0.clone();
        let rest = page_of(
            "t",
            &rows,
            &PageRequest::new(Some(9), Some(&after), false).unwrap(),
        )
        .unwrap();
        assert_eq!(
            rest.items.iter().map(|(_, r)| *r).collect::<Vec<_>>(),
            [2, 3, 4]
        );
        assert!(!rest.has_next_page);
        let other = page_of(
            "u",
            &rows,
            &PageRequest::new(None, Some(&after), false).unwrap(),
        );
        assert_eq!(other.unwrap_err().code(), ErrorCode::BadUserInput);
    }
}
