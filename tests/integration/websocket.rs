//! Subscriptions transport: graphql-transport-ws on /graphql/ws.

use lyceum::error::ErrorCode;
use std::time::Duration;

use lyceum_tests::{
    TestApp,
    ws::{connect, next, send},
};
use serde_json::{Value, json};
use tokio_tungstenite::{connect_async, tungstenite::protocol::frame::coding::CloseCode};

#[tokio::test]
async fn authenticated_operations_run_over_the_socket() {
    let app = TestApp::spawn().await;
    let session = app.learner("socketeer").await;
    let mut socket = connect(&app).await;
    send(&mut socket, json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {}", session.access_token) } })).await;
    assert_eq!(next(&mut socket).await.unwrap()["type"], "connection_ack");

    send(&mut socket, json!({ "type": "ping" })).await;
    assert_eq!(next(&mut socket).await.unwrap()["type"], "pong");

    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "{ me { username } }" } }),
    )
    .await;
    let result = next(&mut socket).await.unwrap();
    assert_eq!(result["type"], "next");
    assert_eq!(result["payload"]["data"]["me"]["username"], "socketeer");
    assert_eq!(next(&mut socket).await.unwrap()["type"], "complete");
}

#[tokio::test]
async fn anonymous_sockets_are_unauthenticated_and_bad_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let mut anonymous = connect(&app).await;
    send(&mut anonymous, json!({ "type": "connection_init" })).await;
    assert_eq!(
        next(&mut anonymous).await.unwrap()["type"],
        "connection_ack"
    );
    send(
        &mut anonymous,
        json!({ "id": "a", "type": "subscribe", "payload": { "query": "{ me { username } }" } }),
    )
    .await;
    let result = next(&mut anonymous).await.unwrap();
    assert_eq!(
        result["payload"]["errors"][0]["extensions"]["code"],
        ErrorCode::Unauthenticated.as_str()
    );

    let mut forged = connect(&app).await;
    send(
        &mut forged,
        json!({ "type": "connection_init", "payload": { "Authorization": "Bearer not.a.token" } }),
    )
    .await;
    assert_eq!(next(&mut forged).await, Err(Some(CloseCode::Library(4403))));
}

#[tokio::test]
async fn sockets_without_the_subprotocol_are_refused() {
    let app = TestApp::spawn().await;
    let request = format!("ws://127.0.0.1:{}/graphql/ws", app.port);
    assert!(connect_async(request).await.is_err());
}

#[tokio::test]
async fn shutdown_closes_sockets_cleanly_with_going_away() {
    let app = TestApp::spawn().await;
    let mut socket = connect(&app).await;
    send(&mut socket, json!({ "type": "connection_init" })).await;
    assert_eq!(next(&mut socket).await.unwrap()["type"], "connection_ack");

    let shutdown = app.shutdown.clone();
    let stopping = tokio::spawn(async move { shutdown.shutdown().await });
    assert_eq!(next(&mut socket).await, Err(Some(CloseCode::Away)));
    tokio::time::timeout(Duration::from_secs(10), stopping)
        .await
        .expect("the server stops promptly once the socket is closed")
        .unwrap();
}

#[tokio::test]
async fn document_limits_hold_over_the_socket_too() {
    let app = TestApp::spawn().await;
    let mut socket = connect(&app).await;
    send(&mut socket, json!({ "type": "connection_init" })).await;
    assert_eq!(next(&mut socket).await.unwrap()["type"], "connection_ack");
    let too_long = format!("{{ __typename }} #{}", "x".repeat(32 * 1024));
    let too_many_fields = format!("{{ {} }}", "__typename ".repeat(1_001));
    for (id, query, says) in [("1", too_long, "bytes"), ("2", too_many_fields, "fields")] {
        send(
            &mut socket,
            json!({ "id": id, "type": "subscribe", "payload": { "query": query } }),
        )
        .await;
        // async-graphql reports refused queries as a result with errors.
        let refused = next(&mut socket).await.unwrap();
        assert_eq!(refused["type"], "next", "{refused}");
        assert_eq!(refused["payload"]["data"], Value::Null, "{refused}");
        let error = &refused["payload"]["errors"][0];
        assert_eq!(
            error["extensions"]["code"],
            ErrorCode::BadUserInput.as_str(),
            "{refused}"
        );
        assert!(
            error["message"].as_str().unwrap().contains(says),
            "{refused}"
        );
        assert_eq!(next(&mut socket).await.unwrap()["type"], "complete");
    }
}
