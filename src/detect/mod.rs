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
}

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
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            stats.words += 1;
            let w = t.text(cx.text);
            let u = stats.counts.entry(normalize_key(w)).or_default();
            u.total += 1;
            if w.chars().next().is_some_and(char::is_uppercase) && !cx.is_sentence_start(i) {
                u.capitalised_inside += 1;
            }
        }
        cx.stats = stats;
        cx
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
