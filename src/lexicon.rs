//! The reference lexicon: English words with frequencies, in an `fst::Map`
//! compiled from `dictionaries/words.tsv.xz` at build time and embedded.
//!
//! Keys are lower-case NFC words with ASCII apostrophes; values are
//! occurrences per billion words (wordfreq). Lookups normalise the query the
//! same way, so callers can pass tokens as they appear in the text.

use std::collections::HashSet;

use fst::automaton::Levenshtein;
use fst::{IntoStreamer, Map, Streamer};

use crate::normalize::{key_of, normalize_key};

static WORDS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.fst"));
static NAMES_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.fst"));

/// Frequencies are stored per billion words.
pub const PER: f64 = 1e9;

/// A word list with frequencies plus the user's own words.
pub struct Lexicon {
    words: Map<&'static [u8]>,
    names: Map<&'static [u8]>,
    user: HashSet<String>,
}

/// One spelling candidate from the lexicon.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The candidate word, lower-case as stored.
    pub word: String,
    /// Occurrences per billion words.
    pub count: u64,
}

impl Lexicon {
    /// The lexicon embedded in the binary.
    pub fn embedded() -> Lexicon {
        Lexicon {
            words: Map::new(WORDS_FST).expect("embedded words.fst is valid"),
            names: Map::new(NAMES_FST).expect("embedded names.fst is valid"),
            user: HashSet::new(),
        }
    }

    /// Adds words the user declares correct (`--dict`). They are never
    /// flagged and never proposed as replacements' obstacles.
    pub fn add_user_words<I: IntoIterator<Item = S>, S: AsRef<str>>(&mut self, words: I) {
        for w in words {
            let w = w.as_ref().trim();
            if !w.is_empty() && !w.starts_with('#') {
                self.user.insert(normalize_key(w));
            }
        }
    }

    /// Number of words in the embedded list.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the embedded list is empty (only in a build without data).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Frequency per billion words of `word` (any case), if it is a known word.
    pub fn count(&self, word: &str) -> Option<u64> {
        self.words.get(key_of(word).as_bytes())
    }

    /// Relative frequency (0 when unknown).
    pub fn prob(&self, word: &str) -> f64 {
        self.count(word).map_or(0.0, |c| c as f64 / PER)
    }

    /// Whether `word` is known: in the lexicon or in the user's words.
    pub fn contains(&self, word: &str) -> bool {
        let key = key_of(word);
        self.words.contains_key(key.as_bytes()) || self.user.contains(key.as_ref())
    }

    /// Whether `key`, already in key form ([`normalize_key`]), is known.
    /// Skips the normalisation allocation: for hot loops that generate
    /// thousands of lower-case candidate strings (OCR edit candidates).
    pub fn contains_key(&self, key: &str) -> bool {
        self.words.contains_key(key) || self.user.contains(key)
    }

    /// Whether the user declared this word (it must never be changed).
    pub fn is_user_word(&self, word: &str) -> bool {
        !self.user.is_empty() && self.user.contains(key_of(word).as_ref())
    }

    /// Whether `word` is a proper noun in the name list (lower-cased match).
    pub fn is_name(&self, word: &str) -> bool {
        self.names.contains_key(key_of(word).as_bytes())
    }

    /// All lexicon words within Levenshtein distance `max_dist` of `word`.
    /// Distance 2 on a long word can exceed the automaton's state budget; then
    /// the search falls back to distance 1 rather than failing.
    pub fn within(&self, word: &str, max_dist: u32) -> Vec<Candidate> {
        let key = normalize_key(word);
        let mut dist = max_dist;
        loop {
            match Levenshtein::new(&key, dist) {
                Ok(aut) => {
                    let mut out = Vec::new();
                    let mut stream = self.words.search(aut).into_stream();
                    while let Some((k, v)) = stream.next() {
                        if let Ok(w) = std::str::from_utf8(k) {
                            out.push(Candidate { word: w.to_string(), count: v });
                        }
                    }
                    return out;
                }
                Err(_) if dist > 1 => dist -= 1,
                Err(_) => return Vec::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_words_are_known() {
        let mut lex = Lexicon::embedded();
        assert!(!lex.contains("qzxvunspinword"));
        lex.add_user_words(["Qzxvunspinword", "# comment"]);
        assert!(lex.contains("qzxvunspinword"));
        assert!(lex.is_user_word("QZXVUNSPINWORD"));
    }
}
