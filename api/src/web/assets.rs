//! The admin UI and the offline GraphQL IDE, built by admin-ui/ into
//! admin-ui/dist and embedded in the binary, so no Node is needed to run.

use actix_web::{HttpRequest, HttpResponse, http::header};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../admin-ui/dist"]
struct AdminUi;

/// GET /admin/{path}: a built file, or the app's index for client-side routes.
pub async fn admin(req: HttpRequest) -> HttpResponse {
    let path = req.match_info().query("path").trim_start_matches('/');
    match AdminUi::get(path).filter(|_| !path.is_empty()) {
        Some(file) => {
            // Hashed asset names never change content: cache them for a year.
            let cache = if path.contains("/assets/") || path.starts_with("assets/") {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            HttpResponse::Ok()
                .content_type(file.metadata.mimetype())
                .insert_header((header::CACHE_CONTROL, cache))
                .body(file.data.into_owned())
        }
        None if path.contains('.') => HttpResponse::NotFound().body("not found"),
        None => html("index.html"),
    }
}

/// The GraphiQL page, for browsers that GET /graphql.
pub fn graphiql_page() -> HttpResponse {
    html("graphiql/index.html")
}

fn html(path: &str) -> HttpResponse {
    match AdminUi::get(path) {
        Some(file) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(file.data.into_owned()),
        None => {
            HttpResponse::NotFound().body("the admin UI was not built (see admin-ui/README.md)")
        }
    }
}
