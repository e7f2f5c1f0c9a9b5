//! Input rules shared by the account services. Each failure names its field.

use crate::error::{ApiError, ApiResult};

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;
pub const DISPLAY_NAME_MAX: usize = 80;
pub const BIO_MAX: usize = 2000;
pub const AVATAR_URL_MAX: usize = 2048;
pub const EMAIL_MAX: usize = 254;
pub const INTERESTS_MAX: usize = 20;
pub const TAG_MAX: usize = 48;
/// Deleted accounts are renamed `deleted_<id>`; nobody may register such a name.
pub const RESERVED_USERNAME_PREFIX: &str = "deleted_";

/// Lower-cases and checks an email address's shape.
pub fn email(field: &str, raw: &str) -> ApiResult<String> {
    let email = raw.trim().to_lowercase();
    if email.len() > EMAIL_MAX || !email_address::EmailAddress::is_valid(&email) {
        return Err(ApiError::bad_input(field, "enter a valid email address"));
    }
    // Require a dotted domain: `user@localhost` is valid RFC but never deliverable here.
    let domain = email.rsplit('@').next().unwrap_or_default();
    if !domain.contains('.') || domain.ends_with('.') {
        return Err(ApiError::bad_input(field, "enter a valid email address"));
    }
    Ok(email)
}

/// Lower-cases and checks a username: 3–32 of `[a-z0-9_]`.
pub fn username(field: &str, raw: &str) -> ApiResult<String> {
    let username = raw.trim().to_lowercase();
    let length_ok = (USERNAME_MIN..=USERNAME_MAX).contains(&username.len());
    let chars_ok = username
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !length_ok || !chars_ok {
        return Err(ApiError::bad_input(
            field,
            format!("username must be {USERNAME_MIN}–{USERNAME_MAX} characters of a–z, 0–9 and _"),
        ));
    }
    if username.starts_with(RESERVED_USERNAME_PREFIX) {
        return Err(ApiError::bad_input(field, "this username is reserved"));
    }
    Ok(username)
}

pub fn display_name(field: &str, raw: &str) -> ApiResult<String> {
    let name = raw.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > DISPLAY_NAME_MAX || name.chars().any(char::is_control) {
        return Err(ApiError::bad_input(
            field,
            format!("display name must be 1–{DISPLAY_NAME_MAX} printable characters"),
        ));
    }
    Ok(name.to_owned())
}

/// An empty bio clears it.
pub fn bio(field: &str, raw: &str) -> ApiResult<Option<String>> {
    let bio = raw.trim();
    if bio.chars().count() > BIO_MAX {
        return Err(ApiError::bad_input(
            field,
            format!("bio must be at most {BIO_MAX} characters"),
        ));
    }
    Ok((!bio.is_empty()).then(|| bio.to_owned()))
}

/// An empty URL clears the avatar; otherwise it must be an absolute http(s) URL.
pub fn avatar_url(field: &str, raw: &str) -> ApiResult<Option<String>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let parsed = url::Url::parse(raw)
        .map_err(|_| ApiError::bad_input(field, "avatar URL must be an absolute http(s) URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") || raw.len() > AVATAR_URL_MAX {
        return Err(ApiError::bad_input(
            field,
            format!("avatar URL must be an http(s) URL of at most {AVATAR_URL_MAX} characters"),
        ));
    }
    Ok(Some(parsed.to_string()))
}

/// Normalises tags: trimmed, lower-cased, inner spaces collapsed, de-duplicated
/// in first-seen order. Letters of any script, digits and `-_+#. ` are allowed.
pub fn tags(field: &str, raw: &[String]) -> ApiResult<Vec<String>> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw {
        let tag = tag
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let chars = tag.chars().count();
        let allowed = tag
            .chars()
            .all(|c| c.is_alphanumeric() || "-_+#. ".contains(c));
        if chars == 0 || chars > TAG_MAX || !allowed {
            return Err(ApiError::bad_input(
                field,
                format!("each tag must be 1–{TAG_MAX} letters, digits or -_+#. characters"),
            ));
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > INTERESTS_MAX {
        return Err(ApiError::bad_input(
            field,
            format!("at most {INTERESTS_MAX} interests"),
        ));
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email("e", " Ada@Example.COM ").unwrap(), "ada@example.com");
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@localhost",
            "a b@example.com",
        ] {
            assert!(email("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn usernames() {
        assert_eq!(username("u", "Ada_99").unwrap(), "ada_99");
        for bad in [
            "ab",
            "deleted_7",
            "ada lovelace",
            "ada-l",
            &"a".repeat(33),
            "ädä",
        ] {
            assert!(username("u", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tags_are_normalised() {
        let raw = vec![
            "  Rust ".into(),
            "rust".into(),
            "机器 学习".into(),
            "C++".into(),
        ];
        assert_eq!(tags("t", &raw).unwrap(), vec!["rust", "机器 学习", "c++"]);
        assert!(tags("t", &["<script>".into()]).is_err());
    }

    #[test]
    fn avatar_urls() {
        assert_eq!(avatar_url("a", "").unwrap(), None);
        assert!(avatar_url("a", "javascript:alert(1)").is_err());
        assert!(
            avatar_url("a", "https://cdn.example.com/a.png")
                .unwrap()
                .is_some()
        );
    }
}
