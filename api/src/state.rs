//! Shared application state handed to resolvers and handlers.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{
    clock::SharedClock,
    live::LiveBus,
    services::{
        courses::enrollments::RefundPolicy,
        moderation::automod::{Automod, WatchedWordsCache},
        rewards::RewardSettings,
        sessions::AuthSettings,
    },
};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub auth: Arc<AuthSettings>,
    /// The time source every rule reads (tests move it forward).
    pub clock: SharedClock,
    pub refunds: RefundPolicy,
    pub rewards: Arc<RewardSettings>,
    pub moderation: Arc<crate::services::moderation::ModerationSettings>,
    /// The compiled watched words, reloaded every 10 s (so a change made on
    /// another instance applies here within that time).
    pub watched_words: Arc<WatchedWordsCache>,
    /// Take the client address from proxy headers (only behind a trusted proxy).
    pub trust_proxy_headers: bool,
    /// Events for subscriptions, shared by every instance on the database.
    pub live: Arc<LiveBus>,
    /// Evaluates badges in the background after relevant events.
    pub badges: Arc<crate::rewards_worker::BadgeWorker>,
    /// The recommender models in service, training, and signal queues.
    pub recommender: Arc<crate::services::recommendations::Recommender>,
    /// The analytics event queue and reporting time zone.
    pub analytics: Arc<crate::services::analytics::Analytics>,
}

impl AppState {
    /// What the community services need to screen a post.
    pub fn automod(&self) -> Automod<'_> {
        Automod {
            settings: &self.moderation,
            words: &self.watched_words,
        }
    }
}
