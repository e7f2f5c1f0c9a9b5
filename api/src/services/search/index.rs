//! Writing search documents: each source write puts or removes its
//! document in the same transaction, so the index never lags its sources.

use std::collections::{HashMap, HashSet};

use entity::{
    answers, course_tags,
    courses::{self, Status},
    search_documents::{self, Kind},
    thread_tags, threads,
};
use sea_orm::{
    ColumnTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::OnConflict,
};

use super::terms::document_terms;
use crate::{
    error::ApiResult,
    services::{Db, tags},
};

/// A course, thread or answer as the index sees it.
pub struct Document<'a> {
    pub kind: Kind,
    pub ref_id: i64,
    /// The course whose members alone may find it; None: everyone may.
    pub scope_course_id: Option<i64>,
    pub title: &'a str,
    pub tags: &'a [String],
    /// Markdown.
    pub body: &'a str,
}

impl Document<'_> {
    fn active_model(&self) -> search_documents::ActiveModel {
        search_documents::ActiveModel {
            kind: Set(self.kind),
            ref_id: Set(self.ref_id),
            scope_course_id: Set(self.scope_course_id),
            title_terms: Set(document_terms(self.title)),
            tag_terms: Set(document_terms(&self.tags.join(" "))),
            body_terms: Set(document_terms(&crate::text::markdown_to_plain(self.body))),
            ..Default::default()
        }
    }
}

/// Adds or replaces documents.
pub async fn put_many(db: &impl Db, documents: &[Document<'_>]) -> ApiResult<()> {
    if documents.is_empty() {
        return Ok(());
    }
    use search_documents::Column;
    search_documents::Entity::insert_many(documents.iter().map(Document::active_model))
        .on_conflict(
            OnConflict::columns([Column::Kind, Column::RefId])
                .update_columns([
                    Column::ScopeCourseId,
                    Column::TitleTerms,
                    Column::TagTerms,
                    Column::BodyTerms,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn put(db: &impl Db, document: Document<'_>) -> ApiResult<()> {
    put_many(db, std::slice::from_ref(&document)).await
}

pub async fn remove(db: &impl Db, kind: Kind, ref_id: i64) -> ApiResult<()> {
    search_documents::Entity::delete_many()
        .filter(search_documents::Column::Kind.eq(kind))
        .filter(search_documents::Column::RefId.eq(ref_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A published course's document: title; tags; summary and description.
pub fn course_document<'a>(
    course: &'a courses::Model,
    tags: &'a [String],
    body: &'a str,
) -> Document<'a> {
    Document {
        kind: Kind::Course,
        ref_id: course.id,
        scope_course_id: None,
        title: &course.title,
        tags,
        body,
    }
}

/// Puts a course's document if it is published, removes it otherwise.
pub async fn sync_course(db: &impl Db, course: &courses::Model, tags: &[String]) -> ApiResult<()> {
    if course.status != Status::Published {
        return remove(db, Kind::Course, course.id).await;
    }
    let body = format!("{}\n\n{}", course.summary, course.description);
    put(db, course_document(course, tags, &body)).await
}

pub fn thread_document<'a>(thread: &'a threads::Model, tags: &'a [String]) -> Document<'a> {
    Document {
        kind: Kind::Thread,
        ref_id: thread.id,
        scope_course_id: thread.course_id,
        title: &thread.title,
        tags,
        body: &thread.body,
    }
}

pub fn answer_document<'a>(answer: &'a answers::Model, scope: Option<i64>) -> Document<'a> {
    Document {
        kind: Kind::Answer,
        ref_id: answer.id,
        scope_course_id: scope,
        title: "",
        tags: &[],
        body: &answer.body,
    }
}

/// Source ids walked per step when catching up: two index range scans
/// (sources, documents) per step, so a start-up with nothing to do reads
/// each index once instead of probing the documents once per source.
const WALK: u64 = 10_000;
/// Sources indexed per statement when catching up.
const BATCH: usize = 500;

/// Source ids of `kind` after `after`, at most `WALK`, in id order: every
/// row, live or not, so the walk reads the primary key index alone;
/// `index_sources` skips the rows that are not live (few, re-read each
/// walk).
async fn source_ids(db: &impl Db, kind: Kind, after: i64) -> ApiResult<Vec<i64>> {
    async fn ids<E: EntityTrait>(
        db: &impl Db,
        id: impl ColumnTrait,
        after: i64,
    ) -> ApiResult<Vec<i64>> {
        Ok(E::find()
            .select_only()
            .column(id)
            .filter(id.gt(after))
            .order_by_asc(id)
            .limit(WALK)
            .into_tuple::<i64>()
            .all(db)
            .await?)
    }
    match kind {
        Kind::Course => ids::<courses::Entity>(db, courses::Column::Id, after).await,
        Kind::Thread => ids::<threads::Entity>(db, threads::Column::Id, after).await,
        Kind::Answer => ids::<answers::Entity>(db, answers::Column::Id, after).await,
    }
}

/// The next ids of `kind` after `*after` without a document (empty when a
/// step found none), moving `*after` on; None at the end. A step's
/// documents are read as one range of the documents' unique index, a plan
/// that holds whatever the statistics say: an anti-join planned on the
/// stale statistics of a bulk load once scanned every document per source.
async fn next_missing(db: &impl Db, kind: Kind, after: &mut i64) -> ApiResult<Option<Vec<i64>>> {
    let ids = source_ids(db, kind, *after).await?;
    let Some(&last) = ids.last() else {
        return Ok(None);
    };
    let indexed: HashSet<i64> = search_documents::Entity::find()
        .select_only()
        .column(search_documents::Column::RefId)
        .filter(search_documents::Column::Kind.eq(kind))
        .filter(search_documents::Column::RefId.gt(*after))
        .filter(search_documents::Column::RefId.lte(last))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    *after = last;
    Ok(Some(
        ids.into_iter().filter(|id| !indexed.contains(id)).collect(),
    ))
}

fn published_courses() -> sea_orm::Select<courses::Entity> {
    courses::Entity::find().filter(courses::Column::Status.eq(Status::Published))
}

fn live_threads() -> sea_orm::Select<threads::Entity> {
    threads::Entity::find()
        .filter(threads::Column::DeletedAt.is_null())
        .filter(threads::Column::HiddenAt.is_null())
}

fn live_answers() -> sea_orm::Select<answers::Entity> {
    answers::Entity::find()
        .filter(answers::Column::DeletedAt.is_null())
        .filter(answers::Column::HiddenAt.is_null())
}

/// Writes the documents of these sources of `kind` (those still live);
/// returns how many.
async fn index_sources(db: &impl Db, kind: Kind, ids: &[i64]) -> ApiResult<u64> {
    let ids = ids.iter().copied();
    let documents_written = match kind {
        Kind::Course => {
            let courses = published_courses()
                .filter(courses::Column::Id.is_in(ids))
                .order_by_asc(courses::Column::Id)
                .all(db)
                .await?;
            let ids: Vec<i64> = courses.iter().map(|c| c.id).collect();
            let tags = tags::names_of::<course_tags::Entity>(db, &ids).await?;
            let bodies: Vec<String> = courses
                .iter()
                .map(|c| format!("{}\n\n{}", c.summary, c.description))
                .collect();
            let documents: Vec<Document> = courses
                .iter()
                .zip(&bodies)
                .map(|(c, body)| {
                    course_document(c, tags.get(&c.id).map_or(&[][..], Vec::as_slice), body)
                })
                .collect();
            put_many(db, &documents).await?;
            documents.len()
        }
        Kind::Thread => {
            let threads = live_threads()
                .filter(threads::Column::Id.is_in(ids))
                .order_by_asc(threads::Column::Id)
                .all(db)
                .await?;
            let ids: Vec<i64> = threads.iter().map(|t| t.id).collect();
            let tags = tags::names_of::<thread_tags::Entity>(db, &ids).await?;
            let documents: Vec<Document> = threads
                .iter()
                .map(|t| thread_document(t, tags.get(&t.id).map_or(&[][..], Vec::as_slice)))
                .collect();
            put_many(db, &documents).await?;
            documents.len()
        }
        Kind::Answer => {
            let answers = live_answers()
                .filter(answers::Column::Id.is_in(ids))
                .order_by_asc(answers::Column::Id)
                .all(db)
                .await?;
            let thread_ids: Vec<i64> = answers.iter().map(|a| a.thread_id).collect();
            let scopes: HashMap<i64, Option<i64>> = threads::Entity::find()
                .select_only()
                .column(threads::Column::Id)
                .column(threads::Column::CourseId)
                .filter(threads::Column::Id.is_in(thread_ids))
                .into_tuple::<(i64, Option<i64>)>()
                .all(db)
                .await?
                .into_iter()
                .collect();
            let documents: Vec<Document> = answers
                .iter()
                .map(|a| answer_document(a, scopes.get(&a.thread_id).copied().flatten()))
                .collect();
            put_many(db, &documents).await?;
            documents.len()
        }
    };
    Ok(documents_written as u64)
}

/// Indexes every published course, live thread and live answer that has no
/// document yet (rows written by bulk loads such as the seeds, or before the
/// index existed), in batches; `progress` hears the count after each batch.
/// Returns how many documents were written.
#[tracing::instrument(skip_all)]
pub async fn index_missing(db: &impl Db, mut progress: impl FnMut(u64)) -> ApiResult<u64> {
    let mut written = 0;
    let mut analyze_at = ANALYZE_FIRST_AFTER;
    for kind in [Kind::Course, Kind::Thread, Kind::Answer] {
        let mut after = 0;
        while let Some(missing) = next_missing(db, kind, &mut after).await? {
            for batch in missing.chunks(BATCH) {
                written += index_sources(db, kind, batch).await?;
                progress(written);
                if written >= analyze_at {
                    refresh_statistics(db).await?;
                    analyze_at = written * 2;
                }
            }
        }
    }
    Ok(written)
}

/// Documents written before the documents' statistics are refreshed, and
/// again each time the count doubles. Planned on the statistics of the
/// empty table of a fresh bulk load, each step's lookup of its documents
/// scanned the whole table (a second per step at scale, the catch-up taking
/// most of an hour) until autovacuum got round to it.
const ANALYZE_FIRST_AFTER: u64 = 10_000;

async fn refresh_statistics(db: &impl Db) -> ApiResult<()> {
    // SQLite's planner takes an index without statistics.
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("ANALYZE search_documents").await?;
    }
    Ok(())
}
