//! Content negotiation for GraphQL over HTTP.

use actix_web::http::header::HeaderValue;

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
pub const APPLICATION_JSON: &str = "application/json";

/// The media type the response will use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMedia {
    /// The GraphQL-over-HTTP media type: request errors answer 4xx.
    GraphqlResponseJson,
    /// Legacy JSON: every well-formed request answers 200.
    Json,
}

impl ResponseMedia {
    pub fn content_type(self) -> &'static str {
        match self {
            ResponseMedia::GraphqlResponseJson => {
                "application/graphql-response+json; charset=utf-8"
            }
            ResponseMedia::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response media type from `Accept`. A missing header or `*/*`
/// means legacy JSON; `None` means the client accepts neither (406).
pub fn response_media(accept: Option<&HeaderValue>) -> Option<ResponseMedia> {
    let Some(accept) = accept.and_then(|value| value.to_str().ok()) else {
        return Some(ResponseMedia::Json);
    };
    if accept.trim().is_empty() {
        return Some(ResponseMedia::Json);
    }
    let mut best: Option<(f32, u8, ResponseMedia)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if quality <= 0.0 {
            continue;
        }
        // Specificity breaks ties in favour of the exact type the client named.
        let candidate = match media.as_str() {
            GRAPHQL_RESPONSE_JSON => Some((2, ResponseMedia::GraphqlResponseJson)),
            APPLICATION_JSON => Some((2, ResponseMedia::Json)),
            "application/*" | "*/*" => Some((1, ResponseMedia::Json)),
            _ => None,
        };
        if let Some((specificity, chosen)) = candidate {
            let better = best.is_none_or(|(q, s, current)| {
                quality > q
                    || (quality == q && specificity > s)
                    || (quality == q
                        && specificity == s
                        && chosen == ResponseMedia::GraphqlResponseJson
                        && current == ResponseMedia::Json)
            });
            if better {
                best = Some((quality, specificity, chosen));
            }
        }
    }
    best.map(|(_, _, media)| media)
}

/// Whether a browser is asking for a page (then GET /graphql serves the IDE).
pub fn wants_html(accept: Option<&HeaderValue>) -> bool {
    accept
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.to_ascii_lowercase().contains("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(accept: &str) -> Option<ResponseMedia> {
        response_media(Some(&HeaderValue::from_str(accept).unwrap()))
    }

    #[test]
    fn negotiates() {
        use ResponseMedia::*;
        assert_eq!(response_media(None), Some(Json));
        assert_eq!(pick("*/*"), Some(Json));
        assert_eq!(pick("application/json"), Some(Json));
        assert_eq!(pick(GRAPHQL_RESPONSE_JSON), Some(GraphqlResponseJson));
        assert_eq!(
            pick("application/graphql-response+json, application/json;q=0.9"),
            Some(GraphqlResponseJson)
        );
        assert_eq!(
            pick("application/json, application/graphql-response+json"),
            Some(GraphqlResponseJson)
        );
        assert_eq!(
            pick("application/json;q=1, application/graphql-response+json;q=0.5"),
            Some(Json)
        );
        assert_eq!(pick("text/plain"), None);
        assert_eq!(pick("application/json;q=0"), None);
    }
}
