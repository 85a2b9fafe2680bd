//! Document lexicon (the idea of Reynaert's TICCL): a form the document uses
//! several times is evidence for itself, even when no dictionary lists it,
//! and a rare near-variant of it (edit distance ≤ 2) is most likely a slip
//! or a misreading of the same word ("Kellog" in a text that says "Kellogg"
//! three times).
//!
//! Dictionary words are never "corrected" toward a name: only forms the
//! lexicon does not know are proposed for change. Work is linear in the
//! document plus (rare forms × frequent forms) distance checks, each
//! pre-filtered by length.

use std::collections::HashMap;

use strsim::damerau_levenshtein;

use super::{Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::normalize::{normalize_key, Case};
use crate::token::TokenKind;

/// A form is "dominant" when the document uses it at least this often.
const MIN_DOMINANT: usize = 3;
/// Mid-sentence capitalised uses that make an unknown form a trusted name.
const MIN_NAME_USES: usize = 2;
/// A variant may occur at most this often, and at most 1/[`RATIO`] as often
/// as the dominant form (otherwise the two are rival spellings, or the
/// garbled form is the common one).
const MAX_VARIANT: usize = 2;
/// See [`MAX_VARIANT`].
const RATIO: usize = 2;
/// Shortest form considered: below five letters nearly everything is within
/// two edits of something.
const MIN_CHARS: usize = 5;
/// Confidence at distance 1 and 2. Distance-1 variants of a repeated name
/// are misprints far more often than different people; distance 2 less so.
const CONF_D1: f32 = 0.85;
/// See [`CONF_D1`].
const CONF_D2: f32 = 0.7;
/// Confidence toward a listed name the document uses fewer than
/// [`MIN_DOMINANT`] times: a suggestion for review, below the default threshold.
const CONF_NAME_ONCE: f32 = 0.6;

/// The document-lexicon detector (kind `variant`).
pub struct Variant;

impl Detector for Variant {
    fn name(&self) -> &'static str {
        "variant"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        let lex = &cx.models.lexicon;
        // Surface form per key: the most common spelling as written.
        let mut surface: HashMap<String, HashMap<&str, usize>> = HashMap::new();
        for t in cx.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            let w = t.text(cx.text);
            if w.chars().count() >= MIN_CHARS && super::ocr::examinable(w) {
                *surface.entry(normalize_key(w)).or_default().entry(w).or_default() += 1;
            }
        }
        let count = |k: &str| cx.stats.counts.get(k).map_or(0, |u| u.total);
        // A dominant form must be a word or a name the document capitalises
        // mid-sentence; a repeated lower-case unknown ("thoro") is repeated garble.
        let trusted =
            |k: &str| lex.contains(k) || cx.stats.counts.get(k).is_some_and(|u| u.capitalised_inside >= MIN_NAME_USES);
        // Listed names the document writes capitalised mid-sentence count
        // even when used once or twice: then only distance-1 variants, and
        // only as a suggestion ("Kellog" beside one "Kellogg").
        let named = |k: &str| lex.is_name(k) && cx.stats.counts.get(k).is_some_and(|u| u.capitalised_inside >= 1);
        let dominant: Vec<(&String, usize)> = surface
            .keys()
            .map(|k| (k, count(k)))
            .filter(|&(k, c)| (c >= MIN_DOMINANT && trusted(k)) || named(k))
            .collect();
        if dominant.is_empty() {
            return;
        }
        let mut choice: HashMap<&str, Option<(String, usize, usize)>> = HashMap::new();
        for t in cx.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            let w = t.text(cx.text);
            if w.chars().count() < MIN_CHARS
                || !super::ocr::examinable(w)
                || lex.contains(w)
                || Case::of(w) == Case::Mixed
            {
                continue;
            }
            let best = choice
                .entry(w)
                .or_insert_with(|| {
                    let key = normalize_key(w);
                    let c = count(&key);
                    if c > MAX_VARIANT {
                        return None;
                    }
                    let len = key.chars().count();
                    let mut found: Vec<(String, usize, usize)> = dominant
                        .iter()
                        .filter(|(d, dc)| {
                            (*dc >= RATIO * c || (named(d) && *dc >= c))
                                && d.chars().count().abs_diff(len) <= 2
                                && **d != key
                        })
                        .filter(|(d, _)| !inflection_of(&key, d))
                        .filter_map(|(d, dc)| {
                            let dist = damerau_levenshtein(&key, d);
                            (dist <= 2).then(|| ((*d).clone(), dist, *dc))
                        })
                        .collect();
                    found.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
                    // Two equally close dominant forms: no way to choose.
                    if found.len() > 1 && found[0].1 == found[1].1 {
                        return None;
                    }
                    found.into_iter().next()
                })
                .clone();
            let Some((target, dist, n)) = best else { continue };
            // Write the target as the document writes it most often.
            let written = surface
                .get(&target)
                .and_then(|m| m.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(s, _)| s.to_string()))
                .unwrap_or_else(|| target.clone());
            let replacement = if Case::of(&written) == Case::Lower { Case::of(w).apply(&written) } else { written };
            let conf = match (n >= MIN_DOMINANT, dist) {
                (true, 1) => CONF_D1,
                (true, _) => CONF_D2,
                (false, 1) => CONF_NAME_ONCE,
                (false, _) => continue,
            };
            let why = format!("rare variant of '{replacement}', which the document uses {n} times (distance {dist})");
            out.push(Fix::new(t.span(), replacement, Kind::Variant, conf, why));
        }
    }
}

/// Whether two forms are the same word inflected: a plural or possessive of
/// a name ("Bungyes" beside "Bungye") is not a misspelling of it.
fn inflection_of(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short).is_some_and(|rest| matches!(rest, "s" | "es" | "'s" | "'" | "s'" | "ed" | "d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::models::Models;
    use crate::token::tokenize;

    fn fixes(text: &str) -> Vec<(String, String)> {
        let models = Models::new(Vec::<String>::new());
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let mut out = Findings::default();
        Variant.detect(&cx, &mut out);
        out.fixes.iter().map(|f| (text[f.start..f.end].to_string(), f.replacement.clone())).collect()
    }

    #[test]
    fn rare_variant_of_a_repeated_name() {
        let t = "Mr Vrannigar spoke. Then Vrannigar left, and later Vrannigar returned, and Vranigar waved.";
        assert_eq!(fixes(t), vec![("Vranigar".to_string(), "Vrannigar".to_string())]);
    }

    #[test]
    fn a_listed_name_used_once_yields_a_suggestion() {
        let models = Models::new(Vec::<String>::new());
        let text = "The envoy Keith Kellogg spoke, and later Kellog said more.";
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let mut out = Findings::default();
        Variant.detect(&cx, &mut out);
        assert_eq!(out.fixes.len(), 1, "{:?}", out.fixes);
        assert_eq!(out.fixes[0].replacement, "Kellogg");
        assert!(out.fixes[0].confidence < 0.8);
    }

    #[test]
    fn plurals_and_possessives_are_not_variants() {
        let t = "Mr Vrannigar spoke. Then Vrannigar left, and later Vrannigar returned with the Vrannigars.";
        assert!(fixes(t).is_empty());
    }

    #[test]
    fn dictionary_words_are_never_pulled_toward_names() {
        let t = "Hansen said. Hansen went. Hansen came. The hansom cab waited.";
        assert!(fixes(t).is_empty());
    }
}
