use sea_orm::entity::prelude::*;

/// A click on an impression; at most one per impression (the key).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recommendation_clicks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub impression_id: String,
    pub user_id: Option<i64>,
    pub clicked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
