use sea_orm::entity::prelude::*;

/// Each member's sign-up day and first-post day (days since 1970-01-01 in
/// the reporting time zone), from their events; the earliest wins.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "analytics_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub signed_up_day: Option<i32>,
    pub first_post_day: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
