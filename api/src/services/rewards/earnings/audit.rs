//! Checks the money ledger against its causes (for `lyceum audit-ledger`):
//! every problem is one readable line; none means the ledger is consistent.

use chrono::{DateTime, Utc};
use sea_orm::{FromQueryResult, Statement};

use super::ledger_sums;
use crate::{error::ApiResult, services::Db};

/// Problems listed per check; more are summarised in one line.
const SHOWN_PER_CHECK: usize = 100;

#[derive(Debug, FromQueryResult)]
struct Found {
    id: i64,
}

/// Each check: the ids it finds, and how to describe one.
const CHECKS: &[(&str, &str)] = &[
    (
        "SELECT e.id AS id FROM enrollments e \
         WHERE e.price_paid_cents > 0 AND e.refunded_at IS NULL \
           AND (SELECT COUNT(*) FROM earning_entries s \
                WHERE s.kind = 'SALE' AND s.enrollment_id = e.id) <> 1",
        "paid enrolment {} has no SALE row (or more than one)",
    ),
    (
        "SELECT e.id AS id FROM enrollments e \
         WHERE e.price_paid_cents > 0 AND e.refunded_at IS NOT NULL \
           AND NOT EXISTS (SELECT 1 FROM earning_entries r \
             JOIN earning_entries s ON s.kind = 'SALE' AND s.enrollment_id = e.id \
             WHERE r.kind = 'REFUND' AND r.enrollment_id = e.id \
               AND r.amount_cents = -s.amount_cents)",
        "refunded enrolment {} has no REFUND row reversing its SALE",
    ),
    (
        "SELECT x.id AS id FROM earning_entries x \
         LEFT JOIN payouts p ON p.id = x.payout_id \
         WHERE x.kind = 'PAYOUT' \
           AND (p.id IS NULL OR p.amount_cents <> -x.amount_cents \
                OR p.creator_id <> x.creator_id OR p.currency <> x.currency)",
        "PAYOUT row {} has no matching payout",
    ),
    (
        "SELECT p.id AS id FROM payouts p \
         WHERE NOT EXISTS (SELECT 1 FROM earning_entries x \
           WHERE x.kind = 'PAYOUT' AND x.payout_id = p.id)",
        "payout {} has no PAYOUT row",
    ),
    (
        "SELECT p.id AS id FROM payouts p \
         WHERE p.status = 'REJECTED' AND NOT EXISTS (SELECT 1 FROM earning_entries x \
           WHERE x.kind = 'PAYOUT_RETURNED' AND x.payout_id = p.id \
             AND x.amount_cents = p.amount_cents)",
        "rejected payout {} has no PAYOUT_RETURNED row returning its amount",
    ),
    (
        "SELECT p.id AS id FROM payouts p \
         WHERE p.status <> 'REJECTED' AND EXISTS (SELECT 1 FROM earning_entries x \
           WHERE x.kind = 'PAYOUT_RETURNED' AND x.payout_id = p.id)",
        "payout {} was not rejected but has a PAYOUT_RETURNED row",
    ),
];

/// The money ledger's problems as of `now`, one line each.
#[tracing::instrument(skip_all)]
pub async fn audit(db: &impl Db, now: DateTime<Utc>) -> ApiResult<Vec<String>> {
    let backend = db.get_database_backend();
    let mut problems = Vec::new();
    for (sql, describe) in CHECKS {
        let sql = format!("{sql} ORDER BY id LIMIT {}", SHOWN_PER_CHECK + 1);
        let found = Found::find_by_statement(Statement::from_string(backend, sql))
            .all(db)
            .await?;
        for row in found.iter().take(SHOWN_PER_CHECK) {
            problems.push(describe.replace("{}", &row.id.to_string()));
        }
        if found.len() > SHOWN_PER_CHECK {
            problems.push(format!(
                "… and more like the above (showing the first {SHOWN_PER_CHECK})"
            ));
        }
    }
    for sums in ledger_sums(db, None, None, now).await? {
        if sums.available < 0 {
            problems.push(format!(
                "creator {} has a negative available balance: {} cents in {}",
                sums.creator_id, sums.available, sums.currency
            ));
        }
    }
    Ok(problems)
}
