//! A/B experiments: an administrator defines variants with weights and a
//! metric (an event kind), starts the experiment (DRAFT → RUNNING) and
//! stops it (RUNNING → STOPPED). Members are assigned by a stable hash of
//! (experiment key, user) over the variants' cumulative weights
//! ([`assign`]), so every instance agrees without storing anything; the
//! first time a member is shown their variant it is stored as an exposure
//! ([`exposures`]), and the stored variant wins from then on. Results
//! ([`results`]) count, per variant, the exposed members who did the metric
//! at or after their exposure.
//!
//! Variants, weights and the metric are fixed once created: changing them
//! would move members between variants.

pub mod comparison;
pub mod exposures;
pub mod input;
pub mod results;

use chrono::{DateTime, Utc};
use entity::experiments;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, SqlErr, sea_query::Expr,
};
use serde::{Deserialize, Serialize};

use super::EventKind;
use crate::error::{ApiError, ApiResult};
use crate::services::Db;
use crate::services::pagination::{KeyValue, KeysetOrder, Page, PageRequest, SortKey, paginate};
use crate::services::recommendations::active::bucket;
pub use input::{DESCRIPTION_MAX, MIN_VARIANTS, check_key, check_metric, check_variants};

/// Where an experiment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Defined, not yet assigning anyone.
    Draft,
    /// Assigning members and recording exposures.
    Running,
    /// Over: no new exposures; conversions count until it stopped.
    Stopped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "DRAFT",
            Status::Running => "RUNNING",
            Status::Stopped => "STOPPED",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Status::Draft, Status::Running, Status::Stopped]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

/// A variant and its weight (its share is weight / sum of weights).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantSpec {
    pub name: String,
    pub weight: f64,
}

/// What `create` stores (unchecked input).
#[derive(Debug, Clone)]
pub struct NewExperiment {
    pub key: String,
    pub description: Option<String>,
    pub variants: Vec<VariantSpec>,
    pub metric: String,
}

/// A stored experiment with its variants and metric read.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    pub row: experiments::Model,
    pub status: Status,
    pub variants: Vec<VariantSpec>,
    pub metric: EventKind,
}

impl Experiment {
    fn read(row: experiments::Model) -> ApiResult<Self> {
        let broken = |what: &str| {
            ApiError::internal(anyhow::anyhow!(
                "experiment {} has an unreadable {what}",
                row.id
            ))
        };
        let status = Status::parse(&row.status).ok_or_else(|| broken("status"))?;
        let variants: Vec<VariantSpec> =
            serde_json::from_str(&row.variants).map_err(|_| broken("variant list"))?;
        let metric = EventKind::parse(&row.metric).ok_or_else(|| broken("metric"))?;
        if variants.len() < MIN_VARIANTS {
            return Err(broken("variant list"));
        }
        Ok(Self {
            row,
            status,
            variants,
            metric,
        })
    }

    pub fn weights(&self) -> Vec<f64> {
        self.variants.iter().map(|v| v.weight).collect()
    }

    /// The variant a member is assigned (before any exposure is stored).
    pub fn variant_for(&self, user_id: i64) -> &VariantSpec {
        &self.variants[assign(&self.row.key, user_id, &self.weights())]
    }
}

/// The index of the variant a user is assigned in an experiment: their
/// bucket in [0, 1) (a SHA-256 of key and user, the one hash the
/// recommender's comparison also uses), scaled by the total weight, falls
/// in one variant's cumulative range. Pure: every instance agrees.
pub fn assign(key: &str, user_id: i64, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let point = bucket(key, user_id) * total;
    let mut upper = 0.0;
    for (index, weight) in weights.iter().enumerate() {
        upper += weight;
        if point < upper {
            return index;
        }
    }
    // Rounding at the very top of the range.
    weights.len().saturating_sub(1)
}

/// Defines an experiment (DRAFT). CONFLICT when the key is taken.
#[tracing::instrument(skip_all, fields(key = %input.key))]
pub async fn create(
    db: &impl Db,
    created_by: Option<i64>,
    input: NewExperiment,
    now: DateTime<Utc>,
) -> ApiResult<Experiment> {
    let key = check_key("input.key", &input.key)?;
    let variants = check_variants("input.variants", input.variants)?;
    let metric = check_metric("input.metric", &input.metric)?;
    let description = match input.description {
        Some(text) => Some(crate::services::validate::markdown(
            "input.description",
            &text,
            DESCRIPTION_MAX,
        )?)
        .filter(|text| !text.is_empty()),
        None => None,
    };
    let row = experiments::ActiveModel {
        key: Set(key),
        description: Set(description),
        variants: Set(serde_json::to_string(&variants).map_err(ApiError::internal)?),
        metric: Set(metric.as_str().to_owned()),
        status: Set(Status::Draft.as_str().to_owned()),
        created_by: Set(created_by),
        created_at: Set(now),
        started_at: Set(None),
        stopped_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|err| {
        if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
            ApiError::conflict("input.key", "another experiment has this key")
        } else {
            err.into()
        }
    })?;
    Experiment::read(row)
}

/// DRAFT → RUNNING. CONFLICT when it is running or stopped already (a
/// stopped experiment never restarts: its exposures are history).
#[tracing::instrument(skip_all, fields(key))]
pub async fn start(db: &impl Db, key: &str, now: DateTime<Utc>) -> ApiResult<Experiment> {
    transition(db, key, Status::Draft, Status::Running, now).await
}

/// RUNNING → STOPPED: no exposures from now on, and conversions count
/// until now. CONFLICT when it is not running.
#[tracing::instrument(skip_all, fields(key))]
pub async fn stop(db: &impl Db, key: &str, now: DateTime<Utc>) -> ApiResult<Experiment> {
    transition(db, key, Status::Running, Status::Stopped, now).await
}

/// One conditional update, so two concurrent calls cannot both succeed.
async fn transition(
    db: &impl Db,
    key: &str,
    from: Status,
    to: Status,
    now: DateTime<Utc>,
) -> ApiResult<Experiment> {
    use experiments::Column;
    let key = check_key("key", key)?;
    let stamp = match to {
        Status::Stopped => Column::StoppedAt,
        _ => Column::StartedAt,
    };
    let updated = experiments::Entity::update_many()
        .col_expr(Column::Status, Expr::value(to.as_str()))
        .col_expr(stamp, Expr::value(now))
        .filter(Column::Key.eq(&key))
        .filter(Column::Status.eq(from.as_str()))
        .exec(db)
        .await?;
    let experiment = find(db, &key).await?;
    if updated.rows_affected == 0 {
        return Err(ApiError::conflict(
            "key",
            format!(
                "the experiment is {}, not {}",
                experiment.status.as_str(),
                from.as_str()
            ),
        ));
    }
    Ok(experiment)
}

/// The experiment with this key; NOT_FOUND when there is none,
/// BAD_USER_INPUT when the key is malformed.
pub async fn find(db: &impl Db, key: &str) -> ApiResult<Experiment> {
    let key = check_key("key", key)?;
    find_opt(db, &key)
        .await?
        .ok_or(ApiError::NotFound("experiment"))
}

/// The experiment with this (checked) key, if any.
pub async fn find_opt(db: &impl Db, key: &str) -> ApiResult<Option<Experiment>> {
    experiments::Entity::find()
        .filter(experiments::Column::Key.eq(key))
        .one(db)
        .await?
        .map(Experiment::read)
        .transpose()
}

/// Experiments, newest first, optionally of one status.
pub async fn list(
    db: &impl Db,
    status: Option<Status>,
    page: PageRequest,
) -> ApiResult<Page<Experiment>> {
    use experiments::{Column, Entity};
    let order = KeysetOrder::new(
        "experiments.newest",
        vec![SortKey::desc(
            Expr::col((Entity, Column::Id)),
            |row: &experiments::Model| KeyValue::Int(row.id),
        )],
    );
    let mut select = Entity::find();
    if let Some(status) = status {
        select = select.filter(Column::Status.eq(status.as_str()));
    }
    let page = paginate(db, select, &order, &page).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for (cursor, row) in page.items {
        items.push((cursor, Experiment::read(row)?));
    }
    Ok(Page {
        items,
        has_next_page: page.has_next_page,
        total_count: page.total_count,
        had_cursor: page.had_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_follows_cumulative_weights() {
        let weights = [1.0, 2.0, 1.0];
        let mut counts = [0usize; 3];
        for user in 0..20_000 {
            let index = assign("checkout", user, &weights);
            assert_eq!(index, assign("checkout", user, &weights), "stable");
            counts[index] += 1;
        }
        // 25 % / 50 % / 25 %, within a few standard deviations.
        assert!((4_700..5_300).contains(&counts[0]), "{counts:?}");
        assert!((9_600..10_400).contains(&counts[1]), "{counts:?}");
        assert!((4_700..5_300).contains(&counts[2]), "{counts:?}");
        // The bucket decides: below the first weight's share is variant 0.
        for user in 0..1_000 {
            let expected = if bucket("checkout", user) < 0.25 {
                0
            } else {
                1
            };
            assert_eq!(assign("checkout", user, &[1.0, 3.0]), expected);
        }
    }
}
