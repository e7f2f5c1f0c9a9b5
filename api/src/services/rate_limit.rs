//! Password-attempt throttling, shared by every instance through the database.
//!
//! Each attempt is *reserved* before the password is verified: one atomic
//! upsert per key (the account, the client address) increments that key's
//! counter and returns it, so however many requests arrive at once, at most
//! the configured number per window ever reach argon2. A successful attempt
//! hands its reservation back; a failed one keeps it.
//!
//! A key's window opens with its first attempt and lasts `window`; when it has
//! passed, the next attempt starts a new window at 1.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{login_failures, rate_limit_counters};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
    QueryOrder, Set,
    sea_query::{Expr, OnConflict},
};

use crate::error::{ApiError, ApiResult};

/// Longest identifier kept in a key; longer ones match no account anyway.
const MAX_IDENTIFIER_CHARS: usize = 254;

/// The key an existing account's attempts are counted under, whichever
/// identifier (email or username) was typed.
pub fn user_key(user_id: i64) -> String {
    format!("user:{user_id}")
}

/// The key attempts at an identifier that matches no account are counted under.
pub fn unknown_login_key(identifier: &str) -> String {
    let identifier: String = identifier.chars().take(MAX_IDENTIFIER_CHARS).collect();
    format!("login:{identifier}")
}

fn address_key(client_ip: &str) -> String {
    format!("ip:{client_ip}")
}

#[derive(Debug, Clone, Copy)]
pub struct LoginRateLimit {
    pub max_failures_per_account: u64,
    pub max_failures_per_address: u64,
    pub window: Duration,
}

/// One counted attempt: what to hand back if the attempt succeeds.
#[derive(Debug)]
#[must_use = "a reservation is handed back on success or kept on failure"]
pub struct Reservation {
    account: Counted,
    address: Counted,
    /// Attempts the account has left in this window after this one.
    account_attempts_left: u64,
}

#[derive(Debug)]
struct Counted {
    key: String,
    window_started_at: DateTime<Utc>,
}

impl From<rate_limit_counters::Model> for Counted {
    fn from(row: rate_limit_counters::Model) -> Self {
        Counted {
            key: row.key,
            window_started_at: row.window_started_at,
        }
    }
}

impl Reservation {
    /// True when this attempt was the account's last in the window: callers
    /// that act within a session end it if the attempt fails.
    pub fn was_last_for_account(&self) -> bool {
        self.account_attempts_left == 0
    }
}

/// Counts an attempt against the account and the client address, or refuses
/// it with RATE_LIMITED when either has no attempts left in its window. A
/// refused attempt uses up nothing of the other key's allowance.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn reserve_attempt(
    db: &impl ConnectionTrait,
    policy: &LoginRateLimit,
    account_key: &str,
    client_ip: &str,
    now: DateTime<Utc>,
) -> ApiResult<Reservation> {
    let account = increment(db, account_key, policy.window, now).await?;
    let address = increment(db, &address_key(client_ip), policy.window, now).await?;
    // Seconds until a key that is over its limit reopens.
    let wait = |row: &rate_limit_counters::Model, limit: u64| {
        let counted = u64::try_from(row.attempts).unwrap_or(0);
        (counted > limit).then(|| {
            let reopens = row.window_started_at + policy.window;
            Ord::max((reopens - now).num_seconds(), 1) as u64
        })
    };
    let account_wait = wait(&account, policy.max_failures_per_account);
    let address_wait = wait(&address, policy.max_failures_per_address);
    if account_wait.is_some() || address_wait.is_some() {
        if account_wait.is_none() {
            release(db, &account.into()).await?;
        }
        if address_wait.is_none() {
            release(db, &address.into()).await?;
        }
        return Err(ApiError::RateLimited {
            retry_after_seconds: Ord::max(account_wait, address_wait).unwrap_or(1),
        });
    }
    let account_attempts_left = policy
        .max_failures_per_account
        .saturating_sub(u64::try_from(account.attempts).unwrap_or(0));
    Ok(Reservation {
        account: account.into(),
        address: address.into(),
        account_attempts_left,
    })
}

/// The attempt succeeded: the account's earlier failures are forgiven and the
/// address gets its attempt back (not its earlier failures, so one address
/// cannot probe many accounts by mixing in sign-ins to its own).
pub async fn succeeded(db: &impl ConnectionTrait, reservation: Reservation) -> ApiResult<()> {
    clear_account(db, &reservation.account.key).await?;
    release(db, &reservation.address).await
}

/// The attempt failed: its reservation stays counted, and the failure is kept
/// (with the address) for the account's data export.
pub async fn failed(
    db: &impl ConnectionTrait,
    reservation: &Reservation,
    client_ip: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    login_failures::ActiveModel {
        account_key: Set(reservation.account.key.clone()),
        client_ip: Set(client_ip.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Adds one attempt to the key's counter, opening a new window when the
/// current one has passed. One statement, atomic on both backends.
async fn increment(
    db: &impl ConnectionTrait,
    key: &str,
    window: Duration,
    now: DateTime<Utc>,
) -> ApiResult<rate_limit_counters::Model> {
    use rate_limit_counters::{Column, Entity};
    let window_passed = Expr::col((Entity, Column::WindowStartedAt)).lte(now - window);
    let on_conflict = OnConflict::column(Column::Key)
        .value(
            Column::Attempts,
            Expr::case(window_passed.clone(), 1)
                .finally(Expr::col((Entity, Column::Attempts)).add(1)),
        )
        .value(
            Column::WindowStartedAt,
            Expr::case(window_passed, now).finally(Expr::col((Entity, Column::WindowStartedAt))),
        )
        .to_owned();
    Ok(Entity::insert(rate_limit_counters::ActiveModel {
        key: Set(key.to_owned()),
        window_started_at: Set(now),
        attempts: Set(1),
    })
    .on_conflict(on_conflict)
    .exec_with_returning(db)
    .await?)
}

/// Hands one attempt back to the key's window it was counted in.
async fn release(db: &impl ConnectionTrait, counted: &Counted) -> ApiResult<()> {
    use rate_limit_counters::{Column, Entity};
    Entity::update_many()
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).sub(1))
        .filter(Column::Key.eq(counted.key.as_str()))
        .filter(Column::WindowStartedAt.eq(counted.window_started_at))
        .filter(Column::Attempts.gt(0))
        .exec(db)
        .await?;
    Ok(())
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

/// Forgets an account's counted attempts and recorded failures.
pub async fn clear_account(db: &impl ConnectionTrait, account_key: &str) -> ApiResult<()> {
    rate_limit_counters::Entity::delete_by_id(account_key.to_owned())
        .exec(db)
        .await?;
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::AccountKey.eq(account_key))
        .exec(db)
        .await?;
    Ok(())
}

/// Drops counters whose window has passed and failures older than a window;
/// called at start-up and hourly. Returns how many rows went.
#[tracing::instrument(skip_all)]
pub async fn prune(
    db: &impl ConnectionTrait,
    policy: &LoginRateLimit,
    now: DateTime<Utc>,
) -> ApiResult<u64> {
    let cutoff = now - policy.window;
    let counters = rate_limit_counters::Entity::delete_many()
        .filter(rate_limit_counters::Column::WindowStartedAt.lte(cutoff))
        .exec(db)
        .await?;
    let failures = login_failures::Entity::delete_many()
        .filter(login_failures::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(counters.rows_affected + failures.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_identifiers_are_cut() {
        assert_eq!(
            unknown_login_key(&"x".repeat(10_000)).chars().count(),
            "login:".len() + MAX_IDENTIFIER_CHARS
        );
    }
}
