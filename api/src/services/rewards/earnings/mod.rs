//! Creator earnings: a money ledger (integer cents) beside the points one.
//! A paid enrolment appends the creator's share (SALE), a refund its reversal
//! (REFUND), a payout request takes money out (PAYOUT) and a rejected one
//! brings it back (PAYOUT_RETURNED). Rows are appended in the transaction of
//! their cause and never changed; unique indexes on (kind, enrollment) and
//! (kind, payout) make each happen at most once. No payment provider is
//! contacted: the ledger is the product.
//!
//! Balances are kept per currency: a row counts as available once its
//! `available_at` has passed (sales after the refund window), pending before.

mod audit;
mod payouts;

pub use audit::audit;
pub use payouts::{list_payouts, mark_payout_paid, reject_payout, request_payout};

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use entity::{
    courses,
    earning_entries::{self, Kind},
    enrollments, payouts as payout_rows,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, Set, Statement,
    Value,
    sea_query::{Expr, OnConflict},
};

use super::RewardSettings;
use crate::{
    error::ApiResult,
    services::{
        Db,
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
        search::query::placeholders,
    },
};

/// Per-currency sums of a creator's ledger. Money requested out counts at
/// once whatever its timestamp, so a request whose `now` was read a moment
/// before a concurrent one's can never spend the same money twice.
const BALANCE_SQL: &str = "SELECT creator_id, currency, \
       CAST(COALESCE(SUM(CASE WHEN available_at <= ? OR kind = 'PAYOUT' \
         THEN amount_cents ELSE 0 END), 0) AS BIGINT) AS available, \
       CAST(COALESCE(SUM(CASE WHEN available_at > ? AND kind IN ('SALE', 'REFUND') \
         THEN amount_cents ELSE 0 END), 0) AS BIGINT) AS pending \
     FROM earning_entries";

#[derive(Debug, FromQueryResult)]
pub(crate) struct LedgerSums {
    pub creator_id: i64,
    pub currency: String,
    pub available: i64,
    pub pending: i64,
}

/// The ledger sums of one creator (or all, `None`) as of `now`, by currency.
pub(crate) async fn ledger_sums(
    db: &impl ConnectionTrait,
    creator_id: Option<i64>,
    currency: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<LedgerSums>, DbErr> {
    let mut sql = format!("{BALANCE_SQL} WHERE 1 = 1");
    let mut values: Vec<Value> = vec![now.into(), now.into()];
    if let Some(creator_id) = creator_id {
        sql.push_str(" AND creator_id = ?");
        values.push(creator_id.into());
    }
    if let Some(currency) = currency {
        sql.push_str(" AND currency = ?");
        values.push(currency.into());
    }
    sql.push_str(" GROUP BY creator_id, currency ORDER BY creator_id, currency");
    let backend = db.get_database_backend();
    LedgerSums::find_by_statement(Statement::from_sql_and_values(
        backend,
        placeholders(backend, &sql),
        values,
    ))
    .all(db)
    .await
}

/// The creator's share of a price, rounded down to the cent.
pub fn share_of(price_cents: i64, settings: &RewardSettings) -> i64 {
    price_cents * i64::from(settings.creator_revenue_share_percent) / 100
}

/// When a sale made at `sold_at` may be paid out.
pub fn available_from(sold_at: DateTime<Utc>, settings: &RewardSettings) -> DateTime<Utc> {
    sold_at + Duration::days(i64::from(settings.refund_window_days))
}

/// Credits the course's creator their share of a paid enrolment (in the
/// enrolment's transaction). Free enrolments credit nothing; a second call
/// for the same enrolment writes nothing.
#[tracing::instrument(level = "debug", skip_all, fields(enrollment = enrollment.id))]
pub async fn record_sale(
    db: &impl Db,
    settings: &RewardSettings,
    course: &courses::Model,
    enrollment: &enrollments::Model,
    now: DateTime<Utc>,
) -> ApiResult<Option<earning_entries::Model>> {
    if enrollment.price_paid_cents <= 0 {
        return Ok(None);
    }
    let row = earning_entries::ActiveModel {
        creator_id: Set(course.creator_id),
        kind: Set(Kind::Sale),
        amount_cents: Set(share_of(enrollment.price_paid_cents, settings)),
        currency: Set(enrollment.currency.clone()),
        course_id: Set(Some(course.id)),
        enrollment_id: Set(Some(enrollment.id)),
        payout_id: Set(None),
        available_at: Set(available_from(enrollment.created_at, settings)),
        created_at: Set(now),
        ..Default::default()
    };
    append(db, row, earning_entries::Column::EnrollmentId).await
}

/// Takes back the sale of a refunded enrolment (in the refund's
/// transaction). Inside the refund window the reversal becomes available
/// with the sale, so it only cancels pending money; later it is taken from
/// the available balance at once.
#[tracing::instrument(level = "debug", skip_all, fields(enrollment = enrollment.id))]
pub async fn record_refund(
    db: &impl Db,
    enrollment: &enrollments::Model,
    now: DateTime<Utc>,
) -> ApiResult<Option<earning_entries::Model>> {
    let Some(sale) = earning_entries::Entity::find()
        .filter(earning_entries::Column::Kind.eq(Kind::Sale))
        .filter(earning_entries::Column::EnrollmentId.eq(enrollment.id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let row = earning_entries::ActiveModel {
        creator_id: Set(sale.creator_id),
        kind: Set(Kind::Refund),
        amount_cents: Set(-sale.amount_cents),
        currency: Set(sale.currency.clone()),
        course_id: Set(sale.course_id),
        enrollment_id: Set(Some(enrollment.id)),
        payout_id: Set(None),
        available_at: Set(if now < sale.available_at {
            sale.available_at
        } else {
            now
        }),
        created_at: Set(now),
        ..Default::default()
    };
    append(db, row, earning_entries::Column::EnrollmentId).await
}

/// Appends a row unless its (kind, `key`) is already there: the unique index
/// decides, whatever the concurrency.
pub(crate) async fn append(
    db: &impl ConnectionTrait,
    row: earning_entries::ActiveModel,
    key: earning_entries::Column,
) -> ApiResult<Option<earning_entries::Model>> {
    let inserted = earning_entries::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([earning_entries::Column::Kind, key])
                .do_nothing()
                .to_owned(),
        )
        .exec_with_returning_many(db)
        .await?;
    Ok(inserted.into_iter().next())
}

/// A creator's money in one currency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balance {
    pub currency: String,
    /// May be requested out now.
    pub available_cents: i64,
    /// Sales (net of their refunds) still inside the refund window.
    pub pending_cents: i64,
    /// Requested out, not yet decided.
    pub requested_cents: i64,
    /// Paid out.
    pub paid_out_cents: i64,
}

#[derive(Debug, FromQueryResult)]
struct PayoutSums {
    currency: String,
    status: String,
    total: i64,
}

/// A creator's balances as of `now`, by currency.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn balances(
    db: &impl Db,
    creator_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Balance>> {
    let mut by_currency: BTreeMap<String, Balance> = BTreeMap::new();
    fn slot<'a>(map: &'a mut BTreeMap<String, Balance>, currency: &str) -> &'a mut Balance {
        map.entry(currency.to_owned()).or_insert_with(|| Balance {
            currency: currency.to_owned(),
            ..Default::default()
        })
    }
    for sums in ledger_sums(db, Some(creator_id), None, now).await? {
        let balance = slot(&mut by_currency, &sums.currency);
        balance.available_cents = sums.available;
        balance.pending_cents = sums.pending;
    }
    let backend = db.get_database_backend();
    let payouts = PayoutSums::find_by_statement(Statement::from_sql_and_values(
        backend,
        placeholders(
            backend,
            "SELECT currency, status, CAST(SUM(amount_cents) AS BIGINT) AS total \
             FROM payouts WHERE creator_id = ? AND status IN ('REQUESTED', 'PAID') \
             GROUP BY currency, status",
        ),
        [creator_id.into()],
    ))
    .all(db)
    .await?;
    for sums in payouts {
        let balance = slot(&mut by_currency, &sums.currency);
        if sums.status == "PAID" {
            balance.paid_out_cents = sums.total;
        } else {
            balance.requested_cents = sums.total;
        }
    }
    Ok(by_currency.into_values().collect())
}

/// What one course earned its creator in one currency.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct CourseEarnings {
    pub course_id: i64,
    pub currency: String,
    pub sales: i64,
    pub refunds: i64,
    /// The creator's share of every sale.
    pub gross_cents: i64,
    /// Gross less refunds.
    pub net_cents: i64,
}

/// A creator's sales and refunds per course (and currency), by course id.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn by_course(db: &impl Db, creator_id: i64) -> ApiResult<Vec<CourseEarnings>> {
    let backend = db.get_database_backend();
    Ok(
        CourseEarnings::find_by_statement(Statement::from_sql_and_values(
            backend,
            placeholders(
                backend,
                "SELECT course_id, currency, \
               CAST(SUM(CASE WHEN kind = 'SALE' THEN 1 ELSE 0 END) AS BIGINT) AS sales, \
               CAST(SUM(CASE WHEN kind = 'REFUND' THEN 1 ELSE 0 END) AS BIGINT) AS refunds, \
               CAST(SUM(CASE WHEN kind = 'SALE' THEN amount_cents ELSE 0 END) AS BIGINT) \
                 AS gross_cents, \
               CAST(SUM(amount_cents) AS BIGINT) AS net_cents \
             FROM earning_entries \
             WHERE creator_id = ? AND kind IN ('SALE', 'REFUND') AND course_id IS NOT NULL \
             GROUP BY course_id, currency ORDER BY course_id, currency",
            ),
            [creator_id.into()],
        ))
        .all(db)
        .await?,
    )
}

/// A creator's payouts, newest first.
#[tracing::instrument(level = "debug", skip(db, page))]
pub async fn payouts_of(
    db: &impl Db,
    creator_id: i64,
    page: PageRequest,
) -> ApiResult<Page<payout_rows::Model>> {
    paginate(
        db,
        payout_rows::Entity::find().filter(payout_rows::Column::CreatorId.eq(creator_id)),
        &newest_payouts_first(),
        &page,
    )
    .await
}

pub(crate) fn newest_payouts_first() -> KeysetOrder<payout_rows::Model> {
    KeysetOrder::new(
        "payouts.newest",
        vec![SortKey::desc(
            Expr::col((payout_rows::Entity, payout_rows::Column::Id)),
            |p: &payout_rows::Model| KeyValue::Int(p.id),
        )],
    )
}
