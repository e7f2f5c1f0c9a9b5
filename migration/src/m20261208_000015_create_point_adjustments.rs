//! Points an administrator adds or takes by hand, with the reason. Each is
//! also a row of the ledger (rule STAFF_ADJUSTMENT), so balances still equal
//! the ledger's sum; this table keeps the reason and the client's
//! idempotency key, unique per administrator, so a retried request adjusts
//! once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const ONCE: &str = "ux_point_adjustments_actor_key";
const BY_USER: &str = "idx_point_adjustments_user";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PointAdjustments::Table)
                    .col(big_pk_auto(PointAdjustments::Id))
                    .col(big_integer(PointAdjustments::UserId))
                    .col(big_integer(PointAdjustments::ActorId))
                    .col(integer(PointAdjustments::Points))
                    .col(integer(PointAdjustments::Credited))
                    .col(string_len(PointAdjustments::Reason, 500))
                    .col(string_len(PointAdjustments::IdempotencyKey, 100))
                    .col(big_integer_null(PointAdjustments::RewardEventId))
                    .col(timestamp_with_time_zone(PointAdjustments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_point_adjustments_user")
                            .from(PointAdjustments::Table, PointAdjustments::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_point_adjustments_actor")
                            .from(PointAdjustments::Table, PointAdjustments::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(ONCE)
                    .table(PointAdjustments::Table)
                    .col(PointAdjustments::ActorId)
                    .col(PointAdjustments::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(BY_USER)
                    .table(PointAdjustments::Table)
                    .col(PointAdjustments::UserId)
                    .col(PointAdjustments::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PointAdjustments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PointAdjustments {
    Table,
    Id,
    UserId,
    ActorId,
    Points,
    Credited,
    Reason,
    IdempotencyKey,
    RewardEventId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
