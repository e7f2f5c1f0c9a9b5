//! Reading MovieLens-format ratings and item files.

use std::{collections::HashMap, path::Path};

use anyhow::Context;

use super::{EvalArgs, RatingsFormat};
use crate::recommend::{ItemText, TrainingData};

/// Loads the ratings (every rating = one implicit interaction of weight 1)
/// and, where available, item text.
pub(super) fn load(args: &EvalArgs) -> anyhow::Result<TrainingData> {
    let mut rows: Vec<(String, String, i64)> = Vec::new();
    let mut reader = csv::ReaderBuilder::new();
    match args.format {
        RatingsFormat::MovielensCsv => reader.has_headers(true),
        RatingsFormat::Movielens100k => reader.has_headers(false).delimiter(b'\t'),
    };
    let mut rdr = reader
        .from_path(&args.ratings)
        .with_context(|| format!("opening {}", args.ratings.display()))?;
    for rec in rdr.records() {
        let rec = rec.context("reading ratings")?;
        anyhow::ensure!(
            rec.len() >= 4,
            "expected user, item, rating, timestamp: {rec:?}"
        );
        let ts: i64 = rec[3].trim().parse().context("timestamp")?;
        rows.push((rec[0].trim().to_owned(), rec[1].trim().to_owned(), ts));
    }
    let text = match args.format {
        RatingsFormat::MovielensCsv => {
            let items = args.items.clone().or_else(|| {
                let p = args.ratings.with_file_name("movies.csv");
                p.exists().then_some(p)
            });
            match items {
                Some(p) => Some(load_items(&p, args.tags.as_deref())?),
                None => None,
            }
        }
        RatingsFormat::Movielens100k => None,
    };
    TrainingData::from_rows(
        rows.iter()
            .map(|(u, i, t)| (u.as_str(), i.as_str(), 1.0, *t)),
        text.as_ref(),
    )
}

/// MovieLens movies.csv (`movieId,title,genres`) and optionally tags.csv.
fn load_items(path: &Path, tags: Option<&Path>) -> anyhow::Result<HashMap<String, ItemText>> {
    let mut out = HashMap::new();
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    for rec in rdr.records() {
        let rec = rec.context("reading items")?;
        let genres = rec
            .get(2)
            .unwrap_or("")
            .split('|')
            .filter(|g| !g.is_empty() && *g != "(no genres listed)")
            .map(str::to_owned)
            .collect();
        out.insert(
            rec[0].to_owned(),
            ItemText {
                text: rec.get(1).unwrap_or("").to_owned(),
                tags: genres,
            },
        );
    }
    if let Some(tags) = tags {
        let mut rdr =
            csv::Reader::from_path(tags).with_context(|| format!("opening {}", tags.display()))?;
        for rec in rdr.records() {
            let rec = rec.context("reading tags")?;
            if let Some(item) = out.get_mut(&rec[1]) {
                item.tags.push(rec[2].to_owned());
            }
        }
    }
    Ok(out)
}
