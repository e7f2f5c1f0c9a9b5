//! Connecting by URL scheme and running migrations.

use std::{path::Path, time::Duration};

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, TransactionTrait,
};

/// Connects to SQLite or PostgreSQL, chosen by the URL's scheme. Fails within
/// seconds, with the reason, when the database cannot be reached.
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = sqlite_file_path(url)
        && let Some(dir) = Path::new(&path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the database folder {}", dir.display()))?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if !url.starts_with("sqlite:") {
        // SQLite keeps one connection: writers never fight over the file lock.
        options
            .max_connections(max_connections)
            // sqlx pings on every checkout by default; only do it after idling.
            .test_before_acquire(false)
            .test_before_acquire_if_idle_for(Duration::from_secs(30));
    }
    Database::connect(options)
        .await
        .with_context(|| format!("cannot connect to the database at {}", redact(url)))
}

/// Key of the PostgreSQL advisory lock that serialises migrations.
const MIGRATION_LOCK_KEY: i64 = 0x4c79_6365_756d; // "Lyceum"

/// Applies every pending migration. On PostgreSQL several instances may start
/// at once: one transaction holding an advisory lock runs them, the others
/// wait and then find nothing to do.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    if db.get_database_backend() == DbBackend::Postgres {
        let txn = db.begin().await?;
        txn.execute_unprepared(&format!(
            "SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"
        ))
        .await?;
        Migrator::up(&txn, None)
            .await
            .context("database migration failed")?;
        txn.commit().await?;
        return Ok(());
    }
    Migrator::up(db, None)
        .await
        .context("database migration failed")
}

/// Pool figures for /metrics: (connections open, connections idle).
pub fn pool_usage(db: &DatabaseConnection) -> (u32, u32) {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle() as u32)
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle() as u32)
        }
        _ => (0, 0),
    }
}

/// The file behind a `sqlite://` URL, if it names one (not `:memory:`).
fn sqlite_file_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| path.to_owned())
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sqlite_file_paths() {
        assert_eq!(
            sqlite_file_path("sqlite://data/lyceum.db?mode=rwc").as_deref(),
            Some("data/lyceum.db")
        );
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("postgres://localhost/test"), None);
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("postgres://lyceum:secret@db:5432/lyceum"),
            "postgres://lyceum:***@db:5432/lyceum"
        );
        assert_eq!(redact("postgres://db/lyceum"), "postgres://db/lyceum");
    }
}
