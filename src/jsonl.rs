//! JSON Lines streaming for data pipelines (`clean --jsonl`, `check --jsonl`).
//!
//! One JSON object per line in, one per line out, in the same order. The
//! text field is cleaned (or, for `check`, left alone) and an `"unspin"`
//! object is added with the document's scores, verdict and fixes. Every other
//! field is copied byte for byte: values are kept as raw JSON text (numbers
//! are never re-rounded, key order is kept). A line that is not a JSON object
//! with a string text field is reported through a callback with its line
//! number and written out unchanged, never dropped.
//!
//! Memory stays flat on an unbounded stream: lines are read in batches of at
//! most [`BATCH_LINES`] lines / [`BATCH_BYTES`] bytes, a batch is processed in
//! parallel (rayon) and written in order before the next is read. Nothing
//! seeks, so it works behind `split`, `xargs -P` and Spark's `RDD.pipe`.

use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::document::Document;
use crate::gate::{self, Score, Thresholds};
use crate::pipeline::Engine;

/// Lines per batch: enough to keep every core busy between writes.
pub const BATCH_LINES: usize = 1024;
/// Bytes per batch (a batch closes once it holds this much), bounding memory.
pub const BATCH_BYTES: usize = 16 * 1024 * 1024;
/// The key of the added object.
pub const KEY: &str = "unspin";

/// What the stream does to each line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Replace the text field with its cleaned form.
    Clean,
    /// Leave the text as it is; only add scores and the verdict.
    Check,
}

/// How to stream.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The top-level field holding the text.
    pub field: String,
    /// Clean or only check.
    pub mode: Mode,
    /// Gate thresholds for the verdict.
    pub thresholds: Thresholds,
    /// Longer lines are passed through unchanged (and reported).
    pub max_line: usize,
}

/// Counts for the summary line and the exit status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Lines read (blank lines included).
    pub lines: usize,
    /// Lines processed.
    pub documents: usize,
    /// Lines passed through unchanged because they were malformed.
    pub malformed: usize,
    /// Documents that failed the gate.
    pub failed: usize,
    /// Fixes applied (clean) or that would be applied (check).
    pub applied: usize,
}

/// The added `"unspin"` object.
#[derive(Serialize)]
struct Annotation<'a> {
    words: usize,
    spin_per_1k: f64,
    garble_per_1k: f64,
    verdict: &'static str,
    reason: Option<&'static str>,
    detail: String,
    fixes: Vec<FixOut<'a>>,
}

/// One fix; offsets are UTF-8 byte offsets into the original field value.
#[derive(Serialize)]
struct FixOut<'a> {
    byte_start: usize,
    byte_end: usize,
    kind: &'static str,
    original: &'a str,
    replacement: &'a str,
    confidence: f64,
    applied: bool,
    evidence: &'a str,
}

/// A JSON object's members in order, values as raw text.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Members<'de>, A::Error> {
                let mut v = Vec::new();
                while let Some(e) = m.next_entry::<String, &'de RawValue>()? {
                    v.push(e);
                }
                Ok(Members(v))
            }
        }
        d.deserialize_map(V)
    }
}

fn json_type(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// Processes one line (without its terminator). `Err` is the reason it is
/// passed through unchanged; `Ok(None)` means a blank line, kept as is.
pub fn process_line(engine: &Engine, s: &Settings, line: &[u8]) -> Result<Option<(Vec<u8>, Score, bool)>, String> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let text = std::str::from_utf8(line).map_err(|e| format!("not UTF-8 ({e})"))?;
    let members: Members<'_> = serde_json::from_str(text).map_err(|e| format!("not a JSON object: {e}"))?;
    let Some(raw) = members.0.iter().rev().find(|(k, _)| *k == s.field).map(|(_, v)| *v) else {
        return Err(format!("no {:?} field", s.field));
    };
    let value: String = serde_json::from_str(raw.get())
        .map_err(|_| format!("field {:?} is {}, not a string", s.field, json_type(raw.get())))?;
    let doc = Document::new(s.field.clone(), value);
    let analysis = engine.try_analyze(&doc)?;
    let score = Score::of(&analysis);
    let verdict = gate::judge(&score, &s.thresholds);
    let fixes = analysis
        .decisions
        .iter()
        .map(|d| FixOut {
            byte_start: d.fix.start,
            byte_end: d.fix.end,
            kind: d.fix.kind.as_str(),
            original: &doc.text[d.fix.start..d.fix.end],
            replacement: &d.fix.replacement,
            confidence: (f64::from(d.fix.confidence) * 1000.0).round() / 1000.0,
            applied: d.applied,
            evidence: &d.fix.evidence,
        })
        .collect();
    let note = Annotation {
        words: score.words,
        spin_per_1k: score.spin_per_1k,
        garble_per_1k: score.garble_per_1k,
        verdict: verdict.as_str(),
        reason: verdict.reason,
        detail: verdict.detail.clone(),
        fixes,
    };
    let note = serde_json::to_string(&note).map_err(|e| e.to_string())?;
    let new_text = match s.mode {
        Mode::Clean => Some(serde_json::to_string(&analysis.cleaned(&doc.text)).map_err(|e| e.to_string())?),
        Mode::Check => None,
    };
    let mut out = Vec::with_capacity(line.len() + note.len() + 16);
    out.push(b'{');
    let mut noted = false;
    for (i, (k, v)) in members.0.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, k).map_err(|e| e.to_string())?;
        out.push(b':');
        if *k == s.field && new_text.is_some() {
            out.extend_from_slice(new_text.as_deref().unwrap_or_default().as_bytes());
        } else if k == KEY {
            out.extend_from_slice(note.as_bytes());
            noted = true;
        } else {
            out.extend_from_slice(v.get().as_bytes());
        }
    }
    if !noted {
        if !members.0.is_empty() {
            out.push(b',');
        }
        out.extend_from_slice(format!("\"{KEY}\":").as_bytes());
        out.extend_from_slice(note.as_bytes());
    }
    out.push(b'}');
    Ok(Some((out, score, !verdict.pass)))
}

enum LineRead {
    Eof,
    Line,
    TooLong,
}

/// Reads one line including its `\n` into `buf`, stopping early (TooLong)
/// once `buf` would exceed `limit` bytes.
fn read_line_limited<R: BufRead>(r: &mut R, buf: &mut Vec<u8>, limit: usize) -> io::Result<LineRead> {
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(if buf.is_empty() { LineRead::Eof } else { LineRead::Line });
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = limit.saturating_sub(buf.len());
        if take > room {
            buf.extend_from_slice(&chunk[..room]);
            r.consume(room);
            return Ok(LineRead::TooLong);
        }
        buf.extend_from_slice(&chunk[..take]);
        r.consume(take);
        if done {
            return Ok(LineRead::Line);
        }
    }
}

/// Copies the rest of the current line (through its `\n`) from `r` to `w`.
fn copy_rest_of_line<R: BufRead, W: Write>(r: &mut R, w: &mut W) -> io::Result<()> {
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok(());
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        w.write_all(&chunk[..take])?;
        r.consume(take);
        if done {
            return Ok(());
        }
    }
}

/// Streams `input` to `out`. `warn(line_number, message)` is called, in
/// order, for every line passed through unchanged. Only I/O errors stop it.
pub fn stream<R: BufRead, W: Write>(
    engine: &Engine,
    settings: &Settings,
    mut input: R,
    out: &mut W,
    warn: &mut dyn FnMut(usize, &str),
) -> io::Result<Stats> {
    let mut stats = Stats::default();
    let mut batch: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut batch_bytes = 0;
    loop {
        let mut buf = Vec::new();
        let read = read_line_limited(&mut input, &mut buf, settings.max_line.max(1))?;
        if matches!(read, LineRead::Eof) {
            break;
        }
        stats.lines += 1;
        if matches!(read, LineRead::TooLong) {
            flush(engine, settings, &mut batch, out, &mut stats, warn)?;
            batch_bytes = 0;
            warn(stats.lines, &format!("longer than {} bytes (see --max-file-size)", settings.max_line));
            stats.malformed += 1;
            out.write_all(&buf)?;
            copy_rest_of_line(&mut input, out)?;
            continue;
        }
        batch_bytes += buf.len();
        batch.push((stats.lines, buf));
        if batch.len() >= BATCH_LINES || batch_bytes >= BATCH_BYTES {
            flush(engine, settings, &mut batch, out, &mut stats, warn)?;
            batch_bytes = 0;
        }
    }
    flush(engine, settings, &mut batch, out, &mut stats, warn)?;
    out.flush()?;
    Ok(stats)
}

fn flush<W: Write>(
    engine: &Engine,
    settings: &Settings,
    batch: &mut Vec<(usize, Vec<u8>)>,
    out: &mut W,
    stats: &mut Stats,
    warn: &mut dyn FnMut(usize, &str),
) -> io::Result<()> {
    let results: Vec<_> = batch
        .par_iter()
        .map(|(_, raw)| {
            let body = raw.strip_suffix(b"\n").unwrap_or(raw);
            let body = body.strip_suffix(b"\r").unwrap_or(body);
            process_line(engine, settings, body)
        })
        .collect();
    for ((no, raw), result) in batch.drain(..).zip(results) {
        match result {
            Ok(Some((line, score, failed))) => {
                stats.documents += 1;
                stats.failed += usize::from(failed);
                stats.applied += score.applied.values().sum::<usize>();
                out.write_all(&line)?;
                out.write_all(b"\n")?;
            }
            Ok(None) => out.write_all(&raw)?,
            Err(msg) => {
                warn(no, &msg);
                stats.malformed += 1;
                out.write_all(&raw)?;
                if !raw.ends_with(b"\n") {
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Options;

    fn settings(mode: Mode) -> Settings {
        Settings { field: "text".into(), mode, thresholds: Thresholds::default(), max_line: 1 << 20 }
    }

    fn run(input: &str, s: &Settings) -> (String, Vec<(usize, String)>, Stats) {
        let engine = Engine::new(Options::default()).unwrap();
        let mut out = Vec::new();
        let mut warnings = Vec::new();
        let stats =
            stream(&engine, s, input.as_bytes(), &mut out, &mut |n, m| warnings.push((n, m.to_string()))).unwrap();
        (String::from_utf8(out).unwrap(), warnings, stats)
    }

    #[test]
    fn cleans_text_keeps_other_fields_raw_and_in_order() {
        let (out, warnings, stats) = run(
            "{\"id\":1.50,\"text\":\"The goverment acted.\",\"meta\":{\"b\":1, \"a\":[2]}}\n",
            &settings(Mode::Clean),
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(
            out.starts_with(
                "{\"id\":1.50,\"text\":\"The government acted.\",\"meta\":{\"b\":1, \"a\":[2]},\"unspin\":{"
            ),
            "{out}"
        );
        let v: serde_json::Value = serde_json::from_str(out.trim_end()).unwrap();
        assert_eq!(v["unspin"]["fixes"][0]["original"], "goverment");
        assert_eq!(v["unspin"]["fixes"][0]["byte_start"], 4);
        assert_eq!(v["unspin"]["verdict"], "pass");
        assert_eq!(stats.documents, 1);
        assert_eq!(stats.applied, 1);
    }

    #[test]
    fn check_mode_leaves_text_alone() {
        let (out, _, _) = run("{\"text\":\"The goverment acted.\"}\n", &settings(Mode::Check));
        assert!(out.starts_with("{\"text\":\"The goverment acted.\",\"unspin\":{"), "{out}");
    }

    #[test]
    fn malformed_lines_pass_through_with_their_line_numbers() {
        let input = "{\"text\":\"ok\"}\nnot json\n{\"body\":\"x\"}\n{\"text\":5}\n\n[1]\n{\"text\":\"last\"}";
        let (out, warnings, stats) = run(input, &settings(Mode::Clean));
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines[1], "not json");
        assert_eq!(lines[2], "{\"body\":\"x\"}");
        assert_eq!(lines[3], "{\"text\":5}");
        assert_eq!(lines[4], "");
        assert_eq!(lines[5], "[1]");
        assert!(lines[6].starts_with("{\"text\":\"last\",\"unspin\""), "{out}");
        let nos: Vec<usize> = warnings.iter().map(|w| w.0).collect();
        assert_eq!(nos, vec![2, 3, 4, 6]);
        assert!(warnings[1].1.contains("no \"text\" field"), "{warnings:?}");
        assert!(warnings[2].1.contains("is a number, not a string"), "{warnings:?}");
        assert_eq!((stats.lines, stats.documents, stats.malformed), (7, 2, 4));
    }

    #[test]
    fn over_long_lines_are_copied_through_whole() {
        let long = format!("{{\"text\":\"{}\"}}", "a".repeat(100));
        let input = format!("{{\"text\":\"x\"}}\n{long}\n{{\"text\":\"y\"}}\n");
        let s = Settings { max_line: 50, ..settings(Mode::Check) };
        let (out, warnings, _) = run(&input, &s);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], long);
        assert!(lines[2].starts_with("{\"text\":\"y\""), "{out}");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, 2);
    }

    #[test]
    fn existing_unspin_key_is_replaced_not_duplicated() {
        let (out, _, _) = run("{\"unspin\":1,\"text\":\"hi\"}\n", &settings(Mode::Check));
        assert!(out.starts_with("{\"unspin\":{\"words\":1"), "{out}");
        assert_eq!(out.matches("\"unspin\"").count(), 1);
    }
}
