//! Badges: rules over what users did (criteria.rs), awarded once each.
//!
//! `evaluate` finds what a batch of users qualifies for and inserts it with
//! ON CONFLICT DO NOTHING on the unique (user, badge, subject) index, so it
//! can run any number of times, on any number of instances at once: exactly
//! one award gets in, and only the rows actually inserted are notified.
//! Badges are never taken away. The background worker
//! (`crate::rewards_worker`) runs it after relevant events; `recheck` runs it
//! over every user (`lyceum badges --recheck`).

pub mod criteria;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{badges, courses, notifications, user_badges, users};
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionSession, sea_query::OnConflict,
};

pub use criteria::{Candidate, Subject};

use crate::{error::ApiResult, services::Db};

/// Users evaluated together (bounds the `IN` lists of the criteria).
pub const BATCH: usize = 1_000;
/// Awards per INSERT (4 bound columns each: far below any parameter limit).
const INSERT_CHUNK: usize = 500;

/// Every badge's definition, by key.
#[tracing::instrument(skip(db))]
pub async fn definitions(db: &impl Db) -> ApiResult<Vec<badges::Model>> {
    Ok(badges::Entity::find()
        .order_by_asc(badges::Column::Key)
        .all(db)
        .await?)
}

/// Awards every badge these users qualify for and do not hold yet; returns
/// the awards made now (none on a re-run).
#[tracing::instrument(skip(db, user_ids), fields(users = user_ids.len()))]
pub async fn evaluate(
    db: &impl Db,
    user_ids: &[i64],
    now: DateTime<Utc>,
) -> ApiResult<Vec<user_badges::Model>> {
    let mut users = user_ids.to_vec();
    users.sort_unstable();
    users.dedup();
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let definitions = badges::Entity::find().all(db).await?;
    let mut awarded = Vec::new();
    for batch in users.chunks(BATCH) {
        // The reads run outside the transaction: it then starts with its
        // first write (on SQLite, the write lock at once) and stays short.
        let held = held_by(db, batch).await?;
        let mut candidates = Vec::new();
        for definition in &definitions {
            let Some(key) = criteria::static_key(&definition.key) else {
                continue;
            };
            let once_per_user = criteria::subject_of(key).is_none();
            let looked_at: Vec<i64> = batch
                .iter()
                .copied()
                .filter(|&user| !(once_per_user && held.contains(&(user, key, 0))))
                .collect();
            let found = criteria::qualifying(db, key, definition.threshold, &looked_at).await?;
            candidates.extend(
                found
                    .into_iter()
                    .filter(|c| !held.contains(&(c.user_id, c.badge, c.subject_id))),
            );
        }
        awarded.extend(award(db, candidates, now).await?);
    }
    Ok(awarded)
}

/// The creators of these courses (whose course badges they may earn).
pub async fn creators_of(db: &impl Db, course_ids: &[i64]) -> ApiResult<Vec<i64>> {
    if course_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(courses::Entity::find()
        .select_only()
        .column(courses::Column::CreatorId)
        .distinct()
        .filter(courses::Column::Id.is_in(course_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?)
}

/// The (user, badge, subject) awards these users already hold.
async fn held_by(db: &impl Db, users: &[i64]) -> ApiResult<HashSet<(i64, &'static str, i64)>> {
    let rows: Vec<(i64, String, i64)> = user_badges::Entity::find()
        .select_only()
        .columns([
            user_badges::Column::UserId,
            user_badges::Column::Badge,
            user_badges::Column::SubjectId,
        ])
        .filter(user_badges::Column::UserId.is_in(users.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(user, badge, subject)| Some((user, criteria::static_key(&badge)?, subject)))
        .collect())
}

/// Inserts the awards that are not there yet and notifies exactly those, in
/// one transaction.
async fn award(
    db: &impl Db,
    mut candidates: Vec<Candidate>,
    now: DateTime<Utc>,
) -> ApiResult<Vec<user_badges::Model>> {
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    // One order for every evaluator: two instances inserting the same rows
    // wait on each other in the same order, never in a cycle.
    candidates.sort_unstable();
    candidates.dedup();
    let threads: HashMap<(i64, &str, i64), i64> = candidates
        .iter()
        .filter_map(|c| Some(((c.user_id, c.badge, c.subject_id), c.thread_id?)))
        .collect();
    let txn = db.begin().await?;
    let mut inserted = Vec::with_capacity(candidates.len());
    for chunk in candidates.chunks(INSERT_CHUNK) {
        let rows = chunk.iter().map(|c| user_badges::ActiveModel {
            user_id: Set(c.user_id),
            badge: Set(c.badge.to_owned()),
            subject_id: Set(c.subject_id),
            awarded_at: Set(now),
            ..Default::default()
        });
        inserted.extend(
            user_badges::Entity::insert_many(rows)
                .on_conflict(
                    OnConflict::columns([
                        user_badges::Column::UserId,
                        user_badges::Column::Badge,
                        user_badges::Column::SubjectId,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_with_returning(&txn)
                .await?,
        );
    }
    let notices: Vec<notifications::ActiveModel> = inserted
        .iter()
        .map(|row| {
            let answer = criteria::subject_of(&row.badge) == Some(Subject::Answer);
            notifications::ActiveModel {
                user_id: Set(row.user_id),
                kind: Set(notifications::Kind::BadgeAwarded),
                actor_id: Set(None),
                thread_id: Set(threads
                    .get(&(row.user_id, row.badge.as_str(), row.subject_id))
                    .copied()),
                answer_id: Set(answer.then_some(row.subject_id)),
                comment_id: Set(None),
                detail: Set(Some(row.badge.clone())),
                read_at: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    for chunk in notices.chunks(INSERT_CHUNK) {
        notifications::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    if !inserted.is_empty() {
        tracing::info!(awarded = inserted.len(), "badges awarded");
    }
    Ok(inserted)
}

/// What a recheck did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recheck {
    pub users: u64,
    pub awarded: u64,
}

/// Evaluates every user not deleted, `BATCH` at a time in id order;
/// `progress(done, total)` after each page. Safe to run any number of times
/// (and beside the background worker): it only adds what is missing.
#[tracing::instrument(skip(db, progress))]
pub async fn recheck(
    db: &impl Db,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u64, u64),
) -> ApiResult<Recheck> {
    let live = || users::Entity::find().filter(users::Column::DeletedAt.is_null());
    let total = live().count(db).await?;
    let mut report = Recheck::default();
    let mut after = 0_i64;
    loop {
        let page: Vec<i64> = live()
            .select_only()
            .column(users::Column::Id)
            .filter(users::Column::Id.gt(after))
            .order_by_asc(users::Column::Id)
            .limit(BATCH as u64)
            .into_tuple()
            .all(db)
            .await?;
        let Some(&last) = page.last() else {
            break;
        };
        after = last;
        report.awarded += evaluate(db, &page, now).await?.len() as u64;
        report.users += page.len() as u64;
        // Users may sign up meanwhile: never report past 100 %.
        progress(report.users, total.max(report.users));
    }
    Ok(report)
}

/// A badge a user holds, with its definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub badge: badges::Model,
    pub subject_id: i64,
    pub awarded_at: DateTime<Utc>,
}

/// The badges of each of these users, oldest award first (one statement).
pub async fn of_users(db: &impl Db, user_ids: &[i64]) -> ApiResult<HashMap<i64, Vec<Held>>> {
    let rows = user_badges::Entity::find()
        .select_also(badges::Entity)
        .join(
            JoinType::InnerJoin,
            user_badges::Entity::belongs_to(badges::Entity)
                .from(user_badges::Column::Badge)
                .to(badges::Column::Key)
                .into(),
        )
        .filter(user_badges::Column::UserId.is_in(user_ids.iter().copied()))
        .order_by_asc(user_badges::Column::AwardedAt)
        .order_by_asc(user_badges::Column::Id)
        .all(db)
        .await?;
    let mut found: HashMap<i64, Vec<Held>> = HashMap::new();
    for (row, badge) in rows {
        let Some(badge) = badge else { continue };
        found.entry(row.user_id).or_default().push(Held {
            badge,
            subject_id: row.subject_id,
            awarded_at: row.awarded_at,
        });
    }
    Ok(found)
}
