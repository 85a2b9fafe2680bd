//! Stage 3: split text into words, numbers, punctuation and whitespace, each
//! with its byte span.
//!
//! Tokenising is one linear pass. Words are runs of letters (and combining
//! marks) with internal apostrophes (`doesn't`, `Trump’s`); hyphens are
//! punctuation so that `US-proposed` is three tokens and a detector sees both
//! halves. Anything with a digit is a [`TokenKind::Number`]; URLs and e-mail
//! addresses are single [`TokenKind::Url`] tokens that no detector touches.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with internal apostrophes.
    Word,
    /// Anything containing a digit: `2022`, `2.5`, `10th`, `G7`.
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// A run of horizontal whitespace (spaces, tabs, NBSP, BOM).
    Space,
    /// One line break: `\n`, `\r\n` or a lone `\r`.
    Newline,
    /// A URL or e-mail address: protected from every detector.
    Url,
}

/// A token: a kind and a byte span into the text it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// The token's span.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether this is a word (letters only).
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    // Combining diacritical marks (decomposed accents) belong to the letter before.
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn url_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'`]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"#)
            .expect("static regex")
    })
}

/// Splits `text` into tokens covering every byte exactly once.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut protected = url_regex().find_iter(text).map(|m| {
        // Trailing sentence punctuation belongs to the sentence, not the URL.
        let trimmed = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
        m.start()..m.start() + trimmed.len()
    });
    let mut next_protected = protected.next();
    let mut tokens = Vec::with_capacity(text.len() / 3);
    let mut i = 0;
    while i < text.len() {
        if let Some(p) = &next_protected {
            if p.start == i && p.end > i {
                tokens.push(Token { kind: TokenKind::Url, start: i, end: p.end });
                i = p.end;
                next_protected = protected.next();
                continue;
            }
            if p.start < i {
                next_protected = protected.next();
                continue;
            }
        }
        // A token never runs into the next protected span (which starts after `i`).
        let limit = next_protected.as_ref().map_or(text.len(), |p| p.start);
        let (kind, len) = scan(&text[i..limit]);
        tokens.push(Token { kind, start: i, end: i + len });
        i += len;
    }
    tokens
}

/// Scans one token at the start of `s` (non-empty), returning its kind and byte length.
fn scan(s: &str) -> (TokenKind, usize) {
    let mut chars = s.char_indices().peekable();
    let (_, c) = chars.next().expect("scan is called on non-empty text");
    if c == '\n' {
        return (TokenKind::Newline, 1);
    }
    if c == '\r' {
        return (TokenKind::Newline, if s[1..].starts_with('\n') { 2 } else { 1 });
    }
    if c.is_whitespace() || c == '\u{feff}' {
        let len = s
            .char_indices()
            .find(|&(_, c)| !((c.is_whitespace() && c != '\n' && c != '\r') || c == '\u{feff}'))
            .map_or(s.len(), |(j, _)| j);
        return (TokenKind::Space, len);
    }
    if is_word_char(c) || c.is_ascii_digit() || c.is_numeric() {
        let mut end = c.len_utf8();
        let mut has_digit = c.is_numeric();
        let mut prev = c;
        while let Some(&(j, d)) = chars.peek() {
            if is_word_char(d) || d.is_numeric() {
                has_digit |= d.is_numeric();
            } else if (is_apostrophe(d) && is_word_char(prev))
                || (matches!(d, '.' | ',' | ':') && prev.is_ascii_digit())
            {
                // An apostrophe inside a word, or a separator inside a number:
                // only when a letter (resp. digit) follows.
                let after = s[j + d.len_utf8()..].chars().next();
                let ok = match after {
                    Some(a) if is_apostrophe(d) => is_word_char(a),
                    Some(a) => a.is_ascii_digit(),
                    None => false,
                };
                if !ok {
                    break;
                }
            } else {
                break;
            }
            end = j + d.len_utf8();
            prev = d;
            chars.next();
        }
        let kind = if has_digit { TokenKind::Number } else { TokenKind::Word };
        return (kind, end);
    }
    (TokenKind::Punct, c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text).iter().map(|t| (t.kind, t.text(text))).collect()
    }

    #[test]
    fn words_keep_internal_apostrophes_but_not_hyphens() {
        use TokenKind::*;
        assert_eq!(
            kinds("Trump’s US-proposed deal doesn't 'work'"),
            vec![
                (Word, "Trump’s"),
                (Space, " "),
                (Word, "US"),
                (Punct, "-"),
                (Word, "proposed"),
                (Space, " "),
                (Word, "deal"),
                (Space, " "),
                (Word, "doesn't"),
                (Space, " "),
                (Punct, "'"),
                (Word, "work"),
                (Punct, "'"),
            ]
        );
    }

    #[test]
    fn numbers_include_separators_and_suffixes() {
        use TokenKind::*;
        assert_eq!(
            kinds("2.5-year 1,000 10th G7."),
            vec![
                (Number, "2.5"),
                (Punct, "-"),
                (Word, "year"),
                (Space, " "),
                (Number, "1,000"),
                (Space, " "),
                (Number, "10th"),
                (Space, " "),
                (Number, "G7"),
                (Punct, "."),
            ]
        );
    }

    #[test]
    fn urls_and_emails_are_single_tokens() {
        use TokenKind::*;
        assert_eq!(
            kinds("see https://x.org/a?b=c. or mail a.b@c.com"),
            vec![
                (Word, "see"),
                (Space, " "),
                (Url, "https://x.org/a?b=c"),
                (Punct, "."),
                (Space, " "),
                (Word, "or"),
                (Space, " "),
                (Word, "mail"),
                (Space, " "),
                (Url, "a.b@c.com"),
            ]
        );
    }

    #[test]
    fn line_breaks_are_tokens() {
        use TokenKind::*;
        assert_eq!(
            kinds("a\r\nb\rc\n"),
            vec![(Word, "a"), (Newline, "\r\n"), (Word, "b"), (Newline, "\r"), (Word, "c"), (Newline, "\n")]
        );
    }

    #[test]
    fn tokens_cover_every_byte() {
        let text = "\u{feff}Zoë  naïve\tcafé… 3½ ok";
        let toks = tokenize(text);
        let mut at = 0;
        for t in &toks {
            assert_eq!(t.start, at);
            at = t.end;
        }
        assert_eq!(at, text.len());
    }
}
