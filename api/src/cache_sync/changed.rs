//! What a write changed, as far as the shared caches are concerned: either
//! everything, or the posts, members and search documents it touched.
//!
//! Most writes are keyed: a comment on thread T changes T's record and
//! first pages, its answer's, and its author's points, not the other
//! threads a community reads. Forgetting only those kept the caches warm
//! under a realistic mix of reads and writes (emptying every cache for each
//! comment cut the thread page to a third).
//!
//! Services record what they touch (`touched`) while a keyed mutation runs
//! (`collecting`); the gate decides which mutations are keyed, and treats
//! every other one as having changed everything.

use std::{cell::RefCell, collections::BTreeSet};

use serde::{Deserialize, Serialize};

/// Keys a notice carries at most; more make it "everything" (a NOTIFY
/// payload is under 8,000 bytes).
const KEYS_MAX: usize = 300;

/// What a write may have changed, for the caches to forget no more than
/// that. The default changes nothing shared (sign-ins, bookmarks, follows,
/// reading notifications, queued views and events).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed {
    /// Anything at all: forget everything.
    #[serde(default, skip_serializing_if = "is_false")]
    pub everything: bool,
    /// Threads whose record, tags, or first pages of answers and comments
    /// changed.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub threads: BTreeSet<i64>,
    /// Answers whose record or first comments changed.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub answers: BTreeSet<i64>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub comments: BTreeSet<i64>,
    /// Members whose record changed (points, level), and so their sessions.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub users: BTreeSet<i64>,
    /// Search documents changed: rankings are forgotten.
    #[serde(default, skip_serializing_if = "is_false")]
    pub search: bool,
}

fn is_false(flag: &bool) -> bool {
    !flag
}

impl Changed {
    pub fn everything() -> Self {
        Changed {
            everything: true,
            ..Changed::default()
        }
    }

    /// Whether nothing a shared cache holds changed.
    pub fn is_nothing_shared(&self) -> bool {
        *self == Changed::default()
    }

    pub fn thread(&mut self, id: i64) -> &mut Self {
        self.threads.insert(id);
        self
    }

    pub fn answer(&mut self, id: i64) -> &mut Self {
        self.answers.insert(id);
        self
    }

    pub fn comment(&mut self, id: i64) -> &mut Self {
        self.comments.insert(id);
        self
    }

    pub fn user(&mut self, id: i64) -> &mut Self {
        self.users.insert(id);
        self
    }

    pub fn search(&mut self) -> &mut Self {
        self.search = true;
        self
    }

    /// Adds what `other` changed; too many keys become everything.
    pub fn merge(&mut self, other: Changed) {
        if self.everything || other.everything {
            *self = Changed::everything();
            return;
        }
        self.threads.extend(other.threads);
        self.answers.extend(other.answers);
        self.comments.extend(other.comments);
        self.users.extend(other.users);
        self.search |= other.search;
        let keys = self.threads.len() + self.answers.len() + self.comments.len() + self.users.len();
        if keys > KEYS_MAX {
            *self = Changed::everything();
        }
    }
}

tokio::task_local! {
    static TOUCHED: RefCell<Changed>;
}

/// Notes that the running operation changed this (in a transaction that
/// may still roll back: forgetting too much is harmless). Outside a
/// collecting operation it does nothing.
pub fn touched(note: impl FnOnce(&mut Changed)) {
    let _ = TOUCHED.try_with(|changed| note(&mut changed.borrow_mut()));
}

/// Runs an operation and returns its output with what it touched.
pub async fn collecting<F: Future>(operation: F) -> (F::Output, Changed) {
    TOUCHED
        .scope(RefCell::new(Changed::default()), async move {
            let output = operation.await;
            (output, TOUCHED.with(RefCell::take))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_unites_keys_and_everything_wins() {
        let mut changed = Changed::default();
        assert!(changed.is_nothing_shared());
        let mut comment = Changed::default();
        comment.thread(1).answer(2).user(3);
        changed.merge(comment.clone());
        let mut answer = Changed::default();
        answer.thread(4).user(3).search();
        changed.merge(answer);
        assert_eq!(changed.threads, BTreeSet::from([1, 4]));
        assert_eq!(changed.users, BTreeSet::from([3]));
        assert!(changed.search && !changed.everything);
        changed.merge(Changed::everything());
        assert_eq!(changed, Changed::everything());
        changed.merge(comment);
        assert_eq!(changed, Changed::everything());
    }

    #[test]
    fn too_many_keys_become_everything() {
        let mut changed = Changed::default();
        for id in 0..KEYS_MAX as i64 {
            let mut one = Changed::default();
            one.thread(id);
            changed.merge(one);
        }
        assert!(!changed.everything);
        let mut one = Changed::default();
        one.user(1);
        changed.merge(one);
        assert!(changed.everything);
    }

    #[test]
    fn the_widest_notice_fits_a_notify() {
        let mut changed = Changed::default();
        for id in 0..KEYS_MAX as i64 / 4 {
            changed
                .thread(i64::MAX - id)
                .answer(i64::MAX - id)
                .comment(i64::MAX - id)
                .user(i64::MAX - id);
        }
        changed.search();
        let json = serde_json::to_string(&changed).unwrap();
        assert!(json.len() < 7_000, "{}", json.len());
        assert_eq!(serde_json::from_str::<Changed>(&json).unwrap(), changed);
    }

    #[tokio::test]
    async fn an_operation_collects_only_its_own_touches() {
        touched(|c| {
            c.thread(9);
        });
        let (a, b) = tokio::join!(
            collecting(async {
                touched(|c| {
                    c.thread(1);
                });
                tokio::task::yield_now().await;
                touched(|c| {
                    c.user(2);
                });
            }),
            collecting(async {
                touched(|c| {
                    c.answer(3);
                });
            })
        );
        assert_eq!(a.1.threads, BTreeSet::from([1]));
        assert_eq!(a.1.users, BTreeSet::from([2]));
        assert_eq!(b.1.answers, BTreeSet::from([3]));
        assert!(b.1.threads.is_empty());
    }
}
