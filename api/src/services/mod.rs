//! Business rules, one module per domain. Services own their transactions and
//! know nothing of GraphQL: they take plain inputs and return models or
//! `ApiError`s.

pub mod accounts;
pub mod analytics;
pub mod columns;
pub mod community;
pub mod courses;
pub mod moderation;
pub mod pagination;
pub mod rate_limit;
pub mod recommendations;
pub mod rewards;
pub mod search;
pub mod sessions;
pub mod tags;
pub mod users;
pub mod validate;

use sea_orm::{ConnectionTrait, TransactionTrait, TryInsertResult, Value};

/// A connection or a transaction. Every service takes one, so an outer
/// service can run inner ones inside its own transaction: a use case is one
/// transaction, owned by the outermost service (inner `begin()`s become
/// savepoints).
pub trait Db: ConnectionTrait + TransactionTrait {}

impl<T: ConnectionTrait + TransactionTrait> Db for T {}

/// One column of `rows` as a PostgreSQL array value, for inserts of the form
/// `INSERT … SELECT … FROM UNNEST($1::type[], …)`.
pub fn array_column<R, T>(rows: &[R], value: impl Fn(&R) -> T) -> Value
where
    Vec<T>: Into<Value>,
{
    rows.iter().map(value).collect::<Vec<T>>().into()
}

/// Where a request came from, for sessions and rate limits.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: Option<String>,
}

/// Rows an insert that may hit a conflict (`ON CONFLICT DO NOTHING`) added.
pub trait InsertedRows {
    fn inserted_rows(self) -> u64;
}

impl InsertedRows for TryInsertResult<u64> {
    fn inserted_rows(self) -> u64 {
        match self {
            TryInsertResult::Inserted(rows) => rows,
            TryInsertResult::Empty | TryInsertResult::Conflicted => 0,
        }
    }
}
