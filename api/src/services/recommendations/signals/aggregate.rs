//! Adds up one user's signals on one item: weights sum (the repeatable
//! signals, lessons and views, up to their own limits), the whole is capped,
//! and the latest signal's time is kept.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::weights;
use crate::services::recommendations::items::ItemRef;

/// What is known so far of one (user, item) pair. 16 bytes: at `--scale 1`
/// there are millions of pairs.
#[derive(Debug, Default, Clone, Copy)]
struct Entry {
    weight: f32,
    lessons: u8,
    views: u8,
    /// A live (not refunded) enrolment: lesson completions count only then.
    enrolled: bool,
    /// Unix seconds of the latest signal.
    last: i64,
}

impl Entry {
    fn total(&self) -> f32 {
        let lessons = f32::from(self.lessons.min(weights::LESSONS_COUNTED)) * weights::LESSON;
        let views = f32::from(self.views.min(weights::VIEWS_COUNTED)) * weights::VIEW;
        (self.weight + lessons + views).min(weights::CAP)
    }
}

/// One row of the training set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signal {
    pub user: i64,
    pub item: ItemRef,
    /// Capped sum of the pair's signal weights (> 0).
    pub weight: f32,
    /// Unix seconds of the latest signal.
    pub at: i64,
}

#[derive(Debug, Default)]
pub struct Aggregator {
    pairs: HashMap<(i64, ItemRef), Entry>,
}

impl Aggregator {
    fn entry(&mut self, user: i64, item: ItemRef, at: DateTime<Utc>) -> &mut Entry {
        let entry = self.pairs.entry((user, item)).or_default();
        entry.last = entry.last.max(at.timestamp());
        entry
    }

    /// A one-off signal of the given weight.
    pub fn add(&mut self, user: i64, item: ItemRef, weight: f32, at: DateTime<Utc>) {
        self.entry(user, item, at).weight += weight;
    }

    /// A live enrolment (marks the pair so its lesson completions count).
    pub fn enrolment(&mut self, user: i64, course: i64, at: DateTime<Utc>) {
        let entry = self.entry(user, ItemRef::Course(course), at);
        entry.weight += weights::ENROLMENT;
        entry.enrolled = true;
    }

    /// A completed lesson; ignored without a live enrolment (so enrolments
    /// must be read first).
    pub fn lesson(&mut self, user: i64, course: i64, at: DateTime<Utc>) {
        if let Some(entry) = self.pairs.get_mut(&(user, ItemRef::Course(course)))
            && entry.enrolled
        {
            entry.lessons = entry.lessons.saturating_add(1);
            entry.last = entry.last.max(at.timestamp());
        }
    }

    pub fn view(&mut self, user: i64, course: i64, at: DateTime<Utc>) {
        let entry = self.entry(user, ItemRef::Course(course), at);
        entry.views = entry.views.saturating_add(1);
    }

    /// Number of (user, item) pairs so far.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// The pairs with a positive weight, sorted by (user, item), so the same
    /// snapshot always gives the same rows. Every weight is a multiple of
    /// 1/4, so the sums are exact in f32 whatever order rows came in.
    pub fn into_signals(self) -> Vec<Signal> {
        let mut signals: Vec<Signal> = self
            .pairs
            .into_iter()
            .filter_map(|((user, item), entry)| {
                let weight = entry.total();
                (weight > 0.0).then_some(Signal {
                    user,
                    item,
                    weight,
                    at: entry.last,
                })
            })
            .collect();
        signals.sort_unstable_by_key(|s| (s.user, s.item));
        signals
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap()
    }

    #[test]
    fn sums_caps_and_keeps_the_latest_time() {
        let mut agg = Aggregator::default();
        let thread = ItemRef::Thread(7);
        agg.add(2, thread, weights::ASKING, at(100));
        agg.add(2, thread, weights::COMMENTING, at(50));
        for day in 0..20 {
            agg.add(1, thread, weights::ANSWERING, at(day));
        }
        agg.view(1, 3, at(5));
        let signals = agg.into_signals();
        assert_eq!(
            signals,
            vec![
                Signal {
                    user: 1,
                    item: ItemRef::Course(3),
                    weight: weights::VIEW,
                    at: 5
                },
                Signal {
                    user: 1,
                    item: thread,
                    weight: weights::CAP,
                    at: 19
                },
                Signal {
                    user: 2,
                    item: thread,
                    weight: weights::ASKING + weights::COMMENTING,
                    at: 100
                },
            ]
        );
    }

    #[test]
    fn lessons_need_a_live_enrolment_and_repeatable_signals_have_limits() {
        let mut agg = Aggregator::default();
        agg.lesson(1, 9, at(1)); // no enrolment: ignored
        agg.view(2, 9, at(1));
        agg.lesson(2, 9, at(2)); // viewed, not enrolled: ignored
        agg.enrolment(3, 9, at(1));
        for i in 0..100 {
            agg.lesson(3, 9, at(10 + i));
            agg.view(3, 9, at(5));
        }
        let signals = agg.into_signals();
        let weights: Vec<(i64, f32, i64)> =
            signals.iter().map(|s| (s.user, s.weight, s.at)).collect();
        let lessons = f32::from(weights::LESSONS_COUNTED) * weights::LESSON;
        let views = f32::from(weights::VIEWS_COUNTED) * weights::VIEW;
        assert_eq!(
            weights,
            vec![
                (2, weights::VIEW, 1),
                (3, weights::ENROLMENT + lessons + views, 109)
            ]
        );
    }
}
