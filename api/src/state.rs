//! Shared application state handed to resolvers and handlers.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{
    clock::SharedClock,
    live::LiveBus,
    services::{
        courses::enrollments::RefundPolicy, rewards::RewardSettings, sessions::AuthSettings,
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
    /// Take the client address from proxy headers (only behind a trusted proxy).
    pub trust_proxy_headers: bool,
    /// Events for subscriptions, shared by every instance on the database.
    pub live: Arc<LiveBus>,
    /// Evaluates badges in the background after relevant events.
    pub badges: Arc<crate::rewards_worker::BadgeWorker>,
}
