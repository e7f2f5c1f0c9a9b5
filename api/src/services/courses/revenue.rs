//! What each course has earned: for staff screens and its creator. Every
//! paid enrolment counts once, in the currency it was paid in; refunds are
//! counted apart and taken off the net.

use std::collections::HashMap;

use entity::enrollments;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};

use crate::{error::ApiResult, services::Db};

/// One course's takings in one currency, since it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revenue {
    pub currency: String,
    /// Enrolments that paid something (refunded ones included).
    pub paid_enrolments: i64,
    pub gross_cents: i64,
    pub refunds: i64,
    pub refunded_cents: i64,
}

impl Revenue {
    pub fn net_cents(&self) -> i64 {
        self.gross_cents - self.refunded_cents
    }
}

/// Each course's takings per currency, in currency order; a course nobody
/// paid for has none.
#[tracing::instrument(level = "debug", skip_all, fields(courses = course_ids.len()))]
pub async fn of_courses(db: &impl Db, course_ids: &[i64]) -> ApiResult<HashMap<i64, Vec<Revenue>>> {
    let refunded = "enrollments.refunded_at IS NOT NULL";
    let rows: Vec<(i64, String, i64, i64, i64, i64)> = enrollments::Entity::find()
        .select_only()
        .column(enrollments::Column::CourseId)
        .column(enrollments::Column::Currency)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "paid")
        .column_as(
            Expr::cust("CAST(SUM(enrollments.price_paid_cents) AS BIGINT)"),
            "gross",
        )
        .column_as(
            Expr::cust(format!("CAST(SUM(CASE WHEN {refunded} THEN 1 ELSE 0 END) AS BIGINT)")),
            "refunds",
        )
        .column_as(
            Expr::cust(format!(
                "CAST(SUM(CASE WHEN {refunded} THEN enrollments.price_paid_cents ELSE 0 END) AS BIGINT)"
            )),
            "refunded",
        )
        .filter(enrollments::Column::CourseId.is_in(course_ids.iter().copied()))
        .filter(enrollments::Column::PricePaidCents.gt(0))
        .group_by(enrollments::Column::CourseId)
        .group_by(enrollments::Column::Currency)
        .order_by_asc(enrollments::Column::Currency)
        .into_tuple()
        .all(db)
        .await?;
    let mut found: HashMap<i64, Vec<Revenue>> = HashMap::new();
    for (course_id, currency, paid_enrolments, gross_cents, refunds, refunded_cents) in rows {
        found.entry(course_id).or_default().push(Revenue {
            currency,
            paid_enrolments,
            gross_cents,
            refunds,
            refunded_cents,
        });
    }
    Ok(found)
}
