//! Probes, metrics, the IDE page and the admin UI's static files.

use lyceum::error::ErrorCode;
use lyceum_tests::TestApp;
use reqwest::{StatusCode, header};
use serde_json::json;

#[tokio::test]
async fn health_and_readiness_probes_answer() {
    let app = TestApp::spawn().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    // Every response names its request (as the logs do) and forbids sniffing.
    let request_id = health.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(request_id.len(), 36, "{request_id}");
    assert_eq!(health.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(
        ready.json::<serde_json::Value>().await.unwrap()["status"],
        "ready"
    );
}

#[tokio::test]
async fn metrics_count_operations_by_name_and_outcome() {
    let app = TestApp::spawn().await;
    app.gql("query WhoAmI { me { id } }", json!({}))
        .await
        .expect_code(ErrorCode::Unauthenticated);
    app.gql("query Ping { __typename }", json!({})).await.ok();
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains(&format!(
            r#"lyceum_graphql_requests_total{{operation="WhoAmI",outcome="{}"}} 1"#,
            ErrorCode::Unauthenticated
        )),
        "{text}"
    );
    assert!(
        text.contains(r#"lyceum_graphql_requests_total{operation="Ping",outcome="ok"} 1"#),
        "{text}"
    );
    assert!(
        text.contains("lyceum_graphql_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(
        text.contains(r#"lyceum_db_pool_connections{state="open"}"#),
        "{text}"
    );
}

#[tokio::test]
async fn browsers_get_the_ide_and_the_admin_ui() {
    let app = TestApp::spawn().await;
    let ide = app
        .http
        .get(app.graphql_url())
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(ide.status(), StatusCode::OK);
    let html = ide.text().await.unwrap();
    assert!(html.contains("/admin/graphiql/assets/"), "{html}");
    // Its assets are served locally, not from a CDN.
    let script = html
        .split('"')
        .find(|part| part.starts_with("/admin/graphiql/assets/") && part.ends_with(".js"))
        .expect("a script tag");
    let asset = app.get(script).await;
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(
        asset.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert!(
        !html.contains("https://"),
        "the IDE page must not load remote assets"
    );

    let admin = app.get("/admin/").await;
    assert_eq!(admin.status(), StatusCode::OK);
    assert!(admin.text().await.unwrap().contains("<html"));
    let missing = app.get("/admin/assets/nope.js").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn browsers_may_call_from_configured_origins_and_the_servers_own() {
    let app = TestApp::spawn_with(|s| {
        s.cors_allowed_origins = vec!["https://app.example.com".to_owned()];
    })
    .await;
    let preflight = app
        .http
        .request(reqwest::Method::OPTIONS, app.graphql_url())
        .header(header::ORIGIN, "https://app.example.com")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::OK);
    assert_eq!(
        preflight.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.com"
    );

    let post = |origin: String| {
        app.http
            .post(app.graphql_url())
            .header(header::ORIGIN, origin)
            .json(&json!({ "query": "{ __typename }" }))
            .send()
    };
    let allowed = post("https://app.example.com".to_owned()).await.unwrap();
    assert_eq!(allowed.status(), StatusCode::OK);
    assert_eq!(
        allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.com"
    );
    // The admin UI and the IDE are served by the API itself.
    let same = post(format!("http://127.0.0.1:{}", app.port))
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);

    // Other origins get no CORS grant, so a browser will not hand them the answer.
    let foreign = post("https://evil.example".to_owned()).await.unwrap();
    assert!(
        !foreign
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
    let foreign_preflight = app
        .http
        .request(reqwest::Method::OPTIONS, app.graphql_url())
        .header(header::ORIGIN, "https://evil.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .send()
        .await
        .unwrap();
    assert!(
        !foreign_preflight
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
}

#[tokio::test]
async fn shutdown_lets_in_flight_requests_finish() {
    let app = TestApp::spawn().await;
    // A request whose body is still arriving when the shutdown begins.
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(2);
    let body = reqwest::Body::wrap_stream(body_chunks(receiver));
    let request = app
        .http
        .post(app.graphql_url())
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .send();
    let in_flight = tokio::spawn(request);
    sender.send(Ok(br#"{"query":"#.to_vec())).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let shutdown = app.shutdown.clone();
    let stopping = tokio::spawn(async move { shutdown.shutdown().await });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // New connections are refused by now…
    assert!(
        app.http
            .get(format!("{}/healthz", app.address))
            .send()
            .await
            .is_err()
    );
    // …but the request already in flight completes.
    sender
        .send(Ok(br#""{ __typename }"}"#.to_vec()))
        .await
        .unwrap();
    drop(sender);
    let response = in_flight
        .await
        .unwrap()
        .expect("the in-flight request is answered");
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["data"]["__typename"], "Query");
    tokio::time::timeout(std::time::Duration::from_secs(10), stopping)
        .await
        .expect("the server stops once the request is done")
        .unwrap();
}

/// A receiver as a stream of body chunks.
fn body_chunks(
    mut receiver: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx))
}
