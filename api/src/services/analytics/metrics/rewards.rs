//! `rewardMetrics`: points issued per reward rule and period, from the
//! points ledger, and the members who earned most in the range.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveTime};
use sea_orm::FromQueryResult;

use super::{Range, fetch};
use crate::{
    error::{ApiError, ApiResult},
    services::{Db, analytics::reward_rollups::utc_month},
};

/// One rule's points in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct RulePoints {
    /// The period's first day in the range.
    pub date: NaiveDate,
    /// The reward rule's key.
    pub rule: String,
    /// Points credited by awards.
    pub issued: i64,
    /// Points taken back by reversals (as a positive number).
    pub reversed: i64,
    /// `issued - reversed`.
    pub net: i64,
    /// Ledger rows (awards and reversals).
    pub entries: i64,
}

/// A member's net points over the range.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Earner {
    pub user_id: i64,
    pub username: String,
    pub points: i64,
}

/// Most earners a report lists.
pub const MAX_EARNERS: i64 = 100;
/// Earners listed when the request does not say.
pub const DEFAULT_EARNERS: i64 = 10;

#[derive(FromQueryResult)]
struct Row {
    day: i32,
    rule: String,
    issued: i64,
    reversed: i64,
    entries: i64,
}

/// Points per period and rule, by period then rule; periods and rules
/// without rows are left out. Read from the ledger's daily rollup
/// (`analytics_reward_days`), whose days are the reporting zone's.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn per_rule(db: &impl Db, range: &Range) -> ApiResult<Vec<RulePoints>> {
    let (first, last) = range.day_numbers();
    let rows: Vec<Row> = fetch(
        db,
        "SELECT day, rule, CAST(SUM(issued) AS BIGINT) AS issued, \
           CAST(SUM(reversed) AS BIGINT) AS reversed, CAST(SUM(entries) AS BIGINT) AS entries \
         FROM analytics_reward_days WHERE day >= ? AND day <= ? GROUP BY day, rule",
        vec![first.into(), last.into()],
    )
    .await?;
    let mut sums: BTreeMap<(usize, String), (i64, i64, i64)> = BTreeMap::new();
    for row in rows {
        let Some(period) = range.period_of_day(row.day) else {
            continue;
        };
        let sum = sums.entry((period, row.rule)).or_default();
        sum.0 += row.issued;
        sum.1 += row.reversed;
        sum.2 += row.entries;
    }
    let periods = range.periods();
    Ok(sums
        .into_iter()
        .map(|((period, rule), (issued, reversed, entries))| RulePoints {
            date: periods[period].start,
            rule,
            issued,
            reversed,
            net: issued - reversed,
            entries,
        })
        .collect())
}

#[derive(FromQueryResult)]
struct Bound {
    user_id: i64,
    gained: i64,
}

/// The `limit` members with the most net points credited in the range
/// (positive totals only; ties: lower id first); BAD_USER_INPUT (field
/// `first`) outside 0 to 100.
///
/// Summing the whole ledger of the range is millions of rows at scale, so
/// candidates come from `analytics_reward_months`: what a member gained in
/// the UTC months the range touches bounds what they can have earned in it.
/// The best-bounded candidates' exact totals are summed (`net_points_sql`:
/// by member, from the per-day sums); once the `limit`-th exact total beats
/// the next candidate's bound, no one further down can enter the list.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn top_earners(db: &impl Db, range: &Range, limit: i64) -> ApiResult<Vec<Earner>> {
    if !(0..=MAX_EARNERS).contains(&limit) {
        return Err(ApiError::bad_input(
            "first",
            format!("first must be between 0 and {MAX_EARNERS}"),
        ));
    }
    if limit == 0 {
        return Ok(Vec::new());
    }
    let (start, end) = range.instants();
    let months = (utc_month(start), utc_month(end - Duration::microseconds(1)));
    let mut candidates = (limit * 4).max(40);
    loop {
        let bounds: Vec<Bound> = fetch(
            db,
            "SELECT user_id, CAST(SUM(gained) AS BIGINT) AS gained FROM analytics_reward_months \
             WHERE month >= ? AND month <= ? GROUP BY user_id HAVING SUM(gained) > 0 \
             ORDER BY gained DESC, user_id LIMIT ?",
            vec![months.0.into(), months.1.into(), (candidates + 1).into()],
        )
        .await?;
        let (checked, next) = match bounds.get(candidates as usize) {
            Some(next) => (&bounds[..candidates as usize], Some(next.gained)),
            None => (&bounds[..], None),
        };
        let mut earners = exact_totals(db, range, checked).await?;
        earners.sort_by(|a, b| b.points.cmp(&a.points).then(a.user_id.cmp(&b.user_id)));
        earners.truncate(limit as usize);
        let settled = match next {
            None => true,
            // Someone unchecked could still tie or beat the last one listed.
            Some(bound) => {
                earners.len() == limit as usize && earners[earners.len() - 1].points > bound
            }
        };
        if settled {
            return Ok(earners);
        }
        candidates *= 4;
        if candidates > MAX_CANDIDATES {
            return everyone_ranked(db, range, limit).await;
        }
    }
}

/// Past this many candidates, summing the whole range is cheaper (and the
/// `IN` list would outgrow SQLite's bound-value limit).
const MAX_CANDIDATES: i64 = 10_000;

/// The top earners from every ledger row of the range.
async fn everyone_ranked(db: &impl Db, range: &Range, limit: i64) -> ApiResult<Vec<Earner>> {
    let (start, end) = range.instants();
    fetch(
        db,
        "SELECT e.user_id, u.username, e.points FROM ( \
           SELECT user_id, CAST(SUM(points) AS BIGINT) AS points FROM reward_events \
           WHERE created_at >= ? AND created_at < ? GROUP BY user_id HAVING SUM(points) > 0 \
         ) AS e JOIN users u ON u.id = e.user_id \
         ORDER BY e.points DESC, e.user_id LIMIT ?",
        vec![start.into(), end.into(), limit.into()],
    )
    .await
}

/// The candidates' net points in the range, positive totals only.
async fn exact_totals(db: &impl Db, range: &Range, candidates: &[Bound]) -> ApiResult<Vec<Earner>> {
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; candidates.len()].join(", ");
    let ids = candidates.iter().map(|c| c.user_id.into()).collect();
    let (sql, values) = net_points_sql(range, &format!("IN ({marks})"), ids);
    fetch(
        db,
        &format!(
            "SELECT e.user_id, u.username, e.points FROM ({sql}) AS e \
             JOIN users u ON u.id = e.user_id WHERE e.points > 0"
        ),
        values,
    )
    .await
}

/// A statement of `(user_id, points)`: the net points credited in the range
/// to the members `user_id {members}` names (`members_values` bind its
/// placeholders). Whole UTC days come from the ledger's per-day sums
/// (`reward_daily`, by member and day), only the hours before the first and
/// after the last UTC midnight from the ledger rows.
pub(super) fn net_points_sql(
    range: &Range,
    members: &str,
    members_values: Vec<sea_orm::Value>,
) -> (String, Vec<sea_orm::Value>) {
    let (start, end) = range.instants();
    let midnight = |day: NaiveDate| day.and_time(NaiveTime::MIN).and_utc();
    // The first UTC midnight at or after `start`, the last at or before `end`.
    let first_day = (start - Duration::microseconds(1)).date_naive() + Duration::days(1);
    let last_day = end.date_naive();
    let (whole_from, whole_to) = if first_day < last_day {
        (midnight(first_day), midnight(last_day))
    } else {
        (end, end)
    };
    let sql = format!(
        "SELECT user_id, CAST(SUM(points) AS BIGINT) AS points FROM ( \
           SELECT user_id, points FROM reward_daily \
           WHERE user_id {members} AND day >= ? AND day < ? \
           UNION ALL \
           SELECT user_id, points FROM reward_events \
           WHERE user_id {members} AND ((created_at >= ? AND created_at < ?) \
             OR (created_at >= ? AND created_at < ?)) \
         ) AS ledger GROUP BY user_id"
    );
    let mut values = members_values.clone();
    values.extend([first_day.into(), last_day.into()]);
    values.extend(members_values);
    values.extend([start.into(), whole_from.into(), whole_to.into(), end.into()]);
    (sql, values)
}
