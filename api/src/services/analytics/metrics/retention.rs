//! `retentionCohorts`: members grouped by the period they signed up in
//! (weeks by default), and for each later period of the range the share of
//! the cohort active in it (any day of it).

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::FromQueryResult;

use super::{Range, fetch, share};
use crate::{error::ApiResult, services::Db};

/// One sign-up cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    /// The cohort's period's first day in the range.
    pub date: NaiveDate,
    /// Members who signed up in the period.
    pub members: i64,
    /// Periods since sign-up, from 0 (the sign-up period) to the range's
    /// last period.
    pub periods: Vec<CohortPeriod>,
}

/// A cohort in one period after its sign-up period.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortPeriod {
    /// Periods since the sign-up period (0: the sign-up period itself).
    pub index: i32,
    /// The period's first day in the range.
    pub date: NaiveDate,
    /// Cohort members active on at least one day of the period.
    pub active: i64,
    /// `active / members`.
    pub share: f64,
}

#[derive(FromQueryResult)]
struct Size {
    cohort: i32,
    members: i64,
}

#[derive(FromQueryResult)]
struct Cell {
    cohort: i32,
    period: i32,
    active: i64,
}

/// The cohorts of members who signed up in the range.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn cohorts(db: &impl Db, range: &Range) -> ApiResult<Vec<Cohort>> {
    let (first, last) = range.day_numbers();
    let mut values = Vec::new();
    let periods = range.day_periods(&mut values);
    let sizes: Vec<Size> = fetch(
        db,
        &format!(
            "WITH {periods} \
             SELECT c.idx AS cohort, CAST(COUNT(*) AS BIGINT) AS members \
             FROM analytics_members m JOIN periods c ON c.day = m.signed_up_day \
             GROUP BY c.idx"
        ),
        values.clone(),
    )
    .await?;
    values.push(first.into());
    values.push(last.into());
    let cells: Vec<Cell> = fetch(
        db,
        &format!(
            "WITH {periods} \
             SELECT c.idx AS cohort, a.idx AS period, \
               CAST(COUNT(DISTINCT d.user_id) AS BIGINT) AS active \
             FROM analytics_members m \
             JOIN periods c ON c.day = m.signed_up_day \
             JOIN analytics_daily_users d ON d.user_id = m.user_id \
             JOIN periods a ON a.day = d.day \
             WHERE m.signed_up_day >= ? AND m.signed_up_day <= ? AND a.idx >= c.idx \
             GROUP BY c.idx, a.idx"
        ),
        values,
    )
    .await?;
    Ok(assemble(range, &sizes, &cells))
}

fn assemble(range: &Range, sizes: &[Size], cells: &[Cell]) -> Vec<Cohort> {
    let periods = range.periods();
    let active: HashMap<(i32, i32), i64> = cells
        .iter()
        .map(|c| ((c.cohort, c.period), c.active))
        .collect();
    let mut cohorts = Vec::new();
    for size in sizes {
        let cohort = size.cohort as usize;
        let later = periods.get(cohort..).unwrap_or_default();
        cohorts.push(Cohort {
            date: periods[cohort].start,
            members: size.members,
            periods: later
                .iter()
                .enumerate()
                .map(|(index, period)| {
                    let period_index = (cohort + index) as i32;
                    let active = active
                        .get(&(size.cohort, period_index))
                        .copied()
                        .unwrap_or(0);
                    CohortPeriod {
                        index: index as i32,
                        date: period.start,
                        active,
                        share: share(active, size.members),
                    }
                })
                .collect(),
        });
    }
    cohorts.sort_by_key(|c| c.date);
    cohorts
}
