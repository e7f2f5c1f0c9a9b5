//! The one integration-test binary. Modules mirror api/src/graphql and web.

mod accounts;
mod authorization;
mod catalogue;
mod community;
mod community_access;
mod community_input;
mod community_lists;
mod community_votes;
mod course_access;
mod courses;
mod enrollments;
mod http;
mod migrations;
mod ops;
mod schema;
mod search;
mod security;
mod seed;
mod sessions;
mod shared_cache;
mod subscriptions;
mod ui;
mod websocket;
