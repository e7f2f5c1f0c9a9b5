//! Registration, profiles, interests, data export and account deletion.

use chrono::{DateTime, Utc};
use entity::{
    sessions, user_interests,
    users::{self, Role, Status},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, Set, SqlErr,
    TransactionSession,
};
use serde_json::json;

use super::{
    ClientInfo, Db, rate_limit,
    sessions::{AuthSettings, revoke_reason, revoke_sessions, verify_current_password},
    tags, validate,
};
use crate::services::rewards::{Level, RewardSettings, triggers as reward_triggers};
use crate::{
    auth::{Viewer, password},
    error::{ApiError, ApiResult},
};

/// Most interest tags a user may follow.
pub const INTERESTS_MAX: usize = 20;

#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub username: String,
    pub password: String,
    pub display_name: String,
}

/// Creates a learner account. Email and username are unique regardless of case.
#[tracing::instrument(skip_all)]
pub async fn register(
    db: &impl Db,
    input: Registration,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<users::Model> {
    create_user(db, input, Role::Learner, rewards, now).await
}

/// Creates an account with the given role (registration and the demo seed).
#[tracing::instrument(skip_all, fields(role = ?role))]
pub async fn create_user(
    db: &impl Db,
    input: Registration,
    role: Role,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<users::Model> {
    let email = validate::email("email", &input.email)?;
    let username = validate::username("username", &input.username)?;
    let display_name = validate::display_name("displayName", &input.display_name)?;
    password::validate_new_password("password", &input.password)?;
    ensure_unique(db, &email, &username).await?;

    let password_hash = password::hash(input.password).await?;
    let txn = db.begin().await?;
    let inserted = users::ActiveModel {
        email: Set(Some(email.clone())),
        username: Set(username.clone()),
        display_name: Set(display_name),
        password_hash: Set(Some(password_hash)),
        role: Set(role),
        status: Set(Status::Active),
        points: Set(0),
        level: Set(Level::Novice.as_i32()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(user) => {
            // The starting point, in the account's own transaction.
            reward_triggers::signed_up(&txn, rewards, user.id, now).await?;
            let user = users::Entity::find_by_id(user.id)
                .one(&txn)
                .await?
                .ok_or(ApiError::NotFound("user"))?;
            txn.commit().await?;
            Ok(user)
        }
        // A concurrent registration took the name between the check and the insert.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
            ensure_unique(db, &email, &username).await?;
            Err(ApiError::conflict(
                "username",
                "that account already exists",
            ))
        }
        Err(err) => Err(err.into()),
    }
}

async fn ensure_unique(db: &impl Db, email: &str, username: &str) -> ApiResult<()> {
    let taken = users::Entity::find()
        .filter(
            users::Column::Email
                .eq(email)
                .or(users::Column::Username.eq(username)),
        )
        .all(db)
        .await?;
    if taken.iter().any(|u| u.email.as_deref() == Some(email)) {
        return Err(ApiError::conflict(
            "email",
            "an account with this email already exists",
        ));
    }
    if !taken.is_empty() {
        return Err(ApiError::conflict("username", "this username is taken"));
    }
    Ok(())
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProfileUpdate {
    pub display_name: Option<String>,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    pub interests: Option<Vec<String>>,
}

#[tracing::instrument(skip_all, fields(user_id = viewer.id()))]
pub async fn update_profile(
    db: &impl Db,
    viewer: &Viewer,
    update: ProfileUpdate,
    now: DateTime<Utc>,
) -> ApiResult<users::Model> {
    viewer.ensure_can_write(now)?;
    let mut user: users::ActiveModel = viewer.user.clone().into();
    if let Some(name) = &update.display_name {
        user.display_name = Set(validate::display_name("displayName", name)?);
    }
    if let Some(bio) = &update.bio {
        user.bio = Set(validate::bio("bio", bio)?);
    }
    if let Some(url) = &update.avatar_url {
        user.avatar_url = Set(validate::image_url("avatarUrl", url)?);
    }
    let interests = update
        .interests
        .as_deref()
        .map(|names| tags::normalise("interests", names, INTERESTS_MAX))
        .transpose()?;
    user.updated_at = Set(now);

    let txn = db.begin().await?;
    let user = user.update(&txn).await?;
    if let Some(interests) = interests {
        tags::replace::<user_interests::Entity>(&txn, user.id, &interests, now).await?;
    }
    txn.commit().await?;
    Ok(user)
}

/// Everything stored about the viewer, as one JSON document.
#[tracing::instrument(skip_all, fields(user_id = viewer.id()))]
pub async fn export_data(
    db: &impl Db,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ApiResult<serde_json::Value> {
    let user = &viewer.user;
    let interests = tags::names_of::<user_interests::Entity>(db, &[user.id])
        .await?
        .remove(&user.id)
        .unwrap_or_default();
    let sessions = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user.id))
        .order_by_asc(sessions::Column::Id)
        .all(db)
        .await?;
    let failed_sign_ins = rate_limit::failures_of(db, user.id).await?;
    Ok(json!({
        "exportedAt": now,
        "profile": {
            "id": user.id,
            "email": user.email,
            "username": user.username,
            "displayName": user.display_name,
            "bio": user.bio,
            "avatarUrl": user.avatar_url,
            "role": user.role.to_string_value(),
            "status": user.status.to_string_value(),
            "suspendedUntil": user.suspended_until,
            "suspensionReason": user.suspension_reason,
            "points": user.points,
            "level": user.level,
            "certifiedAt": user.certified_at,
            "createdAt": user.created_at,
            "updatedAt": user.updated_at,
        },
        "interests": interests,
        "sessions": sessions.iter().map(|s| json!({
            "createdAt": s.created_at,
            "lastUsedAt": s.last_used_at,
            "userAgent": s.user_agent,
            "clientIp": s.client_ip,
            "revokedAt": s.revoked_at,
            "revokedReason": s.revoked_reason,
        })).collect::<Vec<_>>(),
        "failedSignIns": failed_sign_ins.iter().map(|f| json!({
            "at": f.created_at,
            "clientIp": f.client_ip,
        })).collect::<Vec<_>>(),
    }))
}

/// Anonymises the account: content stays, attributed to a deleted user; the
/// email, password hash, profile and interests are erased; sessions end.
#[tracing::instrument(skip_all, fields(user_id = viewer.id()))]
pub async fn delete_account(
    db: &impl Db,
    auth: &AuthSettings,
    viewer: &Viewer,
    client: &ClientInfo,
    password_attempt: String,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    verify_current_password(db, auth, viewer, client, "password", password_attempt, now).await?;
    let txn = db.begin().await?;
    let id = viewer.id();
    users::ActiveModel {
        id: Set(id),
        email: Set(None),
        username: Set(format!("deleted_{id}")),
        display_name: Set("Deleted user".to_owned()),
        password_hash: Set(None),
        status: Set(Status::Deleted),
        suspended_until: Set(None),
        suspension_reason: Set(None),
        bio: Set(None),
        avatar_url: Set(None),
        updated_at: Set(now),
        deleted_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    tags::replace::<user_interests::Entity>(&txn, id, &[], now).await?;
    rate_limit::clear_account(&txn, &rate_limit::user_key(id)).await?;
    let live: Vec<i64> = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    revoke_sessions(&txn, &live, revoke_reason::ACCOUNT_DELETED, now).await?;
    txn.commit().await?;
    tracing::info!(user_id = id, "account deleted and anonymised");
    Ok(())
}

/// The stored text of an enum column, for exports and logs.
pub trait StoredValue {
    fn to_string_value(&self) -> String;
}

impl<T: sea_orm::ActiveEnum<Value = String>> StoredValue for T {
    fn to_string_value(&self) -> String {
        self.to_value()
    }
}
