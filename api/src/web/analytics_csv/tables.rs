//! Each report's rows, as the GraphQL fields compute them. A report with
//! several tables picks one with `table` (the first when omitted); IDs are
//! the API's global IDs.

mod business;
mod content;
mod members;

use csv::Writer;

use super::Params;
use crate::{
    error::{ApiError, ApiResult},
    graphql::ids::{self, NodeKind},
    web::WebState,
};

type Out = Writer<Vec<u8>>;

/// Writes one record (a header or a row) of display values.
fn record<const N: usize>(out: &mut Out, values: [String; N]) -> ApiResult<()> {
    out.write_record(values).map_err(ApiError::internal)
}

fn header<const N: usize>(out: &mut Out, names: [&str; N]) -> ApiResult<()> {
    record(out, names.map(str::to_owned))
}

/// A header, then one record per row, each row's cells in the header's order.
fn table<T, const N: usize>(
    out: &mut Out,
    columns: [&str; N],
    rows: impl IntoIterator<Item = T>,
    cells: impl Fn(T) -> [String; N],
) -> ApiResult<()> {
    header(out, columns)?;
    rows.into_iter().try_for_each(|row| record(out, cells(row)))
}

fn id(kind: NodeKind, id: i64) -> String {
    ids::encode(kind, id).to_string()
}

pub(super) async fn write(
    report: &str,
    params: &Params,
    state: &WebState,
    out: &mut Out,
) -> ApiResult<()> {
    match report {
        "activityMetrics" => members::activity_metrics(params, state, out).await,
        "retentionCohorts" => members::retention_cohorts(params, state, out).await,
        "funnel" => members::funnel(params, state, out).await,
        "communityHealth" => content::community_health(params, state, out).await,
        "contentQuality" => content::content_quality(params, state, out).await,
        "creatorMetrics" => business::creator_metrics(params, state, out).await,
        "rewardMetrics" => business::reward_metrics(params, state, out).await,
        "recommendationMetrics" => business::recommendation_metrics(params, state, out).await,
        _ => Err(ApiError::NotFound("report")),
    }
}
