use sea_orm::entity::prelude::*;

/// A trained model's artefact in the engine's binary format
/// (`recommend::artifact`), kept apart from its row so lists never read it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recommender_artifacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub model_id: i64,
    pub format_version: i32,
    pub bytes: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
