//! `similarCourses`: courses like a given one, blending three normalised
//! scores — collaborative (the model's scores for a history of just that
//! course: learners who took it also took these), content (the model's
//! TF-IDF side, when it has one) and shared tags (from the database, so it
//! works before any model exists):
//! `0.5 · collab/max + 0.3 · text/max + 0.2 · tags/max`.

use std::collections::HashMap;

use entity::courses;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};

use super::explain::{Reason, Why};
use super::{Request, ServedList, Surface, fallback, over_fetch, score_user, serve};
use crate::error::{ApiError, ApiResult};
use crate::recommend::Model;
use crate::recommend::tfidf::ContentModel;
use crate::services::courses::{access, enrollments};
use crate::services::recommendations::items::ItemRef;
use crate::services::search::query::placeholders;

const COLLABORATIVE: f32 = 0.5;
const TEXT: f32 = 0.3;
const TAGS: f32 = 0.2;

/// The content side of a model, if it has one.
pub fn content_model(model: &Model) -> Option<&ContentModel> {
    match model {
        Model::Tfidf(content) => Some(content),
        Model::Hybrid(hybrid) => hybrid.components.iter().find_map(content_model),
        Model::Auto(auto) => content_model(&auto.model),
        _ => None,
    }
}

/// Blends `(course, score)` lists; best first (ties: lower id first). The
/// reason is the larger side: collaborative (ALSO_ENROLLED) or content
/// and tags (SIMILAR_TOPIC).
pub fn blend(
    collaborative: &[(i64, f32)],
    text: &[(i64, f32)],
    tags: &[(i64, f32)],
) -> Vec<(i64, f32, Reason)> {
    let mut parts: HashMap<i64, (f32, f32)> = HashMap::new();
    for (list, weight, is_collab) in [
        (collaborative, COLLABORATIVE, true),
        (text, TEXT, false),
        (tags, TAGS, false),
    ] {
        let max = list.iter().map(|x| x.1).fold(0f32, f32::max);
        if max <= 0.0 {
            continue;
        }
        for &(id, score) in list.iter().filter(|x| x.1 > 0.0) {
            let entry = parts.entry(id).or_default();
            let part = weight * score / max;
            if is_collab {
                entry.0 += part;
            } else {
                entry.1 += part;
            }
        }
    }
    let mut out: Vec<(i64, f32, Reason)> = parts
        .into_iter()
        .map(|(id, (collab, topic))| {
            let reason = if collab >= topic {
                Reason::AlsoEnrolled
            } else {
                Reason::SimilarTopic
            };
            (id, collab + topic, reason)
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

const SHARED_TAGS: &str = "\
SELECT b.course_id AS item, COUNT(*) AS shared FROM course_tags a \
JOIN course_tags b ON b.tag_id = a.tag_id JOIN courses c ON c.id = b.course_id \
WHERE a.course_id = ? AND b.course_id <> ? AND c.status = 'PUBLISHED' \
GROUP BY b.course_id ORDER BY shared DESC, b.course_id LIMIT ?";

/// Published courses sharing tags with `course_id`, most shared first.
async fn shared_tags(
    req: &Request<'_>,
    course_id: i64,
    limit: usize,
) -> ApiResult<Vec<(i64, f32)>> {
    let backend = req.db.get_database_backend();
    let rows = req
        .db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, SHARED_TAGS),
            [course_id.into(), course_id.into(), (limit as i64).into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push((
            row.try_get::<i64>("", "item")?,
            row.try_get::<i64>("", "shared")? as f32,
        ));
    }
    Ok(out)
}

/// The course, if the viewer may see it (else NOT_FOUND, as for unknown).
async fn visible_course(req: &Request<'_>, course_id: i64) -> ApiResult<courses::Model> {
    let course = courses::Entity::find_by_id(course_id)
        .one(req.db)
        .await?
        .ok_or(ApiError::NotFound("course"))?;
    let enrolled = match (course.status, req.viewer) {
        (courses::Status::Archived, Some(viewer)) => {
            enrollments::active_of(req.db, viewer.id(), &[course_id])
                .await?
                .contains_key(&course_id)
        }
        _ => false,
    };
    if access::may_see(req.viewer, &course, enrolled) {
        Ok(course)
    } else {
        Err(ApiError::NotFound("course"))
    }
}

pub async fn similar(
    req: &Request<'_>,
    course_id: i64,
    first: usize,
) -> ApiResult<ServedList<courses::Model>> {
    let course = visible_course(req, course_id).await?;
    let serving = req.recommender.active.current();
    let (model, variant) = serving.model_for(req.viewer_id());
    let want = over_fetch(first);
    let is_other_course = |item: ItemRef| matches!(item, ItemRef::Course(id) if id != course.id);
    let (mut collaborative, mut text) = (Vec::new(), Vec::new());
    if let Some(model) = model
        && let Some(&index) = model.item_index.get(&ItemRef::Course(course.id))
    {
        collaborative = score_user(
            model,
            None,
            &[(index, 1.0)],
            &model.course_items,
            want,
            is_other_course,
        )
        .into_iter()
        .filter_map(|s| match s.item {
            ItemRef::Course(id) => Some((id, s.score)),
            ItemRef::Thread(_) => None,
        })
        .collect();
        if let Some(content) = content_model(&model.artifact.model) {
            // Threads share the item space: ask for more, keep courses.
            text = content
                .similar_items(index, want * 2)
                .into_iter()
                .filter_map(|(i, score)| match model.items.get(i as usize) {
                    Some(&ItemRef::Course(id)) if id != course.id => Some((id, score)),
                    _ => None,
                })
                .collect();
        }
    }
    let tags = shared_tags(req, course.id, want).await?;
    let blended = blend(&collaborative, &text, &tags);
    let ids: Vec<i64> = blended.iter().map(|b| b.0).collect();
    let mut rows = super::courses::fetch_published(req.db, &ids).await?;
    let mut chosen = Vec::with_capacity(first);
    for (id, _, reason) in blended {
        if chosen.len() >= first {
            break;
        }
        if let Some(row) = rows.remove(&id) {
            chosen.push((row, Why::course(reason, course.id)));
        }
    }
    if chosen.len() < first {
        // Only the course itself is left out of the popular padding.
        let mut history = super::history::History::default();
        history.created.insert(course.id);
        fallback::fill_courses(req, &history, &mut chosen, first).await?;
    }
    Ok(serve(
        req,
        Surface::SimilarCourses,
        model.cloned(),
        variant,
        chosen,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blends_normalised_sides_and_names_the_larger() {
        let out = blend(
            &[(1, 4.0), (2, 2.0)],
            &[(2, 0.9), (3, 0.3)],
            &[(3, 2.0), (4, 1.0), (5, 0.0)],
        );
        let ids: Vec<i64> = out.iter().map(|x| x.0).collect();
        // 1: 0.5; 2: 0.25 + 0.3; 3: 0.1 + 0.2; 4: 0.1; 5: nothing.
        assert_eq!(ids, vec![2, 1, 3, 4]);
        assert!((out[0].1 - 0.55).abs() < 1e-6);
        assert_eq!(out[0].2, Reason::SimilarTopic);
        assert_eq!(out[1].2, Reason::AlsoEnrolled);
        assert_eq!(out[2].2, Reason::SimilarTopic);
        assert!(blend(&[], &[], &[]).is_empty());
    }
}
