//! Cursor connections (Relay): `first` defaults to 20 and is capped at 100.

use async_graphql::{
    SimpleObject,
    connection::{Connection, Edge},
};

use super::ids;
use crate::{
    error::{ApiError, ApiResult},
    services::{Page, PageRequest},
};

pub const DEFAULT_PAGE_SIZE: i32 = 20;
pub const MAX_PAGE_SIZE: i32 = 100;

/// Extra connection fields.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// How many items match, across all pages.
    pub total_count: u64,
}

pub type CountedConnection<Node> = Connection<String, Node, ConnectionTotals>;

/// Query cost of a page: its fields once per item it may hold.
pub fn page_complexity(first: Option<i32>, child_complexity: usize) -> usize {
    match first.unwrap_or(DEFAULT_PAGE_SIZE) {
        // Out of range: the resolver refuses it with a clearer error than "too complex".
        size if !(0..=MAX_PAGE_SIZE).contains(&size) => child_complexity,
        size => (size.max(1) as usize).saturating_mul(child_complexity),
    }
}

pub fn page_request(first: Option<i32>, after: Option<&str>) -> ApiResult<PageRequest> {
    let first = first.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(0..=MAX_PAGE_SIZE).contains(&first) {
        return Err(ApiError::bad_input(
            "first",
            format!("first must be between 0 and {MAX_PAGE_SIZE}"),
        ));
    }
    Ok(PageRequest {
        first: first as u64,
        after: after.map(ids::decode_cursor).transpose()?,
    })
}

/// Builds a connection from a keyset page; `key` gives each row's cursor id.
pub fn connection<Row, Node: async_graphql::OutputType>(
    page: Page<Row>,
    had_cursor: bool,
    key: impl Fn(&Row) -> i64,
    to_node: impl Fn(Row) -> Node,
) -> CountedConnection<Node> {
    let mut connection = Connection::with_additional_fields(
        had_cursor,
        page.has_next_page,
        ConnectionTotals {
            total_count: page.total_count,
        },
    );
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|row| Edge::new(ids::encode_cursor(key(&row)), to_node(row))),
    );
    connection
}
