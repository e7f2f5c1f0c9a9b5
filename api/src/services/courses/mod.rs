//! Courses: the catalogue, lessons, enrolment with refunds, progress and
//! reviews.

pub mod access;
pub mod catalogue;
pub mod enrollments;
pub mod lessons;
pub mod revenue;
pub mod reviews;

/// The Bayesian prior of the TOP_RATED order: every course starts as if it
/// had `PRIOR_WEIGHT` ratings of `PRIOR_MEAN`, so one 5-star review (3.33)
/// does not beat a hundred reviews averaging 4.5 (4.43).
pub const PRIOR_MEAN: f64 = 3.0;
pub const PRIOR_WEIGHT: f64 = 5.0;

/// A course's Bayesian average rating: `(C·m + Σ ratings) / (C + n)`.
pub fn rating_score(rating_sum: i64, rating_count: i64) -> f64 {
    (PRIOR_WEIGHT * PRIOR_MEAN + rating_sum as f64) / (PRIOR_WEIGHT + rating_count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_perfect_review_does_not_top_many_good_ones() {
        assert!((rating_score(5, 1) - 20.0 / 6.0).abs() < 1e-9);
        assert!(rating_score(450, 100) > rating_score(5, 1));
        assert_eq!(rating_score(0, 0), PRIOR_MEAN);
    }
}
