//! Dense kernels the models share: a blocked SPD inverse (for EASE) built on
//! linfa-linalg's small Cholesky and a plain triangular inverse for the
//! diagonal blocks and
//! ndarray's GEMM (matrixmultiply, cache-blocked and SIMD) for everything else,
//! plus a few slice helpers for the ALS inner loops. The large GEMMs split
//! their output columns across threads ([`par_gemm`]); each output column is
//! computed exactly as it would be on one thread, so results do not depend on
//! the thread count.
//!
//! Why blocked: linfa-linalg's Cholesky is a plain triple loop; on a
//! 4,000 × 4,000 Gram matrix it is an order of magnitude slower than doing
//! the same O(n³) work as GEMM calls on `NB`-wide panels.

use anyhow::Context;
use linfa_linalg::cholesky::CholeskyInplace;
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2, ArrayViewMut2, Axis, s};

/// Panel width: big enough for GEMM to run near peak, small enough that the
/// unblocked diagonal work (O(n·NB²)) stays negligible.
const NB: usize = 256;

fn blocks(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).step_by(NB).map(move |b| (b, (b + NB).min(n)))
}

/// Below this many multiply-adds a GEMM stays on the calling thread.
const PAR_MIN_WORK: usize = 1 << 22;

/// `c ← alpha·a·b + beta·c`, with `c`'s columns split across the available
/// threads (std scoped threads, like the ALS sweeps).
pub fn par_gemm(
    alpha: f32,
    a: &ArrayView2<'_, f32>,
    b: &ArrayView2<'_, f32>,
    beta: f32,
    c: &mut ArrayViewMut2<'_, f32>,
) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cols = c.ncols();
    if threads < 2 || cols < 128 || a.nrows() * a.ncols() * cols < PAR_MIN_WORK {
        general_mat_mul(alpha, a, b, beta, c);
        return;
    }
    // Multiples of 64 columns keep matrixmultiply's panels full.
    let chunk = cols.div_ceil(threads).div_ceil(64) * 64;
    std::thread::scope(|scope| {
        for (bc, mut cc) in b
            .axis_chunks_iter(Axis(1), chunk)
            .zip(c.axis_chunks_iter_mut(Axis(1), chunk))
        {
            scope.spawn(move || general_mat_mul(alpha, a, &bc, beta, &mut cc));
        }
    });
}

/// Inverse of a small lower-triangular matrix by forward substitution,
/// row by row: `X_i = (e_i − Σ_{k<i} L_ik X_k) / L_ii`. Plain slice loops:
/// linfa-linalg's triangular solve spends most of its time in per-element
/// ndarray zips at this size (it was 40 % of the whole EASE fit).
fn lower_inverse_small(l: &Array2<f32>) -> anyhow::Result<Array2<f32>> {
    let n = l.nrows();
    let mut x = Array2::<f32>::zeros((n, n));
    let xs = x.as_slice_mut().expect("standard layout");
    let mut acc = vec![0f32; n];
    for i in 0..n {
        let d = l[[i, i]];
        anyhow::ensure!(d.is_finite() && d != 0.0, "singular triangular block");
        acc[..=i].fill(0.0);
        acc[i] = 1.0;
        for k in 0..i {
            let lik = l[[i, k]];
            if lik != 0.0 {
                axpy(-lik, &xs[k * n..k * n + k + 1], &mut acc[..=k]);
            }
        }
        for (dst, v) in xs[i * n..i * n + i + 1].iter_mut().zip(&acc[..=i]) {
            *dst = v / d;
        }
    }
    Ok(x)
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
        par_gemm(
            1.0,
            &old.view(),
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
            par_gemm(-1.0, &lhs, &rhs.t(), 1.0, &mut tgt);
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
            par_gemm(
                1.0,
                &a.slice(s![i0..i1, j0..i0]),
                &x.slice(s![j0..i0, j0..j1]),
                0.0,
                &mut t.slice_mut(s![.., j0..j1]),
            );
        }
        par_gemm(
            -1.0,
            &xii.view(),
            &t.view(),
            0.0,
            &mut x.slice_mut(s![i0..i1, ..i0]),
        );
    }
    // P = Xᵀ·X, lower block triangle: P_i,≤i = X[i0.., i]ᵀ · X[i0.., ≤i] (X is lower).
    for (i0, i1) in blocks(n) {
        par_gemm(
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

/// `Σ a_i · b_i` in eight independent sums, which the compiler turns into
/// vector instructions (one running sum cannot be reordered, so [`dot`]
/// stays scalar). For serving, where one user is scored against thousands
/// of items; training keeps [`dot`]'s order so trained models reproduce.
#[inline]
pub fn dot_lanes(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 8;
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut sums = [0f32; LANES];
    let (a_blocks, b_blocks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = a_blocks
        .remainder()
        .iter()
        .zip(b_blocks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_blocks.zip(b_blocks) {
        for ((sum, x), y) in sums.iter_mut().zip(x).zip(y) {
            *sum += x * y;
        }
    }
    sums.iter().sum::<f32>() + tail
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
    fn dot_in_lanes_agrees_with_dot() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        for n in [0, 1, 7, 8, 9, 64, 100] {
            let a: Vec<f32> = (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect();
            let b: Vec<f32> = (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect();
            let (exact, lanes) = (dot(&a, &b), dot_lanes(&a, &b));
            assert!(
                (exact - lanes).abs() <= 1e-5 * (1.0 + exact.abs()),
                "{n}: {exact} vs {lanes}"
            );
        }
    }

    #[test]
    fn small_lower_inverse() {
        let l = ndarray::arr2(&[[2.0f32, 0.0, 0.0], [1.0, 4.0, 0.0], [-3.0, 2.0, 0.5]]);
        let x = lower_inverse_small(&l).unwrap();
        let e = l.dot(&x);
        for ((r, c), v) in e.indexed_iter() {
            assert!(
                (v - if r == c { 1.0 } else { 0.0 }).abs() < 1e-6,
                "({r},{c}) = {v}"
            );
        }
        assert!(x[[0, 1]] == 0.0 && x[[1, 2]] == 0.0);
        assert!(lower_inverse_small(&Array2::zeros((2, 2))).is_err());
    }

    #[test]
    fn par_gemm_equals_one_thread_gemm() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
        let a = Array2::from_shape_fn((300, 200), |_| rng.gen_range(-1.0f32..1.0));
        let b = Array2::from_shape_fn((200, 333), |_| rng.gen_range(-1.0f32..1.0));
        let mut want = Array2::from_shape_fn((300, 333), |_| rng.gen_range(-1.0f32..1.0));
        let mut got = want.clone();
        general_mat_mul(0.5, &a, &b, 2.0, &mut want);
        par_gemm(0.5, &a.view(), &b.view(), 2.0, &mut got.view_mut());
        assert_eq!(got, want);
    }

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
