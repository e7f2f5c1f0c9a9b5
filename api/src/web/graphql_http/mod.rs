//! GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with JSON and GET with
//! a query string, content negotiation, status codes that tell request errors
//! from field errors, body and alias limits, and bearer-token sign-in. The
//! jobs live apart: reading the request, knowing the client, writing the
//! answer; this module runs them in order.

mod client;
pub mod public_cache;
mod request;
mod response;

use std::time::{Duration, Instant};

use actix_web::{
    HttpRequest, HttpResponse,
    http::{Method, StatusCode, header},
    web,
};
use async_graphql::{Executor, Request, Variables, parser::types::OperationType};

use client::bearer_token;
pub use client::client_info;
use public_cache::{CachedAnswer, Lookup};
use request::{operation_type, params_from_body, params_from_query_string};
use response::{
    RequestError, ResponseBody, api_error, error_code, give_codes, graphql_errors,
    insert_retry_after, json_text, request_error, text_response,
};

use super::{
    WebState, assets,
    negotiate::{self, ResponseMedia},
};
use crate::{
    auth::Viewer,
    error::ErrorCode,
    graphql::{
        gate::{has_mutation, reached_execution},
        limits,
    },
};

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Limits on one HTTP request, from the settings.
#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    /// Longest GraphQL query text, in bytes.
    pub max_query_bytes: usize,
    /// Time allowed to receive a whole request body.
    pub body_read_timeout: Duration,
}

pub async fn handle(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<WebState>,
) -> HttpResponse {
    let started = Instant::now();
    let accept = req.headers().get(header::ACCEPT);
    if req.method() == Method::GET && req.query_string().is_empty() && negotiate::wants_html(accept)
    {
        return assets::graphiql_page();
    }
    let Some(media) = negotiate::response_media(accept) else {
        return request_error(
            ResponseMedia::Json,
            RequestError::new(
                StatusCode::NOT_ACCEPTABLE,
                ErrorCode::BadUserInput,
                "accept application/graphql-response+json or application/json",
            ),
        );
    };
    let outcome = run(&req, payload, &state, media).await;
    let (response, operation, code) = match outcome {
        Ok((response, operation, code)) => (response, operation, code),
        Err(error) => {
            let code = error.code;
            (request_error(media, error), None, Some(code))
        }
    };
    state
        .metrics
        .observe_graphql(operation.as_deref(), code, started.elapsed());
    response
}

/// Executes the request; the `Ok` side carries the operation name and the
/// first error code, for metrics.
async fn run(
    req: &HttpRequest,
    payload: web::Payload,
    state: &WebState,
    media: ResponseMedia,
) -> Result<(HttpResponse, Option<String>, Option<ErrorCode>), RequestError> {
    let params = match *req.method() {
        Method::GET => params_from_query_string(req.query_string())?,
        Method::POST => params_from_body(req, payload, state.limits.body_read_timeout).await?,
        _ => {
            return Err(RequestError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::BadUserInput,
                "use GET or POST",
            ));
        }
    };

    // Refuse a long text before any parsing; the schema checks it again (and
    // the document's size) for WebSocket operations, which come in elsewhere.
    limits::check_length(&params.query, state.limits.max_query_bytes).map_err(|refused| {
        RequestError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BadUserInput,
            refused.message(),
        )
    })?;
    // Parsed once, here: the GET rule needs the document; execution reuses it.
    let document = match state.schema.parse(&params.query) {
        Ok(document) => document,
        Err(error) => {
            return Ok((
                graphql_errors(media, vec![error], ErrorCode::BadUserInput),
                params.operation_name,
                Some(ErrorCode::BadUserInput),
            ));
        }
    };
    if req.method() == Method::GET
        && operation_type(&document, params.operation_name.as_deref())
            .is_some_and(|op| op != OperationType::Query)
    {
        return Err(RequestError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::BadUserInput,
            "only queries may use GET; send mutations with POST",
        ));
    }

    // Signed-out reads of the public catalogue may be answered from memory.
    let generation = state.public_cache.generation();
    let cache_key = state.public_cache.key(
        &params,
        &document,
        media,
        req.headers().contains_key(header::AUTHORIZATION),
    );
    if let Some(Lookup::Hit(hit)) = cache_key.map(|key| state.public_cache.get(key)) {
        return Ok((
            text_response(hit.status, media, hit.body.clone()),
            hit.operation.clone(),
            hit.first_code,
        ));
    }

    let viewer = match bearer_token(req) {
        Ok(None) => None,
        Ok(Some(token)) => {
            let write = has_mutation(&document);
            match state
                .schema
                .viewer(&state.app.db, &state.app.auth.jwt, token, write)
                .await
            {
                Ok(viewer) => Some(viewer),
                Err(err) => return Err(api_error(err)),
            }
        }
        Err(err) => return Err(err),
    };

    // For metrics: the named operation, or the document's only operation's name.
    let operation_name = params.operation_name.clone().or_else(|| {
        let mut operations = document.operations.iter();
        match (operations.next(), operations.next()) {
            (Some((Some(name), _)), None) => Some(name.to_string()),
            _ => None,
        }
    });
    let mut request = Request::new(params.query);
    request.set_parsed_query(document);
    let mut request = request.data(client_info(req, state.app.trust_proxy_headers));
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    if let Some(variables) = params.variables {
        request = request.variables(Variables::from_json(variables));
    }
    if let Some(extensions) = params.extensions {
        request.extensions = async_graphql::Extensions(
            extensions
                .into_iter()
                .map(|(k, v)| (k, async_graphql::Value::from_json(v).unwrap_or_default()))
                .collect(),
        );
    }
    if let Some(viewer) = viewer {
        request = request.data::<Viewer>(viewer);
    }

    let mut response = state.schema.execute(request).await;
    if !reached_execution(&response) {
        // Parsing, validation or variable coercion failed: a request error.
        let first_code = response.errors.first().map(error_code);
        return Ok((
            graphql_errors(media, response.errors, ErrorCode::BadUserInput),
            operation_name,
            first_code,
        ));
    }
    give_codes(&mut response.errors, ErrorCode::Internal);
    let first_code = response.errors.first().map(error_code);
    let body = ResponseBody {
        data: Some(&response.data),
        errors: &response.errors,
        extensions: &response.extensions,
    };
    // A field that failed for want of the database makes the whole answer a
    // 503: the client should retry, not treat the data as final.
    let unavailable = response
        .errors
        .iter()
        .any(|error| error_code(error) == ErrorCode::Unavailable);
    let status = if unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    let text = json_text(&body);
    if let Some(key) = cache_key {
        state.public_cache.put(
            key,
            generation,
            CachedAnswer {
                status,
                body: text.clone(),
                operation: operation_name.clone(),
                first_code,
            },
        );
    }
    let mut http = text_response(status, media, text);
    if unavailable {
        insert_retry_after(&mut http);
    }
    Ok((http, operation_name, first_code))
}
