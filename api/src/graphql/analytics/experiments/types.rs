//! The experiments' API types: the experiment, the viewer's assignment
//! and the results, over `services::analytics::experiments`.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::{
    accounts::types::User,
    accounts::types::load_user,
    ids::{self, NodeKind},
};
use crate::services::analytics::{
    experiments::{self, Status, VariantSpec, results},
    stats,
};

/// Where an experiment is in its life.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ExperimentStatus {
    /// Defined; assigns nobody until started.
    Draft,
    /// Assigns members and records their exposures.
    Running,
    /// Over: assigns nobody; conversions count until `stoppedAt`.
    Stopped,
}

impl From<Status> for ExperimentStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Draft => ExperimentStatus::Draft,
            Status::Running => ExperimentStatus::Running,
            Status::Stopped => ExperimentStatus::Stopped,
        }
    }
}

impl From<ExperimentStatus> for Status {
    fn from(status: ExperimentStatus) -> Self {
        match status {
            ExperimentStatus::Draft => Status::Draft,
            ExperimentStatus::Running => Status::Running,
            ExperimentStatus::Stopped => Status::Stopped,
        }
    }
}

/// A variant to create.
#[derive(InputObject)]
pub struct ExperimentVariantInput {
    /// 1 to 32 letters, digits, `-` or `_`; distinct within the experiment
    /// (ignoring case).
    pub name: String,
    /// A positive number; the variant's share of members is its weight
    /// divided by the sum of the weights.
    pub weight: f64,
}

/// A new experiment (a draft until started).
#[derive(InputObject)]
pub struct CreateExperimentInput {
    /// Unique; 1 to 64 lowercase letters, digits, `-`, `_` or `.`, starting
    /// with a letter or digit. Clients ask for their variant with it.
    pub key: String,
    /// What is tried, for the operators (at most 2,000 characters).
    pub description: Option<String>,
    /// 2 to 10 variants; the first is the control the others are compared
    /// with. Fixed once created.
    pub variants: Vec<ExperimentVariantInput>,
    /// The event kind that counts as a conversion (e.g. `ENROL`,
    /// `RECOMMENDATION_CLICK`).
    pub metric: String,
}

impl From<CreateExperimentInput> for experiments::NewExperiment {
    fn from(input: CreateExperimentInput) -> Self {
        Self {
            key: input.key,
            description: input.description,
            variants: input
                .variants
                .into_iter()
                .map(|v| VariantSpec {
                    name: v.name,
                    weight: v.weight,
                })
                .collect(),
            metric: input.metric,
        }
    }
}

/// A variant of an experiment.
#[derive(SimpleObject)]
pub struct ExperimentVariant {
    /// Its name, unique within the experiment.
    pub name: String,
    /// Its weight as created.
    pub weight: f64,
    /// Its share of members: weight / sum of the weights (0..1).
    pub share: f64,
}

fn variants_of(experiment: &experiments::Experiment) -> Vec<ExperimentVariant> {
    let total: f64 = experiment.weights().iter().sum();
    experiment
        .variants
        .iter()
        .map(|v| ExperimentVariant {
            name: v.name.clone(),
            weight: v.weight,
            share: v.weight / total,
        })
        .collect()
}

/// An experiment as the API shows it (described on its `#[Object]`).
pub struct Experiment(pub experiments::Experiment);

/// An A/B experiment: members are split between its variants by a stable
/// hash of (key, member) over the variants' cumulative weights, and each
/// member's variant is stored the first time they are shown it.
#[Object]
impl Experiment {
    /// Opaque global ID.
    async fn id(&self) -> ID {
        ids::encode(NodeKind::Experiment, self.0.row.id)
    }

    /// Unique and never changed: clients ask for their variant with it.
    async fn key(&self) -> &str {
        &self.0.row.key
    }

    /// What is tried, for the operators.
    async fn description(&self) -> Option<&str> {
        self.0.row.description.as_deref()
    }

    /// Where it is in its life.
    async fn status(&self) -> ExperimentStatus {
        self.0.status.into()
    }

    /// The variants in their defined order; the first is the control.
    async fn variants(&self) -> Vec<ExperimentVariant> {
        variants_of(&self.0)
    }

    /// The event kind that counts as a conversion.
    async fn metric(&self) -> &str {
        self.0.metric.as_str()
    }

    /// The administrator who created it (for a recommender comparison, who
    /// started the comparison); null when a tool made it.
    async fn created_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        match self.0.row.created_by {
            Some(id) => load_user(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// When it was defined.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.row.created_at
    }

    /// When it started running (null while a draft).
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.row.started_at
    }

    /// When it stopped (null until then).
    async fn stopped_at(&self) -> Option<DateTime<Utc>> {
        self.0.row.stopped_at
    }
}

/// The viewer's variant in an experiment.
#[derive(SimpleObject)]
pub struct ExperimentAssignment {
    /// The experiment's key.
    pub key: String,
    /// The variant's name; it never changes once stored.
    pub variant: String,
    /// When the viewer was first shown the experiment (their exposure).
    pub exposed_at: DateTime<Utc>,
}

/// A variant compared with the control (the first variant). Rates are
/// `p_c` (control) and `p_v` (this variant), users `n_c` and `n_v`.
#[derive(SimpleObject)]
pub struct ExperimentComparison {
    /// Absolute uplift: `p_v − p_c`.
    pub uplift: f64,
    /// Relative uplift: `(p_v − p_c) / p_c`; null when the control's rate is 0.
    pub relative_uplift: Option<f64>,
    /// Lower end of the 95 % confidence interval of the uplift (unpooled
    /// Wald: `uplift ± 1.959964 · √(p_c(1−p_c)/n_c + p_v(1−p_v)/n_v)`).
    pub confidence_low: f64,
    /// Upper end of the 95 % confidence interval of the uplift.
    pub confidence_high: f64,
    /// Two-proportion z statistic with the pooled rate `p`:
    /// `uplift / √(p(1−p)(1/n_c + 1/n_v))`; null when nobody or everybody
    /// converted.
    pub z: Option<f64>,
    /// Two-sided p-value of `z`: `2·(1 − Φ(|z|))`.
    pub p_value: Option<f64>,
}

impl From<stats::Comparison> for ExperimentComparison {
    fn from(c: stats::Comparison) -> Self {
        Self {
            uplift: c.uplift,
            relative_uplift: c.relative_uplift,
            confidence_low: c.ci_low,
            confidence_high: c.ci_high,
            z: c.z,
            p_value: c.p_value,
        }
    }
}

/// One variant's numbers.
#[derive(SimpleObject)]
pub struct ExperimentVariantResult {
    /// The variant's name.
    pub name: String,
    /// Its share of members by the weights (0..1).
    pub expected_share: f64,
    /// Members exposed to it.
    pub users: i64,
    /// Exposed members with at least one event of the metric kind at or
    /// after their exposure (and before `stoppedAt` once stopped).
    pub conversions: i64,
    /// `conversions / users` (0 without users).
    pub rate: f64,
    /// Against the control; null for the control itself and while either
    /// has no users.
    pub versus_control: Option<ExperimentComparison>,
}

/// Results as the API shows them (described on their `#[Object]`).
pub struct ExperimentResults(pub results::Results);

/// An experiment's results, computed from its exposures and the recorded
/// events when asked.
#[Object]
impl ExperimentResults {
    /// The experiment measured.
    async fn experiment(&self) -> Experiment {
        Experiment(self.0.experiment.clone())
    }

    /// Members exposed, all variants together.
    async fn users(&self) -> i64 {
        self.0.users() as i64
    }

    /// Per variant, in the defined order (the first is the control).
    async fn variants(&self) -> Vec<ExperimentVariantResult> {
        self.0
            .variants
            .iter()
            .map(|v| ExperimentVariantResult {
                name: v.variant.name.clone(),
                expected_share: v.expected_share,
                users: v.counts.users as i64,
                conversions: v.counts.conversions as i64,
                rate: v.counts.rate(),
                versus_control: v.versus_control.map(Into::into),
            })
            .collect()
    }

    /// Pearson's chi-square of the exposures against the weights,
    /// `Σ (o_i − e_i)² / e_i` with `e_i = users · share_i`; null before
    /// anyone was exposed.
    async fn sample_ratio_chi_square(&self) -> Option<f64> {
        self.0.sample_ratio.map(|s| s.chi_square)
    }

    /// Its p-value (chi-square distribution with variants − 1 degrees of
    /// freedom); null before anyone was exposed.
    async fn sample_ratio_p_value(&self) -> Option<f64> {
        self.0.sample_ratio.map(|s| s.p_value)
    }

    /// Degrees of freedom of the sample-ratio test: variants − 1.
    async fn sample_ratio_degrees_of_freedom(&self) -> i32 {
        self.0.experiment.variants.len() as i32 - 1
    }

    /// Warning: the split of exposures is not what the weights say
    /// (sample-ratio p-value below 0.001), so the comparison is suspect —
    /// look for a bug in assignment or exposure recording first.
    async fn sample_ratio_mismatch(&self) -> bool {
        self.0.sample_ratio.is_some_and(|s| s.mismatch)
    }
}
