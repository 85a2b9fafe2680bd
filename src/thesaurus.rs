//! The reverse thesaurus: for a form found in text ("home"), the originals a
//! spinner may have replaced by it ("house", "residence", …), plus the
//! morphology needed to use it on inflected text ("mentioned" → lemma
//! "mention" → original "say" → re-inflected "said").
//!
//! Data (see `dictionaries/README.md`): `thesaurus.tsv.xz` (Moby Thesaurus II
//! ∪ WordNet 3.0, reversed and pruned to lexicon words), `morphology.tsv.xz`
//! (WordNet's irregular forms) and the curated `paraphrases.tsv` (general
//! English function-phrase equivalences that spinners produce). The first two
//! are embedded as text plus an fst index (`build.rs` BLOBS), so start-up
//! parses nothing and a lookup reads one line.

use std::collections::HashMap;
use std::sync::OnceLock;

use fst::Map;

use crate::lexicon::Lexicon;

static THES_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/thesaurus.fst"));
static THES_TXT: &str = include_str!(concat!(env!("OUT_DIR"), "/thesaurus.txt"));
static MORPH_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/morphology.fst"));
static MORPH_TXT: &str = include_str!(concat!(env!("OUT_DIR"), "/morphology.txt"));
static PARAPHRASES: &str = include_str!("../dictionaries/paraphrases.tsv");

/// Synonym-list size given to a curated paraphrase: a spinner that rewrites
/// "because" has only a handful of stock rewrites to pick from (our curated
/// table lists 1–3 per original), far fewer than a thesaurus root's hundreds.
pub const PARAPHRASE_SIZE: u32 = 3;

/// One possible original of a spun form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Original {
    /// The original, lower-case, words separated by single spaces.
    pub text: String,
    /// How many synonyms the original has in the thesaurus: the spinner chose
    /// one of them, so P(form | original) ≈ 1 / size.
    pub size: u32,
    /// Whether it comes from the curated paraphrase table (else the thesaurus).
    pub curated: bool,
    /// How close it is to the form in WordNet: spinners' tables favour the
    /// closest synonyms (see [`Relation::log10_weight`]).
    pub relation: Relation,
}

/// How an original relates to a spun form in WordNet, closest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// Same synset (`/s` in the thesaurus file).
    Mate,
    /// One pointer apart: similar-to, also-see, verb group or hypernym (`/h`).
    Hop,
    /// No WordNet relation (a Moby-only synonym).
    Far,
}

impl Relation {
    /// log10 of how much likelier a spinner is to pick a synonym with this
    /// relation than one drawn at random from the original's list, i.e. the
    /// factor on the channel's 1/|S| (normalised, so the average synonym keeps
    /// weight 1). Measured on the thesaurus and seed 002's gold (71 spun pairs
    /// against the 1,566 other top-25 candidates of the same forms): mates
    /// 41 % vs 10 %, one hop 35 % vs 21 %, neither 24 % vs 69 %.
    pub fn log10_weight(self) -> f64 {
        match self {
            Relation::Mate => 0.60,
            Relation::Hop => 0.23,
            Relation::Far => -0.46,
        }
    }
}

/// Parses one `orig/size[/s|/h]` item of a thesaurus line.
fn parse_item(item: &str) -> Original {
    let (rest, relation) = if let Some(r) = item.strip_suffix("/s") {
        (r, Relation::Mate)
    } else if let Some(r) = item.strip_suffix("/h") {
        (r, Relation::Hop)
    } else {
        (item, Relation::Far)
    };
    let (text, size) = rest.rsplit_once('/').unwrap_or((rest, "1"));
    Original { text: text.to_string(), size: size.parse().unwrap_or(1).max(1), curated: false, relation }
}

/// An inflection a form carries, so a candidate original can be given the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Infl {
    /// The form as is (no change).
    Base,
    /// Plural noun or third-person singular verb (-s).
    S,
    /// Past tense or past participle (-ed, irregular).
    Ed,
    /// Present participle (-ing).
    Ing,
}

impl Infl {
    /// Short label for evidence strings.
    pub fn label(self) -> &'static str {
        match self {
            Infl::Base => "",
            Infl::S => "-s",
            Infl::Ed => "-ed",
            Infl::Ing => "-ing",
        }
    }
}

/// Reverse thesaurus, morphology and curated paraphrases.
pub struct Thesaurus {
    map: Map<&'static [u8]>,
    morph: Map<&'static [u8]>,
}

impl Thesaurus {
    /// The data embedded at build time (empty maps in a data-less build).
    pub fn embedded() -> Thesaurus {
        Thesaurus {
            map: Map::new(THES_FST).expect("embedded thesaurus.fst is valid"),
            morph: Map::new(MORPH_FST).expect("embedded morphology.fst is valid"),
        }
    }

    /// Whether the thesaurus has no data.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Whether `form` (lower-case, single spaces) has any listed original.
    pub fn has(&self, form: &str) -> bool {
        self.map.contains_key(form) || paraphrases().contains_key(form)
    }

    /// Whether the curated paraphrase table lists `form`.
    pub fn is_curated(&self, form: &str) -> bool {
        paraphrases().contains_key(form)
    }

    /// Possible originals of `form` (lower-case, single spaces): curated
    /// paraphrases first, then thesaurus roots ranked by prior × channel.
    pub fn originals(&self, form: &str) -> Vec<Original> {
        let mut out: Vec<Original> = paraphrases()
            .get(form)
            .into_iter()
            .flatten()
            // A curated paraphrase is an exact equivalence: as close as a synset mate.
            .map(|o| Original { text: o.clone(), size: PARAPHRASE_SIZE, curated: true, relation: Relation::Mate })
            .collect();
        let Some(line) = line_at(&self.map, THES_TXT, form) else { return out };
        for item in line.split('|') {
            let o = parse_item(item);
            if out.iter().any(|x| x.text == o.text) {
                continue;
            }
            out.push(o);
        }
        out
    }

    /// Every (form, originals line) pair of the reverse thesaurus, in key
    /// order. Used by the spinner simulator to invert the map; O(data size).
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, Vec<Original>)> {
        THES_TXT.lines().filter_map(|line| {
            let (form, rest) = line.split_once('\t')?;
            let originals = rest.split('|').map(parse_item).collect();
            Some((form, originals))
        })
    }

    /// Lemma readings of a lower-case word: `(lemma, inflection)` pairs,
    /// always including `(word, Base)`. Irregular forms come from WordNet's
    /// exception lists, regular ones from suffix rules checked against the lexicon.
    pub fn lemmas(&self, word: &str, lex: &Lexicon) -> Vec<(String, Infl)> {
        let mut out = vec![(word.to_string(), Infl::Base)];
        let mut add = |lemma: String, infl: Infl| {
            if lemma.len() >= 2
                && lemma != word
                && lex.contains(&lemma)
                && !out.iter().any(|(l, i)| *l == lemma && *i == infl)
            {
                out.push((lemma, infl));
            }
        };
        if let Some(line) = line_at(&self.morph, MORPH_TXT, &format!("<{word}")) {
            for item in line.split(' ') {
                let (base, pos) = item.rsplit_once('/').unwrap_or((item, ""));
                let infl = match pos {
                    "n" => Infl::S,
                    "v" if word.ends_with("ing") => Infl::Ing,
                    "v" if word.ends_with('s') && !word.ends_with("ss") => Infl::S,
                    "v" => Infl::Ed,
                    _ => continue,
                };
                add(base.to_string(), infl);
            }
        }
        let strip = |suffix: &str| word.strip_suffix(suffix).filter(|s| s.len() >= 2);
        if let Some(s) = strip("ies") {
            add(format!("{s}y"), Infl::S);
        }
        if let Some(s) = strip("es") {
            if s.ends_with(['s', 'x', 'z']) || s.ends_with("ch") || s.ends_with("sh") {
                add(s.to_string(), Infl::S);
            }
        }
        if let Some(s) = strip("s") {
            if !s.ends_with('s') {
                add(s.to_string(), Infl::S);
            }
        }
        for (suffix, infl) in [("ed", Infl::Ed), ("ing", Infl::Ing)] {
            if let Some(s) = strip(suffix) {
                if infl == Infl::Ed {
                    if let Some(y) = s.strip_suffix('i') {
                        add(format!("{y}y"), infl);
                    }
                }
                add(s.to_string(), infl);
                add(format!("{s}e"), infl);
                let b = s.as_bytes();
                if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
                    add(s[..s.len() - 1].to_string(), infl);
                }
            }
        }
        out
    }

    /// Forms of the lower-case single word `lemma` carrying `infl`, kept only
    /// if the lexicon knows them (irregular forms first).
    pub fn inflect(&self, lemma: &str, infl: Infl, lex: &Lexicon) -> Vec<String> {
        if infl == Infl::Base {
            return vec![lemma.to_string()];
        }
        let mut out: Vec<String> = Vec::new();
        if let Some(line) = line_at(&self.morph, MORPH_TXT, &format!(">{lemma}")) {
            for item in line.split(' ') {
                let (form, pos) = item.rsplit_once('/').unwrap_or((item, ""));
                let fits = match infl {
                    Infl::S => pos == "n" || (pos == "v" && form.ends_with('s')),
                    Infl::Ing => pos == "v" && form.ends_with("ing"),
                    Infl::Ed => pos == "v" && !form.ends_with("ing") && !form.ends_with('s'),
                    Infl::Base => false,
                };
                if fits && !out.iter().any(|f| f == form) {
                    out.push(form.to_string());
                }
            }
        }
        if !out.is_empty() && infl != Infl::S {
            return out;
        }
        let consonant_y = lemma.ends_with('y') && !["ay", "ey", "oy", "uy"].iter().any(|v| lemma.ends_with(v));
        let stem = &lemma[..lemma.len().saturating_sub(1)];
        let last = lemma.chars().last().unwrap_or('a');
        let mut rules: Vec<String> = Vec::new();
        match infl {
            Infl::S => {
                if consonant_y {
                    rules.push(format!("{stem}ies"));
                } else if lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("ch") || lemma.ends_with("sh") {
                    rules.push(format!("{lemma}es"));
                } else {
                    rules.push(format!("{lemma}s"));
                }
            }
            Infl::Ed => {
                if lemma.ends_with('e') {
                    rules.push(format!("{lemma}d"));
                } else if consonant_y {
                    rules.push(format!("{stem}ied"));
                } else {
                    rules.push(format!("{lemma}ed"));
                    rules.push(format!("{lemma}{last}ed"));
                }
            }
            Infl::Ing => {
                if let Some(stem) = lemma.strip_suffix("ie") {
                    rules.push(format!("{stem}ying"));
                } else if lemma.ends_with('e') && !lemma.ends_with("ee") && lemma.len() > 2 {
                    rules.push(format!("{stem}ing"));
                } else {
                    rules.push(format!("{lemma}ing"));
                    rules.push(format!("{lemma}{last}ing"));
                }
            }
            Infl::Base => {}
        }
        for r in rules {
            if lex.count(&r).is_some() && !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }

    /// Forms of a possibly multi-word lemma carrying `infl` on word `head`
    /// (0 = first, anything else = last): "refer to as" + Ed on the first → "referred to as".
    pub fn inflect_phrase(&self, lemma: &str, infl: Infl, head_first: bool, lex: &Lexicon) -> Vec<String> {
        let words: Vec<&str> = lemma.split(' ').collect();
        if words.len() == 1 || infl == Infl::Base {
            return self.inflect(lemma, infl, lex);
        }
        let k = if head_first { 0 } else { words.len() - 1 };
        self.inflect(words[k], infl, lex)
            .into_iter()
            .map(|f| {
                let mut w: Vec<&str> = words.clone();
                w[k] = &f;
                w.join(" ")
            })
            .collect()
    }
}

/// The value part of the line indexed under `key`, if any.
fn line_at<'t>(map: &Map<&'static [u8]>, text: &'t str, key: &str) -> Option<&'t str> {
    let at = usize::try_from(map.get(key)?).ok()?;
    let line = text.get(at..)?.split('\n').next()?;
    line.split_once('\t').map(|(_, v)| v)
}

/// Spun form → originals.
type Paraphrases = HashMap<String, Vec<String>, crate::lm::NgramHashBuild>;

/// The curated paraphrase table, parsed once: spun form → originals.
/// (Looked up for every span the spin detector considers: a fast hasher.)
fn paraphrases() -> &'static Paraphrases {
    static P: OnceLock<Paraphrases> = OnceLock::new();
    P.get_or_init(|| {
        let mut m = Paraphrases::default();
        for line in PARAPHRASES.lines() {
            let line = line.split('#').next().unwrap_or("").trim_end();
            let mut cols = line.split('\t');
            let (Some(form), Some(orig)) = (cols.next(), cols.next()) else { continue };
            let (form, orig) = (form.trim(), orig.trim());
            if !form.is_empty() && !orig.is_empty() {
                m.entry(form.to_string()).or_default().push(orig.to_string());
            }
        }
        m
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_carry_size_and_wordnet_relation() {
        let o = parse_item("bloodshed/62/s");
        assert_eq!((o.text.as_str(), o.size, o.relation), ("bloodshed", 62, Relation::Mate));
        let o = parse_item("strong/448/h");
        assert_eq!((o.text.as_str(), o.size, o.relation), ("strong", 448, Relation::Hop));
        let o = parse_item("waste/477");
        assert_eq!((o.text.as_str(), o.size, o.relation), ("waste", 477, Relation::Far));
        let o = parse_item("wrack and ruin/32");
        assert_eq!((o.text.as_str(), o.size, o.relation), ("wrack and ruin", 32, Relation::Far));
    }

    fn setup() -> Option<(Thesaurus, Lexicon)> {
        let t = Thesaurus::embedded();
        let l = Lexicon::embedded();
        (!t.is_empty() && !l.is_empty()).then_some((t, l))
    }

    #[test]
    fn reverse_lookup_finds_the_original() {
        let Some((t, _)) = setup() else { return };
        let o = t.originals("home");
        assert!(o.iter().any(|o| o.text == "house" && o.size > 1), "{o:?}");
        assert!(t.originals("zzqx").is_empty());
    }

    #[test]
    fn curated_paraphrases_come_first() {
        let Some((t, _)) = setup() else { return };
        let o = t.originals("in the event that");
        assert_eq!(o.first().map(|o| (o.text.as_str(), o.curated)), Some(("if", true)), "{o:?}");
    }

    #[test]
    fn lemmatise_and_reinflect_regular_and_irregular() {
        let Some((t, l)) = setup() else { return };
        let lem = t.lemmas("mentioned", &l);
        assert!(lem.contains(&("mention".to_string(), Infl::Ed)), "{lem:?}");
        assert_eq!(t.inflect("say", Infl::Ed, &l), vec!["said".to_string()]);
        assert!(t.inflect("try", Infl::Ing, &l).contains(&"trying".to_string()));
        assert!(t.inflect("policy", Infl::S, &l).contains(&"policies".to_string()));
        assert!(t.inflect("stop", Infl::Ed, &l).contains(&"stopped".to_string()));
        let lem = t.lemmas("children", &l);
        assert!(lem.contains(&("child".to_string(), Infl::S)), "{lem:?}");
        assert_eq!(t.inflect_phrase("refer to as", Infl::Ed, true, &l), vec!["referred to as".to_string()]);
    }
}
