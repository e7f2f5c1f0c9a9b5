//! `recommendedCourses`: the model's best courses for the viewer, without
//! their own, enrolled, refunded, draft and archived courses.

use std::collections::HashMap;

use entity::courses;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::explain::Why;
use super::history::{self, History, Scope};
use super::{ItemKind, Request, ServedList, Surface, fallback, model_picks, serve};
use crate::error::ApiResult;
use crate::services::Db;
use crate::services::columns::deferring;
use crate::services::courses::catalogue::LONG_TEXTS;

/// Of some courses, the published ones (long texts deferred), by id: one
/// primary-key statement.
pub async fn fetch_published(db: &impl Db, ids: &[i64]) -> ApiResult<HashMap<i64, courses::Model>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(deferring(courses::Entity::find(), LONG_TEXTS)
        .filter(courses::Column::Id.is_in(ids.iter().copied()))
        .filter(courses::Column::Status.eq(courses::Status::Published))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

/// The viewer's history, empty for a signed-out viewer.
pub async fn history_of(req: &Request<'_>, scope: Scope) -> ApiResult<History> {
    match req.viewer_id() {
        Some(id) => history::read(req.db, id, scope).await,
        None => Ok(History::default()),
    }
}

pub async fn recommended(req: &Request<'_>, first: usize) -> ApiResult<ServedList<courses::Model>> {
    let serving = req.recommender.active.current();
    let (model, variant) = serving.model_for(req.viewer_id());
    // A latent-factor model that was trained on the viewer holds their
    // taste: the request reads only what rules courses out.
    let scope = match model {
        Some(model) if model.holds_taste_of(req.viewer_id()) => Scope::CourseExclusions,
        _ => Scope::Full,
    };
    let history = history_of(req, scope).await?;
    let mut chosen: Vec<(courses::Model, Why)> = Vec::new();
    if let Some(model) = model
        && first > 0
    {
        chosen = model_picks(
            req,
            model,
            &history,
            first,
            ItemKind::Course,
            |id| history.excludes_course(id),
            |ids| async move { fetch_published(req.db, &ids).await },
        )
        .await?;
    }
    if chosen.len() < first {
        fallback::fill_courses(req, &history, &mut chosen, first).await?;
    }
    Ok(serve(
        req,
        Surface::Courses,
        model.cloned(),
        variant,
        chosen,
    ))
}
