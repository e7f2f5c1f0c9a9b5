//! Registration, profiles, interests, data export and account deletion.

use std::collections::HashMap;

use chrono::Utc;
use entity::{
    sessions, tags, user_interests,
    users::{self, Role, Status},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait,
    QueryFilter, QueryOrder, Set, SqlErr, TransactionTrait,
};
use serde_json::json;

use super::{
    ClientInfo, rate_limit,
    sessions::{AuthSettings, revoke_reason, revoke_sessions, verify_current_password},
    validate,
};
use crate::{
    auth::{Viewer, password},
    error::{ApiError, ApiResult},
};

#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub username: String,
    pub password: String,
    pub display_name: String,
}

/// Creates a learner account. Email and username are unique regardless of case.
pub async fn register(db: &DatabaseConnection, input: Registration) -> ApiResult<users::Model> {
    create_user(db, input, Role::Learner).await
}

/// Creates an account with the given role (registration and the demo seed).
pub async fn create_user(
    db: &DatabaseConnection,
    input: Registration,
    role: Role,
) -> ApiResult<users::Model> {
    let email = validate::email("email", &input.email)?;
    let username = validate::username("username", &input.username)?;
    let display_name = validate::display_name("displayName", &input.display_name)?;
    password::validate_new_password("password", &input.password)?;
    ensure_unique(db, &email, &username).await?;

    let password_hash = password::hash(input.password).await?;
    let now = Utc::now();
    let inserted = users::ActiveModel {
        email: Set(Some(email.clone())),
        username: Set(username.clone()),
        display_name: Set(display_name),
        password_hash: Set(Some(password_hash)),
        role: Set(role),
        status: Set(Status::Active),
        points: Set(0),
        level: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(user) => Ok(user),
        // A concurrent registration took the name between the check and the insert.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            ensure_unique(db, &email, &username).await?;
            Err(ApiError::conflict(
                "username",
                "that account already exists",
            ))
        }
        Err(err) => Err(err.into()),
    }
}

async fn ensure_unique(db: &DatabaseConnection, email: &str, username: &str) -> ApiResult<()> {
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

pub async fn update_profile(
    db: &DatabaseConnection,
    viewer: &Viewer,
    update: ProfileUpdate,
) -> ApiResult<users::Model> {
    viewer.ensure_can_write()?;
    let mut user: users::ActiveModel = viewer.user.clone().into();
    if let Some(name) = &update.display_name {
        user.display_name = Set(validate::display_name("displayName", name)?);
    }
    if let Some(bio) = &update.bio {
        user.bio = Set(validate::bio("bio", bio)?);
    }
    if let Some(url) = &update.avatar_url {
        user.avatar_url = Set(validate::avatar_url("avatarUrl", url)?);
    }
    let interests = update
        .interests
        .as_deref()
        .map(|tags| validate::tags("interests", tags))
        .transpose()?;
    user.updated_at = Set(Utc::now());

    let txn = db.begin().await?;
    let user = user.update(&txn).await?;
    if let Some(interests) = interests {
        replace_interests(&txn, user.id, &interests).await?;
    }
    txn.commit().await?;
    Ok(user)
}

async fn replace_interests(
    db: &impl ConnectionTrait,
    user_id: i64,
    names: &[String],
) -> ApiResult<()> {
    user_interests::Entity::delete_many()
        .filter(user_interests::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if names.is_empty() {
        return Ok(());
    }
    let tag_ids = ensure_tags(db, names).await?;
    user_interests::Entity::insert_many(tag_ids.into_iter().map(|tag_id| {
        user_interests::ActiveModel {
            user_id: Set(user_id),
            tag_id: Set(tag_id),
        }
    }))
    .exec(db)
    .await?;
    Ok(())
}

/// Ids of the named tags, creating the missing ones (safe under concurrency).
pub async fn ensure_tags(db: &impl ConnectionTrait, names: &[String]) -> ApiResult<Vec<i64>> {
    let now = Utc::now();
    tags::Entity::insert_many(names.iter().map(|name| tags::ActiveModel {
        name: Set(name.clone()),
        created_at: Set(now),
        ..Default::default()
    }))
    .on_conflict_do_nothing_on([tags::Column::Name])
    .exec(db)
    .await?;
    let found: HashMap<String, i64> = tags::Entity::find()
        .filter(tags::Column::Name.is_in(names.iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        .map(|tag| (tag.name, tag.id))
        .collect();
    Ok(names.iter().filter_map(|n| found.get(n).copied()).collect())
}

/// Interest tags of many users at once, in alphabetical order (for DataLoaders).
pub async fn interests_of(
    db: &DatabaseConnection,
    user_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<String>>> {
    let rows = user_interests::Entity::find()
        .filter(user_interests::Column::UserId.is_in(user_ids.iter().copied()))
        .find_also_related(tags::Entity)
        .order_by_asc(tags::Column::Name)
        .all(db)
        .await?;
    let mut by_user: HashMap<i64, Vec<String>> = HashMap::new();
    for (link, tag) in rows {
        if let Some(tag) = tag {
            by_user.entry(link.user_id).or_default().push(tag.name);
        }
    }
    Ok(by_user)
}

/// Everything stored about the viewer, as one JSON document.
pub async fn export_data(db: &DatabaseConnection, viewer: &Viewer) -> ApiResult<serde_json::Value> {
    let user = &viewer.user;
    let interests = interests_of(db, &[user.id])
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
        "exportedAt": Utc::now(),
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
pub async fn delete_account(
    db: &DatabaseConnection,
    auth: &AuthSettings,
    viewer: &Viewer,
    client: &ClientInfo,
    password_attempt: String,
) -> ApiResult<()> {
    verify_current_password(db, auth, viewer, client, "password", password_attempt).await?;
    let txn = db.begin().await?;
    let now = Utc::now();
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
    replace_interests(&txn, id, &[]).await?;
    rate_limit::clear_account(&txn, &rate_limit::user_key(id)).await?;
    let live: Vec<i64> = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    revoke_sessions(&txn, &live, revoke_reason::ACCOUNT_DELETED).await?;
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
