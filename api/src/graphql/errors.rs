//! Turning `ApiError` into GraphQL errors with stable `extensions.code`.

use async_graphql::ErrorExtensions;

use crate::error::{ApiError, Requirement};

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let ApiError::Internal(cause) = self {
            // Logged here, once; the client only learns that something failed.
            tracing::error!(error = ?cause, "internal error");
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| {
            ext.set("code", self.code().as_str());
            match self {
                ApiError::BadUserInput { field, .. } => ext.set("field", field.as_str()),
                ApiError::Conflict {
                    field: Some(field), ..
                } => ext.set("field", field.as_str()),
                ApiError::RateLimited {
                    retry_after_seconds,
                } => ext.set("retryAfterSeconds", *retry_after_seconds),
                ApiError::Forbidden {
                    suspension: Some(suspension),
                    ..
                } => {
                    ext.set("reason", suspension.reason.as_str());
                    ext.set(
                        "suspendedUntil",
                        suspension.until.map(|until| until.to_rfc3339()),
                    );
                }
                ApiError::Forbidden {
                    requirement: Some(requirement),
                    ..
                } => match requirement {
                    Requirement::Level(level) => ext.set("requiredLevel", *level),
                    Requirement::Points(points) => ext.set("requiredPoints", *points),
                },
                _ => {}
            }
        })
    }
}

/// `.gql()` on a service result: the only way service errors reach GraphQL,
/// so none loses its code through async-graphql's `Display` conversion.
pub trait GqlResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for Result<T, ApiError> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|err| err.extend())
    }
}

/// DataLoaders share one error between the keys of a batch.
impl<T> GqlResult<T> for Result<T, std::sync::Arc<ApiError>> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|err| err.extend())
    }
}

/// Shorthand for resolvers that fail on their own (guards, id parsing).
pub fn gql_error(err: ApiError) -> async_graphql::Error {
    err.extend()
}
