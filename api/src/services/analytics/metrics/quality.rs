//! `contentQuality`: answers ranked by the Wilson lower bound of their votes,
//! courses by the Bayesian average of their ratings.

use sea_orm::FromQueryResult;

use super::{Range, fetch};
use crate::{error::ApiResult, services::Db};

/// The normal quantile of a two-sided 95% interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// An answer with its votes.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct RankedAnswer {
    pub answer_id: i64,
    pub upvotes: i64,
    pub downvotes: i64,
    #[sea_orm(skip)]
    pub wilson: f64,
}

/// A course with the ratings given in the range.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct RankedCourse {
    pub course_id: i64,
    pub ratings: i64,
    pub rating_sum: i64,
    #[sea_orm(skip)]
    pub mean: f64,
    #[sea_orm(skip)]
    pub bayesian: f64,
}

/// Courses ranked, with the prior they were ranked against.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CourseRanking {
    /// The mean of every rating given in the range.
    pub prior_mean: f64,
    /// The mean number of ratings per course rated in the range.
    pub prior_weight: f64,
    pub courses: Vec<RankedCourse>,
}

/// The lower bound of the Wilson score interval (95%) of the share of up
/// votes; 0 without votes.
pub fn wilson_lower_bound(up: i64, down: i64) -> f64 {
    let n = (up + down) as f64;
    if n <= 0.0 {
        return 0.0;
    }
    let p = up as f64 / n;
    let z2 = Z_95 * Z_95;
    (p + z2 / (2.0 * n) - Z_95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt()) / (1.0 + z2 / n)
}

/// `(C·m + sum) / (C + n)`: the course's ratings pulled towards the prior
/// mean `m` as if it had `C` more ratings of it.
pub fn bayesian_average(sum: i64, n: i64, prior_mean: f64, prior_weight: f64) -> f64 {
    let weight = prior_weight + n as f64;
    if weight <= 0.0 {
        return 0.0;
    }
    (prior_weight * prior_mean + sum as f64) / weight
}

/// Which answers `answers` and `answers_at` rank.
const VOTED_ANSWERS: &str = "created_at >= ? AND created_at < ? AND deleted_at IS NULL \
     AND hidden_at IS NULL AND upvotes + downvotes > 0";

/// The ranked answers' rows, as [`RankedAnswer`] reads them.
const RANKED_ANSWERS: &str = "SELECT id AS answer_id, CAST(upvotes AS BIGINT) AS upvotes, \
     CAST(downvotes AS BIGINT) AS downvotes FROM answers";

/// Visible answers posted in the range with at least one vote (all votes
/// to date), best first (ties: older answer first).
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn answers(db: &impl Db, range: &Range) -> ApiResult<Vec<RankedAnswer>> {
    let (start, end) = range.instants();
    let mut answers: Vec<RankedAnswer> = fetch(
        db,
        &format!("{RANKED_ANSWERS} WHERE {VOTED_ANSWERS}"),
        vec![start.into(), end.into()],
    )
    .await?;
    for answer in &mut answers {
        answer.wilson = wilson_lower_bound(answer.upvotes, answer.downvotes);
    }
    answers.sort_by(|a, b| {
        b.wilson
            .total_cmp(&a.wilson)
            .then(a.answer_id.cmp(&b.answer_id))
    });
    Ok(answers)
}

/// How many answers of the range have one tally of votes.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
struct Tally {
    upvotes: i64,
    downvotes: i64,
    answers: i64,
}

/// The answers that share one Wilson bound, whatever their tallies: among
/// themselves they rank by id.
#[derive(Debug, Clone, PartialEq)]
struct Tier {
    wilson: f64,
    tallies: Vec<(i64, i64)>,
    answers: u64,
}

/// Tallies grouped into tiers, best first.
fn tiers(tallies: Vec<Tally>) -> Vec<Tier> {
    let mut scored: Vec<(f64, Tally)> = tallies
        .into_iter()
        .map(|t| (wilson_lower_bound(t.upvotes, t.downvotes), t))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut tiers: Vec<Tier> = Vec::new();
    for (wilson, tally) in scored {
        match tiers.last_mut() {
            Some(tier) if tier.wilson.total_cmp(&wilson).is_eq() => {
                tier.tallies.push((tally.upvotes, tally.downvotes));
                tier.answers += tally.answers as u64;
            }
            _ => tiers.push(Tier {
                wilson,
                tallies: vec![(tally.upvotes, tally.downvotes)],
                answers: tally.answers as u64,
            }),
        }
    }
    tiers
}

/// For positions `offset..offset + len` of the ranking: per tier touched,
/// (tier, answers to skip in it, answers to take from it).
fn reads(tiers: &[Tier], offset: u64, len: u64) -> Vec<(usize, u64, u64)> {
    let mut reads = Vec::new();
    let (mut tier_start, mut wanted_from, wanted_to) = (0, offset, offset.saturating_add(len));
    for (i, tier) in tiers.iter().enumerate() {
        let tier_end = tier_start + tier.answers;
        if wanted_from >= wanted_to {
            break;
        }
        if wanted_from < tier_end {
            let take = tier_end.min(wanted_to) - wanted_from;
            reads.push((i, wanted_from - tier_start, take));
            wanted_from += take;
        }
        tier_start = tier_end;
    }
    reads
}

/// `len` answers of the ranking from position `offset` (0-based), and how
/// many the ranking holds. The database groups the range's answers by
/// their tallies (an index-only scan); only the answers on the page are
/// read as rows, so a range of 100,000s of voted answers costs no more
/// than its distinct tallies.
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn answers_at(
    db: &impl Db,
    range: &Range,
    offset: u64,
    len: u64,
) -> ApiResult<(Vec<RankedAnswer>, u64)> {
    let (start, end) = range.instants();
    let tallies: Vec<Tally> = fetch(
        db,
        &format!(
            "SELECT CAST(upvotes AS BIGINT) AS upvotes, CAST(downvotes AS BIGINT) AS downvotes, \
               CAST(COUNT(*) AS BIGINT) AS answers \
             FROM answers WHERE {VOTED_ANSWERS} GROUP BY upvotes, downvotes"
        ),
        vec![start.into(), end.into()],
    )
    .await?;
    let tiers = tiers(tallies);
    let total = tiers.iter().map(|t| t.answers).sum();
    let mut page = Vec::new();
    for (tier, skip, take) in reads(&tiers, offset, len) {
        let tier = &tiers[tier];
        let tallies = vec!["(upvotes = ? AND downvotes = ?)"; tier.tallies.len()].join(" OR ");
        let mut values: Vec<sea_orm::Value> = vec![start.into(), end.into()];
        for &(up, down) in &tier.tallies {
            values.extend([up.into(), down.into()]);
        }
        values.extend([(take as i64).into(), (skip as i64).into()]);
        let rows: Vec<RankedAnswer> = fetch(
            db,
            &format!(
                "{RANKED_ANSWERS} WHERE {VOTED_ANSWERS} AND ({tallies}) \
                 ORDER BY id LIMIT ? OFFSET ?"
            ),
            values,
        )
        .await?;
        page.extend(rows.into_iter().map(|mut answer| {
            answer.wilson = tier.wilson;
            answer
        }));
    }
    Ok((page, total))
}

/// Courses rated in the range (reviews written in it), best first (ties:
/// lower id first).
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn courses(db: &impl Db, range: &Range) -> ApiResult<CourseRanking> {
    let (start, end) = range.instants();
    let mut courses: Vec<RankedCourse> = fetch(
        db,
        "SELECT course_id, CAST(COUNT(*) AS BIGINT) AS ratings, \
           CAST(SUM(rating) AS BIGINT) AS rating_sum \
         FROM reviews WHERE created_at >= ? AND created_at < ? GROUP BY course_id",
        vec![start.into(), end.into()],
    )
    .await?;
    let ratings: i64 = courses.iter().map(|c| c.ratings).sum();
    if ratings == 0 {
        return Ok(CourseRanking::default());
    }
    let prior_mean = courses.iter().map(|c| c.rating_sum).sum::<i64>() as f64 / ratings as f64;
    let prior_weight = ratings as f64 / courses.len() as f64;
    for course in &mut courses {
        course.mean = course.rating_sum as f64 / course.ratings as f64;
        course.bayesian =
            bayesian_average(course.rating_sum, course.ratings, prior_mean, prior_weight);
    }
    courses.sort_by(|a, b| {
        b.bayesian
            .total_cmp(&a.bayesian)
            .then(a.course_id.cmp(&b.course_id))
    });
    Ok(CourseRanking {
        prior_mean,
        prior_weight,
        courses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_bounds_match_reference_values() {
        // 9 of 10: the textbook Wilson interval (0.5958, 0.9821); the others
        // worked out by hand from the formula.
        assert!((wilson_lower_bound(9, 1) - 0.595_849_973_2).abs() < 1e-9);
        assert!((wilson_lower_bound(1, 0) - 0.206_549_314_4).abs() < 1e-9);
        assert!((wilson_lower_bound(50, 50) - 0.403_831_530_4).abs() < 1e-9);
        assert_eq!(wilson_lower_bound(0, 0), 0.0);
        assert!(wilson_lower_bound(0, 3) < 1e-12);
        // More evidence of the same share ranks higher.
        assert!(wilson_lower_bound(90, 10) > wilson_lower_bound(9, 1));
    }

    #[test]
    fn pages_of_tiers_match_the_sorted_ranking() {
        // Tallies, with (0, 1) and (0, 4) in one tier (bound 0).
        let tallies = [(3, 0, 2), (0, 1, 3), (1, 0, 1), (0, 4, 2), (9, 1, 1)];
        let tiers = tiers(
            tallies
                .iter()
                .map(|&(upvotes, downvotes, answers)| Tally {
                    upvotes,
                    downvotes,
                    answers,
                })
                .collect(),
        );
        assert_eq!(tiers.len(), 4);
        assert_eq!(tiers[3].tallies.len(), 2);
        // Every answer as (tier, rank in tier), in ranking order.
        let ranking: Vec<(usize, u64)> = tiers
            .iter()
            .enumerate()
            .flat_map(|(i, t)| (0..t.answers).map(move |k| (i, k)))
            .collect();
        for offset in 0..=ranking.len() as u64 + 1 {
            for len in 0..=ranking.len() as u64 + 1 {
                let read: Vec<(usize, u64)> = reads(&tiers, offset, len)
                    .into_iter()
                    .flat_map(|(tier, skip, take)| (skip..skip + take).map(move |k| (tier, k)))
                    .collect();
                let expected: Vec<(usize, u64)> = ranking
                    .iter()
                    .copied()
                    .skip(offset as usize)
                    .take(len as usize)
                    .collect();
                assert_eq!(read, expected, "offset {offset}, len {len}");
            }
        }
    }

    #[test]
    fn bayesian_average_pulls_towards_the_prior() {
        // Prior mean 4 with weight 2: one 5-star rating gives (8 + 5) / 3.
        assert!((bayesian_average(5, 1, 4.0, 2.0) - 13.0 / 3.0).abs() < 1e-12);
        assert_eq!(bayesian_average(0, 0, 4.0, 2.0), 4.0);
        assert_eq!(bayesian_average(0, 0, 0.0, 0.0), 0.0);
    }
}
