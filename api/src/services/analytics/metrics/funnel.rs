//! `funnel`: visited → viewed a course → enrolled → posted, in order at day
//! granularity, within each period (or the whole range).
//!
//! A member enters a period's funnel on their first active day in it; they
//! reach "viewed a course" on their first day in it with a course view,
//! "enrolled" on their first day with an enrolment on or after that, and
//! "posted" when they posted on or after that. Steps on the same day count
//! as in order (days are the rollup's grain).

use chrono::NaiveDate;

use super::{
    Range,
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

/// The range's funnel and each period's, from one read of the rollup.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn funnel(db: &impl Db, range: &Range) -> ApiResult<Funnel> {
    let (first, last) = range.day_numbers();
    let flags = [
        day_flags::ACTIVE,
        day_flags::VIEWED_COURSE,
        day_flags::ENROLLED,
        day_flags::POSTED,
    ];
    let members = member_days(db, first, last, &flags).await?;
    let periods = range.periods();
    let mut whole = [0i64; 4];
    let mut counts = vec![[0i64; 4]; periods.len()];
    let add = |counts: &mut [i64; 4], reached: usize| {
        for step in counts.iter_mut().take(reached) {
            *step += 1;
        }
    };
    for member in &members {
        let mut days = member.days(0).peekable();
        if let Some(&entered) = days.peek() {
            add(&mut whole, reached(member, entered, last));
        }
        // The member's first active day in each period they were active in.
        let mut entered = None;
        for day in days {
            let Some(idx) = range.period_of_day(day) else {
                continue;
            };
            if entered == Some(idx) {
                continue;
            }
            entered = Some(idx);
            let (_, end) = periods[idx].day_numbers();
            add(&mut counts[idx], reached(member, day, end));
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

/// How many steps a member who entered on `entered` reached by `end`: each
/// step on the first day, on or after the previous step's, with its flag.
fn reached(member: &MemberDays, entered: i32, end: i32) -> usize {
    let mut day = entered;
    let mut steps = 1;
    for flag in 1..Step::ALL.len() {
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
        // Active 10..=14; viewed 11 and 13; enrolled 12 and 14; posted 13.
        let member = MemberDays::of(
            10,
            20,
            &[&[10, 11, 12, 13, 14], &[11, 13], &[12, 14], &[13]],
        );
        // Viewed 11, enrolled 12, posted 13.
        assert_eq!(reached(&member, 10, 20), 4);
        // Cut at 12: no post yet.
        assert_eq!(reached(&member, 10, 12), 3);
        // Entering on 13: viewed 13, enrolled 14, no post after that.
        assert_eq!(reached(&member, 13, 20), 3);
        // Entering on 14: no view.
        assert_eq!(reached(&member, 14, 20), 1);
        // The same day counts as in order.
        let one_day = MemberDays::of(10, 20, &[&[15], &[15], &[15], &[15]]);
        assert_eq!(reached(&one_day, 15, 15), 4);
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
