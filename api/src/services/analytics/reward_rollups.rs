//! The points ledger's rollups for `rewardMetrics` (see migration 12): per
//! reporting day, rule and shard; and per UTC month and member, the points
//! gained. The ledger folds each row it appends in its own transaction;
//! `rebuild` folds the whole ledger again (after the scale seed replays it).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use entity::{analytics_reward_days, analytics_reward_months, reward_events, reward_events::Entry};
use futures_util::TryStreamExt;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QuerySelect, Set, StreamTrait};

use super::store::day_number;

/// Shards of a day and rule: concurrent ledger writes of one rule update
/// different rows unless their members share `user_id % SHARDS`.
pub const SHARDS: i64 = 8;

/// Rows per upsert statement.
const CHUNK: usize = 1000;

/// A UTC month as a number: `year * 12 + month - 1`.
pub fn utc_month(at: DateTime<Utc>) -> i32 {
    at.year() * 12 + at.month0() as i32
}

/// Ledger rows folded: (day, rule, shard) → (issued, reversed, entries),
/// and (month, user) → gained.
#[derive(Debug, Default, PartialEq)]
pub struct Fold {
    pub days: BTreeMap<(i32, String, i32), (i64, i64, i64)>,
    pub months: BTreeMap<(i32, i64), i64>,
}

impl Fold {
    pub fn add(&mut self, zone: Tz, row: &LedgerRow) {
        let day = day_number(row.created_at, zone);
        let shard = row.user_id.rem_euclid(SHARDS) as i32;
        let points = i64::from(row.points);
        let sums = self.days.entry((day, row.rule.clone(), shard)).or_default();
        match row.entry {
            Entry::Award => sums.0 += points,
            Entry::Reversal => sums.1 -= points,
        }
        sums.2 += 1;
        if points > 0 {
            *self
                .months
                .entry((utc_month(row.created_at), row.user_id))
                .or_default() += points;
        }
    }

    /// Adds the fold to the stored rollups.
    pub async fn write(&self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        use analytics_reward_days::Column as D;
        use analytics_reward_months::Column as M;
        let days: Vec<_> = self.days.iter().collect();
        for chunk in days.chunks(CHUNK) {
            analytics_reward_days::Entity::insert_many(chunk.iter().map(
                |&((day, rule, shard), &(issued, reversed, entries))| {
                    analytics_reward_days::ActiveModel {
                        day: Set(*day),
                        rule: Set(rule.clone()),
                        shard: Set(*shard),
                        issued: Set(issued),
                        reversed: Set(reversed),
                        entries: Set(entries),
                    }
                },
            ))
            .on_conflict(
                OnConflict::columns([D::Day, D::Rule, D::Shard])
                    .value(D::Issued, add_excluded("analytics_reward_days", "issued"))
                    .value(
                        D::Reversed,
                        add_excluded("analytics_reward_days", "reversed"),
                    )
                    .value(D::Entries, add_excluded("analytics_reward_days", "entries"))
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        }
        let months: Vec<_> = self.months.iter().collect();
        for chunk in months.chunks(CHUNK) {
            analytics_reward_months::Entity::insert_many(chunk.iter().map(
                |&(&(month, user_id), &gained)| analytics_reward_months::ActiveModel {
                    month: Set(month),
                    user_id: Set(user_id),
                    gained: Set(gained),
                },
            ))
            .on_conflict(
                OnConflict::columns([M::Month, M::UserId])
                    .value(M::Gained, add_excluded("analytics_reward_months", "gained"))
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        }
        Ok(())
    }
}

fn add_excluded(table: &str, column: &str) -> Expr {
    Expr::cust(format!("{table}.{column} + excluded.{column}"))
}

/// What the rollups read of a ledger row.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct LedgerRow {
    pub user_id: i64,
    pub rule: String,
    pub entry: Entry,
    pub points: i32,
    pub created_at: DateTime<Utc>,
}

impl From<&reward_events::Model> for LedgerRow {
    fn from(row: &reward_events::Model) -> Self {
        LedgerRow {
            user_id: row.user_id,
            rule: row.rule.clone(),
            entry: row.entry,
            points: row.points,
            created_at: row.created_at,
        }
    }
}

/// Folds ledger rows just appended (in the caller's transaction).
pub async fn add(
    db: &impl ConnectionTrait,
    zone: Tz,
    rows: &[reward_events::Model],
) -> Result<(), DbErr> {
    let mut fold = Fold::default();
    for row in rows {
        fold.add(zone, &LedgerRow::from(row));
    }
    fold.write(db).await
}

/// Empties the rollups and folds the whole ledger again, in `zone`'s days
/// (in the caller's transaction). Streams the ledger: memory holds the
/// fold, not the rows.
pub async fn rebuild<C: ConnectionTrait + StreamTrait>(db: &C, zone: Tz) -> Result<(), DbErr> {
    use reward_events::Column as R;
    analytics_reward_days::Entity::delete_many()
        .exec(db)
        .await?;
    analytics_reward_months::Entity::delete_many()
        .exec(db)
        .await?;
    let mut fold = Fold::default();
    let mut rows = reward_events::Entity::find()
        .select_only()
        .columns([R::UserId, R::Rule, R::Entry, R::Points, R::CreatedAt])
        .into_model::<LedgerRow>()
        .stream(db)
        .await?;
    while let Some(row) = rows.try_next().await? {
        fold.add(zone, &row);
    }
    drop(rows);
    fold.write(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(user_id: i64, rule: &str, entry: Entry, points: i32, at: &str) -> LedgerRow {
        LedgerRow {
            user_id,
            rule: rule.to_owned(),
            entry,
            points,
            created_at: at.parse().unwrap(),
        }
    }

    #[test]
    fn rows_fold_by_reporting_day_and_utc_month() {
        let mut fold = Fold::default();
        let shanghai = chrono_tz::Asia::Shanghai;
        // 2026-02-28 20:00 UTC is already March 1st in Shanghai.
        fold.add(
            shanghai,
            &row(9, "UP", Entry::Award, 10, "2026-02-28T20:00:00Z"),
        );
        fold.add(
            shanghai,
            &row(17, "UP", Entry::Award, 10, "2026-03-01T01:00:00Z"),
        );
        fold.add(
            shanghai,
            &row(9, "UP", Entry::Reversal, -10, "2026-03-01T02:00:00Z"),
        );
        fold.add(
            shanghai,
            &row(9, "DOWN", Entry::Award, -2, "2026-03-01T03:00:00Z"),
        );
        let march_1 = day_number("2026-03-01T00:00:00Z".parse().unwrap(), Tz::UTC);
        // Users 9 and 17 share shard 1.
        assert_eq!(fold.days[&(march_1, "UP".to_owned(), 1)], (20, 10, 3));
        assert_eq!(fold.days[&(march_1, "DOWN".to_owned(), 1)], (-2, 0, 1));
        assert_eq!(fold.days.len(), 2);
        // Months are UTC; only gains count.
        assert_eq!(fold.months[&(2026 * 12 + 1, 9)], 10);
        assert_eq!(fold.months[&(2026 * 12 + 2, 17)], 10);
        assert_eq!(fold.months.len(), 2);
    }
}
