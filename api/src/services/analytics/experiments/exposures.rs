//! Exposures: the first time a member is shown an experiment's variant,
//! stored once per (experiment, member) by `INSERT … ON CONFLICT DO
//! NOTHING`, so concurrent requests store one row and everyone reads the
//! stored variant back: an assignment never changes once exposed.

use std::collections::BTreeMap;

use chrono::{DateTime, SubsecRound, Utc};
use entity::experiment_exposures;
use sea_orm::{EntityTrait, Set};

use super::{Experiment, Status, find, find_opt};
use crate::error::{ApiError, ApiResult};
use crate::services::{Db, InsertedRows};

/// A member's stored variant in an experiment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub variant: String,
    pub exposed_at: DateTime<Utc>,
}

/// The viewer's variant in a running experiment, recording their exposure
/// the first time. NOT_FOUND for an unknown key, CONFLICT when the
/// experiment is not running (a draft assigns nobody yet; a stopped one
/// no longer does).
#[tracing::instrument(skip_all, fields(key, user_id))]
pub async fn expose(
    db: &impl Db,
    key: &str,
    user_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<(Experiment, Exposure)> {
    let experiment = find(db, key).await?;
    if experiment.status != Status::Running {
        return Err(ApiError::conflict(
            "key",
            format!(
                "the experiment is {}: only a RUNNING experiment assigns variants",
                experiment.status.as_str()
            ),
        ));
    }
    if let Some(stored) = stored(db, experiment.row.id, user_id).await? {
        return Ok((experiment, stored));
    }
    let exposure = Exposure {
        variant: experiment.variant_for(user_id).name.clone(),
        // As stored (PostgreSQL keeps microseconds), so every call answers
        // the same instant.
        exposed_at: now.trunc_subsecs(6),
    };
    let inserted = insert(db, experiment.row.id, [(user_id, &exposure)]).await?;
    if inserted == 1 {
        return Ok((experiment, exposure));
    }
    // A concurrent request stored it first: theirs is the exposure.
    let stored = stored(db, experiment.row.id, user_id)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("an exposure vanished")))?;
    Ok((experiment, stored))
}

/// A member's stored exposure, if any.
pub async fn stored(db: &impl Db, experiment_id: i64, user_id: i64) -> ApiResult<Option<Exposure>> {
    Ok(
        experiment_exposures::Entity::find_by_id((experiment_id, user_id))
            .one(db)
            .await?
            .map(|row| Exposure {
                variant: row.variant,
                exposed_at: row.exposed_at,
            }),
    )
}

/// Rows per insert statement (4 bound values each).
const INSERT_CHUNK: usize = 500;

async fn insert<'a>(
    db: &impl Db,
    experiment_id: i64,
    rows: impl IntoIterator<Item = (i64, &'a Exposure)>,
) -> ApiResult<u64> {
    let rows: Vec<_> = rows.into_iter().collect();
    let mut inserted = 0;
    for chunk in rows.chunks(INSERT_CHUNK) {
        inserted +=
            experiment_exposures::Entity::insert_many(chunk.iter().map(|&(user_id, exposure)| {
                experiment_exposures::ActiveModel {
                    experiment_id: Set(experiment_id),
                    user_id: Set(user_id),
                    variant: Set(exposure.variant.clone()),
                    exposed_at: Set(exposure.exposed_at),
                }
            }))
            .on_conflict_do_nothing_on([
                experiment_exposures::Column::ExperimentId,
                experiment_exposures::Column::UserId,
            ])
            .exec_without_returning(db)
            .await?
            .inserted_rows();
    }
    Ok(inserted)
}

/// Records that members were shown an experiment at the given times (a
/// background writer's batch, e.g. the recommender's impressions): each
/// member's variant is the experiment's assignment, each member's earliest
/// time in the batch is kept, and members already exposed keep their row.
/// Nothing is recorded when the experiment does not exist or is not
/// running. Returns the exposures stored.
pub async fn record_batch(
    db: &impl Db,
    key: &str,
    seen: impl IntoIterator<Item = (i64, DateTime<Utc>)>,
) -> ApiResult<u64> {
    let mut first: BTreeMap<i64, DateTime<Utc>> = BTreeMap::new();
    for (user_id, at) in seen {
        first
            .entry(user_id)
            .and_modify(|earliest| *earliest = (*earliest).min(at))
            .or_insert(at);
    }
    if first.is_empty() {
        return Ok(0);
    }
    let Some(experiment) = find_opt(db, key).await? else {
        return Ok(0);
    };
    if experiment.status != Status::Running {
        return Ok(0);
    }
    let exposures: Vec<(i64, Exposure)> = first
        .into_iter()
        .map(|(user_id, at)| {
            let variant = experiment.variant_for(user_id).name.clone();
            (
                user_id,
                Exposure {
                    variant,
                    exposed_at: at.trunc_subsecs(6),
                },
            )
        })
        .collect();
    insert(
        db,
        experiment.row.id,
        exposures.iter().map(|(user_id, e)| (*user_id, e)),
    )
    .await
}
