//! One keyset paginator for every list. A list names its order as a
//! `KeysetOrder` (sort keys, the last one unique, e.g. the id); a cursor holds
//! the order's name and the sort-key values of the last row seen, so the next
//! page starts right after it whatever was inserted since, with no OFFSET.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sea_orm::{
    Condition, ConnectionTrait, EntityTrait, ExprTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Value, sea_query::Expr,
};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};

/// Page size when none is asked for.
pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: u64 = 100;

/// What a client asked for: up to `first` rows after a cursor.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub first: u64,
    pub after: Option<Cursor>,
    /// Count every matching row too (one more statement; only when asked).
    pub count_total: bool,
}

impl PageRequest {
    /// Checks `first` (0 to 100, 20 when omitted) and decodes `after`.
    pub fn new(first: Option<i64>, after: Option<&str>, count_total: bool) -> ApiResult<Self> {
        let first = first.unwrap_or(DEFAULT_PAGE_SIZE as i64);
        let first = u64::try_from(first)
            .ok()
            .filter(|first| *first <= MAX_PAGE_SIZE)
            .ok_or_else(|| {
                ApiError::bad_input(
                    "first",
                    format!("first must be between 0 and {MAX_PAGE_SIZE}"),
                )
            })?;
        Ok(PageRequest {
            first,
            after: after.map(Cursor::decode).transpose()?,
            count_total,
        })
    }
}

/// One page of rows, each with its cursor.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<(String, T)>,
    pub has_next_page: bool,
    /// Set when the request asked for it.
    pub total_count: Option<u64>,
    /// Whether the request started after a cursor.
    pub had_cursor: bool,
}

impl<T> Page<T> {
    /// Drops the items `f` maps to None (their cursors go with them).
    pub fn filter_map<U>(self, mut f: impl FnMut(T) -> Option<U>) -> Page<U> {
        Page {
            items: self
                .items
                .into_iter()
                .filter_map(|(cursor, item)| f(item).map(|item| (cursor, item)))
                .collect(),
            has_next_page: self.has_next_page,
            total_count: self.total_count,
            had_cursor: self.had_cursor,
        }
    }

    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self
                .items
                .into_iter()
                .map(|(cursor, item)| (cursor, f(item)))
                .collect(),
            has_next_page: self.has_next_page,
            total_count: self.total_count,
            had_cursor: self.had_cursor,
        }
    }
}

/// A sort-key value as it travels in a cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum KeyValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Time(DateTime<Utc>),
}

impl From<KeyValue> for Value {
    fn from(value: KeyValue) -> Value {
        match value {
            KeyValue::Bool(v) => v.into(),
            KeyValue::Int(v) => v.into(),
            KeyValue::Float(v) => v.into(),
            KeyValue::Text(v) => v.into(),
            KeyValue::Time(v) => v.into(),
        }
    }
}

/// Where a page starts: after the row with these sort-key values, in the
/// named order. Opaque to clients (base64url of JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    #[serde(rename = "o")]
    order: String,
    #[serde(rename = "k")]
    keys: Vec<KeyValue>,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).expect("a cursor serialises");
        URL_SAFE_NO_PAD.encode(json)
    }

    /// A cursor for lists paged by position (search results ranked by
    /// relevance, which has no stable keyset): the row at `offset`.
    pub fn at_offset(list: &str, offset: u64) -> Cursor {
        Cursor {
            order: list.to_owned(),
            keys: vec![KeyValue::Int(offset as i64)],
        }
    }

    /// The position of a cursor made by `at_offset` for `list`.
    pub fn offset(&self, list: &str) -> ApiResult<u64> {
        match self.keys.as_slice() {
            [KeyValue::Int(offset)] if self.order == list && *offset >= 0 => Ok(*offset as u64),
            _ => Err(ApiError::bad_input(
                "after",
                "this cursor belongs to another list or order",
            )),
        }
    }

    pub fn decode(raw: &str) -> ApiResult<Cursor> {
        let invalid = || ApiError::bad_input("after", "not a valid cursor");
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).map_err(|_| invalid())?;
        serde_json::from_slice(&bytes).map_err(|_| invalid())
    }
}

/// One sort key: an expression, its direction and how to read it off a row.
pub struct SortKey<M> {
    expr: Expr,
    descending: bool,
    value: fn(&M) -> KeyValue,
}

impl<M> SortKey<M> {
    pub fn asc(expr: impl Into<Expr>, value: fn(&M) -> KeyValue) -> Self {
        SortKey {
            expr: expr.into(),
            descending: false,
            value,
        }
    }

    pub fn desc(expr: impl Into<Expr>, value: fn(&M) -> KeyValue) -> Self {
        SortKey {
            expr: expr.into(),
            descending: true,
            value,
        }
    }
}

/// A list's order. The last key must be unique (an id), so every row has
/// exactly one place and no row is skipped or repeated between pages.
pub struct KeysetOrder<M> {
    name: &'static str,
    keys: Vec<SortKey<M>>,
}

impl<M> KeysetOrder<M> {
    pub fn new(name: &'static str, keys: Vec<SortKey<M>>) -> Self {
        assert!(!keys.is_empty(), "an order needs at least its unique key");
        KeysetOrder { name, keys }
    }

    pub fn cursor_of(&self, row: &M) -> Cursor {
        Cursor {
            order: self.name.to_owned(),
            keys: self.keys.iter().map(|key| (key.value)(row)).collect(),
        }
    }

    /// Rows strictly after the cursor: `(k1, …, kn) > (v1, …, vn)` in the
    /// order's directions, written out as an OR of prefixes so mixed
    /// directions work on both backends.
    fn after(&self, cursor: &Cursor) -> ApiResult<Condition> {
        if cursor.order != self.name || cursor.keys.len() != self.keys.len() {
            return Err(ApiError::bad_input(
                "after",
                "this cursor belongs to another list or order",
            ));
        }
        let mut any = Condition::any();
        for (i, key) in self.keys.iter().enumerate() {
            let mut all = Condition::all();
            for (earlier, value) in self.keys[..i].iter().zip(&cursor.keys) {
                all = all.add(earlier.expr.clone().eq(Value::from(value.clone())));
            }
            let value = Value::from(cursor.keys[i].clone());
            all = all.add(if key.descending {
                key.expr.clone().lt(value)
            } else {
                key.expr.clone().gt(value)
            });
            any = any.add(all);
        }
        Ok(any)
    }
}

/// Runs `query` one page at a time in `order`: at most two statements (the
/// rows, and the count when asked).
#[tracing::instrument(level = "debug", skip_all, fields(order = order.name, first = request.first))]
pub async fn paginate<E: EntityTrait>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    order: &KeysetOrder<E::Model>,
    request: &PageRequest,
) -> ApiResult<Page<E::Model>>
where
    E::Model: Sync,
{
    let total_count = if request.count_total {
        Some(query.clone().count(db).await?)
    } else {
        None
    };
    let mut query = query;
    if let Some(cursor) = &request.after {
        query = query.filter(order.after(cursor)?);
    }
    for key in &order.keys {
        let direction = if key.descending {
            Order::Desc
        } else {
            Order::Asc
        };
        query = query.order_by(key.expr.clone(), direction);
    }
    let mut rows = query.limit(request.first + 1).all(db).await?;
    let has_next_page = rows.len() as u64 > request.first;
    rows.truncate(request.first as usize);
    Ok(Page {
        items: rows
            .into_iter()
            .map(|row| (order.cursor_of(&row).encode(), row))
            .collect(),
        has_next_page,
        total_count,
        had_cursor: request.after.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let cursor = Cursor {
            order: "NEWEST".into(),
            keys: vec![
                KeyValue::Time(DateTime::from_timestamp(1_700_000_000, 5).unwrap()),
                KeyValue::Float(4.25),
                KeyValue::Text("ä".into()),
                KeyValue::Int(42),
            ],
        };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        for bad in ["garbage", "", "e30"] {
            assert_eq!(
                Cursor::decode(bad).unwrap_err().code(),
                crate::error::ErrorCode::BadUserInput,
                "{bad}"
            );
        }
    }

    #[test]
    fn page_sizes_are_bounded() {
        assert_eq!(PageRequest::new(None, None, false).unwrap().first, 20);
        assert_eq!(PageRequest::new(Some(100), None, false).unwrap().first, 100);
        assert!(PageRequest::new(Some(101), None, false).is_err());
        assert!(PageRequest::new(Some(-1), None, false).is_err());
    }
}
