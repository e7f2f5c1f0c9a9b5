//! Finding documents: one ranked statement per search, on the backend's own
//! full-text index (never a scan of the sources), and the "matching ids"
//! condition the catalogue and thread lists filter by.

use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement, Value, sea_query::Expr};

use super::{Kind, terms::Query};
use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
    services::pagination::{Cursor, Page, PageRequest},
};

/// Deepest a client may page into one search's results.
pub const MAX_OFFSET: u64 = 1_000;

/// One result: what was found and how well it matched (higher is better).
#[derive(Debug, Clone, FromQueryResult)]
pub struct Hit {
    pub kind: Kind,
    pub ref_id: i64,
    pub relevance: f64,
}

/// Parses the text of a search; BAD_USER_INPUT when it has no word.
pub fn parse(field: &str, text: &str) -> ApiResult<Query> {
    if text.chars().count() > 200 {
        return Err(ApiError::bad_input(
            field,
            "a search is at most 200 characters",
        ));
    }
    Query::parse(text).ok_or_else(|| ApiError::bad_input(field, "search for at least one word"))
}

/// The documents' visibility for the viewer, as SQL over `d` and its values:
/// course-scoped documents only for the course's members.
fn visible(viewer: Option<&Viewer>) -> (String, Vec<Value>) {
    match viewer {
        None => ("d.scope_course_id IS NULL".into(), vec![]),
        Some(viewer) if viewer.has_any_role(STAFF_ROLES) => ("TRUE".into(), vec![]),
        Some(viewer) => (
            "(d.scope_course_id IS NULL \
              OR d.scope_course_id IN (SELECT course_id FROM enrollments \
                                       WHERE user_id = ? AND refunded_at IS NULL) \
              OR d.scope_course_id IN (SELECT id FROM courses WHERE creator_id = ?))"
                .into(),
            vec![viewer.id().into(), viewer.id().into()],
        ),
    }
}

/// Turns sea-query style `?` placeholders into the backend's own.
fn placeholders(backend: DbBackend, sql: &str) -> String {
    if backend != DbBackend::Postgres {
        return sql.to_owned();
    }
    let mut numbered = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            numbered.push_str(&format!("${n}"));
        } else {
            numbered.push(c);
        }
    }
    numbered
}

/// The full-text match over documents `d` as SQL (with `FROM`) and values.
fn matching(backend: DbBackend, query: &Query) -> (String, String, Vec<Value>) {
    match backend {
        DbBackend::Postgres => {
            let (tsquery, terms) = query.tsquery();
            (
                format!("search_documents d, (SELECT {tsquery}) AS q(query)"),
                "d.document @@ q.query".into(),
                terms.into_iter().map(Value::from).collect(),
            )
        }
        _ => (
            "search_fts JOIN search_documents d ON d.id = search_fts.rowid".into(),
            "search_fts MATCH ?".into(),
            vec![query.fts5().into()],
        ),
    }
}

/// Ranks the documents of `kinds` the viewer may see that match `query`:
/// PostgreSQL's `ts_rank_cd` (cover density, title A > tags B > body C) or
/// SQLite's BM25 with the same weights. Offset-paged (relevance has no
/// stable keyset), at most `MAX_OFFSET` deep.
#[tracing::instrument(level = "debug", skip_all, fields(kinds = kinds.len()))]
pub async fn search(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    query: &Query,
    kinds: &[Kind],
    page: &PageRequest,
) -> ApiResult<Page<Hit>> {
    let offset = match &page.after {
        Some(cursor) => cursor.offset("search")? + 1,
        None => 0,
    };
    if offset > MAX_OFFSET {
        return Err(ApiError::bad_input(
            "after",
            format!("search results go {MAX_OFFSET} deep; refine the search"),
        ));
    }
    let backend = db.get_database_backend();
    let (from, matched, mut values) = matching(backend, query);
    let relevance = match backend {
        DbBackend::Postgres => "ts_rank_cd(d.document, q.query)",
        _ => "-bm25(search_fts, 10.0, 5.0, 1.0)",
    };
    let kinds_sql = vec!["?"; kinds.len()].join(", ");
    values.extend(kinds.iter().map(|kind| Value::from(kind_name(*kind))));
    let (visible_sql, visible_values) = visible(viewer);
    values.extend(visible_values);
    let limit = page.first + 1;
    let sql = format!(
        "SELECT d.kind, d.ref_id, CAST({relevance} AS DOUBLE PRECISION) AS relevance \
         FROM {from} WHERE {matched} AND d.kind IN ({kinds_sql}) AND {visible_sql} \
         ORDER BY relevance DESC, d.id DESC LIMIT {limit} OFFSET {offset}"
    );
    let sql = placeholders(backend, &sql).replace("DOUBLE PRECISION", double(backend));
    let mut hits = Hit::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?;
    let total_count = if page.count_total {
        Some(count(db, viewer, query, kinds).await?)
    } else {
        None
    };
    let has_next_page = hits.len() as u64 > page.first;
    hits.truncate(page.first as usize);
    Ok(Page {
        items: hits
            .into_iter()
            .enumerate()
            .map(|(i, hit)| (Cursor::at_offset("search", offset + i as u64).encode(), hit))
            .collect(),
        has_next_page,
        total_count,
        had_cursor: page.after.is_some(),
    })
}

fn double(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "DOUBLE PRECISION",
        _ => "REAL",
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Course => "COURSE",
        Kind::Thread => "THREAD",
        Kind::Answer => "ANSWER",
    }
}

async fn count(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    query: &Query,
    kinds: &[Kind],
) -> ApiResult<u64> {
    let backend = db.get_database_backend();
    let (from, matched, mut values) = matching(backend, query);
    let kinds_sql = vec!["?"; kinds.len()].join(", ");
    values.extend(kinds.iter().map(|kind| Value::from(kind_name(*kind))));
    let (visible_sql, visible_values) = visible(viewer);
    values.extend(visible_values);
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {from} WHERE {matched} AND d.kind IN ({kinds_sql}) AND {visible_sql}"
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, &sql),
            values,
        ))
        .await?;
    Ok(row
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0) as u64)
}

/// `<column> IN (ids of documents of `kind` that match)`, for list filters
/// (the catalogue's and the threads' `search`); `column` is qualified SQL
/// such as `"courses"."id"`.
pub fn ids_matching(backend: DbBackend, kind: Kind, query: &Query, column: &str) -> Expr {
    let (from, matched, mut values) = matching(backend, query);
    values.push(kind_name(kind).into());
    // sea-query numbers a custom expression's values itself on PostgreSQL
    // (`$1` is this expression's first) and takes `?` elsewhere.
    let sql = format!("{column} IN (SELECT d.ref_id FROM {from} WHERE {matched} AND d.kind = ?)");
    Expr::cust_with_values(placeholders(backend, &sql), values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{PostgresQueryBuilder, Query as Sql};

    #[test]
    fn filters_render_on_postgres() {
        let query = Query::parse("推荐 rust").unwrap();
        let (sql, values) = Sql::select()
            .expr(Expr::val(1))
            .and_where(ids_matching(
                DbBackend::Postgres,
                Kind::Course,
                &query,
                "\"courses\".\"id\"",
            ))
            .build(PostgresQueryBuilder);
        assert!(!sql.contains('?'), "{sql}");
        assert_eq!(values.0.len(), 4, "{sql}");
    }
}
