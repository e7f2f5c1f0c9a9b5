//! The search index over courses, threads and answers, on both backends.
//!
//! Documents hold their words as terms made in Rust (jieba segments
//! Chinese, Snowball stems English; see `services/search/terms.rs`), since
//! neither backend segments Chinese. PostgreSQL ranks a generated
//! `tsvector` (title A, tags B, body C) under a GIN index; SQLite an FTS5
//! table kept in step with the documents by triggers. The courses' old
//! `search_text` column (searched with LIKE, a full scan) goes.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE search_documents ADD COLUMN document tsvector GENERATED ALWAYS AS (
       setweight(to_tsvector('simple', title_terms), 'A')
       || setweight(to_tsvector('simple', tag_terms), 'B')
       || setweight(to_tsvector('simple', body_terms), 'C')) STORED",
    "CREATE INDEX idx_search_documents_document ON search_documents USING GIN (document)",
];

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE search_fts USING fts5(
       title_terms, tag_terms, body_terms,
       content = 'search_documents', content_rowid = 'id',
       tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents BEGIN
       INSERT INTO search_fts (rowid, title_terms, tag_terms, body_terms)
       VALUES (new.id, new.title_terms, new.tag_terms, new.body_terms);
     END",
    "CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN
       INSERT INTO search_fts (search_fts, rowid, title_terms, tag_terms, body_terms)
       VALUES ('delete', old.id, old.title_terms, old.tag_terms, old.body_terms);
     END",
    "CREATE TRIGGER search_documents_update AFTER UPDATE ON search_documents BEGIN
       INSERT INTO search_fts (search_fts, rowid, title_terms, tag_terms, body_terms)
       VALUES ('delete', old.id, old.title_terms, old.tag_terms, old.body_terms);
       INSERT INTO search_fts (rowid, title_terms, tag_terms, body_terms)
       VALUES (new.id, new.title_terms, new.tag_terms, new.body_terms);
     END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER search_documents_update",
    "DROP TRIGGER search_documents_delete",
    "DROP TRIGGER search_documents_insert",
    "DROP TABLE search_fts",
];

async fn run(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchDocuments::Table)
                    .col(big_pk_auto(SearchDocuments::Id))
                    .col(string_len(SearchDocuments::Kind, 16))
                    .col(big_integer(SearchDocuments::RefId))
                    .col(big_integer_null(SearchDocuments::ScopeCourseId))
                    .col(text(SearchDocuments::TitleTerms))
                    .col(text(SearchDocuments::TagTerms))
                    .col(text(SearchDocuments::BodyTerms))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uniq_search_documents_ref")
                    .table(SearchDocuments::Table)
                    .col(SearchDocuments::Kind)
                    .col(SearchDocuments::RefId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A member's share of a search reads their courses' documents only.
        manager
            .create_index(
                Index::create()
                    .name("idx_search_documents_scope")
                    .table(SearchDocuments::Table)
                    .col(SearchDocuments::ScopeCourseId)
                    .to_owned(),
            )
            .await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => run(manager, POSTGRES_UP).await?,
            _ => run(manager, SQLITE_UP).await?,
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::SearchText)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Existing rows need a value; PostgreSQL then drops the default to
        // restore the column exactly (SQLite cannot alter a default).
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(text(Courses::SearchText).default(""))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            run(
                manager,
                &["ALTER TABLE courses ALTER COLUMN search_text DROP DEFAULT"],
            )
            .await?;
        } else {
            run(manager, SQLITE_DOWN).await?;
        }
        manager
            .drop_table(Table::drop().table(SearchDocuments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SearchDocuments {
    Table,
    Id,
    Kind,
    RefId,
    ScopeCourseId,
    TitleTerms,
    TagTerms,
    BodyTerms,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    SearchText,
}
