//! The viewer's history, read fresh per request (it changes after
//! training): one `UNION ALL` statement over indexed per-user lookups
//! (enrolments, own courses, course views, bookmarks, threads, answers,
//! comments, upvotes, follows, declared interests), or only the course
//! lookups when that is all a request needs ([`Scope`]).
//!
//! It serves twice: as the exclusions of a list (own, enrolled, refunded,
//! already joined), and folded into the model as `(item, weight)` pairs
//! with the training signals' weights ([`weights`]), capped per item the
//! same way. Lesson completions and reviews are left out here: they come
//! with an enrolment, which carries the course already.

use std::collections::{HashMap, HashSet};

use sea_orm::Statement;

use super::super::active::ServedModel;
use super::super::items::ItemRef;
use super::super::signals::weights;
use crate::error::ApiResult;
use crate::services::Db;
use crate::services::search::query::placeholders;

/// What one viewer did, as far as recommendations care.
#[derive(Debug, Default, Clone)]
pub struct History {
    /// Courses with a live enrolment.
    pub enrolled: HashSet<i64>,
    /// Courses whose every enrolment was refunded.
    pub refunded: HashSet<i64>,
    /// Courses the viewer created.
    pub created: HashSet<i64>,
    pub viewed: HashSet<i64>,
    /// Threads the viewer started.
    pub authored: HashSet<i64>,
    /// Threads the viewer took part in (bookmarked, answered, commented,
    /// upvoted, followed) or started.
    pub joined: HashSet<i64>,
    pub followed_users: HashSet<i64>,
    /// Followed tags and declared interests: (id, name).
    pub tags: Vec<(i64, String)>,
    /// Signals, summed per item.
    pub signals: HashMap<ItemRef, f32>,
}

impl History {
    /// Courses never recommended to this viewer.
    pub fn excludes_course(&self, id: i64) -> bool {
        self.enrolled.contains(&id) || self.refunded.contains(&id) || self.created.contains(&id)
    }

    /// Threads never recommended to this viewer (their own, or joined).
    pub fn excludes_thread(&self, id: i64) -> bool {
        self.joined.contains(&id)
    }

    /// The signals under the model's item indices (items it does not know
    /// are left out), sorted by index for determinism.
    pub fn fold_in(&self, model: &ServedModel) -> Vec<(u32, f32)> {
        let mut folded: Vec<(u32, f32)> = self
            .signals
            .iter()
            .filter_map(|(item, &w)| model.item_index.get(item).map(|&i| (i, w)))
            .collect();
        folded.sort_unstable_by_key(|&(i, _)| i);
        folded
    }

    fn add(&mut self, item: ItemRef, weight: f32) {
        let total = self.signals.entry(item).or_default();
        *total = (*total + weight).min(weights::CAP);
    }
}

/// The history's sources, one `SELECT` each (`?` is the user id), and
/// whether a course list needs them when the model knows the viewer. The
/// first names the columns and fixes their types (PostgreSQL takes a
/// `UNION`'s column types from all its parts: `flag` must be a BIGINT
/// whichever parts a scope keeps).
const SOURCES: [(&str, bool); 10] = [
    (
        "SELECT 'E' AS src, course_id AS id, CAST(CASE WHEN refunded_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS flag, \
         NULL AS label \
         FROM enrollments WHERE user_id = ?",
        true,
    ),
    (
        "SELECT 'C', id, 0, NULL FROM courses WHERE creator_id = ?",
        true,
    ),
    (
        "SELECT 'V', course_id, COUNT(*), NULL FROM course_views WHERE user_id = ? GROUP BY course_id",
        false,
    ),
    (
        "SELECT 'B', thread_id, 0, NULL FROM bookmarks WHERE user_id = ?",
        false,
    ),
    (
        "SELECT 'T', id, 0, NULL FROM threads WHERE author_id = ?",
        false,
    ),
    (
        "SELECT 'A', thread_id, COUNT(*), NULL FROM answers WHERE author_id = ? AND deleted_at IS NULL GROUP BY thread_id",
        false,
    ),
    (
        "SELECT 'M', thread_id, COUNT(*), NULL FROM comments WHERE author_id = ? AND deleted_at IS NULL GROUP BY thread_id",
        false,
    ),
    (
        "SELECT 'U', target_id, 0, NULL FROM votes WHERE user_id = ? AND target_kind = 'THREAD' AND value > 0",
        false,
    ),
    (
        "SELECT CASE f.target_kind WHEN 'TAG' THEN 'G' WHEN 'USER' THEN 'P' ELSE 'H' END, f.target_id, 0, t.name \
         FROM follows f LEFT JOIN tags t ON f.target_kind = 'TAG' AND t.id = f.target_id WHERE f.user_id = ?",
        true,
    ),
    (
        "SELECT 'I', t.id, 0, t.name FROM user_interests ui JOIN tags t ON t.id = ui.tag_id WHERE ui.user_id = ?",
        true,
    ),
];

/// How much of the history a request reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything: exclusions, signals to fold into the model, tags.
    Full,
    /// What a course list needs when the model already holds the viewer's
    /// taste (a trained user of a latent-factor model): enrolments, own
    /// courses, follows and interests — not the thread activity, which
    /// for a prolific member is most of the rows.
    CourseExclusions,
}

/// Reads a user's history in one statement.
pub async fn read(db: &impl Db, user_id: i64, scope: Scope) -> ApiResult<History> {
    let backend = db.get_database_backend();
    let parts: Vec<&str> = SOURCES
        .iter()
        .filter(|&&(_, for_courses)| scope == Scope::Full || for_courses)
        .map(|&(sql, _)| sql)
        .collect();
    let sql = parts.join(" UNION ALL ");
    let values = std::iter::repeat_n(sea_orm::Value::from(user_id), parts.len());
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, &sql),
            values,
        ))
        .await?;
    let mut parsed = Vec::with_capacity(rows.len());
    for row in rows {
        parsed.push((
            row.try_get::<String>("", "src")?,
            row.try_get::<i64>("", "id")?,
            row.try_get::<i64>("", "flag")?,
            row.try_get::<Option<String>>("", "label")?,
        ));
    }
    Ok(assemble(parsed))
}

/// Builds the history from `(source, id, flag, label)` rows.
pub fn assemble(rows: Vec<(String, i64, i64, Option<String>)>) -> History {
    let mut h = History::default();
    let mut refunded = HashSet::new();
    let mut tags = HashMap::new();
    for (src, id, flag, label) in rows {
        match src.as_str() {
            "E" if flag == 0 => {
                h.enrolled.insert(id);
            }
            "E" => {
                refunded.insert(id);
            }
            "C" => {
                h.created.insert(id);
            }
            "V" => {
                h.viewed.insert(id);
                let counted = flag.min(i64::from(weights::VIEWS_COUNTED)) as f32;
                h.add(ItemRef::Course(id), weights::VIEW * counted);
            }
            "T" => {
                h.authored.insert(id);
                h.joined.insert(id);
                h.add(ItemRef::Thread(id), weights::ASKING);
            }
            "B" | "A" | "M" | "U" | "H" => {
                h.joined.insert(id);
                let weight = match src.as_str() {
                    "B" => weights::BOOKMARK,
                    "A" => weights::ANSWERING * flag as f32,
                    "M" => weights::COMMENTING * flag as f32,
                    "U" => weights::UPVOTE_THREAD,
                    _ => weights::FOLLOW_THREAD,
                };
                h.add(ItemRef::Thread(id), weight);
            }
            "P" => {
                h.followed_users.insert(id);
            }
            "G" | "I" => {
                if let Some(name) = label {
                    tags.insert(id, name);
                }
            }
            _ => {}
        }
    }
    // A refunded course counts only when no live enrolment replaced it.
    h.refunded = refunded.difference(&h.enrolled).copied().collect();
    for course in h.enrolled.clone() {
        h.add(ItemRef::Course(course), weights::ENROLMENT);
    }
    let mut tags: Vec<(i64, String)> = tags.into_iter().collect();
    tags.sort_unstable();
    h.tags = tags;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        src: &str,
        id: i64,
        flag: i64,
        label: Option<&str>,
    ) -> (String, i64, i64, Option<String>) {
        (src.into(), id, flag, label.map(String::from))
    }

    #[test]
    fn assembles_exclusions_signals_and_tags() {
        let h = assemble(vec![
            row("E", 1, 0, None),
            row("E", 2, 1, None),
            row("E", 3, 1, None),
            row("E", 3, 0, None),
            row("C", 4, 0, None),
            row("V", 1, 9, None),
            row("V", 5, 1, None),
            row("A", 8, 9, None),
            row("T", 7, 0, None),
            row("B", 8, 0, None),
            row("U", 8, 0, None),
            row("P", 42, 0, None),
            row("G", 9, 0, Some("rust")),
            row("I", 9, 0, Some("rust")),
            row("I", 6, 0, Some("go")),
        ]);
        assert!(h.excludes_course(1) && h.excludes_course(2) && h.excludes_course(4));
        assert!(!h.excludes_course(5));
        assert_eq!(h.refunded, HashSet::from([2]));
        // Views count up to four; the enrolment is added after them.
        assert_eq!(
            h.signals[&ItemRef::Course(1)],
            4.0 * weights::VIEW + weights::ENROLMENT
        );
        assert_eq!(h.signals[&ItemRef::Course(5)], weights::VIEW);
        assert_eq!(h.signals[&ItemRef::Course(3)], weights::ENROLMENT);
        assert!(!h.signals.contains_key(&ItemRef::Course(2)));
        // Nine answers, a bookmark and an upvote: capped.
        assert_eq!(h.signals[&ItemRef::Thread(8)], weights::CAP);
        assert!(h.excludes_thread(7) && h.excludes_thread(8));
        assert_eq!(h.authored, HashSet::from([7]));
        assert_eq!(h.followed_users, HashSet::from([42]));
        assert_eq!(h.tags, vec![(6, "go".into()), (9, "rust".into())]);
    }
}
