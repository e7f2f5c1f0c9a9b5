//! An experiment's results. Per variant: `users` are the members exposed
//! to it; `conversions` those of them with at least one event of the
//! experiment's metric kind at or after their exposure (and before the
//! experiment stopped, once it has); `rate` = conversions / users. Every
//! variant after the first is compared with the first (the control), and
//! the exposures are checked against the weights (sample-ratio mismatch):
//! the formulas are in [`crate::services::analytics::stats`].

use std::collections::HashMap;

use sea_orm::{Statement, Value};

use super::{Experiment, VariantSpec, find};
use crate::error::ApiResult;
use crate::services::Db;
use crate::services::analytics::stats::{self, Comparison, Proportion, SampleRatio};
use crate::services::search::query::placeholders;

/// One variant's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantResult {
    pub variant: VariantSpec,
    /// Its share of members by the weights: weight / sum of weights.
    pub expected_share: f64,
    pub counts: Proportion,
    /// Against the control; None for the control itself and while either
    /// has no members.
    pub versus_control: Option<Comparison>,
}

/// An experiment's results, variants in their defined order.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub experiment: Experiment,
    pub variants: Vec<VariantResult>,
    /// None before anyone was exposed.
    pub sample_ratio: Option<SampleRatio>,
}

impl Results {
    /// Members exposed, all variants together.
    pub fn users(&self) -> u64 {
        self.variants.iter().map(|v| v.counts.users).sum()
    }
}

/// Counts exposures and conversions per variant in one grouped statement:
/// per exposure, one lookup on the events' (user, time) index.
#[tracing::instrument(skip_all, fields(key))]
pub async fn results(db: &impl Db, key: &str) -> ApiResult<Results> {
    let experiment = find(db, key).await?;
    let mut sql = String::from(
        "SELECT x.variant AS variant, COUNT(*) AS users, \
           SUM(CASE WHEN EXISTS (SELECT 1 FROM events e \
             WHERE e.user_id = x.user_id AND e.kind = ? AND e.occurred_at >= x.exposed_at",
    );
    let mut values: Vec<Value> = vec![experiment.metric.as_str().into()];
    if let Some(stopped_at) = experiment.row.stopped_at {
        sql.push_str(" AND e.occurred_at < ?");
        values.push(stopped_at.into());
    }
    sql.push_str(
        ") THEN 1 ELSE 0 END) AS conversions \
         FROM experiment_exposures x WHERE x.experiment_id = ? GROUP BY x.variant",
    );
    values.push(experiment.row.id.into());
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, &sql),
            values,
        ))
        .await?;
    let mut counts = HashMap::with_capacity(rows.len());
    for row in rows {
        let variant: String = row.try_get("", "variant")?;
        let users: i64 = row.try_get("", "users")?;
        let conversions: i64 = row.try_get("", "conversions")?;
        counts.insert(
            variant,
            Proportion::new(users.max(0) as u64, conversions.max(0) as u64),
        );
    }
    Ok(assemble(experiment, &counts))
}

/// The results of counted variants (a variant nobody saw counts zero).
pub fn assemble(experiment: Experiment, counts: &HashMap<String, Proportion>) -> Results {
    let total_weight: f64 = experiment.variants.iter().map(|v| v.weight).sum();
    let observed: Vec<Proportion> = experiment
        .variants
        .iter()
        .map(|v| counts.get(&v.name).copied().unwrap_or_default())
        .collect();
    let control = observed[0];
    let variants = experiment
        .variants
        .iter()
        .zip(&observed)
        .enumerate()
        .map(|(index, (variant, &counts))| VariantResult {
            variant: variant.clone(),
            expected_share: variant.weight / total_weight,
            counts,
            versus_control: (index > 0)
                .then(|| stats::compare(control, counts))
                .flatten(),
        })
        .collect();
    let users: Vec<u64> = observed.iter().map(|p| p.users).collect();
    let sample_ratio = stats::sample_ratio(&users, &experiment.weights());
    Results {
        experiment,
        variants,
        sample_ratio,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::analytics::EventKind;
    use crate::services::analytics::experiments::Status;

    fn experiment(variants: &[(&str, f64)]) -> Experiment {
        let variants: Vec<VariantSpec> = variants
            .iter()
            .map(|&(name, weight)| VariantSpec {
                name: name.into(),
                weight,
            })
            .collect();
        Experiment {
            row: entity::experiments::Model {
                id: 1,
                key: "exp".into(),
                description: None,
                variants: serde_json::to_string(&variants).unwrap(),
                metric: "ENROL".into(),
                status: "RUNNING".into(),
                created_by: None,
                created_at: chrono::Utc::now(),
                started_at: None,
                stopped_at: None,
            },
            status: Status::Running,
            variants,
            metric: EventKind::Enrol,
        }
    }

    #[test]
    fn variants_in_order_against_the_first() {
        let counts = HashMap::from([
            ("B".to_owned(), Proportion::new(1000, 130)),
            ("A".to_owned(), Proportion::new(1000, 100)),
        ]);
        let results = assemble(experiment(&[("A", 1.0), ("B", 1.0), ("C", 2.0)]), &counts);
        let names: Vec<_> = results
            .variants
            .iter()
            .map(|v| v.variant.name.as_str())
            .collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert_eq!(results.users(), 2000);
        assert_eq!(results.variants[0].versus_control, None);
        assert_eq!(results.variants[2].counts, Proportion::default());
        assert_eq!(results.variants[2].versus_control, None, "C has nobody");
        assert!((results.variants[2].expected_share - 0.5).abs() < 1e-12);
        let b = results.variants[1].versus_control.unwrap();
        assert!((b.uplift - 0.03).abs() < 1e-12);
        // 1000/1000/0 against 1:1:2 is badly skewed.
        let srm = results.sample_ratio.unwrap();
        assert_eq!(srm.degrees_of_freedom, 2);
        assert!(srm.mismatch);
        let nobody = assemble(experiment(&[("A", 1.0), ("B", 1.0)]), &HashMap::new());
        assert_eq!((nobody.users(), nobody.sample_ratio), (0, None));
    }
}
