//! Popularity with exponential time decay: each interaction counts
//! `weight · 0.5^(age / half_life)`, age measured from the newest
//! interaction in the training data (not the wall clock, so the same data
//! always gives the same model). `half_life_days = None` is plain counting.

use serde::{Deserialize, Serialize};

use super::data::Interactions;
use super::{Explanation, Scorer, UserQuery};

/// Popularity parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopularityParams {
    /// Half-life of an interaction's contribution, in days; `None` = no decay.
    pub half_life_days: Option<f64>,
}

impl Default for PopularityParams {
    fn default() -> Self {
        Self {
            half_life_days: Some(365.0),
        }
    }
}

/// One score per item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PopularityModel {
    /// Decayed popularity of each item.
    pub scores: Vec<f32>,
    /// Parameters used.
    pub params: PopularityParams,
}

impl PopularityModel {
    /// Computes decayed popularity from `x`.
    pub fn fit(x: &Interactions, params: &PopularityParams) -> Self {
        let now = x.max_timestamp();
        let mut scores = vec![0f64; x.n_items()];
        for it in x.iter() {
            let decay = match params.half_life_days {
                Some(h) if h > 0.0 => {
                    let age_days = (now - it.timestamp).max(0) as f64 / 86_400.0;
                    0.5f64.powf(age_days / h)
                }
                _ => 1.0,
            };
            scores[it.item as usize] += it.weight as f64 * decay;
        }
        Self {
            scores: scores.into_iter().map(|s| s as f32).collect(),
            params: params.clone(),
        }
    }
}

impl Scorer for PopularityModel {
    fn n_items(&self) -> usize {
        self.scores.len()
    }
    fn score(&self, _query: &UserQuery<'_>, out: &mut [f32]) {
        out.copy_from_slice(&self.scores);
    }
    fn explain(&self, _query: &UserQuery<'_>, _item: u32) -> Explanation {
        Explanation::Popular
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::Interaction;
    use super::*;

    #[test]
    fn decay_halves_per_half_life() {
        let day = 86_400;
        let list = vec![
            Interaction {
                user: 0,
                item: 0,
                weight: 1.0,
                timestamp: 10 * day,
            },
            Interaction {
                user: 1,
                item: 0,
                weight: 1.0,
                timestamp: 10 * day,
            },
            Interaction {
                user: 0,
                item: 1,
                weight: 1.0,
                timestamp: 20 * day,
            },
        ];
        let x = Interactions::from_interactions(2, 2, list).unwrap();
        let m = PopularityModel::fit(
            &x,
            &PopularityParams {
                half_life_days: Some(10.0),
            },
        );
        assert!((m.scores[0] - 1.0).abs() < 1e-6 && (m.scores[1] - 1.0).abs() < 1e-6);
        let plain = PopularityModel::fit(
            &x,
            &PopularityParams {
                half_life_days: None,
            },
        );
        assert_eq!(plain.scores, vec![2.0, 1.0]);
    }
}
