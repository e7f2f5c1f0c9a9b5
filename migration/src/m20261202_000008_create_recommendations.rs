//! Recommendations in the product: trained models stored versioned (the
//! artefact with its parameters, metrics and provenance; a row is also the
//! record of its training run), which model is served (an append-only
//! activation history: the newest row wins, so a rollback is one insert),
//! course views as a signal, and impressions and clicks for the online
//! comparison of model versions.

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
                    .table(RecommenderModels::Table)
                    .col(big_pk_auto(RecommenderModels::Id))
                    .col(string_len(RecommenderModels::Status, 16))
                    .col(string_len(RecommenderModels::RequestedKind, 16))
                    .col(string_len_null(RecommenderModels::Kind, 16))
                    .col(integer(RecommenderModels::SignalsVersion))
                    .col(big_integer_null(RecommenderModels::ArtifactBytes))
                    .col(text_null(RecommenderModels::Params))
                    .col(text_null(RecommenderModels::Metrics))
                    .col(big_integer(RecommenderModels::Users).default(0))
                    .col(big_integer(RecommenderModels::Items).default(0))
                    .col(big_integer(RecommenderModels::Interactions).default(0))
                    .col(integer_null(RecommenderModels::GroupCount))
                    .col(double_null(RecommenderModels::Silhouette))
                    .col(big_integer(RecommenderModels::Seed))
                    .col(string_len(RecommenderModels::Trigger, 16))
                    .col(big_integer_null(RecommenderModels::StartedBy))
                    .col(string_len(RecommenderModels::Stage, 32))
                    .col(double(RecommenderModels::Progress).default(0.0))
                    .col(timestamp_with_time_zone(RecommenderModels::StartedAt))
                    .col(timestamp_with_time_zone(RecommenderModels::HeartbeatAt))
                    .col(timestamp_with_time_zone_null(RecommenderModels::FinishedAt))
                    .col(double_null(RecommenderModels::FitSeconds))
                    .col(text_null(RecommenderModels::Error))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_recommender_models_status",
                RecommenderModels::Table,
                vec![
                    RecommenderModels::Status.into_iden(),
                    RecommenderModels::Id.into_iden(),
                ],
            ))
            .await?;

        // Apart from the run's row so that listing models never reads a blob.
        manager
            .create_table(
                Table::create()
                    .table(RecommenderArtifacts::Table)
                    .col(big_integer(RecommenderArtifacts::ModelId).primary_key())
                    .col(integer(RecommenderArtifacts::FormatVersion))
                    .col(blob(RecommenderArtifacts::Bytes))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecommenderArtifacts::Table, RecommenderArtifacts::ModelId)
                            .to(RecommenderModels::Table, RecommenderModels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RecommenderActivations::Table)
                    .col(big_pk_auto(RecommenderActivations::Id))
                    .col(big_integer(RecommenderActivations::ModelId))
                    .col(big_integer_null(RecommenderActivations::ChallengerId))
                    .col(double(RecommenderActivations::ChallengerShare).default(0.0))
                    .col(string_len_null(RecommenderActivations::ExperimentKey, 64))
                    .col(big_integer_null(RecommenderActivations::ActivatedBy))
                    .col(timestamp_with_time_zone(
                        RecommenderActivations::ActivatedAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                RecommenderActivations::Table,
                                RecommenderActivations::ModelId,
                            )
                            .to(RecommenderModels::Table, RecommenderModels::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                RecommenderActivations::Table,
                                RecommenderActivations::ChallengerId,
                            )
                            .to(RecommenderModels::Table, RecommenderModels::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CourseViews::Table)
                    .col(big_pk_auto(CourseViews::Id))
                    .col(big_integer(CourseViews::UserId))
                    .col(big_integer(CourseViews::CourseId))
                    .col(timestamp_with_time_zone(CourseViews::ViewedAt))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_course_views_user",
                vec![
                    CourseViews::UserId.into_iden(),
                    CourseViews::CourseId.into_iden(),
                ],
            ),
            (
                "idx_course_views_course",
                vec![CourseViews::CourseId.into_iden()],
            ),
        ] {
            manager
                .create_index(index(name, CourseViews::Table, columns))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(RecommendationImpressions::Table)
                    .col(string_len(RecommendationImpressions::Id, 36).primary_key())
                    .col(big_integer_null(RecommendationImpressions::UserId))
                    .col(string_len(RecommendationImpressions::Surface, 24))
                    .col(big_integer_null(RecommendationImpressions::ModelId))
                    .col(string_len(RecommendationImpressions::Variant, 16))
                    .col(string_len(RecommendationImpressions::ItemType, 8))
                    .col(big_integer(RecommendationImpressions::ItemId))
                    .col(integer(RecommendationImpressions::Position))
                    .col(string_len(RecommendationImpressions::Explanation, 24))
                    .col(timestamp_with_time_zone(
                        RecommendationImpressions::CreatedAt,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_recommendation_impressions_time",
                RecommendationImpressions::Table,
                vec![
                    RecommendationImpressions::CreatedAt.into_iden(),
                    RecommendationImpressions::ModelId.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RecommendationClicks::Table)
                    .col(string_len(RecommendationClicks::ImpressionId, 36).primary_key())
                    .col(big_integer_null(RecommendationClicks::UserId))
                    .col(timestamp_with_time_zone(RecommendationClicks::ClickedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RecommendationClicks::Table.into_iden(),
            RecommendationImpressions::Table.into_iden(),
            CourseViews::Table.into_iden(),
            RecommenderActivations::Table.into_iden(),
            RecommenderArtifacts::Table.into_iden(),
            RecommenderModels::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum RecommenderModels {
    Table,
    Id,
    Status,
    RequestedKind,
    Kind,
    SignalsVersion,
    ArtifactBytes,
    Params,
    Metrics,
    Users,
    Items,
    Interactions,
    GroupCount,
    Silhouette,
    Seed,
    Trigger,
    StartedBy,
    Stage,
    Progress,
    StartedAt,
    HeartbeatAt,
    FinishedAt,
    FitSeconds,
    Error,
}

#[derive(DeriveIden)]
enum RecommenderArtifacts {
    Table,
    ModelId,
    FormatVersion,
    Bytes,
}

#[derive(DeriveIden)]
enum RecommenderActivations {
    Table,
    Id,
    ModelId,
    ChallengerId,
    ChallengerShare,
    ExperimentKey,
    ActivatedBy,
    ActivatedAt,
}

#[derive(DeriveIden)]
enum CourseViews {
    Table,
    Id,
    UserId,
    CourseId,
    ViewedAt,
}

#[derive(DeriveIden)]
enum RecommendationImpressions {
    Table,
    Id,
    UserId,
    Surface,
    ModelId,
    Variant,
    ItemType,
    ItemId,
    Position,
    Explanation,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecommendationClicks {
    Table,
    ImpressionId,
    UserId,
    ClickedAt,
}
