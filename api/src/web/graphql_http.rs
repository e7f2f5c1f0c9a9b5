//! GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with JSON and GET with
//! a query string, content negotiation, status codes that tell request errors
//! from field errors, body and alias limits, and bearer-token sign-in.

use std::{
    collections::BTreeMap,
    time::{Duration, Instant},
};

use actix_web::{
    HttpRequest, HttpResponse,
    http::{
        Method, StatusCode,
        header::{self, HeaderValue},
    },
    web,
};
use async_graphql::{
    Request, ServerError, Variables,
    parser::{
        parse_query,
        types::{ExecutableDocument, OperationType},
    },
};
use futures_util::StreamExt;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{
    WebState, assets,
    negotiate::{self, ResponseMedia},
};
use crate::{
    auth::Viewer,
    error::{ApiError, ErrorCode, UNAVAILABLE_RETRY_AFTER_SECS},
    graphql::{ExecutionReached, limits},
    services::{ClientInfo, sessions},
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

/// Parameters of one GraphQL request, as the spec names them.
struct Params {
    query: String,
    operation_name: Option<String>,
    variables: Option<Value>,
    extensions: Option<Map<String, Value>>,
}

/// A response that never reached execution.
struct RequestError {
    status: StatusCode,
    message: String,
    code: ErrorCode,
}

impl RequestError {
    fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            code,
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, message)
    }
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
    let document = match parse_query(&params.query) {
        Ok(document) => document,
        Err(err) => {
            let error: ServerError = err.into();
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

    let viewer = match bearer_token(req) {
        Ok(None) => None,
        Ok(Some(token)) => {
            match sessions::authenticate(&state.app.db, &state.app.auth.jwt, token).await {
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
    let executed = ExecutionReached::default();
    let mut request = Request::new(params.query);
    request.set_parsed_query(document);
    let mut request = request
        .data(client_info(req, state.app.trust_proxy_headers))
        .data(executed.clone());
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
    if !executed.get() {
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
    let mut http = json_response(
        if unavailable {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::OK
        },
        media,
        &body,
    );
    if unavailable {
        insert_retry_after(&mut http);
    }
    Ok((http, operation_name, first_code))
}

fn params_from_query_string(query_string: &str) -> Result<Params, RequestError> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query_string.as_bytes())
        .into_owned()
        .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let parse_json = |name: &str| -> Result<Option<Value>, RequestError> {
        get(name)
            .filter(|raw| !raw.is_empty())
            .map(|raw| {
                serde_json::from_str(raw)
                    .map_err(|_| RequestError::bad_request(format!("{name} must be JSON")))
            })
            .transpose()
    };
    let mut object = Map::new();
    if let Some(query) = get("query") {
        object.insert("query".into(), Value::String(query.to_owned()));
    }
    if let Some(name) = get("operationName").filter(|n| !n.is_empty()) {
        object.insert("operationName".into(), Value::String(name.to_owned()));
    }
    if let Some(variables) = parse_json("variables")? {
        object.insert("variables".into(), variables);
    }
    if let Some(extensions) = parse_json("extensions")? {
        object.insert("extensions".into(), extensions);
    }
    params_from_json(Value::Object(object))
}

async fn params_from_body(
    req: &HttpRequest,
    mut payload: web::Payload,
    body_read_timeout: Duration,
) -> Result<Params, RequestError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    let Some(content_type) = content_type else {
        return Err(RequestError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadUserInput,
            "send the request as Content-Type: application/json",
        ));
    };
    let mut parts = content_type.split(';').map(str::trim);
    let media = parts.next().unwrap_or_default();
    let charset_ok = parts
        .filter_map(|p| p.strip_prefix("charset="))
        .all(|charset| charset.trim_matches('"') == "utf-8");
    if media != negotiate::APPLICATION_JSON || !charset_ok {
        return Err(RequestError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadUserInput,
            "send the request as Content-Type: application/json (UTF-8)",
        ));
    }

    let body = tokio::time::timeout(body_read_timeout, read_body(&mut payload))
        .await
        .map_err(|_| {
            RequestError::new(
                StatusCode::REQUEST_TIMEOUT,
                ErrorCode::BadUserInput,
                format!(
                    "the request body did not arrive within {} s",
                    body_read_timeout.as_secs_f32()
                ),
            )
        })??;
    if body.is_empty() {
        return Err(RequestError::bad_request("the request body is empty"));
    }
    let value: Value = serde_json::from_slice(&body)
        .map_err(|err| RequestError::bad_request(format!("the body is not valid JSON: {err}")))?;
    if value.is_array() {
        return Err(RequestError::bad_request(
            "batched requests are not supported",
        ));
    }
    params_from_json(value)
}

/// Reads the whole body, refusing it as soon as it passes the size limit.
async fn read_body(payload: &mut web::Payload) -> Result<web::BytesMut, RequestError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| RequestError::bad_request("the request body could not be read"))?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(RequestError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BadUserInput,
                format!("the request body exceeds {} KiB", MAX_BODY_BYTES / 1024),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Checks the shape of each parameter (query a string, variables a map, …).
fn params_from_json(value: Value) -> Result<Params, RequestError> {
    let Value::Object(mut object) = value else {
        return Err(RequestError::bad_request("the body must be a JSON object"));
    };
    let query = match object.remove("query") {
        Some(Value::String(query)) => query,
        Some(_) => return Err(RequestError::bad_request("query must be a string")),
        None => return Err(RequestError::bad_request("the query parameter is missing")),
    };
    let operation_name = match object.remove("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name),
        Some(_) => return Err(RequestError::bad_request("operationName must be a string")),
    };
    let variables = match object.remove("variables") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => Some(Value::Object(map)),
        Some(_) => return Err(RequestError::bad_request("variables must be a map")),
    };
    let extensions = match object.remove("extensions") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => Some(map),
        Some(_) => return Err(RequestError::bad_request("extensions must be a map")),
    };
    Ok(Params {
        query,
        operation_name,
        variables,
        extensions,
    })
}

fn bearer_token(req: &HttpRequest) -> Result<Option<&str>, RequestError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let invalid = || {
        api_error(ApiError::unauthenticated(
            "use Authorization: Bearer <access token>",
        ))
    };
    let value = value.to_str().map_err(|_| invalid())?;
    let (scheme, token) = value.trim().split_once(' ').ok_or_else(invalid)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(invalid());
    }
    Ok(Some(token.trim()))
}

pub fn client_info(req: &HttpRequest, trust_proxy_headers: bool) -> ClientInfo {
    let info = req.connection_info();
    let address = if trust_proxy_headers {
        info.realip_remote_addr().map(str::to_owned)
    } else {
        info.peer_addr().map(str::to_owned)
    };
    // Peer addresses come as ip:port; keep the ip.
    let ip = address
        .map(|a| {
            a.parse::<std::net::SocketAddr>()
                .map(|s| s.ip().to_string())
                .unwrap_or(a)
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(512).collect());
    ClientInfo { ip, user_agent }
}

fn api_error(err: ApiError) -> RequestError {
    let status = match err {
        ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    };
    match &err {
        ApiError::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
        ApiError::Unavailable(cause) => tracing::warn!(error = %cause, "database unavailable"),
        _ => {}
    }
    RequestError::new(status, err.code(), err.to_string())
}

/// The type of the operation that would run; `None` when the name matches
/// none (execution then reports it).
fn operation_type(document: &ExecutableDocument, name: Option<&str>) -> Option<OperationType> {
    match name {
        Some(name) => document
            .operations
            .iter()
            .find(|(op_name, _)| op_name.is_some_and(|n| n.as_str() == name))
            .map(|(_, op)| op.node.ty),
        None => document.operations.iter().next().map(|(_, op)| op.node.ty),
    }
}

fn error_code(error: &ServerError) -> ErrorCode {
    match error.extensions.as_ref().and_then(|ext| ext.get("code")) {
        Some(async_graphql::Value::String(code)) => {
            ErrorCode::parse(code).unwrap_or(ErrorCode::Internal)
        }
        _ => ErrorCode::BadUserInput,
    }
}

/// The response document. Serialised straight from async-graphql's values,
/// which keep fields in query order.
#[derive(Serialize)]
struct ResponseBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: &'a BTreeMap<String, async_graphql::Value>,
}

/// Gives every error a code: request errors without one are bad input; field
/// errors without one are internal, logged, and their message withheld.
fn give_codes(errors: &mut [ServerError], default_code: ErrorCode) {
    for error in errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|ext| ext.get("code").is_some());
        if has_code {
            continue;
        }
        if default_code == ErrorCode::Internal {
            tracing::error!(message = %error.message, path = ?error.path, "resolver error without a code");
            error.message = "internal error".to_owned();
        }
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", default_code.as_str());
    }
}

/// Errors of a request that did not execute: no `data` entry; 400 for the
/// GraphQL response media type, 200 for legacy JSON (as the spec asks).
fn graphql_errors(
    media: ResponseMedia,
    mut errors: Vec<ServerError>,
    default_code: ErrorCode,
) -> HttpResponse {
    give_codes(&mut errors, default_code);
    let status = match media {
        ResponseMedia::GraphqlResponseJson => StatusCode::BAD_REQUEST,
        ResponseMedia::Json => StatusCode::OK,
    };
    let body = ResponseBody {
        data: None,
        errors: &errors,
        extensions: &BTreeMap::new(),
    };
    json_response(status, media, &body)
}

fn request_error(media: ResponseMedia, error: RequestError) -> HttpResponse {
    let body = json!({
        "errors": [{ "message": error.message, "extensions": { "code": error.code.as_str() } }]
    });
    let mut response = json_response(error.status, media, &body);
    if error.status == StatusCode::METHOD_NOT_ALLOWED {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
    }
    if error.code == ErrorCode::Unavailable {
        insert_retry_after(&mut response);
    }
    if error.status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

fn insert_retry_after(response: &mut HttpResponse) {
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECS),
    );
}

fn json_response(status: StatusCode, media: ResponseMedia, body: &impl Serialize) -> HttpResponse {
    let body = serde_json::to_string(body).unwrap_or_else(|err| {
        tracing::error!(error = %err, "serialising a GraphQL response");
        format!(
            r#"{{"errors":[{{"message":"internal error","extensions":{{"code":"{}"}}}}]}}"#,
            ErrorCode::Internal
        )
    });
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, media.content_type()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}
