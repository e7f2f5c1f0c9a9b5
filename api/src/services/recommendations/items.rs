//! How platform rows are named inside a trained model: the engine knows
//! users and items by string ids, the product by table and row id.

use std::fmt;

/// An item a model scores: a course or a thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemRef {
    Course(i64),
    Thread(i64),
}

impl ItemRef {
    /// The id inside a model artefact: `c12`, `t7`.
    pub fn key(self) -> String {
        self.to_string()
    }

    pub fn course_id(self) -> Option<i64> {
        match self {
            ItemRef::Course(id) => Some(id),
            ItemRef::Thread(_) => None,
        }
    }

    pub fn thread_id(self) -> Option<i64> {
        match self {
            ItemRef::Thread(id) => Some(id),
            ItemRef::Course(_) => None,
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        let (kind, id) = key.split_at_checked(1)?;
        let id: i64 = id.parse().ok()?;
        match kind {
            "c" => Some(ItemRef::Course(id)),
            "t" => Some(ItemRef::Thread(id)),
            _ => None,
        }
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemRef::Course(id) => write!(f, "c{id}"),
            ItemRef::Thread(id) => write!(f, "t{id}"),
        }
    }
}

/// The id of a user inside a model artefact (the decimal row id).
pub fn user_key(user_id: i64) -> String {
    user_id.to_string()
}

pub fn parse_user_key(key: &str) -> Option<i64> {
    key.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_reject_garbage() {
        for item in [ItemRef::Course(12), ItemRef::Thread(7)] {
            assert_eq!(ItemRef::parse(&item.key()), Some(item));
        }
        for bad in ["", "c", "x1", "c1x", "t-"] {
            assert_eq!(ItemRef::parse(bad), None, "{bad}");
        }
        assert_eq!(parse_user_key(&user_key(42)), Some(42));
    }
}
