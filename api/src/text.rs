//! Text shared by every domain: markdown rendered to safe HTML or to plain
//! words, and the jieba segmenter (loaded once).

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

/// The words of markdown without its markup (for search and snippets):
/// text, code and link texts, blocks separated by a space.
pub fn markdown_to_plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut plain = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(text) | Event::Code(text) => plain.push_str(&text),
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            // Inline markup ends mid-sentence; every other end closes a block.
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            Event::End(_) if !plain.ends_with(' ') => plain.push(' '),
            _ => {}
        }
    }
    plain.trim_end().to_owned()
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
    fn markdown_loses_its_markup() {
        assert_eq!(
            markdown_to_plain(
                "# Title\n\nSome **bold** `code` and [a link](http://x).\n\n- one\n- two"
            ),
            "Title Some bold code and a link. one two"
        );
    }
}
