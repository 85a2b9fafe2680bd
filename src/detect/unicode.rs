//! Unicode oddities that PDF extraction and web scraping leave in prose:
//! presentation-form ligatures ("ﬁ"), soft hyphens, zero-width characters
//! inside words, and no-break spaces that cut a word in two.
//!
//! Each is a fact of Unicode (the compatibility decompositions of U+FB00–
//! U+FB06; U+00AD, U+200B, U+2060 and a non-initial U+FEFF are invisible),
//! so the repairs are certain except for the no-break-space join, which also
//! needs the lexicon to agree.

use super::{Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::token::TokenKind;

/// Confidence of expanding a ligature or deleting an invisible character:
/// these never carry meaning in English prose.
const CONF_CERTAIN: f32 = 0.97;
/// Confidence of deleting a no-break space between two halves of a word the
/// lexicon knows only whole (the halves might be deliberate, but rarely).
const CONF_NBSP_JOIN: f32 = 0.85;

/// The Unicode detector (kind `unicode`).
pub struct Unicode;

/// The compatibility decomposition of the Latin presentation forms.
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        _ => return None,
    })
}

impl Detector for Unicode {
    fn name(&self) -> &'static str {
        "unicode"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        let text = cx.text;
        if text.is_ascii() {
            return;
        }
        let ascii_letter_at = |i: Option<char>| i.is_some_and(|c| c.is_ascii_alphabetic());
        for (i, c) in text.char_indices() {
            let span = i..i + c.len_utf8();
            if let Some(l) = ligature(c) {
                let fixed = if text[..i].chars().next_back().is_some_and(char::is_uppercase)
                    && text[span.end..].chars().next().is_some_and(char::is_uppercase)
                {
                    l.to_uppercase()
                } else {
                    l.to_string()
                };
                out.push(Fix::new(span, fixed, Kind::Unicode, CONF_CERTAIN, format!("ligature U+{:04X}", c as u32)));
                continue;
            }
            let invisible = match c {
                '\u{ad}' | '\u{200b}' | '\u{2060}' => true,
                '\u{feff}' => i > 0,
                // Joiners matter in emoji and Indic/Persian text; between two
                // ASCII letters they are debris.
                '\u{200c}' | '\u{200d}' => {
                    ascii_letter_at(text[..i].chars().next_back()) && ascii_letter_at(text[span.end..].chars().next())
                }
                _ => false,
            };
            if invisible {
                let why = format!("invisible U+{:04X} inside text", c as u32);
                out.push(Fix::new(span, "", Kind::Unicode, CONF_CERTAIN, why));
            }
        }
        nbsp_joins(cx, out);
    }
}

/// "infor\u{a0}mation": a no-break space between two word pieces that are not
/// both words while the joined form is one.
fn nbsp_joins(cx: &Context<'_>, out: &mut Findings) {
    let lex = &cx.models.lexicon;
    for (i, t) in cx.tokens.iter().enumerate() {
        if t.kind != TokenKind::Space || !matches!(t.text(cx.text), "\u{a0}" | "\u{202f}" | "\u{2007}") {
            continue;
        }
        let (Some(a), Some(b)) = (i.checked_sub(1).map(|j| cx.tokens[j]), cx.tokens.get(i + 1)) else { continue };
        if !a.is_word() || !b.is_word() {
            continue;
        }
        let (wa, wb) = (a.text(cx.text), b.text(cx.text));
        let joined = format!("{wa}{wb}");
        if lex.contains(&joined) && !(lex.contains(wa) && lex.contains(wb)) {
            let why = format!("no-break space inside '{joined}'");
            out.push(Fix::new(t.span(), "", Kind::Unicode, CONF_NBSP_JOIN, why));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::models::Models;
    use crate::resolve;
    use crate::token::tokenize;

    fn clean(text: &str) -> String {
        let models = Models::new(Vec::<String>::new());
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let mut out = Findings::default();
        Unicode.detect(&cx, &mut out);
        let ds = resolve::resolve(text, out.fixes, 0.8);
        resolve::apply(text, ds.iter().filter(|d| d.applied).map(|d| &d.fix))
    }

    #[test]
    fn ligatures_and_invisibles() {
        assert_eq!(clean("the ﬁrst ofﬁce ﬂoor"), "the first office floor");
        assert_eq!(clean("infor\u{ad}mation and zero\u{200b}width"), "information and zerowidth");
        assert_eq!(clean("\u{feff}start"), "\u{feff}start");
        assert_eq!(clean("family 👨\u{200d}👩 ok"), "family 👨\u{200d}👩 ok");
    }

    #[test]
    fn nbsp_only_inside_words() {
        assert_eq!(clean("infor\u{a0}mation"), "information");
        assert_eq!(clean("New\u{a0}York"), "New\u{a0}York");
    }
}
