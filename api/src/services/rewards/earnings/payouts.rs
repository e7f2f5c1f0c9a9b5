//! Payouts: a creator requests money out of the available balance; staff
//! mark the request paid or reject it (which returns the money).

use chrono::{DateTime, Utc};
use entity::{
    earning_entries::{self, Kind},
    payouts::{self, Status},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionSession,
    sea_query::Expr,
};

use super::{RewardSettings, append, ledger_sums, newest_payouts_first};
use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
    services::{
        Db,
        courses::catalogue::CURRENCIES,
        moderation::log::{self, Action, Entry},
        pagination::{Page, PageRequest, paginate},
    },
};

pub const REJECT_REASON_MAX: usize = 1_000;

/// Requests `amount_cents` of the viewer's available balance in `currency`.
/// Of concurrent requests that together exceed the balance, only those that
/// fit win: requests of one creator serialise on a lock of their user row.
#[tracing::instrument(skip(db, viewer, settings, now), fields(viewer = viewer.id()))]
pub async fn request_payout(
    db: &impl Db,
    viewer: &Viewer,
    settings: &RewardSettings,
    amount_cents: i64,
    currency: &str,
    now: DateTime<Utc>,
) -> ApiResult<payouts::Model> {
    viewer.ensure_can_write(now)?;
    if amount_cents <= 0 {
        return Err(ApiError::bad_input(
            "amountCents",
            "a payout is a positive amount of cents",
        ));
    }
    if amount_cents < settings.payout_minimum_cents {
        return Err(ApiError::bad_input(
            "amountCents",
            format!(
                "the smallest payout is {} cents",
                settings.payout_minimum_cents
            ),
        ));
    }
    let currency = currency.trim().to_uppercase();
    if !CURRENCIES.contains(&currency.as_str()) {
        return Err(ApiError::bad_input(
            "currency",
            format!("unknown currency; one of {}", CURRENCIES.join(", ")),
        ));
    }

    let txn = db.begin().await?;
    // The lock comes before the read: the balance read below already
    // includes every earlier request of this creator.
    crate::services::rewards::ledger::lock_balance(&txn, viewer.id()).await?;
    let available = ledger_sums(&txn, Some(viewer.id()), Some(&currency), now)
        .await?
        .first()
        .map_or(0, |sums| sums.available);
    if amount_cents > available {
        return Err(ApiError::bad_input(
            "amountCents",
            format!("this exceeds your available balance ({available} cents in {currency})"),
        ));
    }
    let payout = payouts::ActiveModel {
        creator_id: Set(viewer.id()),
        amount_cents: Set(amount_cents),
        currency: Set(currency.clone()),
        status: Set(Status::Requested),
        requested_at: Set(now),
        decided_by: Set(None),
        decided_at: Set(None),
        reason: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    append(
        &txn,
        ledger_row(&payout, Kind::Payout, -amount_cents, now),
        earning_entries::Column::PayoutId,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        payout_id = payout.id,
        amount_cents,
        currency,
        "payout requested"
    );
    Ok(payout)
}

/// Marks a requested payout paid (staff). A decided one is a CONFLICT.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn mark_payout_paid(
    db: &impl Db,
    viewer: &Viewer,
    payout_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<payouts::Model> {
    ensure_staff(viewer, now)?;
    let txn = db.begin().await?;
    let paid = decide(&txn, viewer, payout_id, Status::Paid, None, now).await?;
    txn.commit().await?;
    tracing::info!(payout_id, "payout paid");
    Ok(paid)
}

/// Rejects a requested payout (staff), returning its amount to the
/// creator's available balance. A decided one is a CONFLICT.
#[tracing::instrument(skip(db, viewer, reason, now), fields(viewer = viewer.id()))]
pub async fn reject_payout(
    db: &impl Db,
    viewer: &Viewer,
    payout_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<payouts::Model> {
    ensure_staff(viewer, now)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REJECT_REASON_MAX {
        return Err(ApiError::bad_input(
            "reason",
            format!("give a reason of 1–{REJECT_REASON_MAX} characters"),
        ));
    }
    let txn = db.begin().await?;
    let rejected = decide(&txn, viewer, payout_id, Status::Rejected, Some(reason), now).await?;
    append(
        &txn,
        ledger_row(&rejected, Kind::PayoutReturned, rejected.amount_cents, now),
        earning_entries::Column::PayoutId,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(payout_id, "payout rejected");
    Ok(rejected)
}

/// Payouts, newest first, optionally of one status (staff).
#[tracing::instrument(level = "debug", skip(db, viewer, page), fields(viewer = viewer.id()))]
pub async fn list_payouts(
    db: &impl Db,
    viewer: &Viewer,
    status: Option<Status>,
    page: PageRequest,
) -> ApiResult<Page<payouts::Model>> {
    if !viewer.has_any_role(STAFF_ROLES) {
        return Err(ApiError::forbidden("only staff see every payout"));
    }
    let mut query = payouts::Entity::find();
    if let Some(status) = status {
        query = query.filter(payouts::Column::Status.eq(status));
    }
    paginate(db, query, &newest_payouts_first(), &page).await
}

fn ensure_staff(viewer: &Viewer, now: DateTime<Utc>) -> ApiResult<()> {
    if !viewer.has_any_role(STAFF_ROLES) {
        return Err(ApiError::forbidden("only staff decide payouts"));
    }
    viewer.ensure_can_write(now)
}

/// Moves a REQUESTED payout to `status`; of two concurrent decisions one
/// wins (the update is conditional on the status).
async fn decide(
    db: &impl Db,
    viewer: &Viewer,
    payout_id: i64,
    status: Status,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<payouts::Model> {
    let decided = payouts::Entity::update_many()
        .col_expr(payouts::Column::Status, Expr::value(status))
        .col_expr(payouts::Column::DecidedBy, Expr::value(viewer.id()))
        .col_expr(payouts::Column::DecidedAt, Expr::value(now))
        .col_expr(
            payouts::Column::Reason,
            Expr::value(reason.map(str::to_owned)),
        )
        .filter(payouts::Column::Id.eq(payout_id))
        .filter(payouts::Column::Status.eq(Status::Requested))
        .exec_with_returning(db)
        .await?
        .pop();
    match decided {
        Some(decided) => {
            let action = match status {
                Status::Rejected => Action::PayoutRejected,
                _ => Action::PayoutPaid,
            };
            let summary = serde_json::json!({
                "creatorId": decided.creator_id,
                "amountCents": decided.amount_cents,
                "currency": decided.currency,
                "status": format!("{:?}", decided.status).to_uppercase(),
            });
            log::append(
                db,
                Entry::new(
                    Some(viewer.id()),
                    action,
                    entity::moderation_log::TargetType::Payout,
                    decided.id,
                )
                .reason(reason)
                .after(summary),
                now,
            )
            .await?;
            Ok(decided)
        }
        None => match payouts::Entity::find_by_id(payout_id).one(db).await? {
            Some(_) => Err(ApiError::conflict(
                "payoutId",
                "this payout was already decided",
            )),
            None => Err(ApiError::NotFound("payout")),
        },
    }
}

fn ledger_row(
    payout: &payouts::Model,
    kind: Kind,
    amount_cents: i64,
    now: DateTime<Utc>,
) -> earning_entries::ActiveModel {
    earning_entries::ActiveModel {
        creator_id: Set(payout.creator_id),
        kind: Set(kind),
        amount_cents: Set(amount_cents),
        currency: Set(payout.currency.clone()),
        course_id: Set(None),
        enrollment_id: Set(None),
        payout_id: Set(Some(payout.id)),
        available_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
}
