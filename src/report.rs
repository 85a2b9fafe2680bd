//! Stage 6b: the report of every proposal, applied or not.
//!
//! The CSV schema is a public contract (documented in README.md) that the
//! review loop (`unspin apply`) and the evaluation scripts rely on:
//!
//! `file,line,column,byte_start,byte_end,kind,original,replacement,confidence,applied,evidence,context`
//!
//! * `byte_start`/`byte_end`: 0-based, end-exclusive byte offsets into the
//!   original input; `input[byte_start..byte_end] == original` always holds.
//! * `line`/`column`: 1-based; the column counts characters.

use serde::{Deserialize, Serialize};

use crate::document::{context, Document};
use crate::fix::Decision;

/// Characters of context shown around a span.
pub const CONTEXT_WIDTH: usize = 60;

/// The report's column names, in order.
pub const HEADER: [&str; 12] = [
    "file",
    "line",
    "column",
    "byte_start",
    "byte_end",
    "kind",
    "original",
    "replacement",
    "confidence",
    "applied",
    "evidence",
    "context",
];

/// One report row. `applied` is a string on the way in, so reviewers may
/// write yes/no/accept/reject; it is always `true`/`false` on the way out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The input as the user named it (path or "-").
    pub file: String,
    /// 1-based line of `byte_start`.
    pub line: usize,
    /// 1-based column (characters) of `byte_start`.
    pub column: usize,
    /// Start byte offset into the original input.
    pub byte_start: usize,
    /// End byte offset (exclusive).
    pub byte_end: usize,
    /// The fix's kind (see [`crate::fix::Kind`]).
    pub kind: String,
    /// The original text of the span.
    pub original: String,
    /// The proposed replacement.
    pub replacement: String,
    /// Confidence in [0, 1], three decimals.
    pub confidence: f64,
    /// Whether the fix is (to be) applied.
    pub applied: String,
    /// Why the detector proposed it.
    pub evidence: String,
    /// About 60 characters around the span, the span in [brackets].
    pub context: String,
}

impl Row {
    /// Builds the row for one decision on one document.
    pub fn new(doc: &Document, d: &Decision) -> Row {
        let f = &d.fix;
        let (line, column) = doc.line_col(f.start);
        Row {
            file: doc.name.clone(),
            line,
            column,
            byte_start: f.start,
            byte_end: f.end,
            kind: f.kind.as_str().to_string(),
            original: doc.text[f.start..f.end].to_string(),
            replacement: f.replacement.clone(),
            confidence: (f64::from(f.confidence) * 1000.0).round() / 1000.0,
            applied: d.applied.to_string(),
            evidence: f.evidence.clone(),
            context: context(&doc.text, f.start, f.end, CONTEXT_WIDTH),
        }
    }
}

/// The report file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Comma-separated values with a header row (RFC 4180 quoting).
    #[default]
    Csv,
    /// One JSON object per line, same field names.
    Jsonl,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "json-lines" | "ndjson" => Ok(Format::Jsonl),
            _ => Err(format!("unknown report format {s:?} (expected csv or jsonl)")),
        }
    }
}

/// Serialises rows (already sorted) in the given format.
pub fn render(rows: &[Row], format: Format) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Csv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
            w.write_record(HEADER)?;
            for r in rows {
                w.serialize(r)?;
            }
            Ok(w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?)
        }
        Format::Jsonl => {
            let mut out = Vec::new();
            for r in rows {
                serde_json::to_writer(&mut out, r)?;
                out.push(b'\n');
            }
            Ok(out)
        }
    }
}

/// Sorts rows by file, then offset: the report's documented order.
pub fn sort(rows: &mut [Row]) {
    rows.sort_by(|a, b| a.file.cmp(&b.file).then(a.byte_start.cmp(&b.byte_start)).then(a.byte_end.cmp(&b.byte_end)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Fix, Kind};

    #[test]
    fn csv_has_the_contract_header_and_quotes_fields() {
        let doc = Document::new("dir/a.txt", "say \"hi\", goverment\n".to_string());
        let d = Decision { fix: Fix::new(10..19, "government", Kind::Spelling, 0.91234, "a, b"), applied: true };
        let row = Row::new(&doc, &d);
        assert_eq!(row.original, "goverment");
        assert_eq!((row.line, row.column), (1, 11));
        let out = String::from_utf8(render(&[row], Format::Csv).unwrap()).unwrap();
        let mut lines = out.lines();
        assert_eq!(lines.next().unwrap(), HEADER.join(","));
        let body = lines.next().unwrap();
        assert!(body.starts_with("dir/a.txt,1,11,10,19,spelling,goverment,government,0.912,true,\"a, b\","), "{body}");
    }

    #[test]
    fn rows_round_trip_through_csv() {
        let doc = Document::new("x", "ab\ncd".to_string());
        let d = Decision { fix: Fix::new(1..4, "Z", Kind::Join, 0.5, "e"), applied: false };
        let row = Row::new(&doc, &d);
        let bytes = render(std::slice::from_ref(&row), Format::Csv).unwrap();
        let mut r = csv::Reader::from_reader(&bytes[..]);
        let back: Row = r.deserialize().next().unwrap().unwrap();
        assert_eq!(back, row);
    }
}
