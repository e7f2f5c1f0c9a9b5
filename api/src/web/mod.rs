//! HTTP: routes, GraphQL transports, probes, metrics and static files.

pub mod assets;
pub mod graphql_http;
pub mod graphql_ws;
pub mod health;
pub mod metrics;
pub mod negotiate;

use std::sync::Arc;

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

use crate::{graphql::AppSchema, state::AppState};

/// What every handler can reach.
pub struct WebState {
    pub app: AppState,
    pub schema: AppSchema,
    pub metrics: Arc<metrics::Metrics>,
    /// Flips to true when the server begins to shut down.
    pub shutdown: watch::Receiver<bool>,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/graphql", web::get().to(graphql_http::handle))
        .route("/graphql", web::post().to(graphql_http::handle))
        .route("/graphql", web::route().to(graphql_http::handle))
        .route("/graphql/ws", web::get().to(graphql_ws::handle))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::handle))
        .route("/admin", web::get().to(redirect_to_admin))
        .route("/admin/{path:.*}", web::get().to(assets::admin))
        .route("/", web::get().to(redirect_to_admin));
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
