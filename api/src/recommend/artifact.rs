//! Versioned model artefact: everything a server needs to serve a model,
//! produced by [`train`] here or by a trainer running elsewhere.
//!
//! File layout (`.lym`): the 8-byte magic `LYCMODEL`, the format version as a
//! little-endian `u32`, then the [`ModelArtifact`] encoded with `postcard`
//! (compact serde binary; f32 arrays are stored as raw 4-byte values).
//! The version sits outside the payload so a reader can reject a file whose
//! layout it does not know before decoding. [`ModelArtifact::to_json`]
//! gives the same content as JSON for inspection or foreign trainers
//! (ndarray matrices appear as `{"v":1,"dim":[r,c],"data":[...]}`).
//!
//! Contents: format version, model kind and parameters ([`TrainConfig`]),
//! the model itself (ALS factors, EASE item-item weights, TF-IDF vocabulary
//! and vectors, popularity scores, a hybrid of these, or the model Auto chose
//! with its selection record), external user and
//! item ids for the dense indices, data size, optional evaluation metrics,
//! optional interest groups, and the training time.
//!
//! [`ModelArtifact::save`] writes to a temporary file in the same directory
//! and renames it over the target, so readers never see a partial file;
//! a server can load the new file and swap an `Arc` (see [`ModelSlot`]).

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, RwLock};

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::clusters::InterestGroups;
use super::metrics::RankingMetrics;
use super::{Model, TrainConfig, TrainingData};

/// Current artefact format version; bump on any layout change.
pub const FORMAT_VERSION: u32 = 2;
const MAGIC: &[u8; 8] = b"LYCMODEL";

/// Size of the training data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSize {
    /// Users.
    pub users: usize,
    /// Items.
    pub items: usize,
    /// Interactions.
    pub interactions: usize,
}

/// A trained model with its metadata.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelArtifact {
    /// [`FORMAT_VERSION`] at the time of writing.
    pub format_version: u32,
    /// Parameters the model was trained with. `Auto` stays `Auto` (training
    /// again gives the same choice); what it chose is [`Model::selection`]
    /// and [`Model::kind`].
    pub config: TrainConfig,
    /// The model.
    pub model: Model,
    /// External id of each user index.
    pub user_ids: Vec<String>,
    /// External id of each item index.
    pub item_ids: Vec<String>,
    /// Training data size.
    pub data: DataSize,
    /// Offline metrics, if evaluated.
    pub metrics: Option<RankingMetrics>,
    /// Interest groups, if computed.
    pub groups: Option<InterestGroups>,
    /// Training wall time in seconds.
    pub fit_seconds: f64,
    /// When training finished.
    pub trained_at: DateTime<Utc>,
}

/// Trains the configured model on `data` and wraps it as an artefact
/// (synchronous; call it from `spawn_blocking`).
pub fn train(data: &TrainingData, config: &TrainConfig) -> anyhow::Result<ModelArtifact> {
    let start = std::time::Instant::now();
    let config = config.clone();
    let model = super::train_model(data, &config)?;
    Ok(ModelArtifact {
        format_version: FORMAT_VERSION,
        config,
        model,
        user_ids: data.user_ids.clone(),
        item_ids: data.item_ids.clone(),
        data: DataSize {
            users: data.interactions.n_users(),
            items: data.interactions.n_items(),
            interactions: data.interactions.nnz(),
        },
        metrics: None,
        groups: None,
        fit_seconds: start.elapsed().as_secs_f64(),
        trained_at: Utc::now(),
    })
}

impl ModelArtifact {
    /// Encodes to the binary file format.
    pub fn to_bytes(&self) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(1 << 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.format_version.to_le_bytes());
        postcard::to_io(self, &mut out).context("encoding model artefact")?;
        Ok(out)
    }

    /// Decodes the binary file format, rejecting unknown versions.
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<Self> {
        anyhow::ensure!(
            bytes.len() >= 12 && &bytes[..8] == MAGIC,
            "not a Lyceum model file"
        );
        let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        anyhow::ensure!(
            version == FORMAT_VERSION,
            "model format version {version} is not supported (expected {FORMAT_VERSION})"
        );
        let a: Self = postcard::from_bytes(&bytes[12..]).context("decoding model artefact")?;
        anyhow::ensure!(
            a.format_version == version,
            "header and payload versions differ"
        );
        Ok(a)
    }

    /// JSON rendering (large for EASE; meant for inspection and interop).
    pub fn to_json(&self) -> anyhow::Result<String> {
        Ok(serde_json::to_string(self)?)
    }

    /// Parses the JSON rendering.
    pub fn from_json(s: &str) -> anyhow::Result<Self> {
        let a: Self = serde_json::from_str(s)?;
        anyhow::ensure!(
            a.format_version == FORMAT_VERSION,
            "unsupported format version {}",
            a.format_version
        );
        Ok(a)
    }

    /// Writes atomically: temp file in the same directory, fsync, rename.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let bytes = self.to_bytes()?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path.file_name().context("model path has no file name")?;
        let tmp = dir.join(format!(
            ".{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        {
            let mut f = std::fs::File::create(&tmp)
                .with_context(|| format!("creating {}", tmp.display()))?;
            f.write_all(&bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path).with_context(|| format!("renaming to {}", path.display()))?;
        Ok(())
    }

    /// Reads a file written by [`Self::save`].
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Self::from_bytes(&bytes)
    }
}

/// Holder for the model currently served: readers clone the `Arc`, a
/// reload swaps it in one step, and in-flight requests keep the old one.
#[derive(Debug, Default)]
pub struct ModelSlot {
    current: RwLock<Option<Arc<ModelArtifact>>>,
}

impl ModelSlot {
    /// The model in service, if any.
    pub fn get(&self) -> Option<Arc<ModelArtifact>> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces the model in service, returning the previous one.
    pub fn swap(&self, model: ModelArtifact) -> Option<Arc<ModelArtifact>> {
        let mut g = self.current.write().unwrap_or_else(|e| e.into_inner());
        g.replace(Arc::new(model))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::data::{ItemText, TrainingData};
    use crate::recommend::{ModelKind, Scorer, UserQuery};

    fn tiny() -> TrainingData {
        let rows = [
            ("u1", "a"),
            ("u1", "b"),
            ("u2", "b"),
            ("u2", "c"),
            ("u3", "a"),
            ("u3", "c"),
            ("u3", "b"),
        ];
        let text = ["a", "b", "c"]
            .iter()
            .map(|i| {
                (
                    i.to_string(),
                    ItemText {
                        text: format!("课程 {i}"),
                        tags: vec!["t".into()],
                    },
                )
            })
            .collect();
        TrainingData::from_rows(rows.iter().map(|&(u, i)| (u, i, 1.0, 0)), Some(&text)).unwrap()
    }

    #[test]
    fn round_trips_every_kind_through_bytes_file_and_json() {
        let data = tiny();
        let dir = std::env::temp_dir().join(format!("lyceum-artifact-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for kind in [
            ModelKind::Als,
            ModelKind::Ease,
            ModelKind::Tfidf,
            ModelKind::Popular,
            ModelKind::Hybrid,
            ModelKind::Auto,
        ] {
            let mut cfg = TrainConfig {
                kind,
                ..Default::default()
            };
            cfg.ease.min_item_count = 1;
            cfg.als.factors = 2;
            cfg.hybrid.grid_step = 0.5;
            let a = train(&data, &cfg).unwrap();
            let path = dir.join("model.lym");
            a.save(&path).unwrap();
            let b = ModelArtifact::load(&path).unwrap();
            let c = ModelArtifact::from_json(&a.to_json().unwrap()).unwrap();
            let h = [(0u32, 1.0f32)];
            let q = UserQuery {
                user: Some(0),
                history: &h,
            };
            let (mut sa, mut sb, mut sc) = (vec![0.0; 3], vec![0.0; 3], vec![0.0; 3]);
            a.model.score(&q, &mut sa);
            b.model.score(&q, &mut sb);
            c.model.score(&q, &mut sc);
            assert_eq!(sa, sb, "{kind:?}");
            assert_eq!(sa, sc, "{kind:?}");
            assert_eq!(b.item_ids, data.item_ids);
            assert_eq!(b.trained_at, a.trained_at);
            assert_eq!(b.config, a.config);
            if kind == ModelKind::Auto {
                assert!(b.model.selection().is_some());
                assert_eq!(b.model.selection(), a.model.selection());
            }
            if let crate::recommend::Model::Hybrid(h) = &b.model {
                // Auto (resolved to EASE here), content and popularity.
                assert_eq!(h.components.len(), 3);
                assert_eq!(h.components[0].kind(), ModelKind::Ease);
            }
        }
        let mut bad = train(
            &data,
            &TrainConfig {
                kind: ModelKind::Popular,
                ..Default::default()
            },
        )
        .unwrap()
        .to_bytes()
        .unwrap();
        bad[8] = 99;
        assert!(
            ModelArtifact::from_bytes(&bad)
                .unwrap_err()
                .to_string()
                .contains("version 99")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn slot_swaps() {
        let slot = ModelSlot::default();
        assert!(slot.get().is_none());
        let a = train(
            &tiny(),
            &TrainConfig {
                kind: ModelKind::Popular,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(slot.swap(a.clone()).is_none());
        assert!(slot.swap(a).is_some());
        assert!(slot.get().is_some());
    }
}
