use sea_orm::entity::prelude::*;

/// What a search document stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Kind {
    #[sea_orm(string_value = "COURSE")]
    Course,
    #[sea_orm(string_value = "THREAD")]
    Thread,
    #[sea_orm(string_value = "ANSWER")]
    Answer,
}

/// One searchable course, thread or answer: its words as index terms
/// (segmented, lower-cased, stemmed). PostgreSQL indexes them in a
/// generated `tsvector` column, SQLite in the `search_fts` FTS5 table.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: Kind,
    pub ref_id: i64,
    /// The course whose members alone may find it; NULL: everyone may.
    pub scope_course_id: Option<i64>,
    pub title_terms: String,
    pub tag_terms: String,
    pub body_terms: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
