//! Input rules shared by the account services. Each failure names its field.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{
    GeneralCategory, GeneralCategoryGroup, UnicodeEmoji, UnicodeGeneralCategory,
};

use crate::error::{ApiError, ApiResult};

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;
pub const DISPLAY_NAME_MAX: usize = 80;
pub const BIO_MAX: usize = 2000;
pub const IMAGE_URL_MAX: usize = 2048;
pub const EMAIL_MAX: usize = 254;
/// Deleted accounts are renamed `deleted_<id>`; nobody may register such a name.
pub const RESERVED_USERNAME_PREFIX: &str = "deleted_";

/// Escapes `\`, `%` and `_` for a LIKE pattern (with `ESCAPE '\'`).
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Lower-cases and checks an email address's shape.
pub fn email(field: &str, raw: &str) -> ApiResult<String> {
    let email = raw.trim().to_lowercase();
    if email.len() > EMAIL_MAX
        || email.chars().any(is_invisible)
        || !email_address::EmailAddress::is_valid(&email)
    {
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
    name(field, raw, DISPLAY_NAME_MAX, "display name")
}

/// Most combining marks allowed on one character (stops "Zalgo" text that
/// spills over neighbouring lines; real scripts need far fewer).
const MAX_MARKS_PER_CHAR: usize = 4;
const ZERO_WIDTH_JOINER: char = '\u{200D}';

/// The one rule for every name people see: display names, tags, and later
/// course and thread titles. NFC-normalised, whitespace runs collapsed to one
/// space, and nothing invisible that could make two names look alike or
/// reorder the text around them: no control or format characters (bidi
/// overrides, zero-width spaces, …) except the joiner inside an emoji
/// sequence, no blank "filler" letters, few stacked marks. Every script,
/// accents and emoji stay. The error says what was wrong, for the message.
pub fn visible_name(raw: &str, max_chars: usize) -> Result<String, String> {
    let name: String = raw.nfc().collect::<String>();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = name.chars().collect();
    if chars.is_empty() || chars.len() > max_chars {
        return Err(format!("it has {} characters", chars.len()));
    }
    let mut marks_in_a_row = 0;
    for (i, &c) in chars.iter().enumerate() {
        if is_invisible(c) && !is_joiner_in_emoji(&chars, i) {
            return Err(format!(
                "U+{:04X} is an invisible or control character",
                c as u32
            ));
        }
        marks_in_a_row = if is_mark(c) { marks_in_a_row + 1 } else { 0 };
        if marks_in_a_row > MAX_MARKS_PER_CHAR {
            return Err("too many combining marks on one character".to_owned());
        }
    }
    if chars
        .iter()
        .all(|&c| is_mark(c) || c == ' ' || is_invisible(c))
    {
        return Err("it has nothing visible".to_owned());
    }
    Ok(name)
}

pub fn is_mark(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Mark
}

/// Control (Cc), format (Cf: bidi controls, zero-width characters, tags),
/// unassigned, private-use and surrogate code points, line and paragraph
/// separators, and the letters that render as blanks (Hangul fillers,
/// the braille blank).
fn is_invisible(c: char) -> bool {
    use GeneralCategory::{
        Control, Format, LineSeparator, ParagraphSeparator, PrivateUse, Surrogate, Unassigned,
    };
    matches!(
        c.general_category(),
        Control | Format | LineSeparator | ParagraphSeparator | PrivateUse | Surrogate | Unassigned
    ) || matches!(
        c,
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}'
    )
}

/// A zero-width joiner between two emoji (👩‍💻), where it builds one glyph.
fn is_joiner_in_emoji(chars: &[char], i: usize) -> bool {
    if chars[i] != ZERO_WIDTH_JOINER || i == 0 {
        return false;
    }
    // The emoji before may carry a presentation selector or skin tone.
    let before = chars[..i]
        .iter()
        .rev()
        .find(|&&c| c != '\u{FE0F}' && !is_skin_tone(c));
    let after = chars.get(i + 1);
    before.is_some_and(|&c| c.is_emoji_char() && !c.is_ascii())
        && after.is_some_and(|&c| c.is_emoji_char() && !c.is_ascii())
}

fn is_skin_tone(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
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

/// An image URL (avatars, course covers): empty clears it; otherwise an
/// absolute http(s) URL of at most 2,048 characters.
pub fn image_url(field: &str, raw: &str) -> ApiResult<Option<String>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let invalid = || {
        ApiError::bad_input(
            field,
            format!("give an absolute http(s) URL of at most {IMAGE_URL_MAX} characters"),
        )
    };
    let parsed = url::Url::parse(raw).map_err(|_| invalid())?;
    if !matches!(parsed.scheme(), "http" | "https") || raw.len() > IMAGE_URL_MAX {
        return Err(invalid());
    }
    Ok(Some(parsed.to_string()))
}

/// Markdown text of at most `max` characters (rendered and sanitised later).
pub fn markdown(field: &str, raw: &str, max: usize) -> ApiResult<String> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(ApiError::bad_input(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(text.to_owned())
}

/// A name people see, with the error phrased for `what` (e.g. "title").
pub fn name(field: &str, raw: &str, max: usize, what: &str) -> ApiResult<String> {
    visible_name(raw, max).map_err(|problem| {
        ApiError::bad_input(
            field,
            format!("{what} must be 1–{max} visible characters: {problem}"),
        )
    })
}

/// Longest client idempotency key.
pub const IDEMPOTENCY_KEY_MAX: usize = 100;

/// A client's idempotency key: 1–100 visible ASCII characters, trimmed
/// (BAD_USER_INPUT, field `idempotencyKey`).
pub fn idempotency_key(raw: &str) -> ApiResult<&str> {
    let key = raw.trim();
    if key.is_empty()
        || key.len() > IDEMPOTENCY_KEY_MAX
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(ApiError::bad_input(
            "idempotencyKey",
            format!("an idempotency key is 1–{IDEMPOTENCY_KEY_MAX} visible ASCII characters"),
        ));
    }
    Ok(key)
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
    fn names_keep_every_script_and_refuse_invisible_characters() {
        for good in [
            "Ada Lovelace",
            "张伟",
            "José Müller",
            "Ada 👩‍💻",
            "👍🏽",
            "हिन्दी",
            "Łukasz 🇵🇱",
        ] {
            assert!(display_name("d", good).is_ok(), "{good}");
        }
        // Decomposed accents become the composed character.
        assert_eq!(display_name("d", "Jose\u{301}").unwrap(), "José");
        assert_eq!(display_name("d", "  Ada \u{3000} L ").unwrap(), "Ada L");
        for bad in [
            "ad\u{200B}min",
            "\u{202E}nimda\u{202C}",
            "admin\u{2066}",
            "a\u{200D}b",
            "\u{FEFF}admin",
            "\u{3164}",
            "admin\u{E0041}",
            "a\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}",
            "\u{301}",
            "bell\u{7}",
        ] {
            let error = display_name("displayName", bad).unwrap_err();
            assert_eq!(
                error.code(),
                crate::error::ErrorCode::BadUserInput,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn avatar_urls() {
        assert_eq!(image_url("a", "").unwrap(), None);
        assert!(image_url("a", "javascript:alert(1)").is_err());
        assert!(
            image_url("a", "https://cdn.example.com/a.png")
                .unwrap()
                .is_some()
        );
    }
}
