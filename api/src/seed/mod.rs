//! Demo data for a fresh database, so a newcomer can sign in at once and find
//! a living catalogue: the demo accounts (this module), the bilingual demo
//! catalogue (`catalogue`), its community (`community`), a few weeks of
//! analytics events (`events`) and, for benchmarks, `lyceum seed --scale N`
//! (`scale`) and `lyceum seed --events N`.

pub mod catalogue;
pub mod community;
pub mod community_content;
mod community_posts;
mod community_social;
pub mod content;
pub mod earnings;
pub mod events;
mod events_history;
pub mod moderation;
pub mod rewards;
pub mod scale;
mod scale_community;
mod scale_community_rows;
mod scale_community_social;

use std::time::Instant;

use chrono::{DateTime, Utc};
use entity::users::{self, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, Iterable, PaginatorTrait, QueryFilter, QuerySelect, TransactionTrait,
};

use crate::services::{
    accounts::{self, Registration},
    rewards::RewardSettings,
};

/// Every demo account shares this password (development only).
pub const DEMO_PASSWORD: &str = "lyceum-demo-2026";

pub struct DemoLogin {
    pub username: &'static str,
    pub email: &'static str,
    pub role: Role,
}

const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("admin", "Ada Admin", Role::Admin),
    ("moderator", "Mo Moderator", Role::Moderator),
    ("creator_lin", "Lin Wei", Role::Creator),
    ("creator_sam", "Sam Okafor", Role::Creator),
    ("learner_ana", "Ana Souza", Role::Learner),
    ("learner_ben", "Ben Carter", Role::Learner),
    ("learner_chen", "Chen Jing", Role::Learner),
    ("learner_dia", "Dia Ndiaye", Role::Learner),
];

const DEMO_EMAILS: &[&str] = &[
    "admin@lyceum.example",
    "moderator@lyceum.example",
    "lin@lyceum.example",
    "sam@lyceum.example",
    "ana@lyceum.example",
    "ben@lyceum.example",
    "chen@lyceum.example",
    "dia@lyceum.example",
];

/// [`seed_if_empty_in`] with analytics days in UTC.
pub async fn seed_if_empty(
    db: &DatabaseConnection,
    rewards: &RewardSettings,
    moderation_settings: &crate::services::moderation::ModerationSettings,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Vec<DemoLogin>>> {
    seed_if_empty_in(db, rewards, moderation_settings, chrono_tz::Tz::UTC, now).await
}

/// Seeds the demo accounts, the demo catalogue (`catalogue::seed`), its
/// community (`community::seed`) and analytics events (`events::seed_demo`,
/// rolled up in the reporting time zone `zone`) when the database has no
/// users, in one transaction; prints one line saying what was seeded and
/// returns the demo sign-ins.
pub async fn seed_if_empty_in(
    db: &DatabaseConnection,
    rewards: &RewardSettings,
    moderation_settings: &crate::services::moderation::ModerationSettings,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Vec<DemoLogin>>> {
    if users::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let started = Instant::now();
    // The accounts date from the start of the demo history, so every course,
    // enrolment and review comes after the account behind it.
    let joined = catalogue::history_start(now);
    let txn = db.begin().await?;
    let mut logins = Vec::with_capacity(DEMO_USERS.len());
    let mut accounts = Vec::with_capacity(DEMO_USERS.len());
    for (&(username, display_name, role), &email) in DEMO_USERS.iter().zip(DEMO_EMAILS) {
        let registration = Registration {
            email: email.to_owned(),
            username: username.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            display_name: display_name.to_owned(),
        };
        let account = accounts::create_user(&txn, registration, role, rewards, joined)
            .await
            .map_err(|err| anyhow::anyhow!("seeding {username}: {err}"))?;
        accounts.push(account);
        logins.push(DemoLogin {
            username,
            email,
            role,
        });
    }
    let summary = catalogue::seed(&txn, &accounts, now).await?;
    let community = community::seed(&txn, now).await?;
    let ledger_rows = self::rewards::seed_ledger(&txn, rewards).await?;
    let earning_rows = earnings::seed_earnings(&txn, rewards, now).await?;
    let badges = crate::services::rewards::badges::recheck(&txn, now, |_, _| {})
        .await
        .map_err(|err| anyhow::anyhow!("awarding the demo badges: {err}"))?;
    let moderation = self::moderation::seed(&txn, rewards, moderation_settings, now).await?;
    let analytics = events::seed_demo(&txn, zone, now).await?;
    txn.commit().await?;
    println!(
        "Seeded the demo data in {:.1} s: {summary}; community: {community}; \
         {ledger_rows} points ledger rows, {earning_rows} earnings rows, {} badges; \
         moderation: {moderation}; {} analytics events",
        started.elapsed().as_secs_f64(),
        badges.awarded,
        analytics.events
    );
    Ok(Some(logins))
}

/// The demo accounts still present (for the start-up reminder on later runs).
pub async fn existing_demo_logins(db: &DatabaseConnection) -> anyhow::Result<Vec<DemoLogin>> {
    let present: Vec<String> = users::Entity::find()
        .filter(users::Column::Email.is_in(DEMO_EMAILS.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|user| user.email)
        .collect();
    Ok(DEMO_USERS
        .iter()
        .zip(DEMO_EMAILS)
        .filter(|(_, email)| present.iter().any(|p| p == *email))
        .map(|(&(username, _, role), &email)| DemoLogin {
            username,
            email,
            role,
        })
        .collect())
}

/// The start-up banner listing the demo sign-ins.
pub fn describe(logins: &[DemoLogin]) -> String {
    let mut text = format!("Demo accounts (password for all, unless changed: {DEMO_PASSWORD}):\n");
    for login in logins {
        text.push_str(&format!(
            "  {:<10} {:<14} {}\n",
            format!("{:?}", login.role).to_uppercase(),
            login.username,
            login.email
        ));
    }
    text
}

// Bulk writing, shared by the demo catalogue and the scale seed.

/// Most bound parameters one statement may carry: SQLite's default
/// `SQLITE_MAX_VARIABLE_NUMBER` (32,766) and PostgreSQL's protocol limit (65,535).
pub fn max_bind_parameters(backend: DbBackend) -> usize {
    match backend {
        DbBackend::Sqlite => 32_766,
        _ => 65_535,
    }
}

/// Rows per multi-row INSERT of entity `E` (every column bound).
pub fn rows_per_statement<E: EntityTrait>(backend: DbBackend) -> usize {
    (max_bind_parameters(backend) / E::Column::iter().count()).max(1)
}

/// Inserts the rows in as few multi-row statements as the backend's
/// parameter limit allows (no RETURNING). Returns the number of rows.
pub async fn insert_chunked<A>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<usize, DbErr>
where
    A: ActiveModelTrait + Send,
{
    let total = rows.len();
    let per_statement = rows_per_statement::<A::Entity>(db.get_database_backend());
    let mut rows = rows.into_iter();
    loop {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        if chunk.is_empty() {
            return Ok(total);
        }
        A::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
}

/// The largest id of a table (0 when empty): seeded rows get explicit ids
/// after it, so rows can point at each other without reading ids back.
pub async fn max_id<E: EntityTrait>(db: &impl ConnectionTrait, id: E::Column) -> Result<i64, DbErr>
where
    E::Column: ColumnTrait,
{
    let max: Option<Option<i64>> = E::find()
        .select_only()
        .column_as(id.max(), "max_id")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0))
}

/// After rows were inserted with explicit ids, moves each table's id
/// sequence past them (PostgreSQL; SQLite's AUTOINCREMENT follows by itself).
pub async fn advance_id_sequences(db: &impl ConnectionTrait, tables: &[&str]) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for table in tables {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             (SELECT COALESCE(MAX(id), 0) + 1 FROM \"{table}\"), false)"
        ))
        .await?;
    }
    Ok(())
}
