//! Item Gram matrices for the linear item-item models, optionally with
//! "session windows".
//!
//! Plain: `G = XᵀX` over the modelled items. Windowed: every user's
//! history, ordered by time, is also cut into sliding windows of `window`
//! consecutive (modelled) items, and each window is added as an extra row of
//! X with weight `window_weight`: `G = XᵀX + μ·Σ_windows x_wᵀx_w`. This keeps
//! G positive semi-definite (it is still a Gram matrix) and makes items that
//! people take up one after the other count as closer than items that only
//! share a user years apart. On a random per-user split the held-out items
//! sit between a user's training items in time, so this short-range
//! co-occurrence is what predicts them (see BENCHMARKS.md, "Recommendation
//! engine"). Without timestamps (all equal) the order falls back to item
//! index and the windows carry no time information; the automatic model
//! choice then has no reason to prefer them.

use ndarray::Array2;

use super::data::Interactions;

/// Adds `w · xᵀx` for the sparse row `row` (slot, weight) to `g` (n × n).
fn add_outer(g: &mut [f32], n: usize, row: &[(usize, f32)], w: f32) {
    for &(a, wa) in row {
        let dst = &mut g[a * n..(a + 1) * n];
        let wa = w * wa;
        for &(b, wb) in row {
            dst[b] += wa * wb;
        }
    }
}

/// Gram matrix over the items with `slot[item] != u32::MAX` (n of them),
/// plus sliding time windows when `window >= 2` and `window_weight > 0`.
pub fn item_gram(
    x: &Interactions,
    slot: &[u32],
    n: usize,
    window: usize,
    window_weight: f32,
) -> Array2<f32> {
    let mut g = Array2::<f32>::zeros((n, n));
    let gs = g.as_slice_mut().expect("standard layout");
    let windowed = window >= 2 && window_weight > 0.0;
    let mut row: Vec<(usize, f32)> = Vec::new();
    let mut timed: Vec<(i64, u32, f32)> = Vec::new();
    for u in 0..x.n_users() {
        let (its, ws) = x.row(u);
        row.clear();
        row.extend(
            its.iter()
                .zip(ws)
                .filter(|(i, _)| slot[**i as usize] != u32::MAX)
                .map(|(i, w)| (slot[*i as usize] as usize, *w)),
        );
        add_outer(gs, n, &row, 1.0);
        if !windowed || row.is_empty() {
            continue;
        }
        timed.clear();
        timed.extend(
            its.iter()
                .zip(ws)
                .zip(x.row_timestamps(u))
                .filter(|((i, _), _)| slot[**i as usize] != u32::MAX)
                .map(|((i, w), t)| (*t, *i, *w)),
        );
        timed.sort_unstable_by_key(|&(t, i, _)| (t, i));
        row.clear();
        row.extend(
            timed
                .iter()
                .map(|&(_, i, w)| (slot[i as usize] as usize, w)),
        );
        let starts = row.len().saturating_sub(window) + 1;
        for p in 0..starts {
            let end = (p + window).min(row.len());
            add_outer(gs, n, &row[p..end], window_weight);
        }
    }
    g
}

/// Whether the interactions carry more than one distinct timestamp (windows
/// are meaningless otherwise).
pub fn has_time_order(x: &Interactions) -> bool {
    let mut ts = x.iter().map(|i| i.timestamp);
    match ts.next() {
        Some(first) => ts.any(|t| t != first),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::data::Interaction;

    #[test]
    fn windows_add_short_range_pairs_only() {
        // One user took items 0, 1, 2, 3 in that order (timestamps reversed
        // against item order for item 3 vs 2 to check the sort).
        let list = [(0, 10), (1, 20), (3, 30), (2, 40)]
            .into_iter()
            .map(|(item, timestamp)| Interaction {
                user: 0,
                item,
                weight: 1.0,
                timestamp,
            })
            .collect();
        let x = Interactions::from_interactions(1, 4, list).unwrap();
        let slot = [0, 1, 2, 3];
        let plain = item_gram(&x, &slot, 4, 0, 1.0);
        assert!(plain.iter().all(|&v| v == 1.0));
        // Time order 0, 1, 3, 2; windows of 2: {0,1}, {1,3}, {3,2}, weight 0.5.
        let g = item_gram(&x, &slot, 4, 2, 0.5);
        assert_eq!(g[[0, 1]], 1.5);
        assert_eq!(g[[1, 3]], 1.5);
        assert_eq!(g[[2, 3]], 1.5);
        assert_eq!(g[[0, 2]], 1.0, "0 and 2 are three steps apart");
        assert_eq!(g[[0, 3]], 1.0);
        assert_eq!(g[[1, 1]], 2.0, "item 1 is in two windows");
        assert_eq!(g[[0, 0]], 1.5);
        assert_eq!(g, g.t());
        assert!(has_time_order(&x));
        assert!(!has_time_order(&Interactions::from_unit_pairs(
            1,
            2,
            &[(0, 0), (0, 1)]
        )));
    }

    #[test]
    fn short_histories_form_one_window_and_skip_unmodelled_items() {
        let x = Interactions::from_unit_pairs(1, 3, &[(0, 0), (0, 1), (0, 2)]);
        // Item 1 is not modelled; slots 0 and 1 are items 0 and 2.
        let g = item_gram(&x, &[0, u32::MAX, 1], 2, 5, 1.0);
        assert_eq!(g, ndarray::arr2(&[[2.0, 2.0], [2.0, 2.0]]));
    }
}
