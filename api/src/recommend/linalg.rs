//! Dense kernels the models share: a blocked SPD inverse (for EASE) built on
//! linfa-linalg's small Cholesky/triangular solves for the diagonal blocks and
//! ndarray's GEMM (matrixmultiply, cache-blocked and SIMD) for everything else,
//! plus a few slice helpers for the ALS inner loops.
//!
//! Why blocked: linfa-linalg's Cholesky is a plain triple loop; on a
//! 4,000 × 4,000 Gram matrix it is an order of magnitude slower than doing
//! the same O(n³) work as GEMM calls on `NB`-wide panels.

use anyhow::Context;
use linfa_linalg::cholesky::CholeskyInplace;
use linfa_linalg::triangular::{SolveTriangularInplace, UPLO};
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, s};

/// Panel width: big enough for GEMM to run near peak, small enough that the
/// unblocked diagonal work (O(n·NB²)) stays negligible.
const NB: usize = 256;

fn blocks(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).step_by(NB).map(move |b| (b, (b + NB).min(n)))
}

/// Inverse of a small lower-triangular matrix (linfa-linalg triangular solve).
fn lower_inverse_small(l: &Array2<f32>) -> anyhow::Result<Array2<f32>> {
    let mut eye = Array2::<f32>::eye(l.nrows());
    l.solve_triangular_inplace(&mut eye, UPLO::Lower)
        .context("triangular solve")?;
    Ok(eye)
}

/// In-place blocked Cholesky `A = L·Lᵀ`; on return the lower triangle of `a`
/// holds `L` (the strict upper triangle is stale).
pub fn cholesky_blocked(a: &mut Array2<f32>) -> anyhow::Result<()> {
    let n = a.nrows();
    anyhow::ensure!(a.ncols() == n, "matrix is not square");
    for (k0, k1) in blocks(n) {
        let mut d = a.slice(s![k0..k1, k0..k1]).to_owned();
        d.cholesky_inplace()
            .context("matrix is not positive definite")?;
        a.slice_mut(s![k0..k1, k0..k1]).assign(&d);
        if k1 == n {
            break;
        }
        // Panel below the diagonal block: A21 ← A21 · L11⁻ᵀ.
        let linv = lower_inverse_small(&d)?;
        let old = a.slice(s![k1.., k0..k1]).to_owned();
        general_mat_mul(
            1.0,
            &old,
            &linv.t(),
            0.0,
            &mut a.slice_mut(s![k1.., k0..k1]),
        );
        // Trailing update of the lower triangle only, one block column at a time.
        let panel = a.slice(s![k1.., k0..k1]).to_owned();
        for (j0, j1) in blocks(n - k1) {
            let lhs = panel.slice(s![j0.., ..]);
            let rhs = panel.slice(s![j0..j1, ..]);
            let mut tgt = a.slice_mut(s![k1 + j0.., k1 + j0..k1 + j1]);
            general_mat_mul(-1.0, &lhs, &rhs.t(), 1.0, &mut tgt);
        }
    }
    Ok(())
}

/// Inverse of a symmetric positive-definite matrix, computed in `a`'s storage
/// (`A⁻¹ = L⁻ᵀ·L⁻¹`). Peak extra memory: one more n × n f32 matrix.
pub fn spd_inverse(mut a: Array2<f32>) -> anyhow::Result<Array2<f32>> {
    let n = a.nrows();
    cholesky_blocked(&mut a)?;
    // X = L⁻¹, block row by block row: X_ii = L_ii⁻¹, X_i,<i = −X_ii · L_i,<i · X_<i,<i.
    let mut x = Array2::<f32>::zeros((n, n));
    for (i0, i1) in blocks(n) {
        let mut lii = a.slice(s![i0..i1, i0..i1]).to_owned();
        for r in 0..lii.nrows() {
            for c in r + 1..lii.ncols() {
                lii[[r, c]] = 0.0;
            }
        }
        let xii = lower_inverse_small(&lii)?;
        x.slice_mut(s![i0..i1, i0..i1]).assign(&xii);
        if i0 == 0 {
            continue;
        }
        let mut t = Array2::<f32>::zeros((i1 - i0, i0));
        for (j0, j1) in blocks(i0) {
            // X[j0..i0, j0..j1] is the only non-zero part of that block column.
            general_mat_mul(
                1.0,
                &a.slice(s![i0..i1, j0..i0]),
                &x.slice(s![j0..i0, j0..j1]),
                0.0,
                &mut t.slice_mut(s![.., j0..j1]),
            );
        }
        general_mat_mul(-1.0, &xii, &t, 0.0, &mut x.slice_mut(s![i0..i1, ..i0]));
    }
    // P = Xᵀ·X, lower block triangle: P_i,≤i = X[i0.., i]ᵀ · X[i0.., ≤i] (X is lower).
    for (i0, i1) in blocks(n) {
        general_mat_mul(
            1.0,
            &x.slice(s![i0.., i0..i1]).t(),
            &x.slice(s![i0.., ..i1]),
            0.0,
            &mut a.slice_mut(s![i0..i1, ..i1]),
        );
    }
    drop(x);
    for r in 0..n {
        for c in r + 1..n {
            a[[r, c]] = a[[c, r]];
        }
    }
    Ok(a)
}

/// `Σ a_i · b_i`.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `y ← y + alpha · x`.
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// L2-normalises every row in place (zero rows stay zero).
pub fn normalize_rows(m: &mut Array2<f32>) {
    for mut row in m.rows_mut() {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 {
            row /= norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn blocked_inverse_matches_identity() {
        // Crosses several block boundaries, including a ragged last block.
        let n = 2 * NB + 37;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let b = Array2::from_shape_fn((n, n / 2), |_| rng.gen_range(-1.0f32..1.0));
        let mut g = b.dot(&b.t());
        for i in 0..n {
            g[[i, i]] += 10.0;
        }
        let p = spd_inverse(g.clone()).unwrap();
        let e = g.dot(&p);
        for ((r, c), v) in e.indexed_iter() {
            let want = if r == c { 1.0 } else { 0.0 };
            assert!((v - want).abs() < 1e-3, "({r},{c}) = {v}");
        }
    }
}
