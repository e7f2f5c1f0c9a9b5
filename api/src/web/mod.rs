//! HTTP: routes, GraphQL transports, probes, metrics and static files.

pub mod analytics_csv;
pub mod assets;
pub mod graphql_http;
pub mod graphql_ws;
pub mod health;
pub mod metrics;
pub mod negotiate;

use std::sync::{Arc, atomic::AtomicBool};

use actix_cors::Cors;
use actix_web::{
    HttpMessage, HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderName, HeaderValue},
    middleware::{DefaultHeaders, Next},
    web,
};
use tokio::sync::watch;
use tracing_actix_web::RequestId;

use crate::{graphql::gate::Gate, state::AppState};
use graphql_http::RequestLimits;

/// What every handler can reach.
pub struct WebState {
    pub app: AppState,
    /// The schema behind its limits and hooks.
    pub schema: Gate,
    pub metrics: Arc<metrics::Metrics>,
    pub limits: RequestLimits,
    /// Anonymous answers of the public catalogue, shared for a moment.
    pub public_cache: Arc<graphql_http::public_cache::PublicCache>,
    /// Flips to true when the server begins to shut down.
    pub shutdown: watch::Receiver<bool>,
    /// Set once the most searched queries are ranked (see
    /// `services::search::warmup`): ready for traffic.
    pub warm: Arc<AtomicBool>,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/graphql", web::get().to(graphql_http::handle))
        .route("/graphql", web::post().to(graphql_http::handle))
        .route("/graphql", web::route().to(graphql_http::handle))
        .route("/graphql/ws", web::get().to(graphql_ws::handle))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::handle))
        .route(
            "/analytics/{report}.csv",
            web::get().to(analytics_csv::handle),
        )
        .route("/admin", web::get().to(redirect_to_admin))
        .route("/admin/{path:.*}", web::get().to(assets::admin))
        .route("/", web::get().to(redirect_to_admin));
}

/// Browsers may call the API from the server's own origin and from the
/// configured ones; credentials travel in the Authorization header, never in
/// cookies, so none are allowed.
pub fn cors(allowed: Vec<String>) -> Cors {
    Cors::default()
        .allowed_origin_fn(move |origin, head| {
            let Ok(origin) = origin.to_str() else {
                return false;
            };
            allowed.iter().any(|a| a == origin) || is_same_origin(origin, head)
        })
        .allowed_methods(["GET", "POST"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .max_age(3600)
}

/// An Origin naming the host the request was sent to (the admin UI and IDE).
fn is_same_origin(origin: &str, head: &actix_web::dev::RequestHead) -> bool {
    let host = head
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((host, origin_host), (Some(host), Some(origin_host)) if host.eq_ignore_ascii_case(origin_host))
}

/// Headers every response carries: no MIME sniffing, no framing, no referrer.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "no-referrer"))
}

/// Returns the request's id (the one in its log lines) as `x-request-id`, so
/// a client's bug report can be matched to the server's logs.
pub async fn echo_request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req.extensions().get::<RequestId>().copied();
    let mut response = next.call(req).await?;
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id.to_string()).ok()) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}

async fn redirect_to_admin() -> HttpResponse {
    HttpResponse::Found()
        .insert_header((header::LOCATION, "/admin/"))
        .finish()
}
