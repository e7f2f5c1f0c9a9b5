//! The range every metric covers: two calendar dates in the reporting time
//! zone (both included), cut into calendar periods of a granularity.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{FromQueryResult, Value};

use super::fetch;
use crate::{
    error::{ApiError, ApiResult},
    services::{Db, analytics::store::day_of_date},
};

/// Longest range, in days (two years, a leap day included).
pub const MAX_RANGE_DAYS: i64 = 731;
/// Most points one series may have (so DAY covers at most 366 days).
pub const MAX_POINTS: usize = 366;

/// How a range is cut. Weeks start on Monday; months on the 1st.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    #[default]
    Day,
    Week,
    Month,
}

impl Granularity {
    /// The calendar period's first day holding `date`.
    pub fn start_of(self, date: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => date,
            Granularity::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
            Granularity::Month => date.with_day(1).expect("every month has a first day"),
        }
    }

    /// The next calendar period's first day.
    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => start + Days::new(1),
            Granularity::Week => start + Days::new(7),
            Granularity::Month => start + Months::new(1),
        }
    }

    /// As written in the API and in CSV parameters.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "DAY" => Some(Granularity::Day),
            "WEEK" => Some(Granularity::Week),
            "MONTH" => Some(Granularity::Month),
            _ => None,
        }
    }
}

/// One point of a series: a calendar period cut to the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Its first day in the range.
    pub start: NaiveDate,
    /// Its last day in the range (included).
    pub end: NaiveDate,
}

impl Period {
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Day numbers (since 1970-01-01) of its first and last day.
    pub fn day_numbers(&self) -> (i32, i32) {
        (day_of_date(self.start), day_of_date(self.end))
    }
}

/// A checked date range in the reporting zone, with its periods.
#[derive(Debug, Clone)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub granularity: Granularity,
    pub zone: Tz,
    periods: Vec<Period>,
}

impl Range {
    /// BAD_USER_INPUT when `from` is after `to` (field `to`), the range is
    /// longer than [`MAX_RANGE_DAYS`] (field `to`), or the granularity
    /// would give more than [`MAX_POINTS`] points (field `granularity`).
    pub fn new(
        from: NaiveDate,
        to: NaiveDate,
        granularity: Granularity,
        zone: Tz,
    ) -> ApiResult<Self> {
        if from > to {
            return Err(ApiError::bad_input("to", "the range ends before it starts"));
        }
        if (to - from).num_days() + 1 > MAX_RANGE_DAYS {
            return Err(ApiError::bad_input(
                "to",
                format!("a range spans at most {MAX_RANGE_DAYS} days"),
            ));
        }
        let mut periods = Vec::new();
        let mut start = from;
        while start <= to {
            if periods.len() == MAX_POINTS {
                return Err(ApiError::bad_input(
                    "granularity",
                    format!("at most {MAX_POINTS} points: choose a coarser granularity"),
                ));
            }
            let next = granularity.next(granularity.start_of(start));
            let end = (next - Days::new(1)).min(to);
            periods.push(Period { start, end });
            start = next;
        }
        Ok(Range {
            from,
            to,
            granularity,
            zone,
            periods,
        })
    }

    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// Day numbers of the first and last day.
    pub fn day_numbers(&self) -> (i32, i32) {
        (day_of_date(self.from), day_of_date(self.to))
    }

    /// The period holding a day number.
    pub fn period_of_day(&self, day: i32) -> Option<usize> {
        let index = self.periods.partition_point(|p| day_of_date(p.end) < day);
        (index < self.periods.len() && day_of_date(self.periods[index].start) <= day)
            .then_some(index)
    }

    /// The instants where the periods begin, and where the last one ends:
    /// one more than there are periods.
    pub fn boundaries(&self) -> Vec<DateTime<Utc>> {
        let mut bounds: Vec<_> = self
            .periods
            .iter()
            .map(|p| start_of_day(p.start, self.zone))
            .collect();
        bounds.push(start_of_day(self.to + Days::new(1), self.zone));
        bounds
    }

    /// The instants the range covers: `[start, end)`.
    pub fn instants(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            start_of_day(self.from, self.zone),
            start_of_day(self.to + Days::new(1), self.zone),
        )
    }

    /// `periods(day, idx)`: every day of the range with its period's index,
    /// for an equality join on a rollup's day (a hash join, where a range
    /// join per period would compare every row with every period).
    pub(super) fn day_periods(&self, values: &mut Vec<Value>) -> String {
        let mut rows = Vec::new();
        for (idx, period) in self.periods.iter().enumerate() {
            let (first, last) = period.day_numbers();
            for day in first..=last {
                rows.push("(?, ?)");
                values.push(day.into());
                values.push((idx as i32).into());
            }
        }
        format!("periods(day, idx) AS (VALUES {})", rows.join(", "))
    }

    /// Runs `select`, which reads `periods(idx, lo, hi)`: each period's
    /// instants `[lo, hi)`, for a join that range-scans a time index once
    /// per period.
    pub(super) async fn fetch_per_period<T: FromQueryResult>(
        &self,
        db: &impl Db,
        select: &str,
    ) -> ApiResult<Vec<T>> {
        let mut values = Vec::new();
        let rows: Vec<_> = self
            .boundaries()
            .windows(2)
            .enumerate()
            .map(|(idx, pair)| {
                values.push((idx as i32).into());
                values.push(pair[0].into());
                values.push(pair[1].into());
                "(?, ?, ?)"
            })
            .collect();
        let sql = format!(
            "WITH periods(idx, lo, hi) AS (VALUES {}) {select}",
            rows.join(", ")
        );
        fetch(db, &sql, values).await
    }
}

/// When a calendar day begins in a zone (its first valid local time, should
/// the clocks jump over midnight).
pub fn start_of_day(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN);
    for _ in 0..48 {
        if let Some(at) = zone.from_local_datetime(&local).earliest() {
            return at.with_timezone(&Utc);
        }
        local += chrono::Duration::minutes(30);
    }
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn field_of(err: ApiError) -> String {
        assert_eq!(err.code(), ErrorCode::BadUserInput);
        match err {
            ApiError::BadUserInput { field, .. } => field,
            _ => unreachable!(),
        }
    }

    #[test]
    fn periods_are_calendar_periods_cut_to_the_range() {
        // 2026-03-04 is a Wednesday.
        let range = Range::new(
            date("2026-03-04"),
            date("2026-03-17"),
            Granularity::Week,
            Tz::UTC,
        )
        .unwrap();
        let spans: Vec<_> = range
            .periods()
            .iter()
            .map(|p| (p.start.to_string(), p.end.to_string(), p.days()))
            .collect();
        assert_eq!(
            spans,
            vec![
                ("2026-03-04".into(), "2026-03-08".into(), 5),
                ("2026-03-09".into(), "2026-03-15".into(), 7),
                ("2026-03-16".into(), "2026-03-17".into(), 2),
            ]
        );
        let months = Range::new(
            date("2026-01-31"),
            date("2026-03-01"),
            Granularity::Month,
            Tz::UTC,
        )
        .unwrap();
        let starts: Vec<_> = months
            .periods()
            .iter()
            .map(|p| p.start.to_string())
            .collect();
        assert_eq!(starts, ["2026-01-31", "2026-02-01", "2026-03-01"]);
        assert_eq!(months.periods()[1].days(), 28);
        let day = day_of_date(date("2026-02-14"));
        assert_eq!(months.period_of_day(day), Some(1));
        assert_eq!(months.period_of_day(day_of_date(date("2026-01-30"))), None);
        assert_eq!(months.period_of_day(day_of_date(date("2026-03-02"))), None);
    }

    #[test]
    fn bad_ranges_name_their_field() {
        let bad = |from, to, g| field_of(Range::new(date(from), date(to), g, Tz::UTC).unwrap_err());
        assert_eq!(bad("2026-03-02", "2026-03-01", Granularity::Day), "to");
        // 732 days.
        assert_eq!(bad("2026-01-01", "2028-01-02", Granularity::Month), "to");
        // 367 daily points.
        assert_eq!(
            bad("2026-01-01", "2027-01-02", Granularity::Day),
            "granularity"
        );
        assert!(
            Range::new(
                date("2026-01-01"),
                date("2027-01-01"),
                Granularity::Day,
                Tz::UTC
            )
            .is_ok()
        );
        assert!(
            Range::new(
                date("2026-01-01"),
                date("2028-01-01"),
                Granularity::Week,
                Tz::UTC
            )
            .is_ok()
        );
    }

    #[test]
    fn days_begin_at_local_midnight() {
        let shanghai = chrono_tz::Asia::Shanghai;
        assert_eq!(
            start_of_day(date("2026-03-02"), shanghai).to_rfc3339(),
            "2026-03-01T16:00:00+00:00"
        );
        // Clocks jumped from 00:00 to 01:00 in Santiago on 2026-09-06.
        let santiago = chrono_tz::America::Santiago;
        assert_eq!(
            start_of_day(date("2026-09-06"), santiago).to_rfc3339(),
            "2026-09-06T04:00:00+00:00"
        );
    }
}
