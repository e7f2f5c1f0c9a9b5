//! Snippets: a short stretch of a result's text around its first match, as
//! HTML with the matching words in `<mark>` (everything else escaped).

use std::collections::HashSet;

use super::terms::{Query, term};
use crate::text::JIEBA;

/// Characters a snippet shows at most.
pub const SNIPPET_CHARS: usize = 180;
/// Characters shown before the first match.
const LEAD_CHARS: usize = 40;

/// Highlights `text` (plain, not markdown) for `query`.
pub fn highlight(text: &str, query: &Query) -> String {
    let wanted: HashSet<&str> = query.all_terms().collect();
    let matches = |word: &str| {
        if term(word).is_some_and(|t| wanted.contains(t.as_str())) {
            return true;
        }
        // Only a long Chinese word can hold a shorter dictionary word.
        word.chars().count() > 2
            && !word.is_ascii()
            && JIEBA
                .cut_for_search(word, true)
                .into_iter()
                .filter_map(term)
                .any(|t| wanted.contains(t.as_str()))
    };
    let words = JIEBA.cut(text, true);
    // Char offset of each word, to place the window.
    let mut starts = Vec::with_capacity(words.len());
    let mut chars = 0;
    for word in &words {
        starts.push(chars);
        chars += word.chars().count();
    }
    let first_match = words.iter().position(|w| matches(w)).unwrap_or(0);
    let window_start =
        starts[first_match.min(starts.len().saturating_sub(1))].saturating_sub(LEAD_CHARS);
    let mut html = String::new();
    if window_start > 0 {
        html.push('…');
    }
    let mut shown = 0;
    for (word, start) in words.iter().zip(&starts) {
        if *start < window_start {
            continue;
        }
        if shown >= SNIPPET_CHARS {
            html.push('…');
            break;
        }
        shown += word.chars().count();
        let hit = matches(word);
        if hit {
            html.push_str("<mark>");
        }
        let _ = pulldown_cmark_escape::escape_html(&mut html, word);
        if hit {
            html.push_str("</mark>");
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_are_marked_and_the_rest_escaped() {
        let query = Query::parse("recommending").unwrap();
        let html = highlight("Intro to <b>recommendation</b> systems", &query);
        assert_eq!(
            html,
            "Intro to &lt;b&gt;<mark>recommendation</mark>&lt;/b&gt; systems"
        );
        let query = Query::parse("推荐").unwrap();
        assert!(highlight("个性化推荐算法入门", &query).contains("<mark>推荐</mark>"));
    }

    #[test]
    fn long_texts_are_cut_around_the_first_match() {
        let text = format!("{} needle {}", "hay ".repeat(200), "hay ".repeat(200));
        let html = highlight(&text, &Query::parse("needle").unwrap());
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>needle</mark>"));
        assert!(html.chars().count() < SNIPPET_CHARS + 80);
    }
}
