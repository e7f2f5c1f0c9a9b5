//! The Relay `Node` interface and `node(id)`.

use async_graphql::{Context, ID, Interface, Object};

use super::{
    accounts::types::User,
    context::ContextExt,
    errors::GqlResult,
    ids::{self, NodeKind},
};
use crate::{error::ApiError, services::users};

/// An object with a global ID that `node(id)` can fetch again.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque global ID."))]
pub enum Node {
    User(User),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Fetches any object by its global ID; null when it does not exist.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global ID from any object's `id`.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        let (kind, id) = ids::decode_any("id", &id).gql()?;
        let db = &ctx.state().db;
        match kind {
            NodeKind::User => match users::find(db, id).await {
                Ok(user) => Ok(Some(Node::User(User::new(user)))),
                Err(ApiError::NotFound(_)) => Ok(None),
                Err(err) => Err(err).gql(),
            },
        }
    }
}
