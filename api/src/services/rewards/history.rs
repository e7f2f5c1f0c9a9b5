//! Reward history: a user's ledger rows (their own, anyone's for staff)
//! and the same summed per day, week or month; leaderboards in
//! `leaderboard`.
//!
//! Summaries read `reward_daily` (one row per user, UTC day and rule, kept
//! in the ledger's transaction), so a year's summary reads at most
//! 366 × rules rows however long the ledger is.

pub mod leaderboard;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use entity::{reward_daily, reward_events};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

use super::rules;
use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
    services::{
        Db,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
    },
};

/// Narrows a history; every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Rows of any of these rules (keys); all rules when empty.
    pub rules: Vec<String>,
    /// Rows written at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Rows written at or before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Rows whose source belongs to this course.
    pub course_id: Option<i64>,
}

/// A user's rewards are theirs to read, and staff's.
pub fn ensure_may_read(viewer: &Viewer, user_id: i64) -> ApiResult<()> {
    if viewer.id() == user_id || viewer.has_any_role(STAFF_ROLES) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only staff may read another user's rewards",
        ))
    }
}

fn ensure_ordered(field: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> ApiResult<()> {
    if from > to {
        return Err(ApiError::bad_input(field, "`to` is before `from`"));
    }
    Ok(())
}

/// A user's ledger rows, newest first.
#[tracing::instrument(skip(db, viewer, page), fields(viewer = viewer.id()))]
pub async fn list(
    db: &impl Db,
    viewer: &Viewer,
    user_id: i64,
    filter: HistoryFilter,
    page: PageRequest,
) -> ApiResult<Page<reward_events::Model>> {
    ensure_may_read(viewer, user_id)?;
    if let Some(unknown) = filter.rules.iter().find(|r| rules::static_key(r).is_none()) {
        return Err(ApiError::bad_input(
            "filter.rules",
            format!(
                "no rule is called {unknown:?}; the rules are {}",
                rules::ALL.join(", ")
            ),
        ));
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        ensure_ordered("filter.to", from, to)?;
    }
    let mut query = reward_events::Entity::find().filter(reward_events::Column::UserId.eq(user_id));
    if !filter.rules.is_empty() {
        query = query.filter(reward_events::Column::Rule.is_in(filter.rules));
    }
    if let Some(from) = filter.from {
        query = query.filter(reward_events::Column::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(reward_events::Column::CreatedAt.lte(to));
    }
    if let Some(course_id) = filter.course_id {
        query = query.filter(reward_events::Column::CourseId.eq(course_id));
    }
    // Ids grow with time: newest first is id descending, along (user_id, id).
    let order = KeysetOrder::new(
        "rewards.newest",
        vec![SortKey::desc(
            Expr::col((reward_events::Entity, reward_events::Column::Id)),
            |row: &reward_events::Model| KeyValue::Int(row.id),
        )],
    );
    paginate(db, query, &order, &page).await
}

/// How a summary groups days. Weeks start on Monday (ISO); all days are UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Day,
    Week,
    Month,
}

impl Granularity {
    /// Most periods one summary may span.
    pub const fn max_periods(self) -> usize {
        match self {
            Granularity::Day => 400,
            Granularity::Week => 260,
            Granularity::Month => 120,
        }
    }

    const fn plural(self) -> &'static str {
        match self {
            Granularity::Day => "days",
            Granularity::Week => "weeks",
            Granularity::Month => "months",
        }
    }

    /// The first day of the period holding `day`.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => day,
            Granularity::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Granularity::Month => day.with_day(1).expect("every month has a first day"),
        }
    }

    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Granularity::Day => start.checked_add_days(Days::new(1)),
            Granularity::Week => start.checked_add_days(Days::new(7)),
            Granularity::Month => start.checked_add_months(Months::new(1)),
        }
    }
}

/// The starts of the periods from `from`'s to `to`'s, both included;
/// BAD_USER_INPUT (field `to`) past the granularity's limit.
pub fn periods(
    granularity: Granularity,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> ApiResult<Vec<NaiveDate>> {
    ensure_ordered("to", from, to)?;
    let last = granularity.start_of(to.date_naive());
    let mut starts = Vec::new();
    let mut start = Some(granularity.start_of(from.date_naive()));
    while let Some(day) = start.filter(|day| *day <= last) {
        if starts.len() == granularity.max_periods() {
            return Err(ApiError::bad_input(
                "to",
                format!(
                    "a summary spans at most {} {}",
                    granularity.max_periods(),
                    granularity.plural()
                ),
            ));
        }
        starts.push(day);
        start = granularity.next(day);
    }
    Ok(starts)
}

/// One period of a rule's series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodPoints {
    /// Its first day.
    pub start: NaiveDate,
    /// Net points credited (reversals count negative).
    pub points: i64,
    /// Ledger rows.
    pub entries: i64,
}

/// A rule's points over a range, every period included (zeros too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSeries {
    pub rule: String,
    pub total: i64,
    pub periods: Vec<PeriodPoints>,
}

/// A user's points per rule and period over the UTC days from `from`'s to
/// `to`'s (whole days: the daily sums are the finest grain). Rules with no
/// rows in the range are left out; series come by rule key.
#[tracing::instrument(skip(db, viewer), fields(viewer = viewer.id()))]
pub async fn summary(
    db: &impl Db,
    viewer: &Viewer,
    user_id: i64,
    granularity: Granularity,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> ApiResult<Vec<RuleSeries>> {
    ensure_may_read(viewer, user_id)?;
    let starts = periods(granularity, from, to)?;
    // Along the primary key (user_id, day, rule).
    let rows = reward_daily::Entity::find()
        .filter(reward_daily::Column::UserId.eq(user_id))
        .filter(reward_daily::Column::Day.gte(from.date_naive()))
        .filter(reward_daily::Column::Day.lte(to.date_naive()))
        .all(db)
        .await?;
    Ok(series(&starts, rows))
}

/// Sums daily rows into the periods starting at `starts` (ascending; every
/// row's day at or after the first).
pub fn series(starts: &[NaiveDate], rows: Vec<reward_daily::Model>) -> Vec<RuleSeries> {
    let mut by_rule: BTreeMap<String, RuleSeries> = BTreeMap::new();
    for row in rows {
        let Some(period) = starts
            .partition_point(|start| *start <= row.day)
            .checked_sub(1)
        else {
            continue;
        };
        let series = by_rule
            .entry(row.rule.clone())
            .or_insert_with(|| RuleSeries {
                rule: row.rule,
                total: 0,
                periods: starts
                    .iter()
                    .map(|&start| PeriodPoints {
                        start,
                        points: 0,
                        entries: 0,
                    })
                    .collect(),
            });
        series.total += row.points;
        series.periods[period].points += row.points;
        series.periods[period].entries += row.entries;
    }
    by_rule.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        format!("{s}T12:00:00Z").parse().unwrap()
    }

    #[test]
    fn periods_start_on_mondays_and_firsts_and_stop_at_the_limit() {
        // 2026-11-04 is a Wednesday.
        let weeks = periods(Granularity::Week, at("2026-11-04"), at("2026-11-16")).unwrap();
        assert_eq!(
            weeks,
            [day("2026-11-02"), day("2026-11-09"), day("2026-11-16")]
        );
        let months = periods(Granularity::Month, at("2026-01-31"), at("2026-03-01")).unwrap();
        assert_eq!(
            months,
            [day("2026-01-01"), day("2026-02-01"), day("2026-03-01")]
        );
        assert_eq!(
            periods(Granularity::Day, at("2026-01-01"), at("2026-01-01")).unwrap(),
            [day("2026-01-01")]
        );
        assert_eq!(
            periods(Granularity::Day, at("2025-01-01"), at("2026-02-04"))
                .unwrap()
                .len(),
            400
        );
        for (granularity, to) in [
            (Granularity::Day, "2026-02-05"),
            (Granularity::Week, "2030-01-01"),
            (Granularity::Month, "2035-01-01"),
        ] {
            let err = periods(granularity, at("2025-01-01"), at(to)).unwrap_err();
            assert!(matches!(err, ApiError::BadUserInput { ref field, .. } if field == "to"));
        }
        assert!(periods(Granularity::Day, at("2026-01-02"), at("2026-01-01")).is_err());
    }

    #[test]
    fn series_fill_every_period_and_sum_by_rule() {
        let row = |d: &str, rule: &str, points, entries| reward_daily::Model {
            user_id: 1,
            day: day(d),
            rule: rule.into(),
            points,
            entries,
        };
        let starts = [day("2026-11-02"), day("2026-11-09"), day("2026-11-16")];
        let got = series(
            &starts,
            vec![
                row("2026-11-03", "B", 10, 1),
                row("2026-11-08", "B", -10, 1),
                row("2026-11-17", "B", 5, 1),
                row("2026-11-10", "A", 2, 2),
            ],
        );
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].rule.as_str(), got[0].total), ("A", 2));
        assert_eq!(
            got[0].periods.iter().map(|p| p.points).collect::<Vec<_>>(),
            [0, 2, 0]
        );
        assert_eq!((got[1].rule.as_str(), got[1].total), ("B", 5));
        assert_eq!(
            got[1]
                .periods
                .iter()
                .map(|p| (p.points, p.entries))
                .collect::<Vec<_>>(),
            [(0, 2), (0, 0), (5, 1)]
        );
    }
}
