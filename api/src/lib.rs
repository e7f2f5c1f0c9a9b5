//! Lyceum: the GraphQL backend of a paid-knowledge community. The binary in
//! main.rs is a thin shell over this library, which the tests use too.

pub mod auth;
pub mod batch;
pub mod cache_sync;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod live;
pub mod memory;
pub mod recommend;
pub mod rewards_worker;
pub mod seed;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod text;
pub mod web;
