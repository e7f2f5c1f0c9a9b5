//! Account types as clients see them. They wrap the storage models but expose
//! only chosen fields, so a new column never leaks into the schema.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::users::{self, Role, Status};

use crate::{
    auth::{active_suspension, status_in_force},
    error::ApiError,
    graphql::{
        context::ContextExt,
        errors::{GqlResult, gql_error},
        ids::{self, NodeKind},
    },
    services::sessions::SessionTokens,
};

/// What a user may do on the platform.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(name = "UserRole")]
pub enum UserRole {
    /// Enrols in courses and takes part in threads.
    Learner,
    /// Also publishes courses and earns from them.
    Creator,
    /// Also curates threads, works the reports queue and suspends accounts.
    Moderator,
    /// Everything, including roles, reward rules and analytics.
    Admin,
}

impl From<Role> for UserRole {
    fn from(role: Role) -> Self {
        match role {
            Role::Learner => UserRole::Learner,
            Role::Creator => UserRole::Creator,
            Role::Moderator => UserRole::Moderator,
            Role::Admin => UserRole::Admin,
        }
    }
}

impl From<UserRole> for Role {
    fn from(role: UserRole) -> Self {
        match role {
            UserRole::Learner => Role::Learner,
            UserRole::Creator => Role::Creator,
            UserRole::Moderator => Role::Moderator,
            UserRole::Admin => Role::Admin,
        }
    }
}

/// Where an account is in its life.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum AccountStatus {
    /// May read and write.
    Active,
    /// May read; every write answers FORBIDDEN until the suspension ends.
    Suspended,
    /// Anonymised at the owner's request; its content stays, attributed to "Deleted user".
    Deleted,
}

impl From<Status> for AccountStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Active => AccountStatus::Active,
            Status::Suspended => AccountStatus::Suspended,
            Status::Deleted => AccountStatus::Deleted,
        }
    }
}

impl From<AccountStatus> for Status {
    fn from(status: AccountStatus) -> Self {
        match status {
            AccountStatus::Active => Status::Active,
            AccountStatus::Suspended => Status::Suspended,
            AccountStatus::Deleted => Status::Deleted,
        }
    }
}

/// Why and until when an account is suspended.
#[derive(SimpleObject)]
pub struct Suspension {
    /// When the suspension ends by itself; null means until lifted by staff.
    pub until: Option<DateTime<Utc>>,
    /// The reason given by the moderator.
    pub reason: String,
}

/// A user through the shared loader.
pub async fn load_user(ctx: &Context<'_>, id: i64) -> async_graphql::Result<User> {
    ctx.loaders()
        .users
        .load_one(id)
        .await
        .gql()?
        .map(User::from_arc)
        .ok_or_else(|| gql_error(ApiError::NotFound("user")))
}

/// A member of the community.
pub struct User {
    model: Arc<users::Model>,
    /// Set when the object is handed to its own user outside a signed-in
    /// request (the sign-in payload), so private fields are readable.
    for_owner: bool,
}

impl User {
    pub fn new(model: users::Model) -> Self {
        Self::from_arc(Arc::new(model))
    }

    /// A user as the shared loader keeps it.
    pub fn from_arc(model: Arc<users::Model>) -> Self {
        Self {
            model,
            for_owner: false,
        }
    }

    pub fn for_owner(model: users::Model) -> Self {
        Self {
            model: Arc::new(model),
            for_owner: true,
        }
    }

    fn visible_to_viewer(&self, ctx: &Context<'_>) -> bool {
        self.for_owner
            || ctx
                .viewer_opt()
                .is_some_and(|viewer| viewer.may_read_private_fields_of(self.model.id))
    }
}

#[Object]
impl User {
    /// Opaque global ID.
    pub async fn id(&self) -> ID {
        ids::encode(NodeKind::User, self.model.id)
    }

    /// Unique handle, 3–32 of a–z, 0–9 and _.
    async fn username(&self) -> &str {
        &self.model.username
    }

    /// Name shown beside the user's content.
    async fn display_name(&self) -> &str {
        &self.model.display_name
    }

    /// Free text about the user, up to 2,000 characters.
    async fn bio(&self) -> Option<&str> {
        self.model.bio.as_deref()
    }

    /// Absolute http(s) URL of the avatar image.
    async fn avatar_url(&self) -> Option<&str> {
        self.model.avatar_url.as_deref()
    }

    /// What the user may do.
    async fn role(&self) -> UserRole {
        self.model.role.into()
    }

    /// The status in force now: a suspension whose end has passed reads ACTIVE.
    async fn status(&self, ctx: &Context<'_>) -> AccountStatus {
        status_in_force(&self.model, ctx.now()).into()
    }

    /// The suspension in force, if any. Visible to the user and to staff.
    async fn suspension(&self, ctx: &Context<'_>) -> Option<Suspension> {
        if !self.visible_to_viewer(ctx) {
            return None;
        }
        active_suspension(&self.model, ctx.now()).map(|s| Suspension {
            until: s.until,
            reason: s.reason,
        })
    }

    /// Email address. Only the user and staff may read it; null once deleted.
    async fn email(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        if !self.visible_to_viewer(ctx) {
            return Err(gql_error(ApiError::forbidden(
                "only the user and staff may read an email address",
            )));
        }
        Ok(self.model.email.as_deref())
    }

    /// Tags the user follows, alphabetically.
    async fn interests(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(ctx
            .loaders()
            .interests
            .load_one(self.model.id)
            .await
            .gql()?
            .unwrap_or_default())
    }

    /// Reward points: the sum of the user's ledger rows (never below 1).
    async fn points(&self) -> i64 {
        self.model.points
    }

    /// Level reached through points.
    async fn level(&self, ctx: &Context<'_>) -> crate::graphql::rewards::ledger::UserLevel {
        crate::graphql::rewards::ledger::level_progress(ctx, self.model.points).level
    }

    /// Where the user stands between their level and the next.
    async fn level_progress(
        &self,
        ctx: &Context<'_>,
    ) -> crate::graphql::rewards::ledger::LevelProgress {
        crate::graphql::rewards::ledger::level_progress(ctx, self.model.points)
    }

    /// When the user became a certified creator, if they are one.
    async fn certified_at(&self) -> Option<DateTime<Utc>> {
        self.model.certified_at
    }

    /// The user's points ledger, newest first: the user themself and staff
    /// only (FORBIDDEN for anyone else).
    #[graphql(complexity = "crate::graphql::pagination::page_complexity(first, child_complexity)")]
    async fn rewards(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the history.")] filter: Option<
            crate::graphql::rewards::history::RewardFilter,
        >,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<
        crate::graphql::pagination::CountedConnection<
            crate::graphql::rewards::history::RewardEvent,
        >,
    > {
        crate::graphql::rewards::history::rewards_of(ctx, self.model.id, filter, first, after).await
    }

    /// Badges the user earned, oldest first.
    async fn badges(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::graphql::rewards::badges::UserBadge>> {
        crate::graphql::rewards::badges::badges_of(ctx, self.model.id).await
    }

    /// The user's certifications: the one in force for everyone, the whole
    /// log (with actors, notes and reasons) for staff.
    async fn certifications(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::graphql::rewards::certifications::Certification>> {
        crate::graphql::rewards::certifications::certifications_of(ctx, self.model.id).await
    }

    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    /// Threads the user started that the viewer may read, newest first.
    #[graphql(complexity = "crate::graphql::pagination::page_complexity(first, child_complexity)")]
    async fn threads(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<
        crate::graphql::pagination::CountedConnection<crate::graphql::community::threads::Thread>,
    > {
        crate::graphql::community::threads::of_author(ctx, self.model.id, first, after).await
    }

    /// Answers the user wrote that the viewer may read, newest first.
    #[graphql(complexity = "crate::graphql::pagination::page_complexity(first, child_complexity)")]
    async fn answers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<
        crate::graphql::pagination::CountedConnection<crate::graphql::community::posts::Answer>,
    > {
        crate::graphql::community::posts::of_author(ctx, self.model.id, first, after).await
    }

    /// Whether the viewer follows this user.
    async fn viewer_follows(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let mark = crate::services::community::marks::Mark::FollowsUser(self.model.id);
        Ok(crate::graphql::community::viewer_mark(ctx, mark)
            .await?
            .is_some())
    }
}

/// Tokens returned by sign-in and refresh.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct AuthPayload {
    /// Bearer token for the `Authorization` header; short-lived.
    pub access_token: String,
    /// Refresh the session before this moment.
    pub access_token_expires_at: DateTime<Utc>,
    /// Opaque token for `refreshSession`; works once, then a new one is issued.
    pub refresh_token: String,
    /// After this the refresh token no longer works; sign in again.
    pub refresh_token_expires_at: DateTime<Utc>,
    #[graphql(skip)]
    pub user: users::Model,
}

#[ComplexObject]
impl AuthPayload {
    /// The signed-in user.
    async fn user(&self) -> User {
        User::for_owner(self.user.clone())
    }
}

impl From<SessionTokens> for AuthPayload {
    fn from(tokens: SessionTokens) -> Self {
        AuthPayload {
            access_token: tokens.access_token,
            access_token_expires_at: tokens.access_token_expires_at,
            refresh_token: tokens.refresh_token,
            refresh_token_expires_at: tokens.refresh_token_expires_at,
            user: tokens.user,
        }
    }
}

/// A new account.
#[derive(InputObject)]
pub struct RegisterInput {
    /// A valid address; unique regardless of case.
    pub email: String,
    /// 3–32 of a–z, 0–9 and _; unique regardless of case.
    pub username: String,
    /// At least 10 characters and not one of the most common passwords.
    pub password: String,
    /// 1–80 characters.
    pub display_name: String,
}

/// Credentials for signing in.
#[derive(InputObject)]
pub struct LoginInput {
    /// Email address or username.
    pub login: String,
    /// The account's password.
    pub password: String,
}

/// A password change; the current password proves it is the owner.
#[derive(InputObject)]
pub struct ChangePasswordInput {
    /// The password in use now.
    pub current_password: String,
    /// At least 10 characters and not one of the most common passwords.
    pub new_password: String,
}

/// Fields to change; omitted fields stay as they are, empty strings clear.
#[derive(InputObject)]
pub struct UpdateProfileInput {
    /// 1–80 characters.
    pub display_name: Option<String>,
    /// Up to 2,000 characters; empty clears it.
    pub bio: Option<String>,
    /// An absolute http(s) URL; empty clears it.
    pub avatar_url: Option<String>,
    /// Replaces the interest tags (at most 20).
    pub interests: Option<Vec<String>>,
}

/// A suspension to impose.
#[derive(InputObject)]
pub struct SuspendUserInput {
    /// The user to suspend.
    pub user_id: ID,
    /// When the suspension ends; omit for one that lasts until lifted.
    pub until: Option<DateTime<Utc>>,
    /// Shown to the user with every refused write.
    pub reason: String,
}

/// Narrows the user list.
#[derive(InputObject, Default)]
pub struct UserFilter {
    /// Only users with this role.
    pub role: Option<UserRole>,
    /// Only users in this status as in force now (a suspension that has ended counts as ACTIVE).
    pub status: Option<AccountStatus>,
    /// Matches username, display name or email, ignoring case.
    pub search: Option<String>,
}
