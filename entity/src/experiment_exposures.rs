use sea_orm::entity::prelude::*;

/// The first time a user saw an experiment, and the variant they saw: one
/// row per experiment and user, never updated.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "experiment_exposures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub experiment_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub variant: String,
    pub exposed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
