//! Recommendation engine core: pure (no GraphQL, no database), synchronous
//! and deterministic for a given seed, so the server can train it inside
//! `tokio::task::spawn_blocking` and swap the result in atomically.
//!
//! Input is an implicit-feedback [`Interactions`] matrix (users × items with
//! confidence weights) plus optional [`ItemText`]; output is ranked
//! [`Recommendation`]s with a score and an [`Explanation`].
//!
//! Models ([`ModelKind`]):
//! - [`als`]: implicit ALS (Hu, Koren & Volinsky 2008) with conjugate-gradient
//!   solves, for large catalogues;
//! - [`ease`]: closed-form EASE item-item model (Steck 2019) over the items
//!   with enough interactions; needs two n × n f32 matrices while fitting
//!   (see [`ease::EASE_AUTO_MAX_ITEMS`] for the automatic size threshold);
//! - [`tfidf`]: content model over item text and tags (jieba segmentation,
//!   then linfa-preprocessing TF-IDF), for cold start and similar items;
//! - [`popularity`]: time-decayed popularity, the fallback;
//! - [`hybrid`]: a weighted blend whose weights are chosen on a validation
//!   split carved out of the training data;
//! - [`auto`]: what the product trains: EASE with λ and time windows
//!   ([`gram`]) chosen on an inner validation split of the training data,
//!   recording its choice ([`Model::selection`]).
//!
//! [`clusters`] finds interest groups (KMeans, silhouette-chosen k, PCA
//! coordinates, cosine nearest neighbours) and [`artifact`] is the versioned
//! on-disk model format.

pub mod als;
pub mod artifact;
pub mod auto;
pub mod clusters;
pub mod data;
pub mod ease;
pub mod gram;
pub mod hybrid;
pub mod linalg;
pub mod metrics;
pub mod popularity;
pub mod split;
pub mod tfidf;

use serde::{Deserialize, Serialize};

pub use artifact::ModelArtifact;
pub use data::{Interaction, Interactions, ItemText, TrainingData};

/// Who to score: a known user index (uses learned state where a model has
/// it) and/or their history as `(item, weight)` pairs. Models that learn no
/// per-user state fold the history in, so unknown users work too.
#[derive(Debug, Clone, Copy)]
pub struct UserQuery<'a> {
    /// Dense index of a user present at training time, if any.
    pub user: Option<usize>,
    /// The user's interactions; these items are excluded from results.
    pub history: &'a [(u32, f32)],
}

/// Why an item was recommended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Explanation {
    /// People with similar tastes liked it (latent factors).
    SimilarUsers,
    /// It goes with an item the user interacted with (item-item or content).
    BecauseYouLiked {
        /// The history item that contributed most.
        item: u32,
    },
    /// Its text/tags match the user's interests.
    MatchesYourInterests,
    /// It is popular now.
    Popular,
}

/// One ranked result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Dense item index.
    pub item: u32,
    /// Model score (comparable within one model and user only).
    pub score: f32,
    /// Why it was recommended.
    pub explanation: Explanation,
}

/// Anything that scores every item for a user.
pub trait Scorer {
    /// Number of items scored.
    fn n_items(&self) -> usize;
    /// Writes a score for every item into `out` (length [`Self::n_items`]).
    fn score(&self, query: &UserQuery<'_>, out: &mut [f32]);
    /// Writes the scores of `items` only into `out` (same length), equal to
    /// what [`Scorer::score`] gives them. Serving scores one kind of item
    /// (courses are a small share of a catalogue of threads); models
    /// override this where that is cheaper than scoring everything.
    fn score_items(&self, query: &UserQuery<'_>, items: &[u32], out: &mut [f32]) {
        let mut all = vec![0f32; self.n_items()];
        self.score(query, &mut all);
        for (o, &i) in out.iter_mut().zip(items) {
            *o = all[i as usize];
        }
    }
    /// Explanation for one recommended item.
    fn explain(&self, query: &UserQuery<'_>, item: u32) -> Explanation;
}

/// Which model to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModelKind {
    /// Chosen on an inner validation split (see [`auto`]).
    Auto,
    /// Implicit ALS.
    Als,
    /// EASE item-item.
    Ease,
    /// TF-IDF content model.
    Tfidf,
    /// Time-decayed popularity.
    Popular,
    /// Weighted blend of the others.
    Hybrid,
}

/// All training parameters; `Default` holds the documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Model to train.
    pub kind: ModelKind,
    /// RNG seed; the same data and seed give the same model.
    pub seed: u64,
    /// ALS parameters.
    pub als: als::AlsParams,
    /// EASE parameters.
    pub ease: ease::EaseParams,
    /// Content-model parameters.
    pub tfidf: tfidf::TfidfParams,
    /// Popularity parameters.
    pub popularity: popularity::PopularityParams,
    /// Hybrid parameters.
    pub hybrid: hybrid::HybridParams,
    /// Search space of [`ModelKind::Auto`].
    #[serde(default)]
    pub auto: auto::AutoParams,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            kind: ModelKind::Auto,
            seed: 42,
            als: Default::default(),
            ease: Default::default(),
            tfidf: Default::default(),
            popularity: Default::default(),
            hybrid: Default::default(),
            auto: Default::default(),
        }
    }
}

/// A trained model of any kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Model {
    /// Implicit ALS.
    Als(als::AlsModel),
    /// EASE item-item.
    Ease(ease::EaseModel),
    /// TF-IDF content model.
    Tfidf(tfidf::ContentModel),
    /// Popularity.
    Popular(popularity::PopularityModel),
    /// Blend.
    Hybrid(hybrid::HybridModel),
    /// The model [`ModelKind::Auto`] chose, with its selection record.
    Auto(auto::AutoModel),
}

impl Model {
    /// The kind this model is; for [`Model::Auto`], the kind it chose.
    pub fn kind(&self) -> ModelKind {
        match self {
            Model::Auto(m) => m.model.kind(),
            Model::Als(_) => ModelKind::Als,
            Model::Ease(_) => ModelKind::Ease,
            Model::Tfidf(_) => ModelKind::Tfidf,
            Model::Popular(_) => ModelKind::Popular,
            Model::Hybrid(_) => ModelKind::Hybrid,
        }
    }

    fn inner(&self) -> &(dyn Scorer + Send + Sync) {
        match self {
            Model::Als(m) => m,
            Model::Ease(m) => m,
            Model::Tfidf(m) => m,
            Model::Popular(m) => m,
            Model::Hybrid(m) => m,
            Model::Auto(m) => m,
        }
    }

    /// What [`ModelKind::Auto`] chose and its validation NDCG@10, if this
    /// model came from it.
    pub fn selection(&self) -> Option<&auto::Selection> {
        match self {
            Model::Auto(m) => Some(&m.selection),
            _ => None,
        }
    }
}

impl Scorer for Model {
    fn n_items(&self) -> usize {
        self.inner().n_items()
    }
    fn score(&self, query: &UserQuery<'_>, out: &mut [f32]) {
        self.inner().score(query, out)
    }
    fn score_items(&self, query: &UserQuery<'_>, items: &[u32], out: &mut [f32]) {
        self.inner().score_items(query, items, out)
    }
    fn explain(&self, query: &UserQuery<'_>, item: u32) -> Explanation {
        self.inner().explain(query, item)
    }
}

/// The size rule for [`ModelKind::Auto`]: EASE when the catalogue is small
/// enough, ALS otherwise. The hybrid uses it for an `Auto` component (a full
/// Auto search inside each hybrid fit would not fit the time budget);
/// [`train_model`] runs the validated choice of [`auto`] instead.
pub fn resolve_kind(data: &TrainingData, config: &TrainConfig) -> ModelKind {
    match config.kind {
        ModelKind::Auto => {
            if ease::eligible_items(&data.interactions, &config.ease).len()
                <= ease::EASE_AUTO_MAX_ITEMS
            {
                ModelKind::Ease
            } else {
                ModelKind::Als
            }
        }
        k => k,
    }
}

/// Trains one model (synchronous, deterministic given `config.seed`).
pub fn train_model(data: &TrainingData, config: &TrainConfig) -> anyhow::Result<Model> {
    let x = &data.interactions;
    Ok(match config.kind {
        ModelKind::Auto => Model::Auto(auto::AutoModel::fit(data, config)?),
        ModelKind::Als => Model::Als(als::AlsModel::fit(x, &config.als, config.seed)),
        ModelKind::Ease => Model::Ease(ease::EaseModel::fit(x, &config.ease)?),
        ModelKind::Tfidf => {
            let text = data
                .item_text
                .as_deref()
                .ok_or_else(|| anyhow::anyhow!("the content model needs item text"))?;
            Model::Tfidf(tfidf::ContentModel::fit(text, &config.tfidf)?)
        }
        ModelKind::Popular => {
            Model::Popular(popularity::PopularityModel::fit(x, &config.popularity))
        }
        ModelKind::Hybrid => Model::Hybrid(hybrid::HybridModel::fit(data, config)?),
    })
}

/// Indices of the `k` highest scores, best first (ties: lower index first),
/// skipping items for which `skip` is true and non-finite scores.
///
/// `skip` is asked only about the best-scoring items, a window at a time
/// (doubling while too many are skipped): it usually looks up a history,
/// and asking it about every item cost more than scoring them.
pub fn top_k(scores: &[f32], k: usize, skip: impl Fn(u32) -> bool) -> Vec<(u32, f32)> {
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let mut cand: Vec<(u32, f32)> = scores
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_finite())
        .map(|(i, &s)| (i as u32, s))
        .collect();
    let mut taken = Vec::with_capacity(k);
    let (mut start, mut window) = (0, (2 * k).max(32));
    while taken.len() < k && start < cand.len() {
        let rest = &mut cand[start..];
        let size = window.min(rest.len());
        if size < rest.len() {
            rest.select_nth_unstable_by(size - 1, order);
        }
        rest[..size].sort_unstable_by(order);
        for &(i, s) in &rest[..size] {
            if taken.len() == k {
                break;
            }
            if !skip(i) {
                taken.push((i, s));
            }
        }
        start += size;
        window *= 2;
    }
    taken
}

/// Checks that [`Scorer::score_items`] gives every listed item the score
/// [`Scorer::score`] gives it (up to summation order).
#[cfg(test)]
pub(crate) fn assert_score_items_agrees(model: &dyn Scorer, query: &UserQuery<'_>) {
    let mut all = vec![0f32; model.n_items()];
    model.score(query, &mut all);
    let items: Vec<u32> = (0..model.n_items() as u32).rev().step_by(2).collect();
    let mut some = vec![0f32; items.len()];
    model.score_items(query, &items, &mut some);
    for (&i, &s) in items.iter().zip(&some) {
        let full = all[i as usize];
        assert!(
            (full - s).abs() <= 1e-5 * (1.0 + full.abs()),
            "item {i}: score {full}, score_items {s}"
        );
    }
}

/// Top `k` recommendations for a user, excluding their history.
pub fn recommend(model: &impl Scorer, query: &UserQuery<'_>, k: usize) -> Vec<Recommendation> {
    let mut scores = vec![0f32; model.n_items()];
    model.score(query, &mut scores);
    let seen: std::collections::HashSet<u32> = query.history.iter().map(|h| h.0).collect();
    top_k(&scores, k, |i| seen.contains(&i))
        .into_iter()
        .map(|(item, score)| Recommendation {
            item,
            score,
            explanation: model.explain(query, item),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_orders_and_skips() {
        let s = [0.5, 2.0, f32::NAN, 2.0, -1.0, 3.0];
        assert_eq!(top_k(&s, 3, |i| i == 5), vec![(1, 2.0), (3, 2.0), (0, 0.5)]);
        assert_eq!(top_k(&s, 10, |_| false).len(), 5);
        assert!(top_k(&s, 0, |_| false).is_empty());
    }

    /// The windowed search gives what sorting every kept item gives, also
    /// when most of the best items are skipped.
    #[test]
    fn top_k_matches_a_full_sort() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        for round in 0..200 {
            let n = rng.gen_range(0..3_000);
            // Few distinct values, so ties are common.
            let scores: Vec<f32> = (0..n).map(|_| rng.gen_range(0..50) as f32).collect();
            let skipped = rng.gen_range(0.0..1.0);
            let skip: Vec<bool> = (0..n).map(|_| rng.gen_bool(skipped)).collect();
            let k = rng.gen_range(0..120);
            let mut expected: Vec<(u32, f32)> = (0..n as u32)
                .filter(|&i| !skip[i as usize])
                .map(|i| (i, scores[i as usize]))
                .collect();
            expected.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            expected.truncate(k);
            assert_eq!(
                top_k(&scores, k, |i| skip[i as usize]),
                expected,
                "round {round}"
            );
        }
    }
}
