//! The review loop's second half: read a (possibly edited) report and apply
//! exactly the rows a reviewer accepted to the original inputs.
//!
//! The report is the CSV (or JSONL) that `clean` wrote, in the schema of
//! [`crate::report`]. Reviewers flip the `applied` column (true/yes/y/1/accept
//! or false/no/n/0/reject, any case) and may edit `replacement`. Every accepted
//! row is checked against the input before anything is written: the bytes at
//! `byte_start..byte_end` must still equal `original`, and accepted rows may not
//! overlap. Splicing is [`crate::resolve::apply`], the same function `clean`
//! uses, so an unedited report reproduces `clean`'s output byte for byte.
//!
//! Errors come in two levels. A report that cannot be read as a whole (bad
//! CSV, a missing column, an `applied` value that is neither yes nor no) is a
//! [`ReportError`]: nothing is written, because the reviewer's intent is
//! unknown. A problem with one input (missing, stale, overlapping rows) is a
//! per-file error: that file is skipped and the others still go through.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::fix::{Fix, Kind};
use crate::read;
use crate::report::Row;
use crate::walk::{self, Input};

/// A reviewed report row with where it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Reviewed {
    /// The row as read (with the reviewer's edits).
    pub row: Row,
    /// Its 1-based line in the report file (the header is line 1 of a CSV).
    pub line: u64,
    /// Whether the reviewer accepted it.
    pub accepted: bool,
    /// The row's kind.
    pub kind: Kind,
}

/// Why a report could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The report file could not be opened or read.
    #[error("{report}: cannot read: {source}")]
    Io {
        /// The report path.
        report: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A row (or the header) is malformed.
    #[error("{report}:{line}: {message}")]
    Row {
        /// The report path.
        report: String,
        /// 1-based line in the report.
        line: u64,
        /// What is wrong.
        message: String,
    },
}

/// Parses a reviewer's verdict. `None` for anything that is neither yes nor no.
pub fn parse_accept(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "accept" => Some(true),
        "false" | "no" | "n" | "0" | "reject" => Some(false),
        _ => None,
    }
}

/// Reads a report, CSV or JSONL (sniffed: a first non-blank byte `{` means JSONL).
pub fn read_report(path: &Path) -> Result<Vec<Reviewed>, ReportError> {
    let name = path.to_string_lossy().into_owned();
    let bytes = std::fs::read(path).map_err(|source| ReportError::Io { report: name.clone(), source })?;
    parse_report(&name, &bytes)
}

/// Parses report bytes; `name` is used in error messages.
pub fn parse_report(name: &str, bytes: &[u8]) -> Result<Vec<Reviewed>, ReportError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        parse_jsonl(name, bytes)
    } else {
        parse_csv(name, bytes)
    }
}

fn row_error(report: &str, line: u64, message: impl Into<String>) -> ReportError {
    ReportError::Row { report: report.to_string(), line, message: message.into() }
}

fn parse_csv(name: &str, bytes: &[u8]) -> Result<Vec<Reviewed>, ReportError> {
    let bytes = bytes.strip_prefix(crate::document::BOM.as_bytes()).unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let headers = rdr.headers().map_err(|e| row_error(name, 1, format!("bad CSV header: {e}")))?.clone();
    for col in ["file", "byte_start", "byte_end", "kind", "original", "replacement", "applied"] {
        if !headers.iter().any(|h| h.trim() == col) {
            return Err(row_error(name, 1, format!("the header has no {col:?} column (is this an unspin report?)")));
        }
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            row_error(name, line, format!("bad CSV: {e}"))
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let row: Row = rec.deserialize(Some(&headers)).map_err(|e| row_error(name, line, csv_field_error(&e)))?;
        out.push(review(name, line, row)?);
    }
    Ok(out)
}

fn csv_field_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(i) => format!("column {}: {}", i + 1, err.kind()),
            None => err.kind().to_string(),
        },
        _ => e.to_string(),
    }
}

fn parse_jsonl(name: &str, bytes: &[u8]) -> Result<Vec<Reviewed>, ReportError> {
    let mut out = Vec::new();
    for (i, line) in bytes.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.map_err(|e| row_error(name, line_no, format!("not UTF-8 text: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let mut v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| row_error(name, line_no, format!("not JSON: {e}")))?;
        // Reviewers editing JSON naturally write `"applied": true`.
        if let Some(a) = v.get_mut("applied") {
            if let Some(b) = a.as_bool() {
                *a = serde_json::Value::String(b.to_string());
            }
        }
        let row: Row = serde_json::from_value(v).map_err(|e| row_error(name, line_no, e.to_string()))?;
        out.push(review(name, line_no, row)?);
    }
    Ok(out)
}

fn review(name: &str, line: u64, row: Row) -> Result<Reviewed, ReportError> {
    let accepted = parse_accept(&row.applied).ok_or_else(|| {
        row_error(
            name,
            line,
            format!(
                "applied is {:?}; write true/yes/y/1/accept to apply the row or false/no/n/0/reject to skip it",
                row.applied
            ),
        )
    })?;
    let kind: Kind = row.kind.parse().map_err(|e: String| row_error(name, line, e))?;
    if row.file.is_empty() {
        return Err(row_error(name, line, "the file column is empty"));
    }
    Ok(Reviewed { row, line, accepted, kind })
}

/// Groups rows by the input they name, in first-seen order.
pub fn by_file(rows: Vec<Reviewed>) -> Vec<(String, Vec<Reviewed>)> {
    let mut order: Vec<String> = Vec::new();
    let mut map: BTreeMap<String, Vec<Reviewed>> = BTreeMap::new();
    for r in rows {
        if !map.contains_key(&r.row.file) {
            order.push(r.row.file.clone());
        }
        map.entry(r.row.file.clone()).or_default().push(r);
    }
    order.into_iter().map(|f| (f.clone(), map.remove(&f).unwrap_or_default())).collect()
}

/// Checks one input's accepted rows against its text and turns them into
/// fixes, sorted and non-overlapping, ready for [`crate::resolve::apply`].
/// `report` and `file` name things in error messages.
pub fn plan(report: &str, file: &str, text: &str, rows: &[Reviewed]) -> Result<Vec<Fix>, String> {
    let mut accepted: Vec<&Reviewed> = rows.iter().filter(|r| r.accepted).collect();
    accepted.sort_by_key(|r| (r.row.byte_start, r.row.byte_end, r.line));
    let mut fixes: Vec<Fix> = Vec::with_capacity(accepted.len());
    let mut prev: Option<&Reviewed> = None;
    for r in accepted {
        let (s, e) = (r.row.byte_start, r.row.byte_end);
        let at = format!("{file}: {report}:{} (bytes {s}..{e})", r.line);
        if s > e {
            return Err(format!("{at}: byte_start is after byte_end; nothing written for this file"));
        }
        match text.get(s..e) {
            None => {
                return Err(format!(
                    "{at}: the span is outside the file ({} bytes) or splits a character; \
                     the report is stale, re-run clean; nothing written for this file",
                    text.len()
                ))
            }
            Some(found) if found != r.row.original => {
                return Err(format!(
                    "{at}: the file has {found:?} there, the report says {:?}; \
                     the report is stale, re-run clean; nothing written for this file",
                    r.row.original
                ))
            }
            Some(_) => {}
        }
        if let Some(p) = prev {
            if s < p.row.byte_end || s == p.row.byte_start {
                return Err(format!(
                    "{at}: overlaps the accepted row at {report}:{} (bytes {}..{}); accept only one of them; \
                     nothing written for this file",
                    p.line, p.row.byte_start, p.row.byte_end
                ));
            }
        }
        fixes.push(Fix::new(s..e, r.row.replacement.clone(), r.kind, r.row.confidence as f32, r.row.evidence.clone()));
        prev = Some(r);
    }
    Ok(fixes)
}

/// The deepest folder containing every named input: where `clean` walked
/// from when it was given that folder. Used to place outputs when `apply`
/// is not told the original PATH arguments.
pub fn common_root<'a, I: IntoIterator<Item = &'a str>>(names: I) -> PathBuf {
    let mut root: Option<Vec<std::path::Component<'a>>> = None;
    for n in names {
        let parent: Vec<_> = Path::new(n).parent().map(|p| p.components().collect()).unwrap_or_default();
        root = Some(match root {
            None => parent,
            Some(r) => r.into_iter().zip(parent).take_while(|(a, b)| a == b).map(|(a, _)| a).collect(),
        });
    }
    root.unwrap_or_default().into_iter().collect()
}

/// What happened to one input.
#[derive(Debug)]
pub struct Applied {
    /// The input as named in the report.
    pub name: String,
    /// Its text as read now.
    pub original: String,
    /// The accepted fixes, validated, sorted.
    pub fixes: Vec<Fix>,
    /// Rows the reviewer rejected.
    pub rejected: usize,
    /// Where the result was written, if it was.
    pub written: Option<PathBuf>,
}

impl Applied {
    /// The input with the accepted fixes spliced in.
    pub fn cleaned(&self) -> String {
        crate::resolve::apply(&self.original, &self.fixes)
    }
}

/// Decides which inputs a report's rows go to and where their outputs go.
///
/// With `paths` (the PATH arguments `clean` was given), inputs are walked
/// exactly as `clean` walks them, so every input gets an output at the same
/// relative path as `clean` wrote, rows or not; a report row naming a file
/// not found there is an error. Without, the inputs are the files the report
/// names (relative to the current folder) and each output goes to its name
/// relative to [`common_root`] of all names.
pub fn targets(
    report: &str,
    rows: Vec<Reviewed>,
    paths: &[PathBuf],
    out_dir: Option<&Path>,
) -> Vec<Result<(Input, Vec<Reviewed>), String>> {
    let mut groups = by_file(rows);
    let mut result = Vec::new();
    if paths.is_empty() {
        let root = common_root(groups.iter().map(|(f, _)| f.as_str()));
        for (file, rows) in groups {
            if file == "-" {
                result.push(Err(format!(
                    "-: {report}:{}: this input was read from stdin and cannot be re-read; \
                     re-run clean on a file",
                    rows[0].line
                )));
                continue;
            }
            let path = PathBuf::from(&file);
            let rel = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
            result.push(Ok((Input { path: Some(path), name: file, rel }, rows)));
        }
        return result;
    }
    let (inputs, errors) = walk::collect(paths, out_dir);
    result.extend(errors.into_iter().map(Err));
    for input in inputs {
        let rows = match groups.iter().position(|(f, _)| *f == input.name) {
            Some(i) => groups.remove(i).1,
            None => Vec::new(),
        };
        result.push(Ok((input, rows)));
    }
    for (file, rows) in groups {
        result.push(Err(format!(
            "{file}: named at {report}:{} but not found under the given PATHs; \
             give apply the same PATHs as clean, from the same folder",
            rows[0].line
        )));
    }
    result
}

/// Applies the reviewed rows to every target, in parallel, writing into
/// `out_dir` when given (else only computing, e.g. for a diff). Results come
/// back in target order; one file's failure never stops the others.
pub fn run(
    report: &str,
    targets: Vec<Result<(Input, Vec<Reviewed>), String>>,
    out_dir: Option<&Path>,
    max_file_size: u64,
) -> Vec<Result<Applied, String>> {
    let mut seen = std::collections::HashSet::new();
    let targets: Vec<_> = targets
        .into_iter()
        .map(|t| match t {
            Ok((i, _)) if !seen.insert(i.rel.clone()) => {
                Err(format!("{}: its output {} is already written for another input; skipped", i.name, i.rel.display()))
            }
            other => other,
        })
        .collect();
    targets
        .into_par_iter()
        .map(|t| {
            let (input, rows) = t?;
            apply_one(report, &input, &rows, out_dir, max_file_size)
        })
        .collect()
}

fn apply_one(
    report: &str,
    input: &Input,
    rows: &[Reviewed],
    out_dir: Option<&Path>,
    max_file_size: u64,
) -> Result<Applied, String> {
    let path = input.path.as_deref().unwrap_or(Path::new("-"));
    let doc = read::read_path(path, &input.name, max_file_size).map_err(|e| e.to_string())?;
    let fixes = plan(report, &input.name, &doc.text, rows)?;
    let rejected = rows.iter().filter(|r| !r.accepted).count();
    let mut applied = Applied { name: input.name.clone(), original: doc.text, fixes, rejected, written: None };
    if let Some(dir) = out_dir {
        let dest = dir.join(&input.rel);
        if let (Ok(a), Ok(b)) = (path.canonicalize(), dest.canonicalize()) {
            if a == b {
                return Err(format!("{}: output would overwrite the input; choose another --out", input.name));
            }
        }
        crate::output::write_atomic(&dest, applied.cleaned().as_bytes())
            .map_err(|e| format!("{}: {e:#}", input.name))?;
        applied.written = Some(dest);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "file,line,column,byte_start,byte_end,kind,original,replacement,confidence,applied,evidence,context\n";

    fn csv(rows: &[&str]) -> Vec<u8> {
        let mut s = HEAD.to_string();
        for r in rows {
            s.push_str(r);
            s.push('\n');
        }
        s.into_bytes()
    }

    #[test]
    fn verdict_words_are_case_insensitive_and_strict() {
        for y in ["true", "YES", "y", "1", "Accept", " yes "] {
            assert_eq!(parse_accept(y), Some(true), "{y}");
        }
        for n in ["false", "No", "N", "0", "REJECT"] {
            assert_eq!(parse_accept(n), Some(false), "{n}");
        }
        for bad in ["", "maybe", "2", "t"] {
            assert_eq!(parse_accept(bad), None, "{bad}");
        }
    }

    #[test]
    fn bad_applied_value_names_the_csv_line() {
        let b = csv(&["a.txt,1,1,0,3,spelling,teh,the,0.9,true,e,c", "a.txt,1,5,4,7,spelling,teh,the,0.9,perhaps,e,c"]);
        let e = parse_report("r.csv", &b).unwrap_err().to_string();
        assert!(e.starts_with("r.csv:3: applied is \"perhaps\""), "{e}");
    }

    #[test]
    fn missing_column_and_bad_numbers_are_report_errors() {
        let e = parse_report("r.csv", b"file,byte_start\nx,1\n").unwrap_err().to_string();
        assert!(e.contains("r.csv:1:") && e.contains("byte_end"), "{e}");
        let b = csv(&["a.txt,1,1,zero,3,spelling,teh,the,0.9,true,e,c"]);
        let e = parse_report("r.csv", &b).unwrap_err().to_string();
        assert!(e.starts_with("r.csv:2: column 4"), "{e}");
    }

    #[test]
    fn jsonl_reports_accept_boolean_applied() {
        let b = br#"{"file":"a","line":1,"column":1,"byte_start":0,"byte_end":3,"kind":"ocr","original":"teh","replacement":"the","confidence":0.5,"applied":true,"evidence":"","context":""}"#;
        let rows = parse_report("r.jsonl", b).unwrap();
        assert!(rows[0].accepted);
        assert_eq!(rows[0].kind, Kind::Ocr);
    }

    #[test]
    fn plan_checks_staleness_bounds_and_overlap() {
        let text = "teh cat sat on teh mat é";
        let rows = parse_report(
            "r",
            &csv(&[
                "a,1,1,0,3,spelling,teh,the,0.9,yes,e,c",
                "a,1,1,15,18,spelling,teh,THE,0.9,yes,e,c",
                "a,1,1,4,7,spelling,cat,dog,0.9,no,e,c",
            ]),
        )
        .unwrap();
        let fixes = plan("r", "a", text, &rows).unwrap();
        assert_eq!(crate::resolve::apply(text, &fixes), "the cat sat on THE mat é");

        let stale = parse_report("r", &csv(&["a,1,1,4,7,spelling,cow,dog,0.9,yes,e,c"])).unwrap();
        let e = plan("r", "a", text, &stale).unwrap_err();
        assert!(e.starts_with("a: r:2 (bytes 4..7): the file has \"cat\""), "{e}");

        let split_char = parse_report("r", &csv(&["a,1,1,23,24,spelling,x,y,0.9,yes,e,c"])).unwrap();
        assert!(plan("r", "a", text, &split_char).unwrap_err().contains("stale"));
        let past_end = parse_report("r", &csv(&["a,1,1,20,99,spelling,x,y,0.9,yes,e,c"])).unwrap();
        assert!(plan("r", "a", text, &past_end).unwrap_err().contains("outside the file"));

        let overlap = parse_report(
            "r",
            &csv(&["a,1,1,0,7,spelling,teh cat,x,0.9,yes,e,c", "a,1,1,4,7,spelling,cat,y,0.9,1,e,c"]),
        )
        .unwrap();
        let e = plan("r", "a", text, &overlap).unwrap_err();
        assert!(e.contains("r:3") && e.contains("overlaps the accepted row at r:2"), "{e}");
    }

    #[test]
    fn common_root_is_the_deepest_shared_folder() {
        assert_eq!(common_root(["seeds/a.txt", "seeds/sub/b.txt"]), PathBuf::from("seeds"));
        assert_eq!(common_root(["seeds/a.txt"]), PathBuf::from("seeds"));
        assert_eq!(common_root(["a.txt", "seeds/b.txt"]), PathBuf::from(""));
        assert_eq!(common_root(["/x/y/a", "/x/z/b"]), PathBuf::from("/x"));
    }
}
