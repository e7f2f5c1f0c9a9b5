//! `lyceum badges --recheck`: evaluates every user's badges, awarding what
//! the background evaluator missed (a dropped event, an outage, data loaded
//! in bulk). Only adds what is missing, so it is safe to run any number of
//! times, beside running servers too.

use indicatif::{ProgressBar, ProgressStyle};

use crate::{config::Settings, db, services::rewards::badges};

pub async fn recheck(settings: &Settings) -> anyhow::Result<()> {
    let db = db::connect(&settings.database_url, 1).await?;
    db::migrate(&db).await?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} users [{bar:30}] {pos}/{len} {per_sec} eta {eta}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    let report = badges::recheck(&db, chrono::Utc::now(), |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await?;
    bar.finish_and_clear();
    println!(
        "badges: {} users evaluated, {} badges awarded",
        report.users, report.awarded
    );
    Ok(())
}
