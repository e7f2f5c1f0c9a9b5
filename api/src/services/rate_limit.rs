//! Sign-in throttling. Failures live in the database, so every instance
//! behind a load balancer counts the same attempts.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::login_failures;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::error::{ApiError, ApiResult};

/// The key failures of an existing account are counted under, whichever
/// identifier (email or username) was typed.
pub fn user_key(user_id: i64) -> String {
    format!("user:{user_id}")
}

/// The key failures of an identifier that matches no account are counted under.
pub fn unknown_login_key(identifier: &str) -> String {
    format!("login:{identifier}")
}

/// Recent failed sign-ins of an account, oldest first (for data export).
pub async fn failures_of(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> ApiResult<Vec<login_failures::Model>> {
    Ok(login_failures::Entity::find()
        .filter(login_failures::Column::AccountKey.eq(user_key(user_id)))
        .order_by_asc(login_failures::Column::CreatedAt)
        .all(db)
        .await?)
}

#[derive(Debug, Clone, Copy)]
pub struct LoginRateLimit {
    pub max_failures_per_account: u64,
    pub max_failures_per_address: u64,
    pub window: Duration,
}

/// Refuses the attempt while either the account or the client address has
/// used up its failures within the window.
pub async fn check(
    db: &impl ConnectionTrait,
    policy: &LoginRateLimit,
    account_key: &str,
    client_ip: &str,
) -> ApiResult<()> {
    let now = Utc::now();
    let since = now - policy.window;
    let by_account = (
        login_failures::Column::AccountKey,
        account_key,
        policy.max_failures_per_account,
    );
    let by_address = (
        login_failures::Column::ClientIp,
        client_ip,
        policy.max_failures_per_address,
    );
    let mut retry_after = 0u64;
    for (column, value, limit) in [by_account, by_address] {
        let recent = login_failures::Entity::find()
            .filter(column.eq(value))
            .filter(login_failures::Column::CreatedAt.gt(since));
        if recent.clone().count(db).await? < limit {
            continue;
        }
        // The window reopens when the oldest failure that still counts ages out.
        let counted_from: Option<DateTime<Utc>> = recent
            .order_by_desc(login_failures::Column::CreatedAt)
            .offset(limit - 1)
            .select_only()
            .column(login_failures::Column::CreatedAt)
            .into_tuple()
            .one(db)
            .await?;
        let reopens = counted_from.unwrap_or(now) + policy.window;
        let wait = (reopens - now).num_seconds().max(1) as u64;
        retry_after = retry_after.max(wait);
    }
    if retry_after > 0 {
        return Err(ApiError::RateLimited {
            retry_after_seconds: retry_after,
        });
    }
    Ok(())
}

pub async fn record_failure(
    db: &impl ConnectionTrait,
    account_key: &str,
    client_ip: &str,
) -> ApiResult<()> {
    login_failures::ActiveModel {
        account_key: Set(account_key.to_owned()),
        client_ip: Set(client_ip.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A successful sign-in forgives the account's earlier failures (not the
/// address's, so one address cannot probe many accounts by mixing in its own).
pub async fn clear_account(db: &impl ConnectionTrait, account_key: &str) -> ApiResult<()> {
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::AccountKey.eq(account_key))
        .exec(db)
        .await?;
    Ok(())
}

/// Drops failures older than the window; called opportunistically.
pub async fn prune(db: &impl ConnectionTrait, policy: &LoginRateLimit) -> ApiResult<u64> {
    let cutoff = Utc::now() - policy.window;
    let result = login_failures::Entity::delete_many()
        .filter(login_failures::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
