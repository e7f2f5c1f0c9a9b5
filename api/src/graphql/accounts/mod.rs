//! Accounts and auth over GraphQL: thin resolvers over `services::{accounts,
//! sessions, users}`.

mod mutation;
mod query;
pub mod types;

pub use mutation::AccountsMutation;
pub use query::AccountsQuery;
