//! Moderation: members' reports grouped into queue items, the append-only
//! moderation log, watched words for auto-moderation, and the curation
//! state of posts (pinned, hidden, closed as a duplicate, merged).
//!
//! "One open report per reporter and target" and "one open queue item per
//! target" are partial unique indexes, so concurrent reports fold into one
//! item without a check-then-insert.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns this migration adds to existing tables, per table.
fn added_columns() -> Vec<(DynIden, Vec<ColumnDef>)> {
    vec![
        (
            Threads::Table.into_iden(),
            vec![
                timestamp_with_time_zone_null(Threads::PinnedAt),
                string_len_null(Threads::PinScope, 16),
                big_integer_null(Threads::PinnedBy),
                timestamp_with_time_zone_null(Threads::HiddenAt),
                string_len_null(Threads::HiddenReason, 32),
                big_integer_null(Threads::DuplicateOfId),
                big_integer_null(Threads::MergedIntoId),
            ],
        ),
        (
            Answers::Table.into_iden(),
            vec![
                timestamp_with_time_zone_null(Answers::HiddenAt),
                string_len_null(Answers::HiddenReason, 32),
            ],
        ),
        (
            Comments::Table.into_iden(),
            vec![
                timestamp_with_time_zone_null(Comments::HiddenAt),
                string_len_null(Comments::HiddenReason, 32),
            ],
        ),
    ]
}

fn index(name: &str, table: impl IntoIden, columns: &[DynIden]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column.clone());
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, columns) in added_columns() {
            for mut column in columns {
                manager
                    .alter_table(
                        Table::alter()
                            .table(table.clone())
                            .add_column(&mut column)
                            .to_owned(),
                    )
                    .await?;
            }
        }

        manager
            .create_table(
                Table::create()
                    .table(ModerationItems::Table)
                    .col(big_pk_auto(ModerationItems::Id))
                    .col(string_len(ModerationItems::TargetType, 16))
                    .col(big_integer(ModerationItems::TargetId))
                    .col(big_integer_null(ModerationItems::RelatedUserId))
                    .col(string_len(ModerationItems::Source, 16))
                    .col(string_len(ModerationItems::Status, 16))
                    .col(double(ModerationItems::Weight))
                    .col(integer(ModerationItems::ReportCount))
                    .col(string_len_null(ModerationItems::TopReason, 16))
                    .col(text_null(ModerationItems::Detail))
                    .col(boolean(ModerationItems::AutoHidden))
                    .col(timestamp_with_time_zone(ModerationItems::CreatedAt))
                    .col(timestamp_with_time_zone(ModerationItems::UpdatedAt))
                    .col(timestamp_with_time_zone_null(ModerationItems::ResolvedAt))
                    .col(big_integer_null(ModerationItems::ResolvedBy))
                    .col(string_len_null(ModerationItems::Resolution, 16))
                    .col(text_null(ModerationItems::ResolutionNote))
                    .to_owned(),
            )
            .await?;
        // One open item per target (vote rings: per pair, below).
        manager
            .create_index(
                Index::create()
                    .name("ux_moderation_items_open_target")
                    .table(ModerationItems::Table)
                    .col(ModerationItems::TargetType)
                    .col(ModerationItems::TargetId)
                    .unique()
                    .and_where(Expr::col(ModerationItems::Status).eq("OPEN"))
                    .and_where(Expr::col(ModerationItems::Source).ne("VOTE_RING"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_moderation_items_open_ring")
                    .table(ModerationItems::Table)
                    .col(ModerationItems::TargetId)
                    .col(ModerationItems::RelatedUserId)
                    .unique()
                    .and_where(Expr::col(ModerationItems::Status).eq("OPEN"))
                    .and_where(Expr::col(ModerationItems::Source).eq("VOTE_RING"))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_moderation_items_weight",
                vec![
                    ModerationItems::Status.into_iden(),
                    ModerationItems::Weight.into_iden(),
                    ModerationItems::Id.into_iden(),
                ],
            ),
            (
                "idx_moderation_items_status",
                vec![
                    ModerationItems::Status.into_iden(),
                    ModerationItems::Id.into_iden(),
                ],
            ),
            (
                "idx_moderation_items_target",
                vec![
                    ModerationItems::TargetType.into_iden(),
                    ModerationItems::TargetId.into_iden(),
                ],
            ),
        ] {
            manager
                .create_index(index(name, ModerationItems::Table, &columns))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(big_pk_auto(Reports::Id))
                    .col(big_integer(Reports::ItemId))
                    .col(big_integer(Reports::ReporterId))
                    .col(string_len(Reports::TargetType, 16))
                    .col(big_integer(Reports::TargetId))
                    .col(string_len(Reports::Reason, 16))
                    .col(text_null(Reports::Note))
                    .col(double(Reports::Weight))
                    .col(string_len(Reports::Status, 16))
                    .col(timestamp_with_time_zone(Reports::CreatedAt))
                    .col(timestamp_with_time_zone_null(Reports::ResolvedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_item")
                            .from(Reports::Table, Reports::ItemId)
                            .to(ModerationItems::Table, ModerationItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_reporter")
                            .from(Reports::Table, Reports::ReporterId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One open report per reporter and target, whatever the concurrency.
        manager
            .create_index(
                Index::create()
                    .name("ux_reports_open")
                    .table(Reports::Table)
                    .col(Reports::ReporterId)
                    .col(Reports::TargetType)
                    .col(Reports::TargetId)
                    .unique()
                    .and_where(Expr::col(Reports::Status).eq("OPEN"))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_reports_item",
                vec![Reports::ItemId.into_iden(), Reports::Id.into_iden()],
            ),
            (
                "idx_reports_reporter",
                vec![Reports::ReporterId.into_iden(), Reports::Status.into_iden()],
            ),
        ] {
            manager
                .create_index(index(name, Reports::Table, &columns))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ModerationLog::Table)
                    .col(big_pk_auto(ModerationLog::Id))
                    .col(big_integer_null(ModerationLog::ActorId))
                    .col(string_len(ModerationLog::Action, 32))
                    .col(string_len(ModerationLog::TargetType, 16))
                    .col(big_integer(ModerationLog::TargetId))
                    .col(text_null(ModerationLog::Reason))
                    .col(text_null(ModerationLog::Before))
                    .col(text_null(ModerationLog::After))
                    .col(timestamp_with_time_zone(ModerationLog::CreatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_moderation_log_actor",
                vec![
                    ModerationLog::ActorId.into_iden(),
                    ModerationLog::Id.into_iden(),
                ],
            ),
            (
                "idx_moderation_log_target",
                vec![
                    ModerationLog::TargetType.into_iden(),
                    ModerationLog::TargetId.into_iden(),
                    ModerationLog::Id.into_iden(),
                ],
            ),
            (
                "idx_moderation_log_action",
                vec![
                    ModerationLog::Action.into_iden(),
                    ModerationLog::Id.into_iden(),
                ],
            ),
            (
                "idx_moderation_log_created",
                vec![ModerationLog::CreatedAt.into_iden()],
            ),
        ] {
            manager
                .create_index(index(name, ModerationLog::Table, &columns))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(WatchedWords::Table)
                    .col(big_pk_auto(WatchedWords::Id))
                    .col(string_len_uniq(WatchedWords::Word, 100))
                    .col(string_len(WatchedWords::Action, 16))
                    .col(big_integer(WatchedWords::CreatedBy))
                    .col(timestamp_with_time_zone(WatchedWords::CreatedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "DELETE FROM notifications WHERE kind IN ('MODERATION', 'REPORT_RESOLVED')",
            )
            .await?;
        for table in [
            WatchedWords::Table.into_iden(),
            ModerationLog::Table.into_iden(),
            Reports::Table.into_iden(),
            ModerationItems::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for (table, columns) in added_columns() {
            for column in columns.iter().rev() {
                manager
                    .alter_table(
                        Table::alter()
                            .table(table.clone())
                            .drop_column(column.get_column_name())
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Threads {
    Table,
    PinnedAt,
    PinScope,
    PinnedBy,
    HiddenAt,
    HiddenReason,
    DuplicateOfId,
    MergedIntoId,
}

#[derive(DeriveIden)]
enum Answers {
    Table,
    HiddenAt,
    HiddenReason,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    HiddenAt,
    HiddenReason,
}

#[derive(DeriveIden)]
enum ModerationItems {
    Table,
    Id,
    TargetType,
    TargetId,
    RelatedUserId,
    Source,
    Status,
    Weight,
    ReportCount,
    TopReason,
    Detail,
    AutoHidden,
    CreatedAt,
    UpdatedAt,
    ResolvedAt,
    ResolvedBy,
    Resolution,
    ResolutionNote,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    ItemId,
    ReporterId,
    TargetType,
    TargetId,
    Reason,
    Note,
    Weight,
    Status,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum ModerationLog {
    Table,
    Id,
    ActorId,
    Action,
    TargetType,
    TargetId,
    Reason,
    Before,
    After,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WatchedWords {
    Table,
    Id,
    Word,
    Action,
    CreatedBy,
    CreatedAt,
}
