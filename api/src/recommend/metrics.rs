//! Ranking metrics with Microsoft Recommenders' definitions (binary relevance:
//! every held-out interaction is relevant).
//!
//! For one user with ranked list `r` (top `k`) and relevant set `T`:
//! - MAP: Σ over hits at rank i of (hits so far / i), divided by |T|
//!   (Recommenders' `map`, not capped at k);
//! - NDCG@k: Σ_hits 1/log2(i+1) over the ideal Σ_{i ≤ min(|T|, k)} 1/log2(i+1);
//! - Precision@k: hits / k (even if fewer than k items could be ranked);
//! - Recall@k: hits / |T|.
//!
//! Figures are averaged over users with at least one relevant item.
//! Catalogue coverage is the share of the training catalogue that appears in
//! at least one user's top k (Recommenders' `catalog_coverage`).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// Metrics of one user's ranked list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct UserMetrics {
    /// Average precision (Recommenders' MAP term).
    pub ap: f64,
    /// NDCG@k.
    pub ndcg: f64,
    /// Precision@k.
    pub precision: f64,
    /// Recall@k.
    pub recall: f64,
}

/// Scores the top `k` of `ranked` against `relevant`.
pub fn user_metrics(ranked: &[u32], relevant: &HashSet<u32>, k: usize) -> UserMetrics {
    if relevant.is_empty() || k == 0 {
        return UserMetrics::default();
    }
    let mut hits = 0usize;
    let mut ap = 0.0;
    let mut dcg = 0.0;
    for (i, item) in ranked.iter().take(k).enumerate() {
        if relevant.contains(item) {
            hits += 1;
            ap += hits as f64 / (i + 1) as f64;
            dcg += 1.0 / ((i + 2) as f64).log2();
        }
    }
    let idcg: f64 = (0..relevant.len().min(k))
        .map(|i| 1.0 / ((i + 2) as f64).log2())
        .sum();
    UserMetrics {
        ap: ap / relevant.len() as f64,
        ndcg: dcg / idcg,
        precision: hits as f64 / k as f64,
        recall: hits as f64 / relevant.len() as f64,
    }
}

/// Averaged metrics over a set of users, plus catalogue coverage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct RankingMetrics {
    /// Mean average precision.
    pub map: f64,
    /// Mean NDCG@k.
    pub ndcg: f64,
    /// Mean precision@k.
    pub precision: f64,
    /// Mean recall@k.
    pub recall: f64,
    /// Distinct recommended items / items in the training catalogue.
    pub coverage: f64,
    /// Users that were evaluated.
    pub users: usize,
}

/// Accumulates per-user metrics and recommended items.
#[derive(Debug, Default)]
pub struct MetricsAccumulator {
    sum: UserMetrics,
    users: usize,
    recommended: HashSet<u32>,
}

impl MetricsAccumulator {
    /// Adds one user's ranked list; users with no relevant items are skipped
    /// for the averages but still count for coverage.
    pub fn add(&mut self, ranked: &[u32], relevant: &HashSet<u32>, k: usize) {
        self.recommended.extend(ranked.iter().take(k).copied());
        if relevant.is_empty() {
            return;
        }
        let m = user_metrics(ranked, relevant, k);
        self.sum.ap += m.ap;
        self.sum.ndcg += m.ndcg;
        self.sum.precision += m.precision;
        self.sum.recall += m.recall;
        self.users += 1;
    }

    /// Final averages; `catalogue` is the number of items in training.
    pub fn finish(&self, catalogue: usize) -> RankingMetrics {
        let n = self.users.max(1) as f64;
        RankingMetrics {
            map: self.sum.ap / n,
            ndcg: self.sum.ndcg / n,
            precision: self.sum.precision / n,
            recall: self.sum.recall / n,
            coverage: self.recommended.len() as f64 / catalogue.max(1) as f64,
            users: self.users,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(x: &[u32]) -> HashSet<u32> {
        x.iter().copied().collect()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn hand_computed_user_with_many_relevant() {
        // k = 5, hits at ranks 1 and 3, |T| = 6.
        let m = user_metrics(&[10, 11, 12, 13, 14], &set(&[10, 12, 20, 21, 22, 23]), 5);
        close(m.ap, (1.0 + 2.0 / 3.0) / 6.0);
        close(m.precision, 2.0 / 5.0);
        close(m.recall, 2.0 / 6.0);
        let dcg = 1.0 + 1.0 / 4f64.log2();
        let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5 + 1.0 / 5f64.log2() + 1.0 / 6f64.log2();
        close(m.ndcg, dcg / idcg);
    }

    #[test]
    fn user_with_fewer_relevant_than_k() {
        // k = 4, |T| = 2, hit at rank 2 only.
        let m = user_metrics(&[1, 2, 3, 4], &set(&[2, 9]), 4);
        close(m.ap, 0.5 / 2.0);
        close(m.precision, 0.25);
        close(m.recall, 0.5);
        close(m.ndcg, (1.0 / 3f64.log2()) / (1.0 + 1.0 / 3f64.log2()));
        // A perfect short list.
        let p = user_metrics(&[9, 2, 3, 4], &set(&[2, 9]), 4);
        close(p.ndcg, 1.0);
        close(p.ap, 1.0);
        close(p.precision, 0.5);
    }

    #[test]
    fn averages_and_coverage() {
        let mut acc = MetricsAccumulator::default();
        acc.add(&[1, 2], &set(&[1]), 2);
        acc.add(&[3, 4], &set(&[9]), 2);
        acc.add(&[5, 6], &set(&[]), 2);
        let r = acc.finish(12);
        assert_eq!(r.users, 2);
        close(r.precision, 0.25);
        close(r.recall, 0.5);
        close(r.map, 0.5);
        close(r.ndcg, 0.5);
        close(r.coverage, 0.5);
    }
}
