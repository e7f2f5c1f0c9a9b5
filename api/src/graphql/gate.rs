//! What every operation passes through besides its resolvers, on both
//! transports: parsing (with a cache of parsed documents), the document
//! limits, uncached loaders for mutations (so a mutation's answer shows what
//! it wrote), the hook that runs after a mutation (which empties the
//! caches), and the analytics events a mutation defers until it has
//! answered without an error (level-ups, found inside the ledger's
//! transaction: see `services::analytics::record`).
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
        types::{ExecutableDocument, OperationType},
    },
};
use futures_util::{
    StreamExt, future,
    stream::{self, BoxStream},
};
use quick_cache::{Weighter, sync::Cache};
use sea_orm::DatabaseConnection;

use super::{AppSchema, MutationHook, limits, loaders::Loaders};
use crate::{
    auth::{Viewer, jwt::JwtKeys},
    error::ApiResult,
    services::{
        analytics::{Analytics, record},
        sessions,
    },
};

/// Parsed documents kept at most, and their texts' total size.
const DOCUMENTS_KEPT: usize = 1_000;
const DOCUMENT_TEXT_KEPT_BYTES: u64 = 2 * 1024 * 1024;

/// Weighs a kept document by its text's length (its tree grows with it).
#[derive(Clone)]
struct TextLength;

impl Weighter<String, Arc<ExecutableDocument>> for TextLength {
    fn weight(&self, query: &String, _: &Arc<ExecutableDocument>) -> u64 {
        query.len() as u64
    }
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
    documents: Arc<Cache<String, Arc<ExecutableDocument>, TextLength>>,
    max_query_bytes: usize,
    loaders: GateLoaders,
    after_mutation: MutationHook,
    analytics: Arc<Analytics>,
}

impl Gate {
    pub fn new(
        schema: AppSchema,
        max_query_bytes: usize,
        loaders: GateLoaders,
        after_mutation: MutationHook,
        analytics: Arc<Analytics>,
    ) -> Self {
        Gate {
            schema,
            documents: Arc::new(Cache::with_weighter(
                DOCUMENTS_KEPT,
                DOCUMENT_TEXT_KEPT_BYTES,
                TextLength,
            )),
            max_query_bytes,
            loaders,
            after_mutation,
            analytics,
        }
    }

    /// The viewer a bearer token names. A read may use a session checked
    /// within the shared cache's time-to-live (a sign-out on this instance
    /// empties it; other instances see it within that time); a write always
    /// checks the session in the database.
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
    /// parses through `parse` first). On success, says whether the document
    /// holds a mutation.
    fn admit(&self, request: &mut Request) -> Result<bool, ServerError> {
        self.check_length(&request.query)?;
        let document = request.parsed_query()?;
        limits::check_document(document).map_err(limits::refused)?;
        Ok(has_mutation(document))
    }
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
        let mutation = match self.admit(&mut request) {
            Ok(mutation) => mutation,
            Err(error) => return Response::from_errors(vec![error]),
        };
        if !mutation {
            return self.schema.execute(request).await;
        }
        request = request.data(self.loaders.uncached.clone());
        let (response, deferred) = record::deferring(self.schema.execute(request)).await;
        if response.errors.is_empty() {
            self.analytics.record_all(deferred);
        }
        (self.after_mutation)();
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
        let mutation = match self.admit(&mut request) {
            Ok(mutation) => mutation,
            Err(error) => {
                return stream::once(async { Response::from_errors(vec![error]) }).boxed();
            }
        };
        let responses = Executor::execute_stream(&self.schema, request, session_data);
        if !mutation {
            return responses.boxed();
        }
        // A mutation answers once: run it with its deferred events kept.
        let analytics = self.analytics.clone();
        let responses = stream::once(async move {
            let (responses, deferred) = record::deferring(responses.collect::<Vec<_>>()).await;
            if responses.iter().all(|response| response.errors.is_empty()) {
                analytics.record_all(deferred);
            }
            stream::iter(responses)
        })
        .flatten();
        // The hook runs once the operation's responses have all been sent.
        let after_mutation = self.after_mutation.clone();
        let hook = stream::once(async move { after_mutation() })
            .filter_map(|()| future::ready(None::<Response>));
        responses.chain(hook).boxed()
    }
}

/// Whether a request got as far as execution. Parsing, validation and
/// variable errors come before it: they leave no data and carry no path,
/// while every error raised by a resolver names the field it came from.
pub fn reached_execution(response: &Response) -> bool {
    response.data != Value::Null || response.errors.iter().any(|error| !error.path.is_empty())
}
