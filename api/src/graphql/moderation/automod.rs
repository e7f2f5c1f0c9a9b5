//! Auto-moderation's watched words (staff).

use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use entity::watched_words;

use crate::{
    graphql::{
        accounts::types::{User, load_user},
        context::ContextExt,
        errors::GqlResult,
        guards::{CanWrite, RoleGuard},
        ids::{self, NodeKind},
        pagination::{self, CountedConnection},
    },
    services::moderation::automod::words,
};

/// What auto-moderation does with a post containing a watched word.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(remote = "entity::watched_words::Action")]
pub enum WatchedWordAction {
    /// Refuse the post (BAD_USER_INPUT on its `title` or `body`); nothing is written.
    Block,
    /// Accept the post hidden from members, as a moderation queue item,
    /// until a moderator approves it.
    Hold,
}

/// A word or phrase auto-moderation watches for. Stored normalised (NFKC,
/// lower-case, single spaces) and matched in posts' titles and bodies
/// normalised the same way; a word starting or ending with a letter or
/// digit matches only as a whole word, others (e.g. Chinese) anywhere.
pub struct WatchedWord(watched_words::Model);

#[Object]
impl WatchedWord {
    async fn id(&self) -> ID {
        ids::encode(NodeKind::WatchedWord, self.0.id)
    }

    /// The word, as normalised.
    async fn word(&self) -> &str {
        &self.0.word
    }

    async fn action(&self) -> WatchedWordAction {
        self.0.action.into()
    }

    /// Who added it.
    async fn created_by(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        load_user(ctx, self.0.created_by).await
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(Default)]
pub struct AutomodQuery;

#[Object]
impl AutomodQuery {
    /// The watched words, alphabetically (staff).
    #[graphql(
        guard = "RoleGuard::STAFF",
        complexity = "pagination::page_complexity(first, child_complexity)"
    )]
    async fn watched_words(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> async_graphql::Result<CountedConnection<WatchedWord>> {
        let page = pagination::page_request(ctx, first, after.as_deref()).gql()?;
        let rows = words::list(&ctx.state().db, ctx.viewer()?, page)
            .await
            .gql()?;
        Ok(pagination::connection(rows, WatchedWord))
    }
}

#[derive(Default)]
pub struct AutomodMutation;

#[Object]
impl AutomodMutation {
    /// Watches a word or phrase (staff). BAD_USER_INPUT (`word`) unless it
    /// has 1 to 100 characters once normalised; CONFLICT when it is already
    /// watched. Applies at once on this server, within 10 seconds on others.
    #[graphql(guard = "CanWrite.and(RoleGuard::STAFF)")]
    async fn add_watched_word(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The word or phrase (normalised: NFKC, lower-case, single spaces).")]
        word: String,
        #[graphql(desc = "Block posts containing it, or hold them for review.")]
        action: WatchedWordAction,
    ) -> async_graphql::Result<WatchedWord> {
        let state = ctx.state();
        words::add(
            &state.db,
            ctx.viewer()?,
            &word,
            action.into(),
            &state.watched_words,
            ctx.now(),
        )
        .await
        .map(WatchedWord)
        .gql()
    }

    /// Stops watching a word (staff); returns it as it was. NOT_FOUND when
    /// it is not watched.
    #[graphql(guard = "CanWrite.and(RoleGuard::STAFF)")]
    async fn remove_watched_word(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The watched word.")] id: ID,
    ) -> async_graphql::Result<WatchedWord> {
        let id = ids::decode("id", NodeKind::WatchedWord, &id).gql()?;
        let state = ctx.state();
        words::remove(
            &state.db,
            ctx.viewer()?,
            id,
            &state.watched_words,
            ctx.now(),
        )
        .await
        .map(WatchedWord)
        .gql()
    }
}
