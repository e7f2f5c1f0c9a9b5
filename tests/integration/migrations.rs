//! Every migration runs up, down and up again, on SQLite or PostgreSQL.

use lyceum_tests::TestDatabase;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

async fn table_count(db: &sea_orm::DatabaseConnection) -> i64 {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'seaql_migrations'"
        }
        _ => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'"
        }
    };
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

#[tokio::test]
async fn migrations_run_up_down_and_up_again() {
    let database = TestDatabase::create().await;
    let db = lyceum::db::connect(&database.url, 2).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    let tables = table_count(&db).await;
    assert!(tables >= 6, "{tables}");
    assert!(
        Migrator::get_pending_migrations(&db)
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::down(&db, None).await.unwrap();
    assert_eq!(table_count(&db).await, 0);

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(table_count(&db).await, tables);
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
