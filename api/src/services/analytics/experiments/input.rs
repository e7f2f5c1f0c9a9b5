//! Checking an experiment's definition: its key, variants and metric.

use super::VariantSpec;
use crate::error::{ApiError, ApiResult};
use crate::services::analytics::EventKind;

/// Longest key (the column's size).
pub const KEY_MAX: usize = 64;
/// Longest variant name (the exposures' column size).
pub const VARIANT_NAME_MAX: usize = 32;
pub const MIN_VARIANTS: usize = 2;
pub const MAX_VARIANTS: usize = 10;
pub const DESCRIPTION_MAX: usize = 2_000;

/// A key: 1 to 64 of lowercase letters, digits, `-`, `_` and `.`, starting
/// with a letter or digit.
pub fn check_key(field: &str, raw: &str) -> ApiResult<String> {
    let key = raw.trim();
    let valid = !key.is_empty()
        && key.len() <= KEY_MAX
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
        && key.as_bytes()[0].is_ascii_alphanumeric();
    if valid {
        Ok(key.to_owned())
    } else {
        Err(ApiError::bad_input(
            field,
            format!(
                "an experiment key is 1 to {KEY_MAX} lowercase letters, digits, '-', '_' or '.', \
                 starting with a letter or digit"
            ),
        ))
    }
}

/// 2 to 10 variants with distinct names (1 to 32 ASCII letters, digits,
/// `-` or `_`; case-insensitively distinct) and positive weights.
pub fn check_variants(field: &str, variants: Vec<VariantSpec>) -> ApiResult<Vec<VariantSpec>> {
    if !(MIN_VARIANTS..=MAX_VARIANTS).contains(&variants.len()) {
        return Err(ApiError::bad_input(
            field,
            format!("an experiment has {MIN_VARIANTS} to {MAX_VARIANTS} variants"),
        ));
    }
    let mut checked: Vec<VariantSpec> = Vec::with_capacity(variants.len());
    for variant in variants {
        let name = variant.name.trim();
        let valid_name = !name.is_empty()
            && name.len() <= VARIANT_NAME_MAX
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid_name {
            return Err(ApiError::bad_input(
                field,
                format!(
                    "a variant name is 1 to {VARIANT_NAME_MAX} letters, digits, '-' or '_' \
                     ({name:?} is not)"
                ),
            ));
        }
        if checked.iter().any(|v| v.name.eq_ignore_ascii_case(name)) {
            return Err(ApiError::bad_input(
                field,
                format!("two variants are named {name:?}"),
            ));
        }
        if !(variant.weight.is_finite() && variant.weight > 0.0) {
            return Err(ApiError::bad_input(
                field,
                format!(
                    "every weight must be a positive number ({name:?} has {})",
                    variant.weight
                ),
            ));
        }
        checked.push(VariantSpec {
            name: name.to_owned(),
            weight: variant.weight,
        });
    }
    Ok(checked)
}

/// The event kind that counts as a conversion.
pub fn check_metric(field: &str, raw: &str) -> ApiResult<EventKind> {
    EventKind::parse(raw.trim()).ok_or_else(|| {
        ApiError::bad_input(
            field,
            format!(
                "unknown event kind {raw:?}; one of {}",
                EventKind::ALL.map(EventKind::as_str).join(", ")
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, weight: f64) -> VariantSpec {
        VariantSpec {
            name: name.into(),
            weight,
        }
    }

    #[test]
    fn keys_are_slugs() {
        assert_eq!(
            check_key("k", " new-checkout_2.b ").unwrap(),
            "new-checkout_2.b"
        );
        for bad in [
            "",
            " ",
            "-lead",
            "Upper",
            "with space",
            "ünï",
            &"a".repeat(65),
        ] {
            assert!(check_key("k", bad).is_err(), "{bad:?}");
        }
        assert!(check_key("k", &"a".repeat(64)).is_ok());
    }

    #[test]
    fn variants_are_checked() {
        let ok = check_variants("v", vec![spec(" A ", 1.0), spec("B", 3.0)]).unwrap();
        assert_eq!(ok, vec![spec("A", 1.0), spec("B", 3.0)]);
        for bad in [
            vec![spec("A", 1.0)],
            vec![spec("A", 1.0), spec("a", 1.0)],
            vec![spec("A", 1.0), spec("B", -1.0)],
            vec![spec("A", 0.0), spec("B", 0.0)],
            vec![spec("A", 1.0), spec("", 1.0)],
            vec![spec("A", 1.0), spec("B C", 1.0)],
            vec![spec("A", f64::NAN), spec("B", 1.0)],
            (0..11).map(|i| spec(&format!("V{i}"), 1.0)).collect(),
        ] {
            let err = check_variants("v", bad.clone()).unwrap_err();
            assert_eq!(err.code(), crate::error::ErrorCode::BadUserInput, "{bad:?}");
        }
        assert_eq!(check_metric("m", "ENROL").unwrap(), EventKind::Enrol);
        assert!(check_metric("m", "enrol").is_err());
    }
}
