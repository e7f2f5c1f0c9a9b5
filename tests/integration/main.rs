//! The one integration-test binary. Modules mirror api/src/graphql and web.

mod accounts;
mod authorization;
mod catalogue;
mod course_access;
mod courses;
mod enrollments;
mod http;
mod migrations;
mod ops;
mod schema;
mod security;
mod seed;
mod sessions;
mod shared_cache;
mod ui;
mod websocket;
