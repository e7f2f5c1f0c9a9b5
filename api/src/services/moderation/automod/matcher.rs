//! Watched-word matching: one Aho-Corasick automaton over every word, run
//! over the normalised text, and the cache that keeps it compiled.

use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use chrono::{DateTime, TimeDelta, Utc};
use entity::watched_words::{self, Action};
use sea_orm::EntityTrait;
use tokio::sync::RwLock;
use unicode_normalization::UnicodeNormalization;

use crate::{error::ApiResult, services::Db};

/// How long a compiled matcher is trusted: another instance's change to the
/// watched words is picked up within this time (this instance's at once).
pub const CACHE_TTL: TimeDelta = TimeDelta::seconds(10);

/// NFKC (full-width letters become ASCII), lower-case, trimmed, every run
/// of whitespace one space: the form words are stored in and texts matched in.
pub fn normalise(text: &str) -> String {
    let lowered = text.nfkc().collect::<String>().to_lowercase();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Pattern {
    word: String,
    action: Action,
    /// Starts / ends with an ASCII letter or digit: must then stand alone
    /// there ("ass" is not in "class"). Other words (CJK) match anywhere.
    bounded_start: bool,
    bounded_end: bool,
}

/// What a text contains, in order of first appearance, each word once.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Found {
    pub blocked: Vec<String>,
    pub held: Vec<String>,
}

/// The compiled watched words.
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

impl Matcher {
    pub fn new(words: impl IntoIterator<Item = (String, Action)>) -> Matcher {
        let patterns: Vec<Pattern> = words
            .into_iter()
            .filter(|(word, _)| !word.is_empty())
            .map(|(word, action)| Pattern {
                bounded_start: word.starts_with(|c: char| c.is_ascii_alphanumeric()),
                bounded_end: word.ends_with(|c: char| c.is_ascii_alphanumeric()),
                word,
                action,
            })
            .collect();
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns.iter().map(|p| p.word.as_str()))
                .expect("watched words are at most 100 characters")
        });
        Matcher {
            automaton,
            patterns,
        }
    }

    /// The watched words in `text` (normalised here).
    pub fn find(&self, text: &str) -> Found {
        let mut found = Found::default();
        let Some(automaton) = &self.automaton else {
            return found;
        };
        let text = normalise(text);
        let bytes = text.as_bytes();
        let alnum_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
        let mut at = 0;
        while at < text.len() {
            let Some(hit) = automaton.find(Input::new(&text).span(at..text.len())) else {
                break;
            };
            let pattern = &self.patterns[hit.pattern().as_usize()];
            let joined_before =
                pattern.bounded_start && hit.start() > 0 && alnum_at(hit.start() - 1);
            let joined_after = pattern.bounded_end && alnum_at(hit.end());
            let alone = !joined_before && !joined_after;
            if alone {
                let list = match pattern.action {
                    Action::Block => &mut found.blocked,
                    Action::Hold => &mut found.held,
                };
                if !list.contains(&pattern.word) {
                    list.push(pattern.word.clone());
                }
                at = hit.end();
            } else {
                // A shorter word may still stand alone inside this one: go
                // on from the next character.
                at = hit.start() + text[hit.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        found
    }
}

struct Loaded {
    at: DateTime<Utc>,
    matcher: Arc<Matcher>,
}

/// The compiled matcher, shared by requests (in `AppState`), so a post
/// costs no query in the common case. It reloads when older than
/// `CACHE_TTL`; adding or removing a word clears it on this instance.
#[derive(Default)]
pub struct WatchedWordsCache {
    loaded: RwLock<Option<Loaded>>,
}

impl WatchedWordsCache {
    pub async fn matcher(&self, db: &impl Db, now: DateTime<Utc>) -> ApiResult<Arc<Matcher>> {
        let fresh = |loaded: &Option<Loaded>| {
            loaded
                .as_ref()
                .filter(|l| l.at <= now && now - l.at < CACHE_TTL)
                .map(|l| l.matcher.clone())
        };
        if let Some(matcher) = fresh(&*self.loaded.read().await) {
            return Ok(matcher);
        }
        let mut slot = self.loaded.write().await;
        if let Some(matcher) = fresh(&slot) {
            return Ok(matcher);
        }
        let words = watched_words::Entity::find().all(db).await?;
        let matcher = Arc::new(Matcher::new(words.into_iter().map(|w| (w.word, w.action))));
        *slot = Some(Loaded {
            at: now,
            matcher: matcher.clone(),
        });
        Ok(matcher)
    }

    /// Forgets the compiled words (after a change on this instance).
    pub async fn clear(&self) {
        *self.loaded.write().await = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(words: &[(&str, Action)]) -> Matcher {
        Matcher::new(words.iter().map(|(w, a)| (normalise(w), *a)))
    }

    #[test]
    fn words_stand_alone_but_cjk_matches_inside() {
        let m = matcher(&[("ass", Action::Block), ("垃圾", Action::Hold)]);
        assert_eq!(m.find("a class act"), Found::default());
        assert_eq!(m.find("you ASS!").blocked, vec!["ass"]);
        assert_eq!(m.find("这是垃圾内容").held, vec!["垃圾"]);
    }

    #[test]
    fn width_case_and_spacing_are_normalised() {
        let m = matcher(&[("buy  Now", Action::Hold)]);
        assert_eq!(m.find("please ＢＵＹ   now").held, vec!["buy now"]);
    }

    #[test]
    fn a_shorter_word_inside_a_failed_longer_one_still_counts() {
        let m = matcher(&[("spam", Action::Hold), ("xspam", Action::Block)]);
        // "xspamy" fails the boundary as "xspam"; "spam" fails too.
        assert_eq!(m.find("xspamy"), Found::default());
        let m = matcher(&[("a b", Action::Hold), ("b", Action::Block)]);
        assert_eq!(m.find("za b").blocked, vec!["b"]);
    }
}
