//! Follows: a thread, a tag or a user. Followers hear of new activity
//! (see `notifications`).

use chrono::{DateTime, Utc};
use entity::follows::{self, Target};
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QuerySelect, Set};

use super::threads as thread_service;
use crate::{
    auth::Viewer,
    error::{ApiError, ApiResult},
    services::{Db, tags as tag_service, users},
};

/// Follows (or, with `on` false, unfollows) a target. Repeating either is
/// harmless. A thread must be readable; a user must exist and not be the
/// viewer; a tag is created if new (following a tag before its first post
/// is fine). Not while suspended (FORBIDDEN).
#[tracing::instrument(skip(db, viewer, now), fields(viewer = viewer.id()))]
pub async fn set(
    db: &impl Db,
    viewer: &Viewer,
    target: Target,
    target_id: i64,
    on: bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    viewer.ensure_can_write(now)?;
    match target {
        Target::Thread => {
            thread_service::find_readable(db, Some(viewer), target_id).await?;
        }
        Target::User => {
            users::find(db, target_id).await?;
            if target_id == viewer.id() {
                return Err(ApiError::bad_input(
                    "targetId",
                    "you cannot follow yourself",
                ));
            }
        }
        Target::Tag => {}
    }
    if on {
        follows::Entity::insert(follows::ActiveModel {
            user_id: Set(viewer.id()),
            target_kind: Set(target),
            target_id: Set(target_id),
            created_at: Set(now),
        })
        .on_conflict_do_nothing_on([
            follows::Column::UserId,
            follows::Column::TargetKind,
            follows::Column::TargetId,
        ])
        .exec_without_returning(db)
        .await?;
    } else {
        follows::Entity::delete_many()
            .filter(follows::Column::UserId.eq(viewer.id()))
            .filter(follows::Column::TargetKind.eq(target))
            .filter(follows::Column::TargetId.eq(target_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Follows (or unfollows) a tag by name.
pub async fn set_tag(
    db: &impl Db,
    viewer: &Viewer,
    name: &str,
    on: bool,
    now: DateTime<Utc>,
) -> ApiResult<String> {
    // Before `ensure` creates the tag.
    viewer.ensure_can_write(now)?;
    let names = tag_service::normalise("tag", &[name.to_owned()], 1)?;
    let Some(name) = names.into_iter().next() else {
        return Err(ApiError::bad_input("tag", "name a tag"));
    };
    let tag_id = tag_service::ensure(db, std::slice::from_ref(&name), now)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("tag {name} was not created")))?;
    set(db, viewer, Target::Tag, tag_id, on, now).await?;
    Ok(name)
}

/// The tag names the user follows, alphabetically.
pub async fn tags_of(db: &impl Db, user_id: i64) -> ApiResult<Vec<String>> {
    use entity::tags;
    use sea_orm::QueryOrder;
    Ok(tags::Entity::find()
        .select_only()
        .column(tags::Column::Name)
        .filter(
            tags::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(follows::Column::TargetId)
                    .from(follows::Entity)
                    .and_where(sea_orm::sea_query::Expr::col(follows::Column::UserId).eq(user_id))
                    .and_where(
                        sea_orm::sea_query::Expr::col(follows::Column::TargetKind).eq(Target::Tag),
                    )
                    .to_owned(),
            ),
        )
        .order_by_asc(tags::Column::Name)
        .into_tuple()
        .all(db)
        .await?)
}
