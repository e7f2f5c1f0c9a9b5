//! One fresh database per test.

use sea_orm::{ConnectionTrait, Database};

pub struct TestDatabase {
    pub url: String,
    /// Kept alive so the SQLite file outlives the test.
    _dir: Option<tempfile::TempDir>,
    /// PostgreSQL: (admin URL, database name) to drop afterwards.
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                let name = format!("lyceum_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("TEST_DATABASE_URL must point at a reachable PostgreSQL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("creating a test database");
                admin.close().await.ok();
                TestDatabase {
                    url: replace_database_name(&admin_url, &name),
                    _dir: None,
                    postgres: Some((admin_url, name)),
                }
            }
            _ => {
                let dir = tempfile::tempdir().expect("a temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                TestDatabase {
                    url,
                    _dir: Some(dir),
                    postgres: None,
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// Makes the database unreachable for the server until `Outage::end`:
    /// PostgreSQL refuses new connections to it and ends the open ones;
    /// SQLite's file is held under a write lock, so writers wait out their
    /// busy timeout and fail.
    pub async fn outage(&self) -> Outage {
        match &self.postgres {
            Some((admin_url, name)) => {
                let admin = Database::connect(admin_url)
                    .await
                    .expect("admin connection");
                admin
                    .execute_unprepared(&format!(
                        "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false"
                    ))
                    .await
                    .expect("closing the test database");
                admin
                    .execute_unprepared(&format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                    ))
                    .await
                    .expect("ending the test database's connections");
                Outage {
                    connection: admin,
                    undo: format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true"),
                }
            }
            None => {
                let locker = Database::connect(&self.url)
                    .await
                    .expect("a SQLite connection");
                locker
                    .execute_unprepared("BEGIN IMMEDIATE")
                    .await
                    .expect("taking the write lock");
                Outage {
                    connection: locker,
                    undo: "ROLLBACK".to_owned(),
                }
            }
        }
    }
}

/// A database outage in progress (see `TestDatabase::outage`).
pub struct Outage {
    connection: sea_orm::DatabaseConnection,
    undo: String,
}

impl Outage {
    pub async fn end(self) {
        self.connection
            .execute_unprepared(&self.undo)
            .await
            .expect("ending the outage");
        self.connection.close().await.ok();
    }
}

fn replace_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let prefix = match base.rfind('/') {
        Some(slash) if slash > "postgres://".len() => &base[..slash],
        _ => base,
    };
    match query {
        Some(query) => format!("{prefix}/{name}?{query}"),
        None => format!("{prefix}/{name}"),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs outside async code: use a private runtime on its own thread.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .await;
                    admin.close().await.ok();
                }
            });
        })
        .join();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_database_names() {
        assert_eq!(
            super::replace_database_name("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::replace_database_name("postgres://127.0.0.1/test?sslmode=disable", "x"),
            "postgres://127.0.0.1/x?sslmode=disable"
        );
    }
}
