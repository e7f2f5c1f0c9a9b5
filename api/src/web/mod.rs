//! HTTP: routes, GraphQL transports, probes, metrics and static files.

pub mod assets;
pub mod graphql_http;
pub mod graphql_ws;
pub mod health;
pub mod metrics;
pub mod negotiate;

use std::sync::Arc;

use actix_web::{HttpResponse, http::header, web};
use tokio::sync::watch;

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

async fn redirect_to_admin() -> HttpResponse {
    HttpResponse::Found()
        .insert_header((header::LOCATION, "/admin/"))
        .finish()
}
