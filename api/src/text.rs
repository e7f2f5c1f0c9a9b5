//! Text shared by every domain: markdown rendered to safe HTML, and words for
//! search (Chinese segmented by jieba, other scripts split on non-letters).

use std::sync::LazyLock;

use jieba_rs::Jieba;
use pulldown_cmark::{Options, Parser, html};

/// The jieba dictionary takes a moment to load; one per process.
pub static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Renders markdown (CommonMark with tables, strikethrough and task lists) to
/// HTML, then sanitises it with ammonia's defaults: no scripts, no event
/// handlers, no `javascript:` URLs, links get `rel="noopener noreferrer"`.
pub fn markdown_to_safe_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::clean(&unsafe_html)
}

/// The words of a text for search: lower-cased, Chinese segmented into every
/// dictionary word it contains (so 推荐 is found in 个性化推荐算法入门), each
/// word once, in first-seen order.
pub fn search_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in JIEBA.cut_for_search(text, true) {
        let word = word.trim().to_lowercase();
        if word.chars().any(char::is_alphanumeric) && !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// A search column's value: the words space-separated, with a space at each
/// end so that `LIKE '% word%'` matches a word's start anywhere.
pub fn search_document<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut words: Vec<String> = Vec::new();
    for part in parts {
        for word in search_words(part) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    format!(" {} ", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_sanitised() {
        let html = markdown_to_safe_html(
            "# Hi\n\n**bold** <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
        );
        assert!(html.contains("<h1>Hi</h1>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        for evil in ["<script", "onerror", "javascript:"] {
            assert!(!html.contains(evil), "{evil} in {html}");
        }
    }

    #[test]
    fn chinese_and_english_words_are_found() {
        let document = search_document(["个性化推荐算法入门", "Intro to Rust"]);
        assert!(document.contains(" 推荐 "), "{document}");
        assert!(document.contains(" rust "), "{document}");
        assert!(document.starts_with(' ') && document.ends_with(' '));
        assert_eq!(search_words("推荐"), ["推荐"]);
    }
}
