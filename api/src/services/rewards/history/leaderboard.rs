//! Leaderboards: the users with the most points, all time or in the last
//! week or month, overall or in one tag's threads and courses.
//!
//! All time without a tag reads the balances; a period reads the daily sums
//! of its days. Only a tag reads ledger rows: the daily sums do not know
//! which thread or course their points came from.

use chrono::{DateTime, Days, NaiveDate, Utc};
use entity::{course_tags, reward_daily, reward_events, tags, thread_tags, users};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, ExprTrait, Order, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Query, SelectStatement},
};

use crate::{
    error::{ApiError, ApiResult},
    services::{Db, tags as tag_service},
};

/// The time a leaderboard covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaderboardPeriod {
    /// The last 7 UTC days, today included.
    Week,
    /// The last 30 UTC days, today included.
    Month,
    All,
}

impl LeaderboardPeriod {
    /// The first day counted, None for all time.
    pub fn first_day(self, now: DateTime<Utc>) -> Option<NaiveDate> {
        let days = match self {
            LeaderboardPeriod::Week => 7,
            LeaderboardPeriod::Month => 30,
            LeaderboardPeriod::All => return None,
        };
        Some(now.date_naive() - Days::new(days - 1))
    }
}

/// Largest leaderboard.
pub const LEADERBOARD_MAX: i64 = 100;

/// A place on a leaderboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// 1 for the most points; equal points share a rank ("1, 2, 2, 4").
    pub rank: u64,
    pub user_id: i64,
    pub points: i64,
}

/// The `first` users with the most points in the period, deleted accounts
/// left out. All time without a tag is the balances; a period is the
/// points credited in it (users with a positive sum only); a tag counts
/// only the points of threads or courses with that tag. An unknown tag
/// has no leaderboard (empty).
#[tracing::instrument(skip(db))]
pub async fn leaderboard(
    db: &impl Db,
    period: LeaderboardPeriod,
    tag: Option<&str>,
    first: i64,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Standing>> {
    if !(0..=LEADERBOARD_MAX).contains(&first) {
        return Err(ApiError::bad_input(
            "first",
            format!("first must be between 0 and {LEADERBOARD_MAX}"),
        ));
    }
    let tag_id = match tag {
        None => None,
        Some(raw) => {
            let name = tag_service::normalise("tag", &[raw.to_owned()], 1)?;
            let found = tags::Entity::find()
                .select_only()
                .column(tags::Column::Id)
                .filter(tags::Column::Name.is_in(name))
                .into_tuple::<i64>()
                .one(db)
                .await?;
            match found {
                Some(id) => Some(id),
                None => return Ok(Vec::new()),
            }
        }
    };
    let first_day = period.first_day(now);
    let limit = first as u64;
    let totals: Vec<(i64, i64)> = match (tag_id, first_day) {
        (None, None) => {
            users::Entity::find()
                .select_only()
                .column(users::Column::Id)
                .column(users::Column::Points)
                .filter(users::Column::Status.ne(users::Status::Deleted))
                .order_by_desc(users::Column::Points)
                .order_by_asc(users::Column::Id)
                .limit(limit)
                .into_tuple()
                .all(db)
                .await?
        }
        (None, Some(day)) => {
            reward_daily::Entity::find()
                .select_only()
                .column(reward_daily::Column::UserId)
                .column_as(sum_of("reward_daily.points"), "total")
                .filter(reward_daily::Column::Day.gte(day))
                .filter(reward_daily::Column::UserId.not_in_subquery(deleted_users()))
                .group_by(reward_daily::Column::UserId)
                .having(Expr::cust("SUM(reward_daily.points) > 0"))
                .order_by(sum_of("reward_daily.points"), Order::Desc)
                .order_by_asc(reward_daily::Column::UserId)
                .limit(limit)
                .into_tuple()
                .all(db)
                .await?
        }
        (Some(tag_id), first_day) => {
            let tagged = Condition::any()
                .add(reward_events::Column::ThreadId.in_subquery(tagged_threads(tag_id)))
                .add(reward_events::Column::CourseId.in_subquery(tagged_courses(tag_id)));
            let mut query = reward_events::Entity::find()
                .select_only()
                .column(reward_events::Column::UserId)
                .column_as(sum_of("reward_events.points"), "total")
                .filter(tagged)
                .filter(reward_events::Column::UserId.not_in_subquery(deleted_users()));
            if let Some(day) = first_day {
                let start = day.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
                query = query.filter(reward_events::Column::CreatedAt.gte(start));
            }
            query
                .group_by(reward_events::Column::UserId)
                .having(Expr::cust("SUM(reward_events.points) > 0"))
                .order_by(sum_of("reward_events.points"), Order::Desc)
                .order_by_asc(reward_events::Column::UserId)
                .limit(limit)
                .into_tuple()
                .all(db)
                .await?
        }
    };
    Ok(ranked(totals))
}

/// SUM as BIGINT on both backends (PostgreSQL sums BIGINTs to NUMERIC).
fn sum_of(column: &str) -> Expr {
    Expr::cust(format!("CAST(SUM({column}) AS BIGINT)"))
}

fn deleted_users() -> SelectStatement {
    Query::select()
        .column(users::Column::Id)
        .from(users::Entity)
        .and_where(Expr::col(users::Column::Status).eq(users::Status::Deleted))
        .to_owned()
}

fn tagged_threads(tag_id: i64) -> SelectStatement {
    Query::select()
        .column(thread_tags::Column::ThreadId)
        .from(thread_tags::Entity)
        .and_where(Expr::col(thread_tags::Column::TagId).eq(tag_id))
        .to_owned()
}

fn tagged_courses(tag_id: i64) -> SelectStatement {
    Query::select()
        .column(course_tags::Column::CourseId)
        .from(course_tags::Entity)
        .and_where(Expr::col(course_tags::Column::TagId).eq(tag_id))
        .to_owned()
}

/// Competition ranks of (user, points) rows sorted by points, descending.
pub fn ranked(totals: Vec<(i64, i64)>) -> Vec<Standing> {
    let mut standings: Vec<Standing> = Vec::with_capacity(totals.len());
    for (i, (user_id, points)) in totals.into_iter().enumerate() {
        let rank = match standings.last() {
            Some(previous) if previous.points == points => previous.rank,
            _ => i as u64 + 1,
        };
        standings.push(Standing {
            rank,
            user_id,
            points,
        });
    }
    standings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_points_share_a_rank() {
        let ranks: Vec<u64> = ranked(vec![(1, 50), (2, 40), (3, 40), (4, 10)])
            .iter()
            .map(|s| s.rank)
            .collect();
        assert_eq!(ranks, [1, 2, 2, 4]);
    }
}
