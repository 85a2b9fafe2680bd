//! Running the pipeline over many files in parallel (rayon), with each
//! file's failure isolated: one bad file never stops the batch.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::pipeline::{Analysis, Engine};
use crate::read::{self, ReadError};
use crate::report::Row;
use crate::walk::Input;

/// Default size limit for one input: large enough for any book, small
/// enough that a stray disk image fails fast instead of exhausting memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// What a batch does besides analysing.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where cleaned copies go; `None` writes nothing (dry runs, `check`).
    pub out_dir: Option<PathBuf>,
    /// Inputs larger than this are refused.
    pub max_file_size: u64,
}

/// What happened to one input.
#[derive(Debug)]
pub struct FileOutcome {
    /// The input as named in reports.
    pub name: String,
    /// Input size in bytes.
    pub bytes: usize,
    /// The analysis (decisions, word count).
    pub analysis: Analysis,
    /// Report rows for this file, sorted by offset.
    pub rows: Vec<Row>,
    /// The original text (kept for diffs and stdout).
    pub original: String,
    /// The cleaned text.
    pub cleaned: String,
    /// Where the cleaned copy was written, if it was.
    pub written: Option<PathBuf>,
}

/// Processes one input completely (read, analyse, write).
pub fn run_file(engine: &Engine, input: &Input, settings: &Settings) -> Result<FileOutcome, String> {
    let doc = match &input.path {
        Some(p) => read::read_path(p, &input.name, settings.max_file_size),
        None => read::read_stdin(settings.max_file_size),
    }
    .map_err(|e: ReadError| e.to_string())?;
    let analysis = engine.try_analyze(&doc).map_err(|e| format!("{}: {e}", input.name))?;
    let rows: Vec<Row> = analysis.decisions.iter().map(|d| Row::new(&doc, d)).collect();
    let cleaned = analysis.cleaned(&doc.text);
    let mut written = None;
    if let (Some(dir), Some(src)) = (&settings.out_dir, &input.path) {
        let dest = dir.join(&input.rel);
        refuse_overwriting_input(src, &dest, &input.name)?;
        crate::output::write_atomic(&dest, cleaned.as_bytes()).map_err(|e| format!("{}: {e:#}", input.name))?;
        written = Some(dest);
    }
    Ok(FileOutcome {
        name: doc.name.clone(),
        bytes: doc.text.len(),
        analysis,
        rows,
        original: doc.text,
        cleaned,
        written,
    })
}

fn refuse_overwriting_input(src: &Path, dest: &Path, name: &str) -> Result<(), String> {
    match (src.canonicalize(), dest.canonicalize()) {
        (Ok(a), Ok(b)) if a == b => Err(format!("{name}: output would overwrite the input; choose another --out")),
        _ => Ok(()),
    }
}

/// Runs every input in parallel on the current rayon pool, calling `tick`
/// after each file. Results come back in input order.
pub fn run_all<F>(engine: &Engine, inputs: &[Input], settings: &Settings, tick: F) -> Vec<Result<FileOutcome, String>>
where
    F: Fn() + Sync,
{
    let mut seen = std::collections::HashMap::new();
    let duplicate: Vec<Option<String>> = inputs
        .iter()
        .map(|i| {
            let first = seen.entry(i.rel.clone()).or_insert_with(|| i.name.clone());
            (first != &i.name && settings.out_dir.is_some() && i.path.is_some())
                .then(|| format!("{}: its output {} is already written for {first}; skipped", i.name, i.rel.display()))
        })
        .collect();
    inputs
        .par_iter()
        .zip(duplicate.par_iter())
        .map(|(input, dup)| {
            let r = match dup {
                Some(msg) => Err(msg.clone()),
                None => run_file(engine, input, settings),
            };
            tick();
            r
        })
        .collect()
}
