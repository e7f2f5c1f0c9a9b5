//! `recommendationMetrics`: impressions, clicks and click-through rate per
//! model version and arm, per period, from the served recommendations
//! (the same rows and counting as `recommendationStats`).

use chrono::NaiveDate;
use sea_orm::FromQueryResult;

use super::Range;
use crate::{
    error::ApiResult,
    services::{
        Db,
        recommendations::impressions::{self, Counts},
    },
};

/// One model version and arm in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelPoint {
    /// The period's first day in the range.
    pub date: NaiveDate,
    /// Surface-less counts (`surface` is None).
    pub counts: Counts,
}

#[derive(FromQueryResult)]
struct Row {
    idx: i32,
    model_id: Option<i64>,
    variant: String,
    impressions: i64,
    clicks: i64,
}

/// Per period, then newest model first, then arm; periods without
/// impressions are left out.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn series(db: &impl Db, range: &Range) -> ApiResult<Vec<ModelPoint>> {
    let rows: Vec<Row> = range
        .fetch_per_period(
            db,
            "SELECT p.idx, i.model_id, i.variant, \
               CAST(COUNT(i.id) AS BIGINT) AS impressions, \
               CAST(COUNT(c.impression_id) AS BIGINT) AS clicks \
             FROM periods p \
             JOIN recommendation_impressions i ON i.created_at >= p.lo AND i.created_at < p.hi \
             LEFT JOIN recommendation_clicks c ON c.impression_id = i.id \
             GROUP BY p.idx, i.model_id, i.variant",
        )
        .await?;
    let periods = range.periods();
    let mut points: Vec<(i32, ModelPoint)> = rows
        .into_iter()
        .filter_map(|row| {
            let date = periods.get(row.idx as usize)?.start;
            Some((
                row.idx,
                ModelPoint {
                    date,
                    counts: Counts {
                        model_id: row.model_id,
                        variant: row.variant,
                        surface: None,
                        impressions: row.impressions,
                        clicks: row.clicks,
                    },
                },
            ))
        })
        .collect();
    points.sort_by(|(a_idx, a), (b_idx, b)| {
        a_idx
            .cmp(b_idx)
            .then(b.counts.model_id.cmp(&a.counts.model_id))
            .then(a.counts.variant.cmp(&b.counts.variant))
    });
    Ok(points.into_iter().map(|(_, point)| point).collect())
}

/// Totals over the range per model version and arm (newest model first),
/// as `recommendationStats` counts them.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn totals(db: &impl Db, range: &Range) -> ApiResult<Vec<Counts>> {
    let (start, end) = range.instants();
    Ok(impressions::stats(db, start, end).await?.by_model)
}
