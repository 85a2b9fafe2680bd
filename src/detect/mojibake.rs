//! Mojibake: UTF-8 text that was decoded as cp1252 or Latin-1 (once or
//! twice), C1 control characters left by a cp1252 file read as Latin-1, and
//! HTML character references left in plain text.
//!
//! Every UTF-8 sequence of a non-ASCII character consists of bytes ≥ 0x80, so
//! when such text is read as a single-byte encoding each character becomes a
//! run of non-ASCII characters ("’" = E2 80 99 → "â€™"). The repair maps a
//! maximal run of characters that a single-byte code page can produce back to
//! bytes (the cp1252 table comes from `encoding_rs`; Latin-1 adds the C1
//! controls U+0080–U+009F) and decodes those bytes as UTF-8 again, repeating
//! while that still changes something (two layers: "Ã¢â‚¬â„¢" → "â€™" → "’").
//! A decoded character must also be plausible text (see [`plausible`]), so
//! legitimate accented text ("CAFÉ’s") is left alone.

use std::sync::OnceLock;

use regex::Regex;

use super::{Context, Detector, Findings};
use crate::fix::{Fix, Kind};
use crate::token::TokenKind;

/// Confidence of a code-page repair: a run that decodes as valid UTF-8 into
/// plausible characters is almost never legitimate text (ftfy's experience
/// and our tests); the residue is exotic all-caps accented text.
const CONF_DECODE: f32 = 0.97;
/// Confidence of turning a lone C1 control into its cp1252 character: C1
/// controls have no business in prose.
const CONF_C1: f32 = 0.95;
/// Confidence of decoding an HTML character reference in plain text.
const CONF_ENTITY: f32 = 0.92;
/// Layers of mis-decoding undone at most (three covers every case seen in
/// practice; each layer roughly doubles the text, so more is never real).
const MAX_LAYERS: usize = 3;

/// The mojibake detector (kind `mojibake`).
pub struct Mojibake;

impl Detector for Mojibake {
    fn name(&self) -> &'static str {
        "mojibake"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        let text = cx.text;
        if !text.is_ascii() {
            for (start, end) in single_byte_runs(text) {
                let run = &text[start..end];
                if let Some((fixed, layers)) = repair(run) {
                    let (conf, why) = if layers == 0 {
                        (CONF_C1, "C1 control character: a cp1252 text read as Latin-1".to_string())
                    } else {
                        (CONF_DECODE, format!("UTF-8 read as cp1252/Latin-1 ({layers} layer{})", plural(layers)))
                    };
                    out.push(Fix::new(start..end, fixed, Kind::Mojibake, conf, why));
                }
            }
        }
        if text.contains('&') {
            entities(cx, out);
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// cp1252's characters for bytes 0x80–0x9F, taken from `encoding_rs` (bytes
/// cp1252 leaves undefined decode to the C1 control of the same value).
fn cp1252_high() -> &'static [char; 32] {
    static TABLE: OnceLock<[char; 32]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = ['\0'; 32];
        for (i, slot) in t.iter_mut().enumerate() {
            let b = [0x80 + i as u8];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&b);
            *slot = s.chars().next().unwrap_or(char::from(b[0]));
        }
        t
    })
}

/// The byte a single-byte code page (cp1252, or Latin-1 for the C1 range)
/// decodes to `c`, if `c` is non-ASCII and such a byte exists.
pub fn single_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    cp1252_high().iter().position(|&d| d == c).map(|i| 0x80 + i as u8)
}

/// What cp1252 makes of byte `b`.
pub fn cp1252_char(b: u8) -> char {
    if (0x80..0xA0).contains(&b) {
        cp1252_high()[(b - 0x80) as usize]
    } else {
        char::from(b)
    }
}

/// Maximal runs of non-ASCII characters that a single-byte code page can produce.
fn single_byte_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (single_byte(c).is_some(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, text.len()));
    }
    runs
}

/// Undoes up to [`MAX_LAYERS`] layers of mis-decoding in `run`, then maps
/// left-over C1 controls through cp1252. Returns the repair and the number of
/// UTF-8 layers undone, or `None` when nothing changes.
pub fn repair(run: &str) -> Option<(String, usize)> {
    let mut cur = run.to_string();
    let mut layers = 0;
    while layers < MAX_LAYERS {
        match decode_layer(&cur) {
            Some(next) => {
                cur = next;
                layers += 1;
            }
            None => break,
        }
    }
    if cur.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        cur = cur.chars().map(|c| if ('\u{80}'..='\u{9f}').contains(&c) { cp1252_char(c as u8) } else { c }).collect();
    }
    (cur != run).then_some((cur, layers))
}

/// One layer: every stretch of code-page characters whose bytes form a valid,
/// plausible UTF-8 sequence is replaced by the character it encodes.
fn decode_layer(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if let Some((c, n)) = utf8_at(&chars[i..]) {
            out.push(c);
            i += n;
            changed = true;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    changed.then_some(out)
}

/// If the code-page bytes of `chars` start with a valid multi-byte UTF-8
/// sequence encoding a plausible character, that character and its length.
fn utf8_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = single_byte(*chars.first()?)?;
    let n = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    if chars.len() < n {
        return None;
    }
    let mut bytes = [0u8; 4];
    for (k, slot) in bytes.iter_mut().take(n).enumerate() {
        *slot = single_byte(chars[k])?;
    }
    let c = std::str::from_utf8(&bytes[..n]).ok()?.chars().next()?;
    plausible(c, n).then_some((c, n))
}

/// Whether a decoded character is something prose contains. Two-byte
/// sequences must land in Latin-1, Latin Extended-A, Greek, Cyrillic or on
/// a cp1252 character (so a further layer can be undone) (an
/// accented capital before a curly quote, "É’", would otherwise become
/// Latin Extended-B); longer ones anywhere but private use.
fn plausible(c: char, len: usize) -> bool {
    let u = c as u32;
    match len {
        2 => matches!(u, 0x80..=0x17F | 0x370..=0x3FF | 0x400..=0x4FF) || single_byte(c).is_some(),
        _ => !matches!(u, 0xE000..=0xF8FF | 0xF0000..) && !c.is_control(),
    }
}

fn entity_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"&(?:amp;)*(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});").expect("static regex")
    })
}

/// HTML named references that turn up in scraped prose. A general HTML fact
/// (the HTML 5 entity table), limited to the ones plain text needs.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("sbquo", '‚'),
    ("bdquo", '„'),
    ("hellip", '…'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("euro", '€'),
    ("pound", '£'),
    ("cent", '¢'),
    ("yen", '¥'),
    ("sect", '§'),
    ("para", '¶'),
    ("middot", '·'),
    ("bull", '•'),
    ("times", '×'),
    ("divide", '÷'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("aacute", 'á'),
    ("agrave", 'à'),
    ("ccedil", 'ç'),
    ("ntilde", 'ñ'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("auml", 'ä'),
    ("iacute", 'í'),
    ("oacute", 'ó'),
    ("uacute", 'ú'),
    ("szlig", 'ß'),
    ("shy", '\u{ad}'),
];

fn decode_entity(e: &str) -> Option<char> {
    let body = e.strip_prefix('&')?.strip_suffix(';')?;
    if let Some(num) = body.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // Numeric references to C1 code points mean cp1252 (the HTML 5 rule).
        if (0x80..0xA0).contains(&v) {
            return Some(cp1252_char(v as u8));
        }
        return char::from_u32(v).filter(|c| !c.is_control() || *c == '\n' || *c == '\t');
    }
    NAMED.iter().find(|(n, _)| *n == body).map(|&(_, c)| c)
}

/// HTML character references outside URLs, with any `&amp;` layers above them.
fn entities(cx: &Context<'_>, out: &mut Findings) {
    let urls: Vec<(usize, usize)> =
        cx.tokens.iter().filter(|t| t.kind == TokenKind::Url).map(|t| (t.start, t.end)).collect();
    for m in entity_regex().find_iter(cx.text) {
        if urls.iter().any(|&(s, e)| s < m.end() && m.start() < e) {
            continue;
        }
        let mut layers = 0;
        let mut rest = &m.as_str()[1..];
        while rest.len() > 4 && rest.starts_with("amp;") {
            rest = &rest[4..];
            layers += 1;
        }
        let Some(c) = decode_entity(&format!("&{rest}")) else { continue };
        let why = format!("HTML character reference{}", if layers > 0 { " (escaped twice)" } else { "" });
        out.push(Fix::new(m.range(), c.to_string(), Kind::Mojibake, CONF_ENTITY, why));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_table_comes_from_encoding_rs() {
        assert_eq!(cp1252_char(0x92), '’');
        assert_eq!(cp1252_char(0x80), '€');
        assert_eq!(single_byte('€'), Some(0x80));
        assert_eq!(single_byte('é'), Some(0xE9));
        assert_eq!(single_byte('a'), None);
        assert_eq!(single_byte('ł'), None);
    }

    #[test]
    fn legit_accents_stay() {
        for s in ["é", "CAFÉ’", "naïve", "Zoë", "£5", "½", "«»", "°"] {
            assert_eq!(repair(s), None, "{s}");
        }
    }
}
