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

/// Visible answers posted in the range with at least one vote (all votes
/// to date), best first (ties: older answer first).
#[tracing::instrument(skip_all, fields(from = %range.from, to = %range.to))]
pub async fn answers(db: &impl Db, range: &Range) -> ApiResult<Vec<RankedAnswer>> {
    let (start, end) = range.instants();
    let mut answers: Vec<RankedAnswer> = fetch(
        db,
        "SELECT id AS answer_id, CAST(upvotes AS BIGINT) AS upvotes, \
           CAST(downvotes AS BIGINT) AS downvotes \
         FROM answers \
         WHERE created_at >= ? AND created_at < ? AND deleted_at IS NULL \
           AND hidden_at IS NULL AND upvotes + downvotes > 0",
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
    fn bayesian_average_pulls_towards_the_prior() {
        // Prior mean 4 with weight 2: one 5-star rating gives (8 + 5) / 3.
        assert!((bayesian_average(5, 1, 4.0, 2.0) - 13.0 / 3.0).abs() < 1e-12);
        assert_eq!(bayesian_average(0, 0, 4.0, 2.0), 4.0);
        assert_eq!(bayesian_average(0, 0, 0.0, 0.0), 0.0);
    }
}
