//! OCR confusions: a weighted noisy channel over the letter groups that
//! recognisers mistake for each other (rn↔m, cl↔d, li↔h, U↔ll, c/e/o, …).
//!
//! The channel is shared with the non-word detector ([`super::nonword`]),
//! which ranks lexicon candidates for unknown words by
//! `log10 P(candidate) − channel cost`. This detector covers what the
//! non-word detector cannot see:
//!
//! * real-word errors ("tho" for "the", "bis" for "his"): a known but rare
//!   word one cheap confusion away from a far more likely one;
//! * mixed-case garble ("shaU", "wiU"): the capital is the error itself;
//! * letter-like digits inside words ("c1ear", "w0rd").
//!
//! Early Modern English spelling ("beene", "himselfe", "iudgement") looks
//! like garble to a modern lexicon. [`Archaic`] recognises a document written
//! that way and protects the words its spelling rules explain.

use std::collections::HashMap;

use super::{Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::normalize::{normalize_key, Case};
use crate::token::TokenKind;

/// log10 cost of a generic edit (any letter inserted, deleted, replaced or
/// two swapped): OCR engines garble roughly one character in a few hundred,
/// and only a fraction of those are not one of the systematic confusions.
pub const GENERIC_COST: f64 = 2.5;

/// The OCR channel: (what the engine printed, what was on the page, log10
/// cost). Observed sides with capitals match case-sensitively (a capital "U"
/// inside a lower-case word is the classic reading of "ll"); the others match
/// the lower-cased token. The pairs are the confusions reported for
/// FineReader/Tesseract on historical print (Reynaert's TICCL confusion sets,
/// the ICDAR 2017/2019 post-OCR data); the costs are hand-set on a log10
/// scale so that a shape confusion costs about a third of a generic edit,
/// and were checked on the word pairs of the OverProof and ICDAR 2017 dev
/// samples (`/work/shared/eval/ocr-dev`, see the README's OCR section).
pub const CONFUSIONS: &[(&str, &str, f64)] = &[
    ("rn", "m", 0.7),
    ("m", "rn", 0.9),
    ("in", "m", 1.0),
    ("m", "in", 1.0),
    ("ni", "m", 1.0),
    ("cl", "d", 0.8),
    ("d", "cl", 0.9),
    ("vv", "w", 0.7),
    ("yv", "w", 0.9),
    ("w", "vv", 1.0),
    ("li", "h", 0.8),
    ("h", "li", 0.9),
    ("ii", "u", 0.8),
    ("u", "ii", 1.0),
    ("ri", "n", 1.0),
    ("n", "ri", 1.1),
    ("U", "ll", 0.4),
    ("U", "il", 0.6),
    ("H", "li", 0.5),
    ("H", "ll", 0.8),
    ("H", "h", 0.6),
    ("d", "il", 0.8),
    ("d", "li", 0.8),
    ("d", "ll", 1.0),
    ("d", "ill", 1.2),
    ("c", "e", 0.8),
    ("e", "c", 0.8),
    ("o", "e", 0.8),
    ("e", "o", 1.0),
    ("o", "c", 0.9),
    ("c", "o", 1.0),
    ("a", "o", 1.2),
    ("o", "a", 1.2),
    ("n", "u", 0.9),
    ("u", "n", 0.9),
    ("n", "a", 1.2),
    ("b", "h", 0.9),
    ("h", "b", 1.0),
    ("i", "l", 0.9),
    ("l", "i", 0.9),
    ("i", "r", 1.2),
    ("r", "i", 1.2),
    ("t", "f", 1.2),
    ("f", "t", 1.2),
    ("l", "t", 1.2),
    ("t", "l", 1.2),
    ("s", "a", 1.3),
    ("a", "s", 1.3),
    ("j", "y", 1.2),
    ("v", "y", 1.2),
    ("y", "v", 1.2),
    ("f", "s", 1.0), // long s (ſ) read as f in pre-1800 print
    ("0", "o", 0.5),
    ("1", "l", 0.5),
    ("1", "i", 0.7),
    ("5", "s", 0.8),
    ("8", "b", 1.0),
    ("I", "l", 0.6),
    ("T", "j", 1.2),
    ("T", "f", 1.2),
    ("T", "y", 1.2),
];

/// Longest token (in characters) any OCR-side detector examines. The longest
/// common English words have under 30 letters; longer "words" are garbled
/// runs or identifiers, and candidate generation is quadratic in length.
pub const MAX_WORD_CHARS: usize = 32;

/// Whether a token is short enough to examine (see [`MAX_WORD_CHARS`]).
pub fn examinable(word: &str) -> bool {
    word.len() <= 4 * MAX_WORD_CHARS && word.chars().count() <= MAX_WORD_CHARS
}

/// A confusion at most this expensive may turn one known word into another
/// (real-word errors need a cheap, well-attested confusion).
const REAL_WORD_MAX_COST: f64 = 1.2;
/// Known words rarer than this (per word) may be two confusions from the
/// intended word (see [`best_confusion`]).
const RARE_KNOWN_PROB: f64 = 1e-7;
/// Real-word correction margin: log10 of how much more likely the candidate
/// must be than the word as printed, after the channel cost, before we
/// propose it. 2.0 keeps "tho"→"the" (margin 2.5) and rejects "wore"→"were"
/// (1.25) and "duo"→"due" (1.3) on unigram evidence alone.
const REAL_WORD_MARGIN: f64 = 2.0;
/// Extra real-word margin in an Early Modern English document, whose
/// spelling and grammar the modern models fit worse.
const ARCHAIC_EXTRA_MARGIN: f64 = 1.0;
/// The margin at which a real-word proposal reaches confidence 0.5; each
/// further order of magnitude multiplies the odds by ten.
const REAL_WORD_PIVOT: f64 = 1.0;
/// Most channel cost a non-word candidate may carry: one generic edit plus
/// one cheap confusion, or several confusions. 4.0 let "poinyards" become
/// "mainyards" on the ICDAR 2017 dev sample.
pub const MAX_COST: f64 = 3.4;
/// Words of three letters or fewer accept only confusions (two at most:
/// "tbo"→"the"), never a generic edit: almost every short string is one
/// edit from a word.
pub const SHORT_MAX_COST: f64 = 1.8;

/// Channel cost of reading `intended` (lower-case) as `observed` (as printed),
/// and whether the cheapest path used a systematic OCR confusion.
///
/// A weighted edit distance whose steps are the generic edits plus the
/// multi-letter [`CONFUSIONS`]; O(|observed| · |intended| · |CONFUSIONS|).
pub fn channel_cost(observed: &str, intended: &str) -> (f64, bool) {
    let obs: Vec<char> = observed.chars().collect();
    let low: Vec<char> = observed.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect();
    let int: Vec<char> = intended.chars().collect();
    let (n, m) = (obs.len(), int.len());
    let inf = (f64::INFINITY, false);
    let mut dp = vec![inf; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    dp[0] = (0.0, false);
    let conf = confusion_chars();
    for i in 0..=n {
        for j in 0..=m {
            let (cur, used) = dp[at(i, j)];
            if !cur.is_finite() {
                continue;
            }
            let mut relax = |ii: usize, jj: usize, cost: f64, u: bool| {
                let slot = &mut dp[at(ii, jj)];
                let cand = (cur + cost, used || u);
                if cand.0 < slot.0 - 1e-9 || ((cand.0 - slot.0).abs() < 1e-9 && cand.1 && !slot.1) {
                    *slot = cand;
                }
            };
            if i < n && j < m {
                if low[i] == int[j] && !(obs[i].is_uppercase() && i > 0 && is_case_confusable(obs[i])) {
                    relax(i + 1, j + 1, 0.0, false);
                } else if low[i] == int[j] {
                    // An interior capital that matches is still odd ("wiU" vs "wiu").
                    relax(i + 1, j + 1, 0.3, false);
                } else {
                    relax(i + 1, j + 1, GENERIC_COST, false);
                }
            }
            if i < n {
                relax(i + 1, j, GENERIC_COST, false);
            }
            if j < m {
                relax(i, j + 1, GENERIC_COST, false);
            }
            if i + 1 < n && j + 1 < m && low[i] == int[j + 1] && low[i + 1] == int[j] {
                relax(i + 2, j + 2, GENERIC_COST, false);
            }
            for (o, c, w, cased) in conf {
                let src = if *cased { &obs } else { &low };
                if i + o.len() <= n && j + c.len() <= m && src[i..i + o.len()] == o[..] && int[j..j + c.len()] == c[..]
                {
                    relax(i + o.len(), j + c.len(), *w, true);
                }
            }
        }
    }
    dp[at(n, m)]
}

/// One confusion as characters: (printed, intended, cost, case-sensitive).
type CharConfusion = (Vec<char>, Vec<char>, f64, bool);

/// [`CONFUSIONS`] as character vectors, built once.
fn confusion_chars() -> &'static [CharConfusion] {
    static TABLE: std::sync::OnceLock<Vec<CharConfusion>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        CONFUSIONS
            .iter()
            .map(|&(o, c, w)| (o.chars().collect(), c.chars().collect(), w, o.chars().any(char::is_uppercase)))
            .collect()
    })
}

fn is_case_confusable(c: char) -> bool {
    matches!(c, 'U' | 'H' | 'I')
}

/// Lexicon words one generic edit (insert, delete, substitute, swap) from
/// `key`. Generating the edits and looking each up is several times faster
/// than streaming the fst through a Levenshtein automaton (perf on the OCR
/// dev set: the automaton's node decoding was two thirds of the run time).
pub fn edits1(cx: &Context<'_>, key: &str) -> Vec<String> {
    let lex = &cx.models.lexicon;
    let bounds: Vec<usize> = key.char_indices().map(|(i, _)| i).chain(std::iter::once(key.len())).collect();
    let mut alphabet: Vec<char> = ('a'..='z').collect();
    alphabet.push('\'');
    for c in key.chars() {
        if !alphabet.contains(&c) {
            alphabet.push(c);
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut buf = String::with_capacity(key.len() + 8);
    let check = |buf: &str, out: &mut Vec<String>| {
        if buf != key && lex.contains_key(buf) && !out.iter().any(|w| w == buf) {
            out.push(buf.to_string());
        }
    };
    let n = bounds.len() - 1;
    let mut tmp = [0u8; 4];
    for i in 0..=n {
        let (head, tail) = key.split_at(bounds[i]);
        if i < n {
            let after = &key[bounds[i + 1]..];
            buf.clear();
            buf.push_str(head);
            buf.push_str(after);
            check(&buf, &mut out);
            if i + 1 < n {
                buf.clear();
                buf.push_str(head);
                buf.push_str(&key[bounds[i + 1]..bounds[i + 2]]);
                buf.push_str(&key[bounds[i]..bounds[i + 1]]);
                buf.push_str(&key[bounds[i + 2]..]);
                check(&buf, &mut out);
            }
            for &a in &alphabet {
                let s = a.encode_utf8(&mut tmp);
                if key[bounds[i]..bounds[i + 1]] != *s {
                    buf.clear();
                    buf.push_str(head);
                    buf.push_str(s);
                    buf.push_str(after);
                    check(&buf, &mut out);
                }
            }
        }
        for &a in &alphabet {
            buf.clear();
            buf.push_str(head);
            buf.push(a);
            buf.push_str(tail);
            check(&buf, &mut out);
        }
    }
    out
}

/// Lexicon words reachable from `key` (lower-case) by one or two
/// [`CONFUSIONS`] applied to the printed form `word` (case kept for the
/// case-sensitive ones). Cheap: a few hundred lexicon lookups at most.
pub fn confusion_candidates(cx: &Context<'_>, word: &str) -> Vec<String> {
    confusions_within(cx, word, 2)
}

/// [`confusion_candidates`] with at most `rounds` confusions applied.
fn confusions_within(cx: &Context<'_>, word: &str, rounds: usize) -> Vec<String> {
    confusions_and_variants(cx, word, rounds).0
}

/// One generic edit plus one confusion: the only two-edit candidates the
/// channel budget ([`MAX_COST`]) admits besides two confusions (two generic
/// edits cost more than the budget). Generated as the one-edit neighbours of
/// every one-confusion variant, which is far cheaper than a distance-2
/// Levenshtein automaton over the lexicon.
pub fn confusion_then_edit(cx: &Context<'_>, word: &str) -> Vec<String> {
    let (_, variants) = confusions_and_variants(cx, word, 1);
    let mut out = Vec::new();
    for v in variants {
        for w in edits1(cx, &v) {
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// Lexicon words within `rounds` confusions, and every variant string of the
/// last round (words or not).
fn confusions_and_variants(cx: &Context<'_>, word: &str, rounds: usize) -> (Vec<String>, Vec<String>) {
    let lex = &cx.models.lexicon;
    let mut out = Vec::new();
    let mut frontier = vec![word.to_string()];
    for _round in 0..rounds {
        let mut next = Vec::new();
        for w in &frontier {
            let low = w.to_lowercase();
            for &(o, c, _) in CONFUSIONS {
                let cased = o.chars().any(char::is_uppercase);
                let hay = if cased { w.as_str() } else { low.as_str() };
                if hay.len() != w.len() {
                    continue; // lower-casing changed byte lengths: offsets would not line up
                }
                for (p, _) in hay.match_indices(o) {
                    // Equal lengths do not mean equal layouts ('Ⱥ' grows and
                    // another letter may shrink when lower-cased): a cased match
                    // found in `w` must also fall on `low`'s char boundaries.
                    let (Some(before), Some(after)) = (low.get(..p), low.get(p + o.len()..)) else { continue };
                    let mut v = String::with_capacity(w.len() + 2);
                    v.push_str(before);
                    v.push_str(c);
                    v.push_str(after);
                    if lex.contains_key(&v) && !out.contains(&v) {
                        out.push(v.clone());
                    }
                    next.push(v);
                }
            }
        }
        if next.len() > 400 {
            break;
        }
        frontier = next;
    }
    (out, frontier)
}

/// Whether the document is written in Early Modern English spelling, and
/// which of its unknown words that spelling explains.
///
/// The rules are the regular differences between 16th–17th century and
/// modern orthography: final -e ("beene", "himselfe"), -ie for -y, i for j
/// ("iudgement"), u/v interchange ("vpon", "haue"), y for i ("spoyled"),
/// doubled consonants ("comming"), -our for -or, -'d for -ed. A document
/// with at least [`ARCHAIC_MIN_WORDS`] distinct such words is treated as
/// archaic, and in it no word a rule explains is "corrected".
pub struct Archaic {
    explained: HashMap<String, bool>,
    /// Whether the document is archaic.
    pub is_archaic: bool,
}

/// Distinct archaic-rule words that mark a document as archaic. In modern
/// prose (the clean seeds, OverProof's 1842–1954 newspapers) typos that a
/// rule happens to explain are rare; three distinct ones in one document are
/// not chance. ICDAR 2017 monographs show dozens per file.
pub const ARCHAIC_MIN_WORDS: usize = 3;

impl Archaic {
    /// Surveys the document's unknown lower-case words.
    pub fn survey(cx: &Context<'_>) -> Archaic {
        let lex = &cx.models.lexicon;
        let mut explained = HashMap::new();
        let mut evidence = 0;
        for t in cx.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            let w = t.text(cx.text);
            if w.chars().count() < 3 || !examinable(w) || Case::of(w) != Case::Lower || lex.contains(w) {
                continue;
            }
            let key = normalize_key(w);
            if let std::collections::hash_map::Entry::Vacant(slot) = explained.entry(key) {
                let e = archaic_forms(slot.key()).iter().any(|f| lex.contains(f));
                // Only spellings no OCR confusion explains are evidence ("boen" is
                // a misread "been", "beene" is a period spelling).
                if e && confusion_candidates(cx, slot.key()).is_empty() {
                    evidence += 1;
                }
                slot.insert(e);
            }
        }
        let n = evidence;
        Archaic { explained, is_archaic: n >= ARCHAIC_MIN_WORDS }
    }

    /// Whether `word` must be left alone because the document's spelling explains it.
    pub fn protects(&self, word: &str) -> bool {
        if !self.is_archaic {
            return false;
        }
        let key = normalize_key(word);
        match self.explained.get(&key) {
            Some(&e) => e,
            None => false,
        }
    }
}

/// Modern forms of an Early Modern spelling, by one or two rule applications.
fn archaic_forms(key: &str) -> Vec<String> {
    let mut out = one_step(key);
    let first: Vec<String> = out.clone();
    for f in first {
        out.extend(one_step(&f));
    }
    out
}

fn one_step(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = w.strip_suffix('e') {
        out.push(s.to_string());
    }
    // A silent e inside a word ("onely", "townesmen", "arrowes", "countrey").
    for (i, _) in w.match_indices('e').filter(|&(i, _)| i > 0) {
        out.push(format!("{}{}", &w[..i], &w[i + 1..]));
    }
    if w.contains("ee") {
        out.push(w.replacen("ee", "ie", 1));
    }
    if w.contains('w') {
        out.push(w.replacen('w', "u", 1));
    }
    if let Some(s) = w.strip_suffix("ie") {
        out.push(format!("{s}y"));
    }
    if let Some(s) = w.strip_suffix("'d") {
        out.push(format!("{s}ed"));
    }
    if w.contains("our") {
        out.push(w.replacen("our", "or", 1));
    }
    let b = w.as_bytes();
    if !w.is_ascii() {
        return out;
    }
    for i in 0..b.len() {
        let swap = |c: &str| format!("{}{}{}", &w[..i], c, &w[i + 1..]);
        match b[i] {
            b'i' => out.push(swap("j")),
            b'u' => out.push(swap("v")),
            b'v' => out.push(swap("u")),
            b'y' => out.push(swap("i")),
            _ => {}
        }
        if i > 0 && b[i] == b[i - 1] && b[i].is_ascii_alphabetic() {
            out.push(format!("{}{}", &w[..i], &w[i + 1..]));
        }
    }
    out
}

/// Whether word token `i` is a piece of a word hyphenated across a line (or
/// joined by a hyphen at all): such pieces are not words on their own and
/// belong to the hyphenation detector.
pub fn is_fragment(cx: &Context<'_>, i: usize) -> bool {
    let toks = cx.tokens;
    let is_hyphen =
        |j: usize| toks.get(j).is_some_and(|t| t.kind == TokenKind::Punct && is_hyphen_str(t.text(cx.text)));
    if is_hyphen(i + 1) || (i > 0 && is_hyphen(i - 1)) {
        return true;
    }
    // "infor-\n  mation": hyphen, optional spaces, line break, optional spaces.
    let mut j = i;
    let mut saw_newline = false;
    while j > 0 {
        j -= 1;
        match toks[j].kind {
            TokenKind::Space => continue,
            TokenKind::Newline if !saw_newline => saw_newline = true,
            TokenKind::Punct => return saw_newline && is_hyphen_str(toks[j].text(cx.text)),
            _ => return false,
        }
    }
    false
}

/// Whether word token `i` is part of something code-like (`fn_tbe()`,
/// `obj.tbe`, `a/b`, `x=tbe`, `` `tbe` ``): glued without a space to a
/// character prose does not put next to a word. Such tokens are never changed.
pub fn is_code_like(cx: &Context<'_>, i: usize) -> bool {
    let toks = cx.tokens;
    let code = |j: usize| {
        toks.get(j).is_some_and(|t| {
            t.kind == TokenKind::Punct
                && matches!(
                    t.text(cx.text),
                    "_" | "/" | "\\" | "=" | "<" | ">" | "{" | "}" | "`" | "#" | "@" | "|" | "~" | "^"
                )
        })
    };
    let call = toks.get(i + 1).is_some_and(|t| t.text(cx.text) == "(");
    let member = |j: usize, k: usize| {
        toks.get(j).is_some_and(|t| t.text(cx.text) == ".") && toks.get(k).is_some_and(|t| t.kind == TokenKind::Word)
    };
    code(i + 1) || (i > 0 && code(i - 1)) || call || member(i + 1, i + 2) || (i >= 2 && member(i - 1, i - 2))
}

/// log10 probability, under the language model, of the words around token
/// `i` with `word` in its place: P(word | two before) · P(next | …, word) ·
/// P(next-but-one | word, next). Compare candidates for the same slot with
/// it; `None` when the model has no data (then callers use unigram counts).
pub fn lm_window_score(cx: &Context<'_>, i: usize, word: &str) -> Option<f64> {
    let lm = &cx.models.lm;
    if lm.is_empty() {
        return None;
    }
    let key = |j: usize| normalize_key(cx.tokens[j].text(cx.text));
    let p1 = cx.prev_word(i);
    let p2 = p1.and_then(|j| cx.prev_word(j));
    let n1 = cx.next_word(i);
    let n2 = n1.and_then(|j| cx.next_word(j));
    let mut words: Vec<String> = Vec::with_capacity(5);
    words.extend(p2.map(key));
    words.extend(p1.map(key));
    let from = words.len();
    words.push(word.to_string());
    words.extend(n1.map(key));
    words.extend(n2.map(key));
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    Some(lm.score(&refs, from) as f64)
}

fn is_hyphen_str(s: &str) -> bool {
    matches!(s, "-" | "¬" | "\u{2010}" | "\u{00ad}")
}

/// The OCR real-word and mixed-case detector (kind `ocr`).
pub struct Ocr;

impl Detector for Ocr {
    fn name(&self) -> &'static str {
        "ocr"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        let lex = &cx.models.lexicon;
        if lex.is_empty() {
            return;
        }
        let archaic = Archaic::survey(cx);
        let mut cache: HashMap<&str, Option<(String, f64, f64)>> = HashMap::new();
        for (i, t) in cx.tokens.iter().enumerate() {
            let word = t.text(cx.text);
            let candidate = match t.kind {
                TokenKind::Word => {
                    if lex.is_user_word(word) || is_fragment(cx, i) || is_code_like(cx, i) {
                        continue;
                    }
                    match Case::of(word) {
                        Case::Mixed => {
                            if lex.contains(word) || lex.is_name(word) || !mixed_is_garble(word) {
                                continue;
                            }
                        }
                        Case::Upper => continue,
                        Case::Title if !lex.contains(word) => {
                            // "Hke", "Hfe": a capital H is OCR's reading of "li"/"ll"; a
                            // name would be listed or used again.
                            if !word.starts_with('H') || cx.usage(word).total > 1 || lex.is_name(word) {
                                continue;
                            }
                        }
                        Case::Title => {
                            // Mid-sentence capitals are names; "Tho" opening a sentence is "The".
                            if !cx.is_sentence_start(i) || next_is_capital(cx, i) {
                                continue;
                            }
                        }
                        Case::Lower => {
                            if !lex.contains(word) {
                                continue;
                            }
                        }
                    }
                    cache.entry(word).or_insert_with(|| best_confusion(cx, word, archaic.is_archaic)).clone()
                }
                TokenKind::Number if digit_garble(word) => {
                    cache.entry(word).or_insert_with(|| best_confusion(cx, word, archaic.is_archaic)).clone()
                }
                _ => continue,
            };
            let Some((best, cost, unigram_margin)) = candidate else { continue };
            // With a language model the context decides; without one, unigram odds.
            let key = normalize_key(word);
            let margin = match (lm_window_score(cx, i, &best), lm_window_score(cx, i, &key)) {
                (Some(c), Some(w)) if lex.contains(word) => c - w - cost,
                _ => unigram_margin,
            };
            // Period spelling makes every unigram and n-gram estimate shakier.
            let needed = if archaic.is_archaic { REAL_WORD_MARGIN + ARCHAIC_EXTRA_MARGIN } else { REAL_WORD_MARGIN };
            if margin < needed && lex.contains(word) {
                continue;
            }
            let confidence = if lex.contains(word) {
                let odds = 10f64.powf(margin - REAL_WORD_PIVOT);
                (odds / (1.0 + odds)) as f32
            } else {
                0.9
            };
            // A clean document has few misreadings: there a real word is
            // what it says ("docs" is docs) and a capital H may start a name
            // ("Hoare"). Mixed-case garble ("fUes") and letter-shaped digits
            // are their own evidence and keep theirs.
            let case = Case::of(word);
            let own_evidence = t.kind == TokenKind::Number || case == Case::Mixed;
            let confidence = if own_evidence { confidence } else { cx.error_adjusted(confidence) };
            let replacement = match case {
                Case::Mixed if word.starts_with(char::is_uppercase) && !word.starts_with(['H', 'U', 'I']) => {
                    Case::Title.apply(&best)
                }
                Case::Title if !word.starts_with(['H', 'U', 'I']) => Case::Title.apply(&best),
                Case::Title if cx.is_sentence_start(i) => Case::Title.apply(&best),
                _ => best.clone(),
            };
            let why = format!("OCR confusion '{word}'→'{best}' (channel cost {cost:.1}, margin {margin:.1})");
            out.push(Fix::new(t.span(), replacement, Kind::Ocr, confidence, why));
        }
    }
}

/// A mixed-case token whose interior capitals are the shapes OCR reads for
/// lower-case letter groups ("shaU", "wiU", "MilHsant"), not a camel-case name.
fn mixed_is_garble(word: &str) -> bool {
    let mut prev_lower = false;
    let mut any = false;
    for c in word.chars() {
        if c.is_uppercase() && prev_lower {
            if !is_case_confusable(c) {
                return false;
            }
            any = true;
        }
        prev_lower = c.is_lowercase();
    }
    any
}

/// A number-like token that is really a word with letter-shaped digits:
/// mostly letters, digits only 0/1/5/8, no ordinal suffix ("10th").
fn digit_garble(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let digits = word.chars().filter(char::is_ascii_digit).count();
    let lower = word.to_lowercase();
    // A trailing digit marks a model number or date ("Jan5", "mp3"), not a misread letter.
    letters >= 2
        && word.chars().last().is_some_and(char::is_alphabetic)
        && letters >= 2 * digits
        && word.chars().all(|c| c.is_alphabetic() || matches!(c, '0' | '1' | '5' | '8'))
        && !["st", "nd", "rd", "th", "s"]
            .iter()
            .any(|s| lower.ends_with(s) && lower[..lower.len() - s.len()].chars().all(|c| c.is_ascii_digit()))
}

/// Same length, and every differing letter is a vowel on both sides.
fn vowel_alternation(a: &str, b: &str) -> bool {
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    a.chars().count() == b.chars().count() && a.chars().zip(b.chars()).all(|(x, y)| x == y || (vowel(x) && vowel(y)))
}

fn next_is_capital(cx: &Context<'_>, i: usize) -> bool {
    cx.next_word(i).is_some_and(|j| cx.tokens[j].text(cx.text).chars().next().is_some_and(char::is_uppercase))
}

/// The best confusion candidate for `word`: (candidate, channel cost, margin
/// in log10 over the word as printed).
fn best_confusion(cx: &Context<'_>, word: &str, archaic: bool) -> Option<(String, f64, f64)> {
    let lex = &cx.models.lexicon;
    if !examinable(word) {
        return None;
    }
    let known = lex.contains(word);
    let p_word = if known { (lex.prob(word)).max(1e-9).log10() } else { -9.0 };
    let mut best: Option<(String, f64, f64)> = None;
    // Roman numerals ("ii", "xiv") are words of their own alphabet.
    if known && word.len() <= 4 && word.chars().all(|c| matches!(c.to_ascii_lowercase(), 'i' | 'v' | 'x' | 'l' | 'c')) {
        return None;
    }
    // A known word may only be one cheap confusion away (REAL_WORD_MAX_COST).
    // The lexicon's rarest band ("thoro": 16 per billion) is mostly variant and
    // garble that the web repeats; such a word may be two confusions from the truth.
    let rare = known && lex.prob(word) < RARE_KNOWN_PROB;
    let rounds = if known && !rare { 1 } else { 2 };
    let max_real = if rare { SHORT_MAX_COST } else { REAL_WORD_MAX_COST };
    for c in confusions_within(cx, word, rounds) {
        // A single letter is a word only as "a" or "I".
        if c.chars().count() == 1 && c != "a" && c != "i" {
            continue;
        }
        // Vowel alternations are how spelling changed over time ("shew",
        // "spake"): in a period text they are not misreadings of real words.
        if archaic && known && vowel_alternation(&word.to_lowercase(), &c) {
            continue;
        }
        let (cost, used) = channel_cost(word, &c);
        if !used || (known && cost > max_real) || cost > MAX_COST {
            continue;
        }
        let margin = lex.prob(&c).max(1e-12).log10() - cost - p_word;
        if best.as_ref().map_or(true, |b| margin > b.2) {
            best = Some((c, cost, margin));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_prefers_shape_confusions() {
        let (c, used) = channel_cost("rnodern", "modern");
        assert!(used && c < 1.0, "{c}");
        let (c, used) = channel_cost("shaU", "shall");
        assert!(used && c < 1.0, "{c}");
        let (c, _) = channel_cost("beene", "been");
        assert!((c - GENERIC_COST).abs() < 1e-9, "{c}");
        assert_eq!(channel_cost("same", "same").0, 0.0);
    }

    #[test]
    fn archaic_forms_cover_the_rules() {
        let f = archaic_forms("himselfe");
        assert!(f.contains(&"himself".to_string()));
        assert!(archaic_forms("iudgement").contains(&"judgement".to_string()));
        assert!(archaic_forms("vpon").contains(&"upon".to_string()));
        assert!(archaic_forms("controversie").contains(&"controversy".to_string()));
    }

    #[test]
    fn garble_shapes() {
        assert!(mixed_is_garble("shaU"));
        assert!(!mixed_is_garble("McDonald"));
        assert!(!mixed_is_garble("iPhone"));
        assert!(digit_garble("c1ear"));
        assert!(!digit_garble("10th"));
        assert!(!digit_garble("G7"));
        assert!(!digit_garble("Jan5"));
    }
}
