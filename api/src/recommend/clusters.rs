//! Interest groups over user embeddings (e.g. ALS user factors).
//!
//! Embeddings are L2-normalised first so Euclidean distance orders pairs as
//! cosine similarity does (`‖a−b‖² = 2 − 2·cos`): KMeans then groups by
//! direction of taste, not by activity level, and linfa-nn (which has no
//! cosine metric) finds cosine neighbours. k is the KMeans (linfa-clustering)
//! solution with the best silhouette over `k_min..=k_max`; the silhouette is
//! computed on at most `max_silhouette_users` users (seeded sample) since
//! it is O(n²). Each group is described by the items and tags over-represented
//! in it (group rate − overall rate). Coordinates for plotting are a 2-D PCA
//! (linfa-reduction) of the normalised embeddings.

use std::collections::HashMap;

use anyhow::Context;
use linfa::DatasetBase;
use linfa::metrics::SilhouetteScore;
use linfa::traits::{Fit, Predict};
use linfa_clustering::KMeans;
use linfa_nn::distance::L2Dist;
use linfa_nn::{CommonNearestNeighbour, NearestNeighbour};
use linfa_reduction::Pca;
use ndarray::{Array1, Array2, Axis};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_xoshiro::{Xoshiro256Plus, Xoshiro256PlusPlus};
use serde::{Deserialize, Serialize};

use super::data::{Interactions, ItemText};

/// Clustering parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterParams {
    /// Smallest k tried.
    pub k_min: usize,
    /// Largest k tried.
    pub k_max: usize,
    /// KMeans restarts per k (best inertia kept).
    pub n_runs: usize,
    /// Silhouette sample size cap.
    pub max_silhouette_users: usize,
    /// Neighbours kept per user.
    pub neighbours: usize,
    /// Items/tags listed per group.
    pub describe: usize,
}

impl Default for ClusterParams {
    fn default() -> Self {
        Self {
            k_min: 2,
            k_max: 12,
            n_runs: 5,
            max_silhouette_users: 2_000,
            neighbours: 10,
            describe: 5,
        }
    }
}

/// One interest group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterestGroup {
    /// Number of users.
    pub size: usize,
    /// Most characteristic items (dense indices), best first.
    pub top_items: Vec<u32>,
    /// Most characteristic tags, best first.
    pub top_tags: Vec<String>,
}

/// Result of clustering users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterestGroups {
    /// Chosen number of groups.
    pub k: usize,
    /// Silhouette of the chosen k.
    pub silhouette: f64,
    /// Silhouette of every k tried.
    pub silhouette_by_k: Vec<(usize, f64)>,
    /// Group of each user.
    pub labels: Vec<u32>,
    /// Group descriptions, indexed by label.
    pub groups: Vec<InterestGroup>,
    /// 2-D PCA coordinates per user (users × 2).
    pub coords: Array2<f32>,
    /// Per user, nearest other users by cosine: `(user, cosine)`, best first.
    pub neighbours: Vec<Vec<(u32, f32)>>,
}

impl InterestGroups {
    /// Clusters `embeddings` (users × dims). `x` and `item_text` describe the groups.
    pub fn fit(
        embeddings: &Array2<f32>,
        x: &Interactions,
        item_text: Option<&[ItemText]>,
        params: &ClusterParams,
        seed: u64,
    ) -> anyhow::Result<Self> {
        let n = embeddings.nrows();
        anyhow::ensure!(n >= 3, "need at least 3 users to cluster, got {n}");
        anyhow::ensure!(
            n == x.n_users(),
            "embeddings and interactions disagree on users"
        );
        let mut e = embeddings.mapv(f64::from);
        for mut row in e.rows_mut() {
            let norm = row.dot(&row).sqrt();
            if norm > 0.0 {
                row /= norm;
            }
        }

        let mut sample: Vec<usize> = (0..n).collect();
        sample.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(seed));
        sample.truncate(params.max_silhouette_users.max(3));
        sample.sort_unstable();
        let sample_records = e.select(Axis(0), &sample);

        let dataset = DatasetBase::from(e.clone());
        let mut best: Option<(f64, usize, Array1<usize>)> = None;
        let mut silhouette_by_k = Vec::new();
        for k in params.k_min.max(2)..=params.k_max.min(n - 1) {
            let model = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(seed))
                .n_runs(params.n_runs.max(1))
                .fit(&dataset)
                .with_context(|| format!("kmeans k={k}"))?;
            let labels: Array1<usize> = model.predict(&e);
            let sample_labels = labels.select(Axis(0), &sample);
            let s = DatasetBase::new(sample_records.clone(), sample_labels)
                .silhouette_score()
                .context("silhouette")?;
            silhouette_by_k.push((k, s));
            if best.as_ref().is_none_or(|b| s > b.0) {
                best = Some((s, k, labels));
            }
        }
        let (silhouette, k, labels) = best.context("k range is empty")?;
        let labels: Vec<u32> = labels.iter().map(|&l| l as u32).collect();

        let groups = describe(&labels, k, x, item_text, params.describe);
        let coords = pca_2d(&e)?;
        let neighbours = cosine_neighbours(&e, params.neighbours)?;
        Ok(Self {
            k,
            silhouette,
            silhouette_by_k,
            labels,
            groups,
            coords,
            neighbours,
        })
    }
}

/// 2-D PCA coordinates (pads with zeros when there are fewer than 2 dims).
fn pca_2d(e: &Array2<f64>) -> anyhow::Result<Array2<f32>> {
    if e.ncols() < 2 {
        let mut c = Array2::zeros((e.nrows(), 2));
        c.column_mut(0).assign(&e.column(0).mapv(|v| v as f32));
        return Ok(c);
    }
    let pca = Pca::params(2)
        .fit(&DatasetBase::from(e.clone()))
        .context("pca")?;
    let c: Array2<f64> = pca.predict(e);
    Ok(c.mapv(|v| v as f32))
}

/// Above this many users a ball tree is no help: in 32 or more dimensions
/// its queries visit nearly every point (100,000 users took over ten
/// minutes), so an exact blocked scan of dot products is used instead.
pub const BALL_TREE_MAX_USERS: usize = 20_000;
/// Rows scored at once by the blocked scan (block × users f32 scores).
const SCAN_BLOCK: usize = 256;

/// `k` nearest other users by cosine on normalised rows: linfa-nn's ball
/// tree for up to [`BALL_TREE_MAX_USERS`], an exact blocked scan beyond.
/// Both give the same neighbours (ties aside).
pub fn cosine_neighbours(e: &Array2<f64>, k: usize) -> anyhow::Result<Vec<Vec<(u32, f32)>>> {
    if e.nrows() > BALL_TREE_MAX_USERS {
        return Ok(scan_neighbours(&e.mapv(|v| v as f32), k));
    }
    let index = CommonNearestNeighbour::BallTree
        .from_batch(e, L2Dist)
        .context("nearest-neighbour index")?;
    (0..e.nrows())
        .map(|u| {
            let found = index
                .k_nearest(e.row(u), k + 1)
                .context("nearest-neighbour query")?;
            Ok(found
                .into_iter()
                .filter(|&(_, v)| v != u)
                .take(k)
                .map(|(_, v)| (v as u32, e.row(u).dot(&e.row(v)) as f32))
                .collect())
        })
        .collect()
}

/// Exact top-`k` cosine neighbours of every row: one block of rows times
/// all rows at a time (a GEMM), keeping each row's best `k` in a small
/// sorted list.
fn scan_neighbours(e: &Array2<f32>, k: usize) -> Vec<Vec<(u32, f32)>> {
    let n = e.nrows();
    let all = e.t();
    let mut out = Vec::with_capacity(n);
    for start in (0..n).step_by(SCAN_BLOCK) {
        let stop = (start + SCAN_BLOCK).min(n);
        let scores = e.slice(ndarray::s![start..stop, ..]).dot(&all);
        for (offset, row) in scores.rows().into_iter().enumerate() {
            let me = start + offset;
            // Best first; ties: lower index first.
            let mut best: Vec<(u32, f32)> = Vec::with_capacity(k + 1);
            for (v, &score) in row.iter().enumerate() {
                if v == me || (best.len() == k && score <= best[k - 1].1) {
                    continue;
                }
                let at = best.partition_point(|&(_, s)| s >= score);
                best.insert(at, (v as u32, score));
                best.truncate(k);
            }
            out.push(best);
        }
    }
    out
}

/// Items and tags whose rate in the group most exceeds their overall rate.
fn describe(
    labels: &[u32],
    k: usize,
    x: &Interactions,
    item_text: Option<&[ItemText]>,
    top: usize,
) -> Vec<InterestGroup> {
    let n_users = labels.len() as f64;
    let mut size = vec![0usize; k];
    for &l in labels {
        size[l as usize] += 1;
    }
    let overall: Vec<f64> = x
        .item_counts()
        .iter()
        .map(|&c| c as f64 / n_users)
        .collect();
    let mut item_counts = vec![vec![0u32; x.n_items()]; k];
    let mut tag_counts: Vec<HashMap<&str, f64>> = vec![HashMap::new(); k];
    let mut tag_all: HashMap<&str, f64> = HashMap::new();
    for it in x.iter() {
        let g = labels[it.user as usize] as usize;
        item_counts[g][it.item as usize] += 1;
        if let Some(text) = item_text {
            for t in &text[it.item as usize].tags {
                *tag_counts[g].entry(t).or_default() += 1.0;
                *tag_all.entry(t).or_default() += 1.0;
            }
        }
    }
    let total_tags: f64 = tag_all.values().sum();
    (0..k)
        .map(|g| {
            let gs = size[g].max(1) as f64;
            let mut items: Vec<(u32, f64)> = item_counts[g]
                .iter()
                .enumerate()
                .map(|(i, &c)| (i as u32, c as f64 / gs - overall[i]))
                .filter(|x| x.1 > 0.0)
                .collect();
            items.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let group_tags: f64 = tag_counts[g].values().sum();
            let mut tags: Vec<(&str, f64)> = tag_counts[g]
                .iter()
                .map(|(t, &c)| {
                    (
                        *t,
                        c / group_tags.max(1.0) - tag_all[t] / total_tags.max(1.0),
                    )
                })
                .filter(|x| x.1 > 0.0)
                .collect();
            tags.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            InterestGroup {
                size: size[g],
                top_items: items.iter().take(top).map(|x| x.0).collect(),
                top_tags: tags.iter().take(top).map(|x| x.0.to_string()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::data::Interaction;
    use super::*;

    /// Three well-separated directions, 5 users each; user u likes item u/5.
    fn three_blobs() -> (Array2<f32>, Interactions) {
        let dirs = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        let e = Array2::from_shape_fn((15, 3), |(u, d)| {
            dirs[u / 5][d] * (1.0 + u as f32 * 0.1) + 0.02 * ((u * 7 + d * 3) % 5) as f32
        });
        let list = (0..15u32)
            .map(|u| Interaction {
                user: u,
                item: u / 5,
                weight: 1.0,
                timestamp: 0,
            })
            .collect();
        (e, Interactions::from_interactions(15, 3, list).unwrap())
    }

    #[test]
    fn the_blocked_scan_finds_the_ball_trees_neighbours() {
        // 600 users in 8 dimensions (more than one scan block), normalised.
        let mut e = Array2::from_shape_fn((600, 8), |(u, d)| {
            (((u * 31 + d * 17) % 97) as f64 / 97.0 - 0.5) + if d == u % 8 { 1.0 } else { 0.0 }
        });
        for mut row in e.rows_mut() {
            let norm = row.dot(&row).sqrt();
            row /= norm;
        }
        let tree = cosine_neighbours(&e, 5).unwrap();
        let scan = scan_neighbours(&e.mapv(|v| v as f32), 5);
        assert_eq!(scan.len(), 600);
        for (u, (a, b)) in tree.iter().zip(&scan).enumerate() {
            assert_eq!(b.len(), 5);
            assert!(b.iter().all(|&(v, _)| v as usize != u));
            assert!(b.windows(2).all(|w| w[0].1 >= w[1].1));
            // The same similarities (ids may differ only between ties).
            for (x, y) in a.iter().zip(b) {
                assert!((x.1 - y.1).abs() < 1e-4, "user {u}: {a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn finds_known_clusters_and_neighbours() {
        let (e, x) = three_blobs();
        let text: Vec<ItemText> = ["a", "b", "c"]
            .iter()
            .map(|t| ItemText {
                text: String::new(),
                tags: vec![t.to_string()],
            })
            .collect();
        let params = ClusterParams {
            k_min: 2,
            k_max: 5,
            neighbours: 4,
            ..Default::default()
        };
        let g = InterestGroups::fit(&e, &x, Some(&text), &params, 1).unwrap();
        assert_eq!(g.k, 3);
        assert!(g.silhouette > 0.8, "{}", g.silhouette);
        for blob in 0..3 {
            let l = g.labels[blob * 5];
            assert!((blob * 5..blob * 5 + 5).all(|u| g.labels[u] == l));
            let grp = &g.groups[l as usize];
            assert_eq!(grp.size, 5);
            assert_eq!(grp.top_items, vec![blob as u32]);
            assert_eq!(grp.top_tags, vec![["a", "b", "c"][blob].to_string()]);
        }
        // Neighbours of every user are the other members of its blob.
        for u in 0..15 {
            let mut nb: Vec<u32> = g.neighbours[u].iter().map(|n| n.0).collect();
            nb.sort();
            let want: Vec<u32> = (u / 5 * 5..u / 5 * 5 + 5)
                .filter(|&v| v != u)
                .map(|v| v as u32)
                .collect();
            assert_eq!(nb, want, "user {u}");
            assert!(g.neighbours[u][0].1 > 0.99);
        }
        assert_eq!(g.coords.dim(), (15, 2));
    }
}
