//! Per-user stratified random split (Microsoft Recommenders'
//! `python_stratified_split`): each user's interactions are shuffled with a
//! seeded RNG and the first `round(ratio · n)` go to training (Python's
//! round-half-to-even), the rest to test. Every user keeps at least one
//! training interaction so that they can be scored.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_xoshiro::Xoshiro256PlusPlus;

use super::data::{Interaction, Interactions};

/// Rounds half to even, like Python's `round`, which Recommenders uses for split sizes.
fn round_half_even(x: f64) -> usize {
    let r = x.round();
    if (x - x.trunc() - 0.5).abs() < 1e-9 && r % 2.0 != 0.0 {
        (r - 1.0) as usize
    } else {
        r as usize
    }
}

/// Number of interactions a user with `n` of them keeps for training.
pub fn train_size(n: usize, ratio: f64) -> usize {
    if n == 0 {
        return 0;
    }
    round_half_even(ratio * n as f64).clamp(1, n)
}

/// Splits `data` per user into (train, test) with `ratio` of each user's
/// interactions in train. Deterministic for a given `seed`.
pub fn stratified_split(
    data: &Interactions,
    ratio: f64,
    seed: u64,
) -> (Interactions, Interactions) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut train = Vec::new();
    let mut test = Vec::new();
    for u in 0..data.n_users() {
        let (items, weights) = data.row(u);
        let ts = data.row_timestamps(u);
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.shuffle(&mut rng);
        let n_train = train_size(items.len(), ratio);
        for (pos, &k) in order.iter().enumerate() {
            let x = Interaction {
                user: u as u32,
                item: items[k],
                weight: weights[k],
                timestamp: ts[k],
            };
            if pos < n_train {
                train.push(x)
            } else {
                test.push(x)
            }
        }
    }
    let (nu, ni) = (data.n_users(), data.n_items());
    (
        Interactions::from_interactions(nu, ni, train).expect("subset of a valid matrix"),
        Interactions::from_interactions(nu, ni, test).expect("subset of a valid matrix"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_python_rounding() {
        // 0.75·n: 2 → 1.5 → 2; 6 → 4.5 → 4; 4 → 3; 10 → 7.5 → 8; 1 → at least 1.
        assert_eq!(train_size(2, 0.75), 2);
        assert_eq!(train_size(6, 0.75), 4);
        assert_eq!(train_size(4, 0.75), 3);
        assert_eq!(train_size(10, 0.75), 8);
        assert_eq!(train_size(1, 0.75), 1);
        assert_eq!(train_size(0, 0.75), 0);
    }

    #[test]
    fn split_partitions_each_user_and_is_seeded() {
        let list = (0..3u32)
            .flat_map(|u| {
                (0..(4 + 2 * u)).map(move |i| Interaction {
                    user: u,
                    item: i,
                    weight: 1.0,
                    timestamp: i as i64,
                })
            })
            .collect();
        let m = Interactions::from_interactions(3, 10, list).unwrap();
        let (tr, te) = stratified_split(&m, 0.75, 42);
        for (u, (n_tr, n_te)) in [(3, 1), (4, 2), (6, 2)].into_iter().enumerate() {
            assert_eq!(tr.row(u).0.len(), n_tr, "user {u}");
            assert_eq!(te.row(u).0.len(), n_te, "user {u}");
            let mut all: Vec<u32> = tr.row(u).0.iter().chain(te.row(u).0).copied().collect();
            all.sort();
            assert_eq!(all, m.row(u).0);
        }
        assert_eq!(stratified_split(&m, 0.75, 42), (tr.clone(), te.clone()));
        assert_ne!(stratified_split(&m, 0.75, 7).0, tr);
    }
}
