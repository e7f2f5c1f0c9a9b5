//! Interest groups of the served model (fitted at training on the users'
//! vectors: KMeans with k chosen by silhouette, labelled by their most
//! characteristic tags). Staff see every group with a plotting sample of
//! members' 2-D PCA coordinates; a member sees their own group with a few
//! neighbours to follow and the group's threads to join.

use std::sync::Arc;

use entity::{threads, users};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_xoshiro::Xoshiro256PlusPlus;

use super::explain::{Why, group_label};
use super::history;
use super::{Request, ServedList, Surface, serve};
use crate::error::ApiResult;
use crate::recommend::clusters::InterestGroups;
use crate::services::recommendations::active::ServedModel;
use crate::services::recommendations::items::ItemRef;

/// Points plotted at most, over all groups.
pub const MAX_POINTS: usize = 2_000;
/// Suggestions in `myInterestGroup`.
pub const SUGGESTIONS: usize = 5;

/// One group of a served model.
#[derive(Clone)]
pub struct GroupRef {
    pub model: Arc<ServedModel>,
    pub index: u32,
}

impl GroupRef {
    fn groups(&self) -> &InterestGroups {
        self.model
            .artifact
            .groups
            .as_ref()
            .expect("a GroupRef is made only for a model with groups")
    }

    pub fn size(&self) -> usize {
        self.groups().groups[self.index as usize].size
    }

    pub fn tags(&self) -> &[String] {
        &self.groups().groups[self.index as usize].top_tags
    }

    pub fn label(&self) -> String {
        group_label(self.index, self.tags())
    }

    /// Stable across requests while the model serves: `model:group`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.model.id, self.index)
    }

    /// PCA coordinates of this group's members in the plotting sample.
    pub fn points(&self) -> Vec<(f32, f32)> {
        let groups = self.groups();
        sample(groups.labels.len(), MAX_POINTS, self.model.id as u64)
            .into_iter()
            .filter(|&u| groups.labels[u] == self.index)
            .map(|u| (groups.coords[[u, 0]], groups.coords[[u, 1]]))
            .collect()
    }
}

/// Up to `cap` of `0..n`, the same for the same arguments, sorted.
pub fn sample(n: usize, cap: usize, seed: u64) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    if n > cap {
        all.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(seed));
        all.truncate(cap);
        all.sort_unstable();
    }
    all
}

/// The groups of the active model, for staff.
pub struct Overview {
    pub model: Arc<ServedModel>,
    pub k: usize,
    pub silhouette: f64,
    pub groups: Vec<GroupRef>,
}

/// None while no model (or one without groups) serves.
pub fn overview(req: &Request<'_>) -> Option<Overview> {
    let serving = req.recommender.active.current();
    let model = serving.control.clone()?;
    let groups = model.artifact.groups.as_ref()?;
    Some(Overview {
        k: groups.k,
        silhouette: groups.silhouette,
        groups: (0..groups.groups.len() as u32)
            .map(|index| GroupRef {
                model: model.clone(),
                index,
            })
            .collect(),
        model,
    })
}

/// The viewer's own group, with people to follow and threads to join.
pub struct MyGroup {
    pub group: GroupRef,
    pub members: ServedList<users::Model>,
    pub threads: ServedList<threads::Model>,
}

/// None when the viewer is not in the served model's groups.
pub async fn my_group(req: &Request<'_>) -> ApiResult<Option<MyGroup>> {
    let Some(viewer) = req.viewer_id() else {
        return Ok(None);
    };
    let serving = req.recommender.active.current();
    let (Some(model), variant) = serving.model_for(Some(viewer)) else {
        return Ok(None);
    };
    let Some(mine) = super::viewer_group(model, Some(viewer)) else {
        return Ok(None);
    };
    let group = GroupRef {
        model: model.clone(),
        index: mine.index,
    };
    let history = history::read(req.db, viewer, history::Scope::Full).await?;

    let near: Vec<i64> = super::people::neighbours(model, viewer)
        .into_iter()
        .map(|n| n.0)
        .filter(|id| !history.followed_users.contains(id))
        .collect();
    let mut rows = super::people::fetch_active(req.db, &near, req.now).await?;
    let people: Vec<(users::Model, Why)> = near
        .iter()
        .filter_map(|id| rows.remove(id))
        .take(SUGGESTIONS)
        .map(|u| (u, Why::group(mine.index)))
        .collect();

    let thread_ids: Vec<i64> = mine
        .group
        .top_items
        .iter()
        .filter_map(|&i| match model.items.get(i as usize) {
            Some(&ItemRef::Thread(id)) if !history.excludes_thread(id) => Some(id),
            _ => None,
        })
        .collect();
    let mut rows = super::threads::fetch_listable(req.db, req.viewer, &thread_ids).await?;
    let threads: Vec<(threads::Model, Why)> = thread_ids
        .iter()
        .filter_map(|id| rows.remove(id))
        .take(SUGGESTIONS)
        .map(|t| (t, Why::group(mine.index)))
        .collect();

    Ok(Some(MyGroup {
        members: serve(
            req,
            Surface::GroupMembers,
            Some(model.clone()),
            variant,
            people,
        ),
        threads: serve(
            req,
            Surface::GroupThreads,
            Some(model.clone()),
            variant,
            threads,
        ),
        group,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_deterministic_bounded_and_sorted() {
        assert_eq!(sample(5, 10, 1), vec![0, 1, 2, 3, 4]);
        let a = sample(10_000, 2_000, 7);
        assert_eq!(a, sample(10_000, 2_000, 7));
        assert_ne!(a, sample(10_000, 2_000, 8));
        assert_eq!(a.len(), 2_000);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        // Spread over the range, not a prefix.
        assert!(a.iter().filter(|&&u| u >= 5_000).count() > 800);
    }
}
