//! The models this instance serves. The newest `recommender_activations` row
//! says which; every instance reloads when it hears `RecommenderActivated`
//! (PostgreSQL NOTIFY, or in-process on SQLite) and also polls, so a missed
//! notification only delays the swap. A swap replaces one `Arc`: requests
//! in flight finish on the model they started with. A model that cannot be
//! loaded (corrupt artefact, other signal version) is refused with a logged
//! error and the previous one keeps serving.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use anyhow::Context;
use entity::{recommender_artifacts, recommender_models};
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};
use sha2::{Digest, Sha256};

use super::SIGNALS_VERSION;
use super::items::{ItemRef, parse_user_key};
use crate::recommend::ModelArtifact;
use crate::services::analytics::experiments;

/// A loaded model with its ids mapped back to platform rows.
pub struct ServedModel {
    /// The `recommender_models` row.
    pub id: i64,
    pub artifact: ModelArtifact,
    /// Dense user index by user id.
    pub user_index: HashMap<i64, u32>,
    /// Platform row of each dense item index.
    pub items: Vec<ItemRef>,
    /// Dense item index by platform row.
    pub item_index: HashMap<ItemRef, u32>,
    /// Dense indices of the courses, and of the threads: a list of one kind
    /// scores only its own slice of the catalogue.
    pub course_items: Vec<u32>,
    pub thread_items: Vec<u32>,
}

impl ServedModel {
    pub fn new(id: i64, artifact: ModelArtifact) -> anyhow::Result<Self> {
        let items = artifact
            .item_ids
            .iter()
            .map(|key| ItemRef::parse(key).with_context(|| format!("unknown item id {key:?}")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let item_index = items
            .iter()
            .enumerate()
            .map(|(i, &item)| (item, i as u32))
            .collect();
        let user_index = artifact
            .user_ids
            .iter()
            .enumerate()
            .map(|(i, key)| {
                parse_user_key(key)
                    .map(|id| (id, i as u32))
                    .with_context(|| format!("unknown user id {key:?}"))
            })
            .collect::<anyhow::Result<_>>()?;
        let (course_items, thread_items): (Vec<u32>, Vec<u32>) =
            (0..items.len() as u32).partition(|&i| matches!(items[i as usize], ItemRef::Course(_)));
        Ok(Self {
            id,
            artifact,
            user_index,
            items,
            item_index,
            course_items,
            thread_items,
        })
    }

    /// Whether the model scores this user from state learned in training
    /// (latent factors), so that their history is not needed to score them.
    pub fn holds_taste_of(&self, user: Option<i64>) -> bool {
        self.artifact.model.kind() == crate::recommend::ModelKind::Als
            && user.is_some_and(|id| self.user_index.contains_key(&id))
    }

    /// Decodes a stored artefact (CPU work: call off the executor for big models).
    pub fn decode(row_id: i64, signals_version: i32, bytes: &[u8]) -> anyhow::Result<Self> {
        anyhow::ensure!(
            signals_version == SIGNALS_VERSION,
            "model {row_id} was trained on signals version {signals_version}; this server reads version {SIGNALS_VERSION}"
        );
        let artifact = ModelArtifact::from_bytes(bytes)
            .with_context(|| format!("model {row_id}: the stored artefact cannot be read"))?;
        Self::new(row_id, artifact)
    }
}

/// Which arm of the comparison a viewer is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The active model.
    Control,
    /// The model compared against it.
    Challenger,
    /// No model (none trained yet, or the viewer is unknown to it):
    /// tag- and popularity-based results.
    Fallback,
}

impl Variant {
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Control => "CONTROL",
            Variant::Challenger => "CHALLENGER",
            Variant::Fallback => "FALLBACK",
        }
    }
}

/// What is served now: the active model and, during a comparison, the
/// challenger with the share of users it gets.
#[derive(Default)]
pub struct Serving {
    pub activation_id: Option<i64>,
    pub control: Option<Arc<ServedModel>>,
    pub challenger: Option<Arc<ServedModel>>,
    pub challenger_share: f64,
    pub experiment_key: Option<String>,
}

impl Serving {
    /// The model for this viewer: the comparison's experiment assigns the
    /// arm (a stable hash of key and user over the arms' weights), so a
    /// user is in the same arm on every request and every instance, and in
    /// the variant the experiment records.
    /// Anonymous viewers get the active model.
    pub fn model_for(&self, user_id: Option<i64>) -> (Option<&Arc<ServedModel>>, Variant) {
        if let (Some(challenger), Some(key), Some(user)) =
            (&self.challenger, &self.experiment_key, user_id)
            && experiments::comparison::is_challenger(key, user, self.challenger_share)
        {
            return (Some(challenger), Variant::Challenger);
        }
        match &self.control {
            Some(control) => (Some(control), Variant::Control),
            None => (None, Variant::Fallback),
        }
    }
}

/// A user's position in [0, 1) for an experiment.
pub fn bucket(experiment_key: &str, user_id: i64) -> f64 {
    let digest = Sha256::new()
        .chain_update(experiment_key.as_bytes())
        .chain_update(b":")
        .chain_update(user_id.to_le_bytes())
        .finalize();
    let top = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
    (top >> 11) as f64 / (1u64 << 53) as f64
}

#[derive(Default)]
pub struct ActiveModels {
    current: RwLock<Arc<Serving>>,
}

impl ActiveModels {
    pub fn current(&self) -> Arc<Serving> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn install(&self, serving: Serving) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(serving);
    }

    /// Serves what the newest activation names; true when it changed.
    /// On error the previous models keep serving.
    pub async fn reload(&self, db: &impl crate::services::Db) -> anyhow::Result<bool> {
        let Some(activation) = super::store::current_activation(db).await? else {
            return Ok(false);
        };
        let now = self.current();
        if now.activation_id == Some(activation.id) {
            return Ok(false);
        }
        let control = load(db, activation.model_id, now.as_ref()).await?;
        let challenger = match activation.challenger_id {
            Some(id) => Some(load(db, id, now.as_ref()).await?),
            None => None,
        };
        tracing::info!(
            activation = activation.id,
            model = activation.model_id,
            challenger = activation.challenger_id,
            "recommender model in service"
        );
        self.install(Serving {
            activation_id: Some(activation.id),
            control: Some(control),
            challenger,
            challenger_share: activation.challenger_share,
            experiment_key: activation.experiment_key,
        });
        Ok(true)
    }
}

/// A model already in memory is reused; otherwise it is read and decoded.
async fn load(
    db: &impl ConnectionTrait,
    model_id: i64,
    serving: &Serving,
) -> anyhow::Result<Arc<ServedModel>> {
    if let Some(loaded) = [&serving.control, &serving.challenger]
        .into_iter()
        .flatten()
        .find(|m| m.id == model_id)
    {
        return Ok(loaded.clone());
    }
    let version: i32 = recommender_models::Entity::find_by_id(model_id)
        .select_only()
        .column(recommender_models::Column::SignalsVersion)
        .into_tuple()
        .one(db)
        .await?
        .with_context(|| format!("model {model_id} does not exist"))?;
    let bytes = recommender_artifacts::Entity::find_by_id(model_id)
        .one(db)
        .await?
        .with_context(|| format!("model {model_id} has no artefact"))?
        .bytes;
    let model = tokio::task::spawn_blocking(move || ServedModel::decode(model_id, version, &bytes))
        .await??;
    Ok(Arc::new(model))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_stable_and_spread() {
        assert_eq!(bucket("exp", 7), bucket("exp", 7));
        assert_ne!(bucket("exp", 7), bucket("other", 7));
        let share = (0..10_000).filter(|&u| bucket("exp", u) < 0.3).count();
        assert!((2_700..3_300).contains(&share), "{share}");
    }
}
