//! Analytics and experiments: the event log (server-recorded and
//! client-reported events), the rollups the metrics read (one row per
//! member and day in the reporting time zone, and each member's sign-up and
//! first-post days, both maintained by the event writer as it inserts), and
//! A/B experiments with their once-only exposures.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn index(name: &str, table: impl IntoIden, columns: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(big_pk_auto(Events::Id))
                    .col(string_len(Events::Kind, 32))
                    .col(big_integer_null(Events::UserId))
                    .col(string_len_null(Events::SubjectKind, 24))
                    .col(big_integer_null(Events::SubjectId))
                    .col(string_len(Events::Source, 8))
                    .col(text_null(Events::Props))
                    .col(timestamp_with_time_zone(Events::OccurredAt))
                    .col(timestamp_with_time_zone(Events::RecordedAt))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_events_kind_time",
                vec![Events::Kind.into_iden(), Events::OccurredAt.into_iden()],
            ),
            (
                "idx_events_user_time",
                vec![Events::UserId.into_iden(), Events::OccurredAt.into_iden()],
            ),
            ("idx_events_time", vec![Events::OccurredAt.into_iden()]),
        ] {
            manager
                .create_index(index(name, Events::Table, columns))
                .await?;
        }

        // One row per member and active day (days since 1970-01-01 in the
        // reporting time zone); `flags` ORs what they did that day.
        manager
            .create_table(
                Table::create()
                    .table(AnalyticsDailyUsers::Table)
                    .col(integer(AnalyticsDailyUsers::Day))
                    .col(big_integer(AnalyticsDailyUsers::UserId))
                    .col(integer(AnalyticsDailyUsers::Flags))
                    .col(integer(AnalyticsDailyUsers::Events))
                    .primary_key(
                        Index::create()
                            .col(AnalyticsDailyUsers::Day)
                            .col(AnalyticsDailyUsers::UserId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_analytics_daily_users_user",
                AnalyticsDailyUsers::Table,
                vec![
                    AnalyticsDailyUsers::UserId.into_iden(),
                    AnalyticsDailyUsers::Day.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnalyticsMembers::Table)
                    .col(big_integer(AnalyticsMembers::UserId).primary_key())
                    .col(integer_null(AnalyticsMembers::SignedUpDay))
                    .col(integer_null(AnalyticsMembers::FirstPostDay))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            (
                "idx_analytics_members_signed_up",
                AnalyticsMembers::SignedUpDay,
            ),
            (
                "idx_analytics_members_first_post",
                AnalyticsMembers::FirstPostDay,
            ),
        ] {
            manager
                .create_index(index(
                    name,
                    AnalyticsMembers::Table,
                    vec![column.into_iden()],
                ))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Experiments::Table)
                    .col(big_pk_auto(Experiments::Id))
                    .col(string_len_uniq(Experiments::Key, 64))
                    .col(text_null(Experiments::Description))
                    .col(text(Experiments::Variants))
                    .col(string_len(Experiments::Metric, 32))
                    .col(string_len(Experiments::Status, 16))
                    .col(big_integer_null(Experiments::CreatedBy))
                    .col(timestamp_with_time_zone(Experiments::CreatedAt))
                    .col(timestamp_with_time_zone_null(Experiments::StartedAt))
                    .col(timestamp_with_time_zone_null(Experiments::StoppedAt))
                    .to_owned(),
            )
            .await?;
        // One row per experiment and user: the first exposure fixes the
        // variant for good.
        manager
            .create_table(
                Table::create()
                    .table(ExperimentExposures::Table)
                    .col(big_integer(ExperimentExposures::ExperimentId))
                    .col(big_integer(ExperimentExposures::UserId))
                    .col(string_len(ExperimentExposures::Variant, 32))
                    .col(timestamp_with_time_zone(ExperimentExposures::ExposedAt))
                    .primary_key(
                        Index::create()
                            .col(ExperimentExposures::ExperimentId)
                            .col(ExperimentExposures::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ExperimentExposures::Table,
                                ExperimentExposures::ExperimentId,
                            )
                            .to(Experiments::Table, Experiments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_experiment_exposures_variant",
                ExperimentExposures::Table,
                vec![
                    ExperimentExposures::ExperimentId.into_iden(),
                    ExperimentExposures::Variant.into_iden(),
                ],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ExperimentExposures::Table.into_iden(),
            Experiments::Table.into_iden(),
            AnalyticsMembers::Table.into_iden(),
            AnalyticsDailyUsers::Table.into_iden(),
            Events::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Kind,
    UserId,
    SubjectKind,
    SubjectId,
    Source,
    Props,
    OccurredAt,
    RecordedAt,
}

#[derive(DeriveIden)]
enum AnalyticsDailyUsers {
    Table,
    Day,
    UserId,
    Flags,
    Events,
}

#[derive(DeriveIden)]
enum AnalyticsMembers {
    Table,
    UserId,
    SignedUpDay,
    FirstPostDay,
}

#[derive(DeriveIden)]
enum Experiments {
    Table,
    Id,
    Key,
    Description,
    Variants,
    Metric,
    Status,
    CreatedBy,
    CreatedAt,
    StartedAt,
    StoppedAt,
}

#[derive(DeriveIden)]
enum ExperimentExposures {
    Table,
    ExperimentId,
    UserId,
    Variant,
    ExposedAt,
}
