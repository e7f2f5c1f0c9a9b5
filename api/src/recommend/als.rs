//! Implicit-feedback ALS (Hu, Koren & Volinsky 2008).
//!
//! Preference p = 1 for observed pairs, confidence c = 1 + alpha · weight.
//! Each half-step solves, per row, `(YᵀY + λI + Yᵀ(C−I)Y) x = YᵀC p` with a
//! few warm-started conjugate-gradient steps (as the `implicit` library does)
//! so one sweep costs O(nnz·f + rows·f²) instead of O(rows·f³). Rows are
//! split across threads; each row is independent, so results do not depend
//! on the thread count. Users not seen at training time are folded in with
//! an exact linfa-linalg Cholesky solve.

use linfa_linalg::cholesky::SolveCInplace;
use ndarray::{Array1, Array2, Axis};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::data::Interactions;
use super::linalg::{axpy, dot};
use super::{Explanation, Scorer, UserQuery};

/// ALS hyper-parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlsParams {
    /// Latent dimension.
    pub factors: usize,
    /// L2 regularisation λ.
    pub regularization: f32,
    /// Confidence scale: c = 1 + alpha · weight.
    pub alpha: f32,
    /// Alternating sweeps.
    pub iterations: usize,
    /// CG steps per row per sweep.
    pub cg_steps: usize,
}

impl Default for AlsParams {
    fn default() -> Self {
        Self {
            factors: 64,
            regularization: 0.05,
            alpha: 2.0,
            iterations: 15,
            cg_steps: 3,
        }
    }
}

/// Learned user and item factors.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AlsModel {
    /// Users × factors.
    pub user_factors: Array2<f32>,
    /// Items × factors.
    pub item_factors: Array2<f32>,
    /// Parameters used (needed for fold-in).
    pub params: AlsParams,
}

impl AlsModel {
    /// Fits factors to `x`; deterministic for a given `seed`.
    pub fn fit(x: &Interactions, params: &AlsParams, seed: u64) -> Self {
        let f = params.factors.max(1);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        // Small positive init, like `implicit`.
        let mut users = Array2::from_shape_fn((x.n_users(), f), |_| rng.r#gen::<f32>() * 0.01);
        let mut items = Array2::from_shape_fn((x.n_items(), f), |_| rng.r#gen::<f32>() * 0.01);
        let xt = x.transpose();
        for _ in 0..params.iterations {
            sweep(x, &items, &mut users, params);
            sweep(&xt, &users, &mut items, params);
        }
        Self {
            user_factors: users,
            item_factors: items,
            params: params.clone(),
        }
    }

    /// Exact least-squares user vector for a history against fixed item factors.
    pub fn fold_in(&self, history: &[(u32, f32)]) -> Array1<f32> {
        let y = &self.item_factors;
        let f = y.ncols();
        let mut a = y.t().dot(y);
        let mut b = Array2::<f32>::zeros((f, 1));
        for i in 0..f {
            a[[i, i]] += self.params.regularization;
        }
        for &(item, w) in history {
            let yi = y.row(item as usize);
            let c = 1.0 + self.params.alpha * w;
            for r in 0..f {
                for s in 0..f {
                    a[[r, s]] += (c - 1.0) * yi[r] * yi[s];
                }
                b[[r, 0]] += c * yi[r];
            }
        }
        match a.solvec_inplace(&mut b) {
            Ok(_) => b.column(0).to_owned(),
            Err(_) => Array1::zeros(f),
        }
    }

    fn user_vector(&self, query: &UserQuery<'_>) -> Array1<f32> {
        match query.user {
            Some(u) if u < self.user_factors.nrows() => self.user_factors.row(u).to_owned(),
            _ => self.fold_in(query.history),
        }
    }
}

/// One half-step: solve every row of `target` against `fixed`.
fn sweep(rows: &Interactions, fixed: &Array2<f32>, target: &mut Array2<f32>, p: &AlsParams) {
    let f = fixed.ncols();
    let mut yty = fixed.t().dot(fixed);
    for i in 0..f {
        yty[[i, i]] += p.regularization;
    }
    let yty = yty.as_standard_layout().into_owned();
    let yty = yty.as_slice().expect("standard layout");
    let fixed = fixed.as_standard_layout();
    let fixed = fixed.as_slice().expect("standard layout");
    let n = target.nrows();
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(8);
    let chunk = n.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for (c, mut block) in target.axis_chunks_iter_mut(Axis(0), chunk).enumerate() {
            scope.spawn(move || {
                let mut buf = CgBuffers::new(f);
                for (j, mut row) in block.rows_mut().into_iter().enumerate() {
                    let r = c * chunk + j;
                    let x = row.as_slice_mut().expect("contiguous row");
                    let (items, weights) = rows.row(r);
                    cg_solve(yty, fixed, items, weights, p, x, &mut buf);
                }
            });
        }
    });
}

struct CgBuffers {
    r: Vec<f32>,
    d: Vec<f32>,
    ad: Vec<f32>,
}

impl CgBuffers {
    fn new(f: usize) -> Self {
        Self {
            r: vec![0.0; f],
            d: vec![0.0; f],
            ad: vec![0.0; f],
        }
    }
}

/// `out = (YᵀY+λI)·v + Σ (c−1)(y·v) y`.
fn apply_a(
    yty: &[f32],
    fixed: &[f32],
    items: &[u32],
    weights: &[f32],
    alpha: f32,
    v: &[f32],
    out: &mut [f32],
) {
    let f = v.len();
    for (o, row) in out.iter_mut().zip(yty.chunks_exact(f)) {
        *o = dot(row, v);
    }
    for (&i, &w) in items.iter().zip(weights) {
        let y = &fixed[i as usize * f..(i as usize + 1) * f];
        axpy(alpha * w * dot(y, v), y, out);
    }
}

fn cg_solve(
    yty: &[f32],
    fixed: &[f32],
    items: &[u32],
    weights: &[f32],
    p: &AlsParams,
    x: &mut [f32],
    b: &mut CgBuffers,
) {
    let f = x.len();
    // r = YᵀCp − A·x, with YᵀCp = Σ c·y.
    apply_a(yty, fixed, items, weights, p.alpha, x, &mut b.ad);
    for k in 0..f {
        b.r[k] = -b.ad[k];
    }
    for (&i, &w) in items.iter().zip(weights) {
        let y = &fixed[i as usize * f..(i as usize + 1) * f];
        axpy(1.0 + p.alpha * w, y, &mut b.r);
    }
    b.d.copy_from_slice(&b.r);
    let mut rs_old = dot(&b.r, &b.r);
    for _ in 0..p.cg_steps {
        if rs_old < 1e-20 {
            break;
        }
        apply_a(yty, fixed, items, weights, p.alpha, &b.d, &mut b.ad);
        let step = rs_old / dot(&b.d, &b.ad);
        axpy(step, &b.d, x);
        axpy(-step, &b.ad, &mut b.r);
        let rs_new = dot(&b.r, &b.r);
        let beta = rs_new / rs_old;
        for k in 0..f {
            b.d[k] = b.r[k] + beta * b.d[k];
        }
        rs_old = rs_new;
    }
}

impl Scorer for AlsModel {
    fn n_items(&self) -> usize {
        self.item_factors.nrows()
    }

    fn score(&self, query: &UserQuery<'_>, out: &mut [f32]) {
        let u = self.user_vector(query);
        let s = self.item_factors.dot(&u);
        out.copy_from_slice(s.as_slice().expect("fresh array"));
    }

    fn score_items(&self, query: &UserQuery<'_>, items: &[u32], out: &mut [f32]) {
        let u = self.user_vector(query);
        let u = u.as_slice().expect("fresh array");
        for (o, &i) in out.iter_mut().zip(items) {
            let row = self.item_factors.row(i as usize);
            *o = match row.as_slice() {
                Some(row) => super::linalg::dot_lanes(row, u),
                None => row.dot(&ndarray::ArrayView1::from(u)),
            };
        }
    }

    fn explain(&self, _query: &UserQuery<'_>, _item: u32) -> Explanation {
        Explanation::SimilarUsers
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::Interaction;
    use super::*;
    use crate::recommend::{recommend, top_k};

    /// Two disjoint taste blocks: users 0..6 like items 0..5, users 6..12 like 5..10.
    fn blocks(hold_out: &[(u32, u32)]) -> Interactions {
        let mut list = Vec::new();
        for u in 0..12u32 {
            let range = if u < 6 { 0..5 } else { 5..10 };
            for i in range {
                if !hold_out.contains(&(u, i)) {
                    list.push(Interaction {
                        user: u,
                        item: i,
                        weight: 1.0,
                        timestamp: 0,
                    });
                }
            }
        }
        Interactions::from_interactions(12, 10, list).unwrap()
    }

    #[test]
    fn recovers_held_out_items() {
        let held = [(0, 3), (7, 9), (11, 5)];
        let x = blocks(&held);
        // Rank 2 matches the two taste blocks, so the held-out cells cannot be fitted as holes.
        let params = AlsParams {
            factors: 2,
            regularization: 0.1,
            iterations: 20,
            ..Default::default()
        };
        let m = AlsModel::fit(&x, &params, 7);
        for user in [Some(0), None] {
            let history = x.history(0);
            let q = UserQuery {
                user,
                history: &history,
            };
            crate::recommend::assert_score_items_agrees(&m, &q);
        }
        for &(u, i) in &held {
            let history = x.history(u as usize);
            let q = UserQuery {
                user: Some(u as usize),
                history: &history,
            };
            let top = recommend(&m, &q, 1);
            assert_eq!(top[0].item, i, "user {u}");
            // Folding the same history in gives the same answer.
            let cold = UserQuery {
                user: None,
                history: &history,
            };
            let mut s = vec![0.0; 10];
            m.score(&cold, &mut s);
            let seen: Vec<u32> = history.iter().map(|h| h.0).collect();
            assert_eq!(top_k(&s, 1, |j| seen.contains(&j))[0].0, i);
        }
    }

    #[test]
    fn same_seed_same_model() {
        let x = blocks(&[]);
        let p = AlsParams {
            factors: 3,
            iterations: 3,
            ..Default::default()
        };
        assert_eq!(
            AlsModel::fit(&x, &p, 1).item_factors,
            AlsModel::fit(&x, &p, 1).item_factors
        );
    }
}
