//! Non-word errors: a token that is not an English word gets the lexicon's
//! nearest words as candidates, ranked by a small noisy-channel score.
//!
//! score(c) = log10 P(c) − EDIT_COST · d(w, c), with d the Damerau-Levenshtein
//! distance; the confidence is the best candidate's posterior share times the
//! prior that the token is an error at all (an unknown capitalised word is
//! usually a name, an unknown lower-case word usually a typo).

use strsim::damerau_levenshtein;

use super::{Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::normalize::{normalize_key, Case};
use crate::token::TokenKind;

/// log10 cost of one edit: a typist (or OCR engine) makes roughly one error
/// per hundred characters typed, so each edit costs about two orders of magnitude.
const EDIT_COST: f64 = 2.0;

/// Prior that an unknown lower-case word is a genuine word the lexicon lacks.
const P_UNKNOWN_LOWER: f64 = 0.08;
/// Prior that an unknown capitalised word in mid-sentence is a name.
const P_UNKNOWN_NAME: f64 = 0.6;
/// How many candidates the evidence column lists.
const SHOW: usize = 3;

/// The generic non-word detector (kind `spelling`).
pub struct NonWord;

impl Detector for NonWord {
    fn name(&self) -> &'static str {
        "nonword"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        let lex = &cx.models.lexicon;
        if lex.is_empty() {
            return;
        }
        let mut cache: std::collections::HashMap<String, Option<Ranked>> = Default::default();
        for (i, t) in cx.tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            let word = t.text(cx.text);
            if !worth_checking(word) || is_known(cx, word) {
                continue;
            }
            let case = Case::of(word);
            if case == Case::Mixed || case == Case::Upper {
                continue; // iPhone, McDonald, NATO: not ours to judge
            }
            let capital = case == Case::Title;
            if capital {
                let usage = cx.usage(word);
                // A name the document uses more than once, or any listed name, stays.
                if usage.total > 1 || lex.is_name(word) || in_name_sequence(cx, i) {
                    continue;
                }
            }
            let key = normalize_key(word);
            let ranked = cache.entry(key.clone()).or_insert_with(|| rank(cx, &key)).clone();
            let Some(r) = ranked else { continue };
            let p_real = if capital && !cx.is_sentence_start(i) { P_UNKNOWN_NAME } else { P_UNKNOWN_LOWER };
            let confidence = (r.share * (1.0 - p_real)) as f32;
            let replacement = case.apply(&r.best);
            out.push(Fix::new(t.span(), replacement, Kind::Spelling, confidence, r.evidence(&key)));
        }
    }
}

/// A capitalised word next to another capitalised word in mid-sentence
/// ("Karoline Leavitt", "Rustem Umerov") is part of a name.
fn in_name_sequence(cx: &Context<'_>, i: usize) -> bool {
    let capital = |j: usize| cx.tokens[j].text(cx.text).chars().next().is_some_and(char::is_uppercase);
    let prev = cx.prev_word(i).filter(|&j| capital(j) && (!cx.is_sentence_start(j) || cx.next_word(i).is_none()));
    let next = cx.next_word(i).filter(|&j| capital(j));
    prev.is_some() || next.is_some()
}

/// Words too short or too odd to judge are left alone.
fn worth_checking(word: &str) -> bool {
    word.chars().count() >= 3 && word.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '’')
}

/// Known as is, as a possessive, or with an elided apostrophe.
fn is_known(cx: &Context<'_>, word: &str) -> bool {
    let lex = &cx.models.lexicon;
    if lex.contains(word) {
        return true;
    }
    let key = normalize_key(word);
    for suffix in ["'s", "'"] {
        if let Some(stem) = key.strip_suffix(suffix) {
            if lex.contains(stem) || cx.usage(stem).total > 0 && stem.len() > 2 {
                return true;
            }
        }
    }
    key.contains('\'') && lex.contains(&key.replace('\'', ""))
}

#[derive(Clone, Debug)]
struct Ranked {
    best: String,
    share: f64,
    /// (word, distance, count, share) of the top candidates.
    top: Vec<(String, usize, u64, f64)>,
}

impl Ranked {
    fn evidence(&self, key: &str) -> String {
        let mut s = String::from("not in lexicon");
        for (n, (w, d, c, share)) in self.top.iter().enumerate() {
            if n == 0 {
                s += &format!("; '{key}'→'{w}' d={d}, freq {:.1e}, p={share:.2}", *c as f64 / crate::lexicon::PER);
            } else {
                s += &format!("; alt '{w}' d={d} p={share:.2}");
            }
        }
        s
    }
}

fn rank(cx: &Context<'_>, key: &str) -> Option<Ranked> {
    let len = key.chars().count();
    let max_dist = if len <= 3 { 1 } else { 2 };
    let mut scored: Vec<(String, usize, u64, f64)> = cx
        .models
        .lexicon
        .within(key, 2)
        .into_iter()
        .filter(|c| c.word != key)
        .filter_map(|c| {
            let d = damerau_levenshtein(key, &c.word);
            // Short words need a closer match: "tbe" is not two edits from everything.
            (d <= max_dist).then(|| {
                let s = (c.count.max(1) as f64 / crate::lexicon::PER).log10() - EDIT_COST * d as f64;
                (c.word, d, c.count, s)
            })
        })
        .collect();
    if scored.is_empty() {
        return None;
    }
    scored.sort_by(|a, b| b.3.total_cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
    let top = scored[0].3;
    let z: f64 = scored.iter().map(|c| 10f64.powf(c.3 - top)).sum();
    let shares: Vec<(String, usize, u64, f64)> =
        scored.into_iter().take(SHOW).map(|(w, d, c, s)| (w, d, c, 10f64.powf(s - top) / z)).collect();
    Some(Ranked { best: shares[0].0.clone(), share: shares[0].3, top: shares })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::models::Models;
    use crate::token::tokenize;

    fn fixes(text: &str) -> Vec<Fix> {
        let models = Models::new(Vec::<String>::new());
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let mut out = Findings::default();
        NonWord.detect(&cx, &mut out);
        out.fixes
    }

    #[test]
    fn corrects_a_common_misspelling() {
        let f = fixes("The goverment said it would act.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].replacement, "government");
        assert!(f[0].confidence > 0.8, "{f:?}");
    }

    #[test]
    fn keeps_case_and_leaves_repeated_names_alone() {
        let f = fixes("Goverment officials met Zelensky. Later Zelensky left.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].replacement, "Government");
    }

    #[test]
    fn clean_prose_gets_no_proposals() {
        assert!(fixes("The quick brown fox jumps over the lazy dog, doesn’t it?").is_empty());
    }
}
