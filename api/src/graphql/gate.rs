//! What every operation passes through besides its resolvers, on both
//! transports: parsing (with a cache of parsed documents), the document
//! limits, uncached loaders for mutations (so a mutation's answer shows what
//! it wrote), the hook that runs after a mutation (which makes the caches
//! forget what it changed: `changed_by`, and the keys its services noted,
//! `cache_sync::collecting`), and the analytics
//! events a mutation defers until it has answered without an error
//! (level-ups, found inside the ledger's transaction: see
//! `services::analytics::record`).
//!
//! Full validation (every rule of the GraphQL spec) took about a tenth of a
//! course page's CPU, and clients send the same requests over and over. Its
//! outcome depends only on the schema, the text, the operation name and the
//! variables (argument values are checked with the variables in place), so
//! a query that passed it is remembered by exactly those, and the same
//! request again runs with async-graphql's fast validation, which still
//! computes the depth and complexity limits. Anything else, including every
//! mutation and every request that failed, gets the full validation.
//!
//! It wraps the schema as an `Executor` instead of being a schema extension:
//! with any extension installed, async-graphql wraps every field's
//! resolution (building type names and looking the field up in the
//! registry), which cost about a fifth of the server's CPU on a catalogue page.

use std::sync::Arc;

use async_graphql::{
    Data, Executor, Request, Response, ServerError, Value,
    parser::{
        parse_query,
        types::{ExecutableDocument, OperationType, Selection},
    },
};
use futures_util::{
    StreamExt, future,
    stream::{self, BoxStream},
};
use quick_cache::{Weighter, sync::Cache};
use sea_orm::DatabaseConnection;

use super::{AppSchema, Changed, MutationHook, limits, loaders::Loaders};
use crate::{
    auth::{Viewer, jwt::JwtKeys},
    cache_sync::collecting,
    error::ApiResult,
    services::{
        analytics::{Analytics, record},
        sessions,
    },
};

/// Parsed documents kept at most, and their texts' total size.
const DOCUMENTS_KEPT: usize = 1_000;
const DOCUMENT_TEXT_KEPT_BYTES: u64 = 2 * 1024 * 1024;
/// Validated requests remembered at most, and their keys' total size; a
/// request whose key is longer than the last is not remembered.
const VALIDATED_KEPT: usize = 20_000;
const VALIDATED_KEPT_BYTES: u64 = 8 * 1024 * 1024;
const VALIDATED_KEY_MAX_BYTES: usize = 16 * 1024;

/// Weighs a kept entry by its key's length (a document's tree grows with
/// its text).
#[derive(Clone)]
struct KeyLength;

impl<V> Weighter<String, V> for KeyLength {
    fn weight(&self, key: &String, _: &V) -> u64 {
        key.len() as u64
    }
}

/// The schema, built twice: with full validation, and with the fast one for
/// requests that passed the full one before.
pub struct GateSchemas {
    pub full: AppSchema,
    pub revalidating: AppSchema,
}

/// The schema's loaders, with and without the shared cache.
#[derive(Clone)]
pub struct GateLoaders {
    pub cached: Arc<Loaders>,
    /// For mutations: a mutation reads what it wrote.
    pub uncached: Arc<Loaders>,
}

/// The schema behind its gate. Cheap to clone.
#[derive(Clone)]
pub struct Gate {
    schema: AppSchema,
    revalidating: AppSchema,
    documents: Arc<Cache<String, Arc<ExecutableDocument>, KeyLength>>,
    /// Keys (see `validation_key`) of queries that passed full validation.
    validated: Arc<Cache<String, (), KeyLength>>,
    max_query_bytes: usize,
    loaders: GateLoaders,
    after_mutation: MutationHook,
    analytics: Arc<Analytics>,
}

impl Gate {
    pub fn new(
        schemas: GateSchemas,
        max_query_bytes: usize,
        loaders: GateLoaders,
        after_mutation: MutationHook,
        analytics: Arc<Analytics>,
    ) -> Self {
        Gate {
            schema: schemas.full,
            revalidating: schemas.revalidating,
            documents: Arc::new(Cache::with_weighter(
                DOCUMENTS_KEPT,
                DOCUMENT_TEXT_KEPT_BYTES,
                KeyLength,
            )),
            validated: Arc::new(Cache::with_weighter(
                VALIDATED_KEPT,
                VALIDATED_KEPT_BYTES,
                KeyLength,
            )),
            max_query_bytes,
            loaders,
            after_mutation,
            analytics,
        }
    }

    /// Ranks the `limit` most searched queries into the shared rankings;
    /// returns how many.
    pub async fn warm_search(
        &self,
        db: &DatabaseConnection,
        limit: usize,
        concurrency: usize,
    ) -> usize {
        let rankings = &self.loaders.cached.search_rankings;
        crate::services::search::warmup::warm(db, rankings, limit, concurrency).await
    }

    /// Another instance's write changed this: forget it here too.
    pub fn forget(&self, changed: &Changed) {
        self.loaders.cached.forget(changed);
    }

    /// The viewer a bearer token names. A read may use a session checked
    /// within the shared cache's time-to-live (a sign-out empties it, on
    /// every instance: `cache_sync`); a write always checks the session in
    /// the database.
    pub async fn viewer(
        &self,
        db: &DatabaseConnection,
        jwt: &JwtKeys,
        bearer: &str,
        write: bool,
    ) -> ApiResult<Viewer> {
        if write {
            return sessions::authenticate(db, jwt, bearer).await;
        }
        let claims = jwt.verify(bearer)?;
        match self.loaders.cached.sessions.load_one(claims.sid).await {
            Ok(record) => sessions::viewer_of(&claims, record),
            // The shared batch failed: check alone, and report its own error.
            Err(_) => sessions::authenticate(db, jwt, bearer).await,
        }
    }

    /// Parses a query text. Clients send the same few texts over and over,
    /// and parsing one took a tenth of a course page's CPU, so documents are
    /// kept by their text; a copy of a kept one is far cheaper.
    pub fn parse(&self, query: &str) -> Result<ExecutableDocument, ServerError> {
        if let Some(document) = self.documents.get(query) {
            return Ok(ExecutableDocument::clone(&document));
        }
        let document = parse_query(query)?;
        self.documents
            .insert(query.to_owned(), Arc::new(document.clone()));
        Ok(document)
    }

    /// Refuses a text over the length limit, before anything parses it.
    fn check_length(&self, query: &str) -> Result<(), ServerError> {
        limits::check_length(query, self.max_query_bytes).map_err(limits::refused)
    }

    /// Checks the request's limits, parsing it unless the caller did (HTTP
    /// parses through `parse` first). On success, says what the document's
    /// mutations may change; None when it holds no mutation.
    fn admit(&self, request: &mut Request) -> Result<Option<Changed>, ServerError> {
        self.check_length(&request.query)?;
        let document = request.parsed_query()?;
        limits::check_document(document).map_err(limits::refused)?;
        Ok(has_mutation(document).then(|| changed_by(document)))
    }

    /// Runs a query, with full validation unless the same request passed it.
    async fn execute_query(&self, request: Request) -> Response {
        let key = validation_key(&request);
        if let Some(key) = &key
            && self.validated.get(key).is_some()
        {
            return self.revalidating.execute(request).await;
        }
        let response = self.schema.execute(request).await;
        // Validation errors come before execution (see `reached_execution`).
        if let Some(key) = key
            && reached_execution(&response)
        {
            self.validated.insert(key, ());
        }
        response
    }
}

/// Everything besides the schema that a request's validation depends on:
/// its operation name, variables and text, each but the last prefixed with
/// its length so that no two requests share a key. None for a request too
/// large to remember.
fn validation_key(request: &Request) -> Option<String> {
    let variables = serde_json::to_string(&request.variables).ok()?;
    let operation = request.operation_name.as_deref();
    let length = variables.len() + request.query.len() + operation.map_or(0, str::len) + 24;
    if length > VALIDATED_KEY_MAX_BYTES {
        return None;
    }
    let mut key = String::with_capacity(length);
    match operation {
        Some(name) => {
            key.push_str(&name.len().to_string());
            key.push(':');
            key.push_str(name);
        }
        None => key.push('-'),
    }
    key.push_str(&variables.len().to_string());
    key.push(':');
    key.push_str(&variables);
    key.push_str(&request.query);
    Some(key)
}

/// Whether a document holds a mutation (whichever operation runs).
pub fn has_mutation(document: &ExecutableDocument) -> bool {
    document
        .operations
        .iter()
        .any(|(_, op)| op.node.ty == OperationType::Mutation)
}

impl Executor for Gate {
    async fn execute(&self, mut request: Request) -> Response {
        let changed = match self.admit(&mut request) {
            Ok(Some(changed)) => changed,
            Ok(None) => return self.execute_query(request).await,
            Err(error) => return Response::from_errors(vec![error]),
        };
        request = request.data(self.loaders.uncached.clone());
        let ((response, deferred), touched) =
            collecting(record::deferring(self.schema.execute(request))).await;
        if response.errors.is_empty() {
            self.analytics.record_all(deferred);
        }
        let mut changed = changed;
        changed.merge(touched);
        (self.after_mutation)(&changed);
        response
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let parsed = self
            .check_length(&request.query)
            .and_then(|()| self.parse(&request.query));
        match parsed {
            Ok(document) => request.set_parsed_query(document),
            Err(error) => {
                return stream::once(async { Response::from_errors(vec![error]) }).boxed();
            }
        }
        let changed = match self.admit(&mut request) {
            Ok(changed) => changed,
            Err(error) => {
                return stream::once(async { Response::from_errors(vec![error]) }).boxed();
            }
        };
        let responses = Executor::execute_stream(&self.schema, request, session_data);
        let Some(changed) = changed else {
            return responses.boxed();
        };
        // A mutation answers once: run it with its deferred events kept.
        let analytics = self.analytics.clone();
        let after_mutation = self.after_mutation.clone();
        stream::once(async move {
            let ((responses, deferred), touched) =
                collecting(record::deferring(responses.collect::<Vec<_>>())).await;
            if responses.iter().all(|response| response.errors.is_empty()) {
                analytics.record_all(deferred);
            }
            let mut changed = changed;
            changed.merge(touched);
            (responses, changed)
        })
        // The hook runs once the operation's responses have all been sent.
        .flat_map(move |(responses, changed)| {
            let after_mutation = after_mutation.clone();
            let hook = stream::once(async move { after_mutation(&changed) })
                .filter_map(|()| future::ready(None::<Response>));
            stream::iter(responses).chain(hook)
        })
        .boxed()
    }
}

/// Mutations that write only the signed-in member's own state (or queue
/// views and events for the batch writers): nothing a shared cache or the
/// anonymous response cache holds.
const VIEWER_ONLY_MUTATIONS: [&str; 9] = [
    "login",
    "bookmark",
    "unbookmark",
    "follow",
    "unfollow",
    "markNotificationsRead",
    "recordCourseView",
    "recordRecommendationClick",
    "trackEvents",
];

/// Mutations whose services note every shared record they change
/// (`cache_sync::touched`): the posts they write, the members whose points
/// move, the search documents. The caches forget just those.
const KEYED_MUTATIONS: [&str; 12] = [
    "createThread",
    "updateThread",
    "deleteThread",
    "createAnswer",
    "updateAnswer",
    "deleteAnswer",
    "acceptAnswer",
    "unacceptAnswer",
    "createComment",
    "updateComment",
    "deleteComment",
    "vote",
];

/// What the mutations of a document may change, known before they run:
/// everything, unless each root field is the viewer's own state or keyed
/// (what a keyed one changed is collected as it runs). Fragments at the
/// root count as anything.
pub fn changed_by(document: &ExecutableDocument) -> Changed {
    for (_, operation) in document.operations.iter() {
        if operation.node.ty != OperationType::Mutation {
            continue;
        }
        for selection in &operation.node.selection_set.node.items {
            let known = match &selection.node {
                Selection::Field(field) => {
                    let name = field.node.name.node.as_str();
                    name == "__typename"
                        || VIEWER_ONLY_MUTATIONS.contains(&name)
                        || KEYED_MUTATIONS.contains(&name)
                }
                _ => false,
            };
            if !known {
                return Changed::everything();
            }
        }
    }
    Changed::default()
}

/// Whether a request got as far as execution. Parsing, validation and
/// variable errors come before it: they leave no data and carry no path,
/// while every error raised by a resolver names the field it came from.
pub fn reached_execution(response: &Response) -> bool {
    response.data != Value::Null || response.errors.iter().any(|error| !error.path.is_empty())
}

#[cfg(test)]
mod tests {
    use async_graphql::Variables;
    use serde_json::json;

    use super::*;

    fn key(query: &str, operation: Option<&str>, variables: serde_json::Value) -> String {
        let mut request = Request::new(query).variables(Variables::from_json(variables));
        if let Some(operation) = operation {
            request = request.operation_name(operation);
        }
        validation_key(&request).expect("small enough to remember")
    }

    #[test]
    fn validation_keys_tell_every_part_apart() {
        let keys = [
            key("{ a }", None, json!({})),
            key("{ a }", Some("A"), json!({})),
            key("{ a }", Some(""), json!({})),
            key("{ a }", None, json!({ "x": 1 })),
            key("{ a }", None, json!({ "x": "1" })),
            key("1:{ a }", None, json!({})),
            key("{ a }", Some("1:"), json!({})),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(keys[3], key("{ a }", None, json!({ "x": 1 })));
    }

    fn changes(query: &str) -> Changed {
        changed_by(&parse_query(query).expect("a valid document"))
    }

    #[test]
    fn mutations_forget_no_more_than_they_may_change() {
        assert_eq!(changes("{ viewer { id } }"), Changed::default());
        assert_eq!(
            changes("mutation { bookmark(threadId: \"x\") { id } b: follow(targetId: \"y\") }"),
            Changed::default()
        );
        // Keyed: what they change is collected as they run.
        assert_eq!(
            changes(
                "mutation { vote(targetId: \"x\", value: UP) { score } updateThread(id: \"x\", input: {}) { id } }"
            ),
            Changed::default()
        );
        assert_eq!(
            changes(
                "mutation { vote(targetId: \"x\", value: UP) { score } suspendUser(id: \"u\") { id } }"
            ),
            Changed::everything()
        );
        // Named by the field, not the alias.
        assert_eq!(
            changes("mutation { login: hideContent(id: \"x\") { id } }"),
            Changed::everything()
        );
        // A fragment at the root may hold anything.
        assert_eq!(
            changes(
                "mutation { ...F } fragment F on Mutation { login(input: {}) { accessToken } }"
            ),
            Changed::everything()
        );
    }

    #[test]
    fn large_requests_are_not_remembered() {
        let query = format!("{{ a }} #{}", "x".repeat(VALIDATED_KEY_MAX_BYTES));
        assert!(validation_key(&Request::new(query)).is_none());
    }
}
