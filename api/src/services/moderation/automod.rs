//! Auto-moderation of posts as they are written: watched words block a post
//! (BAD_USER_INPUT, nothing written) or hold it (written hidden, as a queue
//! item, until a moderator approves it), and links from Novice members are
//! held. Staff are never held.

pub mod matcher;
pub mod words;

use chrono::{DateTime, Utc};
use entity::{
    moderation_items::{self, Source, Status},
    threads::HiddenReason,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, SqlErr,
    TransactionSession,
};

pub use matcher::{Found, Matcher, WatchedWordsCache, normalise};

use super::{
    ModerationSettings, is_staff,
    log::{self, Action, Entry},
};
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{
        Db,
        community::visibility::{self, Post},
        rewards::{Level, RewardSettings, privileges},
    },
};

/// What the community services need to screen a post.
#[derive(Clone, Copy)]
pub struct Automod<'a> {
    pub settings: &'a ModerationSettings,
    pub words: &'a WatchedWordsCache,
}

impl std::fmt::Debug for Automod<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Automod")
            .field("settings", self.settings)
            .finish_non_exhaustive()
    }
}

/// Why a post that may be written must wait for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub source: Source,
    /// What matched (the queue item's `detail`, the log's `reason`).
    pub detail: String,
}

impl Automod<'_> {
    /// Screens a post's new text, before its transaction: BAD_USER_INPUT on
    /// the first field (`title`, `body`) with a blocked word; otherwise
    /// whether to hold it. `fields` are (field name, text) pairs.
    #[tracing::instrument(level = "debug", skip_all, fields(viewer = viewer.id()))]
    pub async fn screen(
        &self,
        db: &impl Db,
        viewer: &Viewer,
        rewards: &RewardSettings,
        fields: &[(&str, &str)],
        now: DateTime<Utc>,
    ) -> ApiResult<Option<Hold>> {
        let matcher = self.words.matcher(db, now).await?;
        let mut held: Vec<String> = Vec::new();
        for (field, text) in fields {
            let found = matcher.find(text);
            if let Some(word) = found.blocked.first() {
                return Err(ApiError::bad_input(
                    *field,
                    format!("remove \"{word}\": it is not allowed here"),
                ));
            }
            for word in found.held {
                if !held.contains(&word) {
                    held.push(word);
                }
            }
        }
        if is_staff(viewer) {
            return Ok(None);
        }
        if !held.is_empty() {
            return Ok(Some(Hold {
                source: Source::WatchedWord,
                detail: held.join(", "),
            }));
        }
        let links: usize = fields
            .iter()
            .map(|(_, text)| privileges::count_links(text))
            .sum();
        if self.settings.hold_novice_links
            && links > 0
            && Level::of_points(viewer.user.points, rewards) == Level::Novice
        {
            return Ok(Some(Hold {
                source: Source::NoviceLinks,
                detail: format!("{links} link(s) from a Novice member"),
            }));
        }
        Ok(None)
    }
}

/// Holds a just-written post, in its transaction: hidden (HELD) from
/// members, an open queue item for it (reusing one already open), and an
/// AUTO_HOLD log row. Returns the post as it is now.
#[tracing::instrument(level = "debug", skip(db, post, now), fields(post = post.id()))]
pub async fn hold(db: &impl Db, post: Post, hold: &Hold, now: DateTime<Utc>) -> ApiResult<Post> {
    let post = visibility::hide(db, &post, HiddenReason::Held, now)
        .await?
        .unwrap_or(post);
    open_item(db, &post, hold, now).await?;
    log::append(
        db,
        Entry::new(None, Action::AutoHold, post.target_type(), post.id())
            .reason(Some(&hold.detail))
            .after(post.summary()),
        now,
    )
    .await?;
    tracing::info!(post = post.id(), source = ?hold.source, "post held for review");
    Ok(post)
}

/// The open queue item for the post: inserted, or (one per target, by the
/// partial unique index) the one already open, marked as hiding it.
async fn open_item(
    db: &impl Db,
    post: &Post,
    hold: &Hold,
    now: DateTime<Utc>,
) -> ApiResult<moderation_items::Model> {
    if let Some(item) = find_open(db, post).await? {
        return mark_hidden(db, item, now).await;
    }
    // A savepoint: a concurrent insert's unique violation must not abort
    // the post's transaction on PostgreSQL.
    let savepoint = db.begin().await?;
    let inserted = moderation_items::ActiveModel {
        target_type: Set(post.target_type()),
        target_id: Set(post.id()),
        related_user_id: Set(None),
        source: Set(hold.source),
        status: Set(Status::Open),
        weight: Set(0.0),
        report_count: Set(0),
        top_reason: Set(None),
        detail: Set(Some(hold.detail.clone())),
        auto_hidden: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        resolved_at: Set(None),
        resolved_by: Set(None),
        resolution: Set(None),
        resolution_note: Set(None),
        ..Default::default()
    }
    .insert(&savepoint)
    .await;
    match inserted {
        Ok(item) => {
            savepoint.commit().await?;
            Ok(item)
        }
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            savepoint.rollback().await?;
            let item = find_open(db, post)
                .await?
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("open item vanished")))?;
            mark_hidden(db, item, now).await
        }
        Err(err) => Err(err.into()),
    }
}

async fn find_open(db: &impl Db, post: &Post) -> ApiResult<Option<moderation_items::Model>> {
    use moderation_items::Column;
    Ok(moderation_items::Entity::find()
        .filter(Column::TargetType.eq(post.target_type()))
        .filter(Column::TargetId.eq(post.id()))
        .filter(Column::Status.eq(Status::Open))
        .filter(Column::Source.ne(Source::VoteRing))
        .one(db)
        .await?)
}

async fn mark_hidden(
    db: &impl Db,
    item: moderation_items::Model,
    now: DateTime<Utc>,
) -> ApiResult<moderation_items::Model> {
    let mut active = item.into_active_model();
    active.auto_hidden = Set(true);
    active.updated_at = Set(now);
    Ok(active.update(db).await?)
}

/// A post model that can be held (so callers keep their concrete type).
pub trait Holdable: Sized {
    fn into_post(self) -> Post;
    fn from_post(post: Post) -> Option<Self>;
}

macro_rules! holdable {
    ($model:ty, $variant:ident) => {
        impl Holdable for $model {
            fn into_post(self) -> Post {
                Post::$variant(self)
            }
            fn from_post(post: Post) -> Option<Self> {
                match post {
                    Post::$variant(model) => Some(model),
                    _ => None,
                }
            }
        }
    };
}

holdable!(entity::threads::Model, Thread);
holdable!(entity::answers::Model, Answer);
holdable!(entity::comments::Model, Comment);

/// Holds the just-written post when screening said so (see `hold`);
/// otherwise returns it unchanged.
pub async fn apply<M: Holdable>(
    db: &impl Db,
    model: M,
    held: Option<&Hold>,
    now: DateTime<Utc>,
) -> ApiResult<M> {
    let Some(held) = held else {
        return Ok(model);
    };
    let post = hold(db, model.into_post(), held, now).await?;
    M::from_post(post).ok_or_else(|| ApiError::internal(anyhow::anyhow!("a hold changed kind")))
}
