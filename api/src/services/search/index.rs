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
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::OnConflict,
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

/// Sources indexed per statement when catching up.
const BATCH: u64 = 500;

/// Which of `ids` have no document of `kind`. A batch's ids are looked up in
/// the documents' unique index, a plan that holds whatever the statistics
/// say: an anti-join over the whole table, planned on the stale statistics
/// of a bulk load, once scanned every document for each source row.
async fn unindexed(db: &impl Db, kind: Kind, ids: Vec<i64>) -> ApiResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(ids);
    }
    let indexed: HashSet<i64> = search_documents::Entity::find()
        .select_only()
        .column(search_documents::Column::RefId)
        .filter(search_documents::Column::Kind.eq(kind))
        .filter(search_documents::Column::RefId.is_in(ids.iter().copied()))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(ids.into_iter().filter(|id| !indexed.contains(id)).collect())
}

/// The next batch of ids after `after` that `rows` selects, in id order:
/// None at the end, else the last id seen and those without a document.
async fn next_unindexed<E>(
    db: &impl Db,
    rows: sea_orm::Select<E>,
    id: impl ColumnTrait,
    kind: Kind,
    after: i64,
) -> ApiResult<Option<(i64, Vec<i64>)>>
where
    E: EntityTrait,
{
    let ids: Vec<i64> = rows
        .select_only()
        .column(id)
        .filter(id.gt(after))
        .order_by_asc(id)
        .limit(BATCH)
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let Some(&last) = ids.last() else {
        return Ok(None);
    };
    Ok(Some((last, unindexed(db, kind, ids).await?)))
}

/// Indexes every published course, live thread and live answer that has no
/// document yet (rows written by bulk loads such as the seeds, or before the
/// index existed), in batches; `progress` hears the count after each batch.
/// Returns how many documents were written.
#[tracing::instrument(skip_all)]
pub async fn index_missing(db: &impl Db, mut progress: impl FnMut(u64)) -> ApiResult<u64> {
    let mut written = 0;
    // Each loop walks its table's ids once, reading whole rows only for
    // those without a document.
    let published =
        || courses::Entity::find().filter(courses::Column::Status.eq(Status::Published));
    let mut after = 0;
    while let Some((last, missing)) =
        next_unindexed(db, published(), courses::Column::Id, Kind::Course, after).await?
    {
        after = last;
        if missing.is_empty() {
            continue;
        }
        let courses = published()
            .filter(courses::Column::Id.is_in(missing))
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
        written += documents.len() as u64;
        progress(written);
    }
    let live_threads = || {
        threads::Entity::find()
            .filter(threads::Column::DeletedAt.is_null())
            .filter(threads::Column::HiddenAt.is_null())
    };
    let mut after = 0;
    while let Some((last, missing)) =
        next_unindexed(db, live_threads(), threads::Column::Id, Kind::Thread, after).await?
    {
        after = last;
        if missing.is_empty() {
            continue;
        }
        let threads = live_threads()
            .filter(threads::Column::Id.is_in(missing))
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
        written += documents.len() as u64;
        progress(written);
    }
    let live_answers = || {
        answers::Entity::find()
            .filter(answers::Column::DeletedAt.is_null())
            .filter(answers::Column::HiddenAt.is_null())
    };
    let mut after = 0;
    while let Some((last, missing)) =
        next_unindexed(db, live_answers(), answers::Column::Id, Kind::Answer, after).await?
    {
        after = last;
        if missing.is_empty() {
            continue;
        }
        let answers = live_answers()
            .filter(answers::Column::Id.is_in(missing))
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
        written += documents.len() as u64;
        progress(written);
    }
    Ok(written)
}
