//! Stage 4: detectors. Each detector looks at one document and proposes
//! [`Fix`]es; it never applies anything and never sees other detectors'
//! output. Adding a detector is a new file plus one line in [`registry`].

use std::collections::{BTreeMap, HashMap};

use crate::document::Document;
use crate::fix::Fix;
use crate::models::Models;
use crate::normalize::normalize_key;
use crate::token::{Token, TokenKind};

pub mod boilerplate;
pub mod hyphenation;
pub mod mojibake;
pub mod nonword;
pub mod ocr;
pub mod scramble;
pub mod spin;
pub mod split_join;
pub mod tortured;
pub mod unicode;
pub mod variant;

/// Everything a detector may look at, computed once per document.
pub struct Context<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its text (same as `doc.text`), for brevity.
    pub text: &'a str,
    /// Its tokens, covering every byte.
    pub tokens: &'a [Token],
    /// Shared models.
    pub models: &'a Models,
    /// Document-level word statistics.
    pub stats: DocStats,
}

/// Per-document word statistics: how the document itself uses each word.
/// This is the cheapest evidence there is that an unknown word is a name.
#[derive(Debug, Default)]
pub struct DocStats {
    /// Number of word tokens.
    pub words: usize,
    /// Occurrences per normalised word.
    pub counts: HashMap<String, Usage>,
    /// Lower-case word tokens of three bytes or more (about what the
    /// non-word detector examines), and how many distinct such forms the lexicon
    /// lacks: the inputs of [`Context::error_share`].
    pub lower_words: usize,
    /// See [`DocStats::lower_words`].
    pub unknown_lower_forms: usize,
}

/// Distinct unknown lower-case forms per lower-case word that edited, unspun
/// modern prose shows with no errors at all: rare real words, terms and
/// coinages the lexicon lacks. Measured per document (medians): the Rust
/// book's chapters 0.0049, the four clean news seeds 0.0034, six licence
/// texts 0.0008, OverProof's hand-corrected 1842–1954 newspapers 0.0094;
/// raw OverProof OCR 0.091 (10th percentile 0.027).
pub const BACKGROUND_UNKNOWN_RATE: f64 = 0.005;

/// The error share at which the OCR-side detectors' confidences were fitted
/// (1 − the non-word detector's prior that an unknown word is real): the
/// OverProof OCR development sample, where most unknown words are errors.
pub const REFERENCE_ERROR_SHARE: f64 = 1.0 - nonword::P_UNKNOWN_LOWER;

/// Fewest lower-case words on which [`Context::error_share`] judges a
/// document: at the background rate a clean text of 100 such words has
/// half an unknown form, so a shorter one says nothing either way.
pub const MIN_WORDS_TO_JUDGE: usize = 100;

/// How one normalised word form is used in a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// All occurrences.
    pub total: usize,
    /// Occurrences capitalised in mid-sentence (a strong name signal).
    pub capitalised_inside: usize,
}

impl<'a> Context<'a> {
    /// Builds the context for one document: tokens and word statistics.
    pub fn new(doc: &'a Document, tokens: &'a [Token], models: &'a Models) -> Context<'a> {
        let mut cx = Context { doc, text: &doc.text, tokens, models, stats: DocStats::default() };
        let mut stats = DocStats::default();
        let mut lower_forms: std::collections::HashSet<&str> = Default::default();
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            stats.words += 1;
            let w = t.text(cx.text);
            if w.len() >= 3 && w.chars().all(char::is_lowercase) {
                stats.lower_words += 1;
                lower_forms.insert(w);
            }
            let u = stats.counts.entry(normalize_key(w)).or_default();
            u.total += 1;
            if w.chars().next().is_some_and(char::is_uppercase) && !cx.is_sentence_start(i) {
                u.capitalised_inside += 1;
            }
        }
        let lex = &models.lexicon;
        if !lex.is_empty() {
            stats.unknown_lower_forms = lower_forms.iter().filter(|w| !lex.contains(w)).count();
        }
        cx.stats = stats;
        cx
    }

    /// Estimated share of this document's unknown lower-case words that are
    /// errors (OCR misreadings, typos, run-together words) rather than real
    /// words the lexicon lacks. Every text has some of the latter
    /// ([`BACKGROUND_UNKNOWN_RATE`]); only an excess over that rate is
    /// garble. So "structs" and "hardcoded" in a clean programming book
    /// (rate 0.005) are terms, while the same forms in a page of raw OCR
    /// (rate 0.09) are probably misreadings: 1 − 0.005/0.09 ≈ 0.94.
    /// Distinct forms are counted, not tokens: a term repeats, garble varies.
    /// A document with too few words to judge ([`MIN_WORDS_TO_JUDGE`]) or
    /// no lexicon gets 1: the detectors then behave as fitted.
    pub fn error_share(&self) -> f64 {
        let s = &self.stats;
        if s.lower_words < MIN_WORDS_TO_JUDGE || self.models.lexicon.is_empty() {
            return 1.0;
        }
        let rate = s.unknown_lower_forms as f64 / s.lower_words as f64;
        if rate <= 0.0 {
            return 0.0;
        }
        (1.0 - BACKGROUND_UNKNOWN_RATE / rate).max(0.0)
    }

    /// Factor (at most 1) on the odds of an OCR-side correction: the
    /// document's prior odds that an odd word is an error
    /// ([`Context::error_share`]) over the odds the detectors were fitted at
    /// ([`REFERENCE_ERROR_SHARE`]). A noisier page never raises confidence;
    /// a clean one lowers it, so "docs" stays "docs" in clean prose while
    /// raw OCR keeps its "docs" → "does".
    pub fn error_odds_factor(&self) -> f64 {
        let g = self.error_share();
        let odds = |p: f64| p / (1.0 - p).max(1e-9);
        (odds(g) / odds(REFERENCE_ERROR_SHARE)).min(1.0)
    }

    /// `confidence` with its odds scaled by [`Context::error_odds_factor`].
    pub fn error_adjusted(&self, confidence: f32) -> f32 {
        self.error_adjusted_with(confidence, 1.0)
    }

    /// [`Context::error_adjusted`] for a correction with its own evidence of
    /// being an error: the document's factor is multiplied by `lift` (≥ 1)
    /// before it is capped at 1, so a strong case survives a clean page.
    pub fn error_adjusted_with(&self, confidence: f32, lift: f64) -> f32 {
        let f = self.error_odds_factor() * lift.max(1.0);
        if f >= 1.0 {
            return confidence;
        }
        let c = f64::from(confidence).clamp(0.0, 1.0 - 1e-9);
        let odds = c / (1.0 - c) * f;
        (odds / (1.0 + odds)) as f32
    }

    /// How the document uses a word (any case).
    pub fn usage(&self, word: &str) -> Usage {
        self.usage_of_key(&normalize_key(word))
    }

    /// [`Context::usage`] for a word already in key form (lower case, see
    /// [`normalize_key`]): no allocation, for detectors asking per candidate.
    pub fn usage_of_key(&self, key: &str) -> Usage {
        self.stats.counts.get(key).copied().unwrap_or_default()
    }

    /// Whether token `i` starts a sentence or a line: a capital there says
    /// nothing about whether the word is a name.
    pub fn is_sentence_start(&self, i: usize) -> bool {
        for (k, t) in self.tokens[..i].iter().enumerate().rev() {
            match t.kind {
                TokenKind::Space => continue,
                TokenKind::Newline => return true,
                TokenKind::Punct => {
                    let p = t.text(self.text);
                    // A hyphen between two words with no space ("US-proposed")
                    // joins a compound; it starts nothing.
                    if p == "-" && k + 1 == i && k > 0 && self.tokens[k - 1].kind == TokenKind::Word {
                        return false;
                    }
                    if matches!(p, "." | "!" | "?" | ":" | "…" | "•" | "-" | "–" | "—" | "*" | "#" | ">") {
                        return true;
                    }
                    if matches!(p, "\"" | "“" | "‘" | "'" | "(" | "[" | "«") {
                        continue;
                    }
                    return false;
                }
                _ => return false,
            }
        }
        true
    }

    /// Index of the nearest word token before token `i`, skipping only
    /// spaces (not punctuation or line breaks: those break an n-gram).
    pub fn prev_word(&self, i: usize) -> Option<usize> {
        let j = i.checked_sub(1)?;
        match self.tokens[j].kind {
            TokenKind::Word => Some(j),
            TokenKind::Space => j.checked_sub(1).filter(|&k| self.tokens[k].kind == TokenKind::Word),
            _ => None,
        }
    }

    /// Index of the nearest word token after token `i` (see [`Context::prev_word`]).
    pub fn next_word(&self, i: usize) -> Option<usize> {
        let j = i + 1;
        match self.tokens.get(j)?.kind {
            TokenKind::Word => Some(j),
            TokenKind::Space => Some(j + 1).filter(|&k| self.tokens.get(k).is_some_and(Token::is_word)),
            _ => None,
        }
    }
}

/// What detectors hand back: proposals, plus document-level scores (for
/// example the spin detector's estimated spin rate) that gating reads.
#[derive(Debug, Default)]
pub struct Findings {
    /// Proposed fixes, in any order, possibly overlapping.
    pub fixes: Vec<Fix>,
    /// Named document scores; each name is documented by the detector that sets it.
    pub scores: BTreeMap<&'static str, f64>,
}

impl Findings {
    /// Adds one proposal.
    pub fn push(&mut self, fix: Fix) {
        self.fixes.push(fix);
    }
}

/// A source of proposals. Implementations must be pure functions of the
/// context (no I/O, no global state) so documents can run in parallel.
pub trait Detector: Send + Sync {
    /// Short stable name, used in `--detectors` lists and config files.
    fn name(&self) -> &'static str;
    /// Adds this detector's proposals (and any document scores) to `out`.
    fn detect(&self, cx: &Context<'_>, out: &mut Findings);
}

/// All built-in detectors, in a fixed order (the order only matters for ties).
pub fn registry() -> Vec<Box<dyn Detector>> {
    vec![
        Box::new(nonword::NonWord),
        Box::new(spin::Spin),
        Box::new(tortured::Tortured),
        Box::new(ocr::Ocr),
        Box::new(mojibake::Mojibake),
        Box::new(unicode::Unicode),
        Box::new(hyphenation::Hyphenation),
        Box::new(boilerplate::Boilerplate),
        Box::new(split_join::SplitJoin),
        Box::new(variant::Variant),
        Box::new(scramble::Scramble),
    ]
}

/// Names of all built-in detectors.
pub fn names() -> Vec<&'static str> {
    registry().iter().map(|d| d.name()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    #[test]
    fn sentence_starts_and_word_neighbours() {
        let models = Models::new(Vec::<String>::new());
        let doc =
            Document::new("t", "He said. “Fact Social, ok\nNew\n- Item: the US-proposed deal - maybe".to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let idx = |w: &str| toks.iter().position(|t| t.text(&doc.text) == w).unwrap();
        assert!(cx.is_sentence_start(idx("He")));
        assert!(!cx.is_sentence_start(idx("said")));
        assert!(cx.is_sentence_start(idx("Fact")));
        assert!(!cx.is_sentence_start(idx("Social")));
        assert!(cx.is_sentence_start(idx("New")));
        // A bullet dash starts a sentence, a spaced dash is taken as one too,
        // a hyphen inside a compound never is.
        assert!(cx.is_sentence_start(idx("Item")));
        assert!(cx.is_sentence_start(idx("maybe")));
        assert!(!cx.is_sentence_start(idx("proposed")));
        assert_eq!(cx.next_word(idx("Fact")), Some(idx("Social")));
        assert_eq!(cx.next_word(idx("Social")), None);
        assert_eq!(cx.next_word(idx("New")), None);
        assert_eq!(cx.usage("social").capitalised_inside, 1);
    }
}

#[cfg(test)]
mod error_share_tests {
    use super::*;
    use crate::token::tokenize;

    /// About 130 lower-case words of plain prose naming one term the lexicon lacks.
    pub(crate) const CLEAN: &str = "The chapter explains how structs group related values. \
        A program that uses structs can name each field, and the compiler checks every use of them. \
        When the value is hardcoded the program cannot change it at run time, so most programs read it \
        from a file or from the command line instead. The next section shows how methods are written for \
        structs and how they are called from the main function. It also explains why the borrow checker \
        rejects some programs that look correct at first sight, and what the error messages say about the \
        problem. Each example is short enough to type in by hand, and the reader is encouraged to change \
        the code and see what the compiler reports. The last part of the chapter gives a longer example that \
        puts all of these ideas together in one small program that reads a list of names and prints them.";

    fn share(text: &str) -> f64 {
        let models = Models::new(Vec::<String>::new());
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        Context::new(&doc, &toks, &models).error_share()
    }

    /// [`CLEAN`] with six words misread the way OCR misreads them.
    pub(crate) fn garbled() -> String {
        CLEAN
            .replace("program", "prograrn")
            .replace("value", "valne")
            .replace("compiler", "cornpiler")
            .replace("example", "exarnple")
            .replace("chapter", "cbapter")
            .replace("reads", "rcads")
    }

    #[test]
    fn a_garbled_page_has_a_higher_error_share_than_a_clean_one() {
        let (clean, garbled) = (share(CLEAN), share(&garbled()));
        assert!(clean < 0.75 && garbled > 0.85, "{clean} {garbled}");
        // Too short to judge: the detectors behave as fitted.
        assert_eq!(share("the structs were hardcoded"), 1.0);
    }

    #[test]
    fn terms_of_a_clean_page_are_left_and_misreadings_of_a_garbled_one_fixed() {
        use super::testing::clean;
        for det in [&nonword::NonWord as &dyn Detector, &split_join::SplitJoin, &ocr::Ocr] {
            assert_eq!(clean(det, CLEAN, 0.8), CLEAN, "{}", det.name());
        }
        let fixed = clean(&nonword::NonWord, &garbled(), 0.8);
        assert!(fixed.contains(" program ") && fixed.contains(" compiler ") && !fixed.contains("cornpiler"), "{fixed}");
        // The term is left alone on the garbled page too: nothing explains it cheaply.
        assert!(fixed.contains("structs"), "{fixed}");
        // On the clean page, forms that prove their own damage are still fixed:
        // a function word run once into its neighbour, mixed-case garble.
        let damaged = format!("{CLEAN} It lists thefollowing fUes.");
        let fixed = clean(&split_join::SplitJoin, &damaged, 0.8);
        assert!(fixed.ends_with("lists the following fUes."), "{fixed}");
        let fixed = clean(&ocr::Ocr, &damaged, 0.8);
        assert!(fixed.ends_with("thefollowing files."), "{fixed}");
    }
}

/// Test support shared by the detectors' unit tests: run one detector on a
/// text and return its findings or the cleaned text.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Context, Detector, Findings};
    use crate::document::Document;
    use crate::models::Models;
    use crate::resolve;
    use crate::token::tokenize;

    /// The raw findings of `det` on `text`.
    pub(crate) fn findings(det: &dyn Detector, text: &str) -> Findings {
        let models = Models::new(Vec::<String>::new());
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let mut out = Findings::default();
        det.detect(&cx, &mut out);
        out
    }

    /// `text` with `det`'s fixes at or above `min_confidence` applied.
    pub(crate) fn clean(det: &dyn Detector, text: &str, min_confidence: f32) -> String {
        let ds = resolve::resolve(text, findings(det, text).fixes, min_confidence);
        resolve::apply(text, ds.iter().filter(|d| d.applied).map(|d| &d.fix))
    }
}
