//! The points ledger. Every change of a balance is an appended row, written
//! with the balance in the transaction of its cause:
//!
//! - an award is unique per (user, rule, source, actor, cycle, entry); a
//!   second identical award finds the cycle's award there and does nothing,
//!   and if two race, the unique index lets exactly one in;
//! - a reversal compensates the cycle's award exactly (what was credited,
//!   not what the rule says now) and closes the cycle;
//! - positive points of capped rules stop at the daily cap (net points of
//!   capped rules per UTC day); negative points stop at the floor: no
//!   balance is ever taken below 1.
//!
//! Balances of the users a change touches are locked in ascending id order
//! before anything is read, so concurrent changes serialise per user and
//! never deadlock each other.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    notifications, reward_daily,
    reward_events::{self, Entry, SourceKind},
    reward_rules, users,
};
use sea_orm::{
    ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, OnConflict},
};

use super::{Level, RewardSettings};
use crate::services::analytics::{self, EventKind, NewEvent, reward_rollups};
use crate::{error::ApiResult, services::Db};

/// The lowest balance a deduction can leave.
pub const FLOOR: i64 = 1;

/// What an award is for, and where it happened (for history filters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub kind: SourceKind,
    pub id: i64,
    pub thread_id: Option<i64>,
    pub course_id: Option<i64>,
}

/// Award a rule's points, or reverse the award of the current cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Award,
    Reverse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub op: Op,
    pub user_id: i64,
    pub rule: &'static str,
    pub source: Source,
    pub actor_id: i64,
}

impl Change {
    pub fn award(user_id: i64, rule: &'static str, source: Source, actor_id: i64) -> Self {
        Self {
            op: Op::Award,
            user_id,
            rule,
            source,
            actor_id,
        }
    }

    /// This award if `award`, else its reversal.
    pub fn award_if(self, award: bool) -> Self {
        Self {
            op: if award { Op::Award } else { Op::Reverse },
            ..self
        }
    }

    pub fn reverse(user_id: i64, rule: &'static str, source: Source, actor_id: i64) -> Self {
        Self {
            op: Op::Reverse,
            ..Self::award(user_id, rule, source, actor_id)
        }
    }
}

/// A user whose level went up with these changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelUp {
    pub user_id: i64,
    pub level: Level,
}

/// What `apply` wrote.
#[derive(Debug, Default)]
pub struct Applied {
    pub rows: Vec<reward_events::Model>,
    pub level_ups: Vec<LevelUp>,
}

/// The UTC day of a row's `created_at`, in SQL (for sums per day).
pub fn utc_day_sql(backend: sea_orm::DbBackend) -> &'static str {
    match backend {
        sea_orm::DbBackend::Postgres => "CAST(created_at AT TIME ZONE 'UTC' AS DATE)",
        _ => "date(created_at)",
    }
}

/// Points credited for a rule worth `points`, given the user's balance and
/// the net points of capped rules they already have today.
pub fn credit(points: i64, capped: bool, balance: i64, capped_today: i64, cap: i64) -> i64 {
    let mut credited = points;
    if capped && credited > 0 {
        credited = Ord::min(credited, Ord::max(cap - capped_today, 0));
    }
    if credited < 0 {
        // Never below the floor, and never lower for a balance already under it.
        credited = Ord::max(credited, Ord::min(FLOOR - balance, 0));
    }
    credited
}

/// Applies the changes (in one transaction, the caller's). Changes of
/// disabled rules, awards already made in this cycle and reversals with
/// nothing to reverse write nothing.
pub async fn apply(
    db: &impl Db,
    settings: &RewardSettings,
    changes: &[Change],
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    if changes.is_empty() {
        return Ok(Applied::default());
    }
    // The whole rule table is a dozen rows: one read serves every change.
    let rules: HashMap<String, reward_rules::Model> = reward_rules::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|rule| (rule.key.clone(), rule))
        .collect();
    let capped_rules: Vec<String> = rules
        .values()
        .filter(|rule| rule.capped)
        .map(|rule| rule.key.clone())
        .collect();
    let mut by_user: BTreeMap<i64, Vec<&Change>> = BTreeMap::new();
    for change in changes {
        by_user.entry(change.user_id).or_default().push(change);
    }
    let today = now.date_naive();

    let mut applied = Applied::default();
    for (user_id, changes) in by_user {
        let Some(user) = lock_balance(db, user_id).await? else {
            continue;
        };
        let mut balance = user.points;
        let mut capped_today: Option<i64> = None;
        for &change in &changes {
            let Some(rule) = rules.get(change.rule) else {
                continue;
            };
            let latest = latest_row(db, change).await?;
            let row = match change.op {
                Op::Award => {
                    if !rule.enabled || latest.as_ref().is_some_and(|r| r.entry == Entry::Award) {
                        continue;
                    }
                    if rule.capped && rule.points > 0 && capped_today.is_none() {
                        capped_today = Some(capped_sum(db, user_id, today, &capped_rules).await?);
                    }
                    let points = credit(
                        i64::from(rule.points),
                        rule.capped,
                        balance,
                        capped_today.unwrap_or(0),
                        settings.daily_vote_points_cap,
                    );
                    NewRow {
                        entry: Entry::Award,
                        cycle: latest.map_or(0, |r| r.cycle + 1),
                        points,
                        rule_points: rule.points,
                        reverses_id: None,
                    }
                }
                Op::Reverse => {
                    let Some(award) = latest.filter(|r| r.entry == Entry::Award) else {
                        continue;
                    };
                    NewRow {
                        entry: Entry::Reversal,
                        cycle: award.cycle,
                        points: credit(-i64::from(award.points), false, balance, 0, 0),
                        rule_points: award.rule_points,
                        reverses_id: Some(award.id),
                    }
                }
            };
            let Some(inserted) = insert(db, change, &row, now).await? else {
                continue;
            };
            balance += i64::from(inserted.points);
            if rule.capped
                && let Some(sum) = capped_today.as_mut()
            {
                *sum += i64::from(inserted.points);
            }
            add_row_to_daily(db, &inserted).await?;
            applied.rows.push(inserted);
        }
        // The level an account starts at is not a level-up.
        let signing_up = changes.iter().all(|c| c.rule == super::rules::SIGN_UP);
        if let Some(level_up) =
            store_balance(db, settings, &user, balance, !signing_up, now).await?
        {
            applied.level_ups.push(level_up);
        }
    }
    // Last, and in one go: see `add_to_rollups`.
    add_to_rollups(db, settings.reporting_zone, &applied.rows).await?;
    Ok(applied)
}

/// Writes a changed balance and its level; a higher level (when it counts
/// as a level-up) notifies the user and is returned.
async fn store_balance(
    db: &impl Db,
    settings: &RewardSettings,
    user: &users::Model,
    balance: i64,
    level_up_counts: bool,
    now: DateTime<Utc>,
) -> ApiResult<Option<LevelUp>> {
    if balance == user.points {
        return Ok(None);
    }
    let level = Level::of_points(balance, settings);
    crate::cache_sync::touched(|changed| {
        changed.user(user.id);
    });
    users::Entity::update_many()
        .col_expr(users::Column::Points, Expr::val(balance))
        .col_expr(users::Column::Level, Expr::val(level.as_i32()))
        .filter(users::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    if level <= Level::from_i32(user.level) || !level_up_counts {
        return Ok(None);
    }
    notify_level_up(db, user.id, level, now).await?;
    // Recorded once the operation that caused it has succeeded.
    analytics::record::defer(
        NewEvent::server(EventKind::LevelUp, Some(user.id), now)
            .with_props(serde_json::json!({ "level": level.as_str() })),
    );
    Ok(Some(LevelUp {
        user_id: user.id,
        level,
    }))
}

/// What a hand adjustment wrote: the balance before and after, and its
/// ledger row (none when a deduction found the balance at the floor).
#[derive(Debug)]
pub struct Adjusted {
    pub balance_before: i64,
    pub balance_after: i64,
    pub row: Option<reward_events::Model>,
}

/// Adds (or with negative `points` takes, never below the floor) points by
/// hand: one ledger row of rule STAFF_ADJUSTMENT, in the caller's
/// transaction. `None` when the user does not exist.
pub async fn adjust(
    db: &impl Db,
    settings: &RewardSettings,
    user_id: i64,
    points: i64,
    actor_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Option<Adjusted>> {
    let Some(user) = lock_balance(db, user_id).await? else {
        return Ok(None);
    };
    let credited = credit(points, false, user.points, 0, 0);
    if credited == 0 {
        return Ok(Some(Adjusted {
            balance_before: user.points,
            balance_after: user.points,
            row: None,
        }));
    }
    let change = Change::award(
        user_id,
        super::rules::STAFF_ADJUSTMENT,
        Source {
            kind: SourceKind::User,
            id: user_id,
            thread_id: None,
            course_id: None,
        },
        actor_id,
    );
    // Each adjustment is its own cycle of the (user, rule, source, actor) key;
    // the balance lock taken above makes the next cycle this one's alone.
    let cycle = latest_row(db, &change).await?.map_or(0, |r| r.cycle + 1);
    let row = NewRow {
        entry: Entry::Award,
        cycle,
        points: credited,
        rule_points: i32::try_from(points).unwrap_or(i32::MAX),
        reverses_id: None,
    };
    let inserted = insert(db, &change, &row, now).await?.ok_or_else(|| {
        crate::error::ApiError::conflict("userId", "the adjustment raced another; try again")
    })?;
    add_to_sums(db, settings.reporting_zone, &inserted).await?;
    let balance = user.points + credited;
    store_balance(db, settings, &user, balance, true, now).await?;
    Ok(Some(Adjusted {
        balance_before: user.points,
        balance_after: balance,
        row: Some(inserted),
    }))
}

/// Reverses every award in force whose source is this one (removed content,
/// a refunded enrolment).
pub async fn reverse_source(
    db: &impl Db,
    settings: &RewardSettings,
    kind: SourceKind,
    source_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    let rows = reward_events::Entity::find()
        .filter(reward_events::Column::SourceKind.eq(kind))
        .filter(reward_events::Column::SourceId.eq(source_id))
        .all(db)
        .await?;
    let reversed: std::collections::HashSet<i64> =
        rows.iter().filter_map(|row| row.reverses_id).collect();
    let changes: Vec<Change> = rows
        .iter()
        .filter(|row| row.entry == Entry::Award && !reversed.contains(&row.id))
        .filter_map(|row| {
            let rule = super::rules::static_key(&row.rule)?;
            Some(Change::reverse(
                row.user_id,
                rule,
                Source {
                    kind,
                    id: source_id,
                    thread_id: row.thread_id,
                    course_id: row.course_id,
                },
                row.actor_id,
            ))
        })
        .collect();
    apply(db, settings, &changes, now).await
}

/// The actor of the newest row of a rule for a source, if that row is an
/// award (in force).
pub async fn latest_award_actor(
    db: &impl Db,
    rule: &str,
    kind: SourceKind,
    source_id: i64,
) -> ApiResult<Option<i64>> {
    Ok(reward_events::Entity::find()
        .filter(reward_events::Column::Rule.eq(rule))
        .filter(reward_events::Column::SourceKind.eq(kind))
        .filter(reward_events::Column::SourceId.eq(source_id))
        .order_by_desc(reward_events::Column::Id)
        .limit(1)
        .one(db)
        .await?
        .filter(|row| row.entry == Entry::Award)
        .map(|row| row.actor_id))
}

struct NewRow {
    entry: Entry,
    cycle: i32,
    points: i64,
    rule_points: i32,
    reverses_id: Option<i64>,
}

/// Locks the user's balance row until commit (a no-op update: portable,
/// and on SQLite it takes the write lock at once) and reads it. Everything
/// that must serialise per user (awards, payouts, daily limits) takes it.
pub async fn lock_balance(db: &impl Db, user_id: i64) -> ApiResult<Option<users::Model>> {
    Ok(users::Entity::update_many()
        .col_expr(users::Column::Points, Expr::col(users::Column::Points))
        .filter(users::Column::Id.eq(user_id))
        .exec_with_returning(db)
        .await?
        .pop())
}

/// The newest row of this award's key (user, rule, source, actor).
async fn latest_row(db: &impl Db, change: &Change) -> ApiResult<Option<reward_events::Model>> {
    Ok(reward_events::Entity::find()
        .filter(reward_events::Column::UserId.eq(change.user_id))
        .filter(reward_events::Column::Rule.eq(change.rule))
        .filter(reward_events::Column::SourceKind.eq(change.source.kind))
        .filter(reward_events::Column::SourceId.eq(change.source.id))
        .filter(reward_events::Column::ActorId.eq(change.actor_id))
        .order_by_desc(reward_events::Column::Cycle)
        .order_by_desc(reward_events::Column::Id)
        .limit(1)
        .one(db)
        .await?)
}

async fn capped_sum(
    db: &impl Db,
    user_id: i64,
    day: NaiveDate,
    capped_rules: &[String],
) -> ApiResult<i64> {
    if capped_rules.is_empty() {
        return Ok(0);
    }
    Ok(reward_daily::Entity::find()
        .filter(reward_daily::Column::UserId.eq(user_id))
        .filter(reward_daily::Column::Day.eq(day))
        .filter(reward_daily::Column::Rule.is_in(capped_rules.iter().cloned()))
        .all(db)
        .await?
        .iter()
        .map(|row| row.points)
        .sum())
}

async fn insert(
    db: &impl Db,
    change: &Change,
    row: &NewRow,
    now: DateTime<Utc>,
) -> ApiResult<Option<reward_events::Model>> {
    let model = reward_events::ActiveModel {
        user_id: Set(change.user_id),
        rule: Set(change.rule.to_owned()),
        entry: Set(row.entry),
        cycle: Set(row.cycle),
        points: Set(row.points as i32),
        rule_points: Set(row.rule_points),
        source_kind: Set(change.source.kind),
        source_id: Set(change.source.id),
        actor_id: Set(change.actor_id),
        thread_id: Set(change.source.thread_id),
        course_id: Set(change.source.course_id),
        reverses_id: Set(row.reverses_id),
        created_at: Set(now),
        ..Default::default()
    };
    let inserted = reward_events::Entity::insert(model)
        .on_conflict(
            OnConflict::columns([
                reward_events::Column::UserId,
                reward_events::Column::Rule,
                reward_events::Column::SourceKind,
                reward_events::Column::SourceId,
                reward_events::Column::ActorId,
                reward_events::Column::Cycle,
                reward_events::Column::Entry,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_with_returning_many(db)
        .await?;
    Ok(inserted.into_iter().next())
}

/// Adds one appended ledger row to the sums kept beside the ledger: its
/// member's daily sums and the analytics rollups. In the transaction that
/// appended it, under the member's balance lock.
pub async fn add_to_sums(
    db: &impl Db,
    reporting_zone: chrono_tz::Tz,
    row: &reward_events::Model,
) -> ApiResult<()> {
    add_row_to_daily(db, row).await?;
    add_to_rollups(db, reporting_zone, std::slice::from_ref(row)).await
}

/// Adds appended ledger rows to the analytics rollups (`rewardMetrics`), in
/// the transaction that appended them. Their rows are shared by every
/// member of a shard, so concurrent transactions meet on them: each takes
/// them last, once, in key order (one statement per table), or two votes
/// that touch the same rules in a different order deadlock (seen in the vote
/// storm benchmark: a second's wait, then one vote refused).
async fn add_to_rollups(
    db: &impl Db,
    reporting_zone: chrono_tz::Tz,
    rows: &[reward_events::Model],
) -> ApiResult<()> {
    // No rows: an empty fold, no statement.
    Ok(reward_rollups::add(db, reporting_zone, rows).await?)
}

/// Adds an appended ledger row to its member's daily sums (the daily cap,
/// `rewardSummary`), under the member's balance lock.
async fn add_row_to_daily(db: &impl Db, row: &reward_events::Model) -> ApiResult<()> {
    let day = row.created_at.date_naive();
    add_to_daily(db, row.user_id, day, &row.rule, i64::from(row.points)).await
}

async fn add_to_daily(
    db: &impl Db,
    user_id: i64,
    day: NaiveDate,
    rule: &str,
    points: i64,
) -> ApiResult<()> {
    reward_daily::Entity::insert(reward_daily::ActiveModel {
        user_id: Set(user_id),
        day: Set(day),
        rule: Set(rule.to_owned()),
        points: Set(points),
        entries: Set(1),
    })
    .on_conflict(
        OnConflict::columns([
            reward_daily::Column::UserId,
            reward_daily::Column::Day,
            reward_daily::Column::Rule,
        ])
        .value(
            reward_daily::Column::Points,
            Expr::col((reward_daily::Entity, reward_daily::Column::Points)).add(points),
        )
        .value(
            reward_daily::Column::Entries,
            Expr::col((reward_daily::Entity, reward_daily::Column::Entries)).add(1),
        )
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

async fn notify_level_up(
    db: &impl Db,
    user_id: i64,
    level: Level,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    notifications::Entity::insert(notifications::ActiveModel {
        user_id: Set(user_id),
        kind: Set(notifications::Kind::LevelUp),
        actor_id: Set(None),
        thread_id: Set(None),
        answer_id: Set(None),
        comment_id: Set(None),
        detail: Set(Some(level.as_str().to_owned())),
        read_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_respects_cap_and_floor() {
        // Under the cap, the rule's points.
        assert_eq!(credit(10, true, 50, 0, 200), 10);
        // Near the cap, what is left; at it, nothing.
        assert_eq!(credit(10, true, 50, 195, 200), 5);
        assert_eq!(credit(10, true, 50, 200, 200), 0);
        // Uncapped rules ignore the cap.
        assert_eq!(credit(15, false, 50, 500, 200), 15);
        // Deductions stop at the floor.
        assert_eq!(credit(-2, true, 10, 0, 200), -2);
        assert_eq!(credit(-2, true, 2, 0, 200), -1);
        assert_eq!(credit(-2, true, 1, 0, 200), 0);
        assert_eq!(credit(-2, false, 0, 0, 200), 0);
    }
}
