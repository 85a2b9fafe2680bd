//! Synonym spin: an article spinner replaced words and phrases by thesaurus
//! synonyms ("White House" → "White Home", "because" → "as a result of",
//! "said" → "mentioned"). We undo it with a noisy channel:
//!
//! * **candidates**: every span of 1–4 words inside a sentence chunk is looked
//!   up in the reverse thesaurus (as is, and lemmatised on its head word, the
//!   originals re-inflected to match) and in the curated paraphrase table;
//! * **score**: for each candidate original `c` of an observed span `w`,
//!   `L(c) = [LM(window with c) − LM(window with w)] − λ·log10 |S(c)| + r(c, w)`,
//!   where the LM window is the trigram model over two words on each side,
//!   `|S(c)|` is how many synonyms `c` has (the spinner picked one of them)
//!   and `r` weighs how close WordNet puts them ([`Relation::log10_weight`]);
//! * **document prior**: the spin rate ρ (share of content words spun) is
//!   re-estimated EM-style from the posteriors themselves, starting low and
//!   floored, so clean prose keeps ρ at the floor and fluent swaps stay put,
//!   while a spun document raises ρ and lets weaker evidence through;
//! * **posterior**: `P(c) = O·10^L(c) / (1 + Σ O·10^L(c'))` with prior odds
//!   `O = ρ/(1−ρ)`; that is the fix's confidence, capped for fluent swaps
//!   (no broken collocation) unless the document is clearly spun;
//! * **two passes**: the strict pass scores only spans that break a
//!   collocation and estimates ρ; a document with ρ ≥ [`RHO_SPUN`], more
//!   confident breaks than clean prose of its length shows ([`SPUN_ALPHA`])
//!   and text the LM can read ([`oov_share`]) is *spun*, and only then the loose pass
//!   scores every span, pools a repeated form's evidence
//!   ([`pool_repeats`]) and applies the spinner's table as the document
//!   reveals it ([`apply_table`]).
//!
//! Document scores: `spin_rate` = the strict pass's ρ (expected share of
//! content words that were spun; [`RHO_FLOOR`] means "no evidence of
//! spinning"; the gate reads it), `spun` = 1 or 0, and `spin_rate_soft` = the
//! prior the posteriors used (the soft-EM estimate in a spun document).

mod numbers;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::{tortured, Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::lm::{Memo, NgramHashBuild};
use crate::normalize::{normalize_key, recase, Case};
use crate::thesaurus::{Infl, Original};
use crate::token::TokenKind;

/// Hash maps keyed by document text or positions (see [`NgramHashBuild`]).
type FastMap<K, V> = HashMap<K, V, NgramHashBuild>;

/// Floor of the spin rate: clean text still contains the odd wording a
/// spinner could have produced. From the five-seed experiment in
/// `spin-findings.md` (clean seeds sit at the floor, the spun one at ~0.04).
pub const RHO_FLOOR: f64 = 0.005;
/// Spin rate the EM starts from (between the floor and spun documents' rates).
const RHO_START: f64 = 0.01;
/// EM rounds; ρ moves little after three on the seeds and simulator.
const EM_ROUNDS: usize = 4;
/// ρ at which a document counts as clearly spun, so restorations may reach
/// the apply threshold. Measured with the spinner simulator
/// (examples/spin_eval.rs) on the four clean seeds, two licence texts and 20
/// OverProof newspaper articles: clean ρ ≤ 0.019 (19th-century prose is the
/// highest), spun at 20 % ρ 0.005–0.08; the real spun seed sits at 0.055.
const RHO_SPUN: f64 = 0.025;
/// Spin rate of clean prose that the "spun" verdict is tested against (twice
/// the floor: modern news sits at the floor, old newspapers reach 0.019).
const RHO_CLEAN: f64 = 0.01;
/// A document is spun only if clean prose of its length would show as many
/// confident broken collocations with at most this chance (binomial tail at
/// [`RHO_CLEAN`]). Without it a short text is judged on one or two unseen
/// bigrams: 100 synthetic clean abstracts of 110 words (tools/tortured_eval.py)
/// all reached ρ ≥ 0.03 with two each and had 314 rewrites applied.
const SPUN_ALPHA: f64 = 0.01;
/// Largest share of unknown lower-case words (see [`oov_share`]) at which the
/// LM's verdict of "spun" is trusted.
const MAX_OOV_SHARE: f64 = 0.04;
/// Highest spin rate used as a prior: even heavily spun articles keep most
/// content words (seed 002, the densest real example, has about a third spun).
const RHO_MAX: f64 = 0.3;
/// Posterior above which a position counts as spun when re-estimating ρ.
const CONFIDENT_POSTERIOR: f64 = 0.5;
/// How many more stored crossing n-grams a candidate needs than an observed
/// span that has some, to call the observed one a broken collocation. One
/// unseen bigram alone is common in clean prose with a rarer word
/// ("we'll perhaps"); two is what the seeds' real breaks show ("white home").
const BROKEN_MARGIN: usize = 2;
/// Weight λ of the channel cost log10 |S(c)|.
const CHANNEL_WEIGHT: f64 = 1.0;
/// Longest span looked up, in words (thesaurus phrases rarely exceed four).
const MAX_SPAN: usize = 4;
/// Candidates scored per span, in the thesaurus's prior × channel order.
const MAX_CANDIDATES: usize = 25;
/// A span joined to its context by more stored n-grams than this is fluent
/// enough that no candidate is scored (throughput: the LM scoring is the cost).
const PREFILTER_SEEN: usize = 1;
/// At a chunk edge (one junction only) the first this many candidates, in
/// prior order, are scored even without a stored junction bigram.
const ONE_SIDED_CANDIDATES: usize = 10;
/// Single words are scored only when neither junction bigram is stored.
/// Simulator run (see [`RHO_SPUN`]): scoring words with one seen junction
/// too gave 12–16 applied rows on clean text (old newspapers, licences) and
/// 2.5× the run time; strict gives 0 applied rows at a third of the recall.
const STRICT_JUNCTIONS: bool = true;
/// Per-word candidates combined for a two-word compositional rewrite.
const COMPOSE_EACH: usize = 10;
/// Single words more frequent than this (per billion: "the", "of", "and", …)
/// are function words; spinners leave them alone except inside the curated phrases.
const FUNCTION_WORD_COUNT: u64 = 2_000_000;
/// A capitalised word inside a sentence is a name unless its lower-case form
/// is a common word (per billion) and it sits in a capitalised sequence.
const ENTITY_COMMON_COUNT: u64 = 5_000;
/// Confidence cap for any restoration in a document that is not clearly spun
/// (ρ < [`RHO_SPUN`]): it can be proposed, never applied (default threshold 0.8).
const FLUENT_CAP: f32 = 0.6;
/// Confidence cap for a capitalised entity neither form of which the LM knows
/// ("Fact Social"): the thesaurus can suggest, only a reviewer can decide.
const UNKNOWN_ENTITY_CAP: f32 = 0.3;
/// Proposals below this confidence are not reported (they would drown the review).
const PROPOSE_MIN: f32 = 0.1;
/// In a spun document, a span whose probability of being spun at all (any
/// candidate: 1 − 1/Z) reaches this is listed for review even when no single
/// original is likely: the reviewer learns *where* the spinner worked, which
/// the model knows better than *what* was there. Lowering it from 0.1 to
/// 0.05 found 7 more of seed 002's 111 easy spins for 19 more rows (the
/// issue asks for 95 % detected) and, on the simulator's spun texts
/// (examples/spin_eval.rs, 20 %), 1 % more spun words for 8 % more rows; at
/// 0.02 seed 002 gained 4 more for 36 more rows, too few to be worth a review.
const DETECT_MIN: f64 = 0.05;
/// Uses a fluent swap must be pooled over before it may be applied: the
/// spinner's table then shows in the document itself (a form whose
/// contexts all prefer the same original), not in one trigram window.
const POOL_APPLY_USES: usize = 3;
/// log10 cost per use of a candidate original that the spun article still
/// contains as is (up to [`UNSPUN_USES_MAX`] uses): spinners replace through
/// their table, so in seed 002 'said', 'war', 'because' and 'were' occur
/// zero times. One order of magnitude per use: a spinner that replaced
/// nine uses in ten.
const UNSPUN_PENALTY: f64 = 1.0;
/// Uses counted by [`UNSPUN_PENALTY`].
const UNSPUN_USES_MAX: usize = 2;
/// log10 margin by which a repeated form's pooled best original must beat
/// the runner-up to count as pooled (a factor of ten).
const POOL_MARGIN: f64 = 1.0;
/// Share of a repeated form's uses (numerator, denominator) whose best
/// reading must be the form's pooled best: a table maps one original to one
/// form, so the uses should agree (4 in 5 allows one odd context).
const POOL_AGREE: (usize, usize) = (4, 5);
/// Confidence at which a broken-collocation restoration reveals an entry of
/// the spinner's table (see [`apply_table`]).
const TABLE_CONFIRM: f32 = 0.9;
/// LM gain (log10) the revealing restoration needs: a trigram model of pre-2014 text
/// misses many modern bigrams ("troops having"), so one unseen bigram with a
/// gain of a few hundred is common in clean news; "White Home" gains 10^4.8.
const TABLE_CONFIRM_DELTA: f64 = 4.0;
/// Share of an original's uses a spinner replaces through its table entry:
/// the same nine in ten as [`UNSPUN_PENALTY`].
const TABLE_PRIOR: f64 = 0.9;
/// Unigram log10 probability below which a context word's unseen bigrams
/// say nothing (see [`seen`]): about one word in 100,000 ('russian' −4.5
/// passes, 'ukrainian' −5.6 and 'kremlin' −5.8 do not).
const RARE_CONTEXT_LOGPROB: f32 = -5.0;
/// Most the other uses of a form may add to one use's evidence (log10). The
/// uses share the LM's blind spots (it prefers "this office" to "this
/// license" every time), so their gains are not independent: in the
/// simulator, unbounded pooling turned a licence's repeated "License" into
/// "Office" throughout.
const POOL_OTHERS_MAX: f64 = 2.0;
/// Largest LM gain or loss (log10) one occurrence adds to a pooled form.
const POOL_CLIP: f64 = 3.0;
/// Alternatives listed for an unknown entity ("Fact Social"): neither form is
/// a collocation the LM knows, so its ranking says little and the reviewer,
/// who decides such names, gets a longer list.
const SHOW_ENTITY: usize = 10;
/// Words that may separate two spans for one to count as the other's
/// neighbour in [`neighbour_factors`]. Seed 002 (dev): adjacent spans only
/// (0) removed two hybrid restorations for one right fix lost; spans within
/// the trigram window (2) removed the same two for five right fixes lost
/// ("proceed the conflict": separate rewrites, each right on its own).
const NEIGHBOUR_GAP: usize = 0;
/// Least P(spun) at which a neighbour counts in [`neighbour_factors`]: a
/// neighbour more likely spun than not. Weaker ones are mostly the LM's
/// noise around a sure fix ("World" → "Global" beside "Conflict" → "War").
const NEIGHBOUR_SPUN: f64 = 0.5;
/// log10 gain for a candidate that completes a technical term (a tortured
/// phrase list's expected phrase, [`tortured::terms`]) where the observed
/// words complete none: the general LM lacks most such collocations ("hidden
/// layer", "heat transfer"), so the term stands in for a stored n-gram.
const TERM_GAIN: f64 = 3.0;
/// Curated originals that are conjunctions: never restored before a comma
/// (see `score_span`), where the spun form is a parenthetical adverb.
const CONJUNCTIONS: &[&str] = &["but", "because", "if", "while", "where", "before", "so that", "why"];
/// Unscored thesaurus originals listed in the evidence (see the report loop).
const UNSCORED_SHOWN: usize = 3;
/// Least lexicon frequency (per billion words) of an unscored original worth
/// showing: the regular inflector also yields non-words the word list holds
/// as rare noise ("thoughted", 1 per billion; "setted", 17).
const UNSCORED_MIN_COUNT: u64 = 100;
/// Alternatives listed in the evidence.
const SHOW: usize = 5;

/// The synonym-spin detector (kind `spin`).
pub struct Spin;

impl Detector for Spin {
    fn name(&self) -> &'static str {
        "spin"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        let m = cx.models;
        if m.thesaurus.is_empty() || m.lm.is_empty() || m.lexicon.is_empty() {
            return;
        }
        let lm = Memo::new(&m.lm);
        let chunks = chunks(cx, &lm);
        let mut spans: Vec<Scored> = Vec::new();
        // Content words, the denominator of every rate below (at least 1).
        let content = chunks
            .iter()
            .map(|ch| ch.counts.iter().filter(|&&c| c <= FUNCTION_WORD_COUNT).count())
            .sum::<usize>()
            .max(1);
        let scan = |pass: Pass, spans: &mut Vec<Scored>| {
            for (ci, ch) in chunks.iter().enumerate() {
                for p in 0..ch.words.len() {
                    for n in 1..=MAX_SPAN.min(ch.words.len() - p) {
                        if let Some(s) = score_span(cx, &lm, &chunks, ci, p, n, pass) {
                            spans.push(s);
                        }
                    }
                }
            }
        };
        scan(Pass::Strict, &mut spans);
        let (rho, confident) = estimate_rho(&spans, content);
        out.scores.insert("spin_rate", rho);
        // Spun only if the LM can read the text: in OCR noise or archaic
        // spelling, broken collocations mean garble or an older idiom.
        let spun = rho >= RHO_SPUN
            && binomial_tail(confident, content, RHO_CLEAN) < SPUN_ALPHA
            && oov_share(cx, &lm) <= MAX_OOV_SHARE;
        out.scores.insert("spun", if spun { 1.0 } else { 0.0 });
        if spun {
            // A clearly spun document: fluent swaps become likely, so every
            // content span is scored, not only those with a broken junction.
            spans.clear();
            scan(Pass::Loose, &mut spans);
            discount_spun_uses(cx, &mut spans, rho / (1.0 - rho));
            pool_repeats(&mut spans);
            // Pooling may have re-ranked: the new best needs its collocation fields.
            spans.iter_mut().for_each(|s| s.settle(&lm, &chunks));
        }
        // The strict pass counts only confident broken collocations, a lower
        // bound; with every span scored, the expected share of spun words is
        // the better prior for the posteriors (the exported score stays the
        // strict one, which the gate is calibrated on).
        let prior = if spun { soft_rho(&spans, content, rho) } else { rho };
        out.scores.insert("spin_rate_soft", prior);
        let odds = prior / (1.0 - prior);
        // Each span's posterior normaliser 1 + Σ weights (the 1: not spun).
        let zs: Vec<f64> = spans.iter().map(|s| 1.0 + s.cands.iter().map(|c| c.weight(odds)).sum::<f64>()).collect();
        // Each span's reading: (index of the chosen candidate, confidence).
        let mut reading: Vec<(usize, f32)> = spans
            .iter()
            .zip(&zs)
            .map(|(s, &z)| {
                let best = &s.cands[0];
                let mut conf = (best.weight(odds) / z) as f32;
                if s.unknown_entity {
                    conf = conf.clamp(PROPOSE_MIN, UNKNOWN_ENTITY_CAP);
                } else if (!best.broken && !best.curated || s.edge) && best.pooled < POOL_APPLY_USES {
                    // A fluent swap breaks no collocation: the trigram window picks the
                    // right original for too few of them (spin-findings.md) to apply it.
                    conf = conf.min(FLUENT_CAP);
                } else if !spun {
                    // Not clearly spun: an isolated restoration is more likely an
                    // LM blind spot than spin, so it is only proposed for review.
                    conf = conf.min(FLUENT_CAP);
                }
                (0, conf)
            })
            .collect();
        let table = if spun { apply_table(&spans, &mut reading) } else { FastMap::default() };
        // Overlapping spans ("lastly" and "lastly come") are rival readings of
        // the same words: keep the one with the larger posterior weight, which
        // charges a two-word rewrite the prior twice (the confidences of both
        // may round to 1 and would leave the choice to span length).
        let mut order: Vec<usize> = (0..spans.len())
            .filter(|&i| reading[i].1 >= PROPOSE_MIN || spun && 1.0 - 1.0 / zs[i] >= DETECT_MIN)
            .collect();
        let key = |i: usize| spans[i].cands[reading[i].0].weight(odds);
        order.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
        // Kept spans by start; they never overlap, so the neighbours on each
        // side decide (O(n log n), as in `resolve`).
        let mut kept: std::collections::BTreeMap<usize, usize> = Default::default();
        let mut keep = vec![false; spans.len()];
        for i in order {
            let (a, b) = (spans[i].start_for(reading[i].0), spans[i].end);
            let before = kept.range(..b).next_back().is_some_and(|(_, &y)| y > a);
            if !before {
                kept.insert(a, b);
                keep[i] = true;
            }
        }
        // Neighbour doubt first: a span explained away still leaves its
        // neighbour's reading unsure (simulator: lifting those factors applied
        // 11 more restorations, 6 of them wrong).
        let neighbours = neighbour_factors(&spans, &keep, &reading, &zs);
        explain_away(&lm, &chunks, &spans, &mut keep, &reading);
        let confirmed = names_confirmed(&lm, &spans, &keep, &reading);
        for (i, s) in spans.iter().enumerate().filter(|&(i, _)| keep[i] && !confirmed[i]) {
            let ((k, conf), z) = (reading[i], zs[i]);
            let conf = conf * neighbours[i];
            let best = &s.cands[k];
            let alts: Vec<String> = s
                .cands
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != k)
                .take(if s.unknown_entity { SHOW_ENTITY } else { SHOW })
                .map(|(_, c)| format!("'{}' {:.2}", c.text, c.weight(odds) / z))
                .collect();
            let mut evidence = format!(
                "LM {:+.1} log10 vs '{}'; {}; thesaurus: '{}' lists '{}'{} ({} synonyms){}; spin rate {:.3}",
                best.delta,
                s.observed,
                s.colloc(&lm, &chunks, k),
                best.lemma_orig,
                best.lemma_form,
                best.infl,
                best.size,
                if best.curated { ", curated paraphrase" } else { "" },
                rho
            );
            if neighbours[i] < 0.995 {
                evidence += &format!(
                    "; an adjacent span is likely spun, its original unsure: confidence ×{:.2}",
                    neighbours[i]
                );
            }
            if s.unknown_entity {
                evidence += "; a name the LM does not know: candidates in the thesaurus's order";
            }
            if best.pooled > 1 {
                evidence += &format!("; LM gain pooled over {} uses of '{}'", best.pooled, s.form);
            }
            if let Some(&(si, ci)) =
                table.get(&(s.form.as_str(), &*best.text)).filter(|_| k > 0 || !s.collocation_of(&lm, &chunks, k).0)
            {
                let shown = if reveals_by_collocation(&spans[si], &spans[si].cands[ci]) {
                    format!("at '{}'", spans[si].colloc(&lm, &chunks, ci))
                } else {
                    format!("by {} agreeing uses", spans[si].cands[ci].pooled)
                };
                evidence += &format!("; spinner table '{}' → '{}' shown {shown}", best.text, s.form);
            }
            if !alts.is_empty() {
                evidence += &format!("; alts: {}", alts.join(", "));
            }
            // The thesaurus's likeliest originals that the LM could not score
            // here (no stored n-gram joins them to the context): a reviewer
            // may still know them for the right one ("bloodbath" → "massacre").
            let words: Vec<String> = s.form.split(' ').map(String::from).collect();
            let unscored: Vec<String> = cached_candidates(cx, &lm, &s.form, &words)
                .iter()
                .filter(|c| !c.curated && !s.cands.iter().any(|x| x.text == c.text))
                .filter(|c| c.text.split(' ').all(|w| m.lexicon.count(w).is_some_and(|n| n >= UNSCORED_MIN_COUNT)))
                .take(UNSCORED_SHOWN)
                .map(|c| format!("'{}'", c.text))
                .collect();
            if !unscored.is_empty() {
                evidence += &format!("; thesaurus also: {}", unscored.join(", "));
            }
            if let Some(a) = best.article {
                evidence += &format!("; article → '{a}'");
            }
            out.push(Fix::new(s.start_for(k)..s.end, s.replacement(cx.text, k), Kind::Spin, conf, evidence));
        }
        if spun {
            numbers::detect(cx, rho, out);
        }
    }
}

/// Per span, the chance that the words around it read as the original once
/// the kept readings of its neighbours are applied: the product over the
/// other kept spans that touch it ([`NEIGHBOUR_GAP`]) and are more likely
/// spun than not ([`NEIGHBOUR_SPUN`]) of
/// `1 − P(neighbour spun) + P(neighbour's reading)`, at most 1. Spinners
/// rewrite phrases as well as words; restoring one half of a rewritten
/// phrase while its other half, likely spun but of unsure origin, stays
/// leaves a hybrid that is neither the original nor the spun text
/// ("extraordinarily difficult" for "extremely difficult"), so a fix's
/// confidence drops with its neighbour's doubt. Spans that are not kept get
/// factor 1 (never used).
fn neighbour_factors(spans: &[Scored], keep: &[bool], reading: &[(usize, f32)], zs: &[f64]) -> Vec<f32> {
    let mut by_chunk: FastMap<usize, Vec<usize>> = FastMap::default();
    for i in (0..spans.len()).filter(|&i| keep[i]) {
        by_chunk.entry(spans[i].chunk).or_default().push(i);
    }
    let mut out = vec![1f32; spans.len()];
    for list in by_chunk.values_mut() {
        list.sort_by_key(|&i| spans[i].p);
        let words = |i: usize| spans[i].words();
        for (x, &i) in list.iter().enumerate() {
            let (a, b) = (spans[i].p, spans[i].p + words(i));
            // Kept spans never overlap, so the window's neighbours are the
            // nearest entries of the sorted list on each side.
            let left = list[..x].iter().rev().take_while(|&&j| spans[j].p + words(j) + NEIGHBOUR_GAP >= a);
            let right = list[x + 1..].iter().take_while(|&&j| spans[j].p <= b + NEIGHBOUR_GAP);
            for &j in left.chain(right) {
                let spun = 1.0 - 1.0 / zs[j];
                if spun >= NEIGHBOUR_SPUN {
                    out[i] *= (1.0 - spun + f64::from(reading[j].1)).min(1.0) as f32;
                }
            }
        }
    }
    out
}

/// Drops a kept span whose only anomaly is the junction with a kept
/// neighbour that the neighbour's own reading repairs. Two adjacent words
/// share the junction bigram between them; when it is unseen, either may be
/// the spun one, and both get a row. If restoring one ("concealed" →
/// "hidden") makes the junction with the other as written a stored n-gram
/// or a technical term ("hidden node"), and the other joins its far side
/// through a stored bigram, the other's evidence is explained away: its row
/// ("node" → "client") would only rewrite a word the spinner left alone.
/// Only the less confident of the two readings can go, and never a sure one
/// ([`TABLE_CONFIRM`]): two sure restorations side by side are a rewritten
/// phrase ("all the things doable" → "everything possible").
fn explain_away(lm: &Memo<'_>, chunks: &[Chunk], spans: &[Scored], keep: &mut [bool], reading: &[(usize, f32)]) {
    let words = |i: usize| spans[i].words();
    // Kept spans by (chunk, first word): the right neighbour of span i starts where i ends.
    let by_start: FastMap<(usize, usize), usize> =
        (0..spans.len()).filter(|&i| keep[i]).map(|i| ((spans[i].chunk, spans[i].p), i)).collect();
    let terms = tortured::terms();
    let stored = |x: &str, y: &str| lm.contains(&[x, y]) || terms.contains(&[x, y]);
    // In text order (spans are scored chunk by chunk, left to right), and a
    // dropped reading explains nothing further along.
    for i in 0..spans.len() {
        if !keep[i] {
            continue;
        }
        let (ch, a, b) = (&chunks[spans[i].chunk], spans[i].p, spans[i].p + words(i));
        let Some(&j) = by_start.get(&(spans[i].chunk, b)).filter(|&&j| keep[j]) else { continue };
        if spans[i].unknown_entity || spans[j].unknown_entity || ch.joins[b] != Some(false) {
            continue;
        }
        let c = b + words(j);
        let (ri, rj) = (&spans[i].cands[reading[i].0].text, &spans[j].cands[reading[j].0].text);
        let (i_last, j_first) = (ch.words[b - 1].as_str(), ch.words[b].as_str());
        // j is explained by i: i's reading joins j as written, and j's far side is fine.
        let j_by_i = stored(ri.rsplit(' ').next().unwrap_or_default(), j_first) && ch.joins[c] != Some(false);
        let i_by_j = stored(i_last, rj.split(' ').next().unwrap_or_default()) && ch.joins[a] != Some(false);
        // Only a less confident reading is explained away, and never a sure one.
        let weaker = |x: usize, y: usize| reading[x].1 < reading[y].1 && reading[x].1 < TABLE_CONFIRM;
        if j_by_i && weaker(j, i) {
            keep[j] = false;
        } else if i_by_j && weaker(i, j) {
            keep[i] = false;
        }
    }
}

/// Per span, whether it is an unknown-entity word that a sure restoration
/// beside it confirms as written: "World Conflict Two" restored to "World War
/// Two" reads "world war" and "war two", collocations the LM stores, so
/// "World" and "Two" are the name's own words and listing candidates for
/// them ("People", "II") only adds rows to the review. Sure: a kept reading
/// at [`TABLE_CONFIRM`] or above, in the same chunk, touching the span.
fn names_confirmed(lm: &Memo<'_>, spans: &[Scored], keep: &[bool], reading: &[(usize, f32)]) -> Vec<bool> {
    // Sure kept readings by (chunk, first word) and (chunk, word after the last).
    let mut starts: FastMap<(usize, usize), usize> = FastMap::default();
    let mut ends: FastMap<(usize, usize), usize> = FastMap::default();
    for i in (0..spans.len()).filter(|&i| keep[i] && reading[i].1 >= TABLE_CONFIRM && !spans[i].unknown_entity) {
        let s = &spans[i];
        starts.insert((s.chunk, s.p), i);
        ends.insert((s.chunk, s.p + s.words()), i);
    }
    let text = |j: usize| &*spans[j].cands[reading[j].0].text;
    spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if !keep[i] || !s.unknown_entity || s.form.contains(' ') {
                return false;
            }
            let right = starts.get(&(s.chunk, s.p + 1)).and_then(|&j| text(j).split(' ').next());
            let left = ends.get(&(s.chunk, s.p)).and_then(|&j| text(j).rsplit(' ').next());
            right.is_some_and(|r| lm.contains(&[s.form.as_str(), r]))
                || left.is_some_and(|l| lm.contains(&[l, s.form.as_str()]))
        })
        .collect()
}

/// The spinner's table, read off the document: a form restored with high
/// confidence through a broken collocation ("White Home" → "House"), or
/// through the pooled evidence of at least [`POOL_APPLY_USES`] agreeing uses
/// ("mentioned" → "said"), shows an entry original → form, and a table is
/// applied wherever the original occurs, so every other use of the form gets
/// that original with prior [`TABLE_PRIOR`], weighed by its own context:
/// P = q·10^δ / (q·10^δ + 1 − q), δ the LM gain there. Pooling credits only
/// uses whose context favours the original beyond its base rate, so in seed
/// 002 three of 12 uses of "mentioned" ("Putin had mentioned the idea") were
/// left out; read through the table they are restored, and on the spinner
/// simulator (20 %, seeds 1–3) the rule added 7 applied restorations, all
/// right. Updates `reading` and returns the entries found, (form, original)
/// → the (span, candidate) that showed it.
type Table<'s> = FastMap<(&'s str, &'s str), (usize, usize)>;

/// Whether candidate `c` of span `s`, read with confidence, reveals a table
/// entry through a decisive broken collocation (else only pooling can).
fn reveals_by_collocation(s: &Scored, c: &Cand) -> bool {
    c.broken && c.delta >= TABLE_CONFIRM_DELTA && !s.edge
}

fn apply_table<'s>(spans: &'s [Scored], reading: &mut [(usize, f32)]) -> Table<'s> {
    let mut table: Table<'s> = FastMap::default();
    for (i, (s, &(k, conf))) in spans.iter().zip(reading.iter()).enumerate() {
        let c = &s.cands[k];
        if conf >= TABLE_CONFIRM && (reveals_by_collocation(s, c) || c.pooled >= POOL_APPLY_USES) && !s.unknown_entity {
            table.entry((s.form.as_str(), &*c.text)).or_insert((i, k));
        }
    }
    let q = TABLE_PRIOR;
    for (s, r) in spans.iter().zip(reading.iter_mut()) {
        if s.unknown_entity {
            continue;
        }
        for (i, c) in s.cands.iter().enumerate() {
            if !table.contains_key(&(s.form.as_str(), &*c.text)) {
                continue;
            }
            let lr = q * 10f64.powf(c.delta.min(POOL_CLIP));
            let p = (lr / (lr + 1.0 - q)) as f32;
            if p > r.1 || i == r.0 {
                *r = (i, p.max(if i == r.0 { r.1 } else { 0.0 }));
            }
            break;
        }
    }
    table
}

/// Share of lower-case words (names excluded) the LM has never seen. Article
/// spinners write dictionary words: the five seeds, spun or not, stay at or
/// below 3 %; OCR output and 17th-century spelling ("musicke", "glasse") run
/// at 4–14 % in the OverProof and ICDAR dev sets.
fn oov_share(cx: &Context<'_>, lm: &Memo<'_>) -> f64 {
    let (mut lower, mut unknown) = (0usize, 0usize);
    for t in cx.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
        let w = t.text(cx.text);
        if !w.chars().all(|c| c.is_lowercase() || c == '\'' || c == '’') {
            continue;
        }
        lower += 1;
        unknown += usize::from(!lm.knows(&normalize_key(w)));
    }
    unknown as f64 / lower.max(1) as f64
}

/// A run of words separated only by horizontal space: the unit an n-gram
/// may span. Punctuation and line breaks end it.
struct Chunk {
    /// Token indices of the words.
    toks: Vec<usize>,
    /// Lower-case keys of the words.
    words: Vec<String>,
    /// Per word: its capitalisation, whether the user declared it (never
    /// touched), and its lexicon frequency (0 if unknown); looked up once
    /// here, not once per span that contains the word.
    cases: Vec<Case>,
    user: Vec<bool>,
    counts: Vec<u64>,
    /// Whether the LM knows each word.
    known: Vec<bool>,
    /// `joins[k]`: whether the LM stores the bigram ending at word `k`
    /// (`<s>` before the first word of a sentence-starting chunk) and, at
    /// `k = len`, the one into `</s>`; `None` where there is no neighbour.
    /// Every span's junctions are read here instead of being looked up anew.
    joins: Vec<Option<bool>>,
    /// Whether the chunk starts a sentence (the LM's `<s>` may precede it).
    starts: bool,
    /// Whether a sentence ends right after it (`</s>` may follow).
    ends: bool,
}

fn chunks(cx: &Context<'_>, lm: &Memo<'_>) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let flush = |cur: &mut Vec<usize>, out: &mut Vec<Chunk>, ends: bool| {
        if cur.is_empty() {
            return;
        }
        let toks = std::mem::take(cur);
        let words: Vec<String> = toks.iter().map(|&i| normalize_key(cx.tokens[i].text(cx.text))).collect();
        let lex = &cx.models.lexicon;
        let cases = toks.iter().map(|&i| Case::of(cx.tokens[i].text(cx.text))).collect();
        let user = words.iter().map(|w| lex.is_user_word(w)).collect();
        let counts = words.iter().map(|w| lex.count(w).unwrap_or(0)).collect();
        let known = words.iter().map(|w| lm.knows(w)).collect();
        let prev = cx.tokens[..toks[0]].iter().rev().find(|t| !matches!(t.kind, TokenKind::Space | TokenKind::Newline));
        let wrapped = prev.is_some_and(|t| t.kind == TokenKind::Word);
        let starts = cx.is_sentence_start(toks[0]) && !wrapped;
        let mut joins = Vec::with_capacity(words.len() + 1);
        joins.push(starts.then(|| lm.contains(&["<s>", words[0].as_str()])));
        joins.extend(words.windows(2).map(|w| Some(lm.contains(&[w[0].as_str(), w[1].as_str()]))));
        joins.push(ends.then(|| lm.contains(&[words[words.len() - 1].as_str(), "</s>"])));
        out.push(Chunk { toks, words, cases, user, counts, known, joins, starts, ends });
    };
    for (i, t) in cx.tokens.iter().enumerate() {
        match t.kind {
            TokenKind::Word => cur.push(i),
            TokenKind::Space => {}
            TokenKind::Punct => {
                let p = t.text(cx.text);
                // Double quotes do not break an n-gram: the LM was trained on
                // unpunctuated text, and spun quotations ("come to an finish”")
                // need their context as much as the rest.
                if matches!(p, "“" | "”" | "\"" | "«" | "»") {
                    continue;
                }
                // A hyphen inside a compound the LM stores as separate words
                // ("state-of-the-art": "state of", "of the", "the art") joins
                // them: each piece keeps both neighbours instead of becoming
                // a one-word chunk with edges on both sides. A compound the LM
                // does not store ("lipid-based") stays split: its rare pieces
                // would read as broken collocations and raise a clean
                // abstract's spin rate.
                if p == "-" {
                    let word = |k: usize| cx.tokens.get(k).filter(|t| t.kind == TokenKind::Word);
                    if let (Some(l), Some(r)) = (i.checked_sub(1).and_then(word), word(i + 1)) {
                        let (l, r) = (normalize_key(l.text(cx.text)), normalize_key(r.text(cx.text)));
                        if lm.contains(&[l.as_str(), r.as_str()]) {
                            continue;
                        }
                    }
                }
                flush(&mut cur, &mut out, matches!(p, "." | "!" | "?"));
            }
            TokenKind::Newline => {
                // A wrapped line (next line goes on in lower case) is no sentence end.
                let next = cx.tokens[i + 1..].iter().find(|t| t.kind != TokenKind::Space);
                let goes_on = next.is_some_and(|t| {
                    t.kind == TokenKind::Word && t.text(cx.text).chars().next().is_some_and(char::is_lowercase)
                });
                flush(&mut cur, &mut out, !goes_on)
            }
            _ => flush(&mut cur, &mut out, false),
        }
    }
    flush(&mut cur, &mut out, true);
    out
}

/// How hard the prefilter screens spans before the LM scores them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pass {
    /// Only spans that join their context through an unseen n-gram (a
    /// possible broken collocation) or curated phrases: every document.
    Strict,
    /// Every content span with thesaurus candidates: only documents the strict
    /// pass found clearly spun (ρ ≥ [`RHO_SPUN`]), where fluent swaps are likely.
    Loose,
}

/// One candidate original for a span, scored.
#[derive(Clone, Debug)]
struct Cand {
    /// The candidate, lower-case.
    text: Rc<str>,
    /// Thesaurus entry behind it (lemma level) and the inflection applied.
    lemma_orig: Rc<str>,
    lemma_form: Rc<str>,
    infl: &'static str,
    size: u32,
    curated: bool,
    /// log10 channel weight of its words' WordNet closeness to the observed
    /// ones (summed over the words of a compositional rewrite).
    near: f64,
    /// Independent substitutions it assumes: 2 for a compositional rewrite
    /// (each word swapped on its own), else 1; each costs the prior odds once.
    subs: i32,
    /// LM gain over the observed span (log10).
    delta: f64,
    /// `delta − λ·log10 size`: the log-likelihood ratio before the prior.
    l: f64,
    /// Whether the candidate completes a stored n-gram where the observed form completes none.
    broken: bool,
    /// The indefinite article the candidate needs in place of the one before
    /// the span ("an excellent" → "a good"), if it differs: spinners fix the
    /// article when they swap the word after it, so restoring must undo that.
    article: Option<&'static str>,
    /// Whether `broken` and `seen_best` are computed ([`settle`]): only a
    /// span's best candidate needs them, and computing them for every
    /// candidate was a third of the LM lookups.
    settled: bool,
    /// The longest stored n-gram joining it to its context, as a range of
    /// its scoring window (see [`Scored::colloc`]); rendered only for the
    /// reported candidate, since most candidates are never shown.
    seen_best: Option<(u8, u8)>,
    /// Occurrences of the form whose evidence was pooled (0: scored alone).
    pooled: usize,
    /// Context-only gain: `delta` minus the unigram log-ratio of candidate
    /// and observed span, i.e. how much more this context favours the
    /// candidate than its base rate does (what repeats may add up).
    ctx: f64,
    /// Cost for uses of the candidate the spun document still contains.
    unspun: f64,
    /// Position in the form's candidate list (the thesaurus's prior order).
    rank: u16,
    /// Whether it completes a technical term the observed span does not ([`TERM_GAIN`]).
    term: bool,
}

impl Cand {
    /// A candidate `text` assuming `subs` substitutions, before any scoring
    /// (no thesaurus entry behind it yet: callers fill those fields in).
    fn unscored(text: &str, subs: i32) -> Cand {
        Cand {
            text: text.into(),
            lemma_orig: text.into(),
            lemma_form: "".into(),
            infl: "",
            size: 1,
            curated: false,
            near: 0.0,
            subs,
            delta: 0.0,
            l: 0.0,
            broken: false,
            settled: false,
            article: None,
            seen_best: None,
            pooled: 0,
            ctx: 0.0,
            unspun: 0.0,
            rank: 0,
            term: false,
        }
    }

    /// The channel cost −log10 P(form | candidate): the spinner picked the form
    /// from the candidate's |S| synonyms, closer ones (synset mates) more often.
    fn channel(&self) -> f64 {
        CHANNEL_WEIGHT * f64::from(self.size.max(1)).log10() - self.near
    }

    /// Unnormalised posterior weight under prior odds `odds` of one substitution.
    fn weight(&self, odds: f64) -> f64 {
        odds.powi(self.subs) * 10f64.powf(self.l)
    }
}

/// A span with its ranked candidates (best first).
struct Scored {
    start: usize,
    end: usize,
    /// First token index (for EM grouping by position).
    pos: usize,
    observed: String,
    /// The observed span's lower-case key (for pooling repeats).
    form: String,
    cases: Vec<Case>,
    unknown_entity: bool,
    /// A single word with context on one side only (see `score_span`).
    edge: bool,
    /// Chunk index and first word in it: the scoring window for the report.
    chunk: usize,
    p: usize,
    /// A context n-gram the observed span completes that the LM lacks, as a
    /// range of its scoring window (rendered only for the report).
    missing: Option<(u8, u8)>,
    /// How many stored n-grams join the observed span to its context.
    seen_count: usize,
    /// Byte range of an indefinite article right before the span ("a", "an").
    article: Option<(usize, usize)>,
    cands: Vec<Cand>,
}

/// Whether candidate `text` between `left` and `right` completes stored
/// n-grams where the observed span (`missing` an unseen one, `obs_count`
/// seen ones) completes none or far fewer (a broken collocation), and its
/// longest stored n-gram.
fn collocation<'a>(
    lm: &Memo<'_>,
    left: &[&'a str],
    right: &[&'a str],
    text: &'a str,
    missing: Option<(u8, u8)>,
    obs_count: usize,
) -> (bool, Option<(u8, u8)>) {
    let mut v = Vec::with_capacity(left.len() + MAX_SPAN + right.len());
    let (a, b) = fill(&mut v, left, text.split(' '), right);
    let cand = seen(lm, &v, a, b);
    let broken = missing.is_some() && cand.count > 0 && (obs_count == 0 || cand.count >= obs_count + BROKEN_MARGIN);
    (broken, cand.best)
}

impl Scored {
    /// Number of words in the span (its form is single-spaced).
    fn words(&self) -> usize {
        self.form.split(' ').count()
    }

    /// Where the fix for candidate `k` starts: at the article if it changes it.
    fn start_for(&self, k: usize) -> usize {
        match (self.cands[k].article, self.article) {
            (Some(_), Some((a, _))) => a,
            _ => self.start,
        }
    }

    /// The replacement text for candidate `k` over `start_for(k)..end`.
    fn replacement(&self, text: &str, k: usize) -> String {
        let c = &self.cands[k];
        let word = recase(&c.text, &self.cases);
        match (c.article, self.article) {
            (Some(new), Some((a, b))) => {
                let old = text.get(a..b).unwrap_or_default();
                let gap = text.get(b..self.start).unwrap_or(" ");
                format!("{}{gap}{word}", Case::of(old).apply(new))
            }
            _ => word,
        }
    }

    /// [`collocation`] of candidate `k`, read from it if settled.
    fn collocation_of(&self, lm: &Memo<'_>, chunks: &[Chunk], k: usize) -> (bool, Option<(u8, u8)>) {
        let c = &self.cands[k];
        if c.settled {
            return (c.broken, c.seen_best);
        }
        let (left, right) = context(&chunks[self.chunk], self.p, self.words());
        collocation(lm, &with_article(&left, c.article), &right, &c.text, self.missing, self.seen_count)
    }

    /// Settles the best candidate's collocation fields (after a re-ranking).
    fn settle(&mut self, lm: &Memo<'_>, chunks: &[Chunk]) {
        let (broken, best) = self.collocation_of(lm, chunks, 0);
        let c = &mut self.cands[0];
        (c.broken, c.seen_best, c.settled) = (broken, best, true);
    }

    /// The collocation evidence of candidate `k` for the report.
    fn colloc(&self, lm: &Memo<'_>, chunks: &[Chunk], k: usize) -> String {
        let c = &self.cands[k];
        let (broken, seen_best) = self.collocation_of(lm, chunks, k);
        // The n-gram at `range` of the window with `mid` in the span's place.
        let ngram = |mid: &str, article: Option<&'static str>, (a, len): (u8, u8)| {
            let (left, right) = context(&chunks[self.chunk], self.p, self.words());
            let mut v = Vec::new();
            fill(&mut v, &with_article(&left, article), mid.split(' '), &right);
            v[usize::from(a)..usize::from(a) + usize::from(len)].join(" ")
        };
        let best = seen_best.map(|r| ngram(&c.text, c.article, r));
        if c.term {
            let (left, right) = context(&chunks[self.chunk], self.p, self.words());
            let mut v = Vec::new();
            let (a, b) = fill(&mut v, &with_article(&left, c.article), c.text.split(' '), &right);
            if let Some((s, len)) = tortured::terms().around(&v, a, b) {
                let seen = best.map(|g| format!("; n-gram '{g}' seen")).unwrap_or_default();
                return format!(
                    "technical term '{}' (a tortured-phrase list's expected phrase){seen}",
                    v[s..s + len].join(" ")
                );
            }
        }
        match (best, self.missing.map(|r| ngram(&self.form, None, r))) {
            (Some(g), Some(o)) if broken => format!("n-gram '{g}' seen; '{o}' unseen"),
            (Some(g), _) => format!("n-gram '{g}' seen"),
            _ => "no stored n-gram".to_string(),
        }
    }
}

/// `left` context with its last word (an article) replaced by `article`, if any.
fn with_article<'l, 'a>(left: &'l [&'a str], article: Option<&'static str>) -> std::borrow::Cow<'l, [&'a str]> {
    match (article, left.split_last()) {
        (Some(a), Some((_, rest))) => {
            let mut v = rest.to_vec();
            v.push(a);
            std::borrow::Cow::Owned(v)
        }
        _ => std::borrow::Cow::Borrowed(left),
    }
}

/// The indefinite article English puts before `word` (lower-case), by its
/// first sound: "an" before a vowel sound, "a" before a consonant sound,
/// with the common exceptions spelled out (a vowel letter read as a
/// consonant: "a unit", "a one"; a silent h: "an hour").
pub fn indefinite_article(word: &str) -> &'static str {
    const SILENT_H: [&str; 5] = ["hour", "honest", "honor", "honour", "heir"];
    // "uni…" is "you-ni" (unit, union, unique) but the negative prefix un-
    // before i is not (an unimportant, an uninformed, an unidentified).
    const VOWEL_AS_CONSONANT: [&str; 23] = [
        "one", "once", "uniq", "unit", "unio", "unif", "univ", "unic", "unil", "unis", "unanim", "use", "usu", "uti",
        "ute", "ura", "ure", "uro", "eu", "ewe", "ufo", "ukrain", "ubiq",
    ];
    let starts = |list: &[&str]| list.iter().any(|p| word.starts_with(p));
    if starts(&SILENT_H) {
        return "an";
    }
    let vowel = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    if vowel && starts(&VOWEL_AS_CONSONANT) {
        return "a";
    }
    if vowel {
        "an"
    } else {
        "a"
    }
}

/// The LM window around words `p..p + n` of a chunk: two words each side
/// within the chunk, sentence markers at its edges.
fn context(ch: &Chunk, p: usize, n: usize) -> (Vec<&str>, Vec<&str>) {
    let mut left: Vec<&str> = ch.words[p.saturating_sub(2)..p].iter().map(String::as_str).collect();
    if p < 2 && ch.starts {
        left.insert(0, "<s>");
    }
    let mut right: Vec<&str> = ch.words[p + n..(p + n + 2).min(ch.words.len())].iter().map(String::as_str).collect();
    if right.len() < 2 && ch.ends {
        right.push("</s>");
    }
    (left, right)
}

fn score_span(
    cx: &Context<'_>,
    lm: &Memo<'_>,
    chunks: &[Chunk],
    ci: usize,
    p: usize,
    n: usize,
    pass: Pass,
) -> Option<Scored> {
    let ch = &chunks[ci];
    let loose = pass == Pass::Loose;
    let m = cx.models;
    let words = &ch.words[p..p + n];
    let toks = &ch.toks[p..p + n];
    let cases = &ch.cases[p..p + n];
    let mut entity = false;
    for (k, &case) in cases.iter().enumerate() {
        if matches!(case, Case::Upper | Case::Mixed) && !(words[k] == "i" && n > 1)
            || ch.user[p + k]
            || n == 1 && words[k].chars().count() < 2
        {
            return None;
        }
        if case == Case::Title && !(k == 0 && cx.is_sentence_start(toks[0])) {
            entity = true;
        }
    }
    if entity && !entity_span_ok(cx, ch, p, n) {
        return None;
    }
    let form = words.join(" ");
    // Prefilter (cheap, a few fst lookups): only a span that joins its context
    // through an unseen n-gram, or a curated phrase, is worth scoring.
    let curated = m.thesaurus.is_curated(&form);
    if n == 1 && ch.counts[p] > FUNCTION_WORD_COUNT && !curated {
        return None;
    }
    // Scoring every span, most have no candidate at all: look that up first.
    let early = loose.then(|| cached_candidates(cx, lm, &form, words));
    if early.as_ref().is_some_and(|c| c.is_empty()) {
        return None;
    }
    let (left, right) = context(ch, p, n);
    let obs: Vec<&str> = words.iter().map(String::as_str).collect();
    // An indefinite article right before the span: a candidate may need the
    // other one. Only in the loose pass: the strict pass estimates ρ and the
    // spun verdict, and a changed article made unspun old prose look broken
    // more often (simulator clean control: an ICDAR monograph's ρ .005 → .016).
    let obs_article =
        (loose && p > 0 && matches!(ch.words[p - 1].as_str(), "a" | "an")).then(|| ch.words[p - 1].as_str());
    // Cheapest screen first (read off the chunk): both junction bigrams stored
    // means the span sits in a known collocation on each side.
    let (join_l, join_r) = (ch.joins[p], ch.joins[p + n]);
    let (seen_l, seen_r) = (join_l.unwrap_or(true), join_r.unwrap_or(true));
    if !curated && seen_l && seen_r && !loose {
        return None;
    }
    // Strict for plain single words: any stored junction bigram means fluent.
    let any_stored = join_l == Some(true) || join_r == Some(true);
    if STRICT_JUNCTIONS && n == 1 && !curated && !entity && any_stored && !loose {
        return None;
    }
    // A plain word at a chunk edge has one junction only: weaker evidence, so
    // it is proposed for review but neither applied nor counted in ρ.
    let edge = n == 1 && !curated && !entity && (left.is_empty() || right.is_empty());
    // A word the LM has never seen scores as <unk>: any candidate then "wins"
    // by orders of magnitude, which measures the LM's vocabulary, not spin.
    // A curated form the LM lacks ("yr") is the exception: its table entry
    // is the candidate, in a span of its own or with a neighbour ("final yr").
    let readable = |k: usize| ch.known[p + k] || m.thesaurus.is_curated(&words[k]);
    if !curated && !(0..n).all(readable) {
        return None;
    }
    // One window buffer, refilled per candidate: left + middle + right.
    let mut v: Vec<&str> = Vec::with_capacity(left.len() + MAX_SPAN + 2 + right.len());
    let (a, b) = fill(&mut v, &left, obs.iter().copied(), &right);
    let obs_seen = seen(lm, &v, a, b);
    let terms = tortured::terms();
    let obs_term = terms.around(&v, a, b).is_some();
    if !curated && !loose && (obs_seen.missing.is_none() || obs_seen.count > PREFILTER_SEEN) {
        return None;
    }
    let cands = early.unwrap_or_else(|| cached_candidates(cx, lm, &form, words));
    if cands.is_empty() {
        return None;
    }
    // A conjunction takes no comma after it: ", however, the deed" is the
    // adverb, which "but" cannot replace (a spinner's "however" for "but"
    // keeps the conjunction's punctuation: "however there are nuances").
    let comma_after = cx.tokens[toks[n - 1] + 1..]
        .iter()
        .find(|t| t.kind != TokenKind::Space)
        .is_some_and(|t| t.text(cx.text) == ",");
    // Scored only now: most spans fail the screens above.
    let base = lm.score(&v, a);
    let obs_unigrams = unigrams(lm, &obs);
    let mut scored: Vec<Cand> = Vec::with_capacity(cands.len());
    for (rank, c) in cands.iter().enumerate() {
        if comma_after && c.curated && CONJUNCTIONS.contains(&&*c.text) {
            continue;
        }
        let first = c.text.split(' ').next().unwrap_or_default();
        let article = obs_article.map(|_| indefinite_article(first)).filter(|&a| Some(a) != obs_article);
        let left = with_article(&left, article);
        let (a, b) = fill(&mut v, &left, c.text.split(' '), &right);
        let cw = &v[a..b];
        if entity && cw.len() != n {
            continue; // an entity keeps its shape: one word for one word
        }
        // Cheap screen (two lookups): a candidate that joins neither neighbour
        // through a stored bigram cannot show a broken collocation, and its LM
        // gain would rest on unigram frequency alone (the "frequent word
        // anywhere" failure in spin-findings.md). Skip the full window score.
        // At a chunk edge there is only one junction, so everyone is scored.
        let joins_left = left.last().is_some_and(|l| lm.contains(&[l, cw[0]]));
        let joins_right = right.first().is_some_and(|r| lm.contains(&[cw[cw.len() - 1], r]));
        let one_sided = (left.is_empty() || right.is_empty()) && rank < ONE_SIDED_CANDIDATES;
        // The term must take in a context word ("concealed" → "hidden" before
        // "layer"), or replace a phrase by a phrase ("hereditary calculation"
        // → "genetic algorithm"): a word replaced by a whole term
        // ("computing" → "artificial intelligence") is no collocation.
        // And the LM must lack one of its bigrams: where it stores them all
        // ("single factor") it scores the term itself, in news as in science.
        let term = !obs_term
            && terms.around(&v, a, b).is_some_and(|(s, len)| {
                (s < a || s + len > b || n >= 2 && b - a >= 2) && v[s..s + len].windows(2).any(|g| !lm.contains(g))
            });
        if !joins_left && !joins_right && !c.curated && !one_sided && !entity && !term {
            continue;
        }
        let s = lm.score(&v, a);
        let mut c = c.clone();
        c.article = article;
        c.rank = rank.min(usize::from(u16::MAX)) as u16;
        c.delta = f64::from(s - base) + if term { TERM_GAIN } else { 0.0 };
        c.term = term;
        c.l = c.delta - c.channel();
        if loose && cw.len() == 1 {
            // A spinner applies its table throughout: an original the article
            // still uses elsewhere was evidently not replaced there.
            let uses = cx.usage_of_key(cw[0]).total.min(UNSPUN_USES_MAX);
            c.unspun = UNSPUN_PENALTY * uses as f64;
            c.l -= c.unspun;
        }
        // Only the base-rate advantage is removed (never a rarity bonus): a
        // shorter or commoner candidate scores higher in any context ("had
        // been" → "were" gains in clean prose too), and that must not add up.
        c.ctx = c.delta - f64::from(unigrams(lm, cw) - obs_unigrams).max(0.0);
        scored.push(c);
    }
    scored.sort_by(|a, b| b.l.total_cmp(&a.l).then_with(|| a.text.cmp(&b.text)));
    if scored.is_empty() {
        return None;
    }
    let left0 = with_article(&left, scored[0].article);
    let (broken, seen_best) = collocation(lm, &left0, &right, &scored[0].text, obs_seen.missing, obs_seen.count);
    (scored[0].broken, scored[0].seen_best, scored[0].settled) = (broken, seen_best, true);
    // An entity neither form of which the LM knows ("Fact Social" vs "Truth
    // Social", newer than the LM): listed for review whatever the LM says.
    let unknown_entity = entity && !(scored[0].broken && scored[0].l > 0.0);
    if unknown_entity && scored.len() > 1 {
        // A name neither form of which the LM knows: its common-word
        // collocations ("specific social") say nothing about which name was
        // meant, so the thesaurus's prior order ranks ("fact" → "truth").
        scored.sort_by_key(|c| c.rank);
        let left0 = with_article(&left, scored[0].article);
        let (broken, seen_best) = collocation(lm, &left0, &right, &scored[0].text, obs_seen.missing, obs_seen.count);
        (scored[0].broken, scored[0].seen_best, scored[0].settled) = (broken, seen_best, true);
    }
    // A capitalised word the document uses repeatedly is a name it means ("Trump").
    let repeated = cx.usage(&form).capitalised_inside > 1;
    if unknown_entity && (n > 1 || repeated || run_is_known(cx, ch, p)) {
        return None;
    }
    // The loose pass keeps weak spans: pooling over repeats may lift them.
    if !unknown_entity && scored[0].l <= 0.0 && !loose {
        return None;
    }
    let start = cx.tokens[toks[0]].start;
    let end = cx.tokens[toks[n - 1]].end;
    let observed = cx.text.get(start..end).unwrap_or_default().to_string();
    Some(Scored {
        start,
        end,
        pos: toks[0],
        observed,
        form,
        cases: cases.to_vec(),
        unknown_entity,
        edge,
        chunk: ci,
        p,
        missing: obs_seen.missing,
        seen_count: obs_seen.count,
        article: obs_article.map(|_| {
            let t = &cx.tokens[ch.toks[p - 1]];
            (t.start, t.end)
        }),
        cands: scored,
    })
}

/// Refills the window buffer `v` with `left + mid + right`; returns where
/// `mid` sits in it.
fn fill<'a>(
    v: &mut Vec<&'a str>,
    left: &[&'a str],
    mid: impl Iterator<Item = &'a str>,
    right: &[&'a str],
) -> (usize, usize) {
    v.clear();
    v.extend_from_slice(left);
    v.extend(mid);
    let b = v.len();
    v.extend_from_slice(right);
    (left.len(), b)
}

/// A capitalised span is looked at only as part of a capitalised sequence
/// of common words that are not listed names ("White Home", "Fact Social").
fn entity_span_ok(cx: &Context<'_>, ch: &Chunk, p: usize, n: usize) -> bool {
    let lex = &cx.models.lexicon;
    let title = |k: usize| ch.cases[k] == Case::Title;
    let words_ok = (p..p + n).all(|k| ch.counts[k] >= ENTITY_COMMON_COUNT && !lex.is_name(&ch.words[k]));
    let in_sequence = n > 1 || (p > 0 && title(p - 1)) || (p + 1 < ch.words.len() && title(p + 1));
    words_ok && in_sequence
}

/// Whether the capitalised run around word `p` contains a bigram the LM
/// knows ("Social Security"): then it is an established name, not a broken one.
fn run_is_known(cx: &Context<'_>, ch: &Chunk, p: usize) -> bool {
    let title = |k: usize| ch.cases[k] == Case::Title;
    let mut a = p;
    while a > 0 && title(a - 1) {
        a -= 1;
    }
    let mut b = p + 1;
    while b < ch.words.len() && title(b) {
        b += 1;
    }
    (a + 1..b).any(|k| cx.models.lm.contains(&[ch.words[k - 1].as_str(), ch.words[k].as_str()]))
}

thread_local! {
    /// Candidate lists by (models id, form): they depend on the models only,
    /// not on the document, so a batch builds each form's list once per
    /// worker thread. Cleared when it reaches [`CANDIDATE_CACHE_MAX`] forms.
    static CANDIDATES: RefCell<CandidateCache> = RefCell::new((0, HashMap::default()));
}

/// The models id the cache holds lists for, and form → the form's candidate list.
type CandidateCache = (u64, HashMap<String, Rc<Vec<Cand>>, NgramHashBuild>);

/// Forms kept in the per-thread candidate cache (a few hundred bytes each).
const CANDIDATE_CACHE_MAX: usize = 200_000;

/// [`candidates`], memoised per thread across documents.
fn cached_candidates(cx: &Context<'_>, lm: &Memo<'_>, form: &str, words: &[String]) -> Rc<Vec<Cand>> {
    let id = cx.models.id;
    let hit = CANDIDATES.with(|c| {
        let c = c.borrow();
        if c.0 == id {
            c.1.get(form).cloned()
        } else {
            None
        }
    });
    if let Some(v) = hit {
        return v;
    }
    let v = Rc::new(candidates(cx, lm, words));
    CANDIDATES.with(|c| {
        let mut c = c.borrow_mut();
        if c.0 != id || c.1.len() >= CANDIDATE_CACHE_MAX {
            *c = (id, HashMap::default());
        }
        c.1.insert(form.to_string(), v.clone());
    });
    v
}

/// Candidate originals of a span, deduplicated, best prior first.
fn candidates(cx: &Context<'_>, lm: &Memo<'_>, words: &[String]) -> Vec<Cand> {
    let th = &cx.models.thesaurus;
    let lex = &cx.models.lexicon;
    let form = words.join(" ");
    let form_chars = form.chars().count();
    let mut out: Vec<Cand> = Vec::new();
    // Adds a candidate unless it is excluded; returns whether the list is
    // full, so the callers stop inflecting originals nobody will keep.
    let mut push = |o: &Original, text: String, lemma_form: &str, infl: Infl| -> bool {
        if out.len() >= MAX_CANDIDATES {
            return true;
        }
        if text == form || out.iter().any(|c| *c.text == *text) {
            return false;
        }
        // Spinners swap content words; a function-word original ("be", "of")
        // only enters through the curated table. The LM favours such words
        // everywhere, so letting them in would rewrite clean prose.
        if !o.curated && !text.contains(' ') && lex.count(&text).unwrap_or(0) > FUNCTION_WORD_COUNT {
            return false;
        }
        // One edit apart is a spelling variant (emphasised/emphasized), not a synonym.
        // (Lengths two apart cannot be one edit apart: skip the DP then.)
        let near_length = text.chars().count().abs_diff(form_chars) <= 1;
        if near_length && strsim::damerau_levenshtein(&text, &form) <= 1 {
            return false;
        }
        out.push(Cand {
            lemma_orig: o.text.as_str().into(),
            lemma_form: lemma_form.into(),
            infl: infl.label(),
            size: o.size,
            near: o.relation.log10_weight(),
            curated: o.curated,
            ..Cand::unscored(&text, 1)
        });
        out.len() >= MAX_CANDIDATES
    };
    let mut full = false;
    for o in th.originals(&form) {
        full = push(&o, o.text.clone(), &form, Infl::Base);
        if full {
            break;
        }
    }
    // Lemmatise the head: the first word for verbs (-ed, -ing), the last for plurals.
    for head_first in [true, false] {
        let k = if head_first { 0 } else { words.len() - 1 };
        if words.len() == 1 && !head_first || full {
            break;
        }
        for (lemma, infl) in th.lemmas(&words[k], lex) {
            if full {
                break;
            }
            if infl == Infl::Base || (infl == Infl::S) == head_first && words.len() > 1 {
                continue;
            }
            let mut lw = words.to_vec();
            lw[k] = lemma;
            let lform = lw.join(" ");
            for o in th.originals(&lform) {
                let first = infl != Infl::S;
                for f in th.inflect_phrase(&o.text, infl, first, lex) {
                    full = push(&o, f, &lform, infl);
                }
                if full {
                    break;
                }
            }
        }
    }
    // Compositional rewrites: each word of a two-word term swapped on its own
    // ("overseas coverage" for "foreign policy", "counterfeit consciousness"
    // for "artificial intelligence"). Only pairs the LM stores as a bigram count.
    // Both words content words: spinners leave function words alone, and a
    // pair with one ("the courtroom") would cost up to COMPOSE_EACH² bigram
    // lookups for nothing (a fifth of the spin time on unseen documents).
    let content = |w: &String| lex.count(w).is_some_and(|c| c <= FUNCTION_WORD_COUNT);
    let terms = tortured::terms();
    let known_pair = |x: &str, y: &str| lm.contains(&[x, y]) || terms.contains(&[x, y]);
    if words.len() == 2 && words.iter().all(content) && !known_pair(&words[0], &words[1]) {
        let a = cached_candidates(cx, lm, &words[0], &words[..1]);
        let b = cached_candidates(cx, lm, &words[1], &words[1..]);
        for x in a.iter().take(COMPOSE_EACH) {
            for y in b.iter().take(COMPOSE_EACH) {
                if out.len() >= MAX_CANDIDATES + COMPOSE_EACH || x.text.contains(' ') || y.text.contains(' ') {
                    continue;
                }
                if !known_pair(&x.text, &y.text) {
                    continue;
                }
                let text = format!("{} {}", x.text, y.text);
                if out.iter().any(|c| *c.text == *text) {
                    continue;
                }
                out.push(Cand {
                    lemma_orig: format!("{}' + '{}", x.lemma_orig, y.lemma_orig).into(),
                    lemma_form: format!("{}' + '{}", x.lemma_form, y.lemma_form).into(),
                    size: x.size.saturating_mul(y.size),
                    near: x.near + y.near,
                    ..Cand::unscored(&text, 2)
                });
            }
        }
    }
    out
}

/// Sum of the words' unigram log10 probabilities (the base rate of a span).
fn unigrams(lm: &Memo<'_>, words: &[&str]) -> f32 {
    words.iter().map(|w| lm.logprob(&[], w)).sum()
}

/// Stored n-grams joining a span to its context.
struct Seen {
    /// How many bigrams/trigrams crossing a span boundary are stored.
    count: usize,
    /// The longest stored one (start, length in the window), for the report.
    best: Option<(u8, u8)>,
    /// A crossing bigram that is not stored (start in the window, length 2).
    missing: Option<(u8, u8)>,
}

/// Counts the stored bigrams/trigrams that cross a boundary of the middle
/// `v[a..b]` of a window: a seen collocation is the strongest local evidence.
fn seen(lm: &Memo<'_>, v: &[&str], a: usize, b: usize) -> Seen {
    let mut out = Seen { count: 0, best: None, missing: None };
    // Window positions fit in u8: at most 3 + MAX_SPAN + 3 words.
    let at = |s: usize, len: usize| Some((s as u8, len as u8));
    for len in [3usize, 2] {
        for s in 0..v.len().saturating_sub(len - 1) {
            let e = s + len;
            if !((s < a && e > a) || (s < b && e > b)) {
                continue;
            }
            let g = &v[s..e];
            if lm.contains(g) {
                out.count += 1;
                if out.best.is_none() {
                    out.best = at(s, len);
                }
            } else if len == 2 && out.missing.is_none() {
                // An unseen bigram is evidence only if the context word is common
                // enough for the LM to store its usual neighbours: it stores
                // 40 continuations of 'ukrainian' (so 'ukrainian officials' is
                // unseen) against 1,030 of 'white'.
                let context = if s < a { v[s] } else { v[s + 1] };
                if lm.logprob(&[], context) >= RARE_CONTEXT_LOGPROB || context.starts_with('<') {
                    out.missing = at(s, len);
                }
            }
        }
    }
    out
}

/// Spinners apply one synonym table to a whole article, so a form that
/// recurs ("mentioned" fourteen times) came from the same original each time.
/// Each candidate's LM gain is pooled over the form's scored occurrences
/// (clipped per occurrence, so one odd context cannot dominate) and the
/// channel cost is paid once per form, not once per occurrence. Only the
/// context part of the gain is pooled (the LM's preference for frequent
/// words would otherwise add up too), and an occurrence whose own context
/// does not favour the candidate keeps its local score.
fn pool_repeats(spans: &mut [Scored]) {
    // Forms and candidate texts as small ids (interned once), so every map
    // below is keyed by an integer pair instead of hashing two strings.
    let (form_of, text_of, nforms) = {
        let mut forms: FastMap<&str, u32> = FastMap::default();
        let mut texts: FastMap<&str, u32> = FastMap::default();
        let mut form_of: Vec<u32> = Vec::with_capacity(spans.len());
        let mut text_of: Vec<Vec<u32>> = Vec::with_capacity(spans.len());
        for s in spans.iter() {
            let n = forms.len() as u32;
            form_of.push(*forms.entry(s.form.as_str()).or_insert(n));
            let ids = s.cands.iter().map(|c| {
                let n = texts.len() as u32;
                *texts.entry(&*c.text).or_insert(n)
            });
            text_of.push(ids.collect());
        }
        (form_of, text_of, forms.len())
    };
    let key = |f: u32, t: u32| u64::from(f) << 32 | u64::from(t);
    // Phase 1 (read only): per (form, candidate) the clipped context gains
    // summed and the uses where it is positive; per form its uses and its
    // best and runner-up type-level scores (pooled gains less the channel
    // and unspun costs); then the new score of each (span, candidate).
    let mut pooled: FastMap<u64, (f64, usize)> = FastMap::default();
    let mut uses = vec![0usize; nforms];
    for (i, s) in spans.iter().enumerate() {
        uses[form_of[i] as usize] += 1;
        for (j, c) in s.cands.iter().enumerate() {
            let e = pooled.entry(key(form_of[i], text_of[i][j])).or_insert((0.0, 0));
            e.0 += c.ctx.clamp(-POOL_CLIP, POOL_CLIP);
            e.1 += usize::from(c.ctx > 0.0);
        }
    }
    // Per form: (best candidate's text id, its type score, runner-up's type score).
    let mut types = vec![(u32::MAX, f64::NEG_INFINITY, f64::NEG_INFINITY); nforms];
    let mut seen_pairs: std::collections::HashSet<u64, NgramHashBuild> = Default::default();
    for (i, s) in spans.iter().enumerate() {
        for (j, c) in s.cands.iter().enumerate() {
            let k = key(form_of[i], text_of[i][j]);
            if !seen_pairs.insert(k) {
                continue;
            }
            let v = pooled[&k].0 - c.channel() - c.unspun;
            let t = &mut types[form_of[i] as usize];
            if v > t.1 {
                *t = (text_of[i][j], v, t.1);
            } else if v > t.2 {
                t.2 = v;
            }
        }
    }
    // Phase 2: apply and re-rank; note each span's new best (by text id).
    let mut best_of = vec![0u32; spans.len()];
    for (i, s) in spans.iter_mut().enumerate() {
        let n = uses[form_of[i] as usize];
        for (j, c) in s.cands.iter_mut().enumerate() {
            let (sum, k) = pooled[&key(form_of[i], text_of[i][j])];
            // Consistent: the context favours the candidate beyond its base
            // rate at (nearly) every use, not at one use the LM happens to like.
            if k >= 2 && 3 * k >= 2 * n && c.ctx > 0.0 {
                // This use's full evidence plus the other uses' context gains:
                // the frequency advantage counts once, the contexts add up.
                let others = (sum - c.ctx.clamp(-POOL_CLIP, POOL_CLIP)).min(POOL_OTHERS_MAX);
                c.l = c.delta + others - c.channel() - c.unspun;
                c.pooled = k;
            }
        }
        let mut ranked: Vec<(Cand, u32)> = s.cands.drain(..).zip(text_of[i].iter().copied()).collect();
        if s.unknown_entity {
            ranked.sort_by_key(|(c, _)| c.rank); // see `score_span`
        } else {
            ranked.sort_by(|(a, _), (b, _)| b.l.total_cmp(&a.l).then_with(|| a.text.cmp(&b.text)));
        }
        best_of[i] = ranked.first().map_or(u32::MAX, |r| r.1);
        s.cands = ranked.into_iter().map(|(c, _)| c).collect();
    }
    // Phase 3: a table maps an original to one form, so the pooled evidence
    // must single one out: the form's best type score must beat the runner-up
    // by [`POOL_MARGIN`] ('troops' → 'army' vs 'military' does not) and be the
    // best reading at [`POOL_AGREE`] of its uses; else no use counts as pooled.
    let mut agreeing = vec![0usize; nforms];
    for (i, &b) in best_of.iter().enumerate() {
        agreeing[form_of[i] as usize] += usize::from(b == types[form_of[i] as usize].0);
    }
    for (i, s) in spans.iter_mut().enumerate() {
        let f = form_of[i] as usize;
        let (_, x, y) = types[f];
        if x - y < POOL_MARGIN || agreeing[f] * POOL_AGREE.1 < uses[f] * POOL_AGREE.0 {
            s.cands.iter_mut().for_each(|c| c.pooled = 0);
        }
    }
}

/// Recounts the uses behind each candidate's [`UNSPUN_PENALTY`]: a use of
/// the original that is itself likely spun is not evidence that the spinner
/// left the original alone. Spinners' tables chain: seed 002 has
/// "International" for "foreign" and "worldwide" for "international", so
/// "international" occurs only as a spun form and must not count against
/// restoring "worldwide" to it. A use counts as spun when the single-word
/// span there is more likely spun than not under prior odds `odds` (the
/// strict pass's ρ). Re-ranks each span's candidates.
fn discount_spun_uses(cx: &Context<'_>, spans: &mut [Scored], odds: f64) {
    let mut spun_uses: FastMap<String, usize> = FastMap::default();
    for s in spans.iter().filter(|s| !s.form.contains(' ')) {
        let mass: f64 = s.cands.iter().map(|c| c.weight(odds)).sum();
        if mass / (1.0 + mass) > CONFIDENT_POSTERIOR {
            *spun_uses.entry(s.form.clone()).or_default() += 1;
        }
    }
    if spun_uses.is_empty() {
        return;
    }
    for s in spans.iter_mut() {
        let mut changed = false;
        for c in s.cands.iter_mut().filter(|c| c.unspun > 0.0) {
            let Some(&spun) = spun_uses.get(&*c.text) else { continue };
            let uses = cx.usage_of_key(&c.text).total.saturating_sub(spun).min(UNSPUN_USES_MAX);
            let cost = UNSPUN_PENALTY * uses as f64;
            c.l += c.unspun - cost;
            c.unspun = cost;
            changed = true;
        }
        if changed && !s.unknown_entity {
            s.cands.sort_by(|a, b| b.l.total_cmp(&a.l).then_with(|| a.text.cmp(&b.text)));
        }
    }
}

/// Soft-EM estimate of the spin rate from all scored spans: the mean over
/// content words of each position's best posterior, iterated from `start`
/// (the strict estimate) and never below it; capped at [`RHO_MAX`].
fn soft_rho(spans: &[Scored], content: usize, start: f64) -> f64 {
    let mut rho = start;
    for _ in 0..EM_ROUNDS {
        let best = position_posteriors(spans, rho / (1.0 - rho), |_| true);
        // At least the strict estimate, at most RHO_MAX (a short text's strict
        // estimate can exceed it: one break in three content words is 1/3).
        rho = (best.values().sum::<f64>() / content as f64).max(start).min(RHO_MAX);
    }
    rho
}

/// Each position's largest posterior of being spun (any candidate of any span
/// starting there) under prior odds `odds`, over the spans `keep` admits.
fn position_posteriors(spans: &[Scored], odds: f64, keep: impl Fn(&Scored) -> bool) -> FastMap<usize, f64> {
    let mut best: FastMap<usize, f64> = FastMap::default();
    for s in spans.iter().filter(|s| keep(s)) {
        let mass: f64 = s.cands.iter().map(|c| c.weight(odds)).sum();
        let e = best.entry(s.pos).or_insert(0.0);
        *e = e.max(mass / (1.0 + mass));
    }
    best
}

/// Hard-EM estimate of the spin rate: positions whose best span is more
/// likely spun than not, over content words, iterated from [`RHO_START`].
/// Counting only confident positions (not summing small posteriors) keeps
/// the many weak, noisy LM gains of clean prose from inflating ρ. Returns ρ
/// and the number of confident positions behind it.
fn estimate_rho(spans: &[Scored], content: usize) -> (f64, usize) {
    let (mut rho, mut confident) = (RHO_START, 0);
    for _ in 0..EM_ROUNDS {
        // Only broken collocations are evidence of spinning.
        let best = position_posteriors(spans, rho / (1.0 - rho), |s| s.cands[0].broken && !s.edge);
        confident = best.values().filter(|&&p| p > CONFIDENT_POSTERIOR).count();
        rho = (confident as f64 / content as f64).clamp(RHO_FLOOR, 0.5);
    }
    (rho, confident)
}

/// P(K ≥ k) for K ~ Binomial(n, p), summed in log space so long documents
/// do not underflow; O(k).
fn binomial_tail(k: usize, n: usize, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    let (odds, mut log_pmf, mut cdf) = ((p / (1.0 - p)).ln(), n as f64 * (1.0 - p).ln(), 0.0);
    for j in 0..k {
        cdf += log_pmf.exp();
        log_pmf += ((n - j) as f64 / (j + 1) as f64).ln() + odds;
    }
    (1.0 - cdf).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::models::Models;
    use crate::token::tokenize;

    #[test]
    fn binomial_tail_matches_exact_values() {
        // P(K ≥ 5), K ~ Bin(10, 0.5) = 638/1024.
        assert!((binomial_tail(5, 10, 0.5) - 638.0 / 1024.0).abs() < 1e-12);
        assert_eq!(binomial_tail(0, 10, 0.3), 1.0);
        assert_eq!(binomial_tail(11, 10, 0.3), 0.0);
        // Long documents: no underflow to a spurious 1.0 or NaN.
        let t = binomial_tail(200, 100_000, 0.001);
        assert!(t > 0.0 && t < 1e-10, "{t}");
        assert!(binomial_tail(100, 100_000, 0.001) > 0.4);
    }

    fn run(text: &str) -> Option<Findings> {
        let models = Models::new(Vec::<String>::new());
        if models.thesaurus.is_empty() || models.lm.is_empty() {
            return None; // data-less build
        }
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let mut out = Findings::default();
        Spin.detect(&cx, &mut out);
        Some(out)
    }

    /// The chunks of `text`: each as its words joined by spaces.
    fn chunk_words(text: &str) -> Option<Vec<String>> {
        let models = Models::new(Vec::<String>::new());
        if models.lm.is_empty() {
            return None;
        }
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let lm = Memo::new(&models.lm);
        Some(chunks(&cx, &lm).iter().map(|c| c.words.join(" ")).collect())
    }

    #[test]
    fn a_compound_the_lm_stores_as_words_stays_in_its_chunk() {
        let Some(c) = chunk_words("They use the state-of-the-art method, and lipid-based carriers.") else { return };
        // "state of", "of the", "the art" are stored bigrams: one chunk with its context.
        assert_eq!(c[0], "they use the state of the art method", "{c:?}");
        // "lipid based" is not: the compound stays split at its hyphen.
        assert_eq!(&c[1..], ["and lipid", "based carriers"], "{c:?}");
    }

    #[test]
    fn a_curated_abbreviation_the_lm_lacks_is_read_with_its_neighbour() {
        let Some(f) = run("They opened the new school final yr and hired ten teachers.") else { return };
        // "yr" is no LM word, but the curated table spells it out.
        assert!(f.fixes.iter().any(|x| x.replacement.ends_with("year")), "{:?}", f.fixes);
    }

    #[test]
    fn function_phrase_rewrites_are_proposed() {
        let Some(f) = run("We will sign the deal in the event that they agree to the terms.") else { return };
        assert!(f.fixes.iter().any(|x| x.replacement == "if" && x.kind == Kind::Spin), "{:?}", f.fixes);
    }

    #[test]
    fn broken_collocation_is_restored_with_case_kept() {
        let Some(f) = run("Officials at the White Home said the talks had been productive.") else { return };
        let home = f.fixes.iter().find(|x| x.replacement == "House");
        assert!(home.is_some(), "{:?}", f.fixes);
        assert!(home.unwrap().evidence.contains("white house"), "{:?}", home);
    }

    #[test]
    fn clean_prose_keeps_the_floor_rate_and_nothing_applies() {
        let text = "The city council voted on Tuesday to approve a new budget for the coming year. \
            Members said the plan would fund more teachers and repair several bridges. \
            The mayor told reporters that she was pleased with the result and thanked the staff.";
        let Some(f) = run(text) else { return };
        assert_eq!(f.scores.get("spin_rate").copied(), Some(RHO_FLOOR));
        assert!(f.fixes.iter().all(|x| x.confidence < 0.8), "{:?}", f.fixes);
    }

    /// A spun paragraph: broken collocations ("White Home", "World Conflict
    /// Two") mark it spun, and the repeated fluent swap "mentioned" is then
    /// read through the document's table, at every use.
    const SPUN: &str = "Officials at the White Home mentioned the talks were good. \
        The minister mentioned that the World Conflict Two memorial would open in the event that funds arrive. \
        He mentioned the army will leave as a result of the cost. \
        She mentioned the White Home had by no means agreed. \
        The mayor mentioned on Friday that the bridge was closed.";

    #[test]
    fn a_spun_document_is_read_through_its_table() {
        let Some(f) = run(SPUN) else { return };
        assert_eq!(f.scores.get("spun").copied(), Some(1.0), "{:?}", f.scores);
        let said: Vec<_> = f.fixes.iter().filter(|x| x.replacement == "said").collect();
        assert_eq!(said.len(), 5, "{:?}", f.fixes);
        assert!(said.iter().all(|x| x.confidence >= 0.8), "{said:?}");
        let war = f.fixes.iter().find(|x| x.replacement == "War").expect("World Conflict Two restored");
        assert!(war.confidence >= 0.8, "{war:?}");
    }

    #[test]
    fn a_conjunction_is_not_restored_before_a_comma() {
        // The spinner's "however" for "but" keeps the conjunction's place;
        // the adverb set off by commas is English as written.
        let text = format!("{SPUN} We agree with it however there are nuances. There was, however, a question of law.");
        let Some(f) = run(&text) else { return };
        let but: Vec<_> = f.fixes.iter().filter(|x| x.replacement == "but").map(|x| x.start).collect();
        assert_eq!(but, [text.find("however").unwrap()], "{:?}", f.fixes);
    }

    #[test]
    fn a_short_text_above_the_prior_cap_is_scored_without_panicking() {
        // One break in three content words: the strict estimate (1/3) is above RHO_MAX.
        assert_eq!(soft_rho(&[], 3, 1.0 / 3.0), RHO_MAX);
        assert_eq!(soft_rho(&[], 100, 0.02), 0.02);
        let Some(f) = run("Members of the team had been united in calling for a ceasefire.") else { return };
        assert!(f.fixes.iter().all(|x| (0.0..=1.0).contains(&x.confidence)), "{:?}", f.fixes);
    }

    #[test]
    fn a_junction_the_neighbour_repairs_is_explained_away() {
        // "had been united": the unseen "been united" is repaired by "had
        // been" → "were" ("were united" is stored), and "united in" is
        // stored, so "united" gets no row of its own.
        let text = format!("{SPUN} The members had been united in calling for a truce.");
        let Some(f) = run(&text) else { return };
        let at = |w: &str| text.find(w).unwrap();
        assert!(f.fixes.iter().any(|x| x.start == at("had been united") && x.replacement == "were"), "{:?}", f.fixes);
        let united: Vec<_> = f.fixes.iter().filter(|x| x.start == at("united in")).collect();
        assert!(united.is_empty(), "{united:?}");
    }

    #[test]
    fn a_sure_restoration_confirms_the_name_words_beside_it() {
        // "World Conflict Two" → "World War Two": "world war" and "war two"
        // are stored collocations, so "World" and "Two" get no rows.
        let Some(f) = run(SPUN) else { return };
        let at = |w: &str| SPUN.find(w).unwrap();
        assert!(f.fixes.iter().any(|x| x.start == at("Conflict Two") && x.replacement == "War"), "{:?}", f.fixes);
        let names: Vec<_> = f.fixes.iter().filter(|x| x.start == at("World") || x.start == at("Two")).collect();
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn text_the_lm_cannot_read_is_never_judged_spun() {
        // The same spun paragraph in 17th-century spelling: unknown words
        // dominate, so broken collocations say nothing about a spinner.
        let old = SPUN
            .replace("the ", "ye ")
            .replace("would", "woulde")
            .replace("open", "opene")
            .replace("bridge", "bridg")
            .replace("talks", "talkes");
        let Some(f) = run(&old) else { return };
        assert_eq!(f.scores.get("spun").copied(), Some(0.0), "{:?}", f.scores);
        assert!(f.fixes.iter().all(|x| x.confidence < 0.8 || x.replacement != "said"), "{:?}", f.fixes);
    }

    fn span(p: usize, form: &str) -> Scored {
        let cand = Cand::unscored("x", 1);
        let (start, end) = (p, p + form.len());
        let (observed, form) = (form.to_string(), form.to_string());
        let (cases, chunk, missing, cands) = (vec![], 0, None, vec![cand]);
        Scored {
            start,
            end,
            pos: p,
            observed,
            form,
            cases,
            unknown_entity: false,
            edge: false,
            chunk,
            p,
            missing,
            seen_count: 0,
            article: None,
            cands,
        }
    }

    #[test]
    fn a_pooled_reading_is_a_table_entry_for_the_forms_other_uses() {
        // "mentioned" reads "said" at three agreeing uses (pooled, sure, no
        // single decisive collocation); at a fourth use the context alone
        // favours "said" only a little (LM +0.6, under the fluent cap), yet
        // a spinner's table replaced every "said": the table reading applies.
        let said = |delta: f64, pooled: usize| Cand { delta, pooled, ..Cand::unscored("said", 1) };
        let mut spans: Vec<Scored> = (0..4).map(|i| span(100 * i, "mentioned")).collect();
        for (i, s) in spans.iter_mut().enumerate() {
            s.cands = vec![if i < 3 { said(2.0, 3) } else { said(0.6, 0) }];
        }
        let mut reading = vec![(0, 0.95f32), (0, 0.95), (0, 0.95), (0, 0.3)];
        let table = apply_table(&spans, &mut reading);
        assert!(table.contains_key(&("mentioned", "said")), "{table:?}");
        assert!(reading[3].1 >= 0.8, "{reading:?}");
        // A pooled reading below the confirmation level reveals nothing.
        let mut reading = vec![(0, 0.85f32), (0, 0.85), (0, 0.85), (0, 0.3)];
        assert!(apply_table(&spans, &mut reading).is_empty());
        assert_eq!(reading[3], (0, 0.3));
        // Nor does a single sure use that neither pools nor breaks a collocation.
        spans.iter_mut().for_each(|s| s.cands[0].pooled = 0);
        let mut reading = vec![(0, 0.95f32), (0, 0.3), (0, 0.3), (0, 0.3)];
        assert!(apply_table(&spans, &mut reading).is_empty());
    }

    #[test]
    fn an_original_used_only_as_a_spun_form_costs_nothing() {
        // "international" occurs twice, both times likely spun itself (for
        // "foreign"): restoring "worldwide" to it must not pay the cost of
        // an original the spinner left alone. With one use unspun, one use
        // is charged.
        let models = Models::new(Vec::<String>::new());
        let doc = Document::new("t", "International news. International law. A worldwide rule.".to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let odds = 0.1;
        let likely = |p: usize, l: f64| {
            let mut s = span(p, "international");
            s.cands[0].l = l; // weight 0.1 · 10^l
            s
        };
        let worldwide = || {
            let mut s = span(40, "worldwide");
            let unspun = UNSPUN_PENALTY * 2.0;
            s.cands = vec![
                Cand { l: 0.5, ..Cand::unscored("global", 1) },
                Cand { l: 1.0 - unspun, unspun, ..Cand::unscored("international", 1) },
            ];
            s
        };
        let mut spans = vec![likely(0, 3.0), likely(20, 3.0), worldwide()];
        discount_spun_uses(&cx, &mut spans, odds);
        let top = &spans[2].cands[0];
        assert_eq!(&*top.text, "international");
        assert_eq!((top.unspun, top.l), (0.0, 1.0));
        // The second use is not likely spun (weight 0.1 · 10^0 < 1).
        let mut spans = vec![likely(0, 3.0), likely(20, 0.0), worldwide()];
        discount_spun_uses(&cx, &mut spans, odds);
        let c = spans[2].cands.iter().find(|c| &*c.text == "international").unwrap();
        assert_eq!((c.unspun, c.l), (UNSPUN_PENALTY, 1.0 - UNSPUN_PENALTY));
        assert_eq!(&*spans[2].cands[0].text, "global");
    }

    #[test]
    fn small_digits_in_running_prose_are_proposed_as_words_only_when_spun() {
        let tail = " The 2 sides met again. In round 3 they agreed a deal worth 4 million dollars, \
            by a vote of 5 to 1. He was 3rd in line.";
        let text = format!("{SPUN}{tail}");
        let Some(f) = run(&text) else { return };
        let digits: Vec<_> = f.fixes.iter().filter(|x| x.evidence.contains("number styles")).collect();
        let got: Vec<(&str, &str)> = digits.iter().map(|x| (&text[x.start..x.end], x.replacement.as_str())).collect();
        assert_eq!(got, [("2", "two"), ("3rd", "third")], "{digits:?}");
        assert!(digits.iter().all(|x| x.confidence < 0.8), "{digits:?}");
        // The same sentences in a document that is not spun: nothing.
        let Some(f) = run(tail.trim()) else { return };
        assert!(f.fixes.iter().all(|x| !x.evidence.contains("number styles")), "{:?}", f.fixes);
    }

    #[test]
    fn a_technical_term_stands_in_for_a_collocation_the_lm_lacks() {
        // Tortured phrases no fingerprint needs: the list's expected phrases
        // ("hidden layer", "random forest") are terms the news-trained LM
        // barely knows, so they supply the collocation evidence. A term alone
        // never applies (the LM did not see the break).
        let text = "In this paper, we propose a method based on a profound neural organization. \
            The results show that the concealed layer improves the performance of the model. \
            In recent years, counterfeit consciousness has attracted considerable attention. \
            We compare the proposed approach with arbitrary woodland on three public datasets.";
        if !tortured::terms().contains(&["hidden", "layer"]) {
            return;
        }
        let Some(f) = run(text) else { return };
        let terms: Vec<_> = f.fixes.iter().filter(|x| x.evidence.contains("technical term")).collect();
        assert!(
            terms.iter().any(|x| &text[x.start..x.end] == "concealed" && x.replacement == "hidden"),
            "{:?}",
            f.fixes
        );
        let apply = crate::pipeline::DEFAULT_MIN_CONFIDENCE;
        assert!(terms.iter().all(|x| x.confidence < apply || x.evidence.contains("unseen")), "{terms:?}");
    }

    #[test]
    fn an_unknown_name_is_ranked_by_the_thesaurus() {
        // "Fact Social" (Truth Social) is newer than the LM: neither name is
        // a collocation it knows, so the thesaurus's own first original for
        // "fact" leads, whatever common-word bigram the LM prefers.
        let text = format!("{SPUN} In a Fact Social post on Friday he said the talks went well.");
        let Some(f) = run(&text) else { return };
        let row = f.fixes.iter().find(|x| &text[x.start..x.end] == "Fact").expect("Fact listed");
        let models = Models::new(Vec::<String>::new());
        let first = models.thesaurus.originals("fact").into_iter().next().expect("fact has originals").text;
        assert_eq!(row.replacement.to_lowercase(), first, "{row:?}");
        assert!(row.confidence <= UNKNOWN_ENTITY_CAP, "{row:?}");
        assert!(row.evidence.contains("thesaurus's order"), "{row:?}");
    }

    #[test]
    fn an_unsure_adjacent_span_lowers_confidence() {
        // Words 0-1 "had been" (sure), 2 "persevering" (likely spun, reading
        // unsure), 4 "alone" (likely spun, sure enough), 5 "fine" (spun and sure).
        let spans = vec![span(0, "had been"), span(2, "persevering"), span(4, "alone"), span(5, "fine")];
        let keep = vec![true; 4];
        // P(spun) = 1 − 1/z: 0.98, 0.9, 0.9, 0.99.
        let zs = vec![50.0, 10.0, 10.0, 100.0];
        let reading = vec![(0, 0.98), (0, 0.5), (0, 0.9), (0, 0.99)];
        let f = neighbour_factors(&spans, &keep, &reading, &zs);
        assert!((f[0] - 0.6).abs() < 1e-3, "{f:?}"); // 1 − 0.9 + 0.5
        assert_eq!(f[1], 1.0); // its neighbour is sure (1 − 0.98 + 0.98)
                               // "alone" and "fine" touch, but each is sure of its reading
                               // (1 − 0.99 + 0.99 and 1 − 0.9 + 0.9).
        assert_eq!(f[2], 1.0);
        assert_eq!(f[3], 1.0);
        // A span that is not kept is nobody's neighbour.
        let f = neighbour_factors(&spans, &[true, false, true, true], &reading, &zs);
        assert_eq!(f[0], 1.0);
    }

    #[test]
    fn a_row_names_likely_originals_the_lm_could_not_score() {
        // The card's example: "horrible massacre" is no stored bigram, so the
        // LM cannot score "massacre" there, but the reviewer still sees it.
        let text = format!("{SPUN} He warned it could be a horrible bloodbath.");
        let Some(f) = run(&text) else { return };
        let row = f.fixes.iter().find(|x| &text[x.start..x.end] == "bloodbath").expect("bloodbath listed");
        assert!(row.replacement == "massacre" || row.evidence.contains("'massacre'"), "{row:?}");
    }

    #[test]
    fn indefinite_articles_follow_the_first_sound() {
        for (w, a) in [
            ("good", "a"),
            ("excellent", "an"),
            ("hour", "an"),
            ("house", "a"),
            ("unit", "a"),
            ("unimportant", "an"),
            ("umbrella", "an"),
            ("european", "a"),
            ("one", "a"),
            ("other", "an"),
            ("usual", "a"),
        ] {
            assert_eq!(indefinite_article(w), a, "{w}");
        }
    }

    #[test]
    fn a_restoration_after_an_article_keeps_the_article_right() {
        // Spinners fix the article when they swap the word after it; every
        // restoration that touches one must leave "a"/"an" agreeing again.
        let text =
            format!("{SPUN} It was an enormous mistake and an excellent probability. They had an superior plan.");
        let Some(f) = run(&text) else { return };
        let touched: Vec<_> = f.fixes.iter().filter(|x| x.evidence.contains("article →")).collect();
        assert!(!touched.is_empty(), "{:?}", f.fixes);
        for x in touched {
            let (article, rest) = x.replacement.split_once(' ').expect("article + word");
            let next = rest.split(' ').next().unwrap_or_default().to_lowercase();
            assert_eq!(article.to_lowercase(), indefinite_article(&next), "{x:?}");
            assert!(text[x.start..x.end].to_lowercase().starts_with("a"), "{x:?}");
        }
    }

    #[test]
    fn recase_copies_word_shapes() {
        assert_eq!(recase("white house", &[Case::Title, Case::Title]), "White House");
        assert_eq!(recase("because", &[Case::Title, Case::Lower, Case::Lower, Case::Lower]), "Because");
        assert_eq!(recase("foreign policy", &[Case::Lower]), "foreign policy");
    }
}
