//! The recommender's online model comparison runs as an experiment:
//! `compareRecommenderModels` creates (or reuses) and starts the
//! experiment of its key, with variants CONTROL (weight 1 − share) and
//! CHALLENGER (share) and the metric RECOMMENDATION_CLICK. Serving picks a
//! viewer's arm with the experiments' own [`assign`] over the same
//! weights, so the served arm and the experiment's variant always agree;
//! the impressions writer records the exposures off the request path.
//! An activation that ends the comparison stops the experiment.

use chrono::{DateTime, Utc};

use super::{
    Experiment, NewExperiment, Status, VariantSpec, assign, check_key, create, find_opt, start,
    stop,
};
use crate::error::{ApiError, ApiResult};
use crate::services::Db;
use crate::services::analytics::EventKind;

/// The variant served the active model.
pub const CONTROL: &str = "CONTROL";
/// The variant served the challenger.
pub const CHALLENGER: &str = "CHALLENGER";

/// The arms' weights for a challenger's share: `[CONTROL, CHALLENGER]`.
pub fn weights(challenger_share: f64) -> [f64; 2] {
    [1.0 - challenger_share, challenger_share]
}

/// Whether a member is in the challenger's arm of the comparison `key`.
pub fn is_challenger(key: &str, user_id: i64, challenger_share: f64) -> bool {
    assign(key, user_id, &weights(challenger_share)) == 1
}

/// The running experiment of a comparison: created and started when the
/// key is new, started when it is a draft, kept when it runs already.
/// BAD_USER_INPUT when the key is malformed or its experiment's variants
/// are not CONTROL and CHALLENGER in these proportions (its members would
/// not match the served arms); CONFLICT when it was stopped (use a new key).
#[tracing::instrument(skip_all, fields(key))]
pub async fn ensure_running(
    db: &impl Db,
    key: &str,
    challenger_share: f64,
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> ApiResult<Experiment> {
    let key = check_key("experimentKey", key)?;
    let [control, challenger] = weights(challenger_share);
    let experiment = match find_opt(db, &key).await? {
        Some(existing) => existing,
        None => {
            let input = NewExperiment {
                key: key.clone(),
                description: Some(
                    "The recommender's model comparison (compareRecommenderModels).".into(),
                ),
                variants: vec![
                    VariantSpec {
                        name: CONTROL.into(),
                        weight: control,
                    },
                    VariantSpec {
                        name: CHALLENGER.into(),
                        weight: challenger,
                    },
                ],
                metric: EventKind::RecommendationClick.as_str().into(),
            };
            create(db, created_by, input, now).await?
        }
    };
    let names: Vec<&str> = experiment
        .variants
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    let total: f64 = experiment.weights().iter().sum();
    let share = experiment.variants.get(1).map_or(0.0, |v| v.weight / total);
    if names != [CONTROL, CHALLENGER] || (share - challenger_share).abs() > 1e-9 {
        return Err(ApiError::bad_input(
            "experimentKey",
            format!(
                "experiment {key:?} exists with other variants: a comparison needs \
                 {CONTROL} and {CHALLENGER} with the challenger's share; use a new key"
            ),
        ));
    }
    match experiment.status {
        Status::Running => Ok(experiment),
        Status::Draft => start(db, &key, now).await,
        Status::Stopped => Err(ApiError::conflict(
            "experimentKey",
            format!("experiment {key:?} was stopped; compare under a new key"),
        )),
    }
}

/// Stops a comparison's experiment that a new activation ended; nothing
/// when it is not running (stopped by hand, or never created).
pub async fn end(db: &impl Db, key: &str, now: DateTime<Utc>) -> ApiResult<()> {
    let Ok(key) = check_key("experimentKey", key) else {
        return Ok(());
    };
    match find_opt(db, &key).await? {
        Some(experiment) if experiment.status == Status::Running => {
            match stop(db, &key, now).await {
                // Stopped concurrently: the same outcome.
                Ok(_) | Err(ApiError::Conflict { .. }) => Ok(()),
                Err(err) => Err(err),
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::recommendations::active::bucket;

    #[test]
    fn the_challenger_gets_its_share_from_the_top_of_the_range() {
        let key = "ease-vs-als";
        let mut challengers = 0;
        for user in 0..10_000 {
            let expected = bucket(key, user) >= 0.7;
            assert_eq!(is_challenger(key, user, 0.3), expected, "user {user}");
            challengers += usize::from(expected);
        }
        assert!((2_800..3_200).contains(&challengers), "{challengers}");
    }
}
