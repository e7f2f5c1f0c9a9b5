//! Tags: one vocabulary shared by user interests, courses and threads. Each of
//! those links its rows to tags through its own link table; this service
//! normalises names, creates missing tags and reads and replaces the links of
//! any link table that implements `TagLink`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{tags, user_interests};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, Order, QueryFilter, Set,
    sea_query::{Expr, Query},
};

use super::validate;
use crate::error::{ApiError, ApiResult};

/// Longest tag, in characters.
pub const TAG_MAX: usize = 48;

/// A link table between some owner (a user, a course, a thread) and tags.
pub trait TagLink: EntityTrait {
    /// The column holding the owner's id.
    const OWNER: Self::Column;
    /// The column holding the tag's id.
    const TAG: Self::Column;
    fn link(owner_id: i64, tag_id: i64) -> Self::ActiveModel;
}

impl TagLink for user_interests::Entity {
    const OWNER: user_interests::Column = user_interests::Column::UserId;
    const TAG: user_interests::Column = user_interests::Column::TagId;

    fn link(owner_id: i64, tag_id: i64) -> user_interests::ActiveModel {
        user_interests::ActiveModel {
            user_id: Set(owner_id),
            tag_id: Set(tag_id),
        }
    }
}

/// Normalises tag names: trimmed, lower-cased, inner spaces collapsed,
/// de-duplicated in first-seen order, at most `max_count`. Letters and marks
/// of any script, digits and `-_+#. ` are allowed.
pub fn normalise(field: &str, raw: &[String], max_count: usize) -> ApiResult<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for name in raw {
        let name = validate::visible_name(name, TAG_MAX)
            .ok()
            .map(|name| name.to_lowercase())
            .filter(|name| {
                name.chars()
                    .all(|c| c.is_alphanumeric() || validate::is_mark(c) || "-_+#. ".contains(c))
            });
        let Some(name) = name else {
            return Err(ApiError::bad_input(
                field,
                format!("each tag must be 1–{TAG_MAX} letters, digits or -_+#. characters"),
            ));
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.len() > max_count {
        return Err(ApiError::bad_input(
            field,
            format!("at most {max_count} tags"),
        ));
    }
    Ok(names)
}

/// Ids of the named tags, in the order given, creating the missing ones
/// (safe under concurrency: a name another request creates first is reused).
#[tracing::instrument(level = "debug", skip_all, fields(tags = names.len()))]
pub async fn ensure(
    db: &impl ConnectionTrait,
    names: &[String],
    now: DateTime<Utc>,
) -> ApiResult<Vec<i64>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    tags::Entity::insert_many(names.iter().map(|name| tags::ActiveModel {
        name: Set(name.clone()),
        created_at: Set(now),
        ..Default::default()
    }))
    .on_conflict_do_nothing_on([tags::Column::Name])
    .exec(db)
    .await?;
    let found: HashMap<String, i64> = tags::Entity::find()
        .filter(tags::Column::Name.is_in(names.iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        .map(|tag| (tag.name, tag.id))
        .collect();
    Ok(names.iter().filter_map(|n| found.get(n).copied()).collect())
}

/// Makes the owner's tags exactly `names` (already normalised); returns
/// the tags' ids.
#[tracing::instrument(level = "debug", skip(db, names, now))]
pub async fn replace<L: TagLink>(
    db: &impl ConnectionTrait,
    owner_id: i64,
    names: &[String],
    now: DateTime<Utc>,
) -> ApiResult<Vec<i64>> {
    L::delete_many()
        .filter(L::OWNER.eq(owner_id))
        .exec(db)
        .await?;
    let tag_ids = ensure(db, names, now).await?;
    if tag_ids.is_empty() {
        return Ok(tag_ids);
    }
    L::insert_many(tag_ids.iter().map(|&tag_id| L::link(owner_id, tag_id)))
        .exec(db)
        .await?;
    Ok(tag_ids)
}

/// Tag names of many owners at once, alphabetically (for DataLoaders): one
/// statement whatever the number of owners.
pub async fn names_of<L: TagLink + Default>(
    db: &impl ConnectionTrait,
    owner_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<String>>> {
    if owner_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let link = L::default();
    let query = Query::select()
        .expr_as(Expr::col((link, L::OWNER)), "owner")
        .expr_as(Expr::col((tags::Entity, tags::Column::Name)), "name")
        .from(link)
        .inner_join(
            tags::Entity,
            Expr::col((tags::Entity, tags::Column::Id)).equals((link, L::TAG)),
        )
        .and_where(Expr::col((link, L::OWNER)).is_in(owner_ids.iter().copied()))
        .order_by((tags::Entity, tags::Column::Name), Order::Asc)
        .to_owned();
    let mut by_owner: HashMap<i64, Vec<String>> = HashMap::new();
    for row in db.query_all(&query).await? {
        let owner: i64 = row.try_get("", "owner")?;
        by_owner
            .entry(owner)
            .or_default()
            .push(row.try_get("", "name")?);
    }
    Ok(by_owner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised() {
        let raw = vec![
            "  Rust ".into(),
            "rust".into(),
            "机器 学习".into(),
            "C++".into(),
        ];
        assert_eq!(
            normalise("t", &raw, 20).unwrap(),
            vec!["rust", "机器 学习", "c++"]
        );
        assert!(normalise("t", &["<script>".into()], 20).is_err());
        assert!(normalise("t", &["r\u{200B}ust".into()], 20).is_err());
        assert_eq!(normalise("t", &["हिन्दी".into()], 20).unwrap(), ["हिन्दी"]);
        assert!(normalise("t", &["a".into(), "b".into()], 1).is_err());
    }
}
