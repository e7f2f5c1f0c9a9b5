//! Sparse implicit-feedback interaction matrix and item text.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One observed interaction, by dense user and item index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interaction {
    /// Dense user index (`0..n_users`).
    pub user: u32,
    /// Dense item index (`0..n_items`).
    pub item: u32,
    /// Confidence weight (> 0); 1.0 for a plain "interacted".
    pub weight: f32,
    /// Unix seconds of the interaction, 0 if unknown (used by popularity decay).
    pub timestamp: i64,
}

/// Users × items implicit-feedback matrix in CSR form (rows = users).
///
/// Duplicate (user, item) pairs are merged when built: weights add up and
/// the latest timestamp is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interactions {
    n_users: usize,
    n_items: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    weights: Vec<f32>,
    timestamps: Vec<i64>,
}

impl Interactions {
    /// A matrix of unit-weight `(user, item)` pairs: the fixture tests share.
    #[cfg(test)]
    pub(crate) fn from_unit_pairs(n_users: usize, n_items: usize, pairs: &[(u32, u32)]) -> Self {
        let list = pairs
            .iter()
            .map(|&(user, item)| Interaction {
                user,
                item,
                weight: 1.0,
                timestamp: 0,
            })
            .collect();
        Self::from_interactions(n_users, n_items, list).expect("a valid fixture")
    }

    /// Builds the matrix from interactions; indices must be below the given sizes.
    pub fn from_interactions(
        n_users: usize,
        n_items: usize,
        mut list: Vec<Interaction>,
    ) -> anyhow::Result<Self> {
        if let Some(bad) = list
            .iter()
            .find(|x| x.user as usize >= n_users || x.item as usize >= n_items)
        {
            anyhow::bail!(
                "interaction ({}, {}) outside a {n_users}×{n_items} matrix",
                bad.user,
                bad.item
            );
        }
        if let Some(bad) = list
            .iter()
            .find(|x| !(x.weight.is_finite() && x.weight > 0.0))
        {
            anyhow::bail!(
                "interaction weight must be positive and finite, got {}",
                bad.weight
            );
        }
        list.sort_unstable_by_key(|x| (x.user, x.item));
        let mut indptr = vec![0usize; n_users + 1];
        let mut indices = Vec::with_capacity(list.len());
        let mut weights = Vec::with_capacity(list.len());
        let mut timestamps = Vec::with_capacity(list.len());
        let mut last: Option<(u32, u32)> = None;
        for x in list {
            if last == Some((x.user, x.item)) {
                *weights.last_mut().expect("merged entry exists") += x.weight;
                let t: &mut i64 = timestamps.last_mut().expect("merged entry exists");
                *t = (*t).max(x.timestamp);
                continue;
            }
            last = Some((x.user, x.item));
            indptr[x.user as usize + 1] += 1;
            indices.push(x.item);
            weights.push(x.weight);
            timestamps.push(x.timestamp);
        }
        for u in 0..n_users {
            indptr[u + 1] += indptr[u];
        }
        Ok(Self {
            n_users,
            n_items,
            indptr,
            indices,
            weights,
            timestamps,
        })
    }

    /// An empty matrix of the given shape.
    pub fn empty(n_users: usize, n_items: usize) -> Self {
        Self {
            n_users,
            n_items,
            indptr: vec![0; n_users + 1],
            indices: Vec::new(),
            weights: Vec::new(),
            timestamps: Vec::new(),
        }
    }

    /// Number of users (rows).
    pub fn n_users(&self) -> usize {
        self.n_users
    }

    /// Number of items (columns).
    pub fn n_items(&self) -> usize {
        self.n_items
    }

    /// Number of stored (user, item) pairs.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// The items of `user`, sorted by item index, with their weights.
    pub fn row(&self, user: usize) -> (&[u32], &[f32]) {
        let r = self.indptr[user]..self.indptr[user + 1];
        (&self.indices[r.clone()], &self.weights[r])
    }

    /// Timestamps of `user`'s interactions, parallel to [`Self::row`].
    pub fn row_timestamps(&self, user: usize) -> &[i64] {
        &self.timestamps[self.indptr[user]..self.indptr[user + 1]]
    }

    /// `user`'s history as `(item, weight)` pairs.
    pub fn history(&self, user: usize) -> Vec<(u32, f32)> {
        let (items, weights) = self.row(user);
        items.iter().copied().zip(weights.iter().copied()).collect()
    }

    /// Iterates over every interaction.
    pub fn iter(&self) -> impl Iterator<Item = Interaction> + '_ {
        (0..self.n_users).flat_map(move |u| {
            let r = self.indptr[u]..self.indptr[u + 1];
            r.map(move |k| Interaction {
                user: u as u32,
                item: self.indices[k],
                weight: self.weights[k],
                timestamp: self.timestamps[k],
            })
        })
    }

    /// Items × users transpose (same weights), for item-side solves.
    pub fn transpose(&self) -> Self {
        let list = self
            .iter()
            .map(|x| Interaction {
                user: x.item,
                item: x.user,
                ..x
            })
            .collect();
        Self::from_interactions(self.n_items, self.n_users, list)
            .expect("transpose of a valid matrix is valid")
    }

    /// Number of users who interacted with each item.
    pub fn item_counts(&self) -> Vec<u32> {
        let mut c = vec![0u32; self.n_items];
        for &i in &self.indices {
            c[i as usize] += 1;
        }
        c
    }

    /// Latest timestamp in the matrix (0 if empty).
    pub fn max_timestamp(&self) -> i64 {
        self.timestamps.iter().copied().max().unwrap_or(0)
    }
}

/// Text attached to an item for the content model: free text (title,
/// description; any language — Chinese is segmented) plus tags (kept whole).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemText {
    /// Title and/or body text.
    pub text: String,
    /// Tags or categories; each tag becomes one token.
    pub tags: Vec<String>,
}

/// Everything a model is trained on: interactions plus the external ids
/// that dense indices stand for, and optional item text.
#[derive(Debug, Clone)]
pub struct TrainingData {
    /// Users × items matrix.
    pub interactions: Interactions,
    /// External id of each user index.
    pub user_ids: Vec<String>,
    /// External id of each item index.
    pub item_ids: Vec<String>,
    /// Text for each item index (same length as `item_ids`) if available.
    pub item_text: Option<Vec<ItemText>>,
}

impl TrainingData {
    /// Builds dense indices from `(user_id, item_id, weight, timestamp)` rows,
    /// in order of first appearance; `item_text` is looked up by item id.
    pub fn from_rows<'a>(
        rows: impl IntoIterator<Item = (&'a str, &'a str, f32, i64)>,
        item_text: Option<&HashMap<String, ItemText>>,
    ) -> anyhow::Result<Self> {
        let mut users: HashMap<String, u32> = HashMap::new();
        let mut items: HashMap<String, u32> = HashMap::new();
        let mut user_ids = Vec::new();
        let mut item_ids = Vec::new();
        let mut list = Vec::new();
        for (u, i, weight, timestamp) in rows {
            let user = *users.entry(u.to_owned()).or_insert_with(|| {
                user_ids.push(u.to_owned());
                (user_ids.len() - 1) as u32
            });
            let item = *items.entry(i.to_owned()).or_insert_with(|| {
                item_ids.push(i.to_owned());
                (item_ids.len() - 1) as u32
            });
            list.push(Interaction {
                user,
                item,
                weight,
                timestamp,
            });
        }
        let interactions = Interactions::from_interactions(user_ids.len(), item_ids.len(), list)?;
        let item_text = item_text.map(|t| {
            item_ids
                .iter()
                .map(|id| t.get(id).cloned().unwrap_or_default())
                .collect()
        });
        Ok(Self {
            interactions,
            user_ids,
            item_ids,
            item_text,
        })
    }

    /// The same ids and text with another interaction matrix of the same shape
    /// (e.g. the training part of a split).
    pub fn with_interactions(&self, interactions: Interactions) -> Self {
        assert_eq!(interactions.n_users(), self.user_ids.len());
        assert_eq!(interactions.n_items(), self.item_ids.len());
        Self {
            interactions,
            user_ids: self.user_ids.clone(),
            item_ids: self.item_ids.clone(),
            item_text: self.item_text.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ix(user: u32, item: u32, weight: f32) -> Interaction {
        Interaction {
            user,
            item,
            weight,
            timestamp: 0,
        }
    }

    #[test]
    fn builds_csr_and_merges_duplicates() {
        let m = Interactions::from_interactions(
            3,
            4,
            vec![ix(2, 1, 1.0), ix(0, 3, 2.0), ix(0, 1, 1.0), ix(0, 3, 1.0)],
        )
        .unwrap();
        assert_eq!(m.nnz(), 3);
        assert_eq!(m.row(0), (&[1u32, 3][..], &[1.0f32, 3.0][..]));
        assert_eq!(m.row(1).0.len(), 0);
        assert_eq!(m.item_counts(), vec![0, 2, 0, 1]);
        let t = m.transpose();
        assert_eq!(t.row(1).0, &[0, 2]);
        assert!(Interactions::from_interactions(1, 1, vec![ix(0, 1, 1.0)]).is_err());
        assert!(Interactions::from_interactions(1, 1, vec![ix(0, 0, 0.0)]).is_err());
    }
}
