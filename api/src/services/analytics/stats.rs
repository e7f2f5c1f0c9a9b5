//! The statistics of an experiment's results, pure and exact to the
//! formulas below (normal and chi-square distributions from `statrs`).
//!
//! For a control with `n_c` users of whom `x_c` converted (`p_c = x_c / n_c`)
//! and a variant with `n_t`, `x_t`, `p_t`:
//! - uplift `d = p_t − p_c`; relative uplift `d / p_c` (none when `p_c = 0`);
//! - 95 % confidence interval of `d` (unpooled Wald):
//!   `d ± z_0.975 · √(p_c(1 − p_c)/n_c + p_t(1 − p_t)/n_t)`, `z_0.975 ≈ 1.959964`;
//! - two-proportion z-test (pooled): `p = (x_c + x_t)/(n_c + n_t)`,
//!   `z = d / √(p(1 − p)(1/n_c + 1/n_t))`, two-sided p-value `2·(1 − Φ(|z|))`
//!   (none when `p` is 0 or 1: nobody or everybody converted);
//! - sample-ratio mismatch: Pearson's chi-square of the exposures against
//!   the weights, `χ² = Σ (o_i − e_i)² / e_i` with `e_i = N · w_i / Σw`,
//!   its p-value from the chi-square distribution with (variants − 1)
//!   degrees of freedom, and a warning when that p-value is below 0.001.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// Confidence of the interval around the uplift.
pub const CONFIDENCE: f64 = 0.95;
/// A sample-ratio p-value below this flags a skewed assignment.
pub const SRM_ALPHA: f64 = 0.001;

/// Users exposed to a variant and how many of them converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Proportion {
    pub users: u64,
    pub conversions: u64,
}

impl Proportion {
    pub fn new(users: u64, conversions: u64) -> Self {
        Self { users, conversions }
    }

    /// Conversions / users; 0 without users.
    pub fn rate(&self) -> f64 {
        if self.users == 0 {
            0.0
        } else {
            self.conversions as f64 / self.users as f64
        }
    }
}

/// A variant against the control.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// `p_t − p_c`.
    pub uplift: f64,
    /// `(p_t − p_c) / p_c`; None when the control's rate is 0.
    pub relative_uplift: Option<f64>,
    /// The 95 % Wald interval of the uplift.
    pub ci_low: f64,
    pub ci_high: f64,
    /// Pooled two-proportion z; None when nobody or everybody converted.
    pub z: Option<f64>,
    /// Two-sided p-value of `z`.
    pub p_value: Option<f64>,
}

fn standard_normal() -> Normal {
    Normal::new(0.0, 1.0).expect("the standard normal")
}

/// The variant against the control; None when either has no users.
pub fn compare(control: Proportion, variant: Proportion) -> Option<Comparison> {
    if control.users == 0 || variant.users == 0 {
        return None;
    }
    let normal = standard_normal();
    let (n_c, n_t) = (control.users as f64, variant.users as f64);
    let (p_c, p_t) = (control.rate(), variant.rate());
    let uplift = p_t - p_c;
    let critical = normal.inverse_cdf(1.0 - (1.0 - CONFIDENCE) / 2.0);
    let se = (p_c * (1.0 - p_c) / n_c + p_t * (1.0 - p_t) / n_t).sqrt();
    let pooled = (control.conversions + variant.conversions) as f64 / (n_c + n_t);
    let pooled_se = (pooled * (1.0 - pooled) * (1.0 / n_c + 1.0 / n_t)).sqrt();
    let z = (pooled_se > 0.0).then(|| uplift / pooled_se);
    Some(Comparison {
        uplift,
        relative_uplift: (p_c > 0.0).then(|| uplift / p_c),
        ci_low: uplift - critical * se,
        ci_high: uplift + critical * se,
        z,
        // sf(|z|) rather than 1 − cdf: exact far into the tail.
        p_value: z.map(|z| (2.0 * normal.sf(z.abs())).min(1.0)),
    })
}

/// Pearson's chi-square of the exposures against the weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleRatio {
    pub chi_square: f64,
    pub degrees_of_freedom: u32,
    pub p_value: f64,
    /// `p_value < SRM_ALPHA`: the split is not what the weights say.
    pub mismatch: bool,
}

/// The sample-ratio check of `observed` users per variant against
/// `weights` (same order, every weight positive, at least two); None
/// before anyone was exposed.
pub fn sample_ratio(observed: &[u64], weights: &[f64]) -> Option<SampleRatio> {
    assert_eq!(observed.len(), weights.len(), "one weight per variant");
    let total: u64 = observed.iter().sum();
    if total == 0 || observed.len() < 2 {
        return None;
    }
    let weight_sum: f64 = weights.iter().sum();
    let chi_square: f64 = observed
        .iter()
        .zip(weights)
        .map(|(&o, &w)| {
            let expected = total as f64 * w / weight_sum;
            (o as f64 - expected).powi(2) / expected
        })
        .sum();
    let degrees_of_freedom = observed.len() as u32 - 1;
    let p_value = ChiSquared::new(f64::from(degrees_of_freedom))
        .expect("positive degrees of freedom")
        .sf(chi_square);
    Some(SampleRatio {
        chi_square,
        degrees_of_freedom,
        p_value,
        mismatch: p_value < SRM_ALPHA,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 5e-5,
            "{actual} is not {expected} to 4 decimals"
        );
    }

    /// References computed with python3 and scipy 1.17 (`scipy.stats.norm`
    /// with the formulas of this module's documentation): CI low, CI high,
    /// z, two-sided p.
    #[test]
    fn comparisons_match_the_reference() {
        // control 100/1000, variant 130/1000.
        let c = compare(Proportion::new(1000, 100), Proportion::new(1000, 130)).unwrap();
        close(c.uplift, 0.03);
        close(c.relative_uplift.unwrap(), 0.3);
        close(c.ci_low, REF_A[0]);
        close(c.ci_high, REF_A[1]);
        close(c.z.unwrap(), REF_A[2]);
        close(c.p_value.unwrap(), REF_A[3]);
        // control 250/5000, variant 300/4800 (unequal sizes).
        let c = compare(Proportion::new(5000, 250), Proportion::new(4800, 300)).unwrap();
        close(c.uplift, 0.0125);
        close(c.relative_uplift.unwrap(), 0.25);
        close(c.ci_low, REF_B[0]);
        close(c.ci_high, REF_B[1]);
        close(c.z.unwrap(), REF_B[2]);
        close(c.p_value.unwrap(), REF_B[3]);
        // A worse variant: z negative, the p-value two-sided all the same.
        let c = compare(Proportion::new(400, 60), Proportion::new(380, 38)).unwrap();
        close(c.uplift, -0.05);
        close(c.ci_low, REF_C[0]);
        close(c.ci_high, REF_C[1]);
        close(c.z.unwrap(), REF_C[2]);
        close(c.p_value.unwrap(), REF_C[3]);
    }

    const REF_A: [f64; 4] = [0.002_067_93, 0.057_932_07, 2.102_740_61, 0.035_488_45];
    const REF_B: [f64; 4] = [0.003_368_37, 0.021_631_63, 2.687_673_20, 0.007_195_18];
    const REF_C: [f64; 4] = [-0.096_198_31, -0.003_801_69, -2.105_881_23, 0.035_214_67];

    #[test]
    fn degenerate_comparisons() {
        assert_eq!(compare(Proportion::new(0, 0), Proportion::new(10, 1)), None);
        assert_eq!(compare(Proportion::new(10, 1), Proportion::new(0, 0)), None);
        // Nobody converted: no test, a zero-width interval, no relative uplift.
        let none = compare(Proportion::new(10, 0), Proportion::new(12, 0)).unwrap();
        assert_eq!((none.uplift, none.ci_low, none.ci_high), (0.0, 0.0, 0.0));
        assert_eq!(
            (none.z, none.p_value, none.relative_uplift),
            (None, None, None)
        );
        // Everybody converted.
        let all = compare(Proportion::new(5, 5), Proportion::new(7, 7)).unwrap();
        assert_eq!((all.z, all.p_value), (None, None));
        assert_eq!(all.relative_uplift, Some(0.0));
        // Equal rates: z = 0, p = 1.
        let same = compare(Proportion::new(100, 10), Proportion::new(200, 20)).unwrap();
        close(same.z.unwrap(), 0.0);
        close(same.p_value.unwrap(), 1.0);
    }

    #[test]
    fn sample_ratio_matches_the_reference() {
        // 5000 vs 4800 on an even split: χ² = 2 · 100² / 4900.
        let even = sample_ratio(&[5000, 4800], &[1.0, 1.0]).unwrap();
        close(even.chi_square, 4.081_632_653);
        assert_eq!(even.degrees_of_freedom, 1);
        close(even.p_value, REF_SRM[0]);
        assert!(!even.mismatch);
        // 5500 vs 4500: χ² = 100, p ≈ 1.5e-23.
        let skewed = sample_ratio(&[5500, 4500], &[1.0, 1.0]).unwrap();
        close(skewed.chi_square, 100.0);
        assert!(skewed.p_value < 1e-20 && skewed.mismatch);
        // Three variants weighted 2:1:1 (weights need not sum to 1).
        let three = sample_ratio(&[520, 240, 240], &[2.0, 1.0, 1.0]).unwrap();
        close(three.chi_square, 1.6);
        assert_eq!(three.degrees_of_freedom, 2);
        close(three.p_value, REF_SRM[1]);
        assert!(!three.mismatch);
        // A 70/30 split served 50/50.
        let wrong = sample_ratio(&[500, 500], &[0.7, 0.3]).unwrap();
        close(wrong.chi_square, REF_SRM[2]);
        assert!(wrong.mismatch);
        // Exact proportions.
        let exact = sample_ratio(&[300, 100], &[3.0, 1.0]).unwrap();
        close(exact.chi_square, 0.0);
        close(exact.p_value, 1.0);
        assert_eq!(sample_ratio(&[0, 0], &[1.0, 1.0]), None);
    }

    /// scipy.stats.chisquare: p of the even split, p of 2:1:1, χ² of 70/30.
    const REF_SRM: [f64; 3] = [0.043_351_75, 0.449_328_96, 190.476_190_48];
}
