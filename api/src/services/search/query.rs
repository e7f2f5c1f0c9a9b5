//! Finding documents: ranked statements on the backend's own full-text
//! index (never a scan of the sources), and the "matching ids" condition the
//! catalogue and thread lists filter by.

use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement, Value, sea_query::Expr};

use super::{Kind, terms::Query};
use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
    services::pagination::{Cursor, Page, PageRequest},
};

/// Deepest a client may page into one search's results.
pub const MAX_OFFSET: u64 = 1_000;
/// Matches ranked per search and scope: a query matching more (a very
/// common word) is ranked within the first this many the index yields, so
/// its cost stays bounded whatever the corpus; narrower queries are ranked
/// in full.
pub const CANDIDATES_MAX: u64 = 1_000;

/// One result: what was found and how well it matched (higher is better).
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Hit {
    /// The document's id (the tie-break of equal relevance).
    pub id: i64,
    pub kind: Kind,
    pub ref_id: i64,
    /// The course whose members alone may find it; None: everyone may.
    pub course_id: Option<i64>,
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

/// Which documents a ranking looks at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Documents everyone may find (the same for every viewer: cacheable).
    Public,
    /// Documents of these courses only (their members' share).
    Courses(Vec<i64>),
    /// Documents of every course (shared, then filtered per member).
    AnyCourse,
    /// Everything (staff).
    All,
}

impl Scope {
    fn sql(&self) -> (String, Vec<Value>) {
        match self {
            Scope::Public => ("d.scope_course_id IS NULL".into(), vec![]),
            Scope::All => ("1 = 1".into(), vec![]),
            Scope::AnyCourse => ("d.scope_course_id IS NOT NULL".into(), vec![]),
            Scope::Courses(ids) => (
                format!("d.scope_course_id IN ({})", vec!["?"; ids.len()].join(", ")),
                ids.iter().map(|&id| Value::from(id)).collect(),
            ),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Scope::Courses(ids) if ids.is_empty())
    }
}

/// The scopes a viewer may find documents in: the public ones, plus their
/// courses' (live enrolments and their own courses); staff find everything.
pub async fn scopes_of(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> ApiResult<Vec<Scope>> {
    let Some(viewer) = viewer else {
        return Ok(vec![Scope::Public]);
    };
    if viewer.has_any_role(STAFF_ROLES) {
        return Ok(vec![Scope::All]);
    }
    let backend = db.get_database_backend();
    let sql = placeholders(
        backend,
        "SELECT course_id AS id FROM enrollments WHERE user_id = ? AND refunded_at IS NULL \
         UNION SELECT id FROM courses WHERE creator_id = ?",
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [viewer.id().into(), viewer.id().into()],
        ))
        .await?;
    let courses = rows
        .iter()
        .map(|row| row.try_get::<i64>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(vec![Scope::Public, Scope::Courses(courses)])
}

/// Turns sea-query style `?` placeholders into the backend's own.
pub(crate) fn placeholders(backend: DbBackend, sql: &str) -> String {
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

/// The condition of documents of `kinds` in `scope` matching `query`.
fn filter(
    backend: DbBackend,
    query: &Query,
    kinds: &[Kind],
    scope: &Scope,
) -> (String, Vec<Value>) {
    let (from, matched, mut values) = matching(backend, query);
    let kinds_sql = vec!["?"; kinds.len()].join(", ");
    values.extend(kinds.iter().map(|kind| Value::from(kind_name(*kind))));
    let (scope_sql, scope_values) = scope.sql();
    values.extend(scope_values);
    (
        format!("FROM {from} WHERE {matched} AND d.kind IN ({kinds_sql}) AND {scope_sql}"),
        values,
    )
}

/// The best `limit` matches of `query` among the documents of `kinds` in
/// `scope`, best first: PostgreSQL's `ts_rank_cd` (cover density; title A >
/// tags B > body C) or SQLite's BM25 with the same weights, over at most
/// `candidates` matches (the first the index yields). A document's
/// relevance depends on it and the query alone, not on the scope.
#[tracing::instrument(level = "debug", skip_all, fields(limit))]
pub async fn rank(
    db: &impl ConnectionTrait,
    query: &Query,
    kinds: &[Kind],
    scope: &Scope,
    candidates: u64,
    limit: u64,
) -> ApiResult<Vec<Hit>> {
    if scope.is_empty() || kinds.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let (filtered, values) = filter(backend, query, kinds, scope);
    let (columns, relevance, double) = match backend {
        DbBackend::Postgres => (
            "d.id, d.kind, d.ref_id, d.scope_course_id, d.document, q.query",
            "ts_rank_cd(c.document, c.query)",
            "DOUBLE PRECISION",
        ),
        _ => (
            "d.id, d.kind, d.ref_id, d.scope_course_id, -bm25(search_fts, 10.0, 5.0, 1.0) AS bm25",
            "c.bm25",
            "REAL",
        ),
    };
    let sql = format!(
        "SELECT c.id, c.kind, c.ref_id, c.scope_course_id AS course_id, \
         CAST({relevance} AS {double}) AS relevance \
         FROM (SELECT {columns} {filtered} LIMIT {candidates}) AS c \
         ORDER BY relevance DESC, c.id DESC LIMIT {limit}"
    );
    Ok(Hit::find_by_statement(Statement::from_sql_and_values(
        backend,
        placeholders(backend, &sql),
        values,
    ))
    .all(db)
    .await?)
}

/// How many documents of `kinds` in the scopes match (uncounted by
/// `CANDIDATES_MAX`: only when a client selects `totalCount`).
pub async fn count(
    db: &impl ConnectionTrait,
    query: &Query,
    kinds: &[Kind],
    scopes: &[Scope],
) -> ApiResult<u64> {
    let backend = db.get_database_backend();
    let mut total = 0;
    for scope in scopes.iter().filter(|scope| !scope.is_empty()) {
        let (filtered, values) = filter(backend, query, kinds, scope);
        let sql = placeholders(backend, &format!("SELECT COUNT(*) AS n {filtered}"));
        let row = db
            .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        total += row
            .map(|row| row.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0) as u64;
    }
    Ok(total)
}

/// Merges rankings (each best first) into one, best first.
pub fn merge(rankings: Vec<Vec<Hit>>) -> Vec<Hit> {
    let mut all: Vec<Hit> = rankings.into_iter().flatten().collect();
    all.sort_by(|a, b| {
        b.relevance
            .total_cmp(&a.relevance)
            .then_with(|| b.id.cmp(&a.id))
    });
    all
}

/// Where a page of results starts, from its cursor.
pub fn offset_of(page: &PageRequest) -> ApiResult<u64> {
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
    Ok(offset)
}

/// The page at `offset` of a ranking holding at least `offset + first + 1`
/// hits when there are that many.
pub fn page_of(ranked: Vec<Hit>, offset: u64, page: &PageRequest, total: Option<u64>) -> Page<Hit> {
    let mut hits: Vec<Hit> = ranked.into_iter().skip(offset as usize).collect();
    let has_next_page = hits.len() as u64 > page.first;
    hits.truncate(page.first as usize);
    Page {
        items: hits
            .into_iter()
            .enumerate()
            .map(|(i, hit)| (Cursor::at_offset("search", offset + i as u64).encode(), hit))
            .collect(),
        has_next_page,
        total_count: total,
        had_cursor: page.after.is_some(),
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Course => "COURSE",
        Kind::Thread => "THREAD",
        Kind::Answer => "ANSWER",
    }
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
