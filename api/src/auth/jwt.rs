//! Short-lived HS256 access tokens. They name the session they belong to, so
//! revoking a session ends its access tokens at the next request too.

use std::time::Duration;

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    /// The role when the token was issued (informative: guards use the stored role).
    pub role: String,
    pub iat: i64,
    pub exp: i64,
    /// Unique per token, for audit and log correlation.
    pub jti: String,
    /// The session this token belongs to.
    pub sid: i64,
}

impl Claims {
    pub fn user_id(&self) -> ApiResult<i64> {
        self.sub
            .parse()
            .map_err(|_| ApiError::unauthenticated("invalid access token"))
    }
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl JwtKeys {
    /// `leeway`: clock skew tolerated between server instances on expiry.
    pub fn new(secret: &[u8], ttl: Duration, leeway: Duration) -> anyhow::Result<Self> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = leeway.as_secs();
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
            ttl,
        })
    }

    pub fn issue(&self, user_id: i64, role: &str, session_id: i64) -> ApiResult<(String, Claims)> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            role: role.to_owned(),
            iat: now,
            exp: now + self.ttl.as_secs() as i64,
            jti: uuid::Uuid::new_v4().to_string(),
            sid: session_id,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)?;
        Ok((token, claims))
    }

    /// Verifies signature, algorithm (HS256 only, so `alg: none` fails) and expiry.
    pub fn verify(&self, token: &str) -> ApiResult<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|err| match err.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    ApiError::unauthenticated("access token expired; refresh the session")
                }
                _ => ApiError::unauthenticated("invalid access token"),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::new(&[7u8; 32], Duration::from_secs(900), Duration::from_secs(5)).unwrap()
    }

    #[test]
    fn round_trips_and_rejects_tampering() {
        let keys = keys();
        let (token, claims) = keys.issue(42, "ADMIN", 7).unwrap();
        let decoded = keys.verify(&token).unwrap();
        assert_eq!(decoded.sub, "42");
        assert_eq!(decoded.sid, 7);
        assert_eq!(decoded.jti, claims.jti);

        let other =
            JwtKeys::new(&[8u8; 32], Duration::from_secs(900), Duration::from_secs(5)).unwrap();
        assert!(other.verify(&token).is_err());
    }
}
