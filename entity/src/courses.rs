use sea_orm::entity::prelude::*;

/// Who a course is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Level {
    #[sea_orm(string_value = "BEGINNER")]
    Beginner,
    #[sea_orm(string_value = "INTERMEDIATE")]
    Intermediate,
    #[sea_orm(string_value = "ADVANCED")]
    Advanced,
}

/// A course's lifecycle: drafts are private, archived courses stay readable
/// to their learners but leave the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Status {
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    #[sea_orm(string_value = "PUBLISHED")]
    Published,
    #[sea_orm(string_value = "ARCHIVED")]
    Archived,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub creator_id: i64,
    pub title: String,
    #[sea_orm(unique)]
    pub slug: String,
    pub summary: String,
    /// Markdown as the creator wrote it.
    pub description: String,
    /// The description rendered and sanitised, at write time.
    pub description_html: String,
    pub level: Level,
    pub price_cents: i64,
    /// ISO 4217, upper case.
    pub currency: String,
    pub cover_url: Option<String>,
    pub status: Status,
    /// Enrolments not refunded.
    pub enrollment_count: i64,
    pub rating_count: i64,
    pub rating_sum: i64,
    /// Bayesian average of the ratings (the TOP_RATED order).
    pub rating_score: f64,
    /// Reviews giving 1, 2, 3, 4 and 5 stars (the rating histogram).
    pub stars_1: i64,
    pub stars_2: i64,
    pub stars_3: i64,
    pub stars_4: i64,
    pub stars_5: i64,
    pub lesson_count: i32,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::CreatorId",
        to = "super::users::Column::Id"
    )]
    Creator,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Creator.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// How many reviews gave 1, 2, 3, 4 and 5 stars.
    pub fn histogram(&self) -> [i64; 5] {
        [
            self.stars_1,
            self.stars_2,
            self.stars_3,
            self.stars_4,
            self.stars_5,
        ]
    }
}

/// The column counting reviews of `stars` (1–5).
pub fn stars_column(stars: i16) -> Option<Column> {
    match stars {
        1 => Some(Column::Stars1),
        2 => Some(Column::Stars2),
        3 => Some(Column::Stars3),
        4 => Some(Column::Stars4),
        5 => Some(Column::Stars5),
        _ => None,
    }
}
