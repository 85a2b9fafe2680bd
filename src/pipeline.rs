//! The whole per-document pipeline in one call: tokenise → detect → resolve.
//! This is the library's main entry point; the CLI only adds files around it.

use std::collections::BTreeMap;

use crate::detect::{self, Context, Detector, Findings};
use crate::document::Document;
use crate::fix::{Decision, Kind};
use crate::models::Models;
use crate::resolve;
use crate::token::tokenize;

/// Fixes at or above this confidence are applied by default. Chosen for
/// precision: below it a fix is still reported for review.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.8;

/// How an [`Engine`] is set up.
#[derive(Clone, Debug)]
pub struct Options {
    /// Fixes at or above this confidence are applied; the rest are only reported.
    pub min_confidence: f32,
    /// Detectors to run, by name; `None` runs all of them.
    pub detectors: Option<Vec<String>>,
    /// Extra words that are always correct (never flagged, never changed).
    pub user_words: Vec<String>,
    /// Apply `boilerplate` proposals (remove share widgets, footers, …).
    /// Off by default: removing lines is reported but only done on request.
    pub strip_boilerplate: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            min_confidence: DEFAULT_MIN_CONFIDENCE,
            detectors: None,
            user_words: Vec::new(),
            strip_boilerplate: false,
        }
    }
}

/// The configured pipeline: models plus detectors. Cheap to share across
/// threads (`&Engine` is `Sync`).
pub struct Engine {
    models: Models,
    detectors: Vec<Box<dyn Detector>>,
    min_confidence: f32,
    strip_boilerplate: bool,
}

/// The result of analysing one document.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Non-overlapping proposals, sorted by offset, with their applied flag.
    pub decisions: Vec<Decision>,
    /// Number of word tokens (the denominator of per-1,000-word rates).
    pub words: usize,
    /// Document-level scores set by detectors (see [`Findings::scores`]).
    pub scores: BTreeMap<&'static str, f64>,
}

impl Analysis {
    /// The cleaned text: the input with the applied fixes spliced in.
    pub fn cleaned(&self, text: &str) -> String {
        resolve::apply(text, self.decisions.iter().filter(|d| d.applied).map(|d| &d.fix))
    }

    /// Number of applied fixes.
    pub fn applied(&self) -> usize {
        self.decisions.iter().filter(|d| d.applied).count()
    }

    /// Proposals per kind (applied or not).
    pub fn by_kind(&self) -> BTreeMap<Kind, usize> {
        let mut m = BTreeMap::new();
        for d in &self.decisions {
            *m.entry(d.fix.kind).or_default() += 1;
        }
        m
    }
}

impl Engine {
    /// Builds an engine; fails on an unknown detector name or a bad threshold.
    pub fn new(options: Options) -> anyhow::Result<Engine> {
        if !(0.0..=1.0).contains(&options.min_confidence) {
            anyhow::bail!("min-confidence must be between 0 and 1, got {}", options.min_confidence);
        }
        let mut detectors = detect::registry();
        if let Some(wanted) = &options.detectors {
            let known = detect::names();
            for w in wanted {
                if !known.contains(&w.as_str()) {
                    anyhow::bail!("unknown detector {w:?}; known: {}", known.join(", "));
                }
            }
            detectors.retain(|d| wanted.iter().any(|w| w == d.name()));
        }
        Ok(Engine {
            models: Models::new(&options.user_words),
            detectors,
            min_confidence: options.min_confidence,
            strip_boilerplate: options.strip_boilerplate,
        })
    }

    /// The shared models (for callers that want lexicon lookups).
    pub fn models(&self) -> &Models {
        &self.models
    }

    /// The threshold at which fixes are applied.
    pub fn min_confidence(&self) -> f32 {
        self.min_confidence
    }

    /// Runs every detector on `doc` and resolves their proposals.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        let tokens = tokenize(&doc.text);
        let cx = Context::new(doc, &tokens, &self.models);
        let mut findings = Findings::default();
        for d in &self.detectors {
            d.detect(&cx, &mut findings);
        }
        let mut decisions = resolve::resolve(&doc.text, findings.fixes, self.min_confidence);
        if !self.strip_boilerplate {
            for d in decisions.iter_mut().filter(|d| d.fix.kind == Kind::Boilerplate) {
                d.applied = false;
            }
        }
        Analysis { decisions, words: cx.stats.words, scores: findings.scores }
    }

    /// [`Engine::analyze`], with a bug in a detector turned into an error for
    /// this document instead of the end of the whole batch or stream: the
    /// caller reports it against the file (or line) and goes on.
    pub fn try_analyze(&self, doc: &Document) -> Result<Analysis, String> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.analyze(doc))).map_err(|e| {
            let msg = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_string());
            format!("internal error while analysing (a bug in unspin; please report it): {msg}")
        })
    }

    /// Convenience: the cleaned form of a text.
    pub fn clean_str(&self, text: &str) -> String {
        let doc = Document::new("-", text.to_string());
        self.analyze(&doc).cleaned(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_detector_and_bad_threshold_are_errors() {
        let o = Options { detectors: Some(vec!["nope".into()]), ..Options::default() };
        assert!(Engine::new(o).is_err());
        let o = Options { min_confidence: 1.5, ..Options::default() };
        assert!(Engine::new(o).is_err());
    }

    /// A detector with a bug: panics on every document.
    struct Broken;
    impl Detector for Broken {
        fn name(&self) -> &'static str {
            "broken"
        }
        fn detect(&self, _: &Context<'_>, _: &mut Findings) {
            panic!("boom");
        }
    }

    #[test]
    fn a_detector_bug_is_an_error_for_the_document_not_a_crash() {
        let mut e = Engine::new(Options::default()).unwrap();
        let doc = Document::new("d", "Some text.".to_string());
        assert!(e.try_analyze(&doc).is_ok());
        e.detectors.push(Box::new(Broken));
        let err = e.try_analyze(&doc).unwrap_err();
        assert!(err.contains("internal error") && err.contains("boom"), "{err}");
        // The engine is still usable afterwards (thread-local caches intact).
        e.detectors.pop();
        assert!(e.try_analyze(&doc).is_ok());
    }

    #[test]
    fn user_words_are_never_changed() {
        let e = Engine::new(Options::default()).unwrap();
        assert_ne!(e.clean_str("the goverment acts"), "the goverment acts");
        let o = Options { user_words: vec!["goverment".into()], ..Options::default() };
        let e = Engine::new(o).unwrap();
        assert_eq!(e.clean_str("the goverment acts"), "the goverment acts");
    }
}
