//! `lyceum eval --clusters`: interest groups on ALS user factors.

use std::time::Instant;

use indicatif::ProgressBar;
use serde::Serialize;

use super::{EvalArgs, config_from};
use crate::recommend::{
    TrainingData, als,
    clusters::{ClusterParams, InterestGroups},
};

#[derive(Serialize)]
struct ClusterReport {
    users: usize,
    k: usize,
    silhouette: f64,
    silhouette_by_k: Vec<(usize, f64)>,
    fit_seconds: f64,
    groups: Vec<ClusterGroupReport>,
}

#[derive(Serialize)]
struct ClusterGroupReport {
    size: usize,
    top_items: Vec<String>,
    top_tags: Vec<String>,
}

pub(super) fn run_clusters(args: &EvalArgs, data: &TrainingData) -> anyhow::Result<()> {
    let bar = ProgressBar::new_spinner();
    bar.set_message("fitting ALS user factors and clustering");
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let t0 = Instant::now();
    let config = config_from(args);
    let model = als::AlsModel::fit(&data.interactions, &config.als, args.seed);
    let groups = InterestGroups::fit(
        &model.user_factors,
        &data.interactions,
        data.item_text.as_deref(),
        &ClusterParams::default(),
        args.seed,
    )?;
    bar.finish_and_clear();
    let name = |i: u32| match &data.item_text {
        Some(t) if !t[i as usize].text.is_empty() => t[i as usize].text.clone(),
        _ => data.item_ids[i as usize].clone(),
    };
    let report = ClusterReport {
        users: data.interactions.n_users(),
        k: groups.k,
        silhouette: groups.silhouette,
        silhouette_by_k: groups.silhouette_by_k.clone(),
        fit_seconds: t0.elapsed().as_secs_f64(),
        groups: groups
            .groups
            .iter()
            .map(|g| ClusterGroupReport {
                size: g.size,
                top_items: g.top_items.iter().map(|&i| name(i)).collect(),
                top_tags: g.top_tags.clone(),
            })
            .collect(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    println!(
        "{} users; ALS ({} factors) user factors, KMeans k chosen by silhouette: k = {}, silhouette = {:.4} ({:.2} s)",
        report.users, config.als.factors, report.k, report.silhouette, report.fit_seconds
    );
    let by_k: Vec<String> = report
        .silhouette_by_k
        .iter()
        .map(|(k, s)| format!("k={k}: {s:.4}"))
        .collect();
    println!("silhouette by k: {}", by_k.join(", "));
    for (i, g) in report.groups.iter().enumerate() {
        println!(
            "group {i}: {} users; tags: {}",
            g.size,
            g.top_tags.join(", ")
        );
        println!("  items: {}", g.top_items.join(" | "));
    }
    Ok(())
}
