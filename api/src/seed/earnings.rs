//! Creator earnings for seeded enrolments: the SALE (and REFUND) rows the
//! enrolment service would have written, then a few payouts so the payout
//! screens have something to show. Enrolments are read a page at a time and
//! rows written in multi-row statements, so a million enrolments take a few
//! hundred statements.

use chrono::{DateTime, Duration, Utc};
use entity::{
    earning_entries::{self, Kind},
    payouts::{self, Status},
    users::{self, Role},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, Set, Statement,
};

use super::insert_chunked;
use crate::services::{
    rewards::{
        RewardSettings,
        earnings::{LedgerSums, available_from, ledger_sums, share_of},
    },
    search::query::placeholders,
};

/// Enrolments read per statement.
const PAGE: i64 = 20_000;
/// Creators given a paid and a requested payout.
const PAID_CREATORS: usize = 3;

#[derive(Debug, FromQueryResult)]
struct Sold {
    id: i64,
    course_id: i64,
    creator_id: i64,
    price_paid_cents: i64,
    currency: String,
    created_at: DateTime<Utc>,
    refunded_at: Option<DateTime<Utc>>,
}

/// Writes the earnings of every paid enrolment that has none yet, then a
/// paid and a requested payout for up to three creators with the balance
/// for them. Returns the rows written.
pub async fn seed_earnings(
    db: &impl ConnectionTrait,
    settings: &RewardSettings,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let backend = db.get_database_backend();
    let sql = placeholders(
        backend,
        "SELECT e.id AS id, e.course_id AS course_id, c.creator_id AS creator_id, \
           e.price_paid_cents AS price_paid_cents, e.currency AS currency, \
           e.created_at AS created_at, e.refunded_at AS refunded_at \
         FROM enrollments e JOIN courses c ON c.id = e.course_id \
         WHERE e.id > ? AND e.price_paid_cents > 0 \
           AND NOT EXISTS (SELECT 1 FROM earning_entries s \
             WHERE s.kind = 'SALE' AND s.enrollment_id = e.id) \
         ORDER BY e.id LIMIT ?",
    );
    let mut written = 0;
    let mut after = 0_i64;
    loop {
        let page = Sold::find_by_statement(Statement::from_sql_and_values(
            backend,
            &sql,
            [after.into(), PAGE.into()],
        ))
        .all(db)
        .await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.id;
        let mut rows = Vec::with_capacity(page.len() * 2);
        for sold in &page {
            let amount = share_of(sold.price_paid_cents, settings);
            let available_at = available_from(sold.created_at, settings);
            rows.push(entry(
                sold,
                Kind::Sale,
                amount,
                available_at,
                sold.created_at,
            ));
            if let Some(refunded_at) = sold.refunded_at {
                // As `record_refund`: inside the window it cancels pending money.
                let available = available_at.max(refunded_at);
                rows.push(entry(sold, Kind::Refund, -amount, available, refunded_at));
            }
        }
        written += insert_chunked(db, rows).await?;
    }
    written += seed_payouts(db, settings, now).await?;
    Ok(written)
}

fn entry(
    sold: &Sold,
    kind: Kind,
    amount_cents: i64,
    available_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
) -> earning_entries::ActiveModel {
    earning_entries::ActiveModel {
        creator_id: Set(sold.creator_id),
        kind: Set(kind),
        amount_cents: Set(amount_cents),
        currency: Set(sold.currency.clone()),
        course_id: Set(Some(sold.course_id)),
        enrollment_id: Set(Some(sold.id)),
        payout_id: Set(None),
        available_at: Set(available_at),
        created_at: Set(created_at),
        ..Default::default()
    }
}

/// For the richest creators (one currency each): a payout paid yesterday
/// and one requested an hour ago, each a quarter of the balance or the
/// minimum, whichever is more.
async fn seed_payouts(
    db: &impl ConnectionTrait,
    settings: &RewardSettings,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let paid_requested_at = now - Duration::days(2);
    let minimum = settings.payout_minimum_cents.max(1);
    // Balances only grow with time between events, so enough then is enough
    // for the later request too.
    let mut richest: Vec<_> = ledger_sums(db, None, None, paid_requested_at)
        .await?
        .into_iter()
        .filter(|sums| sums.available >= 2 * minimum)
        .collect();
    richest.sort_by_key(|sums| (std::cmp::Reverse(sums.available), sums.creator_id));
    let mut chosen: Vec<LedgerSums> = Vec::new();
    for sums in richest {
        if chosen.len() == PAID_CREATORS {
            break;
        }
        if chosen.iter().all(|c| c.creator_id != sums.creator_id) {
            chosen.push(sums);
        }
    }
    let staff = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Admin))
        .order_by_asc(users::Column::Id)
        .one(db)
        .await?
        .map(|admin| admin.id);
    let mut written = 0;
    for sums in chosen {
        let amount = (sums.available / 4 / 100 * 100).max(minimum);
        let payout =
            |status, requested_at, decided_at: Option<DateTime<Utc>>| payouts::ActiveModel {
                creator_id: Set(sums.creator_id),
                amount_cents: Set(amount),
                currency: Set(sums.currency.clone()),
                status: Set(status),
                requested_at: Set(requested_at),
                decided_by: Set(decided_at.and(staff)),
                decided_at: Set(decided_at),
                reason: Set(None),
                ..Default::default()
            };
        let paid = payout(
            Status::Paid,
            paid_requested_at,
            Some(now - Duration::days(1)),
        )
        .insert(db)
        .await?;
        let requested = payout(Status::Requested, now - Duration::hours(1), None)
            .insert(db)
            .await?;
        let rows = [&paid, &requested]
            .into_iter()
            .map(|payout| earning_entries::ActiveModel {
                creator_id: Set(payout.creator_id),
                kind: Set(Kind::Payout),
                amount_cents: Set(-payout.amount_cents),
                currency: Set(payout.currency.clone()),
                course_id: Set(None),
                enrollment_id: Set(None),
                payout_id: Set(Some(payout.id)),
                available_at: Set(payout.requested_at),
                created_at: Set(payout.requested_at),
                ..Default::default()
            })
            .collect();
        written += 2 + insert_chunked(db, rows).await?;
    }
    Ok(written)
}
