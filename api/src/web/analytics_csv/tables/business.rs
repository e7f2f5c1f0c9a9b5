//! Creators, rewards and recommendations.

use super::{Out, Params, id, table};
use crate::{
    error::{ApiError, ApiResult},
    graphql::{ids::NodeKind, recommendations::stats::model_id},
    services::{
        analytics::metrics::{Granularity, creators, recommendations, rewards},
        recommendations::impressions::Counts,
    },
    web::WebState,
};

/// `creatorMetrics.csv`.
pub(super) async fn creator_metrics(
    params: &Params,
    state: &WebState,
    out: &mut Out,
) -> ApiResult<()> {
    let db = &state.app.db;
    let range = params.ranking_range(state)?;
    let currency =
        creators::currency(params.get("currency").unwrap_or(creators::DEFAULT_CURRENCY))?;
    let order = match params.get("orderBy") {
        None => creators::CreatorOrder::default(),
        Some(raw) => creators::CreatorOrder::parse(raw).ok_or_else(|| {
            ApiError::bad_input(
                "orderBy",
                "one of REVENUE, ENROLMENTS, REFUNDS, POINTS, NEW_FOLLOWERS",
            )
        })?,
    };
    let ranked = creators::ranked(db, &range, &currency, order).await?;
    table(
        out,
        [
            "creator_id",
            "username",
            "enrolments",
            "currency",
            "gross_cents",
            "refunds",
            "refunded_cents",
            "net_cents",
            "points",
            "new_followers",
        ],
        ranked,
        |c| {
            [
                id(NodeKind::User, c.creator_id),
                c.username,
                c.enrolments.to_string(),
                currency.clone(),
                c.gross_cents.to_string(),
                c.refunds.to_string(),
                c.refunded_cents.to_string(),
                c.net_cents.to_string(),
                c.points.to_string(),
                c.new_followers.to_string(),
            ]
        },
    )
}

/// `rewardMetrics.csv`.
pub(super) async fn reward_metrics(
    params: &Params,
    state: &WebState,
    out: &mut Out,
) -> ApiResult<()> {
    let db = &state.app.db;
    let range = params.range(state, Granularity::Day)?;
    if params.table(&["points", "topEarners"])? == "points" {
        let points = rewards::per_rule(db, &range).await?;
        table(
            out,
            ["date", "rule", "issued", "reversed", "net", "entries"],
            points,
            |p| {
                [
                    p.date.to_string(),
                    p.rule,
                    p.issued.to_string(),
                    p.reversed.to_string(),
                    p.net.to_string(),
                    p.entries.to_string(),
                ]
            },
        )
    } else {
        let first = match params.get("first") {
            None => rewards::DEFAULT_EARNERS,
            Some(raw) => raw
                .parse()
                .map_err(|_| ApiError::bad_input("first", "a whole number"))?,
        };
        let earners = rewards::top_earners(db, &range, first).await?;
        table(out, ["user_id", "username", "points"], earners, |e| {
            [
                id(NodeKind::User, e.user_id),
                e.username,
                e.points.to_string(),
            ]
        })
    }
}

/// `recommendationMetrics.csv`.
pub(super) async fn recommendation_metrics(
    params: &Params,
    state: &WebState,
    out: &mut Out,
) -> ApiResult<()> {
    let db = &state.app.db;
    let range = params.range(state, Granularity::Day)?;
    let rows: Vec<(String, Counts)> = if params.table(&["points", "totals"])? == "points" {
        recommendations::series(db, &range)
            .await?
            .into_iter()
            .map(|p| (p.date.to_string(), p.counts))
            .collect()
    } else {
        recommendations::totals(db, &range)
            .await?
            .into_iter()
            .map(|c| (String::new(), c))
            .collect()
    };
    table(
        out,
        [
            "date",
            "model_id",
            "variant",
            "impressions",
            "clicks",
            "ctr",
        ],
        rows,
        |(date, c)| {
            [
                date,
                c.model_id
                    .map(|m| model_id(m).to_string())
                    .unwrap_or_default(),
                c.variant.clone(),
                c.impressions.to_string(),
                c.clicks.to_string(),
                c.ctr().to_string(),
            ]
        },
    )
}
