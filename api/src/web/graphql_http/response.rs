//! Writing the answer: status codes that tell request errors from field
//! errors, a stable `extensions.code` on every error, `Retry-After` when the
//! database is away.

use std::collections::BTreeMap;

use actix_web::{
    HttpResponse,
    http::{
        StatusCode,
        header::{self, HeaderValue},
    },
};
use async_graphql::ServerError;
use serde::Serialize;
use serde_json::json;

use crate::{
    error::{ApiError, ErrorCode, UNAVAILABLE_RETRY_AFTER_SECS},
    web::negotiate::ResponseMedia,
};

/// A response that never reached execution.
pub(super) struct RequestError {
    pub status: StatusCode,
    pub message: String,
    pub code: ErrorCode,
}

impl RequestError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            code,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, message)
    }
}

pub(super) fn api_error(err: ApiError) -> RequestError {
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

pub(super) fn error_code(error: &ServerError) -> ErrorCode {
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
pub(super) struct ResponseBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub errors: &'a [ServerError],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: &'a BTreeMap<String, async_graphql::Value>,
}

/// Gives every error a code: request errors without one are bad input; field
/// errors without one are internal, logged, and their message withheld.
pub(super) fn give_codes(errors: &mut [ServerError], default_code: ErrorCode) {
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
pub(super) fn graphql_errors(
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

pub(super) fn request_error(media: ResponseMedia, error: RequestError) -> HttpResponse {
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

pub(super) fn insert_retry_after(response: &mut HttpResponse) {
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECS),
    );
}

pub(super) fn json_response(
    status: StatusCode,
    media: ResponseMedia,
    body: &impl Serialize,
) -> HttpResponse {
    text_response(status, media, json_text(body))
}

pub(super) fn json_text(body: &impl Serialize) -> String {
    serde_json::to_string(body).unwrap_or_else(|err| {
        tracing::error!(error = %err, "serialising a GraphQL response");
        format!(
            r#"{{"errors":[{{"message":"internal error","extensions":{{"code":"{}"}}}}]}}"#,
            ErrorCode::Internal
        )
    })
}

/// A JSON document already serialised.
pub(super) fn text_response(
    status: StatusCode,
    media: ResponseMedia,
    body: String,
) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, media.content_type()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}
