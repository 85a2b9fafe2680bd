//! Tortured phrases: the paper-mill fingerprints catalogued by the Problematic
//! Paper Screener ("counterfeit consciousness" for "artificial intelligence").
//!
//! The list (`dictionaries/tortured.tsv.xz`, see its README section) is
//! matched in one pass with Aho-Corasick, case-insensitively, on word
//! boundaries. Each fingerprint may carry PPS's own context conditions: AND
//! phrases that must also occur in the document, NOT phrases that must not.
//! Unlisted tortured phrases are left to the spin detector's thesaurus + LM.

use std::collections::HashSet;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::lm::NgramHashBuild;
use crate::normalize::{recase, Case};

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
    /// A spelling variant of a listed fingerprint, not a row of the list.
    variant: bool,
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
                (!phrase.is_empty() && !expected.is_empty()).then_some(Entry {
                    phrase,
                    expected,
                    papers,
                    and,
                    not,
                    variant: false,
                })
            })
            .collect();
        let entries = with_british_spellings(entries);
        // Standard semantics: every match is reported (overlapping), so a
        // longer fingerprint that fails a word boundary ("bolster vector
        // machine" in "…machinery") still leaves its shorter prefix.
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(entries.iter().map(|e| OneSpaced::new(&e.phrase).text.into_owned()))
            .ok();
        Fingerprints { entries, matcher }
    })
}

/// The list plus, for each fingerprint with an "-ize" word, its British
/// "-ise" spelling ("neural organisation", "cepstral mean standardisation"):
/// PPS records the spellings it found, mostly American, while the same
/// spinner run over a British text writes the British form. The expected
/// phrase follows the variant's spelling ("… normalisation"). A variant the
/// list already has is not added twice.
fn with_british_spellings(mut entries: Vec<Entry>) -> Vec<Entry> {
    // Listed phrases and the variants added so far: the first spelling wins.
    let mut known: HashSet<String> = entries.iter().map(|e| e.phrase.to_lowercase()).collect();
    let variants: Vec<Entry> = entries
        .iter()
        .filter_map(|e| {
            let phrase = british(&e.phrase)?;
            known.insert(phrase.to_lowercase()).then(|| Entry {
                expected: british(&e.expected).unwrap_or_else(|| e.expected.clone()),
                phrase,
                papers: e.papers,
                and: e.and.clone(),
                not: e.not.clone(),
                variant: true,
            })
        })
        .collect();
    entries.extend(variants);
    entries
}

/// `phrase` with its "-ize" family words spelled the British way
/// ("organization" → "organisation", "optimized" → "optimised"), or `None`
/// if it has none. Words that only end in "ize" by accident ("size",
/// "seize", "prize") keep their spelling.
fn british(phrase: &str) -> Option<String> {
    const SUFFIXES: [(&str, &str); 12] = [
        ("izations", "isations"),
        ("ization", "isation"),
        ("izers", "isers"),
        ("izer", "iser"),
        ("izing", "ising"),
        ("izes", "ises"),
        ("ized", "ised"),
        ("ize", "ise"),
        ("yzed", "ysed"),
        ("yzes", "yses"),
        ("yzing", "ysing"),
        ("yze", "yse"),
    ];
    const NOT: [&str; 6] = ["size", "seize", "prize", "capsize", "baize", "maize"];
    let mut changed = false;
    let words: Vec<String> = phrase
        .split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            let stem_of = |suffix: &str| lower.strip_suffix(suffix).map(str::len);
            // The word, or its last hyphen piece ("full-size"), is one of them.
            let excluded = || NOT.iter().any(|n| lower.starts_with(n) || lower.rsplit('-').next() == Some(n));
            match SUFFIXES.iter().find_map(|&(us, gb)| Some((stem_of(us)?, gb))) {
                Some((stem, gb)) if stem >= 3 && !excluded() && w.is_char_boundary(stem) => {
                    changed = true;
                    format!("{}{gb}", &w[..stem])
                }
                _ => w.to_string(),
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

/// The expected phrases of the fingerprints ("hidden layer", "random
/// forest", "heat transfer"): the established technical terms that paper
/// mills torture. The spin detector uses them as collocations the general
/// LM lacks, to restore tortured phrases that no fingerprint lists
/// ("concealed layer" → "hidden layer" when only "secret layer" is listed).
/// Multi-word terms only, lower-case, single spaces.
pub struct Terms {
    phrases: HashSet<String, NgramHashBuild>,
    /// Every word of any term: a reading with a word outside it forms no term.
    words: HashSet<String, NgramHashBuild>,
}

/// Environment variable naming a file of fingerprint phrases (one per line)
/// whose terms are left out of [`terms`]: `tools/tortured_eval.py` holds out
/// the fingerprints it tests, so a term counts only if another fingerprint
/// also expects it, as for a phrase no list has yet.
pub const TERMS_EXCLUDE_ENV: &str = "UNSPIN_TERMS_EXCLUDE";

impl Terms {
    /// Longest term, in words, that [`Terms::contains`] is asked about.
    pub const MAX_WORDS: usize = 4;

    /// Whether `words` (lower-case) spell a term.
    pub fn contains(&self, words: &[&str]) -> bool {
        words.len() >= 2 && words.iter().all(|w| self.words.contains(*w)) && self.phrases.contains(&words.join(" "))
    }

    /// Whether any run of 2–[`Terms::MAX_WORDS`] words of `v` that overlaps
    /// `v[a..b]` spells a term; returns the longest such run (the first of
    /// equal length). Each word of the window is looked up once and only runs
    /// of term words are joined and looked up (the spin detector asks for
    /// every candidate); a window wider than the mask, which the detector
    /// never asks about, looks its words up per run.
    pub fn around(&self, v: &[&str], a: usize, b: usize) -> Option<(usize, usize)> {
        const MASK: usize = 2 * Terms::MAX_WORDS + 16;
        let lo = a.saturating_sub(Self::MAX_WORDS - 1);
        let hi = (b + Self::MAX_WORDS - 1).min(v.len());
        let masked = hi > lo && hi - lo <= MASK;
        let mut mask = [false; MASK];
        if masked {
            for (m, w) in mask.iter_mut().zip(&v[lo..hi]) {
                *m = self.words.contains(*w);
            }
            if !mask.iter().any(|&m| m) {
                return None;
            }
        }
        let term_words = |s: usize, len: usize| {
            if masked {
                mask[s - lo..s - lo + len].iter().all(|&m| m)
            } else {
                v[s..s + len].iter().all(|w| self.words.contains(*w))
            }
        };
        for len in (2..=Self::MAX_WORDS).rev() {
            for s in a.saturating_sub(len - 1)..b.min(v.len().saturating_sub(len - 1)) {
                if s + len > a && term_words(s, len) && self.phrases.contains(&v[s..s + len].join(" ")) {
                    return Some((s, len));
                }
            }
        }
        None
    }
}

/// The term set (built once from the embedded list).
pub fn terms() -> &'static Terms {
    static T: OnceLock<Terms> = OnceLock::new();
    T.get_or_init(|| {
        let exclude: HashSet<String> = std::env::var_os(TERMS_EXCLUDE_ENV)
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|t| t.lines().map(|l| l.trim().to_lowercase()).collect())
            .unwrap_or_default();
        let mut phrases = HashSet::default();
        let mut words = HashSet::default();
        // Listed rows only: a spelling variant would bring back a term the
        // evaluation holds out under its listed spelling.
        for e in fingerprints().entries.iter().filter(|e| !e.variant && !exclude.contains(&e.phrase.to_lowercase())) {
            let term = e.expected.to_lowercase();
            // Plain words only ("k-nearest neighbors" is matched whole by
            // neither tokeniser nor LM; notes such as "(?)" are no term).
            let ws: Vec<&str> = term.split(' ').collect();
            if ws.len() < 2 || ws.len() > Terms::MAX_WORDS || !ws.iter().all(|w| w.chars().all(char::is_alphabetic)) {
                continue;
            }
            words.extend(ws.iter().map(|w| w.to_string()));
            phrases.insert(term);
        }
        Terms { phrases, words }
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
        // Matched with every whitespace run read as one space: abstracts
        // copied from PDFs and web pages wrap lines and double spaces inside
        // phrases ("counterfeit\nconsciousness").
        let spaced = OneSpaced::new(cx.text);
        let text: &str = &spaced.text;
        let mut lower: Option<String> = None;
        // Every match that ends on a word boundary, possibly after a plural
        // suffix: (start, end, pattern, suffix). Then leftmost-longest,
        // non-overlapping. Matches are few (fingerprints are rare phrases).
        let mut found: Vec<(usize, usize, usize, &'static str)> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            let Some(suffix) = plural_end(text, s, e) else { continue };
            found.push((s, e + suffix.len(), m.pattern().as_usize(), suffix));
        }
        found.sort_by_key(|&(s, e, _, _)| (s, std::cmp::Reverse(e)));
        let mut taken = 0;
        for (s, e, pattern, suffix) in found {
            if s < taken {
                continue;
            }
            let Some(entry) = fp.entries.get(pattern) else { continue };
            if !entry.and.is_empty() || !entry.not.is_empty() {
                let low = lower.get_or_insert_with(|| text.to_lowercase());
                if !entry.and.iter().all(|t| low.contains(&*OneSpaced::new(t).text))
                    || entry.not.iter().any(|t| low.contains(&*OneSpaced::new(t).text))
                {
                    continue;
                }
            }
            let expected = if suffix.is_empty() { entry.expected.clone() } else { plural(&entry.expected) };
            taken = e;
            let found = &text[s..e];
            let conf = if entry.phrase.contains([' ', '-']) {
                CONF_LISTED + CONF_PREVALENCE * ((1.0 + entry.papers as f32).log10() / 3.0).min(1.0)
            } else {
                CONF_ONE_WORD
            };
            // The hyphen/space equivalence reads "message just" as the listed
            // "message-just": where the spelling differs from the list and the
            // LM stores every word pair as written, the text is ordinary
            // English ("the error message just says"): review only.
            let (mut s, e) = spaced.original(s, e);
            let respelled = joiners(&cx.text[s..e]) != joiners(&entry.phrase);
            let words: Vec<String> = found.split(' ').map(str::to_lowercase).collect();
            let ordinary =
                respelled && words.len() > 1 && words.windows(2).all(|w| cx.models.lm.contains(&[&w[0], &w[1]]));
            let conf = if ordinary { conf.min(CONF_ONE_WORD) } else { conf };
            let cases: Vec<Case> = found.split(' ').map(Case::of).collect();
            let replacement = recase(&expected, &cases);
            let mut evidence = format!(
                "Problematic Paper Screener fingerprint '{}' → '{}' ({} papers)",
                entry.phrase, entry.expected, entry.papers
            );
            if !entry.and.is_empty() {
                evidence += &format!("; document also has '{}'", entry.and.join("', '"));
            }
            if ordinary {
                evidence += "; spelled unlike the list, and every word pair is stored by the LM: ordinary English too";
            }
            let mut replacement = keep_breaks(&cx.text[s..e], replacement);
            // "an irregular timberland" → "a random forest": the article
            // before the phrase follows the new first word.
            if let Some((a, old)) = article_before(cx.text, s) {
                let first = expected.split(' ').next().unwrap_or_default().to_lowercase();
                let new = super::spin::indefinite_article(&first);
                if !old.eq_ignore_ascii_case(new) {
                    replacement = format!("{}{}{replacement}", Case::of(old).apply(new), &cx.text[a + old.len()..s]);
                    evidence += &format!("; article → '{new}'");
                    s = a;
                }
            }
            out.push(Fix::new(s..e, replacement, Kind::Tortured, conf, evidence));
        }
    }
}

/// The joiners between a phrase's words in order: `true` for a hyphen,
/// `false` for whitespace ("real-time data" → [true, false]).
fn joiners(phrase: &str) -> Vec<bool> {
    let mut out = Vec::new();
    let mut prev_joiner: Option<bool> = None;
    for c in phrase.chars() {
        if c == '-' {
            prev_joiner = Some(true);
        } else if c.is_whitespace() {
            prev_joiner = Some(prev_joiner.unwrap_or(false));
        } else if let Some(j) = prev_joiner.take() {
            out.push(j);
        }
    }
    out
}

/// A text with every run of whitespace, and every hyphen between two
/// letters or digits, read as one ASCII space, and where each of its bytes
/// came from in the original, so a match in it maps back to the exact
/// original bytes (line breaks and all).
struct OneSpaced<'t> {
    text: std::borrow::Cow<'t, str>,
    /// Original byte offset of each byte of `text`; `None` when the text
    /// needed no change (or is too long for 32-bit offsets: then it is
    /// matched as written).
    from: Option<Vec<u32>>,
}

impl<'t> OneSpaced<'t> {
    fn new(original: &'t str) -> OneSpaced<'t> {
        let odd = original.contains("  ")
            || original.contains('-')
            || original.chars().any(|c| c.is_whitespace() && c != ' ');
        if !odd || u32::try_from(original.len()).is_err() {
            return OneSpaced { text: original.into(), from: None };
        }
        let mut text = String::with_capacity(original.len());
        let mut from = Vec::with_capacity(original.len());
        let mut chars = original.char_indices().peekable();
        let mut prev = ' ';
        while let Some((i, c)) = chars.next() {
            // A hyphen inside a compound reads as a space, in the list and in
            // the text alike: "pre-handling" and "pre handling" are one phrase.
            let joins = c == '-' && prev.is_alphanumeric() && chars.peek().is_some_and(|&(_, d)| d.is_alphanumeric());
            prev = c;
            if joins {
                text.push(' ');
                from.push(i as u32);
            } else if c.is_whitespace() {
                while chars.next_if(|&(_, d)| d.is_whitespace()).is_some() {}
                text.push(' ');
                from.push(i as u32);
            } else {
                text.push(c);
                from.extend((i..i + c.len_utf8()).map(|b| b as u32));
            }
        }
        OneSpaced { text: text.into(), from: Some(from) }
    }

    /// The original byte range of `text[s..e]`, a match (it neither starts
    /// nor ends with a space, so both ends map to whole original bytes).
    fn original(&self, s: usize, e: usize) -> (usize, usize) {
        match &self.from {
            Some(f) if s < e && e <= f.len() => (f[s] as usize, f[e - 1] as usize + 1),
            _ => (s, e),
        }
    }
}

/// `replacement` with the whitespace runs of the replaced text `found` put
/// back in order in place of its spaces, so a fix across a line break keeps
/// the line break ("counterfeit\nconsciousness" → "artificial\nintelligence").
fn keep_breaks(found: &str, replacement: String) -> String {
    let runs = || found.split(|c: char| !c.is_whitespace()).filter(|r| !r.is_empty());
    if runs().all(|r| r == " ") {
        return replacement;
    }
    let mut runs = runs();
    let mut out = String::with_capacity(replacement.len() + 4);
    for c in replacement.chars() {
        if c == ' ' {
            out.push_str(runs.next().unwrap_or(" "));
        } else {
            out.push(c);
        }
    }
    out
}

/// The indefinite article ("a"/"an", any case) right before byte `s`,
/// across whitespace only, with its start.
fn article_before(text: &str, s: usize) -> Option<(usize, &str)> {
    let before = text.get(..s)?;
    let word_end = before.trim_end().len();
    if word_end == before.len() {
        return None; // no space between: not a separate word
    }
    let word_start = before[..word_end].rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| i + 1);
    let word = &before[word_start..word_end];
    (word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an")).then_some((word_start, word))
}

/// Whether a word may start at byte `s` (no letter or digit before it).
fn starts_word(text: &str, s: usize) -> bool {
    !text.get(..s).and_then(|t| t.chars().next_back()).is_some_and(char::is_alphanumeric)
}

/// Whether a word may end at byte `e` (no letter or digit after it).
fn ends_word(text: &str, e: usize) -> bool {
    !text.get(e..).and_then(|t| t.chars().next()).is_some_and(char::is_alphanumeric)
}

/// How a match `text[s..e]` may end: on a word boundary (`""`) or after a
/// plural suffix of its last word ("s", "es") and then a boundary. Paper
/// mills tortured the plural as often as the singular ("bolster vector
/// machines", "arbitrary woodlands"), and PPS lists mostly singulars.
/// `None` if neither.
fn plural_end(text: &str, s: usize, e: usize) -> Option<&'static str> {
    if !starts_word(text, s) {
        return None;
    }
    if ends_word(text, e) {
        return Some("");
    }
    let last = text.get(..e)?.chars().next_back()?;
    if !last.is_ascii_alphabetic() {
        return None;
    }
    let rest = text.get(e..)?.as_bytes();
    ["es", "s"].into_iter().find(|suf| {
        rest.len() >= suf.len()
            && rest[..suf.len()].eq_ignore_ascii_case(suf.as_bytes())
            && ends_word(text, e + suf.len())
            && (*suf == "s" || ends_in_sibilant(&text[s..e]))
    })
}

/// Whether a word ends in a sound that takes "-es" (box, church, wish, bus).
fn ends_in_sibilant(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    ["s", "x", "z", "ch", "sh"].iter().any(|e| w.ends_with(e))
}

/// English plural of a phrase's last word ("random forest" → "random
/// forests", "noise matrix" → "noise matrices" is left regular: "matrixes").
fn plural(phrase: &str) -> String {
    let lower = phrase.to_ascii_lowercase();
    let consonant_y = lower.ends_with('y') && !lower[..lower.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{}ies", &phrase[..phrase.len() - 1])
    } else if ends_in_sibilant(&lower) {
        format!("{phrase}es")
    } else {
        format!("{phrase}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixes(text: &str) -> Vec<Fix> {
        crate::detect::testing::findings(&Tortured, text).fixes
    }

    /// Each fix on `text` as (replaced text, replacement); `None` in a build
    /// without the fingerprint list.
    fn matches(text: &str) -> Option<Vec<(&str, String)>> {
        if fingerprints().entries.is_empty() {
            return None;
        }
        Some(fixes(text).into_iter().map(|x| (&text[x.start..x.end], x.replacement)).collect())
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
    fn a_phrase_wrapped_across_lines_is_matched_and_keeps_its_break() {
        let Some(got) = matches("We apply an arbitrary\r\nwoodland and Arbitrary  Woodland.") else { return };
        // The article follows the new first word; the line break and the
        // double space stay; a capitalised name stays capitalised.
        assert_eq!(
            got,
            [
                ("an arbitrary\r\nwoodland", "a random\r\nforest".into()),
                ("Arbitrary  Woodland", "Random  Forest".into())
            ]
        );
    }

    #[test]
    fn a_british_spelling_of_a_fingerprint_is_matched() {
        assert_eq!(british("neural organization").as_deref(), Some("neural organisation"));
        assert_eq!(british("Optimized sizes analyzed").as_deref(), Some("Optimised sizes analysed"));
        assert_eq!(british("carbon seize"), None);
        assert_eq!(british("bin size"), None);
        // PPS lists "neural organization" (→ "neural network") in American spelling.
        let Some(got) = matches("We train a neural organisation on the data.") else { return };
        assert_eq!(got, [("neural organisation", "neural network".to_string())]);
    }

    #[test]
    fn a_hyphen_and_a_space_inside_a_fingerprint_are_the_same() {
        // PPS lists "irregular timberland"; a text may hyphenate it, and a
        // hyphenated fingerprint may be written with a space.
        let Some(got) = matches("An irregular-timberland model.") else { return };
        assert_eq!(got, [("An irregular-timberland", "A random forest".to_string())]);
        let spaced = OneSpaced::new("state-of-the-art - x-");
        assert_eq!(spaced.text, "state of the art - x-");
    }

    #[test]
    fn a_respelled_fingerprint_that_is_ordinary_english_is_only_proposed() {
        if fingerprints().entries.is_empty() {
            return;
        }
        // PPS lists "message-just" (text-only); spaced, it is everyday prose.
        let f = fixes("The error message just says what went wrong.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].confidence < 0.8, "{f:?}");
        assert_eq!(joiners("real-time data  x"), [true, false, false]);
        // As listed, or respelled where the LM lacks the pair, it still applies.
        for text in ["A message-just model.", "An irregular-timberland model."] {
            let f = fixes(text);
            assert!(f.len() == 1 && f[0].confidence >= 0.8, "{text}: {f:?}");
        }
    }

    #[test]
    fn one_spaced_text_maps_back_to_original_bytes() {
        let t = OneSpaced::new("a\t\n b  é c");
        assert_eq!(t.text, "a b é c");
        let (s, e) = t.original(2, 8); // "b é c" (é is two bytes)
        assert_eq!(&"a\t\n b  é c"[s..e], "b  é c");
        assert!(OneSpaced::new("plain text").from.is_none());
        assert_eq!(keep_breaks("x\n y", "p q r".into()), "p\n q r");
        assert_eq!(keep_breaks("x y", "p q".into()), "p q");
        assert_eq!(article_before("see an  x", 8), Some((4, "an")));
        assert_eq!(article_before("a banana x", 9), None);
        assert_eq!(article_before("An", 2), None);
    }

    #[test]
    fn terms_are_found_around_a_span() {
        let t = Terms {
            phrases: ["hidden layer", "heat transfer rate"].iter().map(|s| s.to_string()).collect(),
            words: ["hidden", "layer", "heat", "transfer", "rate"].iter().map(|s| s.to_string()).collect(),
        };
        let v = ["the", "hidden", "layer", "has", "heat", "transfer", "rate"];
        assert_eq!(t.around(&v, 1, 2), Some((1, 2))); // "hidden" starts the term
        assert_eq!(t.around(&v, 2, 3), Some((1, 2))); // "layer" ends it
        assert_eq!(t.around(&v, 0, 1), None); // "the" is outside it
        assert_eq!(t.around(&v, 3, 4), None);
        assert_eq!(t.around(&v, 5, 6), Some((4, 3))); // the longest term first
        assert!(!t.contains(&["hidden"])); // one word is no term

        // The masked scan agrees with the plain one on every span.
        let plain = |a: usize, b: usize| {
            (2..=Terms::MAX_WORDS).rev().find_map(|len| {
                (a.saturating_sub(len - 1)..b.min(v.len().saturating_sub(len - 1)))
                    .find(|&s| s + len > a && t.contains(&v[s..s + len]))
                    .map(|s| (s, len))
            })
        };
        for a in 0..v.len() {
            for b in a + 1..=v.len() {
                assert_eq!(t.around(&v, a, b), plain(a, b), "{a}..{b}");
            }
        }
        // A window wider than the mask takes the per-run path.
        let long: Vec<&str> = std::iter::repeat("x").take(30).chain(["hidden", "layer"]).collect();
        assert_eq!(t.around(&long, 0, 31), Some((30, 2)));
    }

    #[test]
    fn a_plural_is_restored_as_a_plural() {
        // PPS lists "bolster vector machine" and "arbitrary woodland" (singular).
        let Some(got) = matches("We trained Bolster vector machines and arbitrary woodlands.") else { return };
        assert_eq!(
            got,
            [
                ("Bolster vector machines", "Support vector machines".into()),
                ("arbitrary woodlands", "random forests".into())
            ]
        );
        assert_eq!(plural("noise pass"), "noise passes");
        assert_eq!(plural("energy"), "energies");
        assert_eq!(plural("key"), "keys");
    }

    #[test]
    fn a_longer_fingerprint_that_fails_a_boundary_leaves_the_shorter_one() {
        // "bolster vector machine" does not end a word in "machinery", but
        // the listed "bolster vector" still does.
        let Some(got) = matches("the bolster vector machinery") else { return };
        assert_eq!(got, [("bolster vector", "support vector".to_string())]);
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
