//! One error type for the whole API. Each variant maps to a stable
//! `extensions.code`; clients and tests match on the code, never the message.

use chrono::{DateTime, Utc};

/// The stable codes clients see in `extensions.code`. Written out nowhere
/// else: the HTTP layer, metrics and tests all go through this enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    /// The database (or another dependency) cannot be reached; try again.
    Unavailable,
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::BadUserInput,
        ErrorCode::Conflict,
        ErrorCode::RateLimited,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::Unavailable => "UNAVAILABLE",
            ErrorCode::Internal => "INTERNAL",
        }
    }

    pub fn parse(code: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|known| known.as_str() == code)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Seconds a client is asked to wait before retrying while the database is
/// unreachable (`Retry-After`).
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Unauthenticated(String),

    #[error("{message}")]
    Forbidden {
        message: String,
        /// Set when the reason is an account suspension.
        suspension: Option<Suspension>,
        /// Set when a level or points would unlock the action.
        requirement: Option<Requirement>,
    },

    #[error("{0} not found")]
    NotFound(&'static str),

    #[error("{message}")]
    BadUserInput { field: String, message: String },

    #[error("{message}")]
    Conflict {
        field: Option<String>,
        message: String,
    },

    #[error("too many attempts; retry in {retry_after_seconds} s")]
    RateLimited { retry_after_seconds: u64 },

    /// The database cannot be reached: nothing was changed; retry later.
    #[error("the service is temporarily unavailable; retry shortly")]
    Unavailable(#[source] anyhow::Error),

    /// The cause is logged once where it is turned into a response, never sent.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// What unlocks a privilege: a level (`extensions.requiredLevel`) or a
/// number of points (`extensions.requiredPoints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Level(&'static str),
    Points(i64),
}

#[derive(Debug, Clone)]
pub struct Suspension {
    pub until: Option<DateTime<Utc>>,
    pub reason: String,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Unauthenticated(_) => ErrorCode::Unauthenticated,
            ApiError::Forbidden { .. } => ErrorCode::Forbidden,
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::BadUserInput { .. } => ErrorCode::BadUserInput,
            ApiError::Conflict { .. } => ErrorCode::Conflict,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Unavailable(_) => ErrorCode::Unavailable,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        ApiError::Unauthenticated(message.into())
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::Forbidden {
            message: message.into(),
            suspension: None,
            requirement: None,
        }
    }

    /// FORBIDDEN until the user reaches a level or a number of points.
    pub fn requires(requirement: Requirement, message: impl Into<String>) -> Self {
        ApiError::Forbidden {
            message: message.into(),
            suspension: None,
            requirement: Some(requirement),
        }
    }

    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::BadUserInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Conflict {
            field: Some(field.into()),
            message: message.into(),
        }
    }

    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(cause.into())
    }

    /// A NOT_FOUND about something else reported as `what` (e.g. a hidden
    /// course hides its lessons); every other error stays as it is.
    pub fn not_found_as(self, what: &'static str) -> Self {
        match self {
            ApiError::NotFound(_) => ApiError::NotFound(what),
            other => other,
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        if is_outage(&err) {
            ApiError::Unavailable(err.into())
        } else {
            ApiError::Internal(err.into())
        }
    }
}

/// True when the error says the database cannot be reached or is going away
/// (a retry may succeed), not that a statement was wrong.
fn is_outage(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr, SqlxError};
    let sqlx = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(sqlx)) | DbErr::Query(RuntimeErr::SqlxError(sqlx)) => {
            sqlx
        }
        _ => return false,
    };
    match sqlx.as_ref() {
        SqlxError::Io(_)
        | SqlxError::Tls(_)
        | SqlxError::Protocol(_)
        | SqlxError::PoolTimedOut
        | SqlxError::PoolClosed
        | SqlxError::WorkerCrashed => true,
        SqlxError::Database(db) => db.code().is_some_and(|code| is_outage_code(&code)),
        _ => false,
    }
}

/// PostgreSQL's five-character SQLSTATEs: connection exceptions (08…),
/// shutdown or recovery (57P0…), too many connections (53300). SQLite's
/// numeric (possibly extended) codes: the file stayed busy or locked past
/// the busy timeout (5, 6).
fn is_outage_code(code: &str) -> bool {
    if code.len() == 5 {
        code.starts_with("08") || code.starts_with("57P0") || code == "53300"
    } else {
        code.parse::<u32>()
            .is_ok_and(|sqlite| matches!(sqlite & 0xff, 5 | 6))
    }
}

impl From<sea_orm::TransactionError<ApiError>> for ApiError {
    fn from(err: sea_orm::TransactionError<ApiError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(api) => api,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::parse("MEMBER"), None);
    }

    #[test]
    fn outage_codes_of_both_backends() {
        for outage in ["08006", "08001", "57P01", "57P03", "53300", "5", "517", "6"] {
            assert!(is_outage_code(outage), "{outage}");
        }
        for not_outage in ["23505", "42P01", "19", "2067", "1"] {
            assert!(!is_outage_code(not_outage), "{not_outage}");
        }
    }
}
