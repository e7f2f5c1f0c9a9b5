use async_graphql::{Context, ID, Json, Object};

use super::types::{User, UserFilter};
use crate::{
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        guards::{RoleGuard, SignedIn},
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::{accounts, users},
};

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// The signed-in user.
    #[graphql(guard = "SignedIn")]
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        Ok(User::for_owner(ctx.viewer()?.user.clone()))
    }

    /// A user's public profile.
    async fn user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user's global ID.")] id: ID,
    ) -> async_graphql::Result<User> {
        let id = ids::decode("id", NodeKind::User, &id).gql()?;
        users::find(&ctx.state().db, id).await.map(User::new).gql()
    }

    /// All users, oldest first. Moderators and administrators only.
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn users(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list; all users when omitted.")] filter: Option<UserFilter>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<User>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let filter = filter.unwrap_or_default();
        let filter = users::UserFilter {
            role: filter.role.map(Into::into),
            status: filter.status.map(Into::into),
            search: filter.search,
        };
        let rows = users::list(&ctx.state().db, ctx.viewer()?, filter, page, ctx.now())
            .await
            .gql()?;
        Ok(pagination::connection(rows, User::new))
    }

    /// Everything Lyceum stores about the signed-in user, as JSON.
    #[graphql(guard = "SignedIn")]
    async fn export_my_data(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Json<serde_json::Value>> {
        accounts::export_data(&ctx.state().db, ctx.viewer()?, ctx.now())
            .await
            .map(Json)
            .gql()
    }
}
