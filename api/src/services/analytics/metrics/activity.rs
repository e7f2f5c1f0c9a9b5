//! `activityMetrics`: daily, weekly and monthly active members, stickiness,
//! new members and new contributors, per period.
//!
//! WAU and MAU for every day come from one grouped statement: members per
//! active day and previous active day (`prev_day`, kept by the event
//! writer; read in the order of its index). A member's active day is their
//! latest activity for the days `[day, min(day + 30, next))`, so it adds one
//! to MAU there (and to WAU over `[day, min(day + 7, next))`). In a difference array that is
//! +1 at `day` and −1 at `day + 30`, and a day whose previous one lies less
//! than 30 days back moves its predecessor's −1 from `prev + 30` to `day`.
//! 90 days are tens of thousands of groups, not each member-day.

use chrono::NaiveDate;
use sea_orm::FromQueryResult;

use super::{Range, fetch};
use crate::{error::ApiResult, services::Db};

/// One period of the activity series.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityPoint {
    /// The period's first day in the range.
    pub date: NaiveDate,
    /// Members active per day, averaged over the period's days.
    pub dau: f64,
    /// Members active in the 7 days ending on the period's last day.
    pub wau: i64,
    /// Members active in the 30 days ending on the period's last day.
    pub mau: i64,
    /// `dau / mau` (0 without monthly actives).
    pub stickiness: f64,
    /// Members whose sign-up falls in the period.
    pub new_members: i64,
    /// Members whose first post (thread, answer or comment) falls in it.
    pub new_contributors: i64,
}

const MONTH_DAYS: i32 = 30;
const WEEK_DAYS: i32 = 7;

#[derive(FromQueryResult)]
struct DayCount {
    day: i32,
    members: i64,
}

/// Members active on `day` whose previous active day was `prev_day`.
#[derive(Debug, Clone, Copy, PartialEq, FromQueryResult)]
pub(super) struct DayGap {
    pub day: i32,
    pub prev_day: Option<i32>,
    pub members: i64,
}

/// Per day from `lo`: active members, and members active in the 7 and 30
/// days ending that day.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Daily {
    lo: i32,
    pub dau: Vec<i64>,
    pub wau: Vec<i64>,
    pub mau: Vec<i64>,
}

impl Daily {
    fn at(&self, series: &[i64], day: i32) -> i64 {
        usize::try_from(day - self.lo)
            .ok()
            .and_then(|i| series.get(i).copied())
            .unwrap_or(0)
    }

    /// Folds the groups of the days `lo..=hi` into daily counts (a previous
    /// day before `lo` counts as none: its own span was not read).
    fn fold(lo: i32, hi: i32, groups: &[DayGap]) -> Self {
        let len = (hi - lo + 2) as usize;
        let mut dau = vec![0; len];
        let mut wau = vec![0; len];
        let mut mau = vec![0; len];
        let index = |day: i32| ((day - lo) as usize).min(len - 1);
        for group in groups {
            let (day, members) = (group.day, group.members);
            let prev = group.prev_day.filter(|&prev| prev >= lo);
            dau[index(day)] += members;
            for (series, window) in [(&mut wau, WEEK_DAYS), (&mut mau, MONTH_DAYS)] {
                series[index(day)] += members;
                series[index(day + window)] -= members;
                if let Some(prev) = prev.filter(|&prev| day - prev < window) {
                    series[index(prev + window)] += members;
                    series[index(day)] -= members;
                }
            }
        }
        for series in [&mut wau, &mut mau] {
            for i in 1..len {
                series[i] += series[i - 1];
            }
        }
        Daily { lo, dau, wau, mau }
    }
}

/// The activity series of a range, one point per period.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn series(db: &impl Db, range: &Range) -> ApiResult<Vec<ActivityPoint>> {
    let (first, last) = range.day_numbers();
    let daily = daily(db, first, last).await?;
    let signed_up = per_day(db, "signed_up_day", first, last).await?;
    let first_posts = per_day(db, "first_post_day", first, last).await?;
    let mut points = Vec::with_capacity(range.periods().len());
    for period in range.periods() {
        let (start, end) = period.day_numbers();
        let active: i64 = (start..=end).map(|day| daily.at(&daily.dau, day)).sum();
        let dau = active as f64 / period.days() as f64;
        let mau = daily.at(&daily.mau, end);
        let sum_of = |per_day: &[DayCount]| -> i64 {
            per_day
                .iter()
                .filter(|row| (start..=end).contains(&row.day))
                .map(|row| row.members)
                .sum()
        };
        points.push(ActivityPoint {
            date: period.start,
            dau,
            wau: daily.at(&daily.wau, end),
            mau,
            stickiness: if mau > 0 { dau / mau as f64 } else { 0.0 },
            new_members: sum_of(&signed_up),
            new_contributors: sum_of(&first_posts),
        });
    }
    Ok(points)
}

/// Daily, weekly and monthly actives of the days `first..=last`.
pub(super) async fn daily(db: &impl Db, first: i32, last: i32) -> ApiResult<Daily> {
    let lo = first - (MONTH_DAYS - 1);
    Ok(Daily::fold(lo, last, &day_groups(db, lo, last).await?))
}

/// Members per active day of `lo..=hi` and previous active day.
pub(super) async fn day_groups(db: &impl Db, lo: i32, hi: i32) -> ApiResult<Vec<DayGap>> {
    // In the order of the (day, prev_day) index: an index-only scan that
    // groups as it reads.
    fetch(
        db,
        "SELECT day, prev_day, CAST(COUNT(*) AS BIGINT) AS members \
         FROM analytics_daily_users WHERE day >= ? AND day <= ? GROUP BY day, prev_day",
        vec![lo.into(), hi.into()],
    )
    .await
}

/// Members per day of a day column of `analytics_members` (indexed).
async fn per_day(db: &impl Db, column: &str, first: i32, last: i32) -> ApiResult<Vec<DayCount>> {
    let sql = format!(
        "SELECT {column} AS day, CAST(COUNT(*) AS BIGINT) AS members FROM analytics_members \
         WHERE {column} >= ? AND {column} <= ? GROUP BY {column}"
    );
    fetch(db, &sql, vec![first.into(), last.into()]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same counts by brute force: distinct members per window.
    fn brute(rows: &[(i32, i64)], day: i32, window: i32) -> i64 {
        let mut members: Vec<i64> = rows
            .iter()
            .filter(|(d, _)| *d <= day && *d > day - window)
            .map(|(_, u)| *u)
            .collect();
        members.sort_unstable();
        members.dedup();
        members.len() as i64
    }

    /// What the statement answers for the days `lo..=hi`.
    fn groups_of(rows: &[(i32, i64)], lo: i32, hi: i32) -> Vec<DayGap> {
        let mut groups: Vec<DayGap> = Vec::new();
        for &(day, user) in rows.iter().filter(|(d, _)| (lo..=hi).contains(d)) {
            let prev_day = rows
                .iter()
                .filter(|&&(d, u)| u == user && d < day)
                .map(|&(d, _)| d)
                .max();
            match groups
                .iter_mut()
                .find(|g| g.day == day && g.prev_day == prev_day)
            {
                Some(group) => group.members += 1,
                None => groups.push(DayGap {
                    day,
                    prev_day,
                    members: 1,
                }),
            }
        }
        groups
    }

    #[test]
    fn the_difference_array_matches_distinct_counts() {
        // (day, member) rows.
        let rows = [
            (0, 1),
            (3, 1),
            (40, 1),
            (66, 1),
            (5, 2),
            (6, 2),
            (7, 2),
            (15, 2),
            (20, 2),
            (50, 2),
            (25, 3),
            (36, 3),
            (44, 3),
            (58, 3),
            (1, 4),
            (63, 4),
        ];
        // The whole span, and a window whose earliest days have
        // predecessors it does not read (reported from `lo + 29` on, as
        // `daily` does).
        for (lo, first) in [(0, 0), (20, 49)] {
            let daily = Daily::fold(lo, 70, &groups_of(&rows, lo, 70));
            for day in first..=70 {
                assert_eq!(daily.at(&daily.wau, day), brute(&rows, day, 7), "wau {day}");
                assert_eq!(
                    daily.at(&daily.mau, day),
                    brute(&rows, day, 30),
                    "mau {day}"
                );
                assert_eq!(daily.at(&daily.dau, day), brute(&rows, day, 1), "dau {day}");
            }
        }
    }
}
