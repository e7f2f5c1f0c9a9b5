//! `creatorMetrics`: per creator (everyone who owns a course), what the
//! range brought: enrolments, revenue and refunds in one currency, points
//! credited and new followers.

use std::collections::HashMap;

use sea_orm::FromQueryResult;

use super::{Range, fetch, rewards};
use crate::{
    error::{ApiError, ApiResult},
    services::Db,
};

/// One creator's figures over the range.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreatorFigures {
    pub creator_id: i64,
    pub username: String,
    /// Enrolments in the creator's courses made in the range (any price).
    pub enrolments: i64,
    /// What learners paid for those, in the report's currency (cents).
    pub gross_cents: i64,
    /// Enrolments in the creator's courses refunded in the range.
    pub refunds: i64,
    /// What those refunds paid back, in the report's currency (cents).
    pub refunded_cents: i64,
    /// `gross_cents - refunded_cents`.
    pub net_cents: i64,
    /// Net points credited to the creator in the range (reversals count
    /// negative).
    pub points: i64,
    /// Members who started following the creator in the range.
    pub new_followers: i64,
}

/// How creators are ranked; ties go to the lower id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CreatorOrder {
    /// Net revenue, highest first.
    #[default]
    Revenue,
    Enrolments,
    Refunds,
    Points,
    NewFollowers,
}

impl CreatorOrder {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "REVENUE" => Some(CreatorOrder::Revenue),
            "ENROLMENTS" => Some(CreatorOrder::Enrolments),
            "REFUNDS" => Some(CreatorOrder::Refunds),
            "POINTS" => Some(CreatorOrder::Points),
            "NEW_FOLLOWERS" => Some(CreatorOrder::NewFollowers),
            _ => None,
        }
    }

    fn key(self, figures: &CreatorFigures) -> i64 {
        match self {
            CreatorOrder::Revenue => figures.net_cents,
            CreatorOrder::Enrolments => figures.enrolments,
            CreatorOrder::Refunds => figures.refunds,
            CreatorOrder::Points => figures.points,
            CreatorOrder::NewFollowers => figures.new_followers,
        }
    }
}

/// The currency money is reported in when none is asked for.
pub const DEFAULT_CURRENCY: &str = "USD";

/// An ISO 4217 code, upper-cased (BAD_USER_INPUT, field `currency`).
pub fn currency(raw: &str) -> ApiResult<String> {
    let code = raw.trim().to_ascii_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(ApiError::bad_input(
            "currency",
            "a three-letter currency code, e.g. USD",
        ))
    }
}

#[derive(FromQueryResult)]
struct Creator {
    creator_id: i64,
    username: String,
}

#[derive(FromQueryResult)]
struct Sales {
    creator_id: i64,
    enrolments: i64,
    gross_cents: i64,
    refunds: i64,
    refunded_cents: i64,
}

#[derive(FromQueryResult)]
struct Count {
    creator_id: i64,
    n: i64,
}

/// Every creator's figures, ranked.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn ranked(
    db: &impl Db,
    range: &Range,
    currency: &str,
    order: CreatorOrder,
) -> ApiResult<Vec<CreatorFigures>> {
    let (start, end) = range.instants();
    // Four independent statements, run side by side on their own connections.
    let creators = fetch::<Creator>(
        db,
        "SELECT u.id AS creator_id, u.username FROM users u \
         WHERE u.id IN (SELECT creator_id FROM courses)",
        Vec::new(),
    );
    // One scan for enrolments made and refunded in the range.
    let made = "e.created_at >= ? AND e.created_at < ?";
    let refunded = "e.refunded_at >= ? AND e.refunded_at < ?";
    let paid = "e.currency = ?";
    let sales_sql = format!(
        "SELECT c.creator_id, \
           CAST(SUM(CASE WHEN {made} THEN 1 ELSE 0 END) AS BIGINT) AS enrolments, \
           CAST(SUM(CASE WHEN {made} AND {paid} THEN e.price_paid_cents ELSE 0 END) \
             AS BIGINT) AS gross_cents, \
           CAST(SUM(CASE WHEN {refunded} THEN 1 ELSE 0 END) AS BIGINT) AS refunds, \
           CAST(SUM(CASE WHEN {refunded} AND {paid} THEN e.price_paid_cents ELSE 0 END) \
             AS BIGINT) AS refunded_cents \
         FROM enrollments e JOIN courses c ON c.id = e.course_id \
         WHERE ({made}) OR ({refunded}) GROUP BY c.creator_id"
    );
    let sales = fetch::<Sales>(
        db,
        &sales_sql,
        [
            vec![start.into(), end.into()],
            vec![start.into(), end.into(), currency.into()],
            vec![start.into(), end.into()],
            vec![start.into(), end.into(), currency.into()],
            vec![start.into(), end.into(), start.into(), end.into()],
        ]
        .concat(),
    );
    let (net_points, values) =
        rewards::net_points_sql(range, "IN (SELECT creator_id FROM courses)", Vec::new());
    let points_sql = format!("SELECT user_id AS creator_id, points AS n FROM ({net_points}) AS p");
    let points = fetch::<Count>(db, &points_sql, values);
    let followers = fetch::<Count>(
        db,
        "SELECT target_id AS creator_id, CAST(COUNT(*) AS BIGINT) AS n FROM follows \
         WHERE target_kind = ? AND created_at >= ? AND created_at < ? \
         GROUP BY target_id",
        vec!["USER".into(), start.into(), end.into()],
    );
    let (creators, sales, points, followers) =
        tokio::try_join!(creators, sales, points, followers)?;

    let mut figures: HashMap<i64, CreatorFigures> = creators
        .into_iter()
        .map(|c| {
            (
                c.creator_id,
                CreatorFigures {
                    creator_id: c.creator_id,
                    username: c.username,
                    ..Default::default()
                },
            )
        })
        .collect();
    for row in sales {
        if let Some(f) = figures.get_mut(&row.creator_id) {
            (f.enrolments, f.gross_cents) = (row.enrolments, row.gross_cents);
            (f.refunds, f.refunded_cents) = (row.refunds, row.refunded_cents);
        }
    }
    let mut apply = |rows: Vec<Count>, set: fn(&mut CreatorFigures, i64)| {
        for row in rows {
            if let Some(f) = figures.get_mut(&row.creator_id) {
                set(f, row.n);
            }
        }
    };
    apply(points, |f, n| f.points = n);
    apply(followers, |f, n| f.new_followers = n);
    let mut ranked: Vec<CreatorFigures> = figures
        .into_values()
        .map(|mut f| {
            f.net_cents = f.gross_cents - f.refunded_cents;
            f
        })
        .collect();
    ranked.sort_by(|a, b| {
        order
            .key(b)
            .cmp(&order.key(a))
            .then(a.creator_id.cmp(&b.creator_id))
    });
    Ok(ranked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_and_orders_parse() {
        assert_eq!(currency(" cny ").unwrap(), "CNY");
        for bad in ["", "US", "USDT", "U$D"] {
            assert_eq!(
                currency(bad).unwrap_err().code(),
                crate::error::ErrorCode::BadUserInput
            );
        }
        assert_eq!(
            CreatorOrder::parse("new_followers"),
            Some(CreatorOrder::NewFollowers)
        );
        assert_eq!(CreatorOrder::parse("money"), None);
    }
}
