//! Who is calling: the bearer token and the client's address and user agent.

use actix_web::{HttpRequest, http::header};

use super::response::{RequestError, api_error};
use crate::{error::ApiError, services::ClientInfo};

pub(super) fn bearer_token(req: &HttpRequest) -> Result<Option<&str>, RequestError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let invalid = || {
        api_error(ApiError::unauthenticated(
            "use Authorization: Bearer <access token>",
        ))
    };
    let value = value.to_str().map_err(|_| invalid())?;
    let (scheme, token) = value.trim().split_once(' ').ok_or_else(invalid)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(invalid());
    }
    Ok(Some(token.trim()))
}

pub fn client_info(req: &HttpRequest, trust_proxy_headers: bool) -> ClientInfo {
    let info = req.connection_info();
    let address = if trust_proxy_headers {
        info.realip_remote_addr().map(str::to_owned)
    } else {
        info.peer_addr().map(str::to_owned)
    };
    // Peer addresses come as ip:port; keep the ip.
    let ip = address
        .map(|a| {
            a.parse::<std::net::SocketAddr>()
                .map(|s| s.ip().to_string())
                .unwrap_or(a)
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(512).collect());
    ClientInfo { ip, user_agent }
}
