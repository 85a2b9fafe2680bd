//! Scrambles: a word dropped into the middle of its neighbour, so that the
//! text shows a fragment, then the word glued to the neighbour's remainder:
//! "take de stepscisive" for "take decisive steps". Text reflowed from
//! columns and some spinners' word shuffles produce exactly this shape.
//!
//! Pattern (both tokens on one line, one space apart): `a` then `b = w + s`
//! where `b` is not a word, `w` is a word, `s` is not, and `a + s` is a word.
//! The repair is "`a+s` `w`". The mirror shape, `a = p + w` and `b` with
//! `p + b` a word ("stepsde cisive"), is repaired to "`w` `p+b`".

use super::{ocr, Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::token::TokenKind;

/// Shortest pieces considered: shorter remainders match words by chance.
const MIN_PIECE: usize = 3;
/// The displaced word must be at least this long: three-letter words hide
/// inside garble by chance ("bo oreoted" is not "booted ore").
const MIN_WORD: usize = 4;
/// The rebuilt word must be at least this common (per word) to be believed.
const MIN_PROB: f64 = 1e-6;
/// Confidence of a scramble repair: both halves must click into words,
/// which chance rarely arranges, but the pattern is rare so the prior is low.
const CONF: f32 = 0.85;

/// The scramble detector (reported as kind `ocr`: a garbled word order).
pub struct Scramble;

impl Detector for Scramble {
    fn name(&self) -> &'static str {
        "scramble"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        let lex = &cx.models.lexicon;
        if lex.is_empty() {
            return;
        }
        let toks = cx.tokens;
        let good = |w: &str| lex.contains(w) && lex.prob(w) >= MIN_PROB;
        for i in 0..toks.len().saturating_sub(2) {
            let (a, sp, b) = (toks[i], toks[i + 1], toks[i + 2]);
            if !a.is_word() || sp.kind != TokenKind::Space || sp.text(cx.text) != " " || !b.is_word() {
                continue;
            }
            if ocr::is_code_like(cx, i) || ocr::is_code_like(cx, i + 2) {
                continue;
            }
            let (wa, wb) = (a.text(cx.text), b.text(cx.text));
            if !super::ocr::examinable(wa) || !super::ocr::examinable(wb) {
                continue;
            }
            if !wa.chars().chain(wb.chars()).all(|c| c.is_lowercase()) {
                continue;
            }
            let mut found: Option<(String, String)> = None;
            if !lex.contains(wb) {
                // b = w + s, a + s is a word
                for (k, _) in wb.char_indices().skip(MIN_WORD) {
                    let (w, s) = wb.split_at(k);
                    let rebuilt = format!("{wa}{s}");
                    if s.chars().count() >= MIN_PIECE
                        && w.chars().count() >= MIN_WORD
                        && good(w)
                        && !lex.contains(s)
                        && good(&rebuilt)
                    {
                        found = Some((rebuilt, w.to_string()));
                        break;
                    }
                }
            }
            if found.is_none() && !lex.contains(wa) {
                // a = p + w, p + b is a word
                for (k, _) in wa.char_indices().skip(1) {
                    let (p, w) = wa.split_at(k);
                    let rebuilt = format!("{p}{wb}");
                    if w.chars().count() >= MIN_WORD
                        && p.chars().count() >= MIN_PIECE
                        && good(w)
                        && !lex.contains(p)
                        && good(&rebuilt)
                    {
                        found = Some((w.to_string(), rebuilt));
                        break;
                    }
                }
            }
            let Some((first, second)) = found else { continue };
            let replacement = format!("{first} {second}");
            let why = format!("scrambled words: '{wa} {wb}' = '{replacement}'");
            out.push(Fix::new(a.start..b.end, replacement, Kind::Ocr, CONF, why));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::models::Models;
    use crate::token::tokenize;

    fn fixes(text: &str) -> Vec<String> {
        let models = Models::new(Vec::<String>::new());
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let mut out = Findings::default();
        Scramble.detect(&cx, &mut out);
        out.fixes.into_iter().map(|f| f.replacement).collect()
    }

    #[test]
    fn a_word_dropped_inside_its_neighbour() {
        assert_eq!(fixes("they could take de stepscisive now"), vec!["decisive steps"]);
        assert_eq!(fixes("a rather impor movestant step"), vec!["important moves"]);
    }

    #[test]
    fn ordinary_text_has_no_scrambles() {
        assert!(fixes("they could take decisive steps now, in the end").is_empty());
    }
}
