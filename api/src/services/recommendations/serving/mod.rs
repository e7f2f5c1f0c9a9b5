//! Serving recommendations from the model in memory.
//!
//! A request reads the viewer's history (one statement, [`history`]),
//! scores that one user against the served model (control or challenger,
//! by a stable hash: `Serving::model_for`), keeps the best few times the
//! asked number of candidates of the right kind, and filters them in one
//! primary-key statement (status, visibility). Whatever the model cannot
//! fill — no model yet, a signed-out or cold-start viewer, filtered
//! candidates — comes from followed tags and cached popularity lists
//! ([`fallback`]), so a list is never empty while anything is listable.
//! Every served item gets a fresh impression id and an impression record
//! on the batch queue (no database round trip in the request).

pub mod courses;
pub mod explain;
pub mod fallback;
pub mod groups;
pub mod history;
pub mod people;
pub mod popular;
pub mod similar;
pub mod threads;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::Recommender;
use super::active::{ServedModel, Variant};
use super::impressions::{Impression, Record};
use super::items::ItemRef;
use crate::auth::Viewer;
use crate::error::{ApiError, ApiResult};
use crate::recommend::{Explanation, Scorer, UserQuery, top_k};
use explain::{ViewerGroup, Why};
use history::History;

/// Longest list served.
pub const MAX_FIRST: i32 = 100;

/// Checks a list size: 0 to 100.
pub fn check_first(first: i32) -> ApiResult<usize> {
    if (0..=MAX_FIRST).contains(&first) {
        Ok(first as usize)
    } else {
        Err(ApiError::bad_input(
            "first",
            format!("first must be between 0 and {MAX_FIRST}"),
        ))
    }
}

/// What serving needs from the request.
pub struct Request<'a> {
    pub db: &'a DatabaseConnection,
    pub recommender: &'a Recommender,
    pub viewer: Option<&'a Viewer>,
    pub now: DateTime<Utc>,
}

impl Request<'_> {
    pub fn viewer_id(&self) -> Option<i64> {
        self.viewer.map(Viewer::id)
    }
}

/// Which list an impression was shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Courses,
    Threads,
    SimilarCourses,
    SimilarUsers,
    GroupMembers,
    GroupThreads,
}

impl Surface {
    pub fn as_str(self) -> &'static str {
        match self {
            Surface::Courses => "COURSES",
            Surface::Threads => "THREADS",
            Surface::SimilarCourses => "SIMILAR_COURSES",
            Surface::SimilarUsers => "SIMILAR_USERS",
            Surface::GroupMembers => "GROUP_MEMBERS",
            Surface::GroupThreads => "GROUP_THREADS",
        }
    }
}

/// One served item.
pub struct Served<T> {
    pub row: T,
    pub why: Why,
    pub impression_id: Uuid,
}

/// A served list, with the model that served it (None: fallback only).
pub struct ServedList<T> {
    pub model: Option<Arc<ServedModel>>,
    pub variant: Variant,
    pub items: Vec<Served<T>>,
}

/// Rows that can be recorded as impressions.
pub trait Item {
    fn item(&self) -> (&'static str, i64);
}

impl Item for entity::courses::Model {
    fn item(&self) -> (&'static str, i64) {
        ("COURSE", self.id)
    }
}

impl Item for entity::threads::Model {
    fn item(&self) -> (&'static str, i64) {
        ("THREAD", self.id)
    }
}

impl Item for entity::users::Model {
    fn item(&self) -> (&'static str, i64) {
        ("USER", self.id)
    }
}

/// Gives each item an impression id and queues its impression (and,
/// during a comparison, the viewer's exposure to its experiment).
pub fn serve<T: Item>(
    req: &Request<'_>,
    surface: Surface,
    model: Option<Arc<ServedModel>>,
    variant: Variant,
    chosen: Vec<(T, Why)>,
) -> ServedList<T> {
    if !chosen.is_empty() {
        let model_id = model.as_ref().map(|m| m.id);
        super::impressions::queue_exposure(
            req.recommender,
            req.viewer_id(),
            model_id,
            variant,
            req.now,
        );
    }
    let items = chosen
        .into_iter()
        .enumerate()
        .map(|(position, (row, why))| {
            let impression_id = super::impressions::new_id(req.now);
            let (item_type, item_id) = row.item();
            req.recommender
                .impressions
                .push(Record::Impression(Impression {
                    id: impression_id,
                    user_id: req.viewer_id(),
                    surface: surface.as_str(),
                    model_id: model.as_ref().map(|m| m.id),
                    variant: variant.as_str(),
                    item_type,
                    item_id,
                    position: position as i32 + 1,
                    explanation: why.reason.as_str(),
                    at: req.now,
                }));
            Served {
                row,
                why,
                impression_id,
            }
        })
        .collect();
    ServedList {
        model,
        variant,
        items,
    }
}

/// A model item chosen for one user.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub index: u32,
    pub item: ItemRef,
    pub score: f32,
    pub explanation: Explanation,
}

/// One user's best `k` of `candidates` (dense item indices) that `keep`
/// accepts, with positive scores, outside the history. The only
/// per-request model work: the candidates' scores for one user.
pub fn score_user(
    model: &ServedModel,
    user: Option<i64>,
    history: &[(u32, f32)],
    candidates: &[u32],
    k: usize,
    keep: impl Fn(ItemRef) -> bool,
) -> Vec<Scored> {
    let engine = &model.artifact.model;
    let query = UserQuery {
        user: user
            .and_then(|id| model.user_index.get(&id))
            .map(|&u| u as usize),
        history,
    };
    if query.user.is_none() && history.is_empty() {
        return Vec::new();
    }
    let mut scores = vec![0f32; candidates.len()];
    engine.score_items(&query, candidates, &mut scores);
    let seen: std::collections::HashSet<u32> = history.iter().map(|h| h.0).collect();
    top_k(&scores, k, |p| {
        let index = candidates[p as usize];
        scores[p as usize] <= 0.0
            || seen.contains(&index)
            || !model
                .items
                .get(index as usize)
                .is_some_and(|&item| keep(item))
    })
    .into_iter()
    .map(|(p, score)| {
        let index = candidates[p as usize];
        Scored {
            index,
            item: model.items[index as usize],
            score,
            explanation: engine.explain(&query, index),
        }
    })
    .collect()
}

/// The viewer's interest group in a model, if they were in its training.
pub fn viewer_group(model: &ServedModel, user: Option<i64>) -> Option<ViewerGroup<'_>> {
    let groups = model.artifact.groups.as_ref()?;
    let u = *model.user_index.get(&user?)? as usize;
    let index = *groups.labels.get(u)?;
    Some(ViewerGroup {
        index,
        group: groups.groups.get(index as usize)?,
    })
}

/// The model's best `first` items of one kind for the viewer, best first,
/// as the rows `fetch` returns for their ids (one statement; an id it
/// leaves out, e.g. no longer published or readable, is skipped).
/// `kind` picks the model's items of one kind; `excluded` drops what the
/// history rules out.
pub async fn model_picks<T, Fut>(
    req: &Request<'_>,
    model: &ServedModel,
    history: &History,
    first: usize,
    kind: ItemKind,
    excluded: impl Fn(i64) -> bool,
    fetch: impl FnOnce(Vec<i64>) -> Fut,
) -> ApiResult<Vec<(T, Why)>>
where
    Fut: std::future::Future<Output = ApiResult<std::collections::HashMap<i64, T>>>,
{
    let folded = history.fold_in(model);
    let id_of = kind.id_of();
    let scored = score_user(
        model,
        req.viewer_id(),
        &folded,
        kind.candidates(model),
        over_fetch(first),
        |item| id_of(item).is_some_and(|id| !excluded(id)),
    );
    let mut rows = fetch(scored.iter().filter_map(|s| id_of(s.item)).collect()).await?;
    let group = viewer_group(model, req.viewer_id());
    Ok(scored
        .into_iter()
        .filter_map(|s| {
            let row = rows.remove(&id_of(s.item)?)?;
            let why = explain::from_engine(s.explanation, s.index, &model.items, history, group);
            Some((row, why))
        })
        .take(first)
        .collect())
}

/// Which of the model's items a list serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Course,
    Thread,
}

impl ItemKind {
    /// The model's dense indices of this kind.
    pub fn candidates(self, model: &ServedModel) -> &[u32] {
        match self {
            ItemKind::Course => &model.course_items,
            ItemKind::Thread => &model.thread_items,
        }
    }

    /// The row id of an item of this kind.
    pub fn id_of(self) -> fn(ItemRef) -> Option<i64> {
        match self {
            ItemKind::Course => ItemRef::course_id,
            ItemKind::Thread => ItemRef::thread_id,
        }
    }
}

/// How many model candidates to score for a list of `first`: filtering
/// (status, visibility) drops some, so over-fetch.
pub fn over_fetch(first: usize) -> usize {
    first * 3 + 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_is_bounded() {
        assert_eq!(check_first(0).unwrap(), 0);
        assert_eq!(check_first(100).unwrap(), 100);
        for bad in [-1, 101, i32::MAX] {
            assert_eq!(
                check_first(bad).unwrap_err().code(),
                crate::error::ErrorCode::BadUserInput
            );
        }
    }
}
