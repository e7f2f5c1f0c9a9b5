//! Text → index terms, the same way for documents and queries: Chinese is
//! segmented by jieba (search mode: a long word also yields the dictionary
//! words inside it), everything is lower-cased, and English words are
//! reduced to their Snowball stem, so `recommending` and `recommendation`
//! both index as `recommend`.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::JIEBA;

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Most characters of one document field that are indexed (the rest of a
/// very long body adds little to ranking and costs segmentation time).
pub const INDEXED_CHARS_MAX: usize = 20_000;

/// English words too common to tell documents apart; left out of both
/// documents and queries, so "how to learn rust" needs only `learn rust`.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "does", "for", "from", "how",
    "i", "if", "in", "into", "is", "it", "its", "my", "of", "on", "or", "so", "than", "that",
    "the", "their", "then", "there", "these", "this", "to", "was", "we", "what", "when", "which",
    "who", "why", "will", "with", "you", "your",
];

/// One word as the index stores it; None for punctuation and stop words.
pub fn term(word: &str) -> Option<String> {
    let word = word.trim().to_lowercase();
    if !word.chars().any(char::is_alphanumeric) || STOP_WORDS.contains(&word.as_str()) {
        return None;
    }
    if word.chars().all(|c| c.is_ascii_alphabetic()) {
        return Some(ENGLISH.stem(&word).into_owned());
    }
    Some(word)
}

/// Every term of a text, space-separated (the index columns' content).
pub fn document_terms(text: &str) -> String {
    let text = match text.char_indices().nth(INDEXED_CHARS_MAX) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let mut terms = String::with_capacity(text.len());
    for word in JIEBA.cut_for_search(text, true) {
        if let Some(term) = term(word) {
            if !terms.is_empty() {
                terms.push(' ');
            }
            terms.push_str(&term);
        }
    }
    terms
}

/// A query as groups that must all match; a group matches when any of its
/// alternatives does, and an alternative when all its terms do. A Chinese
/// word the query segments as one (推荐算法) may be indexed as one word or
/// as its parts (推荐, 算法), so it is asked for either way.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Query {
    pub groups: Vec<Vec<Vec<String>>>,
}

/// Most words a query may have.
pub const QUERY_WORDS_MAX: usize = 16;

impl Query {
    /// None when the text has no searchable word.
    pub fn parse(text: &str) -> Option<Query> {
        let mut groups: Vec<Vec<Vec<String>>> = Vec::new();
        for word in JIEBA.cut(text, true) {
            let Some(whole) = term(word) else { continue };
            let mut alternatives = vec![vec![whole.clone()]];
            let parts: Vec<String> = JIEBA
                .cut_for_search(word, true)
                .into_iter()
                .filter_map(term)
                .filter(|part| *part != whole && whole.contains(part.as_str()))
                .collect();
            if !parts.is_empty() {
                alternatives.push(parts);
            }
            if !groups.contains(&alternatives) {
                groups.push(alternatives);
            }
            if groups.len() == QUERY_WORDS_MAX {
                break;
            }
        }
        (!groups.is_empty()).then_some(Query { groups })
    }

    /// Every term the query names (for highlighting).
    pub fn all_terms(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().flatten().map(String::as_str)
    }

    /// The query in SQLite FTS5 syntax: terms quoted (no operator or column
    /// filter can be smuggled in), groups AND-ed, alternatives OR-ed.
    pub fn fts5(&self) -> String {
        let quote = |term: &str| format!("\"{}\"", term.replace('"', "\"\""));
        self.groups
            .iter()
            .map(|alternatives| {
                let alternatives: Vec<String> = alternatives
                    .iter()
                    .map(|terms| {
                        let terms: Vec<String> = terms.iter().map(|t| quote(t)).collect();
                        format!("({})", terms.join(" AND "))
                    })
                    .collect();
                format!("({})", alternatives.join(" OR "))
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The query as a PostgreSQL `tsquery` expression with `?` placeholders
    /// (one per term, each through `plainto_tsquery('simple', …)`), and the
    /// terms to bind in order.
    pub fn tsquery(&self) -> (String, Vec<String>) {
        let mut values = Vec::new();
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|alternatives| {
                let alternatives: Vec<String> = alternatives
                    .iter()
                    .map(|terms| {
                        let terms: Vec<&str> = terms
                            .iter()
                            .map(|term| {
                                values.push(term.clone());
                                "plainto_tsquery('simple', ?)"
                            })
                            .collect();
                        format!("({})", terms.join(" && "))
                    })
                    .collect();
                format!("({})", alternatives.join(" || "))
            })
            .collect();
        (groups.join(" && "), values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_stemmed_alike() {
        assert_eq!(term("Recommending"), term("recommendation"));
        assert_eq!(term("recommendations"), Some("recommend".into()));
        assert_eq!(term("—"), None);
    }

    #[test]
    fn chinese_is_segmented_into_dictionary_words() {
        let terms = document_terms("个性化推荐算法入门");
        for word in ["推荐", "算法", "入门"] {
            assert!(terms.split(' ').any(|t| t == word), "{word} in {terms}");
        }
    }

    #[test]
    fn a_chinese_query_matches_the_word_or_its_parts() {
        let query = Query::parse("推荐算法").unwrap();
        let document: Vec<String> = document_terms("个性化推荐算法入门")
            .split(' ')
            .map(str::to_owned)
            .collect();
        let matches = query.groups.iter().all(|alternatives| {
            alternatives
                .iter()
                .any(|terms| terms.iter().all(|t| document.contains(t)))
        });
        assert!(matches, "{query:?} vs {document:?}");
    }

    #[test]
    fn query_syntax_is_quoted() {
        let query = Query::parse("rust\" OR title:x").unwrap();
        let fts = query.fts5();
        assert!(fts.starts_with("((\"rust\"))"), "{fts}");
        assert!(!fts.contains("\"or\""), "stop words are dropped: {fts}");
        assert!(!fts.contains("title:"), "{fts}");
        let (sql, values) = query.tsquery();
        assert_eq!(sql.matches('?').count(), values.len());
        assert!(Query::parse("  ?! ").is_none());
    }
}
