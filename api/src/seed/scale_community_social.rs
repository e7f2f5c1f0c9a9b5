//! The scale community's social layer (see `scale_community`): how many
//! votes each post gets (the voters are drawn while writing), follows, and
//! the notifications of the last `NOTIFICATION_DAYS`' activity.

use std::collections::{HashMap, HashSet};

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::scale_community::{DAY, NONE, NOTIFICATION_DAYS, Plan, after, apportion};

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum FollowTarget {
    Thread,
    User,
    Tag,
}

pub(super) struct FollowPlan {
    pub user: u32,
    pub target: FollowTarget,
    /// A thread index, user index or vocabulary index.
    pub id: u32,
    pub at: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum NoticeKind {
    NewAnswer,
    AnswerAccepted,
    NewComment,
    FollowedActivity,
}

pub(super) struct NoticePlan {
    pub user: u32,
    pub kind: NoticeKind,
    pub actor: u32,
    pub thread: u32,
    pub answer: u32,
    pub comment: u32,
    pub at: u32,
    /// NONE: unread.
    pub read_at: u32,
}

impl Plan {
    /// Vote counts per live post (the voters are drawn while writing): at
    /// most everyone else who may read it; weaker posts draw more downvotes.
    pub(super) fn plan_votes(&mut self, rng: &mut impl Rng, wanted: usize) {
        let end = self.end;
        let mut weights: Vec<f64> = Vec::with_capacity(self.threads.len() + self.answers.len());
        let mut caps: Vec<u32> = Vec::with_capacity(weights.capacity());
        for t in &self.threads {
            weights.push(f64::from(t.weight) * (0.5 + f64::from(t.quality)));
            let room = t.at + 2 * 60 <= end;
            caps.push(if room {
                (self.audience_len(t.course) - 1) as u32
            } else {
                0
            });
        }
        for a in &self.answers {
            weights.push(f64::from(a.weight) * (0.5 + f64::from(a.quality)));
            let course = self.threads[a.thread as usize].course;
            let room = a.deleted_at == NONE && a.at + 2 * 60 <= end;
            caps.push(if room {
                (self.audience_len(course) - 1) as u32
            } else {
                0
            });
        }
        let counts = apportion(rng, wanted as u64, &weights, &caps);
        let split = |rng: &mut Xoshiro256PlusPlus, n: u32, quality: f32| {
            let p = 0.03 + 0.35 * f64::from(1.0 - quality).powi(2);
            let down = (0..n).filter(|_| rng.gen_bool(p)).count() as u32;
            (n - down, down)
        };
        let mut local = Xoshiro256PlusPlus::seed_from_u64(rng.r#gen());
        let (thread_counts, answer_counts) = counts.split_at(self.threads.len());
        for (t, &n) in self.threads.iter_mut().zip(thread_counts) {
            (t.up, t.down) = split(&mut local, n, t.quality);
        }
        for (a, &n) in self.answers.iter_mut().zip(answer_counts) {
            (a.up, a.down) = split(&mut local, n, a.quality);
        }
    }

    /// Follows: popular threads by those who may read them, active users by
    /// others, and a few tags (each tag follower hears of every new thread).
    pub(super) fn plan_follows(&mut self, rng: &mut impl Rng, wanted: usize) {
        let end = self.end;
        let users = self.joined.len() as u32;
        let mut cdf: Vec<f64> = Vec::with_capacity(self.threads.len());
        let mut total = 0.0;
        // Popular threads draw more followers, but only with the root of
        // their weight: followers × activity would otherwise grow with its
        // square, and one busy recent thread would flood the notifications.
        for t in &self.threads {
            total += f64::from(t.weight).sqrt();
            cdf.push(total);
        }
        let mut taken: HashSet<(FollowTarget, u32, u32)> = HashSet::with_capacity(wanted);
        let mut follows: Vec<FollowPlan> = Vec::with_capacity(wanted);
        let mut attempts = 0;
        while follows.len() < wanted && attempts < wanted * 10 && !self.threads.is_empty() {
            attempts += 1;
            let x: f64 = rng.r#gen();
            let (target, id, user, from) = if x < 0.78 {
                let pick = rng.r#gen::<f64>() * total;
                let ti = cdf.partition_point(|&c| c <= pick).min(cdf.len() - 1);
                let t = &self.threads[ti];
                if self.audience_len(t.course) < 2 {
                    continue;
                }
                let (user, since) = self.pick(rng, t.course, t.author);
                (FollowTarget::Thread, ti as u32, user, t.at.max(since))
            } else if x < 0.99 && users > 1 {
                let followee =
                    ((f64::from(users) * rng.r#gen::<f64>().powi(3)) as u32).min(users - 1);
                let user = rng.gen_range(0..users);
                if user == followee {
                    continue;
                }
                let from = self.joined[user as usize].max(self.joined[followee as usize]);
                (FollowTarget::User, followee, user, from)
            } else {
                let tag = rng.gen_range(0..self.vocabulary.len()) as u32;
                let user = rng.gen_range(0..users);
                (FollowTarget::Tag, tag, user, self.joined[user as usize])
            };
            if from + 60 > end || !taken.insert((target, id, user)) {
                continue;
            }
            follows.push(FollowPlan {
                user,
                target,
                id,
                at: after(rng, from, 30 * DAY, end),
            });
        }
        follows.sort_by_key(|f| (f.at, f.user));
        self.follows = follows;
    }

    /// The notifications of the last `NOTIFICATION_DAYS`' activity: each
    /// cause tells its direct recipient, then the followers, each once,
    /// never the actor, in a course only its members. Ids follow time; the
    /// last two days' are unread, older ones mostly read.
    pub(super) fn plan_notices(&mut self, rng: &mut impl Rng) {
        let end = self.end;
        let window = end.saturating_sub(NOTIFICATION_DAYS * DAY);
        let mut followers: HashMap<(FollowTarget, u32), Vec<(u32, u32)>> = HashMap::new();
        for f in &self.follows {
            followers
                .entry((f.target, f.id))
                .or_default()
                .push((f.user, f.at));
        }
        let no_one: Vec<(u32, u32)> = Vec::new();
        let mut notices: Vec<NoticePlan> = Vec::new();
        let mut cause = |rng: &mut dyn rand::RngCore,
                         plan: &Plan,
                         thread: u32,
                         (answer, comment): (u32, u32),
                         actor: u32,
                         at: u32,
                         direct: Option<(u32, NoticeKind)>,
                         followed: &[(FollowTarget, u32)]| {
            let course = plan.threads[thread as usize].course;
            let mut told: Vec<(u32, NoticeKind)> = Vec::new();
            let mut tell = |user: u32, kind: NoticeKind| {
                if user != actor && !told.iter().any(|&(u, _)| u == user) {
                    told.push((user, kind));
                }
            };
            if let Some((user, kind)) = direct {
                tell(user, kind);
            }
            for key in followed {
                for &(user, since) in followers.get(key).unwrap_or(&no_one) {
                    if since < at {
                        tell(user, NoticeKind::FollowedActivity);
                    }
                }
            }
            for (user, kind) in told {
                if !plan.may_read(course, user, at) {
                    continue;
                }
                let age = end - at;
                let read = age >= 2 * DAY && rng.gen_bool(if age < 14 * DAY { 0.6 } else { 0.95 });
                notices.push(NoticePlan {
                    user,
                    kind,
                    actor,
                    thread,
                    answer,
                    comment,
                    at,
                    read_at: if read {
                        rng.gen_range(at..=(at + 3 * DAY).min(end))
                    } else {
                        NONE
                    },
                });
            }
        };
        let plan = &*self;
        for (ti, t) in plan.threads.iter().enumerate() {
            let ti = ti as u32;
            if t.at >= window {
                let mut followed = vec![(FollowTarget::User, t.author)];
                followed.extend(
                    t.tags
                        .iter()
                        .map(|&tag| (FollowTarget::Tag, u32::from(tag))),
                );
                cause(rng, plan, ti, (NONE, NONE), t.author, t.at, None, &followed);
            }
            if t.accepted != NONE && t.accepted_at >= window {
                let author = plan.answers[t.accepted as usize].author;
                let direct = Some((author, NoticeKind::AnswerAccepted));
                cause(
                    rng,
                    plan,
                    ti,
                    (t.accepted, NONE),
                    t.author,
                    t.accepted_at,
                    direct,
                    &[],
                );
            }
        }
        for (ai, a) in plan.answers.iter().enumerate() {
            if a.at >= window {
                let t = &plan.threads[a.thread as usize];
                let direct = Some((t.author, NoticeKind::NewAnswer));
                let followed = [(FollowTarget::Thread, a.thread)];
                cause(
                    rng,
                    plan,
                    a.thread,
                    (ai as u32, NONE),
                    a.author,
                    a.at,
                    direct,
                    &followed,
                );
            }
        }
        for (ci, c) in plan.comments.iter().enumerate() {
            if c.at >= window {
                let post_author = if c.answer == NONE {
                    plan.threads[c.thread as usize].author
                } else {
                    plan.answers[c.answer as usize].author
                };
                let direct = Some((post_author, NoticeKind::NewComment));
                let followed = [(FollowTarget::Thread, c.thread)];
                cause(
                    rng,
                    plan,
                    c.thread,
                    (c.answer, ci as u32),
                    c.author,
                    c.at,
                    direct,
                    &followed,
                );
            }
        }
        notices.sort_by_key(|n| (n.at, n.thread, n.user));
        self.notices = notices;
    }
}

#[cfg(test)]
pub(super) mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::seed::{
        content::TOPICS,
        scale::Targets,
        scale_community::{Catalogue, CourseView, HOUR, IdBases},
    };

    /// A small catalogue: 300 users joining over the first half of a year,
    /// six courses (one a draft, one tiny) and their enrolments.
    pub fn catalogue() -> Catalogue {
        let end = 365 * DAY;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mut joined: Vec<u32> = (0..300).map(|_| rng.gen_range(0..end / 2)).collect();
        joined.sort_unstable();
        let mut vocabulary: Vec<String> = TOPICS
            .iter()
            .flat_map(|t| t.tags_en.iter().chain(t.tags_zh))
            .map(|t| (*t).to_owned())
            .collect();
        vocabulary.sort();
        vocabulary.dedup();
        let courses: Vec<CourseView> = (0..6u32)
            .map(|c| CourseView {
                creator: c * 50,
                topic: c as u8,
                zh: c % 2 == 1,
                tags: vec![c as u16, c as u16 + 6],
                published: (c != 5).then_some(end / 2 + c * DAY),
                open_until: if c == 4 { end - 30 * DAY } else { end },
            })
            .collect();
        let mut enrolments = Vec::new();
        for user in 1..300u32 {
            for c in 0..5u32 {
                let wanted = if c == 3 {
                    user % 97 == 0
                } else {
                    user % (c + 2) == 0
                };
                let published = courses[c as usize].published.unwrap();
                if wanted && user % 50 != 0 {
                    let from = published.max(joined[user as usize]) + HOUR;
                    enrolments.push((
                        user,
                        c,
                        rng.gen_range(from..courses[c as usize].open_until - HOUR),
                    ));
                }
            }
        }
        Catalogue {
            start: DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
                .unwrap()
                .to_utc(),
            user_base: 0,
            course_base: 0,
            end,
            joined,
            courses,
            enrolments,
            vocabulary,
        }
    }

    pub fn targets() -> Targets {
        let mut targets = Targets::for_scale(0.003).unwrap();
        targets.users = 300;
        targets
    }

    #[test]
    fn the_plan_is_deterministic_and_its_counters_add_up() {
        let targets = targets();
        let a = Plan::new(&targets, catalogue(), IdBases::default());
        let b = Plan::new(&targets, catalogue(), IdBases::default());
        let key = |p: &Plan| -> Vec<(u32, u32, u32, u32, u32)> {
            p.threads
                .iter()
                .map(|t| (t.author, t.at, t.answers, t.comments, t.up * 1_000 + t.down))
                .chain(
                    p.answers
                        .iter()
                        .map(|a| (a.author, a.at, a.comments, a.up, a.down)),
                )
                .chain(
                    p.notices
                        .iter()
                        .map(|n| (n.user, n.at, n.thread, n.answer, n.comment)),
                )
                .collect()
        };
        assert_eq!(key(&a), key(&b));

        assert_eq!(a.threads.len(), targets.threads);
        assert_eq!(a.answers.len(), targets.answers);
        assert_eq!(a.comments.len(), targets.comments);
        assert_eq!(a.follows.len(), targets.follows);
        let votes: u32 = a
            .threads
            .iter()
            .map(|t| t.up + t.down)
            .chain(a.answers.iter().map(|x| x.up + x.down))
            .sum();
        assert_eq!(votes as usize, targets.votes);
        assert!(a.threads.iter().any(|t| t.course != NONE));
        assert!(
            a.threads.iter().all(|t| t.course != 5),
            "a thread in a draft"
        );

        let live_answers = |t: u32| {
            a.answers
                .iter()
                .filter(|x| x.thread == t && x.deleted_at == NONE)
                .count() as u32
        };
        for (i, t) in a.threads.iter().enumerate() {
            assert_eq!(t.answers, live_answers(i as u32));
            let live_comments = a
                .comments
                .iter()
                .filter(|c| c.thread == i as u32 && c.deleted_at == NONE)
                .count() as u32;
            assert_eq!(t.comments, live_comments);
            assert!(a.may_read(t.course, t.author, t.at));
            if t.accepted != NONE {
                let answer = &a.answers[t.accepted as usize];
                assert!(t.question && answer.accepted && answer.thread == i as u32);
                assert!(answer.deleted_at == NONE && t.accepted_at > answer.at);
            }
        }
        assert!(a.threads.windows(2).all(|w| w[0].at <= w[1].at));
        for x in &a.answers {
            let t = &a.threads[x.thread as usize];
            assert!(x.at > t.at && x.at <= a.end && x.author != t.author);
            assert!(a.may_read(t.course, x.author, x.at));
        }
        for c in &a.comments {
            let t = &a.threads[c.thread as usize];
            let parent = if c.answer == NONE {
                t.at
            } else {
                a.answers[c.answer as usize].at
            };
            assert!(c.at > parent && c.at <= a.end);
            assert!(a.may_read(t.course, c.author, c.at));
        }
        let window = a.end - NOTIFICATION_DAYS * DAY;
        assert!(!a.notices.is_empty());
        for n in &a.notices {
            assert!(n.at >= window && n.user != n.actor);
            assert!(a.may_read(a.threads[n.thread as usize].course, n.user, n.at));
            assert!(n.read_at == NONE || n.read_at >= n.at);
        }
    }

    #[test]
    fn apportion_keeps_the_total_and_the_caps() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let weights = [5.0, 1.0, 1.0, 0.0, 3.0];
        let caps = [4, 100, 100, 100, 0];
        let counts = apportion(&mut rng, 50, &weights, &caps);
        assert_eq!(counts.iter().sum::<u32>(), 50);
        assert!(counts.iter().zip(caps).all(|(&c, cap)| c <= cap));
        assert_eq!(counts[4], 0);
        // Not enough room: everything there is.
        assert_eq!(
            apportion(&mut rng, 1_000, &weights, &caps)
                .iter()
                .sum::<u32>(),
            304
        );
    }
}
