//! Stage 2: normalisation. unspin never rewrites the input up front (that
//! would break the byte-offset contract); instead this stage provides the
//! *views* detectors compare with, and the Unicode/encoding repairs are
//! detectors of their own that propose fixes like any other.

use unicode_normalization::UnicodeNormalization;

/// The lexicon's key form of a word: NFC, lower-case, typographic
/// apostrophes folded to `'`. Every lookup goes through this one function.
pub fn normalize_key(word: &str) -> String {
    key_of(word).into_owned()
}

/// [`normalize_key`] without the allocation when `word` is already in key
/// form (plain lower-case ASCII, the common case in hot lookup loops).
pub fn key_of(word: &str) -> std::borrow::Cow<'_, str> {
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return std::borrow::Cow::Borrowed(word);
    }
    let folded = word.chars().flat_map(char::to_lowercase).map(|c| {
        if c == '\u{2019}' || c == '\u{2018}' || c == '\u{02bc}' {
            '\''
        } else {
            c
        }
    });
    std::borrow::Cow::Owned(if word.is_ascii() { folded.collect() } else { folded.nfc().collect() })
}

/// The capitalisation pattern of a word, so a replacement can copy it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// all lower-case
    Lower,
    /// First letter upper-case, rest lower-case.
    Title,
    /// ALL UPPER-CASE (at least two letters).
    Upper,
    /// Anything else (camelCase, McDonald): never re-cased.
    Mixed,
}

impl Case {
    /// Classifies `word`.
    pub fn of(word: &str) -> Case {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        let Some(first) = letters.next() else {
            return Case::Lower;
        };
        let rest: Vec<char> = letters.collect();
        let rest_lower = rest.iter().all(|c| !c.is_uppercase());
        let rest_upper = rest.iter().all(|c| !c.is_lowercase());
        match (first.is_uppercase(), rest_lower, rest_upper) {
            (false, true, _) => Case::Lower,
            (true, true, _) => Case::Title,
            (true, false, true) => Case::Upper,
            _ => Case::Mixed,
        }
    }

    /// Applies this pattern to a lower-case `word`.
    pub fn apply(self, word: &str) -> String {
        match self {
            Case::Lower | Case::Mixed => word.to_string(),
            Case::Upper => word.to_uppercase(),
            Case::Title => {
                let mut cs = word.chars();
                match cs.next() {
                    Some(f) => f.to_uppercase().chain(cs).collect(),
                    None => String::new(),
                }
            }
        }
    }
}

/// Copies the observed capitalisation (`cases`, one per observed word) onto a
/// lower-case, single-spaced replacement: word by word when the word counts
/// match or every observed word is capitalised (a name, a title), else the
/// first word's case (a sentence start). Restorations must read as the
/// author's text did: "White Home" → "White House", "Irregular Timberland" → "Random Forest".
pub fn recase(text: &str, cases: &[Case]) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let all_title = cases.len() > 1 && cases.iter().all(|c| *c == Case::Title);
    words
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let case = if all_title {
                Case::Title
            } else if words.len() == cases.len() {
                cases[k]
            } else if k == 0 {
                cases.first().copied().unwrap_or(Case::Lower)
            } else {
                Case::Lower
            };
            case.apply(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_apostrophes_and_composition() {
        assert_eq!(normalize_key("Doesn’t"), "doesn't");
        assert_eq!(normalize_key("Cafe\u{301}"), "caf\u{e9}");
    }

    #[test]
    fn case_pattern_round_trips() {
        assert_eq!(Case::of("White"), Case::Title);
        assert_eq!(Case::of("NATO"), Case::Upper);
        assert_eq!(Case::of("iPhone"), Case::Mixed);
        assert_eq!(Case::Title.apply("house"), "House");
        assert_eq!(Case::Upper.apply("house"), "HOUSE");
        assert_eq!(Case::Lower.apply("house"), "house");
    }
}
