//! Community health and content quality.

use sea_orm::ActiveEnum;

use super::{Out, Params, header, id, record, table};
use crate::{
    error::ApiResult,
    graphql::ids::NodeKind,
    services::{
        analytics::metrics::{Granularity, community, quality},
        pagination::{MAX_PAGE_SIZE, PageRequest},
    },
    web::WebState,
};

/// `communityHealth.csv`.
pub(super) async fn community_health(
    params: &Params,
    state: &WebState,
    out: &mut Out,
) -> ApiResult<()> {
    let db = &state.app.db;
    let range = params.range(state, Granularity::Day)?;
    if params.table(&["points", "unanswered"])? == "points" {
        let points = community::series(db, &range).await?;
        table(
            out,
            [
                "date",
                "threads",
                "threads_per_day",
                "answered",
                "share_answered",
                "median_seconds_to_first_answer",
                "featured",
                "featured_share",
            ],
            points,
            |p| {
                [
                    p.date.to_string(),
                    p.threads.to_string(),
                    p.threads_per_day.to_string(),
                    p.answered.to_string(),
                    p.share_answered.to_string(),
                    p.median_seconds_to_first_answer
                        .map(|m| m.to_string())
                        .unwrap_or_default(),
                    p.featured.to_string(),
                    p.featured_share.to_string(),
                ]
            },
        )?;
    } else {
        header(out, ["thread_id", "kind", "title", "created_at"])?;
        let mut page = PageRequest::new(Some(MAX_PAGE_SIZE as i64), None, false)?;
        loop {
            let rows = community::unanswered(db, &range, &page).await?;
            let last = rows.items.last().map(|(cursor, _)| cursor.clone());
            for (_, t) in &rows.items {
                record(
                    out,
                    [
                        id(NodeKind::Thread, t.id),
                        t.kind.to_value(),
                        t.title.clone(),
                        t.created_at.to_rfc3339(),
                    ],
                )?;
            }
            match last {
                Some(cursor) if rows.has_next_page => {
                    page = PageRequest::new(Some(MAX_PAGE_SIZE as i64), Some(&cursor), false)?;
                }
                _ => break,
            }
        }
    }
    Ok(())
}

/// `contentQuality.csv`.
pub(super) async fn content_quality(
    params: &Params,
    state: &WebState,
    out: &mut Out,
) -> ApiResult<()> {
    let db = &state.app.db;
    let range = params.ranking_range(state)?;
    if params.table(&["answers", "courses"])? == "answers" {
        let answers = quality::answers(db, &range).await?;
        table(
            out,
            ["answer_id", "upvotes", "downvotes", "wilson_lower_bound"],
            answers,
            |a| {
                [
                    id(NodeKind::Answer, a.answer_id),
                    a.upvotes.to_string(),
                    a.downvotes.to_string(),
                    a.wilson.to_string(),
                ]
            },
        )
    } else {
        let ranking = quality::courses(db, &range).await?;
        table(
            out,
            [
                "course_id",
                "ratings",
                "mean_rating",
                "bayesian_average",
                "prior_mean",
                "prior_weight",
            ],
            &ranking.courses,
            |c| {
                [
                    id(NodeKind::Course, c.course_id),
                    c.ratings.to_string(),
                    c.mean.to_string(),
                    c.bayesian.to_string(),
                    ranking.prior_mean.to_string(),
                    ranking.prior_weight.to_string(),
                ]
            },
        )
    }
}
