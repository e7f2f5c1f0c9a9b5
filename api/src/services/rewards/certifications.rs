//! Certification: staff certify a creator as an expert in some tags, and may
//! revoke it. The rows are the log: a grant and its revocation keep their
//! actors and are never deleted. `users.certified_at` mirrors the
//! certification in force, changed in the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    certification_tags, certifications, tags,
    users::{self, Role, Status},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, FromQueryResult, Iterable, Order,
    QueryFilter, Set, SqlErr, TransactionSession,
    sea_query::{Expr, Query},
};

use crate::{
    auth::{STAFF_ROLES, Viewer},
    error::{ApiError, ApiResult},
    services::{
        Db,
        moderation::log::{self, Action, Entry},
        tags as tag_service,
    },
};

/// Tags one certification covers, at most.
pub const TAGS_MAX: usize = 10;
pub const NOTE_MAX: usize = 1_000;
pub const REASON_MAX: usize = 1_000;

/// A certification with the names of its tags, alphabetically.
#[derive(Debug, Clone, PartialEq)]
pub struct Certification {
    pub record: certifications::Model,
    pub tags: Vec<String>,
}

impl Certification {
    pub fn in_force(&self) -> bool {
        self.record.revoked_at.is_none()
    }
}

fn ensure_staff(viewer: &Viewer, now: DateTime<Utc>) -> ApiResult<()> {
    if !viewer.has_any_role(STAFF_ROLES) {
        return Err(ApiError::forbidden(
            "only moderators and administrators certify creators",
        ));
    }
    viewer.ensure_can_write(now)
}

/// Certifies a creator as an expert in 1–10 existing tags (staff). One
/// certification in force per user: a second is a CONFLICT, decided by the
/// unique index so that concurrent grants leave exactly one.
#[tracing::instrument(skip(db, viewer, tags, note, now), fields(viewer = viewer.id()))]
pub async fn certify(
    db: &impl Db,
    viewer: &Viewer,
    user_id: i64,
    tags: Vec<String>,
    note: Option<String>,
    now: DateTime<Utc>,
) -> ApiResult<Certification> {
    ensure_staff(viewer, now)?;
    let names = tag_service::normalise("tags", &tags, TAGS_MAX)?;
    if names.is_empty() {
        return Err(ApiError::bad_input(
            "tags",
            format!("certify in 1–{TAGS_MAX} tags"),
        ));
    }
    let note = note.as_deref().unwrap_or_default().trim().to_owned();
    if note.chars().count() > NOTE_MAX {
        return Err(ApiError::bad_input(
            "note",
            format!("a note is at most {NOTE_MAX} characters"),
        ));
    }
    let user = users::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .filter(|user| user.status != Status::Deleted)
        .ok_or(ApiError::NotFound("user"))?;
    if user.role != Role::Creator {
        return Err(ApiError::bad_input(
            "userId",
            "only creators can be certified",
        ));
    }
    let tag_ids = existing_tags(db, &names).await?;

    let txn = db.begin().await?;
    let inserted = certifications::ActiveModel {
        user_id: Set(user_id),
        note: Set(note),
        granted_by: Set(viewer.id()),
        granted_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let record = match inserted {
        Ok(record) => record,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
            return Err(ApiError::conflict(
                "userId",
                "this creator is already certified: revoke the certification first",
            ));
        }
        Err(err) => return Err(err.into()),
    };
    certification_tags::Entity::insert_many(tag_ids.iter().map(|&tag_id| {
        certification_tags::ActiveModel {
            certification_id: Set(record.id),
            tag_id: Set(tag_id),
        }
    }))
    .exec(&txn)
    .await?;
    set_certified_at(&txn, user_id, Some(now)).await?;
    let mut logged = names.clone();
    logged.sort();
    log::append(
        &txn,
        Entry::new(
            Some(viewer.id()),
            Action::Certify,
            entity::moderation_log::TargetType::User,
            user_id,
        )
        .reason(Some(&record.note))
        .after(serde_json::json!({ "certificationId": record.id, "tags": logged })),
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        certification_id = record.id,
        user_id,
        granted_by = viewer.id(),
        "creator certified"
    );
    let mut tags = names;
    tags.sort();
    Ok(Certification { record, tags })
}

/// Revokes the certification in force (staff), keeping its row with who
/// revoked it and why. Only one of concurrent revocations changes the row;
/// the others find nothing in force (NOT_FOUND).
#[tracing::instrument(skip(db, viewer, reason, now), fields(viewer = viewer.id()))]
pub async fn revoke(
    db: &impl Db,
    viewer: &Viewer,
    user_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<Certification> {
    ensure_staff(viewer, now)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        return Err(ApiError::bad_input(
            "reason",
            format!("give a reason of 1–{REASON_MAX} characters"),
        ));
    }
    let txn = db.begin().await?;
    let current = certifications::Entity::find()
        .filter(certifications::Column::UserId.eq(user_id))
        .filter(certifications::Column::RevokedAt.is_null())
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("certification"))?;
    // Conditional: a concurrent revocation that committed first leaves
    // nothing for this one to change.
    let changed = certifications::Entity::update_many()
        .col_expr(certifications::Column::RevokedBy, Expr::value(viewer.id()))
        .col_expr(certifications::Column::RevokedAt, Expr::value(now))
        .col_expr(certifications::Column::RevokeReason, Expr::value(reason))
        .filter(certifications::Column::Id.eq(current.id))
        .filter(certifications::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        txn.rollback().await?;
        return Err(ApiError::NotFound("certification"));
    }
    set_certified_at(&txn, user_id, None).await?;
    log::append(
        &txn,
        Entry::new(
            Some(viewer.id()),
            Action::RevokeCertification,
            entity::moderation_log::TargetType::User,
            user_id,
        )
        .reason(Some(reason))
        .before(serde_json::json!({ "certificationId": current.id, "note": current.note })),
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        certification_id = current.id,
        user_id,
        revoked_by = viewer.id(),
        "certification revoked"
    );
    let tags = of_users(db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.record.id == current.id)
        .map(|c| c.tags)
        .unwrap_or_default();
    let record = certifications::Model {
        revoked_by: Some(viewer.id()),
        revoked_at: Some(now),
        revoke_reason: Some(reason.to_owned()),
        ..current
    };
    Ok(Certification { record, tags })
}

/// Every certification of many users, granted and revoked, newest first
/// (for a DataLoader): one statement whatever the number of users.
#[tracing::instrument(level = "debug", skip_all, fields(users = user_ids.len()))]
pub async fn of_users(
    db: &impl Db,
    user_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<Certification>>> {
    let mut by_user: HashMap<i64, Vec<Certification>> = HashMap::new();
    if user_ids.is_empty() {
        return Ok(by_user);
    }
    use certifications::{Column, Entity};
    let link = certification_tags::Entity;
    let query = Query::select()
        .columns(Column::iter().map(|c| (Entity, c)))
        .expr_as(Expr::col((tags::Entity, tags::Column::Name)), "tag_name")
        .from(Entity)
        .left_join(
            link,
            Expr::col((link, certification_tags::Column::CertificationId))
                .equals((Entity, Column::Id)),
        )
        .left_join(
            tags::Entity,
            Expr::col((tags::Entity, tags::Column::Id))
                .equals((link, certification_tags::Column::TagId)),
        )
        .and_where(Expr::col((Entity, Column::UserId)).is_in(user_ids.iter().copied()))
        .order_by((Entity, Column::GrantedAt), Order::Desc)
        .order_by((Entity, Column::Id), Order::Desc)
        .order_by((tags::Entity, tags::Column::Name), Order::Asc)
        .to_owned();
    for row in db.query_all(&query).await? {
        let record = certifications::Model::from_query_result(&row, "")?;
        let tag: Option<String> = row.try_get("", "tag_name")?;
        let list = by_user.entry(record.user_id).or_default();
        // Rows of one certification are adjacent: one per tag.
        if list.last().is_none_or(|last| last.record.id != record.id) {
            list.push(Certification {
                record,
                tags: Vec::new(),
            });
        }
        if let (Some(tag), Some(current)) = (tag, list.last_mut()) {
            current.tags.push(tag);
        }
    }
    Ok(by_user)
}

/// A user's certifications, granted and revoked, newest first.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn history(db: &impl Db, user_id: i64) -> ApiResult<Vec<Certification>> {
    Ok(of_users(db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

/// Ids of the named tags; BAD_USER_INPUT naming any that do not exist
/// (certification never creates tags).
async fn existing_tags(db: &impl Db, names: &[String]) -> ApiResult<Vec<i64>> {
    let found: HashMap<String, i64> = tags::Entity::find()
        .filter(tags::Column::Name.is_in(names.iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        .map(|tag| (tag.name, tag.id))
        .collect();
    let unknown: Vec<&str> = names
        .iter()
        .filter(|name| !found.contains_key(*name))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::bad_input(
            "tags",
            format!("unknown tags: {}", unknown.join(", ")),
        ));
    }
    Ok(names.iter().map(|name| found[name]).collect())
}

async fn set_certified_at(db: &impl Db, user_id: i64, at: Option<DateTime<Utc>>) -> ApiResult<()> {
    crate::cache_sync::touched(|changed| {
        changed.user(user_id);
    });
    users::Entity::update_many()
        .col_expr(users::Column::CertifiedAt, Expr::value(at))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
