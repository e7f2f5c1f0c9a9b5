//! Narrow selects: lists leave out long text columns they do not show.
//!
//! A catalogue page of 20 courses read every course's description and its
//! HTML (about 2 KiB a row); decoding them was a tenth of the server's CPU
//! and most of the bytes PostgreSQL sent. A deferred column comes back as an
//! empty string, and the GraphQL type that shows it loads it only when a
//! client selects it.

use sea_orm::{EntityTrait, IdenStatic, Iterable, QuerySelect, Select, sea_query::Expr};

/// `select` with every column of `E` except `deferred`, which read as "".
/// Only for text columns.
pub fn deferring<E: EntityTrait>(select: Select<E>, deferred: &[E::Column]) -> Select<E> {
    let mut select = select.select_only();
    for column in E::Column::iter() {
        if deferred.iter().any(|d| d.as_str() == column.as_str()) {
            select = select.expr_as(Expr::val(""), column.as_str());
        } else {
            select = select.column(column);
        }
    }
    select
}
