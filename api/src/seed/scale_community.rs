//! The community of `lyceum seed --scale N`. For N = 1: 200,000 threads
//! (three in ten inside courses), 1,000,000 answers, 1,500,000 comments and
//! 5,000,000 votes, plus thread tags, 150,000 follows and the notifications
//! of the last two weeks' activity.
//!
//! Planned like the catalogue (`scale`): compact rows and one seeded RNG, so
//! every counter (answers, comments, votes, the accepted answer, last
//! activity) is known before its row is written. Counts are split over posts
//! by heavy-tailed weights, so a few threads draw hundreds of answers and
//! votes and most a handful. Course threads are written, answered,
//! commented on and voted on only by the course's members. Text and the
//! voters of each post come from an RNG seeded by the row, while writing
//! (`scale_community_rows`), so 5,000,000 votes never sit in memory.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{answers, comments, notifications, threads};
use rand::{Rng, SeedableRng, seq::SliceRandom};
use rand_xoshiro::Xoshiro256PlusPlus;
use sea_orm::{ConnectionTrait, DbErr};

use super::{
    community_content::pick_topic,
    content::TOPICS,
    max_id,
    scale::Targets,
    scale_community_social::{FollowPlan, NoticePlan},
};

const SEED: u64 = 0x5ca1_e00c_0111_2026;
/// No course, no answer: a sentinel in the compact rows.
pub(super) const NONE: u32 = u32::MAX;
pub(super) const HOUR: u32 = 3_600;
pub(super) const DAY: u32 = 86_400;
/// Notifications are written for the activity of these last days only (all
/// the activity's would outnumber the votes); within them, every cause
/// notifies exactly whom the services would.
pub(super) const NOTIFICATION_DAYS: u32 = 14;

/// What the community needs of the catalogue's plan (`scale::Plan`).
pub(super) struct Catalogue {
    pub start: DateTime<Utc>,
    /// The largest user and course ids before the catalogue was seeded.
    pub user_base: i64,
    pub course_base: i64,
    /// Seconds from `start` to the end of the history.
    pub end: u32,
    /// Per user, when they joined (seconds after `start`), ascending.
    pub joined: Vec<u32>,
    pub courses: Vec<CourseView>,
    /// (user, course, enrolled at) of every live enrolment.
    pub enrolments: Vec<(u32, u32, u32)>,
    /// The tag vocabulary, alphabetical (tags are indexes into it).
    pub vocabulary: Vec<String>,
}

pub(super) struct CourseView {
    pub creator: u32,
    pub topic: u8,
    pub zh: bool,
    pub tags: Vec<u16>,
    /// When it was published; None for a draft (drafts have no threads).
    pub published: Option<u32>,
    /// Threads are started until then (the archive date, or the end).
    pub open_until: u32,
}

/// The largest id of each community table before seeding.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct IdBases {
    pub thread: i64,
    pub answer: i64,
    pub comment: i64,
    pub notification: i64,
}

impl IdBases {
    pub async fn read(db: &impl ConnectionTrait) -> Result<IdBases, DbErr> {
        Ok(IdBases {
            thread: max_id::<threads::Entity>(db, threads::Column::Id).await?,
            answer: max_id::<answers::Entity>(db, answers::Column::Id).await?,
            comment: max_id::<comments::Entity>(db, comments::Column::Id).await?,
            notification: max_id::<notifications::Entity>(db, notifications::Column::Id).await?,
        })
    }
}

pub(super) struct ThreadPlan {
    pub course: u32,
    pub author: u32,
    pub at: u32,
    pub topic: u8,
    pub zh: bool,
    pub question: bool,
    /// Indexes into the vocabulary, ascending (alphabetical names).
    pub tags: Vec<u16>,
    pub weight: f32,
    pub quality: f32,
    /// Live answers, live comments (its own and its answers').
    pub answers: u32,
    pub comments: u32,
    pub up: u32,
    pub down: u32,
    pub accepted: u32,
    pub accepted_at: u32,
    pub last_activity: u32,
}

pub(super) struct AnswerPlan {
    pub thread: u32,
    pub author: u32,
    pub at: u32,
    pub weight: f32,
    pub quality: f32,
    pub comments: u32,
    pub up: u32,
    pub down: u32,
    pub accepted: bool,
    /// NONE: live.
    pub deleted_at: u32,
}

pub(super) struct CommentPlan {
    pub thread: u32,
    /// NONE: on the thread itself.
    pub answer: u32,
    pub author: u32,
    pub at: u32,
    pub deleted_at: u32,
}

pub(super) struct Plan {
    pub start: DateTime<Utc>,
    pub end: u32,
    pub ids: IdBases,
    pub user_base: i64,
    pub course_base: i64,
    pub vocabulary: Vec<String>,
    pub joined: Vec<u32>,
    /// Per course: its members (user, since), by user; the creator included.
    pub members: Vec<Vec<(u32, u32)>>,
    pub creators: Vec<u32>,
    pub threads: Vec<ThreadPlan>,
    pub answers: Vec<AnswerPlan>,
    pub comments: Vec<CommentPlan>,
    pub follows: Vec<FollowPlan>,
    pub notices: Vec<NoticePlan>,
}

/// Splits `total` into whole counts in proportion to `weights`, none above
/// its cap; the result sums to `total` unless the caps leave less room.
pub(super) fn apportion(rng: &mut impl Rng, total: u64, weights: &[f64], caps: &[u32]) -> Vec<u32> {
    let open = |i: usize| caps[i] > 0;
    let sum: f64 = (0..weights.len())
        .filter(|&i| open(i))
        .map(|i| weights[i])
        .sum();
    let mut counts: Vec<u32> = (0..weights.len())
        .map(|i| {
            if !open(i) || sum <= 0.0 {
                return 0;
            }
            ((total as f64 * weights[i] / sum) as u64).min(u64::from(caps[i])) as u32
        })
        .collect();
    let mut left = total.saturating_sub(counts.iter().map(|&c| u64::from(c)).sum());
    // The remainder one at a time by weight, then wherever there is room.
    let cdf: Vec<f64> = weights
        .iter()
        .zip(caps)
        .scan(0.0, |acc, (&w, &cap)| {
            if cap > 0 {
                *acc += w;
            }
            Some(*acc)
        })
        .collect();
    let mut misses = 0;
    while left > 0 && misses < 64 && sum > 0.0 {
        let x = rng.r#gen::<f64>() * sum;
        let i = cdf.partition_point(|&c| c <= x).min(weights.len() - 1);
        if counts[i] < caps[i] {
            counts[i] += 1;
            left -= 1;
            misses = 0;
        } else {
            misses += 1;
        }
    }
    for (count, &cap) in counts.iter_mut().zip(caps) {
        let add = u64::from(cap - *count).min(left);
        *count += add as u32;
        left -= add;
    }
    counts
}

/// A heavy-tailed weight: most near 1, a few a hundred times that.
pub(super) fn heavy(rng: &mut impl Rng, cap: f64) -> f64 {
    (1.0 - rng.r#gen::<f64>()).powf(-0.7).min(cap)
}

/// A time about `mean` after `from` (exponential), at most `end`.
pub(super) fn after(rng: &mut impl Rng, from: u32, mean: u32, end: u32) -> u32 {
    let from = from.saturating_add(60).min(end);
    let delay = -(1.0 - rng.r#gen::<f64>()).ln() * f64::from(mean);
    let at = u64::from(from) + delay as u64;
    if at <= u64::from(end) {
        at as u32
    } else {
        rng.gen_range(from..=end)
    }
}

impl Plan {
    pub fn new(targets: &Targets, catalogue: Catalogue, ids: IdBases) -> Plan {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
        let Catalogue {
            start,
            user_base,
            course_base,
            end,
            joined,
            courses,
            enrolments,
            vocabulary,
        } = catalogue;
        let mut members: Vec<Vec<(u32, u32)>> = courses
            .iter()
            .map(|c| c.published.map_or_else(Vec::new, |p| vec![(c.creator, p)]))
            .collect();
        for &(user, course, at) in &enrolments {
            if courses[course as usize].published.is_some() {
                members[course as usize].push((user, at));
            }
        }
        for list in &mut members {
            list.sort_unstable();
            list.dedup_by_key(|m| m.0);
        }
        let mut plan = Plan {
            start,
            end,
            ids,
            user_base,
            course_base,
            vocabulary,
            joined,
            members,
            creators: courses.iter().map(|c| c.creator).collect(),
            threads: Vec::new(),
            answers: Vec::new(),
            comments: Vec::new(),
            follows: Vec::new(),
            notices: Vec::new(),
        };
        plan.plan_threads(&mut rng, targets.threads, &courses);
        plan.plan_answers(&mut rng, targets.answers);
        plan.plan_comments(&mut rng, targets.comments);
        plan.plan_votes(&mut rng, targets.votes);
        plan.plan_follows(&mut rng, targets.follows);
        plan.plan_notices(&mut rng);
        plan
    }

    /// One line on what was planned.
    pub fn describe(&self) -> String {
        let votes: u64 = self
            .threads
            .iter()
            .map(|t| u64::from(t.up + t.down))
            .chain(self.answers.iter().map(|a| u64::from(a.up + a.down)))
            .sum();
        format!(
            "planned the community: {} threads ({} in courses), {} answers, {} comments, {} votes, \
             {} follows, {} notifications (the last {NOTIFICATION_DAYS} days')",
            self.threads.len(),
            self.threads.iter().filter(|t| t.course != NONE).count(),
            self.answers.len(),
            self.comments.len(),
            votes,
            self.follows.len(),
            self.notices.len()
        )
    }

    /// How many may read a thread: everyone, or its course's members.
    pub fn audience_len(&self, course: u32) -> usize {
        if course == NONE {
            self.joined.len()
        } else {
            self.members[course as usize].len()
        }
    }

    /// The `i`-th member of a thread's audience: (user, since).
    pub fn audience_at(&self, course: u32, i: usize) -> (u32, u32) {
        if course == NONE {
            (i as u32, self.joined[i])
        } else {
            self.members[course as usize][i]
        }
    }

    /// A user's position in the audience (they are in it).
    pub fn audience_position(&self, course: u32, user: u32) -> usize {
        if course == NONE {
            user as usize
        } else {
            self.members[course as usize]
                .binary_search_by_key(&user, |m| m.0)
                .expect("posts in a course are by its members")
        }
    }

    /// Whether `user` may read the thread's course at `at`.
    pub fn may_read(&self, course: u32, user: u32, at: u32) -> bool {
        if course == NONE {
            return self.joined[user as usize] <= at;
        }
        let members = &self.members[course as usize];
        members
            .binary_search_by_key(&user, |m| m.0)
            .is_ok_and(|i| members[i].1 <= at)
    }

    /// Someone from the thread's audience other than `not`, the early
    /// (more active) users more often.
    pub fn pick(&self, rng: &mut impl Rng, course: u32, not: u32) -> (u32, u32) {
        let len = self.audience_len(course);
        for _ in 0..8 {
            let i = ((len as f64) * rng.r#gen::<f64>().powf(1.6)) as usize % len;
            let member = self.audience_at(course, i);
            if member.0 != not {
                return member;
            }
        }
        // Every audience holds someone else: the caps saw to it.
        let i = usize::from(self.audience_at(course, 0).0 == not);
        self.audience_at(course, i)
    }

    fn plan_threads(&mut self, rng: &mut impl Rng, wanted: usize, courses: &[CourseView]) {
        let end = self.end;
        // Course threads where the learners are (courses with two members or more).
        let mut cdf: Vec<f64> = Vec::with_capacity(courses.len());
        let mut total = 0.0;
        for (c, course) in courses.iter().enumerate() {
            let open = course
                .published
                .is_some_and(|p| p + DAY < course.open_until);
            if open && self.members[c].len() >= 2 {
                total += self.members[c].len() as f64;
            }
            cdf.push(total);
        }
        let community_users = self.joined.partition_point(|&j| j + 2 * DAY < end);
        let mut threads: Vec<ThreadPlan> = Vec::with_capacity(wanted);
        for _ in 0..wanted {
            let in_course = total > 0.0 && rng.gen_bool(0.3);
            let (course, author, at, topic, zh, tags) = if in_course {
                let x = rng.r#gen::<f64>() * total;
                let c = cdf.partition_point(|&v| v <= x).min(courses.len() - 1);
                let view = &courses[c];
                let published = view.published.expect("open courses are published");
                let members = &self.members[c];
                let (author, since) = members[rng.gen_range(0..members.len())];
                let lo = since.max(published) + 60;
                let hi = view.open_until.min(end - 2 * HOUR);
                let (author, lo) = if lo + HOUR < hi {
                    (author, lo)
                } else {
                    (view.creator, published + 60)
                };
                let at = lo + (f64::from(hi - lo) * rng.r#gen::<f64>().powf(0.8)) as u32;
                let n = rng.gen_range(1..=2.min(view.tags.len()));
                let tags: Vec<u16> = view.tags.choose_multiple(rng, n).copied().collect();
                (c as u32, author, at, view.topic, view.zh, tags)
            } else {
                let i = (community_users as f64 * rng.r#gen::<f64>().powf(1.6)) as usize;
                let author = i.min(community_users.max(1) - 1) as u32;
                let lo = self.joined[author as usize] + HOUR;
                let hi = end - 2 * HOUR;
                let at =
                    lo + (f64::from(hi.saturating_sub(lo)) * rng.r#gen::<f64>().powf(0.6)) as u32;
                let topic = pick_topic(rng) as u8;
                let zh = rng.gen_bool(0.5);
                let t = &TOPICS[usize::from(topic)];
                let pool = if zh { t.tags_zh } else { t.tags_en };
                let n = rng.gen_range(1..=pool.len());
                let tags: Vec<u16> = pool
                    .choose_multiple(rng, n)
                    .map(|tag| {
                        self.vocabulary
                            .binary_search_by(|v| v.as_str().cmp(tag))
                            .expect("every topic tag is in the vocabulary")
                            as u16
                    })
                    .collect();
                (NONE, author, at, topic, zh, tags)
            };
            let mut tags = tags;
            tags.sort_unstable();
            threads.push(ThreadPlan {
                course,
                author,
                at,
                topic,
                zh,
                question: rng.gen_bool(0.65),
                tags,
                weight: heavy(rng, 60.0) as f32,
                quality: (1.0 - rng.r#gen::<f64>().powi(2)) as f32,
                answers: 0,
                comments: 0,
                up: 0,
                down: 0,
                accepted: NONE,
                accepted_at: NONE,
                last_activity: at,
            });
        }
        // Ids follow creation time.
        threads.sort_by_key(|t| (t.at, t.author));
        self.threads = threads;
    }

    fn plan_answers(&mut self, rng: &mut impl Rng, wanted: usize) {
        let end = self.end;
        let weights: Vec<f64> = self
            .threads
            .iter()
            .map(|t| f64::from(t.weight) * if t.question { 1.2 } else { 0.8 })
            .collect();
        // Someone other than the asker must be able to answer in time (the
        // same person may answer twice).
        let caps: Vec<u32> = self
            .threads
            .iter()
            .map(|t| {
                let others = self.audience_len(t.course) > 1;
                if others && t.at + 2 * HOUR <= end {
                    u32::MAX
                } else {
                    0
                }
            })
            .collect();
        let counts = apportion(rng, wanted as u64, &weights, &caps);
        let mut answers: Vec<AnswerPlan> = Vec::with_capacity(wanted);
        for (ti, (t, &n)) in self.threads.iter().zip(&counts).enumerate() {
            let creator = (t.course != NONE).then(|| {
                let creator = self.creators[t.course as usize];
                self.audience_at(t.course, self.audience_position(t.course, creator))
            });
            for _ in 0..n {
                let (author, since) = match creator {
                    Some(member) if member.0 != t.author && rng.gen_bool(0.2) => member,
                    _ => self.pick(rng, t.course, t.author),
                };
                answers.push(AnswerPlan {
                    thread: ti as u32,
                    author,
                    at: after(rng, t.at.max(since), 36 * HOUR, end),
                    weight: (f64::from(t.weight).sqrt() * heavy(rng, 50.0)) as f32,
                    quality: (1.0 - rng.r#gen::<f64>().powi(2)) as f32,
                    comments: 0,
                    up: 0,
                    down: 0,
                    accepted: false,
                    deleted_at: if rng.gen_bool(0.01) { 0 } else { NONE },
                });
            }
        }
        answers.sort_by_key(|a| (a.at, a.thread));
        // Two questions in three with a live answer accept the best one.
        let mut best: HashMap<u32, (f32, u32)> = HashMap::new();
        for (i, a) in answers.iter().enumerate() {
            let t = &self.threads[a.thread as usize];
            if t.question && a.deleted_at == NONE && a.at + HOUR < end {
                let key = a.quality * rng.gen_range(0.6..1.0);
                let entry = best.entry(a.thread).or_insert((key, i as u32));
                if key > entry.0 {
                    *entry = (key, i as u32);
                }
            }
        }
        let mut accepted: Vec<(u32, u32)> = best.into_iter().map(|(t, (_, a))| (t, a)).collect();
        accepted.sort_unstable();
        for (t, a) in accepted {
            if rng.gen_bool(0.67) {
                let answer = &mut answers[a as usize];
                answer.accepted = true;
                answer.weight *= 1.8;
                let from = answer.at + 30 * 60;
                let thread = &mut self.threads[t as usize];
                thread.accepted = a;
                thread.accepted_at = rng.gen_range(from..=(from + 7 * DAY).min(end));
            }
        }
        self.answers = answers;
    }

    fn plan_comments(&mut self, rng: &mut impl Rng, wanted: usize) {
        let end = self.end;
        let threads = self.threads.len();
        let mut weights: Vec<f64> = self
            .threads
            .iter()
            .map(|t| 0.5 * f64::from(t.weight))
            .collect();
        weights.extend(self.answers.iter().map(|a| f64::from(a.weight)));
        let mut caps: Vec<u32> = self
            .threads
            .iter()
            .map(|t| if t.at + HOUR > end { 0 } else { u32::MAX })
            .collect();
        caps.extend(
            self.answers
                .iter()
                .map(|a| if a.at + HOUR > end { 0 } else { u32::MAX }),
        );
        let counts = apportion(rng, wanted as u64, &weights, &caps);
        let mut comments: Vec<CommentPlan> = Vec::with_capacity(wanted);
        for (post, &n) in counts.iter().enumerate() {
            let (thread, answer, post_author, post_at) = if post < threads {
                let t = &self.threads[post];
                (post as u32, NONE, t.author, t.at)
            } else {
                let a = &self.answers[post - threads];
                (a.thread, (post - threads) as u32, a.author, a.at)
            };
            let t = &self.threads[thread as usize];
            for _ in 0..n {
                let x: f64 = rng.r#gen();
                let (author, since) = if x < 0.2 {
                    (t.author, t.at)
                } else if x < 0.3 {
                    (post_author, post_at)
                } else {
                    self.pick(rng, t.course, NONE)
                };
                let at = after(rng, post_at.max(since), DAY, end);
                let deleted_at = if rng.gen_bool(0.01) && at < end {
                    rng.gen_range(at + 1..=end)
                } else {
                    NONE
                };
                comments.push(CommentPlan {
                    thread,
                    answer,
                    author,
                    at,
                    deleted_at,
                });
            }
        }
        comments.sort_by_key(|c| (c.at, c.thread, c.answer));

        // The counters, and when deleted answers went (after their comments).
        let mut last_comment: Vec<u32> = self.answers.iter().map(|a| a.at).collect();
        for c in &comments {
            let t = &mut self.threads[c.thread as usize];
            t.last_activity = t.last_activity.max(c.at);
            if c.answer != NONE {
                let last = &mut last_comment[c.answer as usize];
                *last = (*last).max(c.at);
            }
            if c.deleted_at == NONE {
                t.comments += 1;
                if c.answer != NONE {
                    self.answers[c.answer as usize].comments += 1;
                }
            }
        }
        for (a, last) in self.answers.iter_mut().zip(last_comment) {
            let t = &mut self.threads[a.thread as usize];
            t.last_activity = t.last_activity.max(a.at);
            if a.deleted_at != NONE && !a.accepted && last + 60 < end {
                a.deleted_at = rng.gen_range(last + 60..=end);
            } else {
                a.deleted_at = NONE;
                t.answers += 1;
            }
        }
        self.comments = comments;
    }
}
