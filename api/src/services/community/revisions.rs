//! Edit history: every edit keeps the version it replaced. Staff read it.

use chrono::{DateTime, Utc};
use entity::{post_revisions, votes::PostKind};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::access;
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::Db,
};

/// Most revisions listed for one post (older ones stay stored).
pub const LISTED_MAX: u64 = 100;

pub async fn record(
    db: &impl Db,
    kind: PostKind,
    target_id: i64,
    editor_id: i64,
    title: Option<String>,
    body: String,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    post_revisions::ActiveModel {
        target_kind: Set(kind),
        target_id: Set(target_id),
        editor_id: Set(editor_id),
        title: Set(title),
        body: Set(body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A post's earlier versions, newest first. Staff only.
#[tracing::instrument(level = "debug", skip(db, viewer))]
pub async fn of_post(
    db: &impl Db,
    viewer: &Viewer,
    kind: PostKind,
    target_id: i64,
) -> ApiResult<Vec<post_revisions::Model>> {
    if !access::is_staff(Some(viewer)) {
        return Err(ApiError::forbidden(
            "the edit history is for moderators and administrators",
        ));
    }
    use sea_orm::QuerySelect;
    Ok(post_revisions::Entity::find()
        .filter(post_revisions::Column::TargetKind.eq(kind))
        .filter(post_revisions::Column::TargetId.eq(target_id))
        .order_by_desc(post_revisions::Column::Id)
        .limit(LISTED_MAX)
        .all(db)
        .await?)
}
