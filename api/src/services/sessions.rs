//! Signing in and out: sessions, access tokens, rotating refresh tokens.

use std::{collections::HashMap, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use entity::{
    refresh_tokens, sessions,
    users::{self, Status},
};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionSession, sea_query::Expr,
};

use super::{ClientInfo, Db, rate_limit};
use crate::{
    auth::{
        Viewer,
        jwt::{Claims, JwtKeys},
        password, tokens,
    },
    error::{ApiError, ApiResult},
};

/// What signing in needs besides the database.
pub struct AuthSettings {
    pub jwt: JwtKeys,
    pub refresh_ttl: Duration,
    pub rate_limit: rate_limit::LoginRateLimit,
}

/// Tokens handed to a client after sign-in or refresh.
#[derive(Debug, Clone)]
pub struct SessionTokens {
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_token_expires_at: DateTime<Utc>,
    pub user: users::Model,
}

pub mod revoke_reason {
    pub const LOGOUT: &str = "logout";
    pub const PASSWORD_CHANGED: &str = "password_changed";
    pub const TOKEN_REUSE: &str = "token_reuse";
    pub const ACCOUNT_DELETED: &str = "account_deleted";
    pub const TOO_MANY_PASSWORD_ATTEMPTS: &str = "password_attempts";
}

const BAD_CREDENTIALS: &str = "wrong login or password";

/// Signs in with email or username. Unknown accounts cost the same time as
/// wrong passwords; failures are throttled per account and per address.
#[tracing::instrument(skip_all, fields(client_ip = %client.ip))]
pub async fn login(
    db: &impl Db,
    auth: &AuthSettings,
    login: &str,
    password_attempt: String,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> ApiResult<SessionTokens> {
    let identifier = login.trim().to_lowercase();
    if identifier.is_empty() {
        return Err(ApiError::bad_input("login", "enter your email or username"));
    }
    let column = if identifier.contains('@') {
        users::Column::Email
    } else {
        users::Column::Username
    };
    let user = users::Entity::find()
        .filter(column.eq(identifier.as_str()))
        .filter(users::Column::Status.ne(Status::Deleted))
        .one(db)
        .await?;
    // Failures count against the account whichever identifier was used;
    // unknown identifiers are counted by name.
    let account_key = match &user {
        Some(user) => rate_limit::user_key(user.id),
        None => rate_limit::unknown_login_key(&identifier),
    };
    // Reserved before argon2 runs, so a burst cannot outrun the limit.
    let reservation =
        rate_limit::reserve_attempt(db, &auth.rate_limit, &account_key, &client.ip, now).await?;
    let stored_hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let user = match user {
        Some(user) if password::verify(password_attempt, stored_hash).await? => user,
        _ => {
            rate_limit::failed(db, &reservation, &client.ip, now).await?;
            return Err(ApiError::unauthenticated(BAD_CREDENTIALS));
        }
    };
    rate_limit::succeeded(db, reservation).await?;

    let txn = db.begin().await?;
    let session = sessions::ActiveModel {
        user_id: Set(user.id),
        user_agent: Set(client.user_agent.clone()),
        client_ip: Set(Some(client.ip.clone())),
        created_at: Set(now),
        last_used_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let tokens = issue_tokens(&txn, auth, user, session.id, now).await?;
    txn.commit().await?;
    tracing::info!(
        user_id = tokens.user.id,
        session_id = session.id,
        "signed in"
    );
    Ok(tokens)
}

/// Exchanges a refresh token for a new pair. Each token works once; showing a
/// rotated one again means it was copied, so the whole session is revoked.
#[tracing::instrument(skip_all)]
pub async fn refresh(
    db: &impl Db,
    auth: &AuthSettings,
    refresh_token: &str,
    now: DateTime<Utc>,
) -> ApiResult<SessionTokens> {
    let invalid = || ApiError::unauthenticated("invalid or expired refresh token");
    let hash = tokens::hash_refresh_token(refresh_token.trim());
    let txn = db.begin().await?;
    let Some((token, Some(session))) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(hash))
        .find_also_related(sessions::Entity)
        .one(&txn)
        .await?
    else {
        return Err(invalid());
    };
    if session.revoked_at.is_some() || token.expires_at <= now {
        return Err(invalid());
    }
    // Claim the token atomically: of two concurrent refreshes only one wins.
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RotatedAt, Expr::value(now))
        .filter(refresh_tokens::Column::Id.eq(token.id))
        .filter(refresh_tokens::Column::RotatedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !claimed {
        revoke_sessions(&txn, &[session.id], revoke_reason::TOKEN_REUSE, now).await?;
        txn.commit().await?;
        tracing::warn!(
            session_id = session.id,
            "refresh token reuse; session revoked"
        );
        return Err(ApiError::unauthenticated(
            "refresh token was already used; the session has been revoked, sign in again",
        ));
    }
    let user = users::Entity::find_by_id(session.user_id)
        .one(&txn)
        .await?
        .filter(|u| u.status != Status::Deleted)
        .ok_or_else(invalid)?;
    sessions::ActiveModel {
        id: Set(session.id),
        last_used_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let tokens = issue_tokens(&txn, auth, user, session.id, now).await?;
    txn.commit().await?;
    Ok(tokens)
}

/// Ends the viewer's current session (its refresh and access tokens).
#[tracing::instrument(skip_all, fields(user_id = viewer.id(), session_id = viewer.session_id))]
pub async fn logout(db: &impl Db, viewer: &Viewer, now: DateTime<Utc>) -> ApiResult<()> {
    revoke_sessions(db, &[viewer.session_id], revoke_reason::LOGOUT, now).await
}

/// Changes the password and signs out every other session.
#[tracing::instrument(skip_all, fields(user_id = viewer.id()))]
pub async fn change_password(
    db: &impl Db,
    auth: &AuthSettings,
    viewer: &Viewer,
    client: &ClientInfo,
    current_password: String,
    new_password: String,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    viewer.ensure_can_write(now)?;
    password::validate_new_password("newPassword", &new_password)?;
    verify_current_password(
        db,
        auth,
        viewer,
        client,
        "currentPassword",
        current_password,
        now,
    )
    .await?;
    let new_hash = password::hash(new_password).await?;
    let txn = db.begin().await?;
    users::ActiveModel {
        id: Set(viewer.id()),
        password_hash: Set(Some(new_hash)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let others: Vec<i64> = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(viewer.id()))
        .filter(sessions::Column::Id.ne(viewer.session_id))
        .filter(sessions::Column::RevokedAt.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    revoke_sessions(&txn, &others, revoke_reason::PASSWORD_CHANGED, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Re-checks the signed-in user's password before a sensitive change. It
/// shares the sign-in limit (a stolen access token must not be a way around
/// it): a wrong password counts as a failed sign-in, and the failure that
/// uses up the account's attempts ends this session.
#[tracing::instrument(skip_all, fields(user_id = viewer.id()))]
pub async fn verify_current_password(
    db: &impl Db,
    auth: &AuthSettings,
    viewer: &Viewer,
    client: &ClientInfo,
    field: &str,
    attempt: String,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let account_key = rate_limit::user_key(viewer.id());
    let reservation = match rate_limit::reserve_attempt(
        db,
        &auth.rate_limit,
        &account_key,
        &client.ip,
        now,
    )
    .await
    {
        Ok(reservation) => reservation,
        Err(limited @ ApiError::RateLimited { .. }) => {
            end_session_after_password_attempts(db, viewer, now).await?;
            return Err(limited);
        }
        Err(err) => return Err(err),
    };
    if password::verify(attempt, viewer.user.password_hash.clone()).await? {
        return rate_limit::succeeded(db, reservation).await;
    }
    rate_limit::failed(db, &reservation, &client.ip, now).await?;
    if reservation.was_last_for_account() {
        end_session_after_password_attempts(db, viewer, now).await?;
        return Err(ApiError::bad_input(
            field,
            "the password is wrong, and that was the last attempt: this session has ended",
        ));
    }
    Err(ApiError::bad_input(field, "the password is wrong"))
}

async fn end_session_after_password_attempts(
    db: &impl Db,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    revoke_sessions(
        db,
        &[viewer.session_id],
        revoke_reason::TOO_MANY_PASSWORD_ATTEMPTS,
        now,
    )
    .await?;
    tracing::warn!(
        user_id = viewer.id(),
        session_id = viewer.session_id,
        "too many wrong passwords within a session; session ended"
    );
    Ok(())
}

/// Resolves a bearer token to the signed-in user, checking that the session
/// is live and the account not deleted.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn authenticate(db: &impl Db, jwt: &JwtKeys, bearer: &str) -> ApiResult<Viewer> {
    let claims = jwt.verify(bearer)?;
    let mut found = with_users(db, &[claims.sid]).await?;
    viewer_of(&claims, found.remove(&claims.sid))
}

/// A session with its user, as `authenticate` checks them.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub session: sessions::Model,
    pub user: users::Model,
}

/// Sessions with their users, by session id (for a DataLoader).
pub async fn with_users(
    db: &impl Db,
    session_ids: &[i64],
) -> ApiResult<HashMap<i64, SessionRecord>> {
    Ok(sessions::Entity::find()
        .filter(sessions::Column::Id.is_in(session_ids.iter().copied()))
        .find_also_related(users::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(session, user)| {
            Some((
                session.id,
                SessionRecord {
                    session,
                    user: user?,
                },
            ))
        })
        .collect())
}

/// The viewer a token's claims name, if its session is live, belongs to the
/// token's user, and the account is not deleted.
pub fn viewer_of(claims: &Claims, record: Option<SessionRecord>) -> ApiResult<Viewer> {
    let user_id = claims.user_id()?;
    match record {
        Some(SessionRecord { session, user })
            if session.user_id == user_id
                && session.revoked_at.is_none()
                && user.status != Status::Deleted =>
        {
            Ok(Viewer {
                user,
                session_id: session.id,
            })
        }
        _ => Err(ApiError::unauthenticated(
            "the session has ended; sign in again",
        )),
    }
}

#[tracing::instrument(skip(db), fields(sessions = session_ids.len()))]
pub async fn revoke_sessions(
    db: &impl ConnectionTrait,
    session_ids: &[i64],
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if session_ids.is_empty() {
        return Ok(());
    }
    sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .col_expr(sessions::Column::RevokedReason, Expr::value(reason))
        .filter(sessions::Column::Id.is_in(session_ids.iter().copied()))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn issue_tokens(
    db: &impl ConnectionTrait,
    auth: &AuthSettings,
    user: users::Model,
    session_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<SessionTokens> {
    let refresh_token = tokens::new_refresh_token()?;
    let refresh_expires_at = now + auth.refresh_ttl;
    refresh_tokens::ActiveModel {
        session_id: Set(session_id),
        token_hash: Set(tokens::hash_refresh_token(&refresh_token)),
        created_at: Set(now),
        expires_at: Set(refresh_expires_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let role = user.role.to_value();
    let (access_token, claims) = auth.jwt.issue(user.id, &role, session_id)?;
    Ok(SessionTokens {
        access_token,
        access_token_expires_at: DateTime::from_timestamp(claims.exp, 0).unwrap_or(now),
        refresh_token,
        refresh_token_expires_at: refresh_expires_at,
        user,
    })
}

/// Shared handle to the auth settings.
pub type SharedAuth = Arc<AuthSettings>;
