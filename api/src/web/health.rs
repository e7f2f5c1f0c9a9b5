//! Liveness and readiness probes.

use actix_web::{HttpResponse, web};
use serde_json::json;
use std::sync::atomic::Ordering;

use super::WebState;

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// The database answers and the most searched queries are ranked; a load
/// balancer should route here only then.
pub async fn readyz(state: web::Data<WebState>) -> HttpResponse {
    if !state.warm.load(Ordering::Acquire) {
        return HttpResponse::ServiceUnavailable().json(
            json!({ "status": "unavailable", "reason": "ranking the most searched queries" }),
        );
    }
    match state.app.db.ping().await {
        Ok(()) => HttpResponse::Ok().json(json!({ "status": "ready" })),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            HttpResponse::ServiceUnavailable()
                .json(json!({ "status": "unavailable", "reason": "database unreachable" }))
        }
    }
}
