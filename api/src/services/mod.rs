//! Business rules, one module per domain. Services own their transactions and
//! know nothing of GraphQL: they take plain inputs and return models or
//! `ApiError`s.

pub mod accounts;
pub mod rate_limit;
pub mod sessions;
pub mod users;
pub mod validate;

/// Where a request came from, for sessions and rate limits.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: Option<String>,
}

/// A keyset page request: up to `first` rows with ids greater than `after`.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub first: u64,
    pub after: Option<i64>,
}

/// One page of rows plus what a cursor connection needs.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
    pub total_count: u64,
}
