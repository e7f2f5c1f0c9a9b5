//! `ModelKind::Auto`: the model the product trains. It chooses an EASE
//! variant (λ, session windows) on an inner validation split of the
//! training data only, then refits the winner on all of it.
//!
//! Search: the data is split again per user (`validation_ratio`, seed
//! derived from the config seed); every candidate is fitted on the inner
//! part restricted to the `validation_items` most popular items (the n³
//! inverse is then ~45× cheaper than the full one at ML-latest-small's size,
//! and the ranking of candidates is the same as with every item, see
//! BENCHMARKS.md) and scored by NDCG@10 on the held-out part. λ is expressed
//! relative to the mean diagonal of the plain Gram matrix, so a value chosen
//! on the inner split (less data) carries over to the full fit and to data
//! with other confidence scales. Window candidates are only tried when the
//! interactions carry timestamps.
//!
//! Blend: with item text, the winner is then blended with the content model
//! and popularity, weights chosen on the same split by the hybrid's grid
//! ([`super::hybrid`]); the weights (1, 0, 0) are on the grid, so the blend
//! is kept only if it beats EASE alone. The content model depends on the
//! item text only, so it is fitted once for both the inner and the full fit.
//!
//! Fallbacks, never a panic: no interactions → popularity; a catalogue too
//! large for EASE ([`ease::EASE_AUTO_MAX_ITEMS`]) → ALS; no usable validation
//! users (tiny data) → the first candidate, without a validation score.

use std::collections::HashSet;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::data::Interactions;
use super::ease::{self, EaseModel, EaseParams};
use super::hybrid::{HybridModel, SPLIT_SEED_MIX, choose_weights};
use super::metrics::user_metrics;
use super::popularity::PopularityModel;
use super::split::stratified_split;
use super::tfidf::ContentModel;
use super::{
    Explanation, Model, ModelKind, Scorer, TrainConfig, TrainingData, UserQuery, als, top_k,
};

/// Search space and validation settings of [`ModelKind::Auto`](super::ModelKind::Auto).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoParams {
    /// Share of each user's training interactions kept for the inner fit.
    pub validation_ratio: f64,
    /// At most this many validation users (seeded sample).
    pub max_validation_users: usize,
    /// Inner fits model at most this many (most popular) items.
    pub validation_items: usize,
    /// λ candidates, as multiples of the mean diagonal of XᵀX.
    pub lambda_scales: Vec<f32>,
    /// Window candidates `(length, weight)`; `(0, 0.0)` is plain EASE.
    pub windows: Vec<(usize, f32)>,
    /// Try blending the winner with content and popularity (needs item text).
    pub blend: bool,
}

impl Default for AutoParams {
    fn default() -> Self {
        Self {
            validation_ratio: 0.8,
            max_validation_users: 2_000,
            validation_items: 1_200,
            lambda_scales: vec![20.0, 10.0],
            windows: vec![(0, 0.0), (3, 1.0), (5, 0.5)],
            blend: true,
        }
    }
}

/// One candidate's validation result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Human-readable description, e.g. `ease λ=20·diag window=3 μ=1`.
    pub label: String,
    /// NDCG@10 on the inner validation split.
    pub validation_ndcg: f64,
}

/// What Auto chose and why (shown by the product).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// The chosen candidate, or the fallback rule that applied.
    pub chosen: String,
    /// Its validation NDCG@10 (`None` when no validation was possible).
    pub validation_ndcg: Option<f64>,
    /// Every candidate tried, in search order.
    pub candidates: Vec<Candidate>,
}

/// The chosen model, refitted on all training data, and the selection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AutoModel {
    /// The model in use.
    pub model: Box<Model>,
    /// How it was chosen.
    pub selection: Selection,
}

/// One point of the search space.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Variant {
    lambda_scale: f32,
    window: usize,
    window_weight: f32,
}

impl Variant {
    fn label(&self) -> String {
        let mut s = format!("ease λ={}·diag", self.lambda_scale);
        if self.window >= 2 {
            s += &format!(" window={} μ={}", self.window, self.window_weight);
        }
        s
    }

    fn params(&self, base: &EaseParams, mean_diag: f32) -> EaseParams {
        EaseParams {
            lambda: (self.lambda_scale * mean_diag).max(1e-3),
            window: self.window,
            window_weight: self.window_weight,
            ..base.clone()
        }
    }
}

/// Mean of diag(XᵀX) over the items EASE would model (uncapped), 1 if none.
fn mean_diagonal(x: &Interactions, base: &EaseParams) -> f32 {
    let uncapped = EaseParams {
        max_items: usize::MAX,
        ..base.clone()
    };
    let items = ease::eligible_items(x, &uncapped);
    if items.is_empty() {
        return 1.0;
    }
    let mut diag = vec![0f64; x.n_items()];
    for it in x.iter() {
        diag[it.item as usize] += (it.weight as f64).powi(2);
    }
    let sum: f64 = items.iter().map(|&i| diag[i as usize]).sum();
    (sum / items.len() as f64) as f32
}

/// Mean NDCG@10 of `model` over `users`, history from `inner`, targets from `valid`.
fn validation_ndcg(
    model: &impl Scorer,
    inner: &Interactions,
    valid: &Interactions,
    users: &[usize],
) -> f64 {
    let mut buf = vec![0f32; model.n_items()];
    // A mask, not a HashSet: it is probed for every item of every user.
    let mut seen = vec![false; model.n_items()];
    let mut total = 0.0;
    for &u in users {
        let history = inner.history(u);
        for h in &history {
            seen[h.0 as usize] = true;
        }
        model.score(
            &UserQuery {
                user: Some(u),
                history: &history,
            },
            &mut buf,
        );
        let ranked: Vec<u32> = top_k(&buf, 10, |i| seen[i as usize])
            .into_iter()
            .map(|x| x.0)
            .collect();
        for h in &history {
            seen[h.0 as usize] = false;
        }
        let relevant: HashSet<u32> = valid.row(u).0.iter().copied().collect();
        total += user_metrics(&ranked, &relevant, 10).ndcg;
    }
    total / users.len().max(1) as f64
}

impl AutoModel {
    /// Chooses and fits; deterministic for a given `config.seed`.
    pub fn fit(data: &TrainingData, config: &TrainConfig) -> anyhow::Result<Self> {
        let x = &data.interactions;
        let p = &config.auto;
        let fallback = |model: Model, why: String| Self {
            model: Box::new(model),
            selection: Selection {
                chosen: why,
                validation_ndcg: None,
                candidates: Vec::new(),
            },
        };
        if x.nnz() == 0 {
            let m = PopularityModel::fit(x, &config.popularity);
            return Ok(fallback(
                Model::Popular(m),
                "popular (no interactions)".into(),
            ));
        }
        let mut base = config.ease.clone();
        let uncapped = EaseParams {
            max_items: usize::MAX,
            ..base.clone()
        };
        let eligible = ease::eligible_items(x, &uncapped).len();
        if eligible > ease::EASE_AUTO_MAX_ITEMS.min(base.max_items) {
            let m = als::AlsModel::fit(x, &config.als, config.seed);
            let why = format!("als ({eligible} items: too many for EASE)");
            return Ok(fallback(Model::Als(m), why));
        }
        if eligible < 2 {
            // Tiny catalogue: model every item rather than none.
            base.min_item_count = 1;
        }

        let timed = super::gram::has_time_order(x);
        let variants: Vec<Variant> = p
            .windows
            .iter()
            .filter(|(w, mu)| *w < 2 || *mu <= 0.0 || timed)
            .flat_map(|&(window, window_weight)| {
                p.lambda_scales.iter().map(move |&lambda_scale| Variant {
                    lambda_scale,
                    window,
                    window_weight,
                })
            })
            .collect();
        anyhow::ensure!(!variants.is_empty(), "auto: no candidates configured");

        let (inner, valid) = stratified_split(x, p.validation_ratio, config.seed ^ SPLIT_SEED_MIX);
        let mut users: Vec<usize> = (0..valid.n_users())
            .filter(|&u| !valid.row(u).0.is_empty() && !inner.row(u).0.is_empty())
            .collect();
        users.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(config.seed));
        users.truncate(p.max_validation_users);
        users.sort_unstable();

        let mut candidates = Vec::new();
        let mut best: Option<(f64, Variant)> = None;
        let mut best_inner: Option<EaseModel> = None;
        if !users.is_empty() {
            let inner_diag = mean_diagonal(&inner, &base);
            let inner_base = EaseParams {
                max_items: base.max_items.min(p.validation_items.max(1)),
                ..base.clone()
            };
            for v in &variants {
                let m = EaseModel::fit(&inner, &v.params(&inner_base, inner_diag))?;
                let ndcg = validation_ndcg(&m, &inner, &valid, &users);
                candidates.push(Candidate {
                    label: v.label(),
                    validation_ndcg: ndcg,
                });
                if best.is_none_or(|(b, _)| ndcg > b) {
                    best = Some((ndcg, *v));
                    best_inner = Some(m);
                }
            }
        }
        let (validation_ndcg, chosen) = match best {
            Some((ndcg, v)) => (Some(ndcg), v),
            None => (None, variants[0]),
        };
        let blend = match (&data.item_text, validation_ndcg, best_inner) {
            (Some(text), Some(ease_ndcg), Some(inner_model)) if p.blend => {
                blend_weights(data, config, text, inner_model)?
                    .filter(|(_, _, ndcg)| *ndcg > ease_ndcg)
            }
            _ => None,
        };
        let ease_model = EaseModel::fit(x, &chosen.params(&base, mean_diagonal(x, &base)))?;
        let Some((content, weights, ndcg)) = blend else {
            return Ok(Self {
                model: Box::new(Model::Ease(ease_model)),
                selection: Selection {
                    chosen: chosen.label(),
                    validation_ndcg,
                    candidates,
                },
            });
        };
        let label = format!(
            "{} + tfidf + popular, weights {:.1}/{:.1}/{:.1}",
            chosen.label(),
            weights[0],
            weights[1],
            weights[2]
        );
        candidates.push(Candidate {
            label: label.clone(),
            validation_ndcg: ndcg,
        });
        let hybrid = HybridModel {
            components: vec![
                Model::Ease(ease_model),
                Model::Tfidf(content),
                Model::Popular(PopularityModel::fit(x, &config.popularity)),
            ],
            weights,
            validation_ndcg: Some(ndcg),
        };
        Ok(Self {
            model: Box::new(Model::Hybrid(hybrid)),
            selection: Selection {
                chosen: label,
                validation_ndcg: Some(ndcg),
                candidates,
            },
        })
    }
}

/// Blend weights (EASE variant, content, popularity) on the Auto split, with
/// the content model (fitted once) and the winner's inner fit (the hybrid's
/// split is the same split); `None` if the text yields no content model.
fn blend_weights(
    data: &TrainingData,
    config: &TrainConfig,
    text: &[super::ItemText],
    inner_model: EaseModel,
) -> anyhow::Result<Option<(ContentModel, Vec<f32>, f64)>> {
    let Ok(content) = ContentModel::fit(text, &config.tfidf) else {
        return Ok(None);
    };
    let p = &config.auto;
    let mut split_config = config.clone();
    split_config.hybrid.validation_ratio = p.validation_ratio;
    split_config.hybrid.max_validation_users = p.max_validation_users;
    let inner_model = Model::Ease(inner_model);
    let fit_one = |d: &TrainingData, c: &TrainConfig, kind| -> anyhow::Result<Model> {
        Ok(match kind {
            ModelKind::Ease => inner_model.clone(),
            ModelKind::Tfidf => Model::Tfidf(content.clone()),
            _ => Model::Popular(PopularityModel::fit(&d.interactions, &c.popularity)),
        })
    };
    let kinds = [ModelKind::Ease, ModelKind::Tfidf, ModelKind::Popular];
    let (weights, ndcg) = choose_weights(data, &split_config, &kinds, &fit_one)?;
    Ok(Some((content, weights, ndcg)))
}

impl Scorer for AutoModel {
    fn n_items(&self) -> usize {
        self.model.n_items()
    }
    fn score(&self, query: &UserQuery<'_>, out: &mut [f32]) {
        self.model.score(query, out)
    }
    fn score_items(&self, query: &UserQuery<'_>, items: &[u32], out: &mut [f32]) {
        self.model.score_items(query, items, out)
    }
    fn explain(&self, query: &UserQuery<'_>, item: u32) -> Explanation {
        self.model.explain(query, item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::data::Interaction;
    use crate::recommend::{ModelKind, train_model};

    /// Two taste groups; within each, users take items in a fixed order, so
    /// consecutive items co-occur in time.
    fn grouped(users: u32, with_time: bool) -> TrainingData {
        let mut list = Vec::new();
        for u in 0..users {
            let base = if u % 2 == 0 { 0 } else { 10 };
            for k in 0..10u32 {
                if (u + k) % 4 != 0 {
                    list.push(Interaction {
                        user: u,
                        item: base + (k + u) % 10,
                        weight: 1.0 + (k % 5) as f32,
                        timestamp: if with_time { (1000 * u + k) as i64 } else { 0 },
                    });
                }
            }
        }
        TrainingData {
            interactions: Interactions::from_interactions(users as usize, 20, list).unwrap(),
            user_ids: (0..users).map(|u| format!("u{u}")).collect(),
            item_ids: (0..20).map(|i| format!("c{i}")).collect(),
            item_text: None,
        }
    }

    #[test]
    fn chooses_deterministically_on_validation() {
        let data = grouped(40, true);
        let config = TrainConfig::default();
        let a = AutoModel::fit(&data, &config).unwrap();
        let b = AutoModel::fit(&data, &config).unwrap();
        assert_eq!(a.selection, b.selection);
        // Two λ × three window settings, all scored.
        assert_eq!(a.selection.candidates.len(), 6);
        let best = a
            .selection
            .candidates
            .iter()
            .map(|c| c.validation_ndcg)
            .fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(a.selection.validation_ndcg, Some(best));
        assert!(best > 0.0);
        let chosen = a
            .selection
            .candidates
            .iter()
            .find(|c| c.validation_ndcg == best)
            .unwrap();
        assert_eq!(chosen.label, a.selection.chosen, "first best wins ties");
        assert_eq!(a.model.kind(), ModelKind::Ease);
        // Through the public entry point: same choice, shown on the model.
        let m = train_model(
            &data,
            &TrainConfig {
                kind: ModelKind::Auto,
                ..config
            },
        )
        .unwrap();
        assert_eq!(m.selection(), Some(&a.selection));
    }

    #[test]
    fn with_text_a_blend_is_kept_only_if_it_beats_ease() {
        let mut data = grouped(40, true);
        data.item_text = Some(
            (0..20)
                .map(|i| super::super::ItemText {
                    text: format!("course {}", if i < 10 { "rust" } else { "go" }),
                    tags: vec![],
                })
                .collect(),
        );
        let a = AutoModel::fit(&data, &TrainConfig::default()).unwrap();
        let c = &a.selection.candidates;
        let best_ease = c[..6]
            .iter()
            .map(|c| c.validation_ndcg)
            .fold(f64::NEG_INFINITY, f64::max);
        match a.model.as_ref() {
            Model::Hybrid(h) => {
                assert_eq!(c.len(), 7);
                assert!(c[6].validation_ndcg > best_ease);
                assert_eq!(a.selection.validation_ndcg, Some(c[6].validation_ndcg));
                assert_eq!(h.components.len(), 3);
            }
            m => {
                assert_eq!(m.kind(), ModelKind::Ease);
                assert_eq!(a.selection.validation_ndcg, Some(best_ease));
            }
        }
    }

    #[test]
    fn without_timestamps_windows_are_not_candidates() {
        let a = AutoModel::fit(&grouped(40, false), &TrainConfig::default()).unwrap();
        assert_eq!(a.selection.candidates.len(), 2);
        assert!(
            a.selection
                .candidates
                .iter()
                .all(|c| !c.label.contains("window"))
        );
    }

    #[test]
    fn tiny_and_empty_data_do_not_panic() {
        let rows = [("u1", "c1"), ("u1", "t7"), ("u2", "c1"), ("u3", "t7")];
        let data =
            TrainingData::from_rows(rows.iter().map(|&(u, i)| (u, i, 3.0, 0)), None).unwrap();
        let a = AutoModel::fit(&data, &TrainConfig::default()).unwrap();
        let mut s = vec![0.0; 2];
        a.score(
            &UserQuery {
                user: None,
                history: &[(0, 1.0)],
            },
            &mut s,
        );
        assert!(s.iter().all(|v| v.is_finite()));

        let one = TrainingData::from_rows([("u1", "c1", 5.0, 0)], None).unwrap();
        let a = AutoModel::fit(&one, &TrainConfig::default()).unwrap();
        assert_eq!(a.selection.validation_ndcg, None);

        let empty = TrainingData {
            interactions: Interactions::empty(0, 0),
            user_ids: vec![],
            item_ids: vec![],
            item_text: None,
        };
        let a = AutoModel::fit(&empty, &TrainConfig::default()).unwrap();
        assert_eq!(a.model.kind(), ModelKind::Popular);
    }
}
