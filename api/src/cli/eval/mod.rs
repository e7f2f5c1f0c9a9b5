//! `lyceum eval`: offline evaluation of the recommendation models on a
//! ratings file, following the Microsoft Recommenders protocol.
//!
//! Protocol: every rating becomes an implicit interaction (weight 1,
//! whatever the rating); per-user stratified random split 75/25 (seed 42);
//! each model is fitted on the training part only (hybrid weights and any
//! tuning use a validation split carved out of training); every held-out
//! interaction is relevant; items the user has in training are removed from
//! the candidates; metrics (MAP, NDCG@k, P@k, R@k, catalogue coverage) are
//! those of [`crate::recommend::metrics`].
//!
//! Item text for the content model comes from MovieLens `movies.csv`
//! (title as text, genres as tags), found beside the ratings file unless
//! `--items` says otherwise. User-written `tags.csv` is only used with
//! `--tags`, because a user's tags on held-out items would leak into training.
//!
//! Peak memory: with the binary's global allocator (`crate::memory`), which
//! eval switches to counting before it loads anything, the figure is the
//! peak of live heap bytes during the fit minus the live bytes before it
//! (exact). Elsewhere (a library user's allocator) it is the peak resident set
//! size during the fit minus the resident size before it (Linux `VmHWM`,
//! reset through `/proc/self/clear_refs`), which can under-count memory the
//! allocator reuses. The output says which method was used.

mod clusters;
mod describe;
mod loading;
mod memory;

use clusters::run_clusters;
use describe::describe;
use loading::load;
use memory::MemProbe;

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::recommend::metrics::{MetricsAccumulator, RankingMetrics};
use crate::recommend::split::stratified_split;
use crate::recommend::{
    ModelKind, Scorer, TrainConfig, TrainingData, UserQuery, top_k, train_model,
};

/// Layout of the ratings file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RatingsFormat {
    /// `userId,movieId,rating,timestamp` with a header (MovieLens latest).
    MovielensCsv,
    /// `user\titem\trating\ttimestamp` without a header (MovieLens 100k `u.data`).
    #[value(name = "movielens-100k")]
    #[serde(rename = "movielens-100k")]
    Movielens100k,
}

/// Which model(s) to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalModel {
    /// Implicit ALS.
    Als,
    /// EASE item-item.
    Ease,
    /// TF-IDF content model.
    Tfidf,
    /// Time-decayed popularity.
    Popular,
    /// Blend with validation-chosen weights.
    Hybrid,
    /// What the product trains: EASE variant chosen on an inner validation split.
    Auto,
    /// All of the above.
    All,
}

/// Arguments of `lyceum eval`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    /// Ratings file (research data only, never product data).
    #[arg(long)]
    pub ratings: PathBuf,
    /// Ratings file layout.
    #[arg(long, value_enum, default_value = "movielens-csv")]
    pub format: RatingsFormat,
    /// Item text (MovieLens movies.csv); default: movies.csv beside the ratings.
    #[arg(long)]
    pub items: Option<PathBuf>,
    /// Also use MovieLens tags.csv as item tags (leaks held-out users' tags).
    #[arg(long)]
    pub tags: Option<PathBuf>,
    /// Cut-off for the ranking metrics.
    #[arg(long, default_value_t = 10)]
    pub k: usize,
    /// Model to evaluate.
    #[arg(long, value_enum, default_value = "all")]
    pub model: EvalModel,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Report interest groups (KMeans on ALS user factors) instead of ranking metrics.
    #[arg(long)]
    pub clusters: bool,
    /// Split and model seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Share of each user's interactions used for training.
    #[arg(long, default_value_t = 0.75)]
    pub train_ratio: f64,
    /// EASE λ.
    #[arg(long)]
    pub ease_lambda: Option<f32>,
    /// EASE minimum training interactions per modelled item.
    #[arg(long)]
    pub ease_min_count: Option<u32>,
    /// EASE session windows: length in items (0 = none).
    #[arg(long)]
    pub ease_window: Option<usize>,
    /// EASE session window weight μ.
    #[arg(long)]
    pub ease_window_weight: Option<f32>,
    /// ALS latent factors.
    #[arg(long)]
    pub als_factors: Option<usize>,
    /// ALS sweeps.
    #[arg(long)]
    pub als_iterations: Option<usize>,
    /// ALS regularisation.
    #[arg(long)]
    pub als_reg: Option<f32>,
    /// ALS confidence scale.
    #[arg(long)]
    pub als_alpha: Option<f32>,
    /// Popularity half-life in days (0 = no decay).
    #[arg(long)]
    pub half_life_days: Option<f64>,
    /// Fixed hybrid weights, one per component (auto, tfidf, popular), e.g.
    /// the ones an earlier run chose: `0.6,0.3,0.1`. Without it the hybrid
    /// chooses them on a validation split of the training data at each fit.
    #[arg(long, value_delimiter = ',')]
    pub hybrid_weights: Option<Vec<f32>>,
    /// Evaluate on a validation split of the training part instead of the
    /// test split (for choosing defaults without looking at the test set).
    #[arg(long)]
    pub validation: bool,
}

/// One model's evaluation row.
#[derive(Debug, Clone, Serialize)]
pub struct EvalRow {
    /// Model name.
    pub model: String,
    /// Ranking metrics.
    #[serde(flatten)]
    pub metrics: RankingMetrics,
    /// Fit wall time (seconds).
    pub fit_seconds: f64,
    /// Scoring wall time for all evaluated users (seconds).
    pub score_seconds: f64,
    /// Peak memory during the fit (bytes above the pre-fit level).
    pub peak_bytes: u64,
    /// Extra detail (e.g. hybrid weights).
    pub note: String,
}

/// Whole report for `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Ratings path.
    pub ratings: String,
    /// Users, items, interactions.
    pub users: usize,
    /// Items in the file.
    pub items: usize,
    /// Interactions in the file.
    pub interactions: usize,
    /// Training / test interactions.
    pub train_interactions: usize,
    /// Held-out interactions.
    pub test_interactions: usize,
    /// Metric cut-off.
    pub k: usize,
    /// Seed.
    pub seed: u64,
    /// How peak memory was measured.
    pub memory_method: &'static str,
    /// Per-model rows.
    pub results: Vec<EvalRow>,
}

/// Runs `lyceum eval`.
pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    // Before loading, so the data's blocks are counted when freed.
    crate::memory::Allocator::start_counting();
    let data = load(&args)?;
    if args.clusters {
        return run_clusters(&args, &data);
    }
    let report = evaluate(&args, &data)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_table(&report);
    }
    Ok(())
}

fn config_from(args: &EvalArgs) -> TrainConfig {
    let mut c = TrainConfig {
        seed: args.seed,
        ..Default::default()
    };
    if let Some(v) = args.ease_lambda {
        c.ease.lambda = v;
    }
    if let Some(v) = args.ease_min_count {
        c.ease.min_item_count = v;
    }
    if let Some(v) = args.ease_window {
        c.ease.window = v;
        c.ease.window_weight = args.ease_window_weight.unwrap_or(1.0);
    }
    if let Some(v) = args.als_factors {
        c.als.factors = v;
    }
    if let Some(v) = args.als_iterations {
        c.als.iterations = v;
    }
    if let Some(v) = args.als_reg {
        c.als.regularization = v;
    }
    if let Some(v) = args.als_alpha {
        c.als.alpha = v;
    }
    if let Some(v) = args.half_life_days {
        c.popularity.half_life_days = (v > 0.0).then_some(v);
    }
    c.hybrid.weights = args.hybrid_weights.clone();
    c
}

fn evaluate(args: &EvalArgs, data: &TrainingData) -> anyhow::Result<EvalReport> {
    let (mut train, mut test) = stratified_split(&data.interactions, args.train_ratio, args.seed);
    if args.validation {
        // Carve the validation split out of training, as the hybrid does.
        (train, test) = stratified_split(&train, 0.8, args.seed ^ 0x5EED);
    }
    let train_data = data.with_interactions(train.clone());
    let kinds: Vec<(ModelKind, &str)> = match args.model {
        EvalModel::Als => vec![(ModelKind::Als, "als")],
        EvalModel::Ease => vec![(ModelKind::Ease, "ease")],
        EvalModel::Tfidf => vec![(ModelKind::Tfidf, "tfidf")],
        EvalModel::Popular => vec![(ModelKind::Popular, "popular")],
        EvalModel::Hybrid => vec![(ModelKind::Hybrid, "hybrid")],
        EvalModel::Auto => vec![(ModelKind::Auto, "auto")],
        EvalModel::All => vec![
            (ModelKind::Popular, "popular"),
            (ModelKind::Tfidf, "tfidf"),
            (ModelKind::Als, "als"),
            (ModelKind::Ease, "ease"),
            (ModelKind::Hybrid, "hybrid"),
            (ModelKind::Auto, "auto"),
        ],
    };
    let users: Vec<usize> = (0..test.n_users())
        .filter(|&u| !test.row(u).0.is_empty())
        .collect();
    let catalogue = train.item_counts().iter().filter(|&&c| c > 0).count();

    let bar = ProgressBar::new((kinds.len() * (users.len() + 1)) as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:<16} [{bar:30}] {pos}/{len} {elapsed}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let mut results = Vec::new();
    let mut memory_method = "";
    for (kind, name) in kinds {
        if kind == ModelKind::Tfidf && train_data.item_text.is_none() {
            bar.println(format!("skipping {name}: no item text (--items)"));
            bar.inc(users.len() as u64 + 1);
            continue;
        }
        bar.set_message(format!("fitting {name}"));
        let config = TrainConfig {
            kind,
            ..config_from(args)
        };
        let mem = MemProbe::start();
        let t0 = Instant::now();
        let model = train_model(&train_data, &config).with_context(|| format!("fitting {name}"))?;
        let fit_seconds = t0.elapsed().as_secs_f64();
        let (peak_bytes, method) = mem.peak();
        memory_method = method;
        bar.inc(1);

        bar.set_message(format!("scoring {name}"));
        let t1 = Instant::now();
        let mut acc = MetricsAccumulator::default();
        let mut scores = vec![0f32; model.n_items()];
        for &u in &users {
            let history = train.history(u);
            let seen: HashSet<u32> = history.iter().map(|h| h.0).collect();
            model.score(
                &UserQuery {
                    user: Some(u),
                    history: &history,
                },
                &mut scores,
            );
            let ranked: Vec<u32> = top_k(&scores, args.k, |i| seen.contains(&i))
                .into_iter()
                .map(|x| x.0)
                .collect();
            let relevant: HashSet<u32> = test.row(u).0.iter().copied().collect();
            acc.add(&ranked, &relevant, args.k);
            bar.inc(1);
        }
        let note = describe(&model);
        results.push(EvalRow {
            model: name.to_string(),
            metrics: acc.finish(catalogue),
            fit_seconds,
            score_seconds: t1.elapsed().as_secs_f64(),
            peak_bytes,
            note,
        });
    }
    bar.finish_and_clear();
    Ok(EvalReport {
        ratings: args.ratings.display().to_string(),
        users: data.interactions.n_users(),
        items: data.interactions.n_items(),
        interactions: data.interactions.nnz(),
        train_interactions: train.nnz(),
        test_interactions: test.nnz(),
        k: args.k,
        seed: args.seed,
        memory_method,
        results,
    })
}

fn print_table(r: &EvalReport) {
    println!(
        "{}: {} users, {} items, {} interactions; split {}/{} (seed {}), k = {}",
        r.ratings,
        r.users,
        r.items,
        r.interactions,
        r.train_interactions,
        r.test_interactions,
        r.seed,
        r.k
    );
    let k = r.k;
    println!(
        "{:<8} {:>7} {:>8} {:>7} {:>7} {:>8} {:>8} {:>9}  note",
        "model",
        "MAP",
        format!("NDCG@{k}"),
        format!("P@{k}"),
        format!("R@{k}"),
        "coverage",
        "fit s",
        "peak MB"
    );
    for row in &r.results {
        let m = &row.metrics;
        println!(
            "{:<8} {:>7.4} {:>8.4} {:>7.4} {:>7.4} {:>8.4} {:>8.2} {:>9.1}  {}",
            row.model,
            m.map,
            m.ndcg,
            m.precision,
            m.recall,
            m.coverage,
            row.fit_seconds,
            row.peak_bytes as f64 / (1024.0 * 1024.0),
            row.note
        );
    }
    println!("peak memory: {}", r.memory_method);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_movielens_100k_layout() {
        use clap::ValueEnum;
        assert_eq!(
            RatingsFormat::from_str("movielens-100k", false),
            Ok(RatingsFormat::Movielens100k)
        );
        let dir = std::env::temp_dir().join(format!("lyceum-eval-100k-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("u.data"),
            "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t1\t878887116\n",
        )
        .unwrap();
        let args = EvalArgs {
            ratings: dir.join("u.data"),
            format: RatingsFormat::Movielens100k,
            items: None,
            tags: None,
            k: 10,
            model: EvalModel::All,
            json: false,
            clusters: false,
            seed: 42,
            train_ratio: 0.75,
            ease_lambda: None,
            ease_min_count: None,
            ease_window: None,
            ease_window_weight: None,
            als_factors: None,
            als_iterations: None,
            als_reg: None,
            als_alpha: None,
            half_life_days: None,
            hybrid_weights: None,
            validation: false,
        };
        let data = load(&args).unwrap();
        assert_eq!(
            (
                data.interactions.n_users(),
                data.interactions.n_items(),
                data.interactions.nnz()
            ),
            (2, 2, 3)
        );
        assert!(data.item_text.is_none());
        assert_eq!(data.interactions.max_timestamp(), 891717742);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn loads_and_evaluates_generated_movielens_files() {
        let dir = std::env::temp_dir().join(format!("lyceum-eval-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // Two taste groups of 10 users over 8 items each, plus text.
        let mut ratings = String::from("userId,movieId,rating,timestamp\n");
        for u in 0..20 {
            let base = if u < 10 { 0 } else { 8 };
            for i in 0..8 {
                if (u + i) % 5 != 0 {
                    ratings += &format!("{u},{},4.0,{}\n", base + i, 1_000_000 + u * 10 + i);
                }
            }
        }
        let mut movies = String::from("movieId,title,genres\n");
        for i in 0..16 {
            let g = if i < 8 { "Comedy" } else { "Drama|Crime" };
            movies += &format!("{i},\"Film {i} (1999)\",{g}\n");
        }
        std::fs::write(dir.join("ratings.csv"), ratings).unwrap();
        std::fs::write(dir.join("movies.csv"), movies).unwrap();
        let args = EvalArgs {
            ratings: dir.join("ratings.csv"),
            format: RatingsFormat::MovielensCsv,
            items: None,
            tags: None,
            k: 3,
            model: EvalModel::All,
            json: true,
            clusters: false,
            seed: 42,
            train_ratio: 0.75,
            ease_lambda: Some(1.0),
            ease_min_count: Some(1),
            ease_window: None,
            ease_window_weight: None,
            als_factors: Some(4),
            als_iterations: None,
            als_reg: None,
            als_alpha: None,
            half_life_days: None,
            hybrid_weights: None,
            validation: false,
        };
        let data = load(&args).unwrap();
        assert_eq!(data.interactions.n_users(), 20);
        assert_eq!(
            data.item_text.as_ref().unwrap()[0].tags,
            vec!["Comedy".to_string()]
        );
        let report = evaluate(&args, &data).unwrap();
        assert_eq!(report.results.len(), 6);
        let ease = report.results.iter().find(|r| r.model == "ease").unwrap();
        let popular = report
            .results
            .iter()
            .find(|r| r.model == "popular")
            .unwrap();
        assert!(ease.metrics.ndcg > popular.metrics.ndcg, "{report:?}");
        assert!(
            report
                .results
                .iter()
                .all(|r| (0.0..=1.0).contains(&r.metrics.ndcg))
        );
        run_clusters(
            &EvalArgs {
                clusters: true,
                ..args
            },
            &data,
        )
        .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
