//! Reading a GraphQL request: its parameters from a GET query string or a
//! JSON POST body (media type, size and time limits), as the spec names them.

use std::time::Duration;

use actix_web::{
    HttpRequest,
    http::{StatusCode, header},
    web,
};
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use futures_util::StreamExt;
use serde_json::{Map, Value};

use super::{MAX_BODY_BYTES, response::RequestError};
use crate::{error::ErrorCode, web::negotiate};

/// Parameters of one GraphQL request, as the spec names them.
pub(super) struct Params {
    pub query: String,
    pub operation_name: Option<String>,
    pub variables: Option<Value>,
    pub extensions: Option<Map<String, Value>>,
}

pub(super) fn params_from_query_string(query_string: &str) -> Result<Params, RequestError> {
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

pub(super) async fn params_from_body(
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

/// The type of the operation that would run; `None` when the name matches
/// none (execution then reports it).
pub(super) fn operation_type(
    document: &ExecutableDocument,
    name: Option<&str>,
) -> Option<OperationType> {
    match name {
        Some(name) => document
            .operations
            .iter()
            .find(|(op_name, _)| op_name.is_some_and(|n| n.as_str() == name))
            .map(|(_, op)| op.node.ty),
        None => document.operations.iter().next().map(|(_, op)| op.node.ty),
    }
}
