//! A micro-cache for anonymous reads of the public catalogue.
//!
//! Signed-out clients all see the same catalogue, so an identical anonymous
//! query (same text, variables, operation and response media) within a
//! short time-to-live is answered from memory instead of being executed
//! again. Only queries whose every root field is public catalogue data are
//! cached, and only answers that are final for anyone signed out (no errors,
//! or only FORBIDDEN/NOT_FOUND). Any mutation handled by this instance
//! empties the cache (except those that write only the member's own state:
//! `graphql::Changed::is_nothing_shared`), so a change is seen at once here; other
//! instances empty theirs when told (`cache_sync`, within milliseconds).
//! PUBLIC_CACHE_TTL_MS sets the time-to-live (0 turns the cache off).
//!
//! An answer older than the time-to-live is refreshed by one request while
//! the others keep getting it (stale-while-revalidate): when a popular entry
//! expires under load, one request runs the query instead of every
//! connection at once.

use std::{
    hash::{DefaultHasher, Hash, Hasher},
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use actix_web::http::StatusCode;
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection};
use quick_cache::sync::Cache;

use super::request::Params;
use crate::{error::ErrorCode, web::negotiate::ResponseMedia};

/// Root fields whose answers are the same for every signed-out client (a
/// signed-out reader sees community-wide threads only, and no viewer state).
const PUBLIC_ROOT_FIELDS: &[&str] = &[
    "courses",
    "course",
    "courseBySlug",
    "threads",
    "thread",
    "search",
    "__typename",
];
/// Distinct cached answers kept at most (the least used go first).
const MAX_ENTRIES: usize = 10_000;
/// A stale answer is served at most this many time-to-lives after it was
/// stored (if its refresh failed or never came), then treated as missing.
const STALE_LIMIT: u32 = 10;

/// An answer as it was sent.
pub struct CachedAnswer {
    pub status: StatusCode,
    pub body: String,
    pub operation: Option<String>,
    pub first_code: Option<ErrorCode>,
}

/// A stored answer, with when it was stored and whether a request is
/// already refreshing it.
struct Entry {
    answer: Arc<CachedAnswer>,
    stored_at: Instant,
    refreshing: AtomicBool,
}

/// What the cache says about a request.
pub enum Lookup {
    /// Answer with this.
    Hit(Arc<CachedAnswer>),
    /// Run the query (and `put` its answer).
    Miss,
}

pub struct PublicCache {
    answers: Option<Cache<u64, Arc<Entry>>>,
    ttl: Duration,
    /// Bumped by every clear: an answer computed across a change is not kept.
    generation: AtomicU64,
}

impl PublicCache {
    pub fn new(ttl: Duration) -> Self {
        let answers = (!ttl.is_zero()).then(|| Cache::new(MAX_ENTRIES));
        PublicCache {
            answers,
            ttl,
            generation: AtomicU64::new(0),
        }
    }

    /// Where the data stood when a request began (pass it to `put`).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The key of a request whose answer may be shared, or `None`.
    pub(super) fn key(
        &self,
        params: &Params,
        document: &ExecutableDocument,
        media: ResponseMedia,
        signed_in: bool,
    ) -> Option<u64> {
        self.answers.as_ref()?;
        if signed_in || !is_public_query(document, params.operation_name.as_deref()) {
            return None;
        }
        let mut hasher = DefaultHasher::new();
        params.query.hash(&mut hasher);
        params.operation_name.hash(&mut hasher);
        params
            .variables
            .as_ref()
            .map(ToString::to_string)
            .hash(&mut hasher);
        params
            .extensions
            .as_ref()
            .map(|e| serde_json::Value::Object(e.clone()).to_string())
            .hash(&mut hasher);
        (media == ResponseMedia::Json).hash(&mut hasher);
        Some(hasher.finish())
    }

    /// A fresh answer is a hit. A stale one is a miss for the first request
    /// that asks (it refreshes) and a hit for the rest meanwhile.
    pub fn get(&self, key: u64) -> Lookup {
        let Some(entry) = self.answers.as_ref().and_then(|answers| answers.get(&key)) else {
            return Lookup::Miss;
        };
        let age = entry.stored_at.elapsed();
        if age > self.ttl * STALE_LIMIT {
            return Lookup::Miss;
        }
        if age <= self.ttl || entry.refreshing.swap(true, Ordering::AcqRel) {
            Lookup::Hit(entry.answer.clone())
        } else {
            Lookup::Miss
        }
    }

    /// Keeps an answer if it is final for anyone signed out and nothing
    /// changed since `generation` was read.
    pub fn put(&self, key: u64, generation: u64, answer: CachedAnswer) {
        let Some(answers) = &self.answers else {
            return;
        };
        let shareable = answer.status == StatusCode::OK
            && generation == self.generation()
            && answer
                .first_code
                .is_none_or(|code| matches!(code, ErrorCode::Forbidden | ErrorCode::NotFound));
        if shareable {
            answers.insert(
                key,
                Arc::new(Entry {
                    answer: Arc::new(answer),
                    stored_at: Instant::now(),
                    refreshing: AtomicBool::new(false),
                }),
            );
        }
    }

    /// Something changed: forget every answer.
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Some(answers) = &self.answers {
            answers.clear();
        }
    }
}

/// A query (not a mutation or subscription) selecting only public root
/// fields, directly (no fragments at the root).
fn is_public_query(document: &ExecutableDocument, name: Option<&str>) -> bool {
    let operation = match name {
        Some(name) => document
            .operations
            .iter()
            .find(|(op_name, _)| op_name.is_some_and(|n| n.as_str() == name)),
        None => document.operations.iter().next(),
    };
    let Some((_, operation)) = operation else {
        return false;
    };
    operation.node.ty == OperationType::Query
        && operation.node.selection_set.node.items.iter().all(|item| {
            matches!(&item.node, Selection::Field(field)
                if PUBLIC_ROOT_FIELDS.contains(&field.node.name.node.as_str()))
        })
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn answer(body: &str) -> CachedAnswer {
        CachedAnswer {
            status: StatusCode::OK,
            body: body.to_owned(),
            operation: None,
            first_code: None,
        }
    }

    fn body(lookup: Lookup) -> Option<String> {
        match lookup {
            Lookup::Hit(answer) => Some(answer.body.clone()),
            Lookup::Miss => None,
        }
    }

    #[test]
    fn a_stale_answer_is_refreshed_by_one_request_and_served_to_the_rest() {
        let cache = PublicCache::new(Duration::from_millis(20));
        assert_eq!(body(cache.get(1)), None);
        cache.put(1, cache.generation(), answer("old"));
        assert_eq!(body(cache.get(1)).as_deref(), Some("old"));
        std::thread::sleep(Duration::from_millis(30));
        // The first request after expiry refreshes; the others get "old".
        assert_eq!(body(cache.get(1)), None);
        assert_eq!(body(cache.get(1)).as_deref(), Some("old"));
        cache.put(1, cache.generation(), answer("new"));
        assert_eq!(body(cache.get(1)).as_deref(), Some("new"));
        // A change empties it; an answer computed across the change is not kept.
        let before = cache.generation();
        cache.clear();
        cache.put(1, before, answer("stale"));
        assert_eq!(body(cache.get(1)), None);
    }

    #[test]
    fn only_public_queries_are_shared() {
        let public =
            parse_query("{ courses { nodes { title } } course(id: \"x\") { id } }").unwrap();
        assert!(is_public_query(&public, None));
        for private in [
            "{ me { id } }",
            "{ courses { nodes { id } } me { id } }",
            "mutation { logout }",
            "{ ...F } fragment F on Query { courses { nodes { id } } }",
        ] {
            assert!(
                !is_public_query(&parse_query(private).unwrap(), None),
                "{private}"
            );
        }
        let named =
            parse_query("query A { me { id } } query B { courses { nodes { id } } }").unwrap();
        assert!(is_public_query(&named, Some("B")));
        assert!(!is_public_query(&named, Some("A")));
    }
}
