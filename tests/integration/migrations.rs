//! Every migration runs up, down and up again, on SQLite or PostgreSQL, and
//! leaves exactly the schema it found.

use lyceum_tests::{TestDatabase, schema_snapshot::SchemaSnapshot};
use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;

async fn snapshot(db: &DatabaseConnection) -> SchemaSnapshot {
    SchemaSnapshot::capture(db)
        .await
        .expect("reading the schema")
}

async fn applied(db: &DatabaseConnection) -> usize {
    Migrator::get_applied_migrations(db).await.unwrap().len()
}

/// Fails with the differing lines (`-` expected only, `+` actual only).
#[track_caller]
fn assert_same_schema(expected: &SchemaSnapshot, actual: &SchemaSnapshot, context: &str) {
    let (expected, actual) = (
        expected.without(SQLITE_RESTORED),
        actual.without(SQLITE_RESTORED),
    );
    assert_eq!(
        actual,
        expected,
        "{context}: the schema differs\n{}",
        expected.diff(&actual)
    );
}

/// Columns a later migration drops and its `down` restores with a default
/// on SQLite, which cannot add a NOT NULL column without one (PostgreSQL
/// restores them exactly). Compared without their default.
const SQLITE_RESTORED: &[&str] = &["column courses.search_text: TEXT not null default "];

/// Guards against a snapshot that reads nothing and so always compares equal.
#[track_caller]
fn assert_meaningful(schema: &SchemaSnapshot) {
    for expected in [
        "table users",
        "column users.email: ",
        "column users.username: ",
        "primary key users (id)",
        "primary key user_interests (user_id, tag_id)",
        "unique users (email) ",
        "unique users (username) ",
        "unique refresh_tokens (token_hash) ",
        "index users (role) [idx_users_role] non-unique",
        "index login_failures (account_key, created_at) [idx_login_failures_account] non-unique",
        "foreign key sessions (user_id) -> users (id) on delete CASCADE ",
        "foreign key user_interests (tag_id) -> tags (id) on delete CASCADE ",
    ] {
        assert!(schema.has(expected), "no `{expected}` in {schema:?}");
    }
    assert!(
        !schema.has("table seaql_migrations"),
        "bookkeeping table listed: {schema:?}"
    );
}

#[tokio::test]
async fn migrations_run_up_down_and_up_again() {
    let database = TestDatabase::create().await;
    let db = lyceum::db::connect(&database.url, 2).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    assert!(
        Migrator::get_pending_migrations(&db)
            .await
            .unwrap()
            .is_empty()
    );
    let migrated = snapshot(&db).await;
    assert_meaningful(&migrated);

    Migrator::down(&db, None).await.unwrap();
    assert_eq!(applied(&db).await, 0);
    let empty = snapshot(&db).await;
    assert!(empty.is_empty(), "left after down: {empty:?}");

    Migrator::up(&db, None).await.unwrap();
    assert_same_schema(&migrated, &snapshot(&db).await, "up, down, up");
    db.close().await.unwrap();
}

/// Each migration's down and up, one step at a time from the fully migrated
/// state: a down that misses an index, or an up that differs from a fresh
/// one, shows here even when a full down and up hides it.
#[tokio::test]
async fn every_migration_steps_down_and_up_again() {
    let database = TestDatabase::create().await;
    let db = lyceum::db::connect(&database.url, 2).await.unwrap();
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    assert!(!names.is_empty());
    Migrator::up(&db, None).await.unwrap();
    let migrated = snapshot(&db).await;
    assert_meaningful(&migrated);

    // levels[k]: the schema with the first k migrations applied.
    let mut levels = vec![migrated.clone()];
    for count in (0..names.len()).rev() {
        let name = &names[count];
        let above = levels.last().unwrap().clone();
        Migrator::down(&db, Some(1)).await.unwrap();
        assert_eq!(applied(&db).await, count, "after {name} down");
        let below = snapshot(&db).await;

        Migrator::up(&db, Some(1)).await.unwrap();
        assert_eq!(applied(&db).await, count + 1, "after {name} up");
        assert_same_schema(&above, &snapshot(&db).await, &format!("{name} down, up"));

        Migrator::down(&db, Some(1)).await.unwrap();
        assert_same_schema(
            &below,
            &snapshot(&db).await,
            &format!("{name} down, up, down"),
        );
        levels.push(below);
    }
    levels.reverse();
    assert!(
        levels[0].is_empty(),
        "left after all downs: {:?}",
        levels[0]
    );

    // Back up one step at a time: each lands on the schema seen going down.
    for (count, name) in names.iter().enumerate() {
        Migrator::up(&db, Some(1)).await.unwrap();
        assert_same_schema(
            &levels[count + 1],
            &snapshot(&db).await,
            &format!("{name} up again"),
        );
    }
    assert_same_schema(&migrated, &snapshot(&db).await, "stepped down and up");
    db.close().await.unwrap();
}

#[tokio::test]
async fn instances_starting_together_migrate_once() {
    let database = TestDatabase::create().await;
    let first = lyceum::db::connect(&database.url, 2).await.unwrap();
    let second = lyceum::db::connect(&database.url, 2).await.unwrap();
    if database.is_postgres() {
        // Both at once: the advisory lock makes one wait for the other.
        let (a, b) = tokio::join!(lyceum::db::migrate(&first), lyceum::db::migrate(&second));
        a.unwrap();
        b.unwrap();
    } else {
        // SQLite is embedded, one instance per file: a restart must still be a no-op.
        lyceum::db::migrate(&first).await.unwrap();
        lyceum::db::migrate(&second).await.unwrap();
    }
    assert!(
        Migrator::get_pending_migrations(&first)
            .await
            .unwrap()
            .is_empty()
    );
    let applied = Migrator::get_applied_migrations(&first).await.unwrap();
    assert_eq!(applied.len(), Migrator::migrations().len());
}
