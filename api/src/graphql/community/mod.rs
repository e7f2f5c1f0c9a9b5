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

use super::{context::ContextExt, errors::GqlResult};
use crate::services::community::marks::Mark;

/// The viewer's mark (a vote's value; 1 for a bookmark or follow), if
/// any; none when anonymous.
pub(crate) async fn viewer_mark(
    ctx: &Context<'_>,
    mark: Mark,
) -> async_graphql::Result<Option<i16>> {
    let Some(viewer) = ctx.viewer_opt() else {
        return Ok(None);
    };
    ctx.loaders()
        .viewer_marks
        .load_one((viewer.id(), mark))
        .await
        .gql()
}
