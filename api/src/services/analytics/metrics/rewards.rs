//! `rewardMetrics`: points issued per reward rule and period, from the
//! points ledger, and the members who earned most in the range.

use chrono::NaiveDate;
use sea_orm::FromQueryResult;

use super::{Range, fetch};
use crate::{
    error::{ApiError, ApiResult},
    services::Db,
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
    idx: i32,
    rule: String,
    issued: i64,
    reversed: i64,
    entries: i64,
}

/// Points per period and rule, by period then rule; periods and rules
/// without rows are left out.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn per_rule(db: &impl Db, range: &Range) -> ApiResult<Vec<RulePoints>> {
    let rows: Vec<Row> = range
        .fetch_per_period(
            db,
            "SELECT p.idx, r.rule, \
               CAST(SUM(CASE WHEN r.entry = 'AWARD' THEN r.points ELSE 0 END) AS BIGINT) AS issued, \
               CAST(-SUM(CASE WHEN r.entry = 'AWARD' THEN 0 ELSE r.points END) AS BIGINT) AS reversed, \
               CAST(COUNT(*) AS BIGINT) AS entries \
             FROM periods p JOIN reward_events r ON r.created_at >= p.lo AND r.created_at < p.hi \
             GROUP BY p.idx, r.rule ORDER BY p.idx, r.rule",
        )
        .await?;
    let periods = range.periods();
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(RulePoints {
                date: periods.get(row.idx as usize)?.start,
                rule: row.rule,
                issued: row.issued,
                reversed: row.reversed,
                net: row.issued - row.reversed,
                entries: row.entries,
            })
        })
        .collect())
}

/// The `limit` members with the most net points credited in the range
/// (ties: lower id first); BAD_USER_INPUT (field `first`) outside 0 to 100.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn top_earners(db: &impl Db, range: &Range, limit: i64) -> ApiResult<Vec<Earner>> {
    if !(0..=MAX_EARNERS).contains(&limit) {
        return Err(ApiError::bad_input(
            "first",
            format!("first must be between 0 and {MAX_EARNERS}"),
        ));
    }
    let (start, end) = range.instants();
    fetch(
        db,
        "SELECT e.user_id, u.username, e.points FROM ( \
           SELECT user_id, CAST(SUM(points) AS BIGINT) AS points FROM reward_events \
           WHERE created_at >= ? AND created_at < ? GROUP BY user_id \
         ) AS e JOIN users u ON u.id = e.user_id \
         ORDER BY e.points DESC, e.user_id LIMIT ?",
        vec![start.into(), end.into(), limit.into()],
    )
    .await
}
