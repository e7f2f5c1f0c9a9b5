use async_graphql::{Context, ID, Object};

use super::types::{
    AuthPayload, ChangePasswordInput, LoginInput, RegisterInput, SuspendUserInput,
    UpdateProfileInput, User, UserRole,
};
use crate::{
    graphql::{
        context::ContextExt,
        errors::GqlResult,
        guards::{CanWrite, RoleGuard, SignedIn},
        ids::{self, NodeKind},
    },
    services::{
        accounts,
        analytics::{EventKind, record::subjects},
        sessions, users,
    },
};

#[derive(Default)]
pub struct AccountsMutation;

#[Object]
impl AccountsMutation {
    /// Creates a learner account. Sign in with `login` afterwards.
    async fn register(
        &self,
        ctx: &Context<'_>,
        input: RegisterInput,
    ) -> async_graphql::Result<User> {
        let registration = accounts::Registration {
            email: input.email,
            username: input.username,
            password: input.password,
            display_name: input.display_name,
        };
        // The registrant may read their own private fields (email) in the answer.
        accounts::register(
            &ctx.state().db,
            registration,
            &ctx.state().rewards,
            ctx.now(),
        )
        .await
        .inspect(|user| signed(ctx, EventKind::SignUp, user.id))
        .map(User::for_owner)
        .gql()
    }

    /// Signs in with email or username. Repeated failures answer RATE_LIMITED
    /// with `extensions.retryAfterSeconds`.
    async fn login(
        &self,
        ctx: &Context<'_>,
        input: LoginInput,
    ) -> async_graphql::Result<AuthPayload> {
        let state = ctx.state();
        sessions::login(
            &state.db,
            &state.auth,
            &input.login,
            input.password,
            &ctx.client(),
            ctx.now(),
        )
        .await
        .inspect(|tokens| signed(ctx, EventKind::Login, tokens.user.id))
        .map(Into::into)
        .gql()
    }

    /// Trades a refresh token for a new access and refresh token. A refresh
    /// token works once; using one twice revokes its whole session.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The refresh token from the last sign-in or refresh.")]
        refresh_token: String,
    ) -> async_graphql::Result<AuthPayload> {
        let state = ctx.state();
        sessions::refresh(&state.db, &state.auth, &refresh_token, ctx.now())
            .await
            .map(Into::into)
            .gql()
    }

    /// Ends the current session: its refresh token and access tokens stop working.
    #[graphql(guard = "SignedIn")]
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        sessions::logout(&ctx.state().db, ctx.viewer()?, ctx.now())
            .await
            .map(|()| true)
            .gql()
    }

    /// Changes the password and signs out every other session. A wrong
    /// current password counts as a failed sign-in; the failure that uses up
    /// the account's attempts also ends this session.
    #[graphql(guard = "CanWrite")]
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        input: ChangePasswordInput,
    ) -> async_graphql::Result<bool> {
        let state = ctx.state();
        sessions::change_password(
            &state.db,
            &state.auth,
            ctx.viewer()?,
            &ctx.client(),
            input.current_password,
            input.new_password,
            ctx.now(),
        )
        .await
        .map(|()| true)
        .gql()
    }

    /// Edits the signed-in user's profile.
    #[graphql(guard = "CanWrite")]
    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateProfileInput,
    ) -> async_graphql::Result<User> {
        let update = accounts::ProfileUpdate {
            display_name: input.display_name,
            bio: input.bio,
            avatar_url: input.avatar_url,
            interests: input.interests,
        };
        accounts::update_profile(&ctx.state().db, ctx.viewer()?, update, ctx.now())
            .await
            .map(User::new)
            .gql()
    }

    /// Anonymises the signed-in account after checking the password. Content
    /// stays, attributed to a deleted user. Allowed while suspended. A wrong
    /// password counts as a failed sign-in, as in `changePassword`.
    #[graphql(guard = "SignedIn")]
    async fn delete_my_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's password, to confirm.")] password: String,
    ) -> async_graphql::Result<bool> {
        let state = ctx.state();
        accounts::delete_account(
            &state.db,
            &state.auth,
            ctx.viewer()?,
            &ctx.client(),
            password,
            ctx.now(),
        )
        .await
        .map(|()| true)
        .gql()
    }

    /// Gives a user another role. Administrators only.
    #[graphql(guard = "RoleGuard::ADMIN.and(CanWrite)")]
    async fn set_user_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user to change.")] user_id: ID,
        #[graphql(desc = "The new role.")] role: UserRole,
    ) -> async_graphql::Result<User> {
        let user_id = ids::decode("userId", NodeKind::User, &user_id).gql()?;
        users::set_role(
            &ctx.state().db,
            ctx.viewer()?,
            user_id,
            role.into(),
            ctx.now(),
        )
        .await
        .map(User::new)
        .gql()
    }

    /// Suspends an account: it may still read, but every write is refused
    /// with the reason and end time. Moderators and administrators.
    #[graphql(guard = "RoleGuard::STAFF.and(CanWrite)")]
    async fn suspend_user(
        &self,
        ctx: &Context<'_>,
        input: SuspendUserInput,
    ) -> async_graphql::Result<User> {
        let user_id = ids::decode("userId", NodeKind::User, &input.user_id).gql()?;
        users::suspend(
            &ctx.state().db,
            ctx.viewer()?,
            user_id,
            input.until,
            &input.reason,
            ctx.now(),
        )
        .await
        .map(User::new)
        .gql()
    }

    /// Lifts a suspension. Moderators and administrators.
    #[graphql(guard = "RoleGuard::STAFF.and(CanWrite)")]
    async fn unsuspend_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The suspended user.")] user_id: ID,
    ) -> async_graphql::Result<User> {
        let user_id = ids::decode("userId", NodeKind::User, &user_id).gql()?;
        users::unsuspend(&ctx.state().db, ctx.viewer()?, user_id, ctx.now())
            .await
            .map(User::new)
            .gql()
    }
}

/// Records a sign-up or sign-in of the account (after it committed).
fn signed(ctx: &Context<'_>, kind: EventKind, user_id: i64) {
    let subject = Some((subjects::USER, user_id));
    ctx.state()
        .analytics
        .did(kind, Some(user_id), subject, ctx.now());
}
