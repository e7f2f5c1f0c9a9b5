//! `lyceum train`: one training run in this process, the same run the admin
//! mutation and the schedule start (lock, versioned storage, activation:
//! running servers on the database swap to the new model). Shows progress
//! and prints the model's offline metrics.

use std::sync::Arc;
use std::time::Duration;

use entity::recommender_models::{Status, Trigger};
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::watch;

use crate::{
    clock::SystemClock,
    config::Settings,
    db,
    live::LiveBus,
    recommend::ModelKind,
    services::recommendations::{
        store,
        training::{self, TrainRequest, TrainingEnv},
    },
};

/// Which model `lyceum train` fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrainModel {
    /// The best model for the data, chosen on a validation split.
    Auto,
    Ease,
    Als,
    Hybrid,
}

impl From<TrainModel> for ModelKind {
    fn from(model: TrainModel) -> Self {
        match model {
            TrainModel::Auto => ModelKind::Auto,
            TrainModel::Ease => ModelKind::Ease,
            TrainModel::Als => ModelKind::Als,
            TrainModel::Hybrid => ModelKind::Hybrid,
        }
    }
}

pub async fn run(settings: &Settings, model: TrainModel) -> anyhow::Result<()> {
    // The NOTIFY listener and the training lock each hold one connection
    // for the whole run; the snapshot and the writes need more.
    let db = db::connect(&settings.database_url, 5).await?;
    db::migrate(&db).await?;
    let (stop, shutdown) = watch::channel(false);
    let live = LiveBus::start(&db, shutdown).await?;
    let env = TrainingEnv {
        db: db.clone(),
        live,
        clock: Arc::new(SystemClock),
        settings: settings.recommender_settings()?,
        control: Default::default(),
    };
    let (row, task) = training::start(
        env.clone(),
        TrainRequest {
            kind: model.into(),
            trigger: Trigger::Cli,
            started_by: None,
        },
    )
    .await
    .map_err(|err| anyhow::anyhow!("{err}"))?;
    let bar = ProgressBar::new(1_000);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:<28} [{bar:30}] {percent:>3}% {elapsed}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    let mut task = task;
    loop {
        tokio::select! {
            _ = &mut task => break,
            _ = tokio::time::sleep(Duration::from_millis(200)) => {
                if let Some((_, progress)) = env.control.current() {
                    let (stage, fraction) = progress.get();
                    bar.set_message(stage);
                    bar.set_position((fraction * 1_000.0) as u64);
                }
            }
        }
    }
    bar.finish_and_clear();
    let _ = stop.send(true);
    let run = store::get(&db, row.id).await?;
    match run.status {
        Status::Ready => {
            println!(
                "model {} trained and activated: {} over {} members, {} items, {} interactions in {:.1} s",
                run.id,
                run.kind.as_deref().unwrap_or("?"),
                run.users,
                run.items,
                run.interactions,
                run.fit_seconds.unwrap_or_default()
            );
            if let Some(metrics) = &run.metrics {
                println!("held-out metrics: {metrics}");
            }
            if let (Some(k), Some(s)) = (run.group_count, run.silhouette) {
                println!("interest groups: {k} (silhouette {s:.3})");
            }
            Ok(())
        }
        status => anyhow::bail!(
            "training run {} ended {status:?}: {}",
            run.id,
            run.error.as_deref().unwrap_or("no reason recorded")
        ),
    }
}
