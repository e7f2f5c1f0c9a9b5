use sea_orm::entity::prelude::*;

/// A topic label shared by courses, threads and user interests.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Lower-cased, trimmed.
    #[sea_orm(unique)]
    pub name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::user_interests::Entity")]
    UserInterests,
}

impl Related<super::user_interests::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserInterests.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
