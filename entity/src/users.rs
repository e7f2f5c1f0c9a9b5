use sea_orm::entity::prelude::*;

/// What a user may do. Stored as text so new roles never need a type migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Role {
    #[sea_orm(string_value = "LEARNER")]
    Learner,
    #[sea_orm(string_value = "CREATOR")]
    Creator,
    #[sea_orm(string_value = "MODERATOR")]
    Moderator,
    #[sea_orm(string_value = "ADMIN")]
    Admin,
}

/// Lifecycle of an account. DELETED rows stay so content keeps an author.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Status {
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "SUSPENDED")]
    Suspended,
    #[sea_orm(string_value = "DELETED")]
    Deleted,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Lower-cased; NULL once the account is deleted.
    #[sea_orm(unique)]
    pub email: Option<String>,
    /// Lower-cased `[a-z0-9_]{3,32}`.
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    /// PHC string (argon2id); NULL once the account is deleted.
    pub password_hash: Option<String>,
    pub role: Role,
    pub status: Status,
    pub suspended_until: Option<DateTimeUtc>,
    pub suspension_reason: Option<String>,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    pub points: i64,
    pub level: i32,
    pub certified_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::sessions::Entity")]
    Sessions,
    #[sea_orm(has_many = "super::user_interests::Entity")]
    UserInterests,
}

impl Related<super::sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sessions.def()
    }
}

impl Related<super::user_interests::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserInterests.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
