//! Hybrid: `score = Σ_k w_k · s_k / max(s_k over unseen items)`.
//!
//! Weights are chosen without touching any test data: the training data is
//! split again per user (`validation_ratio`, seed derived from the config
//! seed), each component is fitted on the inner part, and a grid over the
//! weight simplex (step `grid_step`) is scored by NDCG@10 on the held-out
//! part; the components are then refitted on all of the training data.
//! Candidates for the grid are the union of each component's top
//! `candidates` items per user, which keeps the search cheap; the inner EASE
//! fit models at most `validation_max_items` items (its n³ inverse is most of
//! the fit time, and the weights only need the head of each ranking).

use std::collections::HashSet;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::metrics::user_metrics;
use super::split::stratified_split;
use super::{Explanation, Model, ModelKind, Scorer, TrainConfig, TrainingData, UserQuery, top_k};

/// Hybrid parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HybridParams {
    /// Components to blend (content is skipped when there is no item text).
    pub components: Vec<ModelKind>,
    /// Share of each user's training interactions kept for the inner fit.
    pub validation_ratio: f64,
    /// Grid step on the weight simplex.
    pub grid_step: f32,
    /// At most this many validation users (seeded sample).
    pub max_validation_users: usize,
    /// Per-component candidates per user for the grid search.
    pub candidates: usize,
    /// Fixed weights, one per component in order (e.g. chosen once by
    /// `lyceum eval`); `None` chooses them on a validation split at every fit,
    /// which adapts to the data but fits every component twice.
    #[serde(default)]
    pub weights: Option<Vec<f32>>,
    /// EASE in the inner (weight-choosing) fit models at most this many items.
    #[serde(default = "default_validation_max_items")]
    pub validation_max_items: usize,
}

fn default_validation_max_items() -> usize {
    1_500
}

impl Default for HybridParams {
    fn default() -> Self {
        Self {
            components: vec![ModelKind::Auto, ModelKind::Tfidf, ModelKind::Popular],
            validation_ratio: 0.8,
            grid_step: 0.1,
            max_validation_users: 2_000,
            candidates: 50,
            weights: None,
            validation_max_items: default_validation_max_items(),
        }
    }
}

/// Blended components and their weights.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HybridModel {
    /// Component models, fitted on all training data.
    pub components: Vec<Model>,
    /// One weight per component (sum 1).
    pub weights: Vec<f32>,
    /// NDCG@10 of the chosen weights on the validation split (`None` when
    /// the weights were given).
    pub validation_ndcg: Option<f64>,
}

/// Divides by the best score among unseen items (if positive) so that
/// components on different scales can be blended.
fn normalize(scores: &mut [f32], seen: impl Fn(u32) -> bool) {
    let max = scores
        .iter()
        .enumerate()
        .filter(|(i, s)| s.is_finite() && !seen(*i as u32))
        .map(|(_, &s)| s)
        .fold(f32::NEG_INFINITY, f32::max);
    if max > 0.0 {
        scores.iter_mut().for_each(|s| *s /= max);
    }
}

/// All weight vectors on the simplex with the given step, in a fixed order.
fn simplex(parts: usize, step: f32) -> Vec<Vec<f32>> {
    let n = (1.0 / step).round().max(1.0) as usize;
    fn rec(left: usize, parts: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if parts == 1 {
            cur.push(left);
            out.push(cur.clone());
            cur.pop();
            return;
        }
        for v in (0..=left).rev() {
            cur.push(v);
            rec(left - v, parts - 1, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    if parts > 0 {
        rec(n, parts, &mut Vec::new(), &mut out);
    }
    out.into_iter()
        .map(|v| v.into_iter().map(|x| x as f32 / n as f32).collect())
        .collect()
}

/// Mixed into the config seed for the inner split (shared with [`super::auto`]
/// so that its candidates and its blend are scored on the same split).
pub(super) const SPLIT_SEED_MIX: u64 = 0x9E37_79B9;

/// Fits each component on an inner split of the training data and returns
/// the weights on the simplex grid with the best validation NDCG@10.
pub(super) fn choose_weights(
    data: &TrainingData,
    config: &TrainConfig,
    kinds: &[ModelKind],
    fit_one: &dyn Fn(&TrainingData, &TrainConfig, ModelKind) -> anyhow::Result<Model>,
) -> anyhow::Result<(Vec<f32>, f64)> {
    let p = &config.hybrid;
    let (inner, valid) = stratified_split(
        &data.interactions,
        p.validation_ratio,
        config.seed ^ SPLIT_SEED_MIX,
    );
    let inner_data = data.with_interactions(inner.clone());
    let mut inner_config = config.clone();
    inner_config.ease.max_items = p
        .validation_max_items
        .clamp(1, config.ease.max_items.max(1));
    let models = kinds
        .iter()
        .map(|&k| fit_one(&inner_data, &inner_config, k))
        .collect::<anyhow::Result<Vec<_>>>()?;

    let mut users: Vec<usize> = (0..valid.n_users())
        .filter(|&u| !valid.row(u).0.is_empty())
        .collect();
    users.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(config.seed));
    users.truncate(p.max_validation_users);
    users.sort_unstable();

    // Per validation user: candidate items with each component's normalised score.
    struct Case {
        items: Vec<u32>,
        scores: Vec<Vec<f32>>,
        relevant: HashSet<u32>,
    }
    let n_items = data.interactions.n_items();
    let mut buf = vec![0f32; n_items];
    let mut cases = Vec::with_capacity(users.len());
    // A mask, not a HashSet: it is probed for every item of every user.
    let mut seen = vec![false; n_items];
    for &u in &users {
        let history = inner.history(u);
        for h in &history {
            seen[h.0 as usize] = true;
        }
        let q = UserQuery {
            user: Some(u),
            history: &history,
        };
        let mut per_model = Vec::with_capacity(models.len());
        let mut cand: Vec<u32> = Vec::new();
        for m in &models {
            m.score(&q, &mut buf);
            normalize(&mut buf, |i| seen[i as usize]);
            cand.extend(
                top_k(&buf, p.candidates, |i| seen[i as usize])
                    .into_iter()
                    .map(|x| x.0),
            );
            per_model.push(buf.clone());
        }
        for h in &history {
            seen[h.0 as usize] = false;
        }
        cand.sort_unstable();
        cand.dedup();
        let scores = per_model
            .iter()
            .map(|s| cand.iter().map(|&i| s[i as usize]).collect())
            .collect();
        cases.push(Case {
            items: cand,
            scores,
            relevant: valid.row(u).0.iter().copied().collect(),
        });
    }

    let mut best = (
        f64::NEG_INFINITY,
        vec![1.0 / kinds.len() as f32; kinds.len()],
    );
    let mut blended = Vec::new();
    for w in simplex(kinds.len(), p.grid_step) {
        let mut total = 0.0;
        for c in &cases {
            blended.clear();
            blended.extend((0..c.items.len()).map(|j| {
                w.iter()
                    .zip(&c.scores)
                    .map(|(wk, s)| wk * s[j])
                    .sum::<f32>()
            }));
            let ranked: Vec<u32> = top_k(&blended, 10, |_| false)
                .into_iter()
                .map(|(j, _)| c.items[j as usize])
                .collect();
            total += user_metrics(&ranked, &c.relevant, 10).ndcg;
        }
        let ndcg = total / cases.len().max(1) as f64;
        if ndcg > best.0 {
            best = (ndcg, w);
        }
    }
    Ok((best.1, best.0.max(0.0)))
}

impl HybridModel {
    /// Chooses weights on a validation split of `data`, then fits on all of it.
    pub fn fit(data: &TrainingData, config: &TrainConfig) -> anyhow::Result<Self> {
        let p = &config.hybrid;
        let kinds: Vec<ModelKind> = p
            .components
            .iter()
            .map(|&k| match k {
                ModelKind::Auto => super::resolve_kind(
                    data,
                    &TrainConfig {
                        kind: ModelKind::Auto,
                        ..config.clone()
                    },
                ),
                k => k,
            })
            .filter(|&k| k != ModelKind::Hybrid)
            .filter(|&k| k != ModelKind::Tfidf || data.item_text.is_some())
            .collect();
        anyhow::ensure!(!kinds.is_empty(), "hybrid needs at least one component");
        let fit_one = |d: &TrainingData, c: &TrainConfig, kind| {
            super::train_model(d, &TrainConfig { kind, ..c.clone() })
        };

        let (weights, validation_ndcg) = match &p.weights {
            Some(given) => {
                anyhow::ensure!(
                    given.len() == kinds.len(),
                    "{} hybrid weights given for {} components ({kinds:?})",
                    given.len(),
                    kinds.len()
                );
                let total: f32 = given.iter().sum();
                anyhow::ensure!(
                    given.iter().all(|w| w.is_finite() && *w >= 0.0) && total > 0.0,
                    "hybrid weights must be non-negative with a positive sum"
                );
                (given.iter().map(|w| w / total).collect(), None)
            }
            None => {
                let (weights, ndcg) = choose_weights(data, config, &kinds, &fit_one)?;
                (weights, Some(ndcg))
            }
        };
        let components = kinds
            .iter()
            .map(|&k| fit_one(data, config, k))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Self {
            components,
            weights,
            validation_ndcg,
        })
    }

    fn component_scores(&self, query: &UserQuery<'_>) -> Vec<Vec<f32>> {
        let seen: HashSet<u32> = query.history.iter().map(|h| h.0).collect();
        self.components
            .iter()
            .zip(&self.weights)
            .map(|(m, _)| {
                let mut s = vec![0f32; m.n_items()];
                m.score(query, &mut s);
                normalize(&mut s, |i| seen.contains(&i));
                s
            })
            .collect()
    }
}

impl Scorer for HybridModel {
    fn n_items(&self) -> usize {
        self.components.first().map_or(0, |m| m.n_items())
    }

    fn score(&self, query: &UserQuery<'_>, out: &mut [f32]) {
        out.fill(0.0);
        for (s, &w) in self.component_scores(query).iter().zip(&self.weights) {
            if w > 0.0 {
                super::linalg::axpy(w, s, out);
            }
        }
    }

    /// The explanation of the component contributing most to this item
    /// (re-scores the components: meant for a handful of shown items).
    fn explain(&self, query: &UserQuery<'_>, item: u32) -> Explanation {
        let parts = self.component_scores(query);
        parts
            .iter()
            .zip(&self.weights)
            .enumerate()
            .map(|(k, (s, w))| (k, w * s[item as usize]))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(Explanation::Popular, |(k, _)| {
                self.components[k].explain(query, item)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplex_grid() {
        let g = simplex(3, 0.5);
        assert_eq!(g.len(), 6);
        assert!(g.iter().all(|w| (w.iter().sum::<f32>() - 1.0).abs() < 1e-6));
        assert_eq!(simplex(1, 0.1), vec![vec![1.0]]);
    }

    #[test]
    fn normalize_uses_unseen_max() {
        let mut s = vec![4.0, 2.0, 1.0];
        normalize(&mut s, |i| i == 0);
        assert_eq!(s, vec![2.0, 1.0, 0.5]);
    }

    #[test]
    fn given_weights_skip_the_validation_fit() {
        let pairs = [
            (0, 0),
            (0, 1),
            (1, 1),
            (1, 2),
            (2, 0),
            (2, 2),
            (3, 0),
            (3, 1),
            (3, 2),
        ];
        let data = TrainingData {
            interactions: super::super::Interactions::from_unit_pairs(4, 3, &pairs),
            user_ids: (0..4).map(|u| u.to_string()).collect(),
            item_ids: (0..3).map(|i| i.to_string()).collect(),
            item_text: None,
        };
        let mut config = TrainConfig::default();
        config.hybrid.components = vec![ModelKind::Ease, ModelKind::Popular];
        config.hybrid.weights = Some(vec![3.0, 1.0]);
        let model = HybridModel::fit(&data, &config).unwrap();
        assert_eq!(model.weights, vec![0.75, 0.25]);
        assert_eq!(model.validation_ndcg, None);

        config.hybrid.weights = Some(vec![1.0]);
        assert!(HybridModel::fit(&data, &config).is_err());
        config.hybrid.weights = Some(vec![-1.0, 2.0]);
        assert!(HybridModel::fit(&data, &config).is_err());
    }
}
