//! `similarUsers`: "people who learn what you learn" — the viewer's nearest
//! neighbours by cosine over the model's user vectors (precomputed with
//! linfa-nn at training, in the artefact's interest groups). Viewers the
//! model does not know get members who declared the same interests, then
//! active members by points. Never the viewer, never suspended or deleted
//! accounts.

use std::collections::{HashMap, HashSet};

use entity::users;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};

use super::explain::{Reason, Why};
use super::{Request, ServedList, Surface, serve, viewer_group};
use crate::auth::status_in_force;
use crate::error::ApiResult;
use crate::services::Db;
use crate::services::recommendations::active::ServedModel;
use crate::services::recommendations::items::parse_user_key;
use crate::services::search::query::placeholders;

/// Of some users, those whose account is active now, by id.
pub async fn fetch_active(
    db: &impl Db,
    ids: &[i64],
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<HashMap<i64, users::Model>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids.iter().copied()))
        .filter(users::Column::Status.is_in([users::Status::Active, users::Status::Suspended]))
        .all(db)
        .await?
        .into_iter()
        .filter(|u| status_in_force(u, now) == users::Status::Active)
        .map(|u| (u.id, u))
        .collect())
}

/// A user's nearest neighbours in the model: `(user id, cosine)`, best first.
pub fn neighbours(model: &ServedModel, user_id: i64) -> Vec<(i64, f32)> {
    let Some(groups) = model.artifact.groups.as_ref() else {
        return Vec::new();
    };
    let Some(&u) = model.user_index.get(&user_id) else {
        return Vec::new();
    };
    groups
        .neighbours
        .get(u as usize)
        .into_iter()
        .flatten()
        .filter_map(|&(v, cosine)| {
            let id = parse_user_key(model.artifact.user_ids.get(v as usize)?)?;
            (id != user_id).then_some((id, cosine))
        })
        .collect()
}

const SHARED_INTERESTS: &str = "\
SELECT b.user_id AS id, COUNT(*) AS shared FROM user_interests a \
JOIN user_interests b ON b.tag_id = a.tag_id \
WHERE a.user_id = ? AND b.user_id <> ? \
GROUP BY b.user_id ORDER BY shared DESC, b.user_id LIMIT ?";

async fn shared_interests(req: &Request<'_>, user_id: i64, limit: usize) -> ApiResult<Vec<i64>> {
    let backend = req.db.get_database_backend();
    let rows = req
        .db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, SHARED_INTERESTS),
            [user_id.into(), user_id.into(), (limit as i64).into()],
        ))
        .await?;
    rows.iter()
        .map(|row| Ok(row.try_get::<i64>("", "id")?))
        .collect()
}

pub async fn similar_users(req: &Request<'_>, first: usize) -> ApiResult<ServedList<users::Model>> {
    let serving = req.recommender.active.current();
    let (model, variant) = serving.model_for(req.viewer_id());
    let viewer = req.viewer_id();
    let mut chosen: Vec<(users::Model, Why)> = Vec::with_capacity(first);
    let mut taken: HashSet<i64> = viewer.into_iter().collect();
    if let (Some(model), Some(viewer)) = (model, viewer)
        && first > 0
    {
        let near = neighbours(model, viewer);
        let ids: Vec<i64> = near.iter().map(|n| n.0).collect();
        let mut rows = fetch_active(req.db, &ids, req.now).await?;
        let group = viewer_group(model, Some(viewer));
        let labels = model.artifact.groups.as_ref().map(|g| &g.labels);
        for (id, _) in near {
            if chosen.len() >= first {
                break;
            }
            let Some(row) = rows.remove(&id) else {
                continue;
            };
            let same_group = match (group, labels, model.user_index.get(&id)) {
                (Some(g), Some(labels), Some(&u)) => labels.get(u as usize) == Some(&g.index),
                _ => false,
            };
            let why = Why {
                group: same_group.then(|| group.map(|g| g.index)).flatten(),
                ..Why::plain(Reason::SimilarMembers)
            };
            taken.insert(id);
            chosen.push((row, why));
        }
    }
    if chosen.len() < first
        && let Some(viewer) = viewer
    {
        let ids = shared_interests(req, viewer, super::over_fetch(first)).await?;
        let mut rows = fetch_active(req.db, &ids, req.now).await?;
        for id in ids {
            if chosen.len() >= first {
                break;
            }
            if !taken.contains(&id)
                && let Some(row) = rows.remove(&id)
            {
                taken.insert(id);
                chosen.push((row, Why::plain(Reason::MatchesYourInterests)));
            }
        }
    }
    if chosen.len() < first {
        let popular = req.recommender.serving.popular_members(req.db).await?;
        let fresh = super::popular::take_fresh(
            &popular,
            |id| !taken.contains(&id),
            first - chosen.len(),
            |ids| async move { fetch_active(req.db, &ids, req.now).await },
        )
        .await?;
        chosen.extend(fresh.into_iter().map(|u| (u, Why::plain(Reason::Popular))));
    }
    Ok(serve(
        req,
        Surface::SimilarUsers,
        model.cloned(),
        variant,
        chosen,
    ))
}
