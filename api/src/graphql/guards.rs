//! Authorisation guards for fields and mutations. Services check again: the
//! guards make the rule visible at the schema edge, the services make it hold.

use async_graphql::{Context, Guard};
use entity::users::Role;

use super::{context::ContextExt, errors::gql_error};
use crate::{auth::STAFF_ROLES, error::ApiError};

/// Any signed-in user.
pub struct SignedIn;

impl Guard for SignedIn {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        ctx.viewer().map(|_| ())
    }
}

/// A signed-in user holding one of the roles.
pub struct RoleGuard(&'static [Role]);

impl RoleGuard {
    pub const STAFF: RoleGuard = RoleGuard(STAFF_ROLES);
    pub const ADMIN: RoleGuard = RoleGuard(&[Role::Admin]);
}

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        let viewer = ctx.viewer()?;
        if viewer.has_any_role(self.0) {
            Ok(())
        } else {
            Err(gql_error(ApiError::forbidden(format!(
                "this needs one of the roles: {}",
                self.0
                    .iter()
                    .map(|r| format!("{r:?}").to_uppercase())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))))
        }
    }
}

/// A signed-in user whose account may write (not suspended).
pub struct CanWrite;

impl Guard for CanWrite {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        ctx.viewer()?.ensure_can_write(ctx.now()).map_err(gql_error)
    }
}
