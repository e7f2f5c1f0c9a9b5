//! Writing the scale community planned in `scale_community`: each table in
//! its own transaction and chunks, with a progress bar. A row's text, and a
//! post's voters, come from an RNG seeded by the row, so nothing larger than
//! one statement's rows is ever held as models.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{
    answers, comments,
    follows::{self, Target},
    notifications::{self, Kind as NotificationKind},
    thread_tags,
    threads::{self, Kind},
    votes::{self, PostKind},
};
use rand::{Rng, SeedableRng, seq::index};
use rand_xoshiro::Xoshiro256PlusPlus;
use sea_orm::{DatabaseConnection, IntoActiveModel};

use super::{
    advance_id_sequences,
    community_content::{COMMENTS_EN, COMMENTS_ZH, answer_body, comment_body, thread_text},
    scale::{TableReport, write_table},
    scale_community::{NONE, Plan},
    scale_community_social::{FollowTarget, NoticeKind},
};
use crate::{services::community::hot_rank, text::markdown_to_safe_html};

const SEED: u64 = 0x5ca1_e00c_0111_0001;

fn row_rng(table: u64, index: usize) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(
        SEED ^ table.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index as u64,
    )
}

/// Writes the planned community after the catalogue; `tag_ids` are the ids
/// of the plan's vocabulary, in its order.
pub(super) async fn write(
    db: &DatabaseConnection,
    plan: &Plan,
    tag_ids: &[i64],
) -> anyhow::Result<Vec<TableReport>> {
    let rows = Rows {
        plan,
        tag_ids,
        comment_html: COMMENTS_EN
            .iter()
            .chain(COMMENTS_ZH)
            .map(|&c| (c, markdown_to_safe_html(c)))
            .collect(),
    };
    let rows = &rows;
    let mut tables = Vec::new();
    tables.push(
        write_table(
            db,
            "threads",
            plan.threads.len(),
            (0..plan.threads.len()).map(|i| rows.thread(i)),
        )
        .await?,
    );
    let thread_tag_rows: usize = plan.threads.iter().map(|t| t.tags.len()).sum();
    tables.push(
        write_table(
            db,
            "thread_tags",
            thread_tag_rows,
            plan.threads.iter().enumerate().flat_map(|(i, t)| {
                t.tags.iter().map(move |&tag| {
                    thread_tags::Model {
                        thread_id: rows.thread_id(i as u32),
                        tag_id: tag_ids[usize::from(tag)],
                    }
                    .into_active_model()
                })
            }),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "answers",
            plan.answers.len(),
            (0..plan.answers.len()).map(|i| rows.answer(i)),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "comments",
            plan.comments.len(),
            (0..plan.comments.len()).map(|i| rows.comment(i)),
        )
        .await?,
    );
    let votes: usize = plan
        .threads
        .iter()
        .map(|t| t.up + t.down)
        .chain(plan.answers.iter().map(|a| a.up + a.down))
        .map(|n| n as usize)
        .sum();
    tables.push(
        write_table(
            db,
            "votes",
            votes,
            (0..plan.threads.len())
                .flat_map(|i| rows.votes(PostKind::Thread, i))
                .chain((0..plan.answers.len()).flat_map(|i| rows.votes(PostKind::Answer, i))),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "follows",
            plan.follows.len(),
            (0..plan.follows.len()).map(|i| rows.follow(i)),
        )
        .await?,
    );
    tables.push(
        write_table(
            db,
            "notifications",
            plan.notices.len(),
            (0..plan.notices.len()).map(|i| rows.notification(i)),
        )
        .await?,
    );
    advance_id_sequences(db, &["threads", "answers", "comments", "notifications"]).await?;
    Ok(tables)
}

/// Builds the rows of a plan.
pub(super) struct Rows<'a> {
    pub plan: &'a Plan,
    pub tag_ids: &'a [i64],
    /// Comments come from a few phrases: each rendered once.
    pub comment_html: HashMap<&'static str, String>,
}

impl Rows<'_> {
    fn time(&self, seconds: u32) -> DateTime<Utc> {
        self.plan.start + Duration::seconds(i64::from(seconds))
    }

    fn user_id(&self, user: u32) -> i64 {
        self.plan.user_base + i64::from(user) + 1
    }

    fn thread_id(&self, thread: u32) -> i64 {
        self.plan.ids.thread + i64::from(thread) + 1
    }

    fn answer_id(&self, answer: u32) -> Option<i64> {
        (answer != NONE).then(|| self.plan.ids.answer + i64::from(answer) + 1)
    }

    fn comment_id(&self, comment: u32) -> Option<i64> {
        (comment != NONE).then(|| self.plan.ids.comment + i64::from(comment) + 1)
    }

    fn optional_time(&self, seconds: u32) -> Option<DateTime<Utc>> {
        (seconds != NONE).then(|| self.time(seconds))
    }

    pub fn thread(&self, i: usize) -> threads::ActiveModel {
        let t = &self.plan.threads[i];
        let mut rng = row_rng(1, i);
        let (title, body) = thread_text(&mut rng, usize::from(t.topic), t.zh, t.question);
        let created = self.time(t.at);
        let score = i64::from(t.up) - i64::from(t.down);
        threads::Model {
            id: self.thread_id(i as u32),
            course_id: (t.course != NONE).then(|| self.plan.course_base + i64::from(t.course) + 1),
            author_id: self.user_id(t.author),
            kind: if t.question {
                Kind::Question
            } else {
                Kind::Discussion
            },
            title,
            body_html: markdown_to_safe_html(&body),
            body,
            score,
            upvotes: i64::from(t.up),
            downvotes: i64::from(t.down),
            answer_count: i64::from(t.answers),
            comment_count: i64::from(t.comments),
            accepted_answer_id: self.answer_id(t.accepted),
            hot_rank: hot_rank(score, created),
            last_activity_at: self.time(t.last_activity),
            edited_at: None,
            deleted_at: None,
            locked_at: None,
            featured_at: None,
            featured_by: None,
            pinned_at: None,
            pin_scope: None,
            pinned_by: None,
            hidden_at: None,
            hidden_reason: None,
            duplicate_of_id: None,
            merged_into_id: None,
            created_at: created,
            updated_at: created,
        }
        .into_active_model()
    }

    pub fn answer(&self, i: usize) -> answers::ActiveModel {
        let a = &self.plan.answers[i];
        let t = &self.plan.threads[a.thread as usize];
        let mut rng = row_rng(2, i);
        let zh = rng.gen_bool(if t.zh { 0.95 } else { 0.05 });
        let body = answer_body(&mut rng, usize::from(t.topic), zh);
        let deleted_at = self.optional_time(a.deleted_at);
        answers::Model {
            id: self.answer_id(i as u32).expect("an answer"),
            thread_id: self.thread_id(a.thread),
            author_id: self.user_id(a.author),
            body_html: markdown_to_safe_html(&body),
            body,
            accepted: a.accepted,
            score: i64::from(a.up) - i64::from(a.down),
            upvotes: i64::from(a.up),
            downvotes: i64::from(a.down),
            comment_count: i64::from(a.comments),
            edited_at: None,
            deleted_at,
            hidden_at: None,
            hidden_reason: None,
            created_at: self.time(a.at),
            updated_at: deleted_at.unwrap_or(self.time(a.at)),
        }
        .into_active_model()
    }

    pub fn comment(&self, i: usize) -> comments::ActiveModel {
        let c = &self.plan.comments[i];
        let t = &self.plan.threads[c.thread as usize];
        let body = comment_body(&mut row_rng(3, i), t.zh);
        let deleted_at = self.optional_time(c.deleted_at);
        comments::Model {
            id: self.comment_id(i as u32).expect("a comment"),
            thread_id: self.thread_id(c.thread),
            answer_id: self.answer_id(c.answer),
            author_id: self.user_id(c.author),
            body: body.to_owned(),
            body_html: self.comment_html[body].clone(),
            edited_at: None,
            deleted_at,
            hidden_at: None,
            hidden_reason: None,
            created_at: self.time(c.at),
            updated_at: deleted_at.unwrap_or(self.time(c.at)),
        }
        .into_active_model()
    }

    /// A post's voters: distinct, drawn from those who may read it, never
    /// its author; the first `down` vote down. (user, since, value).
    pub fn voters(&self, kind: PostKind, i: usize) -> Vec<(u32, u32, i16)> {
        let plan = self.plan;
        let (course, author, up, down, table) = match kind {
            PostKind::Thread => {
                let t = &plan.threads[i];
                (t.course, t.author, t.up, t.down, 4)
            }
            _ => {
                let a = &plan.answers[i];
                let course = plan.threads[a.thread as usize].course;
                (course, a.author, a.up, a.down, 5)
            }
        };
        let n = (up + down) as usize;
        if n == 0 {
            return Vec::new();
        }
        let len = plan.audience_len(course);
        let skip = plan.audience_position(course, author);
        let mut rng = row_rng(table, i);
        index::sample(&mut rng, len - 1, n)
            .into_iter()
            .enumerate()
            .map(|(k, position)| {
                let position = if position >= skip {
                    position + 1
                } else {
                    position
                };
                let (user, since) = plan.audience_at(course, position);
                (user, since, if k < down as usize { -1 } else { 1 })
            })
            .collect()
    }

    fn votes(&self, kind: PostKind, i: usize) -> impl Iterator<Item = votes::ActiveModel> + '_ {
        let (at, target_id) = match kind {
            PostKind::Thread => (self.plan.threads[i].at, self.thread_id(i as u32)),
            _ => (
                self.plan.answers[i].at,
                self.answer_id(i as u32).expect("an answer"),
            ),
        };
        let mut rng = row_rng(if kind == PostKind::Thread { 6 } else { 7 }, i);
        let end = self.plan.end;
        self.voters(kind, i)
            .into_iter()
            .map(move |(user, since, value)| {
                let voted = self.time(rng.gen_range(at.max(since) + 60..=end));
                votes::Model {
                    user_id: self.user_id(user),
                    target_kind: kind,
                    target_id,
                    value,
                    created_at: voted,
                    updated_at: voted,
                }
                .into_active_model()
            })
    }

    fn follow(&self, i: usize) -> follows::ActiveModel {
        let f = &self.plan.follows[i];
        let (target_kind, target_id) = match f.target {
            FollowTarget::Thread => (Target::Thread, self.thread_id(f.id)),
            FollowTarget::User => (Target::User, self.user_id(f.id)),
            FollowTarget::Tag => (Target::Tag, self.tag_ids[f.id as usize]),
        };
        follows::Model {
            user_id: self.user_id(f.user),
            target_kind,
            target_id,
            created_at: self.time(f.at),
        }
        .into_active_model()
    }

    fn notification(&self, i: usize) -> notifications::ActiveModel {
        let n = &self.plan.notices[i];
        notifications::Model {
            id: self.plan.ids.notification + i as i64 + 1,
            user_id: self.user_id(n.user),
            kind: match n.kind {
                NoticeKind::NewAnswer => NotificationKind::NewAnswer,
                NoticeKind::AnswerAccepted => NotificationKind::AnswerAccepted,
                NoticeKind::NewComment => NotificationKind::NewComment,
                NoticeKind::FollowedActivity => NotificationKind::FollowedActivity,
            },
            actor_id: Some(self.user_id(n.actor)),
            thread_id: Some(self.thread_id(n.thread)),
            answer_id: self.answer_id(n.answer),
            comment_id: self.comment_id(n.comment),
            detail: None,
            read_at: self.optional_time(n.read_at),
            created_at: self.time(n.at),
        }
        .into_active_model()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::seed::scale_community::IdBases;
    use crate::seed::scale_community_social::tests::{catalogue, targets};

    #[test]
    fn voters_are_distinct_members_and_never_the_author() {
        let plan = Plan::new(&targets(), catalogue(), IdBases::default());
        let rows = Rows {
            plan: &plan,
            tag_ids: &[],
            comment_html: Default::default(),
        };
        let mut seen = 0;
        for (kind, posts) in [
            (PostKind::Thread, plan.threads.len()),
            (PostKind::Answer, plan.answers.len()),
        ] {
            for i in 0..posts {
                let (course, author, at, up, down) = match kind {
                    PostKind::Thread => {
                        let t = &plan.threads[i];
                        (t.course, t.author, t.at, t.up, t.down)
                    }
                    _ => {
                        let x = &plan.answers[i];
                        (
                            plan.threads[x.thread as usize].course,
                            x.author,
                            x.at,
                            x.up,
                            x.down,
                        )
                    }
                };
                let voters = rows.voters(kind, i);
                assert_eq!(voters.len() as u32, up + down);
                assert_eq!(voters.iter().filter(|v| v.2 < 0).count() as u32, down);
                let distinct: HashSet<u32> = voters.iter().map(|v| v.0).collect();
                assert_eq!(distinct.len(), voters.len());
                assert!(!distinct.contains(&author));
                for &(user, since, _) in &voters {
                    assert!(plan.may_read(course, user, plan.end));
                    assert!(since.max(at) + 60 <= plan.end);
                }
                seen += voters.len();
            }
        }
        assert_eq!(seen, targets().votes);
    }
}
