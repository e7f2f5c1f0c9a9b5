//! `funnel`: visited → viewed a course → enrolled → posted, in order at day
//! granularity, within each period (or the whole range).
//!
//! A member enters a period's funnel on their first active day in it; they
//! reach "viewed a course" on their first day in it with a course view,
//! "enrolled" on their first day with an enrolment on or after that, and
//! "posted" when they posted on or after that. Steps on the same day count
//! as in order (days are the rollup's grain).
//!
//! Entering needs no member's days: a member's first active day in a period
//! is the day there whose previous active day lies before the period, so
//! the members per day and previous day (activity's grouped statement)
//! count them. Every later step starts with a course view, which happens
//! on an active day at or after the entry, so only the days with a view, an
//! enrolment or a post are read per member (at 10 million events, 0.2 of the
//! range's 0.5 million member-days).

use chrono::NaiveDate;

use super::{
    Range, activity,
    masks::{MemberDays, member_days},
    share,
};
use crate::{
    error::ApiResult,
    services::{Db, analytics::kinds::day_flags},
};

/// The steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Visited,
    ViewedCourse,
    Enrolled,
    Posted,
}

impl Step {
    pub const ALL: [Step; 4] = [
        Step::Visited,
        Step::ViewedCourse,
        Step::Enrolled,
        Step::Posted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Visited => "VISITED",
            Step::ViewedCourse => "VIEWED_COURSE",
            Step::Enrolled => "ENROLLED",
            Step::Posted => "POSTED",
        }
    }
}

/// Members at one step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepCount {
    pub step: Step,
    /// Members who reached the step.
    pub members: i64,
    /// `members` over the previous step's (1 for the first step with
    /// members, 0 without).
    pub conversion: f64,
    /// `members` over the first step's.
    pub overall: f64,
}

/// The funnel of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelPoint {
    /// The period's first day in the range.
    pub date: NaiveDate,
    pub steps: Vec<StepCount>,
}

/// The funnel over the whole range and over each period.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    pub steps: Vec<StepCount>,
    pub points: Vec<FunnelPoint>,
}

/// The range's funnel and each period's, from two reads of the rollup.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn funnel(db: &impl Db, range: &Range) -> ApiResult<Funnel> {
    let (first, last) = range.day_numbers();
    let periods = range.periods();
    let mut whole = [0i64; 4];
    let mut counts = vec![[0i64; 4]; periods.len()];
    for group in activity::day_groups(db, first, last).await? {
        let enters_on = |start: i32| group.prev_day.is_none_or(|prev| prev < start);
        if enters_on(first) {
            whole[0] += group.members;
        }
        if let Some(idx) = range.period_of_day(group.day)
            && enters_on(periods[idx].day_numbers().0)
        {
            counts[idx][0] += group.members;
        }
    }
    let flags = [
        day_flags::VIEWED_COURSE,
        day_flags::ENROLLED,
        day_flags::POSTED,
    ];
    let add = |counts: &mut [i64; 4], later_steps: usize| {
        for step in counts.iter_mut().skip(1).take(later_steps) {
            *step += 1;
        }
    };
    for member in &member_days(db, first, last, &flags).await? {
        let mut views = member.days(0).peekable();
        if let Some(&viewed) = views.peek() {
            add(&mut whole, later_steps(member, viewed, last));
        }
        // The member's first view in each period they viewed a course in.
        let mut viewed_in = None;
        for day in views {
            let Some(idx) = range.period_of_day(day) else {
                continue;
            };
            if viewed_in == Some(idx) {
                continue;
            }
            viewed_in = Some(idx);
            let (_, end) = periods[idx].day_numbers();
            add(&mut counts[idx], later_steps(member, day, end));
        }
    }
    Ok(Funnel {
        steps: steps(whole),
        points: periods
            .iter()
            .zip(counts)
            .map(|(period, counts)| FunnelPoint {
                date: period.start,
                steps: steps(counts),
            })
            .collect(),
    })
}

/// How many steps after entering a member reached by `end`, having first
/// viewed a course on `viewed`: each step on the first day, on or after the
/// previous step's, with its flag (view, enrolment, post).
fn later_steps(member: &MemberDays, viewed: i32, end: i32) -> usize {
    let mut day = viewed;
    let mut steps = 1;
    for flag in 1..Step::ALL.len() - 1 {
        match member.first_in(flag, day, end) {
            Some(next) => {
                day = next;
                steps += 1;
            }
            None => break,
        }
    }
    steps
}

/// Step counts with their conversions.
pub fn steps(counts: [i64; 4]) -> Vec<StepCount> {
    Step::ALL
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (&step, members))| StepCount {
            step,
            members,
            conversion: share(members, if i == 0 { members } else { counts[i - 1] }),
            overall: share(members, counts[0]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_in_order_at_day_granularity() {
        // Viewed 11 and 13; enrolled 12 and 14; posted 13.
        let member = MemberDays::of(10, 20, &[&[11, 13], &[12, 14], &[13]]);
        // Viewed 11, enrolled 12, posted 13.
        assert_eq!(later_steps(&member, 11, 20), 3);
        // Cut at 12: no post yet.
        assert_eq!(later_steps(&member, 11, 12), 2);
        // Viewed on 13: enrolled 14, no post after that.
        assert_eq!(later_steps(&member, 13, 20), 2);
        // The same day counts as in order.
        let one_day = MemberDays::of(10, 20, &[&[15], &[15], &[15]]);
        assert_eq!(later_steps(&one_day, 15, 15), 3);
    }

    #[test]
    fn conversions_per_step_and_overall() {
        let steps = steps([8, 4, 2, 1]);
        let conversions: Vec<_> = steps.iter().map(|s| s.conversion).collect();
        assert_eq!(conversions, [1.0, 0.5, 0.5, 0.5]);
        let overall: Vec<_> = steps.iter().map(|s| s.overall).collect();
        assert_eq!(overall, [1.0, 0.5, 0.25, 0.125]);
        let empty = super::steps([0; 4]);
        assert!(
            empty
                .iter()
                .all(|s| s.conversion == 0.0 && s.overall == 0.0)
        );
    }
}
