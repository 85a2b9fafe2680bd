//! Tortured phrases: the paper-mill fingerprints catalogued by the Problematic
//! Paper Screener ("counterfeit consciousness" for "artificial intelligence").
//!
//! The list (`dictionaries/tortured.tsv.xz`, see its README section) is
//! matched in one pass with Aho-Corasick, case-insensitively, on word
//! boundaries. Each fingerprint may carry PPS's own context conditions: AND
//! phrases that must also occur in the document, NOT phrases that must not.
//! Unlisted tortured phrases are left to the spin detector's thesaurus + LM.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::normalize::Case;

static TORTURED_TXT: &str = include_str!(concat!(env!("OUT_DIR"), "/tortured.txt"));

/// Confidence of a listed multi-word fingerprint seen in at least one paper
/// (PPS reviews its fingerprints for false positives before listing them).
const CONF_LISTED: f32 = 0.85;
/// Extra confidence for fingerprints found in many papers: + this × log10(1 + papers) / 3,
/// so 1,000 papers adds the full amount (PPS's `num_papers` prevalence signal).
const CONF_PREVALENCE: f32 = 0.1;
/// A single-word fingerprint ("bosom") is an ordinary word elsewhere: review only.
const CONF_ONE_WORD: f32 = 0.5;

/// One fingerprint.
struct Entry {
    phrase: String,
    expected: String,
    papers: u32,
    and: Vec<String>,
    not: Vec<String>,
}

struct Fingerprints {
    entries: Vec<Entry>,
    matcher: Option<AhoCorasick>,
}

fn fingerprints() -> &'static Fingerprints {
    static F: OnceLock<Fingerprints> = OnceLock::new();
    F.get_or_init(|| {
        let entries: Vec<Entry> = TORTURED_TXT
            .lines()
            .filter_map(|line| {
                let mut c = line.split('\t');
                let phrase = c.next()?.trim().to_string();
                let expected = c.next()?.trim().to_string();
                let papers = c.next().and_then(|n| n.trim().parse().ok()).unwrap_or(0);
                let list = |s: Option<&str>| -> Vec<String> {
                    s.unwrap_or("").split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
                };
                let and = list(c.next());
                let not = list(c.next());
                (!phrase.is_empty() && !expected.is_empty()).then_some(Entry { phrase, expected, papers, and, not })
            })
            .collect();
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|e| e.phrase.as_str()))
            .ok();
        Fingerprints { entries, matcher }
    })
}

/// The tortured-phrase detector (kind `tortured`).
pub struct Tortured;

impl Detector for Tortured {
    fn name(&self) -> &'static str {
        "tortured"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        let fp = fingerprints();
        let Some(ac) = &fp.matcher else { return };
        let text = cx.text;
        let mut lower: Option<String> = None;
        for m in ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if !boundary(text, s, e) {
                continue;
            }
            let Some(entry) = fp.entries.get(m.pattern().as_usize()) else { continue };
            if !entry.and.is_empty() || !entry.not.is_empty() {
                let low = lower.get_or_insert_with(|| text.to_lowercase());
                if !entry.and.iter().all(|t| low.contains(t.as_str()))
                    || entry.not.iter().any(|t| low.contains(t.as_str()))
                {
                    continue;
                }
            }
            let found = &text[s..e];
            let conf = if entry.phrase.contains([' ', '-']) {
                CONF_LISTED + CONF_PREVALENCE * ((1.0 + entry.papers as f32).log10() / 3.0).min(1.0)
            } else {
                CONF_ONE_WORD
            };
            let replacement = match Case::of(found) {
                Case::Title => Case::Title.apply(&entry.expected),
                Case::Upper => entry.expected.to_uppercase(),
                _ => entry.expected.clone(),
            };
            let mut evidence = format!(
                "Problematic Paper Screener fingerprint '{}' → '{}' ({} papers)",
                entry.phrase, entry.expected, entry.papers
            );
            if !entry.and.is_empty() {
                evidence += &format!("; document also has '{}'", entry.and.join("', '"));
            }
            out.push(Fix::new(s..e, replacement, Kind::Tortured, conf, evidence));
        }
    }
}

/// Whether `text[s..e]` starts and ends on word boundaries.
fn boundary(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|t| t.chars().next_back());
    let after = text.get(e..).and_then(|t| t.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixes(text: &str) -> Vec<Fix> {
        crate::detect::testing::findings(&Tortured, text).fixes
    }

    #[test]
    fn restores_a_listed_fingerprint_keeping_case() {
        if fingerprints().entries.is_empty() {
            return;
        }
        let f = fixes("We apply Information mining to images.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].replacement, "Data mining");
        assert!(f[0].confidence >= 0.8);
    }

    #[test]
    fn needs_word_boundaries_and_its_context_conditions() {
        if fingerprints().entries.is_empty() {
            return;
        }
        assert!(fixes("xinformation mining").is_empty());
        // "surface region" is listed only together with "surface area" in the document.
        assert!(fixes("the surface region of the lake").is_empty());
        assert_eq!(fixes("the surface region, i.e. the surface area").len(), 1);
    }
}
