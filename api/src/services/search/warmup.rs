//! Ranking the most searched queries before an instance takes traffic. A
//! fresh instance otherwise makes its first searchers wait while it ranks
//! each query once (a p99 of about 0.24 s over its first seconds on the
//! scale data, against under 10 ms once warm), and which queries people
//! search most is known: every first page of a search is an analytics
//! event with its text.

use std::collections::HashMap;

use futures_util::{StreamExt, stream};

use entity::events;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{
    every_kind,
    query::parse,
    rankings::{Shared, SharedRankings},
};
use crate::{error::ApiResult, services::Db, services::analytics::EventKind};

/// Search events read to find the popular queries: the latest this many.
const EVENTS_READ: u64 = 20_000;

/// The `limit` texts searched most often among the latest search events,
/// most searched first (ties: alphabetically), as typed (trimmed).
pub async fn popular_queries(db: &impl Db, limit: usize) -> ApiResult<Vec<String>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let props: Vec<Option<String>> = events::Entity::find()
        .select_only()
        .column(events::Column::Props)
        .filter(events::Column::Kind.eq(EventKind::Search.as_str()))
        .order_by_desc(events::Column::OccurredAt)
        .limit(EVENTS_READ)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: HashMap<String, u64> = HashMap::new();
    for text in props.into_iter().flatten() {
        let query = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|props| props["query"].as_str().map(str::trim).map(str::to_owned));
        if let Some(query) = query.filter(|query| !query.is_empty()) {
            *counts.entry(query).or_default() += 1;
        }
    }
    let mut popular: Vec<(String, u64)> = counts.into_iter().collect();
    popular.sort_by(|(a, a_count), (b, b_count)| b_count.cmp(a_count).then_with(|| a.cmp(b)));
    Ok(popular
        .into_iter()
        .take(limit)
        .map(|(query, _)| query)
        .collect())
}

/// Ranks the `limit` most searched queries over every kind, the public
/// documents' and every course's (what members search within), up to
/// `concurrency` at once: that also opens the pool's connections and warms
/// them, so the first searchers do not wait on new connections' first
/// statements. Returns how many were ranked.
pub async fn warm(
    db: &DatabaseConnection,
    rankings: &SharedRankings,
    limit: usize,
    concurrency: usize,
) -> usize {
    let queries = match popular_queries(db, limit).await {
        Ok(queries) => queries,
        Err(err) => {
            tracing::warn!(error = %err, "reading the popular searches failed");
            return 0;
        }
    };
    let kinds = every_kind();
    let kinds = &kinds;
    stream::iter(queries)
        .map(|text| async move {
            // Events keep what people typed, valid or not.
            let Ok(query) = parse("query", &text) else {
                return false;
            };
            let mut warmed = true;
            for shared in [Shared::Public, Shared::Courses] {
                if let Err(err) = rankings.get(&query, kinds, shared).await {
                    tracing::warn!(error = %err, query = %text, "warming a search ranking failed");
                    warmed = false;
                }
            }
            warmed
        })
        .buffer_unordered(concurrency.max(1))
        .filter(|warmed| std::future::ready(*warmed))
        .count()
        .await
}
