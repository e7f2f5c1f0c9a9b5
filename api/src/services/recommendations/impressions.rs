//! Impressions and clicks of served recommendations, for comparing model
//! versions online. A served list pushes one record per item onto a
//! [`BatchQueue`]; a click goes through the same queue, so it is written
//! after its impression (a batch writes its impressions before its clicks).
//! The writer stores a click only when its impression exists and belongs to
//! the same viewer, once per impression (`ON CONFLICT DO NOTHING`).
//! Impression ids are UUIDs made at serve time, so a client may click before
//! the impression is stored. What a batch stored is recorded as analytics
//! events once it has committed: one RECOMMENDATION_IMPRESSION per item,
//! one RECOMMENDATION_CLICK per stored click (about the item, with the
//! impression's surface, model, variant and position). During a model comparison, a list served to a
//! member also queues their exposure to the comparison's experiment, which
//! the writer stores once per member (see
//! `services::analytics::experiments::comparison`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{recommendation_clicks as clicks, recommendation_impressions as impressions};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, ExprTrait, QueryFilter, QuerySelect,
    Statement, TransactionTrait,
    sea_query::{Alias, Expr, OnConflict, Query},
};
use tokio::sync::watch;
use uuid::Uuid;

use super::Recommender;
use super::active::Variant;
use crate::batch::BatchQueue;
use crate::error::{ApiError, ApiResult};
use crate::services::analytics::experiments::exposures;
use crate::services::analytics::{Analytics, EventKind, NewEvent, record::subjects};
use crate::services::{Db, array_column};

/// Queued records at most (beyond that, records are dropped and counted).
const CAPACITY: usize = 50_000;
/// Records per batch transaction. Small and frequent on purpose: on a
/// small machine each batch's insert runs beside the requests, and short
/// bursts keep their p99 down (BENCHMARKS.md: 500 rows every 250 ms put
/// the served list's p99 over 5 ms; 100 every 50 ms kept it under).
const MAX_BATCH: usize = 100;
const FLUSH_EVERY: Duration = Duration::from_millis(50);

/// One served item, as stored.
#[derive(Debug, Clone)]
pub struct Impression {
    pub id: Uuid,
    pub user_id: Option<i64>,
    pub surface: &'static str,
    pub model_id: Option<i64>,
    pub variant: &'static str,
    pub item_type: &'static str,
    pub item_id: i64,
    /// 1-based.
    pub position: i32,
    pub explanation: &'static str,
    pub at: DateTime<Utc>,
}

/// A click on an impression, by a viewer (None: signed out).
#[derive(Debug, Clone)]
pub struct Click {
    pub impression_id: Uuid,
    pub user_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// A member served a list during a comparison: exposed to its experiment.
#[derive(Debug, Clone)]
pub struct Exposed {
    pub experiment_key: String,
    pub user_id: i64,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub enum Record {
    Impression(Impression),
    Click(Click),
    Exposure(Exposed),
}

/// Queues a member's exposure to the comparison in force when a list was
/// served to them under it (the arm still being the one the current
/// activation gives them: a list served across a swap is not counted).
pub fn queue_exposure(
    recommender: &Recommender,
    user_id: Option<i64>,
    model_id: Option<i64>,
    variant: Variant,
    at: DateTime<Utc>,
) {
    let Some(user_id) = user_id else { return };
    let serving = recommender.active.current();
    let Some(key) = &serving.experiment_key else {
        return;
    };
    let (model, now) = serving.model_for(Some(user_id));
    if now != variant || model.map(|m| m.id) != model_id {
        return;
    }
    recommender.impressions.push(Record::Exposure(Exposed {
        experiment_key: key.clone(),
        user_id,
        at,
    }));
}

/// Starts the writer of impressions and clicks.
pub fn start_queue(
    db: DatabaseConnection,
    analytics: Arc<Analytics>,
    shutdown: watch::Receiver<bool>,
) -> Arc<BatchQueue<Record>> {
    BatchQueue::start(
        "recommendation_impressions",
        CAPACITY,
        MAX_BATCH,
        FLUSH_EVERY,
        shutdown,
        move |batch| {
            let (db, analytics) = (db.clone(), analytics.clone());
            async move {
                let events = write(&db, batch).await?;
                analytics.record_all(events);
                Ok(())
            }
        },
    )
}

/// A new impression id: a UUID v7 (the serve time's milliseconds, then
/// random bits), so the impressions' primary key grows at its right edge
/// instead of splitting random index pages.
pub fn new_id(at: DateTime<Utc>) -> Uuid {
    let random = Uuid::new_v4().into_bytes();
    let mut counter_random = [0u8; 10];
    counter_random.copy_from_slice(&random[6..]);
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &counter_random).into_uuid()
}

/// Parses a client's impression id (BAD_USER_INPUT when it is no UUID).
pub fn parse_id(field: &str, id: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(id.trim()).map_err(|_| ApiError::bad_input(field, "not a valid impression ID"))
}

/// Stores one batch: its impressions, then its clicks, in one transaction;
/// returns the analytics events of what it stored.
async fn write(db: &DatabaseConnection, batch: Vec<Record>) -> ApiResult<Vec<NewEvent>> {
    let mut shown = Vec::new();
    let mut clicked = Vec::new();
    let mut exposed: BTreeMap<String, Vec<(i64, DateTime<Utc>)>> = BTreeMap::new();
    for record in batch {
        match record {
            Record::Impression(i) => shown.push(i),
            Record::Click(c) => clicked.push(c),
            Record::Exposure(e) => exposed
                .entry(e.experiment_key)
                .or_default()
                .push((e.user_id, e.at)),
        }
    }
    let mut events: Vec<NewEvent> = shown.iter().map(Impression::event).collect();
    let txn = db.begin().await?;
    insert_impressions(&txn, shown).await?;
    let mut stored = Vec::with_capacity(clicked.len());
    for click in clicked {
        if store_click(&txn, &click).await? {
            stored.push(click);
        }
    }
    events.extend(click_events(&txn, &stored).await?);
    for (key, seen) in exposed {
        exposures::record_batch(&txn, &key, seen).await?;
    }
    txn.commit().await?;
    Ok(events)
}

/// Impressions per SQLite insert statement (10 bound values each).
const INSERT_CHUNK: usize = 500;

/// Inserts impressions. PostgreSQL gets one statement of ten arrays, whose
/// text and plan do not depend on the batch's size (rows of bound values
/// cost it several times more, beside the requests the writer must not
/// slow). No ON CONFLICT: ids are fresh UUIDs made at serve time and a batch
/// is never retried.
async fn insert_impressions(db: &impl Db, shown: Vec<Impression>) -> ApiResult<()> {
    if shown.is_empty() {
        return Ok(());
    }
    if db.get_database_backend() == DbBackend::Postgres {
        // Arrays carry no NULLs here: a signed-out viewer or a fallback
        // list's missing model travels as 0 (no row id is 0).
        const INSERT: &str = "INSERT INTO recommendation_impressions \
            (id, user_id, surface, model_id, variant, item_type, item_id, position, explanation, created_at) \
            SELECT id, NULLIF(user_id, 0), surface, NULLIF(model_id, 0), variant, item_type, item_id, \
                   position, explanation, created_at \
            FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::int8[], $5::text[], $6::text[], \
                        $7::int8[], $8::int4[], $9::text[], $10::timestamptz[]) \
              AS batch(id, user_id, surface, model_id, variant, item_type, item_id, position, \
                       explanation, created_at)";
        let values = vec![
            array_column(&shown, |i| i.id.to_string()),
            array_column(&shown, |i| i.user_id.unwrap_or(0)),
            array_column(&shown, |i| i.surface.to_owned()),
            array_column(&shown, |i| i.model_id.unwrap_or(0)),
            array_column(&shown, |i| i.variant.to_owned()),
            array_column(&shown, |i| i.item_type.to_owned()),
            array_column(&shown, |i| i.item_id),
            array_column(&shown, |i| i.position),
            array_column(&shown, |i| i.explanation.to_owned()),
            array_column(&shown, |i| i.at),
        ];
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            INSERT,
            values,
        ))
        .await?;
        return Ok(());
    }
    for chunk in shown.chunks(INSERT_CHUNK) {
        impressions::Entity::insert_many(chunk.iter().map(|i| impressions::ActiveModel {
            id: Set(i.id.to_string()),
            user_id: Set(i.user_id),
            surface: Set(i.surface.into()),
            model_id: Set(i.model_id),
            variant: Set(i.variant.into()),
            item_type: Set(i.item_type.into()),
            item_id: Set(i.item_id),
            position: Set(i.position),
            explanation: Set(i.explanation.into()),
            created_at: Set(i.at),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// `INSERT INTO clicks SELECT … FROM impressions WHERE id = ? AND user_id = ?`:
/// nothing is stored for an unknown impression or another viewer's, or a
/// second click on one impression. Returns whether it was stored.
async fn store_click(db: &impl Db, click: &Click) -> ApiResult<bool> {
    let mut source = Query::select();
    source
        .column(impressions::Column::Id)
        .column(impressions::Column::UserId)
        .expr(Expr::val(click.at))
        .from(impressions::Entity)
        .and_where(impressions::Column::Id.eq(click.impression_id.to_string()));
    match click.user_id {
        Some(user) => source.and_where(impressions::Column::UserId.eq(user)),
        None => source.and_where(impressions::Column::UserId.is_null()),
    };
    let insert = Query::insert()
        .into_table(clicks::Entity)
        .columns([
            clicks::Column::ImpressionId,
            clicks::Column::UserId,
            clicks::Column::ClickedAt,
        ])
        .select_from(source)
        .map_err(ApiError::internal)?
        .on_conflict(
            OnConflict::column(clicks::Column::ImpressionId)
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    let backend = db.get_database_backend();
    let stored = db.execute_raw(backend.build(&insert)).await?;
    Ok(stored.rows_affected() == 1)
}

impl Impression {
    /// Its analytics event: about the item, with where and how it was served.
    fn event(&self) -> NewEvent {
        served_event(
            EventKind::RecommendationImpression,
            self.user_id,
            self.at,
            (self.item_type, self.item_id),
            serde_json::json!({
                "impressionId": self.id.to_string(),
                "surface": self.surface,
                "modelId": self.model_id,
                "variant": self.variant,
                "position": self.position,
            }),
        )
    }
}

/// The analytics events of stored clicks, with their impressions' details
/// (one statement).
async fn click_events(db: &impl Db, stored: &[Click]) -> ApiResult<Vec<NewEvent>> {
    if stored.is_empty() {
        return Ok(Vec::new());
    }
    let shown: std::collections::HashMap<String, impressions::Model> = impressions::Entity::find()
        .filter(impressions::Column::Id.is_in(stored.iter().map(|c| c.impression_id.to_string())))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect();
    Ok(stored
        .iter()
        .filter_map(|click| {
            let shown = shown.get(&click.impression_id.to_string())?;
            let item_type = subjects::named(&shown.item_type)?;
            Some(served_event(
                EventKind::RecommendationClick,
                click.user_id,
                click.at,
                (item_type, shown.item_id),
                serde_json::json!({
                    "impressionId": shown.id,
                    "surface": shown.surface,
                    "modelId": shown.model_id,
                    "variant": shown.variant,
                    "position": shown.position,
                }),
            ))
        })
        .collect())
}

fn served_event(
    kind: EventKind,
    user_id: Option<i64>,
    at: DateTime<Utc>,
    (item_type, item_id): (&'static str, i64),
    props: serde_json::Value,
) -> NewEvent {
    NewEvent::server(kind, user_id, at)
        .about(item_type, item_id)
        .with_props(props)
}

/// Impressions and clicks of one (model, variant, surface).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// None: the popularity fallback (no model).
    pub model_id: Option<i64>,
    pub variant: String,
    /// None in the per-(model, variant) totals.
    pub surface: Option<String>,
    pub impressions: i64,
    pub clicks: i64,
}

impl Counts {
    /// Click-through rate; 0 without impressions.
    pub fn ctr(&self) -> f64 {
        if self.impressions > 0 {
            self.clicks as f64 / self.impressions as f64
        } else {
            0.0
        }
    }
}

/// Per (model, variant) totals and per (model, variant, surface) rows.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub by_model: Vec<Counts>,
    pub by_surface: Vec<Counts>,
}

/// Impressions served in `[from, to)` and the clicks on them, in one
/// grouped statement over the impressions' time index.
pub async fn stats(db: &impl Db, from: DateTime<Utc>, to: DateTime<Utc>) -> ApiResult<Stats> {
    if from >= to {
        return Err(ApiError::bad_input(
            "to",
            "the end of the range must come after its start",
        ));
    }
    use impressions::Column as I;
    let shown = |column: I| Expr::col((impressions::Entity, column));
    let select = Query::select()
        .expr_as(shown(I::ModelId), Alias::new("model_id"))
        .expr_as(shown(I::Variant), Alias::new("variant"))
        .expr_as(shown(I::Surface), Alias::new("surface"))
        .expr_as(shown(I::Id).count(), Alias::new("impressions"))
        .expr_as(
            Expr::col((clicks::Entity, clicks::Column::ImpressionId)).count(),
            Alias::new("clicks"),
        )
        .from(impressions::Entity)
        .left_join(
            clicks::Entity,
            Expr::col((clicks::Entity, clicks::Column::ImpressionId))
                .equals((impressions::Entity, I::Id)),
        )
        .and_where(shown(I::CreatedAt).gte(from))
        .and_where(shown(I::CreatedAt).lt(to))
        .group_by_col((impressions::Entity, I::ModelId))
        .group_by_col((impressions::Entity, I::Variant))
        .group_by_col((impressions::Entity, I::Surface))
        .to_owned();
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(backend.build(&select)).await?;
    let mut by_surface = Vec::with_capacity(rows.len());
    for row in rows {
        by_surface.push(Counts {
            model_id: row.try_get("", "model_id")?,
            variant: row.try_get("", "variant")?,
            surface: Some(row.try_get("", "surface")?),
            impressions: row.try_get("", "impressions")?,
            clicks: row.try_get("", "clicks")?,
        });
    }
    Ok(summarise(by_surface))
}

/// Adds the per-(model, variant) totals to per-surface rows; both sorted
/// (newest model first, then variant and surface).
pub fn summarise(mut by_surface: Vec<Counts>) -> Stats {
    let order = |a: &Counts, b: &Counts| {
        b.model_id
            .cmp(&a.model_id)
            .then_with(|| a.variant.cmp(&b.variant))
            .then_with(|| a.surface.cmp(&b.surface))
    };
    by_surface.sort_by(order);
    let mut totals: BTreeMap<(Option<i64>, String), (i64, i64)> = BTreeMap::new();
    for row in &by_surface {
        let total = totals
            .entry((row.model_id, row.variant.clone()))
            .or_default();
        total.0 += row.impressions;
        total.1 += row.clicks;
    }
    let mut by_model: Vec<Counts> = totals
        .into_iter()
        .map(|((model_id, variant), (impressions, clicks))| Counts {
            model_id,
            variant,
            surface: None,
            impressions,
            clicks,
        })
        .collect();
    by_model.sort_by(order);
    Stats {
        by_model,
        by_surface,
    }
}

/// Whether an impression was stored (tests and diagnostics).
pub async fn impression_exists(db: &impl Db, id: Uuid) -> ApiResult<bool> {
    Ok(impressions::Entity::find()
        .select_only()
        .column(impressions::Column::Id)
        .filter(impressions::Column::Id.eq(id.to_string()))
        .into_tuple::<String>()
        .one(db)
        .await?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(model: Option<i64>, variant: &str, surface: &str, i: i64, c: i64) -> Counts {
        Counts {
            model_id: model,
            variant: variant.into(),
            surface: Some(surface.into()),
            impressions: i,
            clicks: c,
        }
    }

    #[test]
    fn totals_per_model_and_variant_and_ctr() {
        let stats = summarise(vec![
            row(Some(1), "CONTROL", "COURSES", 10, 1),
            row(None, "FALLBACK", "COURSES", 4, 0),
            row(Some(2), "CHALLENGER", "THREADS", 5, 5),
            row(Some(1), "CONTROL", "THREADS", 30, 3),
            row(Some(2), "CHALLENGER", "COURSES", 15, 0),
        ]);
        let totals: Vec<_> = stats
            .by_model
            .iter()
            .map(|c| (c.model_id, c.variant.as_str(), c.impressions, c.clicks))
            .collect();
        assert_eq!(
            totals,
            vec![
                (Some(2), "CHALLENGER", 20, 5),
                (Some(1), "CONTROL", 40, 4),
                (None, "FALLBACK", 4, 0)
            ]
        );
        assert!((stats.by_model[0].ctr() - 0.25).abs() < 1e-12);
        assert!((stats.by_model[1].ctr() - 0.1).abs() < 1e-12);
        assert_eq!(stats.by_model[2].ctr(), 0.0);
        assert_eq!(stats.by_surface.len(), 5);
        assert_eq!(stats.by_surface[0].surface.as_deref(), Some("COURSES"));
        assert_eq!(stats.by_surface[0].model_id, Some(2));
    }

    #[test]
    fn new_ids_are_time_ordered_and_distinct() {
        let at: DateTime<Utc> = "2026-12-01T10:00:00Z".parse().unwrap();
        let (a, b) = (new_id(at), new_id(at));
        assert_ne!(a, b);
        assert_eq!(a.get_version(), Some(uuid::Version::SortRand));
        let later = new_id(at + chrono::Duration::milliseconds(1));
        assert!(later.to_string() > a.to_string() && later.to_string() > b.to_string());
    }

    #[test]
    fn impression_ids_must_be_uuids() {
        let id = Uuid::new_v4();
        assert_eq!(parse_id("impressionId", &id.to_string()).unwrap(), id);
        for bad in ["", "42", "not-a-uuid", "0000-1111"] {
            let err = parse_id("impressionId", bad).unwrap_err();
            assert_eq!(err.code(), crate::error::ErrorCode::BadUserInput, "{bad}");
        }
    }
}
