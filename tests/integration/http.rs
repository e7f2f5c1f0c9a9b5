//! GraphQL over HTTP: content types, status codes, limits, malformed input
//! and tokens that must not get in.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{EncodingKey, Header};
use lyceum::error::ErrorCode;
use lyceum_tests::{TEST_JWT_SECRET, TestApp, graphql::into_gql};
use reqwest::{StatusCode, header};
use serde_json::json;

const GQL_RESPONSE: &str = "application/graphql-response+json";

async fn post_raw(
    app: &TestApp,
    content_type: Option<&str>,
    accept: &str,
    body: impl Into<reqwest::Body>,
) -> lyceum_tests::GqlResponse {
    let mut request = app
        .http
        .post(app.graphql_url())
        .header(header::ACCEPT, accept)
        .body(body);
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    into_gql(request.send().await.unwrap()).await
}

#[tokio::test]
async fn negotiates_the_response_media_type() {
    let app = TestApp::spawn().await;
    let body = r#"{"query":"{ __typename }"}"#;
    let modern = post_raw(&app, Some("application/json"), GQL_RESPONSE, body).await;
    assert!(
        modern.content_type.starts_with(GQL_RESPONSE),
        "{}",
        modern.content_type
    );
    let legacy = post_raw(&app, Some("application/json"), "application/json", body).await;
    assert!(legacy.content_type.starts_with("application/json"));
    let neither = post_raw(&app, Some("application/json"), "text/plain", body).await;
    assert_eq!(neither.status, StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn malformed_requests_are_refused_with_codes() {
    let app = TestApp::spawn().await;
    let malformed = post_raw(&app, Some("application/json"), GQL_RESPONSE, "{ not json").await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    malformed.expect_code(ErrorCode::BadUserInput);

    let wrong_type = post_raw(
        &app,
        Some("text/plain"),
        GQL_RESPONSE,
        r#"{"query":"{ __typename }"}"#,
    )
    .await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let no_type = post_raw(&app, None, GQL_RESPONSE, r#"{"query":"{ __typename }"}"#).await;
    assert_eq!(no_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    for body in [
        r#"{"variables":{}}"#,
        r#"{"query":42}"#,
        r#"{"query":"{ __typename }","variables":"x"}"#,
        "[]",
    ] {
        let response = post_raw(&app, Some("application/json"), GQL_RESPONSE, body).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
        response.expect_code(ErrorCode::BadUserInput);
    }

    // Parse and validation errors: 400 without `data` for the modern type…
    let parse = post_raw(
        &app,
        Some("application/json"),
        GQL_RESPONSE,
        r#"{"query":"{"}"#,
    )
    .await;
    assert_eq!(parse.status, StatusCode::BAD_REQUEST);
    assert!(parse.body.get("data").is_none());
    parse.expect_code(ErrorCode::BadUserInput);
    let invalid = post_raw(
        &app,
        Some("application/json"),
        GQL_RESPONSE,
        r#"{"query":"{ noSuchField }"}"#,
    )
    .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    invalid.expect_code(ErrorCode::BadUserInput);
    // …and 200 for legacy JSON.
    let legacy = post_raw(
        &app,
        Some("application/json"),
        "application/json",
        r#"{"query":"{ noSuchField }"}"#,
    )
    .await;
    assert_eq!(legacy.status, StatusCode::OK);
    legacy.expect_code(ErrorCode::BadUserInput);
}

/// A query that passed validation once is remembered by its text, operation
/// and variables; the same text with other variables or another operation
/// is validated again, however often the valid one ran.
#[tokio::test]
async fn a_validated_query_is_validated_again_with_other_variables() {
    let app = TestApp::spawn().await;
    let learner = app.learner("revalidated").await;
    let query = "query Page($first: Int) { courses(first: $first) { nodes { title } } } \
                 query Other { me { username } }";
    let run = |variables: serde_json::Value, operation: &'static str| {
        let body = json!({ "query": query, "operationName": operation, "variables": variables });
        let request = app
            .http
            .post(app.graphql_url())
            .bearer_auth(&learner.access_token)
            .header(header::ACCEPT, GQL_RESPONSE)
            .json(&body);
        async move { into_gql(request.send().await.unwrap()).await }
    };
    for _ in 0..3 {
        let valid = run(json!({ "first": 2 }), "Page").await;
        assert!(valid.ok()["courses"]["nodes"].is_array());
    }
    for _ in 0..2 {
        let invalid = run(json!({ "first": "two" }), "Page").await;
        assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
        assert!(invalid.body.get("data").is_none());
        invalid.expect_code(ErrorCode::BadUserInput);
        let unknown = run(json!({ "first": 2 }), "Missing").await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
        unknown.expect_code(ErrorCode::BadUserInput);
    }
    let other = run(json!({}), "Other").await;
    assert_eq!(other.ok()["me"]["username"], "revalidated");
}

#[tokio::test]
async fn get_runs_queries_but_never_mutations() {
    let app = TestApp::spawn().await;
    let query = app
        .http
        .get(app.graphql_url())
        .query(&[("query", "{ __typename }")])
        .send()
        .await
        .unwrap();
    let query = into_gql(query).await;
    assert_eq!(query.ok()["__typename"], "Query");

    let mutation = app
        .http
        .get(app.graphql_url())
        .query(&[("query", "mutation { logout }")])
        .header(header::ACCEPT, GQL_RESPONSE)
        .send()
        .await
        .unwrap();
    assert_eq!(mutation.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn oversized_deep_complex_and_aliased_queries_are_refused() {
    let app = TestApp::spawn().await;
    let huge = json!({ "query": format!("{{ __typename }} #{}", "x".repeat(1024 * 1024 + 1)) })
        .to_string();
    let too_big = post_raw(&app, Some("application/json"), GQL_RESPONSE, huge).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    too_big.expect_code(ErrorCode::BadUserInput);

    let mut nested = "name".to_owned();
    for _ in 0..14 {
        nested = format!("ofType {{ {nested} }}");
    }
    let deep = format!("{{ __schema {{ types {{ fields {{ type {{ {nested} }} }} }} }} }}");
    let deep = app.gql(&deep, json!({})).await;
    assert_eq!(deep.status, StatusCode::BAD_REQUEST);
    deep.expect_code(ErrorCode::BadUserInput);

    let aliases: String = (0..31).map(|i| format!("a{i}: __typename ")).collect();
    let aliased = app.gql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(aliased.status, StatusCode::BAD_REQUEST);
    assert!(
        aliased.first_error()["message"]
            .as_str()
            .unwrap()
            .contains("aliases")
    );

    // 30 aliases are still fine.
    let ok_aliases: String = (0..30).map(|i| format!("a{i}: __typename ")).collect();
    app.gql(&format!("{{ {ok_aliases} }}"), json!({}))
        .await
        .ok();

    let complex = "{ users(first: 100) { nodes { id username displayName interests role status points level } edges { cursor node { id username displayName email interests role status points level createdAt } } } }";
    let staff = app.admin("adm").await;
    let complex = app.gql_as(&staff, complex, json!({})).await;
    assert_eq!(complex.status, StatusCode::BAD_REQUEST);
    assert!(
        complex.first_error()["message"]
            .as_str()
            .unwrap()
            .contains("complex"),
        "{}",
        complex.body
    );
}

fn forge(claims: serde_json::Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret).unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn invalid_expired_tampered_and_unsigned_tokens_are_unauthenticated() {
    let app = TestApp::spawn().await;
    let session = app.learner("holder").await;
    let now = chrono::Utc::now().timestamp();
    let user_id = 1;

    let expired = forge(
        json!({ "sub": user_id.to_string(), "role": "LEARNER", "iat": now - 7200, "exp": now - 3600, "jti": "x", "sid": 1 }),
        TEST_JWT_SECRET.as_bytes(),
    );
    let wrong_key = forge(
        json!({ "sub": user_id.to_string(), "role": "ADMIN", "iat": now, "exp": now + 600, "jti": "x", "sid": 1 }),
        b"some-other-secret-that-is-long-enough-0000",
    );
    // Swap the payload of a real token for one claiming ADMIN.
    let mut parts: Vec<String> = session.access_token.split('.').map(str::to_owned).collect();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    claims["role"] = json!("ADMIN");
    claims["sub"] = json!("2");
    parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
    let tampered = parts.join(".");
    // alg: none with no signature.
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{header}.{}.", parts[1]);

    for (name, token) in [
        ("expired", expired),
        ("wrong key", wrong_key),
        ("tampered", tampered),
        ("alg none", unsigned),
        ("garbage", "abc".to_owned()),
    ] {
        let response = app
            .gql_with(Some(&token), "{ __typename }", json!({}))
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{name}");
        response.expect_code(ErrorCode::Unauthenticated);
    }
    let basic = app
        .http
        .post(app.graphql_url())
        .header(header::AUTHORIZATION, "Basic YWRtaW46YWRtaW4=")
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
    // The genuine token still works.
    app.gql_as(&session, "{ me { username } }", json!({}))
        .await
        .ok();
}
