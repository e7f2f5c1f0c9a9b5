//! `search`: courses, threads and answers ranked by relevance, in English
//! and 中文, with highlighted snippets.

use std::sync::Arc;

use async_graphql::{Context, Enum, Object, Union};

use super::{
    community::{posts::Answer, threads::Thread},
    context::ContextExt,
    courses::types::Course,
    errors::GqlResult,
    pagination::{self, CountedConnection},
};
use crate::services::{
    analytics::{EventKind, NewEvent},
    search::{
        self, Kind, Query,
        query::{CANDIDATES_MAX, Hit, Scope},
        rankings::Shared,
        snippet::highlight,
    },
};

/// What a search may find.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::search_documents::Kind")]
pub enum SearchType {
    /// Published courses: title, tags, summary and description.
    Course,
    /// Threads: title, tags and body.
    Thread,
    /// Answers: body.
    Answer,
}

/// A course, thread or answer.
#[derive(Union, Clone)]
pub enum SearchItem {
    Course(Course),
    Thread(Thread),
    Answer(Answer),
}

/// One search result.
pub struct SearchResult {
    item: SearchItem,
    relevance: f64,
    query: Arc<Query>,
    /// The title and plain body, read once for both highlighted fields.
    texts: tokio::sync::OnceCell<(String, String)>,
}

impl SearchResult {
    async fn texts(&self, ctx: &Context<'_>) -> async_graphql::Result<&(String, String)> {
        self.texts.get_or_try_init(|| self.read_texts(ctx)).await
    }

    /// The title and plain body text of the result, for highlighting.
    async fn read_texts(&self, ctx: &Context<'_>) -> async_graphql::Result<(String, String)> {
        Ok(match &self.item {
            SearchItem::Course(course) => {
                let full = super::courses::types::load_course(ctx, course.0.id).await?;
                let body = format!("{} {}", full.summary, full.description);
                (full.title.clone(), crate::text::markdown_to_plain(&body))
            }
            SearchItem::Thread(thread) => {
                let full = super::community::threads::load_thread(ctx, thread.0.id).await?;
                (
                    full.title.clone(),
                    crate::text::markdown_to_plain(&full.body),
                )
            }
            SearchItem::Answer(answer) => {
                let thread =
                    super::community::threads::load_thread(ctx, answer.0.thread_id).await?;
                (
                    thread.title.clone(),
                    crate::text::markdown_to_plain(&answer.0.body),
                )
            }
        })
    }
}

#[Object]
impl SearchResult {
    async fn item(&self) -> &SearchItem {
        &self.item
    }

    /// How well it matched (higher is better; comparable within one search).
    async fn relevance(&self) -> f64 {
        self.relevance
    }

    /// The title (an answer's: its thread's) as HTML, matching words in
    /// `<mark>`, the rest escaped.
    async fn title_html(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let (title, _) = self.texts(ctx).await?;
        Ok(highlight(title, &self.query))
    }

    /// Up to 180 characters of the body around its first match, as HTML
    /// with matching words in `<mark>` and the rest escaped.
    async fn snippet(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let (_, body) = self.texts(ctx).await?;
        Ok(highlight(body, &self.query))
    }
}

#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Full-text search ranked by relevance over titles, tags and bodies
    /// (English words match their other forms: `recommending` finds
    /// `recommendation`; Chinese is segmented into words: `推荐算法` finds
    /// `个性化推荐算法入门`). Course threads and their answers are found only
    /// by the course's members. At most 1,000 results deep.
    #[graphql(complexity = "pagination::page_complexity(first, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to find, at most 200 characters.")] query: String,
        #[graphql(desc = "What to find; everything when omitted.")] types: Option<Vec<SearchType>>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<SearchResult>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let parsed = Arc::new(search::query::parse("query", &query).gql()?);
        let kinds: Vec<Kind> = match types {
            Some(types) if !types.is_empty() => {
                let mut kinds: Vec<Kind> = types.into_iter().map(Into::into).collect();
                kinds.sort_by_key(|kind| *kind as u8);
                kinds.dedup();
                kinds
            }
            _ => search::every_kind(),
        };
        let db = &ctx.state().db;
        let offset = search::query::offset_of(&page).gql()?;
        let limit = offset + page.first + 1;
        let scopes = search::query::scopes_of(db, ctx.viewer_opt()).await.gql()?;
        let shared = &ctx.loaders().search_rankings;
        let mut rankings = Vec::with_capacity(scopes.len());
        for scope in &scopes {
            rankings.push(match scope {
                // The same for everyone.
                Scope::Public => shared
                    .get(&parsed, &kinds, Shared::Public)
                    .await
                    .gql()?
                    .hits
                    .iter()
                    .take(limit as usize)
                    .cloned()
                    .collect(),
                Scope::Courses(ids) if ids.is_empty() => Vec::new(),
                // Every course's documents, shared, then the member's share.
                // Until it is kept (or when it was cut at its candidate
                // limit), the member's own share is ranked instead.
                Scope::Courses(ids) => match shared.prepared(&parsed, &kinds, Shared::Courses) {
                    Some(every_course) if every_course.complete => {
                        every_course.within(&ids.iter().copied().collect(), limit)
                    }
                    _ => search::query::rank(db, &parsed, &kinds, scope, CANDIDATES_MAX, limit)
                        .await
                        .gql()?,
                },
                scope => search::query::rank(db, &parsed, &kinds, scope, CANDIDATES_MAX, limit)
                    .await
                    .gql()?,
            });
        }
        let total = if page.count_total {
            Some(
                search::query::count(db, &parsed, &kinds, &scopes)
                    .await
                    .gql()?,
            )
        } else {
            None
        };
        let hits = search::query::page_of(search::query::merge(rankings), offset, &page, total);
        let items = load_items(ctx, &hits.items).await?;
        if after.is_none() {
            search_event(ctx, &query, hits.items.len());
        }
        let rows = hits.filter_map(|hit| {
            items
                .iter()
                .find(|(kind, id, _)| *kind == hit.kind && *id == hit.ref_id)
                .map(|(_, _, item)| SearchResult {
                    item: item.clone(),
                    relevance: hit.relevance,
                    query: parsed.clone(),
                    texts: tokio::sync::OnceCell::new(),
                })
        });
        Ok(pagination::connection(rows, |result| result))
    }
}

/// Records a search (its first page; later pages are the same search) with
/// its text and how many hits the first page had (0: nothing found).
fn search_event(ctx: &Context<'_>, query: &str, hits: usize) {
    let event = NewEvent::server(
        EventKind::Search,
        ctx.viewer_opt().map(|v| v.id()),
        ctx.now(),
    )
    .with_props(serde_json::json!({ "query": query.trim(), "hits": hits }));
    ctx.state().analytics.record(event);
}

/// The hits' objects, through the loaders (one batch per kind).
async fn load_items(
    ctx: &Context<'_>,
    hits: &[(String, Hit)],
) -> async_graphql::Result<Vec<(Kind, i64, SearchItem)>> {
    let ids = |kind: Kind| -> Vec<i64> {
        hits.iter()
            .filter(|(_, hit)| hit.kind == kind)
            .map(|(_, hit)| hit.ref_id)
            .collect()
    };
    let loaders = ctx.loaders();
    let (courses, threads, answers) = futures_util::future::try_join3(
        loaders.courses.load_many(ids(Kind::Course)),
        loaders.threads.load_many(ids(Kind::Thread)),
        loaders.answers.load_many(ids(Kind::Answer)),
    )
    .await
    .gql()?;
    let mut items = Vec::with_capacity(hits.len());
    items.extend(
        courses
            .into_iter()
            .map(|(id, c)| (Kind::Course, id, SearchItem::Course(Course::from_arc(c)))),
    );
    items.extend(
        threads
            .into_iter()
            .map(|(id, t)| (Kind::Thread, id, SearchItem::Thread(Thread::from_arc(t)))),
    );
    items.extend(
        answers
            .into_iter()
            .map(|(id, a)| (Kind::Answer, id, SearchItem::Answer(Answer::from_arc(a)))),
    );
    Ok(items)
}
