//! `recommendedThreads`: threads the viewer may read (a course's threads
//! only for its members and staff), live (not hidden, deleted or merged),
//! not their own and not ones they already took part in.

use std::collections::HashMap;

use entity::threads;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

use super::courses::history_of;
use super::explain::Why;
use super::{ItemKind, Request, ServedList, Surface, fallback, model_picks, serve};
use crate::auth::Viewer;
use crate::error::ApiResult;
use crate::services::Db;
use crate::services::columns::deferring;
use crate::services::community::access::readable_threads;
use crate::services::community::threads::LONG_TEXTS;

/// Threads worth listing to the viewer: readable, live, not their own.
pub fn listable(viewer: Option<&Viewer>) -> Condition {
    let mut condition = Condition::all()
        .add(readable_threads(viewer))
        .add(threads::Column::DeletedAt.is_null())
        .add(threads::Column::HiddenAt.is_null())
        .add(threads::Column::MergedIntoId.is_null());
    if let Some(viewer) = viewer {
        condition = condition.add(threads::Column::AuthorId.ne(viewer.id()));
    }
    condition
}

/// Of some threads, the listable ones (long texts deferred), by id: one
/// primary-key statement with the access filter.
pub async fn fetch_listable(
    db: &impl Db,
    viewer: Option<&Viewer>,
    ids: &[i64],
) -> ApiResult<HashMap<i64, threads::Model>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(deferring(threads::Entity::find(), LONG_TEXTS)
        .filter(threads::Column::Id.is_in(ids.iter().copied()))
        .filter(listable(viewer))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect())
}

pub async fn recommended(req: &Request<'_>, first: usize) -> ApiResult<ServedList<threads::Model>> {
    let serving = req.recommender.active.current();
    let (model, variant) = serving.model_for(req.viewer_id());
    let history = history_of(req, super::history::Scope::Full).await?;
    let mut chosen: Vec<(threads::Model, Why)> = Vec::new();
    if let Some(model) = model
        && first > 0
    {
        chosen = model_picks(
            req,
            model,
            &history,
            first,
            ItemKind::Thread,
            |id| history.excludes_thread(id),
            |ids| async move { fetch_listable(req.db, req.viewer, &ids).await },
        )
        .await?;
    }
    if chosen.len() < first {
        fallback::fill_threads(req, &history, &mut chosen, first).await?;
    }
    Ok(serve(
        req,
        Surface::Threads,
        model.cloned(),
        variant,
        chosen,
    ))
}
