//! Atomic attempt counters for rate limits: one row per key (an account or a
//! client address), incremented with a single upsert before the guarded work
//! runs, so parallel requests cannot all pass a check-then-record race.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RateLimitCounters::Table)
                    .col(string_len(RateLimitCounters::Key, 320).primary_key())
                    .col(timestamp_with_time_zone(RateLimitCounters::WindowStartedAt))
                    .col(integer(RateLimitCounters::Attempts))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_limit_counters_window")
                    .table(RateLimitCounters::Table)
                    .col(RateLimitCounters::WindowStartedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RateLimitCounters::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RateLimitCounters {
    Table,
    Key,
    WindowStartedAt,
    Attempts,
}
