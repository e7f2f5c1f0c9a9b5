//! Watched words (staff): listing, adding and removing, each change logged
//! and the local matcher cache cleared (other instances within
//! `matcher::CACHE_TTL`).

use chrono::{DateTime, Utc};
use entity::{
    moderation_log::TargetType,
    watched_words::{self, Action as WordAction},
};
use sea_orm::{ActiveModelTrait, EntityTrait, Set, SqlErr, TransactionSession, sea_query::Expr};
use serde_json::json;

use super::matcher::{WatchedWordsCache, normalise};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        moderation::{
            ensure_staff,
            log::{self, Action, Entry},
        },
        pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate},
    },
};

/// Longest watched word or phrase, in characters.
pub const WORD_MAX: usize = 100;

fn summary(word: &watched_words::Model) -> serde_json::Value {
    json!({
        "word": word.word,
        "action": format!("{:?}", word.action).to_uppercase(),
    })
}

/// The watched words, alphabetically (staff).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(
    db: &impl Db,
    viewer: &Viewer,
    page: PageRequest,
) -> ApiResult<Page<watched_words::Model>> {
    ensure_staff(viewer)?;
    use watched_words::{Column, Entity};
    let order = KeysetOrder::new(
        "watched_words.word",
        vec![
            SortKey::asc(
                Expr::col((Entity, Column::Word)),
                |w: &watched_words::Model| KeyValue::Text(w.word.clone()),
            ),
            SortKey::asc(
                Expr::col((Entity, Column::Id)),
                |w: &watched_words::Model| KeyValue::Int(w.id),
            ),
        ],
    );
    paginate(db, Entity::find(), &order, &page).await
}

/// Adds a word (normalised like the texts it is matched in); CONFLICT when
/// it is already watched.
#[tracing::instrument(skip(db, viewer, word, cache, now), fields(viewer = viewer.id()))]
pub async fn add(
    db: &impl Db,
    viewer: &Viewer,
    word: &str,
    action: WordAction,
    cache: &WatchedWordsCache,
    now: DateTime<Utc>,
) -> ApiResult<watched_words::Model> {
    viewer.ensure_can_write(now)?;
    ensure_staff(viewer)?;
    let word = normalise(word);
    let length = word.chars().count();
    if length == 0 || length > WORD_MAX {
        return Err(ApiError::bad_input(
            "word",
            format!("a watched word has 1 to {WORD_MAX} characters"),
        ));
    }
    let txn = db.begin().await?;
    let inserted = watched_words::ActiveModel {
        word: Set(word),
        action: Set(action),
        created_by: Set(viewer.id()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let added = match inserted {
        Ok(added) => added,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
            return Err(ApiError::conflict("word", "this word is already watched"));
        }
        Err(err) => return Err(err.into()),
    };
    log::append(
        &txn,
        Entry::new(
            Some(viewer.id()),
            Action::WatchedWordAdded,
            TargetType::WatchedWord,
            added.id,
        )
        .after(summary(&added)),
        now,
    )
    .await?;
    txn.commit().await?;
    cache.clear().await;
    Ok(added)
}

/// Removes a word; NOT_FOUND when it is gone. The log keeps what it was.
#[tracing::instrument(skip(db, viewer, cache, now), fields(viewer = viewer.id()))]
pub async fn remove(
    db: &impl Db,
    viewer: &Viewer,
    id: i64,
    cache: &WatchedWordsCache,
    now: DateTime<Utc>,
) -> ApiResult<watched_words::Model> {
    viewer.ensure_can_write(now)?;
    ensure_staff(viewer)?;
    let txn = db.begin().await?;
    let word = watched_words::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("watched word"))?;
    let deleted = watched_words::Entity::delete_by_id(id).exec(&txn).await?;
    if deleted.rows_affected == 0 {
        return Err(ApiError::NotFound("watched word"));
    }
    log::append(
        &txn,
        Entry::new(
            Some(viewer.id()),
            Action::WatchedWordRemoved,
            TargetType::WatchedWord,
            word.id,
        )
        .before(summary(&word)),
        now,
    )
    .await?;
    txn.commit().await?;
    cache.clear().await;
    Ok(word)
}
