//! What resolvers read from the request: the app state, the signed-in viewer
//! and where the request came from.

use std::sync::Arc;

use async_graphql::Context;
use chrono::{DateTime, Utc};

use super::errors::gql_error;
use super::loaders::Loaders;
use crate::{auth::Viewer, error::ApiError, services::ClientInfo, state::AppState};

pub trait ContextExt {
    fn state(&self) -> &AppState;
    /// The signed-in user, or UNAUTHENTICATED.
    fn viewer(&self) -> async_graphql::Result<&Viewer>;
    fn viewer_opt(&self) -> Option<&Viewer>;
    fn client(&self) -> ClientInfo;
    /// The current time, from the app's clock.
    fn now(&self) -> DateTime<Utc>;
    fn loaders(&self) -> &Loaders;
}

impl ContextExt for Context<'_> {
    fn state(&self) -> &AppState {
        self.data_unchecked::<AppState>()
    }

    fn viewer(&self) -> async_graphql::Result<&Viewer> {
        self.viewer_opt()
            .ok_or_else(|| gql_error(ApiError::unauthenticated("sign in first")))
    }

    fn viewer_opt(&self) -> Option<&Viewer> {
        self.data_opt::<Viewer>()
    }

    fn client(&self) -> ClientInfo {
        self.data_opt::<ClientInfo>().cloned().unwrap_or_default()
    }

    fn now(&self) -> DateTime<Utc> {
        self.state().clock.now()
    }

    /// The schema's loaders, or for a mutation the uncached set the gate
    /// puts in its request (request data shadows schema data).
    fn loaders(&self) -> &Loaders {
        self.data_unchecked::<Arc<Loaders>>()
    }
}
