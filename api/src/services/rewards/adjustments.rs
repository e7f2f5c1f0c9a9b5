//! Points an administrator adds or takes by hand, with a reason: one ledger
//! row (so the balance stays the ledger's sum), the adjustment with its
//! reason, and a moderation-log entry, in one transaction. The client's
//! idempotency key makes a retried request adjust once.

use chrono::{DateTime, Utc};
use entity::{moderation_log::TargetType, point_adjustments, users::Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, SqlErr, TransactionSession,
    sea_query::Expr,
};
use serde_json::json;

use super::{RewardSettings, ledger};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        moderation::log::{self, Action, Entry},
        validate,
    },
};

/// Largest adjustment either way.
pub const MAX_POINTS: i64 = 10_000;
const REASON_MAX: usize = 500;

pub struct Adjustment<'a> {
    pub user_id: i64,
    pub points: i64,
    pub reason: &'a str,
    pub idempotency_key: &'a str,
}

/// Adjusts a member's points (administrators). A deduction stops at the
/// floor: `credited` says what the balance really changed by.
#[tracing::instrument(skip(db, settings, viewer, request, now), fields(viewer = viewer.id(), user = request.user_id, points = request.points))]
pub async fn adjust(
    db: &impl Db,
    settings: &RewardSettings,
    viewer: &Viewer,
    request: Adjustment<'_>,
    now: DateTime<Utc>,
) -> ApiResult<point_adjustments::Model> {
    if viewer.role() != Role::Admin {
        return Err(ApiError::forbidden(
            "only administrators adjust points by hand",
        ));
    }
    if request.points == 0 || request.points.abs() > MAX_POINTS {
        return Err(ApiError::bad_input(
            "points",
            format!("an adjustment is 1 to {MAX_POINTS} points either way, not 0"),
        ));
    }
    let reason = request.reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        return Err(ApiError::bad_input(
            "reason",
            format!("say why in 1–{REASON_MAX} characters"),
        ));
    }
    let key = validate::idempotency_key(request.idempotency_key)?;
    let asked = Asked {
        user_id: request.user_id,
        points: request.points,
        reason,
    };
    if let Some(earlier) = replay(db, viewer.id(), key, &asked).await? {
        return Ok(earlier);
    }

    let txn = db.begin().await?;
    let inserted = point_adjustments::ActiveModel {
        user_id: Set(request.user_id),
        actor_id: Set(viewer.id()),
        points: Set(request.points as i32),
        credited: Set(0),
        reason: Set(reason.to_owned()),
        idempotency_key: Set(key.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let adjustment = match inserted {
        Ok(adjustment) => adjustment,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            // A concurrent request with this key won: its result is ours.
            txn.rollback().await?;
            return replay(db, viewer.id(), key, &asked)
                .await?
                .ok_or_else(|| ApiError::conflict("idempotencyKey", "try again"));
        }
        // The user does not exist (the foreign key refused the row).
        Err(err)
            if matches!(
                err.sql_err(),
                Some(SqlErr::ForeignKeyConstraintViolation(_))
            ) =>
        {
            return Err(ApiError::NotFound("user"));
        }
        Err(err) => return Err(err.into()),
    };
    let adjusted = ledger::adjust(
        &txn,
        settings,
        request.user_id,
        request.points,
        viewer.id(),
        now,
    )
    .await?
    .ok_or(ApiError::NotFound("user"))?;
    let credited = adjusted.balance_after - adjusted.balance_before;
    point_adjustments::Entity::update_many()
        .col_expr(point_adjustments::Column::Credited, Expr::val(credited))
        .col_expr(
            point_adjustments::Column::RewardEventId,
            Expr::val(adjusted.row.as_ref().map(|row| row.id)),
        )
        .filter(point_adjustments::Column::Id.eq(adjustment.id))
        .exec(&txn)
        .await?;
    log::append(
        &txn,
        Entry::new(
            Some(viewer.id()),
            Action::AdjustPoints,
            TargetType::User,
            request.user_id,
        )
        .reason(Some(reason))
        .before(json!({ "points": adjusted.balance_before }))
        .after(json!({ "points": adjusted.balance_after, "adjustment": request.points })),
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        adjustment = adjustment.id,
        credited,
        "points adjusted by hand"
    );
    Ok(point_adjustments::Model {
        credited: credited as i32,
        reward_event_id: adjusted.row.map(|row| row.id),
        ..adjustment
    })
}

struct Asked<'a> {
    user_id: i64,
    points: i64,
    reason: &'a str,
}

/// The adjustment an earlier request with this key made, if any; CONFLICT
/// when the key was used for a different one.
async fn replay(
    db: &impl Db,
    actor_id: i64,
    key: &str,
    asked: &Asked<'_>,
) -> ApiResult<Option<point_adjustments::Model>> {
    let earlier = point_adjustments::Entity::find()
        .filter(point_adjustments::Column::ActorId.eq(actor_id))
        .filter(point_adjustments::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?;
    match earlier {
        Some(earlier)
            if earlier.user_id != asked.user_id
                || i64::from(earlier.points) != asked.points
                || earlier.reason != asked.reason =>
        {
            Err(ApiError::conflict(
                "idempotencyKey",
                "this idempotency key was used for another adjustment",
            ))
        }
        other => Ok(other),
    }
}
