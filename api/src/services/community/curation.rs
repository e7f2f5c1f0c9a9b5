//! Moderators' curation of threads. Featuring (精华) surfaces a thread and
//! earns its author the featuring reward; unfeaturing takes it back.

use chrono::{DateTime, Utc};
use entity::threads;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionSession, sea_query::Expr};

use super::threads as thread_service;
use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
    services::{
        Db,
        rewards::{RewardSettings, triggers as reward_triggers},
    },
};

/// Features or unfeatures a thread (staff). Doing what is already done
/// changes nothing and awards nothing; a deleted thread is NOT_FOUND.
#[tracing::instrument(skip(db, viewer, rewards, now), fields(viewer = viewer.id()))]
pub async fn set_featured(
    db: &impl Db,
    viewer: &Viewer,
    thread_id: i64,
    featured: bool,
    rewards: &RewardSettings,
    now: DateTime<Utc>,
) -> ApiResult<threads::Model> {
    viewer.ensure_can_write(now)?;
    if !viewer.has_any_role(STAFF_ROLES) {
        return Err(ApiError::forbidden("only moderators may feature threads"));
    }
    let thread = thread_service::find_readable(db, Some(viewer), thread_id).await?;
    if thread.deleted_at.is_some() {
        return Err(ApiError::NotFound("thread"));
    }
    let txn = db.begin().await?;
    // Only the request that really changes the flag writes the reward.
    let (featured_at, featured_by) = if featured {
        (Some(now), Some(viewer.id()))
    } else {
        (None, None)
    };
    let changed = threads::Entity::update_many()
        .col_expr(threads::Column::FeaturedAt, Expr::val(featured_at))
        .col_expr(threads::Column::FeaturedBy, Expr::val(featured_by))
        .filter(threads::Column::Id.eq(thread.id))
        .filter(if featured {
            threads::Column::FeaturedAt.is_null()
        } else {
            threads::Column::FeaturedAt.is_not_null()
        })
        .exec_with_returning(&txn)
        .await?
        .pop();
    let thread = match changed {
        Some(thread) => {
            reward_triggers::featuring_changed(&txn, rewards, &thread, viewer.id(), featured, now)
                .await?;
            thread
        }
        None => thread,
    };
    txn.commit().await?;
    Ok(thread)
}
