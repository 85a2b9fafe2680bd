//! Non-word errors: a token that is not an English word gets the lexicon's
//! nearest words as candidates, ranked by a small noisy-channel score.
//!
//! score(c) = log10 P(c) − cost(w, c), with cost the weighted OCR/typing
//! channel of [`super::ocr::channel_cost`] (shape confusions like rn→m are
//! cheap, generic edits dear); the confidence is the best candidate's posterior share times the
//! prior that the token is an error at all (an unknown capitalised word is
//! usually a name, an unknown lower-case word usually a typo).

use super::{ocr, Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::normalize::{normalize_key, Case};
use crate::token::TokenKind;

/// Prior that an unknown lower-case word is a genuine word the lexicon lacks
/// (fitted on raw OCR: the reference of [`super::REFERENCE_ERROR_SHARE`]).
pub(crate) const P_UNKNOWN_LOWER: f64 = 0.08;
/// The same prior for a lower-case unknown word the document repeats
/// ([`REPEATED`] times or more): a recurring form is more often a term the
/// lexicon lacks than the same slip made again. Not applied when an OCR
/// confusion explains the form: an engine repeats its misreadings ("tbo").
const P_UNKNOWN_REPEATED: f64 = 0.25;
/// See [`P_UNKNOWN_REPEATED`].
const REPEATED: usize = 3;
/// Prior that an unknown capitalised word in mid-sentence is a name (also
/// used when the best candidate is itself a listed name: "Hickson" is not a
/// misprint of "Dickson").
const P_UNKNOWN_NAME: f64 = 0.6;
/// Prior that an unknown capitalised word opening a sentence is a name: news
/// and lists open sentences with names often (OverProof dev sample).
const P_UNKNOWN_OPENING: f64 = 0.3;
/// Prior that an unknown word in an Early Modern English document (see
/// [`ocr::Archaic`]) is a period spelling when no OCR confusion explains it.
const P_UNKNOWN_ARCHAIC: f64 = 0.5;
/// Unigram evidence, log10 P(candidate) − channel cost, above which a
/// correction speaks for itself whatever the document's error rate: each
/// order of magnitude above it cancels one of the clean document's
/// discount ([`Context::error_adjusted_with`]). A cheap misreading of a
/// common word ("tbe" → "the": −2.1, "inforrnation" → "information": about
/// −4) clears it; a term two edits from a rare word ("structs" → "streets":
/// −7.6, "deallocated" → "reallocated": −9.1) does not.
const STRONG_EVIDENCE: f64 = -6.5;
/// How many candidates the evidence column lists.
const SHOW: usize = 3;

/// The generic non-word detector (kind `spelling`, or `ocr` when the best
/// explanation is an OCR shape confusion).
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
        let archaic = ocr::Archaic::survey(cx);
        let mut cache: std::collections::HashMap<String, Vec<Cand>> = Default::default();
        for (i, t) in cx.tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            let word = t.text(cx.text);
            if !worth_checking(word) || is_known(cx, word) || ocr::is_fragment(cx, i) || archaic.protects(word) {
                continue;
            }
            if super::split_join::joins_a_neighbour(cx, i) || ocr::is_code_like(cx, i) {
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
            let cands = cache.entry(key.clone()).or_insert_with(|| candidates(cx, &key));
            let Some(r) = rank(cx, i, cands) else { continue };
            if regional_variant(&key, &r.best) {
                continue;
            }
            let p_real = if capital && (!cx.is_sentence_start(i) || lex.is_name(&r.best)) {
                P_UNKNOWN_NAME
            } else if capital && !r.ocr {
                P_UNKNOWN_OPENING
            } else if archaic.is_archaic && !r.ocr {
                P_UNKNOWN_ARCHAIC
            } else if cx.usage(word).total >= REPEATED && !r.ocr {
                P_UNKNOWN_REPEATED
            } else {
                P_UNKNOWN_LOWER
            };
            let confidence = (r.share * (1.0 - p_real)) as f32;
            // In a clean document most unknown words are real (terms,
            // coinages: "structs", "deallocated"), unless the word is a
            // cheap misreading of a common one ("tbe"): see [`STRONG_EVIDENCE`].
            let confidence = cx.error_adjusted_with(confidence, 10f64.powf(r.best_unigram - STRONG_EVIDENCE));
            let replacement = case.apply(&r.best);
            let kind = if r.ocr { Kind::Ocr } else { Kind::Spelling };
            out.push(Fix::new(t.span(), replacement, kind, confidence, r.evidence(&key)));
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

/// Whether `cand` is only the other national spelling of `word` (-ise/-ize,
/// -isation, -yse/-yze, -our/-or, -tre/-ter, doubled l, ae/oe): such a word is
/// correct English, not an error ("macadamising", "economising").
fn regional_variant(word: &str, cand: &str) -> bool {
    fn fold(w: &str) -> String {
        let mut s = w.replace("isa", "iza").replace("ise", "ize").replace("isi", "izi").replace("yse", "yze");
        s = s.replace("ysi", "yzi").replace("our", "or").replace("tre", "ter").replace("ll", "l");
        s.replace("ae", "e").replace("oe", "e")
    }
    fold(word) == fold(cand)
}

/// Words too short or too odd to judge are left alone.
fn worth_checking(word: &str) -> bool {
    word.chars().count() >= 3
        && ocr::examinable(word)
        && word.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '’')
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
    /// Whether the best candidate's cheapest channel path uses an OCR confusion.
    ocr: bool,
    /// The best candidate's unigram evidence (see [`unigram`]).
    best_unigram: f64,
    /// (word, channel cost, count, share) of the top candidates.
    top: Vec<(String, f64, u64, f64)>,
}

impl Ranked {
    fn evidence(&self, key: &str) -> String {
        let mut s = String::from("not in lexicon");
        for (n, (w, d, c, share)) in self.top.iter().enumerate() {
            if n == 0 {
                s +=
                    &format!("; '{key}'→'{w}' cost={d:.1}, freq {:.1e}, p={share:.2}", *c as f64 / crate::lexicon::PER);
            } else {
                s += &format!("; alt '{w}' cost={d:.1} p={share:.2}");
            }
        }
        s
    }
}

/// One candidate correction: (word, channel cost, lexicon count, whether
/// the cheapest channel path uses an OCR confusion).
type Cand = (String, f64, u64, bool);

/// Candidates within the channel budget, best unigram score first. Depends
/// only on the word, so it is computed once per distinct word.
fn candidates(cx: &Context<'_>, key: &str) -> Vec<Cand> {
    let len = key.chars().count();
    // Short words need a closer match: "tbe" is not two edits from everything.
    let max_cost = if len <= 3 { ocr::SHORT_MAX_COST } else { ocr::MAX_COST };
    let lex = &cx.models.lexicon;
    // Cheap candidates first: one generic edit, or up to two OCR confusions.
    // A generic edit plus a confusion is dearer to generate (hundreds of
    // lookups per variant); it is only worth it when no confusion explains
    // the word, since such a candidate costs at least 2.9 and cannot outrank
    // a pure confusion without being 100× commoner.
    let mut words: Vec<String> = ocr::edits1(cx, key);
    words.extend(ocr::confusion_candidates(cx, key));
    let explained = words.iter().any(|c| c != key && ocr::channel_cost(key, c).0 < ocr::GENERIC_COST);
    if !explained && len > 3 {
        words.extend(ocr::confusion_then_edit(cx, key));
    }
    words.sort();
    words.dedup();
    let mut out: Vec<Cand> = words
        .into_iter()
        .filter(|c| c != key)
        .filter_map(|c| {
            let (cost, used) = ocr::channel_cost(key, &c);
            let count = lex.count(&c).unwrap_or(0);
            (cost <= max_cost).then_some((c, cost, count, used))
        })
        .collect();
    out.sort_by(|a, b| unigram(b).total_cmp(&unigram(a)).then_with(|| a.0.cmp(&b.0)));
    out.truncate(LM_TOP);
    out
}

/// How many candidates (best by unigram score) the language model rescores.
const LM_TOP: usize = 12;

fn unigram(c: &Cand) -> f64 {
    (c.2.max(1) as f64 / crate::lexicon::PER).log10() - c.1
}

/// Ranks the candidates for token `i`: log10 P − channel cost, with P the
/// language model's probability of the word in its context when the model
/// has data, else the unigram frequency.
fn rank(cx: &Context<'_>, i: usize, cands: &[Cand]) -> Option<Ranked> {
    if cands.is_empty() {
        return None;
    }
    let mut scored: Vec<(&Cand, f64)> = cands
        .iter()
        .map(|c| (c, ocr::lm_window_score(cx, i, &c.0).map_or_else(|| unigram(c), |lm| lm - c.1)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0 .0.cmp(&b.0 .0)));
    let top = scored[0].1;
    let ocr = scored[0].0 .3;
    let z: f64 = scored.iter().map(|c| 10f64.powf(c.1 - top)).sum();
    let shares: Vec<(String, f64, u64, f64)> =
        scored.iter().take(SHOW).map(|(c, s)| (c.0.clone(), c.1, c.2, 10f64.powf(s - top) / z)).collect();
    let best_unigram = unigram(scored[0].0);
    Some(Ranked { best: shares[0].0.clone(), share: shares[0].3, ocr, best_unigram, top: shares })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixes(text: &str) -> Vec<Fix> {
        crate::detect::testing::findings(&NonWord, text).fixes
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
    fn national_spellings_are_not_errors() {
        assert!(regional_variant("macadamising", "macadamizing"));
        assert!(regional_variant("colour", "color"));
        assert!(!regional_variant("goverment", "government"));
    }

    #[test]
    fn clean_prose_gets_no_proposals() {
        assert!(fixes("The quick brown fox jumps over the lazy dog, doesn’t it?").is_empty());
    }
}
