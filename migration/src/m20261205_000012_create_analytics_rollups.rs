//! Rollups of the points ledger for `rewardMetrics`, kept by the ledger in
//! the transaction that appends each row (90 days of a busy ledger are
//! millions of rows; these are thousands):
//!
//! - `analytics_reward_days`: per day (in the reporting time zone, as the
//!   event rollups), rule and shard, the points of awards, the points taken
//!   back by reversals and the rows. The shard (user id mod 8) spreads the
//!   day's hot rows so concurrent ledger writes do not queue on one.
//! - `analytics_reward_months`: per UTC month and member, the points gained
//!   (positive rows only): an upper bound on what the member earned in any
//!   range inside those months, which lets top earners be found by
//!   summing the ledger of a few candidates only.
//!
//! Existing ledger rows are folded in here, with UTC days.
//!
//! And for `communityHealth`, whose statement asks each thread of the range
//! for its first visible answer: an index of visible answers by thread and
//! time answers that from the index alone (90 days at `--scale 1`: 1.7 s →
//! 0.24 s on PostgreSQL).

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Partial (`WHERE`), which the schema builder does not write: plain SQL,
/// the same on both backends.
const VISIBLE_ANSWERS: &str = "idx_answers_visible_thread_time";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AnalyticsRewardDays::Table)
                    .col(integer(AnalyticsRewardDays::Day))
                    .col(string_len(AnalyticsRewardDays::Rule, 32))
                    .col(integer(AnalyticsRewardDays::Shard))
                    .col(big_integer(AnalyticsRewardDays::Issued))
                    .col(big_integer(AnalyticsRewardDays::Reversed))
                    .col(big_integer(AnalyticsRewardDays::Entries))
                    .primary_key(
                        Index::create()
                            .col(AnalyticsRewardDays::Day)
                            .col(AnalyticsRewardDays::Rule)
                            .col(AnalyticsRewardDays::Shard),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnalyticsRewardMonths::Table)
                    .col(integer(AnalyticsRewardMonths::Month))
                    .col(big_integer(AnalyticsRewardMonths::UserId))
                    .col(big_integer(AnalyticsRewardMonths::Gained))
                    .primary_key(
                        Index::create()
                            .col(AnalyticsRewardMonths::Month)
                            .col(AnalyticsRewardMonths::UserId),
                    )
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE INDEX {VISIBLE_ANSWERS} ON answers (thread_id, created_at) \
             WHERE deleted_at IS NULL AND hidden_at IS NULL"
        ))
        .await?;
        let (day, month) = match manager.get_database_backend() {
            DbBackend::Postgres => (
                "CAST(created_at AT TIME ZONE 'UTC' AS DATE) - DATE '1970-01-01'",
                "CAST(EXTRACT(YEAR FROM created_at AT TIME ZONE 'UTC') * 12 \
                 + EXTRACT(MONTH FROM created_at AT TIME ZONE 'UTC') - 1 AS INTEGER)",
            ),
            _ => (
                "CAST(julianday(date(created_at)) - 2440587.5 AS INTEGER)",
                "CAST(strftime('%Y', created_at) AS INTEGER) * 12 \
                 + CAST(strftime('%m', created_at) AS INTEGER) - 1",
            ),
        };
        db.execute_unprepared(&format!(
            "INSERT INTO analytics_reward_days (day, rule, shard, issued, reversed, entries) \
             SELECT {day}, rule, CAST(user_id % 8 AS INTEGER), \
               SUM(CASE WHEN entry = 'AWARD' THEN points ELSE 0 END), \
               -SUM(CASE WHEN entry = 'AWARD' THEN 0 ELSE points END), COUNT(*) \
             FROM reward_events GROUP BY {day}, rule, CAST(user_id % 8 AS INTEGER)"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO analytics_reward_months (month, user_id, gained) \
             SELECT {month}, user_id, SUM(CASE WHEN points > 0 THEN points ELSE 0 END) \
             FROM reward_events GROUP BY {month}, user_id"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!("DROP INDEX {VISIBLE_ANSWERS}"))
            .await?;
        for table in [
            AnalyticsRewardMonths::Table.into_iden(),
            AnalyticsRewardDays::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AnalyticsRewardDays {
    Table,
    Day,
    Rule,
    Shard,
    Issued,
    Reversed,
    Entries,
}

#[derive(DeriveIden)]
enum AnalyticsRewardMonths {
    Table,
    Month,
    UserId,
    Gained,
}
