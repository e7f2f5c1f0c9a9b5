//! Community: threads (community-wide or in a course), answers, comments,
//! votes, accepted answers, bookmarks, follows and notifications.

pub mod access;
pub mod answers;
pub mod bookmarks;
pub mod comments;
pub mod follows;
pub mod marks;
pub mod notifications;
pub mod revisions;
pub mod threads;
pub mod visibility;
pub mod votes;

use chrono::{DateTime, Utc};

/// A write's result and the users it notified, so that live delivery can
/// follow the commit.
#[derive(Debug, Clone)]
pub struct Notifying<T> {
    pub value: T,
    pub notified: Vec<i64>,
}

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 50_000;
pub const COMMENT_MAX: usize = 5_000;
pub const TAGS_MAX: usize = 5;
/// Most `@username` mentions that notify from one post.
pub const MENTIONS_MAX: usize = 20;

/// The HOT order's epoch (2026-01-01T00:00:00Z) and half-life scale.
const HOT_EPOCH_SECS: i64 = 1_767_225_600;
const HOT_SECONDS_PER_DECADE: f64 = 45_000.0;

/// Reddit's "hot" rank: `sign(s) · log10(max(|s|, 1)) + (t − epoch) / 45000`
/// with `s` the score and `t` the creation time in seconds. A thread needs
/// ten times the score to rank level with one posted 12.5 hours later, so
/// older threads sink unless they keep earning votes. The rank depends only
/// on the score and the creation time, never on "now": it is stored on the
/// row, changes only when a vote does, and the HOT list is an index scan.
pub fn hot_rank(score: i64, created_at: DateTime<Utc>) -> f64 {
    let order = (score.unsigned_abs().max(1) as f64).log10();
    let sign = score.signum() as f64;
    let age = (created_at.timestamp() - HOT_EPOCH_SECS) as f64;
    sign * order + age / HOT_SECONDS_PER_DECADE
}

/// The `@username`s a post mentions, lower-cased, each once, at most
/// `MENTIONS_MAX`. A mention starts a word: `me@example.com` mentions no one.
pub fn mentions(body: &str) -> Vec<String> {
    let is_name_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = body.as_bytes();
    let mut found: Vec<String> = Vec::new();
    let mut i = 0;
    while i < bytes.len() && found.len() < MENTIONS_MAX {
        // Any non-ASCII byte before `@` (e.g. 你好@dave) starts a word.
        let starts_word = i == 0 || !(is_name_byte(bytes[i - 1]) || bytes[i - 1] == b'.');
        if bytes[i] != b'@' || !starts_word {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < bytes.len() && is_name_byte(bytes[end]) {
            end += 1;
        }
        let name = body[start..end].to_ascii_lowercase();
        if (3..=32).contains(&name.len()) && !found.contains(&name) {
            found.push(name);
        }
        i = end.max(start);
    }
    found
}

/// Notes for the shared caches (`cache_sync::touched`) that a thread
/// changed: its record, tags, first pages, and its search document.
pub(crate) fn touched_thread(thread_id: i64) {
    crate::cache_sync::touched(|changed| {
        changed.thread(thread_id).search();
    });
}

/// Notes that an answer changed: its record and search document, and its
/// thread's (whose counters and first page of answers hold it).
pub(crate) fn touched_answer(thread_id: i64, answer_id: i64) {
    crate::cache_sync::touched(|changed| {
        changed.thread(thread_id).answer(answer_id).search();
    });
}

/// Notes that a comment changed: its record, and the thread's and answer's
/// counters and first comments (comments are not searched).
pub(crate) fn touched_comment(comment: &entity::comments::Model) {
    crate::cache_sync::touched(|changed| {
        changed.thread(comment.thread_id).comment(comment.id);
        if let Some(answer) = comment.answer_id {
            changed.answer(answer);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hot_rank_decays_with_age_and_grows_with_score() {
        let t0 = DateTime::from_timestamp(HOT_EPOCH_SECS + 1_000_000, 0).unwrap();
        let later = t0 + chrono::Duration::seconds(45_000);
        assert!(hot_rank(1, later) > hot_rank(1, t0));
        // Ten times the score buys 12.5 hours.
        assert!((hot_rank(100, t0) - hot_rank(10, later)).abs() < 1e-9);
        assert!(hot_rank(-5, t0) < hot_rank(0, t0));
        assert_eq!(hot_rank(0, t0), hot_rank(1, t0));
    }

    #[test]
    fn mentions_start_words_and_are_unique() {
        assert_eq!(
            mentions("hi @Alice and @bob_2, cc @alice; mail me@example.com @x"),
            vec!["alice", "bob_2"]
        );
        assert_eq!(mentions("@carol_c: 你好@dave"), vec!["carol_c", "dave"]);
        let many: String = (0..50).map(|i| format!("@user{i:03} ")).collect();
        assert_eq!(mentions(&many).len(), MENTIONS_MAX);
    }
}
