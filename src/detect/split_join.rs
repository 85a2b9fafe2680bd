//! Split and joined words: OCR and careless extraction drop spaces
//! ("kingwas", "thewar", "Ukrainefor") and insert them ("infor mation").
//!
//! * Join: two pieces on one line, separated by a single space, that are not
//!   both words while their concatenation is ("infor mation" → "information").
//! * Split: an unknown token is segmented by dynamic programming over the
//!   lexicon, maximising the summed log10 word probabilities (the LM's, when
//!   it has data, so "the war" is scored as a bigram) minus a cost per extra
//!   word. O(n²) lexicon lookups for a token of n letters; tokens longer than
//!   [`MAX_SPLIT_CHARS`] are left alone.

use super::{ocr, Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::normalize::{normalize_key, Case};
use crate::token::TokenKind;

/// Longest token we try to segment (longer run-togethers are usually whole
/// garbled lines, better left for review).
const MAX_SPLIT_CHARS: usize = 24;
/// log10 cost of each extra word in a segmentation: the prior that a space
/// was dropped, about one in a thousand word boundaries in OCR'd print.
const SPLIT_COST: f64 = 3.5;
/// Pieces of a split must be at least this frequent (per word): rare words
/// make spurious segmentations ("pinhey" = "pin hey").
const MIN_PIECE_PROB: f64 = 1e-6;
/// Three-letter pieces must be commoner still: the lexicon holds many
/// three-letter abbreviations that chop garble into nonsense ("i rom").
const MIN_SHORT_PIECE_PROB: f64 = 1e-5;
/// The English words of one or two letters (a closed class); any other
/// one- or two-letter piece of a split is an abbreviation or garble.
const SHORT_WORDS: &[&str] = &[
    "a", "i", "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no", "of",
    "oh", "on", "or", "so", "to", "up", "us", "we",
];
/// A capitalised token is a name unless one of its pieces is one of the
/// commonest words of English (≥ 1 per thousand: "the", "for", "was"…).
const FUNCTION_WORD_PROB: f64 = 1e-3;

/// Whether `word` is one of the commonest words ([`FUNCTION_WORD_PROB`]).
fn is_function_word(lex: &crate::lexicon::Lexicon, word: &str) -> bool {
    lex.prob(word) >= FUNCTION_WORD_PROB
}
/// Confidence of a split of a lower-case token whose best segmentation beats
/// the next by [`SPLIT_MARGIN`].
const CONF_SPLIT: f32 = 0.93;
/// Confidence of a split of a capitalised token ("Ukrainefor").
const CONF_SPLIT_CAPITAL: f32 = 0.86;
/// Lowest total log10 score (pieces plus [`SPLIT_COST`]s) of an accepted
/// split: "the war" scores about −8, "king was" −9.2, "Ukraine for" −9.5,
/// while chopping a garbled word into rare pieces ("mat ion") scores below −14.
const MIN_SPLIT_SCORE: f64 = -12.0;
/// Most pieces a token is split into.
const MAX_PIECES: usize = 3;
/// log10 margin of the best segmentation over the runner-up.
const SPLIT_MARGIN: f64 = 1.0;
/// Confidence of joining two non-word pieces into a word.
const CONF_JOIN: f32 = 0.9;

/// The split/join detector (kinds `split` for "infor mation" and `join` for "thewar").
pub struct SplitJoin;

impl Detector for SplitJoin {
    fn name(&self) -> &'static str {
        "split_join"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        if cx.models.lexicon.is_empty() {
            return;
        }
        joins(cx, out);
        splits(cx, out);
    }
}

/// "infor mation": the report kind is `split` (the word was split; the fix joins it).
fn joins(cx: &Context<'_>, out: &mut Findings) {
    let lex = &cx.models.lexicon;
    let toks = cx.tokens;
    for i in 0..toks.len().saturating_sub(2) {
        let (a, s, b) = (toks[i], toks[i + 1], toks[i + 2]);
        if !a.is_word() || s.kind != TokenKind::Space || s.text(cx.text) != " " || !b.is_word() {
            continue;
        }
        let (wa, wb) = (a.text(cx.text), b.text(cx.text));
        if !super::ocr::examinable(wa) || !super::ocr::examinable(wb) {
            continue;
        }
        if ocr::is_code_like(cx, i) || ocr::is_code_like(cx, i + 2) {
            continue;
        }
        if wb.starts_with(char::is_uppercase) || Case::of(wa) == Case::Mixed || Case::of(wa) == Case::Upper {
            continue;
        }
        let (ka, kb) = (lex.contains(wa) || cx.usage(wa).total > 1, lex.contains(wb) || cx.usage(wb).total > 1);
        if ka && kb {
            continue;
        }
        let joined = format!("{wa}{wb}");
        if lex.is_user_word(wa) || lex.is_user_word(wb) || !lex.contains(&joined) {
            continue;
        }
        let why = format!("split word: '{wa}' + '{wb}' = '{joined}'");
        // In clean prose an unknown piece beside a function word is a term
        // ("in structs"), not a split word; two fragments ("infor mation")
        // are their own evidence.
        let function_piece = is_function_word(lex, wa) || is_function_word(lex, wb);
        let conf = if function_piece { cx.error_adjusted(CONF_JOIN) } else { CONF_JOIN };
        out.push(Fix::new(a.start..b.end, joined, Kind::Split, conf, why));
    }
}

/// "thewar": the report kind is `join` (words were joined; the fix splits them).
fn splits(cx: &Context<'_>, out: &mut Findings) {
    let lex = &cx.models.lexicon;
    let archaic = ocr::Archaic::survey(cx);
    let mut cache: std::collections::HashMap<String, Option<(Vec<String>, f64, f64)>> = Default::default();
    for (i, t) in cx.tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        let word = t.text(cx.text);
        let n = word.chars().count();
        if !(4..=MAX_SPLIT_CHARS).contains(&n)
            || lex.contains(word)
            || ocr::is_fragment(cx, i)
            || ocr::is_code_like(cx, i)
        {
            continue;
        }
        if !word.chars().all(char::is_alphabetic) || archaic.protects(word) {
            continue;
        }
        let case = Case::of(word);
        let capital = match case {
            Case::Lower => false,
            Case::Title => {
                if cx.usage(word).total > 1 || lex.is_name(word) {
                    continue;
                }
                true
            }
            _ => continue,
        };
        let key = normalize_key(word);
        let seg = cache.entry(key.clone()).or_insert_with(|| segment(cx, &key)).clone();
        let Some((pieces, margin, seg_score)) = seg else { continue };
        if margin < SPLIT_MARGIN || joins_a_neighbour(cx, i) {
            continue;
        }
        let function_piece = pieces.iter().any(|p| is_function_word(lex, p));
        if capital && (pieces[0].chars().count() < 2 || !function_piece) {
            continue;
        }
        // A misreading of one word explains the token better than a dropped space.
        if best_correction(cx, &key).is_some_and(|c| c >= seg_score) {
            continue;
        }
        let mut replacement = String::with_capacity(word.len() + pieces.len());
        for (k, p) in pieces.iter().enumerate() {
            if k > 0 {
                replacement.push(' ');
            }
            replacement.push_str(&if k == 0 { case.apply(p) } else { p.clone() });
        }
        // In clean prose a closed compound is a term ("hardcoded",
        // "filesystem"), and so is a form the document repeats ("newtype",
        // "endif"); a function word run once into its neighbour
        // ("thefollowing", "buildupof") is a lost space on any page.
        let conf = if capital { CONF_SPLIT_CAPITAL } else { CONF_SPLIT };
        let own_evidence = function_piece && cx.usage_of_key(&key).total == 1;
        let conf = if own_evidence { conf } else { cx.error_adjusted(conf) };
        let why = format!("run-together words '{word}' → '{replacement}' (margin {margin:.1})");
        out.push(Fix::new(t.span(), replacement, Kind::Join, conf, why));
    }
}

/// Score of the best single-word reading of `key` under the OCR channel
/// (log10 P(c) − channel cost), comparable with a segmentation's score.
fn best_correction(cx: &Context<'_>, key: &str) -> Option<f64> {
    let lex = &cx.models.lexicon;
    let mut words: Vec<String> = ocr::edits1(cx, key);
    words.extend(ocr::confusion_candidates(cx, key));
    words
        .iter()
        .filter_map(|c| {
            let (cost, _) = ocr::channel_cost(key, c);
            (cost <= ocr::MAX_COST).then(|| lex.prob(c).max(1e-12).log10() - cost)
        })
        .max_by(f64::total_cmp)
}

/// Whether word token `i` is half of a split word ("infor mation"): then
/// the join, not a split, is the repair.
pub fn joins_a_neighbour(cx: &Context<'_>, i: usize) -> bool {
    let lex = &cx.models.lexicon;
    let w = cx.tokens[i].text(cx.text);
    let single_space = |j: usize| cx.tokens.get(j).is_some_and(|t| t.text(cx.text) == " ");
    let prev = (i >= 2 && single_space(i - 1) && cx.tokens[i - 2].is_word())
        .then(|| format!("{}{w}", cx.tokens[i - 2].text(cx.text)));
    let next = (single_space(i + 1) && cx.tokens.get(i + 2).is_some_and(|t| t.is_word()))
        .then(|| format!("{w}{}", cx.tokens[i + 2].text(cx.text)));
    prev.into_iter().chain(next).any(|j| lex.contains(&j))
}

/// log10 score of one piece given the previous one: the LM's bigram when it
/// has data, else the lexicon's unigram frequency.
fn piece_score(cx: &Context<'_>, prev: Option<&str>, piece: &str) -> Option<f64> {
    let lex = &cx.models.lexicon;
    let p = lex.prob(piece);
    let ok = match piece.chars().count() {
        1 | 2 => SHORT_WORDS.contains(&piece),
        3 => p >= MIN_SHORT_PIECE_PROB,
        _ => p >= MIN_PIECE_PROB,
    };
    if !ok {
        return None;
    }
    let lm = &cx.models.lm;
    if !lm.is_empty() && lm.knows(piece) {
        let ctx: Vec<&str> = prev.into_iter().collect();
        return Some(lm.logprob(&ctx, piece) as f64);
    }
    Some(p.log10())
}

/// Best and second-best segmentation of `key` into two or more pieces; the
/// best's pieces and its margin over the runner-up (or over no split at all).
fn segment(cx: &Context<'_>, key: &str) -> Option<(Vec<String>, f64, f64)> {
    let bounds: Vec<usize> = key.char_indices().map(|(i, _)| i).chain(std::iter::once(key.len())).collect();
    let n = bounds.len() - 1;
    // best[k] = top-2 (score, back-pointer, pieces) for the prefix of k chars
    let mut best: Vec<Vec<(f64, Vec<String>)>> = vec![Vec::new(); n + 1];
    best[0].push((0.0, Vec::new()));
    for end in 1..=n {
        let mut cands: Vec<(f64, Vec<String>)> = Vec::new();
        for start in 0..end {
            let piece = &key[bounds[start]..bounds[end]];
            for (s, pieces) in &best[start] {
                let prev = pieces.last().map(String::as_str);
                let Some(ps) = piece_score(cx, prev, piece) else { continue };
                let extra = if pieces.is_empty() { 0.0 } else { SPLIT_COST };
                let mut p = pieces.clone();
                p.push(piece.to_string());
                cands.push((s + ps - extra, p));
            }
        }
        cands.sort_by(|a, b| b.0.total_cmp(&a.0));
        cands.truncate(2);
        best[end] = cands;
    }
    let finals: Vec<&(f64, Vec<String>)> = best[n].iter().filter(|(_, p)| p.len() >= 2).collect();
    let top = finals.first().filter(|t| t.0 >= MIN_SPLIT_SCORE && t.1.len() <= MAX_PIECES)?;
    let runner_up = finals.get(1).map_or(f64::NEG_INFINITY, |r| r.0);
    Some((top.1.clone(), top.0 - runner_up, top.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        crate::detect::testing::clean(&SplitJoin, text, 0.8)
    }

    #[test]
    fn splits_run_together_words() {
        assert_eq!(clean("after thewar ended"), "after the war ended");
        assert_eq!(clean("the king sentto the front"), "the king sent to the front");
        assert_eq!(clean("Aid to Ukrainefor years"), "Aid to Ukraine for years");
    }

    #[test]
    fn joins_split_words() {
        assert_eq!(clean("the infor mation desk"), "the information desk");
        assert_eq!(clean("the new deal"), "the new deal");
    }

    #[test]
    fn names_stay() {
        assert_eq!(clean("Mr Pinhey met Kellogg"), "Mr Pinhey met Kellogg");
        assert_eq!(clean("Aamer said so"), "Aamer said so");
        assert_eq!(clean("the somo thing"), "the somo thing");
    }
}
