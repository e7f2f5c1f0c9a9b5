//! Community over GraphQL: thin resolvers over `services::community`.

mod mutation;
pub mod notifications;
pub mod posts;
mod query;
pub(crate) mod subscription;
pub mod threads;

pub use mutation::CommunityMutation;
pub use query::CommunityQuery;
pub use subscription::CommunitySubscription;

use async_graphql::Context;

use super::{context::ContextExt, errors::GqlResult, loaders::DbLoader};

/// Whether a per-viewer set loader holds `id` for the viewer (false when
/// anonymous).
pub(crate) async fn viewer_has(
    ctx: &Context<'_>,
    loader: &DbLoader<(i64, i64), ()>,
    id: i64,
) -> async_graphql::Result<bool> {
    let Some(viewer) = ctx.viewer_opt() else {
        return Ok(false);
    };
    Ok(loader.load_one((viewer.id(), id)).await.gql()?.is_some())
}
