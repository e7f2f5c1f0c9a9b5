//! `lyceum audit-ledger`: re-adds every ledger and reports whatever does
//! not add up. The services keep these true by construction; this is how
//! operators check it (after a crash, a restore, a manual fix).

use sea_orm::{DbBackend, FromQueryResult, Statement};

use crate::{error::ApiResult, services::Db};

#[derive(FromQueryResult)]
struct BalanceDiff {
    id: i64,
    points: i64,
    ledger: i64,
}

#[derive(FromQueryResult)]
struct DailyDiff {
    user_id: i64,
    day: String,
    rule: String,
    stored: Option<i64>,
    ledger: Option<i64>,
}

#[derive(FromQueryResult)]
struct BadReversal {
    id: i64,
}

/// Every problem found in the points ledger, one readable line each.
pub async fn points(db: &impl Db) -> ApiResult<Vec<String>> {
    let backend = db.get_database_backend();
    let query = |sql: &str| Statement::from_string(backend, sql.to_owned());
    let mut problems = Vec::new();

    let balances = BalanceDiff::find_by_statement(query(
        "SELECT u.id, u.points, COALESCE(s.total, 0) AS ledger FROM users u \
         LEFT JOIN (SELECT user_id, SUM(points) AS total FROM reward_events GROUP BY user_id) s \
           ON s.user_id = u.id \
         WHERE u.points <> COALESCE(s.total, 0)",
    ))
    .all(db)
    .await?;
    for diff in balances {
        problems.push(format!(
            "user {}: balance {} but the ledger adds up to {}",
            diff.id, diff.points, diff.ledger
        ));
    }

    let day = super::ledger::utc_day_sql(backend);
    let day_text = match backend {
        DbBackend::Postgres => "CAST(%.day AS TEXT)",
        _ => "%.day",
    };
    let ledger_days = format!(
        "SELECT user_id, {day} AS day, rule, SUM(points) AS points, COUNT(*) AS entries \
         FROM reward_events GROUP BY user_id, {day}, rule"
    );
    for (from, join, stored, ledger) in [
        ("reward_daily d", format!("({ledger_days}) l"), "d", "l"),
        (
            &*format!("({ledger_days}) l"),
            "reward_daily d".to_owned(),
            "d",
            "l",
        ),
    ] {
        let first = from
            .chars()
            .last()
            .map(|c| c.to_string())
            .unwrap_or_default();
        let sql = format!(
            "SELECT {first}.user_id, {day_of} AS day, {first}.rule, \
               CAST({stored}.points AS BIGINT) AS stored, CAST({ledger}.points AS BIGINT) AS ledger \
             FROM {from} LEFT JOIN {join} \
               ON d.user_id = l.user_id AND d.day = l.day AND d.rule = l.rule \
             WHERE {other}.user_id IS NULL OR d.points <> l.points OR d.entries <> l.entries",
            day_of = day_text.replace('%', &first),
            other = if first == "d" { "l" } else { "d" },
        );
        for diff in DailyDiff::find_by_statement(query(&sql)).all(db).await? {
            problems.push(format!(
                "user {} on {} ({}): daily sum {} but the ledger says {}",
                diff.user_id,
                diff.day,
                diff.rule,
                diff.stored.map_or("missing".to_owned(), |p| p.to_string()),
                diff.ledger.map_or("nothing".to_owned(), |p| p.to_string()),
            ));
        }
    }

    let reversals = BadReversal::find_by_statement(query(
        "SELECT r.id FROM reward_events r LEFT JOIN reward_events a ON a.id = r.reverses_id \
         WHERE r.entry = 'REVERSAL' AND (a.id IS NULL OR a.entry <> 'AWARD' \
           OR a.user_id <> r.user_id OR a.rule <> r.rule OR a.cycle <> r.cycle \
           OR a.source_kind <> r.source_kind OR a.source_id <> r.source_id \
           OR a.actor_id <> r.actor_id)",
    ))
    .all(db)
    .await?;
    for reversal in reversals {
        problems.push(format!(
            "reversal {} does not match the award it names",
            reversal.id
        ));
    }
    Ok(problems)
}

/// Problems in every ledger: points, then creator earnings.
pub async fn all(db: &impl Db, now: chrono::DateTime<chrono::Utc>) -> ApiResult<Vec<String>> {
    let mut problems = points(db).await?;
    problems.extend(super::earnings::audit(db, now).await?);
    Ok(problems)
}
