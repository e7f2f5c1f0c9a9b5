//! `GET /analytics/{report}.csv?from=…&to=…`: every metric report as a CSV
//! download (UTF-8, a header row, `Content-Disposition: attachment`), for
//! staff with the same bearer token as the API. The numbers come from the
//! same service functions as the GraphQL fields. Errors answer JSON in the
//! GraphQL shape (`errors[0].extensions.code`): 401 UNAUTHENTICATED, 403
//! FORBIDDEN, 404 NOT_FOUND (unknown report), 400 BAD_USER_INPUT naming the
//! parameter.

mod tables;

use std::collections::HashMap;

use actix_web::{
    HttpRequest, HttpResponse,
    http::{StatusCode, header},
    web,
};
use chrono::NaiveDate;
use serde_json::json;

use super::WebState;
use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult, UNAVAILABLE_RETRY_AFTER_SECS},
    services::{
        analytics::metrics::{Granularity, Range},
        sessions,
    },
};

/// The reports, by the name of their GraphQL field.
pub const REPORTS: [&str; 8] = [
    "activityMetrics",
    "retentionCohorts",
    "funnel",
    "communityHealth",
    "contentQuality",
    "creatorMetrics",
    "rewardMetrics",
    "recommendationMetrics",
];

/// The query string of a download.
pub(super) struct Params(HashMap<String, String>);

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    fn date(&self, name: &str) -> ApiResult<NaiveDate> {
        let raw = self
            .get(name)
            .ok_or_else(|| ApiError::bad_input(name, "required: a date, YYYY-MM-DD"))?;
        raw.parse()
            .map_err(|_| ApiError::bad_input(name, "not a date: use YYYY-MM-DD"))
    }

    /// The range, with the granularity given or `default`.
    pub fn range(&self, state: &WebState, default: Granularity) -> ApiResult<Range> {
        let granularity = match self.get("granularity") {
            None => default,
            Some(raw) => Granularity::parse(raw)
                .ok_or_else(|| ApiError::bad_input("granularity", "one of DAY, WEEK or MONTH"))?,
        };
        Range::new(
            self.date("from")?,
            self.date("to")?,
            granularity,
            state.app.analytics.zone,
        )
    }

    /// The range of a ranking, which covers it as a whole (`granularity`
    /// is not read).
    pub fn ranking_range(&self, state: &WebState) -> ApiResult<Range> {
        Range::new(
            self.date("from")?,
            self.date("to")?,
            Granularity::Month,
            state.app.analytics.zone,
        )
    }

    /// The `table` parameter: one of `names`, the first when omitted.
    pub fn table(&self, names: &[&'static str]) -> ApiResult<&'static str> {
        match self.get("table") {
            None => Ok(names[0]),
            Some(raw) => names.iter().copied().find(|n| *n == raw).ok_or_else(|| {
                ApiError::bad_input("table", format!("one of {}", names.join(", ")))
            }),
        }
    }
}

pub async fn handle(
    req: HttpRequest,
    report: web::Path<String>,
    state: web::Data<WebState>,
) -> HttpResponse {
    match download(&req, &report, &state).await {
        Ok(csv) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{report}.csv\""),
            ))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(csv),
        Err(err) => error_response(err),
    }
}

async fn download(req: &HttpRequest, report: &str, state: &WebState) -> ApiResult<Vec<u8>> {
    let viewer = viewer(req, state).await?;
    if !viewer.has_any_role(STAFF_ROLES) {
        return Err(ApiError::forbidden(
            "this needs one of the roles: MODERATOR, ADMIN",
        ));
    }
    if !REPORTS.contains(&report) {
        return Err(ApiError::NotFound("report"));
    }
    let params = web::Query::<HashMap<String, String>>::from_query(req.query_string())
        .map_err(|_| ApiError::bad_input("query", "not a valid query string"))?
        .into_inner();
    let mut out = csv::Writer::from_writer(Vec::new());
    tables::write(report, &Params(params), state, &mut out).await?;
    out.into_inner()
        .map_err(|err| ApiError::internal(err.into_error()))
}

/// The signed-in user of a bearer token (UNAUTHENTICATED without one).
async fn viewer(req: &HttpRequest, state: &WebState) -> ApiResult<Viewer> {
    let invalid = || ApiError::unauthenticated("use Authorization: Bearer <access token>");
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthenticated("sign in first"))?;
    let value = value.to_str().map_err(|_| invalid())?;
    let (scheme, token) = value.trim().split_once(' ').ok_or_else(invalid)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(invalid());
    }
    sessions::authenticate(&state.app.db, &state.app.auth.jwt, token.trim()).await
}

fn error_response(err: ApiError) -> HttpResponse {
    let status = match &err {
        ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
        ApiError::NotFound(_) => StatusCode::NOT_FOUND,
        ApiError::BadUserInput { .. } | ApiError::Conflict { .. } => StatusCode::BAD_REQUEST,
        ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        ApiError::Unavailable(cause) => {
            tracing::warn!(error = %cause, "database unavailable");
            StatusCode::SERVICE_UNAVAILABLE
        }
        ApiError::Internal(cause) => {
            tracing::error!(error = ?cause, "internal error");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let mut extensions = json!({ "code": err.code().as_str() });
    if let ApiError::BadUserInput { field, .. } = &err {
        extensions["field"] = json!(field);
    }
    let mut response = HttpResponse::build(status);
    response.insert_header((header::CACHE_CONTROL, "no-store"));
    match status {
        StatusCode::UNAUTHORIZED => {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        StatusCode::SERVICE_UNAVAILABLE => {
            response.insert_header((header::RETRY_AFTER, UNAVAILABLE_RETRY_AFTER_SECS));
        }
        _ => {}
    }
    response.json(json!({
        "errors": [{ "message": err.to_string(), "extensions": extensions }]
    }))
}
