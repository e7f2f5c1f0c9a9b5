//! Cursor connections (Relay) over the services' keyset pages: `first`
//! defaults to 20 and is capped at 100; `totalCount` is counted only when the
//! query selects it.

use async_graphql::{
    Context, SimpleObject,
    connection::{Connection, Edge},
};

use crate::{
    error::ApiResult,
    services::pagination::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageRequest},
};

/// Extra connection fields.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// How many items match, across all pages.
    pub total_count: u64,
}

pub type CountedConnection<Node> = Connection<String, Node, ConnectionTotals>;

/// Query cost of a page: its fields once per item it may hold.
pub fn page_complexity(first: Option<i32>, child_complexity: usize) -> usize {
    match first.map_or(DEFAULT_PAGE_SIZE as i64, i64::from) {
        // Out of range: the resolver refuses it with a clearer error than "too complex".
        size if !(0..=MAX_PAGE_SIZE as i64).contains(&size) => child_complexity,
        size => (size.max(1) as usize).saturating_mul(child_complexity),
    }
}

/// The page a connection field asks for; counts only if `totalCount` is selected.
pub fn page_request(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<&str>,
) -> ApiResult<PageRequest> {
    let count_total = ctx.look_ahead().field("totalCount").exists();
    PageRequest::new(first.map(i64::from), after, count_total)
}

/// Builds a connection from a keyset page.
pub fn connection<Row, Node: async_graphql::OutputType>(
    page: Page<Row>,
    to_node: impl Fn(Row) -> Node,
) -> CountedConnection<Node> {
    let mut connection = Connection::with_additional_fields(
        page.had_cursor,
        page.has_next_page,
        ConnectionTotals {
            // Not selected, so never read.
            total_count: page.total_count.unwrap_or_default(),
        },
    );
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|(cursor, row)| Edge::new(cursor, to_node(row))),
    );
    connection
}
