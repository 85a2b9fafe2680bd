//! A validated input text with a line index.
//!
//! The text is kept exactly as read (BOM, CRLF and all) so that byte offsets
//! are offsets into the original file and a passthrough is byte-identical.

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// One input text, already known to be valid UTF-8.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where the text came from, as the user named it ("-" for stdin).
    pub name: String,
    /// The full text, BOM included when present.
    pub text: String,
    /// Byte offset of the start of every line (the first is always 0).
    line_starts: Vec<usize>,
    /// Characters before each [`CHAR_BLOCK`]-byte block, then the total: a
    /// column on a megabyte-long line is counted from the nearest block, not
    /// the line start, so reporting many fixes on one line stays linear.
    char_marks: Vec<usize>,
}

/// Bytes per block of [`Document`]'s character index.
const CHAR_BLOCK: usize = 4096;

/// Characters whose first byte lies in `bytes` (UTF-8 continuation bytes are 0b10xxxxxx).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl Document {
    /// Wraps a text and indexes its lines. Only `\n` ends a line, so a CRLF
    /// file's `\r` stays part of the line it ends (the column math ignores it).
    pub fn new(name: impl Into<String>, text: String) -> Document {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()));
        let mut char_marks = Vec::with_capacity(text.len() / CHAR_BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(CHAR_BLOCK) {
            char_marks.push(chars);
            chars += char_starts(block);
        }
        char_marks.push(chars);
        Document { name: name.into(), text, line_starts, char_marks }
    }

    /// Byte length of the BOM at the start of the text (0 or 3). Detectors skip it.
    pub fn bom_len(&self) -> usize {
        if self.text.starts_with(BOM) {
            BOM.len()
        } else {
            0
        }
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    /// A BOM on the first line does not count as a column.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.line_starts[line];
        if line == 0 {
            start += self.bom_len().min(offset);
        }
        let col = self.chars_before(offset) - self.chars_before(start);
        (line + 1, col + 1)
    }

    /// Characters that start before byte `offset` (clamped to the text).
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        // Only an offset at the end of a text of whole blocks lands on the total.
        let block = offset / CHAR_BLOCK;
        self.char_marks[block] + char_starts(&self.text.as_bytes()[block * CHAR_BLOCK..offset])
    }

    /// Number of lines (a final line without a newline counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1)
}

/// Extracts about `width` characters around `start..end`, with the span in
/// `[brackets]` and line breaks shown as `⏎`, for the report's context column.
pub fn context(text: &str, start: usize, end: usize, width: usize) -> String {
    let side = width / 2;
    let before: String = {
        let head = &text[..start];
        let skip = head.chars().rev().take(side).map(char::len_utf8).sum::<usize>();
        head[head.len() - skip..].to_string()
    };
    let after: String = text[end..].chars().take(side).collect();
    let mut out = String::with_capacity(before.len() + after.len() + end - start + 2);
    push_visible(&mut out, &before);
    out.push('[');
    push_visible(&mut out, &text[start..end]);
    out.push(']');
    push_visible(&mut out, &after);
    out
}

fn push_visible(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\n' => out.push('⏎'),
            '\r' | '\u{feff}' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let d = Document::new("t", "ab\ncé d\r\nx".to_string());
        assert_eq!(d.line_col(0), (1, 1));
        assert_eq!(d.line_col(3), (2, 1));
        // "cé " is 4 bytes, 3 chars: 'd' is column 4
        assert_eq!(d.line_col(3 + 4), (2, 4));
        assert_eq!(d.line_col(d.text.len() - 1), (3, 1));
        assert_eq!(d.line_count(), 3);
    }

    #[test]
    fn columns_on_a_long_line_count_characters_across_blocks() {
        // Multi-byte characters straddle the index's block boundaries.
        let line = "é".repeat(3 * CHAR_BLOCK) + "x";
        let d = Document::new("t", format!("ab\n{line}\nz"));
        let x = 3 + line.len() - 1;
        assert_eq!(d.line_col(x), (2, 3 * CHAR_BLOCK + 1));
        assert_eq!(d.line_col(x + 2), (3, 1));
        assert_eq!(d.line_col(d.text.len()), (3, 2));
        for off in (3..x).step_by(997).filter(|&o| d.text.is_char_boundary(o)) {
            assert_eq!(d.line_col(off), (2, d.text[3..off].chars().count() + 1));
        }
    }

    #[test]
    fn bom_is_not_a_column() {
        let d = Document::new("t", format!("{BOM}hi there"));
        assert_eq!(d.bom_len(), 3);
        assert_eq!(d.line_col(3), (1, 1));
        assert_eq!(d.line_col(6), (1, 4));
    }

    #[test]
    fn context_brackets_the_span() {
        let t = "one two\nthree four";
        assert_eq!(context(t, 8, 13, 8), "two⏎[three] fou");
    }
}
