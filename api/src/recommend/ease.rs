//! EASE (Steck 2019): closed-form item-item weights
//! `B = I − P·diag(1/diag(P))` with `P = (XᵀX + λI)⁻¹`, i.e.
//! `B_ij = −P_ij / P_jj`, `B_jj = 0`; a user's scores are `x_u · B`.
//!
//! Size and memory: the model is restricted to the items with at least
//! `min_item_count` training interactions (at most `max_items`, most popular
//! first). Items outside it cannot be recommended by EASE (they rank after
//! every modelled item, by popularity); they carry almost no collaborative
//! signal anyway. Fitting holds two n × n f32 matrices (Gram/Cholesky/P and
//! L⁻¹), i.e. 8·n² bytes: 128 MB at n = 4,000, 512 MB at n = 8,000; the
//! trained model keeps one (4·n² bytes). The inverse costs ≈ n³ flops via
//! a blocked GEMM Cholesky (see [`super::linalg`]). [`EASE_AUTO_MAX_ITEMS`]
//! is the size up to which `ModelKind::Auto` picks EASE over ALS.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::data::Interactions;
use super::gram::item_gram;
use super::linalg::spd_inverse;
use super::{Explanation, Scorer, UserQuery};

/// Up to this many eligible items `ModelKind::Auto` chooses EASE
/// (fit peak ≈ 8·n² bytes = 512 MB; the inverse grows as n³: 2.4–3.4 s at
/// n = 4,325 on the 2-core machine, so roughly 15–20 s at 8,000).
pub const EASE_AUTO_MAX_ITEMS: usize = 8_000;

/// EASE hyper-parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EaseParams {
    /// L2 regularisation λ added to the Gram diagonal.
    pub lambda: f32,
    /// Items need at least this many training interactions to be modelled.
    pub min_item_count: u32,
    /// Hard cap on modelled items (most popular kept).
    pub max_items: usize,
    /// Session windows in the Gram matrix (see [`super::gram`]): length in
    /// items, 0 = none.
    #[serde(default)]
    pub window: usize,
    /// Weight μ of each window row.
    #[serde(default)]
    pub window_weight: f32,
}

impl Default for EaseParams {
    fn default() -> Self {
        Self {
            lambda: 300.0,
            min_item_count: 3,
            max_items: EASE_AUTO_MAX_ITEMS,
            window: 0,
            window_weight: 0.0,
        }
    }
}

/// Items EASE would model, most popular first (ties by index).
pub fn eligible_items(x: &Interactions, p: &EaseParams) -> Vec<u32> {
    let counts = x.item_counts();
    let mut items: Vec<u32> = (0..x.n_items() as u32)
        .filter(|&i| counts[i as usize] >= p.min_item_count.max(1))
        .collect();
    items.sort_by_key(|&i| (std::cmp::Reverse(counts[i as usize]), i));
    items.truncate(p.max_items);
    items.sort_unstable();
    items
}

/// Trained EASE weights over a subset of the catalogue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EaseModel {
    /// Catalogue size.
    pub n_items: usize,
    /// Modelled items (sorted catalogue indices); row/column k of `weights` is `items[k]`.
    pub items: Vec<u32>,
    /// Position of each catalogue item in `items`, or `u32::MAX`.
    pub slot: Vec<u32>,
    /// Item-item weights B (n × n, zero diagonal).
    pub weights: Array2<f32>,
    /// Training interaction count per catalogue item (fallback order).
    pub counts: Vec<u32>,
    /// Parameters used.
    pub params: EaseParams,
}

impl EaseModel {
    /// Fits EASE on `x`.
    pub fn fit(x: &Interactions, params: &EaseParams) -> anyhow::Result<Self> {
        let items = eligible_items(x, params);
        let n = items.len();
        let mut slot = vec![u32::MAX; x.n_items()];
        for (k, &i) in items.iter().enumerate() {
            slot[i as usize] = k as u32;
        }
        // Gram matrix from the sparse rows: Σ_u nnz_u² updates (plus windows).
        let mut g = item_gram(x, &slot, n, params.window, params.window_weight);
        for k in 0..n {
            g[[k, k]] += params.lambda;
        }
        let mut b = if n > 0 { spd_inverse(g)? } else { g };
        // B_ij = −P_ij / P_jj, zero diagonal.
        let diag: Vec<f32> = (0..n).map(|j| b[[j, j]]).collect();
        for mut row in b.rows_mut() {
            for (v, d) in row.iter_mut().zip(&diag) {
                *v = -*v / d;
            }
        }
        for k in 0..n {
            b[[k, k]] = 0.0;
        }
        Ok(Self {
            n_items: x.n_items(),
            items,
            slot,
            weights: b,
            counts: x.item_counts(),
            params: params.clone(),
        })
    }
}

/// One user's scores of the modelled items, and what places the others.
struct ModelledScores {
    s: Vec<f32>,
    floor: f32,
    max_count: f32,
}

impl ModelledScores {
    /// Unmodelled items rank below every modelled one, by popularity.
    fn at(&self, model: &EaseModel, item: usize) -> f32 {
        match model.slot[item] {
            u32::MAX => self.floor - 1.0 + model.counts[item] as f32 / self.max_count,
            k => self.s[k as usize],
        }
    }
}

impl EaseModel {
    fn modelled_scores(&self, history: &[(u32, f32)]) -> ModelledScores {
        let mut s = vec![0f32; self.items.len()];
        for &(item, w) in history {
            let k = self.slot[item as usize];
            if k != u32::MAX {
                let row = self.weights.row(k as usize);
                super::linalg::axpy(w, row.as_slice().expect("standard layout"), &mut s);
            }
        }
        let floor = s.iter().copied().fold(0f32, f32::min) - 1.0;
        let max_count = self.counts.iter().copied().max().unwrap_or(0) as f32 + 1.0;
        ModelledScores {
            s,
            floor,
            max_count,
        }
    }
}

impl Scorer for EaseModel {
    fn n_items(&self) -> usize {
        self.n_items
    }

    fn score(&self, query: &UserQuery<'_>, out: &mut [f32]) {
        let scores = self.modelled_scores(query.history);
        for (i, o) in out.iter_mut().enumerate() {
            *o = scores.at(self, i);
        }
    }

    fn score_items(&self, query: &UserQuery<'_>, items: &[u32], out: &mut [f32]) {
        let scores = self.modelled_scores(query.history);
        for (o, &i) in out.iter_mut().zip(items) {
            *o = scores.at(self, i as usize);
        }
    }

    fn explain(&self, query: &UserQuery<'_>, item: u32) -> Explanation {
        let Some(j) = Some(self.slot[item as usize]).filter(|&j| j != u32::MAX) else {
            return Explanation::Popular;
        };
        query
            .history
            .iter()
            .filter(|h| self.slot[h.0 as usize] != u32::MAX)
            .map(|&(h, w)| {
                (
                    h,
                    w * self.weights[[self.slot[h as usize] as usize, j as usize]],
                )
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(Explanation::Popular, |(h, _)| {
                Explanation::BecauseYouLiked { item: h }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_hand_computed_solution() {
        // X = [[1,1,0],[0,1,1],[1,1,1]], λ = 1:
        // G = XᵀX + I = [[3,2,1],[2,4,2],[1,2,3]], det = 16,
        // P = G⁻¹ = 1/16 · [[8,-4,0],[-4,8,-4],[0,-4,8]],
        // B_ij = −P_ij / P_jj → B = [[0,.5,0],[.5,0,.5],[0,.5,0]].
        let x = Interactions::from_unit_pairs(
            3,
            3,
            &[(0, 0), (0, 1), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)],
        );
        let p = EaseParams {
            lambda: 1.0,
            min_item_count: 1,
            max_items: 10,
            ..Default::default()
        };
        let m = EaseModel::fit(&x, &p).unwrap();
        let want = ndarray::arr2(&[[0.0, 0.5, 0.0], [0.5, 0.0, 0.5], [0.0, 0.5, 0.0]]);
        for ((r, c), v) in m.weights.indexed_iter() {
            assert!((v - want[[r, c]]).abs() < 1e-5, "B[{r}][{c}] = {v}");
        }
        // User 0 (items 0, 1): scores x·B = [0.5, 0.5, 0.5].
        let mut s = [0.0; 3];
        let h = x.history(0);
        m.score(
            &UserQuery {
                user: Some(0),
                history: &h,
            },
            &mut s,
        );
        assert!((s[2] - 0.5).abs() < 1e-5);
        assert_eq!(
            m.explain(
                &UserQuery {
                    user: Some(0),
                    history: &h
                },
                2
            ),
            Explanation::BecauseYouLiked { item: 1 }
        );
    }

    #[test]
    fn rare_items_fall_back_below_modelled_ones() {
        let x = Interactions::from_unit_pairs(3, 3, &[(0, 0), (1, 0), (0, 1), (1, 1), (2, 2)]);
        let m = EaseModel::fit(
            &x,
            &EaseParams {
                lambda: 1.0,
                min_item_count: 2,
                max_items: 10,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(m.items, vec![0, 1]);
        let mut s = [0.0; 3];
        m.score(
            &UserQuery {
                user: None,
                history: &[(0, 1.0)],
            },
            &mut s,
        );
        assert!(s[1] > s[2]);
        crate::recommend::assert_score_items_agrees(
            &m,
            &UserQuery {
                user: None,
                history: &[(0, 1.0)],
            },
        );
    }
}
