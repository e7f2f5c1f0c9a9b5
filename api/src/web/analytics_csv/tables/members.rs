//! Activity, retention and the funnel.

use super::{Out, Params, table};
use crate::{
    error::ApiResult,
    services::analytics::metrics::{Granularity, activity, funnel, retention},
    web::WebState,
};

/// `activityMetrics.csv`.
pub(super) async fn activity_metrics(
    params: &Params,
    state: &WebState,
    out: &mut Out,
) -> ApiResult<()> {
    let db = &state.app.db;
    let range = params.range(state, Granularity::Day)?;
    let series = activity::series(db, &range).await?;
    table(
        out,
        [
            "date",
            "dau",
            "wau",
            "mau",
            "stickiness",
            "new_members",
            "new_contributors",
        ],
        series,
        |p| {
            [
                p.date.to_string(),
                p.dau.to_string(),
                p.wau.to_string(),
                p.mau.to_string(),
                p.stickiness.to_string(),
                p.new_members.to_string(),
                p.new_contributors.to_string(),
            ]
        },
    )
}

/// `retentionCohorts.csv`.
pub(super) async fn retention_cohorts(
    params: &Params,
    state: &WebState,
    out: &mut Out,
) -> ApiResult<()> {
    let db = &state.app.db;
    let range = params.range(state, Granularity::Week)?;
    let cohorts = retention::cohorts(db, &range).await?;
    let rows = cohorts
        .iter()
        .flat_map(|c| c.periods.iter().map(move |p| (c, p)));
    table(
        out,
        ["cohort", "members", "index", "date", "active", "share"],
        rows,
        |(c, p)| {
            [
                c.date.to_string(),
                c.members.to_string(),
                p.index.to_string(),
                p.date.to_string(),
                p.active.to_string(),
                p.share.to_string(),
            ]
        },
    )
}

/// `funnel.csv`.
pub(super) async fn funnel(params: &Params, state: &WebState, out: &mut Out) -> ApiResult<()> {
    let db = &state.app.db;
    let range = params.range(state, Granularity::Day)?;
    let whole = params.table(&["steps", "points"])? == "steps";
    let funnel = funnel::funnel(db, &range).await?;
    // The whole range is one row per step, dated by its first day.
    let points = if whole {
        vec![(range.from, funnel.steps)]
    } else {
        funnel
            .points
            .into_iter()
            .map(|p| (p.date, p.steps))
            .collect()
    };
    let rows = points
        .into_iter()
        .flat_map(|(date, steps)| steps.into_iter().map(move |s| (date, s)));
    table(
        out,
        ["date", "step", "members", "conversion", "overall"],
        rows,
        |(date, s)| {
            [
                date.to_string(),
                s.step.as_str().to_owned(),
                s.members.to_string(),
                s.conversion.to_string(),
                s.overall.to_string(),
            ]
        },
    )
}
