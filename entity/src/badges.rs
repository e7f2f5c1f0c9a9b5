use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum Tier {
    #[sea_orm(string_value = "BRONZE")]
    Bronze,
    #[sea_orm(string_value = "SILVER")]
    Silver,
    #[sea_orm(string_value = "GOLD")]
    Gold,
}

/// A badge's definition: its evaluator is chosen by key, its threshold is
/// data.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "badges")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub tier: Tier,
    pub threshold: i64,
    pub name: String,
    pub description: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
