//! A micro-cache for anonymous reads of the public catalogue.
//!
//! Signed-out clients all see the same catalogue, so an identical anonymous
//! query (same text, variables, operation and response media) within a
//! short time-to-live is answered from memory instead of being executed
//! again. Only queries whose every root field is public catalogue data are
//! cached, and only answers that are final for anyone signed out (no errors,
//! or only FORBIDDEN/NOT_FOUND). Any mutation handled by this instance
//! empties the cache, so a change is seen at once here; other instances see
//! it within the time-to-live (PUBLIC_CACHE_TTL_MS, 0 turns the cache off).

use std::{
    hash::{DefaultHasher, Hash, Hasher},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use actix_web::http::StatusCode;
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection};
use mini_moka::sync::Cache;

use super::request::Params;
use crate::{error::ErrorCode, web::negotiate::ResponseMedia};

/// Root fields whose answers are the same for every signed-out client.
const PUBLIC_ROOT_FIELDS: &[&str] = &["courses", "course", "courseBySlug", "__typename"];
/// Distinct cached answers kept at most (the least used go first).
const MAX_ENTRIES: u64 = 10_000;

/// An answer as it was sent.
pub struct CachedAnswer {
    pub status: StatusCode,
    pub body: String,
    pub operation: Option<String>,
    pub first_code: Option<ErrorCode>,
}

pub struct PublicCache {
    answers: Option<Cache<u64, Arc<CachedAnswer>>>,
    /// Bumped by every clear: an answer computed across a change is not kept.
    generation: AtomicU64,
}

impl PublicCache {
    pub fn new(ttl: Duration) -> Self {
        let answers = (!ttl.is_zero()).then(|| {
            Cache::builder()
                .max_capacity(MAX_ENTRIES)
                .time_to_live(ttl)
                .build()
        });
        PublicCache {
            answers,
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

    pub fn get(&self, key: u64) -> Option<Arc<CachedAnswer>> {
        self.answers.as_ref()?.get(&key)
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
            answers.insert(key, Arc::new(answer));
        }
    }

    /// Something changed: forget every answer.
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Some(answers) = &self.answers {
            answers.invalidate_all();
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
