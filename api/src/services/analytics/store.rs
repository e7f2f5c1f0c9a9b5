//! Writing events: one batch is one transaction that inserts the events and
//! folds them into the rollups the metrics read (`analytics_daily_users`,
//! `analytics_members`) with upserts that commute, so batches from several
//! instances, in any order, add up to the same rows. The one link that does
//! not commute, each day's previous active day, is recomputed from the
//! stored days under the members' row locks.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::{analytics_daily_users, analytics_members, events};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{DbBackend, EntityTrait, NotSet, Set, Statement, TransactionSession, Value};

use super::kinds::EventKind;
use crate::services::{Db, array_column, search::query::placeholders};

/// An event to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub kind: EventKind,
    pub user_id: Option<i64>,
    /// A node kind (`COURSE`, `THREAD`, ...) and its row id.
    pub subject: Option<(&'static str, i64)>,
    /// Reported by a client (`trackEvents`) rather than by the server.
    pub from_client: bool,
    /// A JSON object, already checked for size.
    pub props: Option<serde_json::Value>,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
}

impl NewEvent {
    /// A server event about now.
    pub fn server(kind: EventKind, user_id: Option<i64>, at: DateTime<Utc>) -> Self {
        NewEvent {
            kind,
            user_id,
            subject: None,
            from_client: false,
            props: None,
            occurred_at: at,
            recorded_at: at,
        }
    }

    pub fn about(mut self, node_kind: &'static str, id: i64) -> Self {
        self.subject = Some((node_kind, id));
        self
    }

    pub fn with_props(mut self, props: serde_json::Value) -> Self {
        self.props = Some(props);
        self
    }
}

/// Days since 1970-01-01 of an instant's date in the reporting time zone.
pub fn day_number(at: DateTime<Utc>, zone: Tz) -> i32 {
    day_of_date(at.with_timezone(&zone).date_naive())
}

/// Days since 1970-01-01 of a calendar date.
pub fn day_of_date(date: NaiveDate) -> i32 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days() as i32
}

/// The calendar date of a day number.
pub fn date_of_day(day: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch") + chrono::Duration::days(i64::from(day))
}

/// SQLite: events per insert statement (9 bound values each).
const INSERT_CHUNK: usize = 500;

/// Stores a batch of events and folds it into the rollups, in one transaction.
pub async fn write_batch(db: &impl Db, zone: Tz, batch: &[NewEvent]) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let txn = db.begin().await?;
    insert(&txn, batch).await?;
    write_rollups(&txn, zone, batch).await?;
    txn.commit().await?;
    Ok(())
}

/// Inserts events. PostgreSQL gets one statement of eight arrays, whose text
/// and plan do not depend on the batch's size: several times cheaper for
/// the server than rows of bound values, which it must parse and plan anew
/// for every batch size (and the live writer runs beside the requests).
async fn insert(db: &impl Db, batch: &[NewEvent]) -> anyhow::Result<()> {
    if db.get_database_backend() == DbBackend::Postgres {
        return insert_as_arrays(db, batch).await;
    }
    for chunk in batch.chunks(INSERT_CHUNK) {
        events::Entity::insert_many(chunk.iter().map(|e| events::ActiveModel {
            kind: Set(e.kind.as_str().to_owned()),
            user_id: Set(e.user_id),
            subject_kind: Set(e.subject.map(|(kind, _)| kind.to_owned())),
            subject_id: Set(e.subject.map(|(_, id)| id)),
            source: Set(if e.from_client { "CLIENT" } else { "SERVER" }.to_owned()),
            props: Set(e.props.as_ref().map(|p| p.to_string())),
            occurred_at: Set(e.occurred_at),
            recorded_at: Set(e.recorded_at),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// PostgreSQL: the batch's events in one statement of eight arrays. Arrays
/// cannot carry NULLs here, so a missing user or subject travels as 0 (no
/// row id is 0) and missing text as ''. The columns are `insert`'s.
async fn insert_as_arrays(db: &impl Db, batch: &[NewEvent]) -> anyhow::Result<()> {
    const INSERT: &str = "INSERT INTO events \
        (kind, user_id, subject_kind, subject_id, source, props, occurred_at, recorded_at) \
        SELECT kind, NULLIF(user_id, 0), NULLIF(subject_kind, ''), NULLIF(subject_id, 0), \
               source, NULLIF(props, ''), occurred_at, recorded_at \
        FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::int8[], $5::text[], $6::text[], \
                    $7::timestamptz[], $8::timestamptz[]) \
          AS batch(kind, user_id, subject_kind, subject_id, source, props, occurred_at, recorded_at)";
    let values = vec![
        array_column(batch, |e| e.kind.as_str().to_owned()),
        array_column(batch, |e| e.user_id.unwrap_or(0)),
        array_column(batch, |e| {
            e.subject
                .map_or_else(String::new, |(kind, _)| kind.to_owned())
        }),
        array_column(batch, |e| e.subject.map_or(0, |(_, id)| id)),
        array_column(batch, |e| {
            if e.from_client { "CLIENT" } else { "SERVER" }.to_owned()
        }),
        array_column(batch, |e| {
            e.props.as_ref().map_or_else(String::new, |p| p.to_string())
        }),
        array_column(batch, |e| e.occurred_at),
        array_column(batch, |e| e.recorded_at),
    ];
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        INSERT,
        values,
    ))
    .await?;
    Ok(())
}

/// Folds a batch into the rollups, as `write_batch` does once it has
/// inserted it (for bulk loaders that insert events their own way, in the
/// same transaction).
pub async fn write_rollups(db: &impl Db, zone: Tz, batch: &[NewEvent]) -> anyhow::Result<()> {
    let rollup = Rollup::of(zone, batch);
    // Members first: their rows, locked in ascending order until commit,
    // serialise concurrent batches per member, so each batch sees the
    // other's days when it links previous days.
    upsert_members(db, &rollup.members).await?;
    upsert_days(db, &rollup.days).await?;
    link_previous_days(db, &rollup).await
}

/// A batch folded per (day, member) and per member.
#[derive(Debug, Default, PartialEq)]
pub struct Rollup {
    /// (day, user) → (flags, events); sorted, so concurrent writers lock
    /// rows in the same order.
    pub days: BTreeMap<(i32, i64), (i32, i32)>,
    /// Every member active in the batch → (earliest sign-up day, earliest
    /// post day).
    pub members: BTreeMap<i64, (Option<i32>, Option<i32>)>,
}

impl Rollup {
    pub fn of(zone: Tz, batch: &[NewEvent]) -> Self {
        let mut rollup = Rollup::default();
        for event in batch {
            let Some(user) = event.user_id else { continue };
            if !event.kind.is_action() {
                continue;
            }
            let day = day_number(event.occurred_at, zone);
            let entry = rollup.days.entry((day, user)).or_default();
            entry.0 |= event.kind.day_flags();
            entry.1 += 1;
            let member = rollup.members.entry(user).or_default();
            let (signed_up, posted) = match event.kind {
                EventKind::SignUp => (Some(day), None),
                kind if kind.is_post() => (None, Some(day)),
                _ => continue,
            };
            member.0 = earliest(member.0, signed_up);
            member.1 = earliest(member.1, posted);
        }
        rollup
    }
}

fn earliest(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Rows per upsert statement (4 bound values each).
const UPSERT_CHUNK: usize = 1000;

async fn upsert_days(db: &impl Db, days: &BTreeMap<(i32, i64), (i32, i32)>) -> anyhow::Result<()> {
    use analytics_daily_users::Column;
    let rows: Vec<_> = days.iter().collect();
    for chunk in rows.chunks(UPSERT_CHUNK) {
        analytics_daily_users::Entity::insert_many(chunk.iter().map(
            |&(&(day, user_id), &(flags, events))| analytics_daily_users::ActiveModel {
                day: Set(day),
                user_id: Set(user_id),
                flags: Set(flags),
                events: Set(events),
                // Linked once every day of the batch is in.
                prev_day: NotSet,
            },
        ))
        .on_conflict(
            OnConflict::columns([Column::Day, Column::UserId])
                .value(
                    Column::Flags,
                    Expr::cust("analytics_daily_users.flags | excluded.flags"),
                )
                .value(
                    Column::Events,
                    Expr::cust("analytics_daily_users.events + excluded.events"),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Users per statement that links previous days.
const LINK_CHUNK: usize = 500;

/// Sets `prev_day` on the batch members' days from the batch's earliest day
/// on: a new day gets its predecessor, and the day after a new one (even a
/// late event's) gets the new one. Days are only ever added, so a link only
/// moves later; rows whose link stands are left unwritten.
///
/// One ordered pass per member (`LAG`) links the days read; only each
/// member's first day read asks the index for the day before it. (A
/// correlated `MAX` per row, evaluated twice, made the 10-million-event
/// seed three times slower.) The target repeats the read's filter, or
/// PostgreSQL may hash-join the whole table to it.
async fn link_previous_days(db: &impl Db, rollup: &Rollup) -> anyhow::Result<()> {
    let Some(&(from, _)) = rollup.days.keys().min() else {
        return Ok(());
    };
    let users: Vec<i64> = rollup.members.keys().copied().collect();
    for chunk in users.chunks(LINK_CHUNK) {
        let users = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "UPDATE analytics_daily_users SET prev_day = linked.prev \
             FROM (SELECT d.user_id, d.day, COALESCE( \
                     LAG(d.day) OVER (PARTITION BY d.user_id ORDER BY d.day), \
                     (SELECT MAX(p.day) FROM analytics_daily_users p \
                      WHERE p.user_id = d.user_id AND p.day < ?)) AS prev \
                   FROM analytics_daily_users d \
                   WHERE d.day >= ? AND d.user_id IN ({users})) AS linked \
             WHERE analytics_daily_users.day >= ? AND analytics_daily_users.user_id IN ({users}) \
               AND analytics_daily_users.user_id = linked.user_id \
               AND analytics_daily_users.day = linked.day \
               AND COALESCE(analytics_daily_users.prev_day, -1) < COALESCE(linked.prev, -1)"
        );
        let mut values: Vec<Value> = vec![from.into(), from.into()];
        values.extend(chunk.iter().map(|&user| user.into()));
        values.push(from.into());
        values.extend(chunk.iter().map(|&user| user.into()));
        let backend = db.get_database_backend();
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, &sql),
            values,
        ))
        .await?;
    }
    Ok(())
}

/// Keeps the earlier of the stored and the new day (a NULL never wins).
fn keep_earliest(column: &str) -> Expr {
    Expr::cust(format!(
        "CASE WHEN excluded.{column} IS NOT NULL AND (analytics_members.{column} IS NULL \
         OR excluded.{column} < analytics_members.{column}) THEN excluded.{column} \
         ELSE analytics_members.{column} END"
    ))
}

async fn upsert_members(
    db: &impl Db,
    members: &BTreeMap<i64, (Option<i32>, Option<i32>)>,
) -> anyhow::Result<()> {
    use analytics_members::Column;
    let rows: Vec<_> = members.iter().collect();
    for chunk in rows.chunks(UPSERT_CHUNK) {
        analytics_members::Entity::insert_many(chunk.iter().map(
            |&(&user_id, &(signed_up_day, first_post_day))| analytics_members::ActiveModel {
                user_id: Set(user_id),
                signed_up_day: Set(signed_up_day),
                first_post_day: Set(first_post_day),
            },
        ))
        .on_conflict(
            OnConflict::column(Column::UserId)
                .value(Column::SignedUpDay, keep_earliest("signed_up_day"))
                .value(Column::FirstPostDay, keep_earliest("first_post_day"))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn days_follow_the_reporting_zone() {
        let late = at("2026-03-01T17:30:00Z");
        assert_eq!(
            date_of_day(day_number(late, Tz::UTC)).to_string(),
            "2026-03-01"
        );
        // 01:30 the next day in Shanghai (UTC+8).
        assert_eq!(
            date_of_day(day_number(late, chrono_tz::Asia::Shanghai)).to_string(),
            "2026-03-02"
        );
        assert_eq!(day_of_date(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
        assert_eq!(day_number(Utc.timestamp_opt(0, 0).unwrap(), Tz::UTC), 0);
    }

    #[test]
    fn rollup_ors_flags_and_keeps_earliest_days() {
        let t = at("2026-03-01T10:00:00Z");
        let day = day_number(t, Tz::UTC);
        let batch = vec![
            NewEvent::server(EventKind::Answer, Some(7), t),
            NewEvent::server(EventKind::Enrol, Some(7), t),
            NewEvent::server(EventKind::SignUp, Some(7), t - chrono::Duration::days(2)),
            NewEvent::server(EventKind::Comment, Some(7), t - chrono::Duration::days(1)),
            NewEvent::server(EventKind::PageView, None, t),
            // Earned from others' votes: stored, but not an active day.
            NewEvent::server(EventKind::Badge, Some(7), t + chrono::Duration::days(1)),
            NewEvent::server(EventKind::LevelUp, Some(8), t),
        ];
        let rollup = Rollup::of(Tz::UTC, &batch);
        assert_eq!(rollup.days.len(), 3);
        assert_eq!(rollup.days[&(day, 7)], (1 | 4 | 8, 2));
        assert_eq!(rollup.members[&7], (Some(day - 2), Some(day - 1)));
    }
}
