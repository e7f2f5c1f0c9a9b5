use sea_orm::entity::prelude::*;

/// A learner's purchase of a course, and the record of it: never deleted; a
/// refund sets `refunded_at` and access ends.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrollments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub course_id: i64,
    /// The course's price at the moment of enrolment.
    pub price_paid_cents: i64,
    pub currency: String,
    /// The client's key for this purchase: a replay returns this row.
    pub idempotency_key: String,
    pub created_at: DateTimeUtc,
    /// When the learner had completed every lesson.
    pub completed_at: Option<DateTimeUtc>,
    pub refunded_at: Option<DateTimeUtc>,
    pub refund_reason: Option<String>,
    /// Who granted the refund (the learner or a staff member).
    pub refunded_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::courses::Entity",
        from = "Column::CourseId",
        to = "super::courses::Column::Id"
    )]
    Course,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id"
    )]
    User,
}

impl Related<super::courses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Course.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
