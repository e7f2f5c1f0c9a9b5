//! SeaORM entities: one module per table. These are storage models only; the API
//! exposes its own types so a column change never silently changes the schema.

pub mod login_failures;
pub mod rate_limit_counters;
pub mod refresh_tokens;
pub mod sessions;
pub mod tags;
pub mod user_interests;
pub mod users;
