//! Subscriptions over WebSocket (`graphql-transport-ws`, and the legacy
//! `graphql-ws` for old clients) on /graphql/ws. The access token comes in the
//! `connection_init` payload; on shutdown every socket is closed with 1001.

use std::{str::FromStr, time::Duration};

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason};
use async_graphql::{
    Data,
    http::{WebSocket, WebSocketProtocols, WsMessage},
};
use futures_util::{StreamExt, future};

use super::{WebState, graphql_http::client_info};
use crate::services::sessions;

/// Frames and messages larger than this are refused, like HTTP bodies.
const MAX_MESSAGE_BYTES: usize = super::graphql_http::MAX_BODY_BYTES;
/// A client that answers no keep-alive ping for this long is dropped.
const KEEPALIVE_TIMEOUT: Duration = Duration::from_secs(60);
/// Marks a connection refused for its credentials.
const FORBIDDEN_PREFIX: &str = "Forbidden: ";

pub async fn handle(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<WebState>,
) -> Result<HttpResponse, actix_web::Error> {
    let protocol = req
        .headers()
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|value| value.to_str().ok())
        .and_then(|offered| {
            offered
                .split(',')
                .find_map(|p| WebSocketProtocols::from_str(p.trim()).ok())
        });
    let Some(protocol) = protocol else {
        return Ok(HttpResponse::BadRequest()
            .body("offer the graphql-transport-ws subprotocol (Sec-WebSocket-Protocol)"));
    };
    let (mut response, session, messages) = actix_ws::handle(&req, payload)?;
    response.headers_mut().insert(
        header::SEC_WEBSOCKET_PROTOCOL,
        header::HeaderValue::from_static(protocol.sec_websocket_protocol()),
    );

    let mut connection_data = Data::default();
    connection_data.insert(client_info(&req, state.app.trust_proxy_headers));
    let app = state.app.clone();
    let schema = state.schema.clone();
    let metrics = state.metrics.clone();
    let mut shutdown = state.shutdown.clone();

    // Text frames feed the GraphQL protocol; pings are answered here.
    let pong_session = session.clone();
    let incoming = messages
        .max_frame_size(MAX_MESSAGE_BYTES)
        .aggregate_continuations()
        .max_continuation_size(MAX_MESSAGE_BYTES)
        .take_while(|message| {
            future::ready(!matches!(message, Ok(AggregatedMessage::Close(_)) | Err(_)))
        })
        .filter_map(move |message| {
            let mut session = pong_session.clone();
            async move {
                match message {
                    Ok(AggregatedMessage::Text(text)) => Some(text.into_bytes()),
                    Ok(AggregatedMessage::Ping(bytes)) => {
                        let _ = session.pong(&bytes).await;
                        None
                    }
                    _ => None,
                }
            }
        });

    actix_web::rt::spawn(async move {
        metrics.ws_connections.inc();
        let mut session = session;
        let mut protocol_stream = std::pin::pin!(
            WebSocket::new(schema, incoming, protocol)
                .connection_data(connection_data)
                .keepalive_timeout(KEEPALIVE_TIMEOUT)
                .on_connection_init(move |payload| async move {
                    let mut data = Data::default();
                    if let Some(token) = token_from_init_payload(&payload) {
                        let viewer = sessions::authenticate(&app.db, &app.auth.jwt, &token)
                            .await
                            .map_err(|err| {
                                async_graphql::Error::new(format!("{FORBIDDEN_PREFIX}{err}"))
                            })?;
                        data.insert(viewer);
                    }
                    Ok(data)
                })
        );
        let close = loop {
            tokio::select! {
                message = protocol_stream.next() => match message {
                    Some(WsMessage::Text(text)) => {
                        if session.text(text).await.is_err() {
                            break None;
                        }
                    }
                    // async-graphql closes a refused init with 1002; the
                    // graphql-transport-ws protocol asks for 4403 Forbidden.
                    Some(WsMessage::Close(1002, reason)) if reason.starts_with(FORBIDDEN_PREFIX) => {
                        break Some(CloseReason { code: CloseCode::Other(4403), description: Some(reason) });
                    }
                    Some(WsMessage::Close(code, reason)) => {
                        break Some(CloseReason { code: CloseCode::from(code), description: Some(reason) });
                    }
                    None => break Some(CloseCode::Normal.into()),
                },
                _ = shutdown.changed() => {
                    break Some(CloseReason { code: CloseCode::Away, description: Some("server shutting down".into()) });
                }
            }
        };
        if let Some(reason) = close {
            let _ = session.close(Some(reason)).await;
        }
        metrics.ws_connections.dec();
    });
    Ok(response)
}

/// Accepts `{"Authorization": "Bearer …"}` (any case) or `{"token": "…"}`.
fn token_from_init_payload(payload: &serde_json::Value) -> Option<String> {
    let object = payload.as_object()?;
    object.iter().find_map(|(key, value)| {
        let value = value.as_str()?.trim();
        match key.to_ascii_lowercase().as_str() {
            "authorization" => {
                let (scheme, token) = value.split_once(' ')?;
                scheme
                    .eq_ignore_ascii_case("bearer")
                    .then(|| token.trim().to_owned())
            }
            "token" | "accesstoken" => Some(value.to_owned()),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_tokens_from_init_payloads() {
        assert_eq!(
            token_from_init_payload(&json!({"Authorization": "Bearer abc"})).as_deref(),
            Some("abc")
        );
        assert_eq!(
            token_from_init_payload(&json!({"token": "xyz"})).as_deref(),
            Some("xyz")
        );
        assert_eq!(
            token_from_init_payload(&json!({"authorization": "Basic abc"})),
            None
        );
        assert_eq!(token_from_init_payload(&json!(null)), None);
    }
}
