//! Looking users up, and what moderators and administrators do to accounts.

use std::{collections::HashMap, sync::Arc};

use chrono::{DateTime, Utc};
use entity::moderation_log::TargetType;
use entity::users::{self, Role, Status};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, ExprTrait, QueryFilter, Set,
    TransactionSession,
    sea_query::{Expr, Func, LikeExpr},
};

use super::{
    Db,
    moderation::{
        ensure_staff,
        log::{self, Action, Entry},
    },
    pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
    validate,
};
use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
};

pub const SUSPENSION_REASON_MAX: usize = 500;

#[tracing::instrument(level = "debug", skip(db))]
pub async fn find(db: &impl Db, id: i64) -> ApiResult<users::Model> {
    users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("user"))
}

/// Many users by id at once (for DataLoaders).
#[tracing::instrument(level = "debug", skip_all, fields(ids = ids.len()))]
pub async fn find_many(db: &impl Db, ids: &[i64]) -> ApiResult<HashMap<i64, Arc<users::Model>>> {
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, Arc::new(u)))
        .collect())
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub status: Option<Status>,
    /// Case-insensitive match on username, display name or email.
    pub search: Option<String>,
}

/// Users in id order, for the admin console. Moderators and admins only.
#[tracing::instrument(level = "debug", skip_all, fields(viewer = viewer.id()))]
pub async fn list(
    db: &impl Db,
    viewer: &Viewer,
    filter: UserFilter,
    page: PageRequest,
    now: DateTime<Utc>,
) -> ApiResult<Page<users::Model>> {
    ensure_staff(viewer)?;
    let mut condition = Condition::all();
    if let Some(role) = filter.role {
        condition = condition.add(users::Column::Role.eq(role));
    }
    if let Some(status) = filter.status {
        condition = condition.add(status_in_force(status, now));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let pattern = format!("%{}%", validate::escape_like(&search.to_lowercase()));
        let matches = |column: users::Column| {
            Func::lower(Expr::col(column)).like(LikeExpr::new(&pattern).escape('\\'))
        };
        condition = condition.add(
            Condition::any()
                .add(matches(users::Column::Username))
                .add(matches(users::Column::DisplayName))
                .add(matches(users::Column::Email)),
        );
    }
    paginate(db, users::Entity::find().filter(condition), &by_id(), &page).await
}

/// Users oldest first.
fn by_id() -> KeysetOrder<users::Model> {
    KeysetOrder::new(
        "users.id",
        vec![SortKey::asc(
            Expr::col((users::Entity, users::Column::Id)),
            |user| KeyValue::Int(user.id),
        )],
    )
}

/// Matches the status in force now: a suspension whose end has passed
/// counts as ACTIVE, as `auth::active_suspension` reads it.
fn status_in_force(status: Status, now: DateTime<Utc>) -> Condition {
    let suspension_over = Condition::all()
        .add(users::Column::Status.eq(Status::Suspended))
        .add(users::Column::SuspendedUntil.lte(now));
    match status {
        Status::Active => Condition::any()
            .add(users::Column::Status.eq(Status::Active))
            .add(suspension_over),
        Status::Suspended => Condition::all()
            .add(users::Column::Status.eq(Status::Suspended))
            .add(
                Condition::any()
                    .add(users::Column::SuspendedUntil.is_null())
                    .add(users::Column::SuspendedUntil.gt(now)),
            ),
        Status::Deleted => Condition::all().add(users::Column::Status.eq(Status::Deleted)),
    }
}

/// Changes a user's role. Admins only; an admin cannot demote themself, so
/// there is always someone left who can.
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn set_role(
    db: &impl Db,
    viewer: &Viewer,
    user_id: i64,
    role: Role,
    now: DateTime<Utc>,
) -> ApiResult<users::Model> {
    viewer.ensure_can_write(now)?;
    if viewer.role() != Role::Admin {
        return Err(ApiError::forbidden("administrators only"));
    }
    if user_id == viewer.id() && role != Role::Admin {
        return Err(ApiError::bad_input(
            "userId",
            "you cannot remove your own admin role",
        ));
    }
    let txn = db.begin().await?;
    let user = find_live(&txn, user_id).await?;
    let before = log::user_summary(&user);
    let mut active: users::ActiveModel = user.into();
    active.role = Set(role);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    append(&txn, viewer, Action::SetRole, before, &updated, None, now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// The moderation log's row for an action on an account.
async fn append(
    db: &impl Db,
    viewer: &Viewer,
    action: Action,
    before: serde_json::Value,
    after: &users::Model,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let entry = Entry::new(Some(viewer.id()), action, TargetType::User, after.id)
        .reason(reason)
        .before(before)
        .after(log::user_summary(after));
    log::append(db, entry, now).await?;
    Ok(())
}

/// Suspends an account until a time (or indefinitely). Moderators may suspend
/// learners and creators; only admins may suspend staff.
#[tracing::instrument(skip(db, viewer, reason, now), fields(viewer = viewer.id()))]
pub async fn suspend(
    db: &impl Db,
    viewer: &Viewer,
    user_id: i64,
    until: Option<DateTime<Utc>>,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<users::Model> {
    viewer.ensure_can_write(now)?;
    ensure_staff(viewer)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > SUSPENSION_REASON_MAX {
        return Err(ApiError::bad_input(
            "reason",
            format!("give a reason of 1–{SUSPENSION_REASON_MAX} characters"),
        ));
    }
    if until.is_some_and(|until| until <= now) {
        return Err(ApiError::bad_input(
            "until",
            "the end of a suspension must be in the future",
        ));
    }
    if user_id == viewer.id() {
        return Err(ApiError::bad_input("userId", "you cannot suspend yourself"));
    }
    let txn = db.begin().await?;
    let user = find_live(&txn, user_id).await?;
    if STAFF_ROLES.contains(&user.role) && viewer.role() != Role::Admin {
        return Err(ApiError::forbidden("only administrators may suspend staff"));
    }
    let before = log::user_summary(&user);
    let mut active: users::ActiveModel = user.into();
    active.status = Set(Status::Suspended);
    active.suspended_until = Set(until);
    active.suspension_reason = Set(Some(reason.to_owned()));
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    append(
        &txn,
        viewer,
        Action::Suspend,
        before,
        &updated,
        Some(reason),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn unsuspend(
    db: &impl Db,
    viewer: &Viewer,
    user_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<users::Model> {
    viewer.ensure_can_write(now)?;
    ensure_staff(viewer)?;
    let txn = db.begin().await?;
    let user = find_live(&txn, user_id).await?;
    let before = log::user_summary(&user);
    let mut active: users::ActiveModel = user.into();
    active.status = Set(Status::Active);
    active.suspended_until = Set(None);
    active.suspension_reason = Set(None);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    append(&txn, viewer, Action::Unsuspend, before, &updated, None, now).await?;
    txn.commit().await?;
    Ok(updated)
}

async fn find_live(db: &impl Db, user_id: i64) -> ApiResult<users::Model> {
    let user = find(db, user_id).await?;
    if user.status == Status::Deleted {
        return Err(ApiError::NotFound("user"));
    }
    Ok(user)
}
