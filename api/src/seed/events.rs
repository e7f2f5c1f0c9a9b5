//! Analytics events for the members already in a database: `lyceum seed
//! --events N` (benchmark data: ten million on PostgreSQL in minutes) and a
//! few thousand over the last weeks in the demo seed, so the analytics
//! screens have something to show. The history's shape is in
//! `events_history`.
//!
//! Each batch is one transaction that inserts the events and folds them
//! into the rollups with `store::write_rollups`, the live event writer's
//! own fold, so the rollups are exactly what recording the events one by
//! one would have made (through `store::write_batch`, which sends
//! PostgreSQL a batch as arrays). Each run adds its events (running twice
//! doubles them).

use std::fmt;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use entity::{answers, comments, courses, lessons, threads, users};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::events_history::{self, Frame, Member, Subjects};
use crate::services::{
    Db,
    analytics::{NewEvent, store},
};

/// Events per `write_batch` transaction.
const BATCH: usize = 20_000;
/// The RNG seed of every generated history.
pub const SEED: u64 = 0xE7E7_2026;
/// Days `lyceum seed --events` spreads events over.
pub const DAYS: i64 = 365;
/// The demo seed: this many events over this many days.
pub const DEMO_EVENTS: u64 = 3_000;
pub const DEMO_DAYS: i64 = 60;

/// What a run wrote.
#[derive(Debug, Clone)]
pub struct Report {
    pub members: usize,
    pub events: u64,
    pub elapsed: StdDuration,
}

impl Report {
    pub fn per_second(&self) -> f64 {
        self.events as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} events for {} members in {:.1} s ({:.0} events/s)",
            self.events,
            self.members,
            self.elapsed.as_secs_f64(),
            self.per_second()
        )
    }
}

/// Writes `events` events over the last `days` for the members there
/// (deleted accounts aside), in `zone`'s days; `progress(written)` after
/// each batch. Fails when there are no members.
#[tracing::instrument(skip_all, fields(events, days))]
pub async fn seed(
    db: &impl Db,
    zone: Tz,
    events: u64,
    days: i64,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let members = load_members(db, now).await?;
    anyhow::ensure!(
        !members.is_empty(),
        "no members to make events for: seed some first (`lyceum seed`, or `--scale`)"
    );
    let subjects = load_subjects(db).await?;
    let frame = Frame {
        now,
        days,
        zone,
        seed: SEED,
    };
    let budgets = events_history::budgets(&frame, &members, events);
    let mut batch: Vec<NewEvent> = Vec::with_capacity(BATCH + 64);
    let mut written = 0u64;
    for (member, &count) in members.iter().zip(&budgets) {
        batch.extend(events_history::history(&frame, member, count, &subjects));
        if batch.len() >= BATCH {
            written += write(db, zone, &mut batch).await?;
            progress(written);
        }
    }
    written += write(db, zone, &mut batch).await?;
    progress(written);
    Ok(Report {
        members: members.len(),
        events: written,
        elapsed: started.elapsed(),
    })
}

/// The demo seed's events: [`DEMO_EVENTS`] over the last [`DEMO_DAYS`].
pub async fn seed_demo(db: &impl Db, zone: Tz, now: DateTime<Utc>) -> anyhow::Result<Report> {
    seed(db, zone, DEMO_EVENTS, DEMO_DAYS, now, |_| {}).await
}

async fn write(db: &impl Db, zone: Tz, batch: &mut Vec<NewEvent>) -> anyhow::Result<u64> {
    store::write_batch(db, zone, batch).await?;
    let n = batch.len() as u64;
    batch.clear();
    Ok(n)
}

async fn load_members(db: &impl Db, now: DateTime<Utc>) -> anyhow::Result<Vec<Member>> {
    let rows: Vec<(i64, DateTime<Utc>)> = users::Entity::find()
        .select_only()
        .columns([users::Column::Id, users::Column::CreatedAt])
        .filter(users::Column::DeletedAt.is_null())
        .filter(users::Column::CreatedAt.lte(now))
        .order_by_asc(users::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, created_at)| Member { id, created_at })
        .collect())
}

/// Every course, lesson, thread, answer and comment id, lowest first (the
/// generator favours the first: older rows are the popular ones).
async fn load_subjects(db: &impl Db) -> anyhow::Result<Subjects> {
    macro_rules! ids {
        ($entity:ident) => {
            $entity::Entity::find()
                .select_only()
                .column($entity::Column::Id)
                .order_by_asc($entity::Column::Id)
                .into_tuple::<i64>()
                .all(db)
                .await?
        };
    }
    Ok(Subjects {
        courses: ids!(courses),
        lessons: ids!(lessons),
        threads: ids!(threads),
        answers: ids!(answers),
        comments: ids!(comments),
    })
}
