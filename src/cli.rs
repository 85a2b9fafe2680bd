//! Argument parsing (clap derive) and the glue from arguments to the library.
//!
//! Exit status: 0 all files fine, 1 at least one file failed (or, for
//! `check`, failed the gate), 2 usage, configuration, report or (`check`) read errors.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};
use unspin::batch::{self, Settings};
use unspin::config::{self, Config};
use unspin::report::{self, Format};
use unspin::{diff, gate, jsonl, walk, Engine, Options};

/// Exit status: every file processed.
pub const EXIT_OK: i32 = 0;
/// Exit status: at least one file failed (or, for `check`, failed the gate).
pub const EXIT_FAILED: i32 = 1;
/// Exit status: bad arguments, configuration or report.
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(name = "unspin", version, about = "Repair synonym-spun text, tortured phrases and OCR garble.")]
struct Cli {
    /// Read settings from this file instead of ./unspin.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore ./unspin.toml.
    #[arg(long, global = true, conflicts_with = "config")]
    no_config: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Clean files and folders: write cleaned copies and a report of every fix.
    Clean(CleanArgs),
    /// Apply the rows a reviewer accepted in a report to the original inputs.
    Apply(ApplyArgs),
    /// Score documents and give each a pass/fail verdict; writes nothing.
    Check(CheckArgs),
}

/// Options shared by every command that analyses text.
#[derive(clap::Args, Debug, Clone)]
struct EngineArgs {
    /// Apply fixes at or above this confidence; the rest are only reported [default: 0.8].
    #[arg(long, value_name = "X")]
    min_confidence: Option<f32>,
    /// A file of extra correct words, one per line (repeatable). They are never changed.
    #[arg(long, value_name = "FILE")]
    dict: Vec<PathBuf>,
    /// Run only these detectors (comma-separated names).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    detectors: Option<Vec<String>>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = batch::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Remove boilerplate lines (share widgets, donation appeals, footers); they are always reported.
    #[arg(long)]
    strip_boilerplate: bool,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::Args, Debug)]
struct CleanArgs {
    /// Files or folders to clean; "-" reads stdin and writes the cleaned text to stdout.
    #[arg(required_unless_present = "jsonl", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Folder for cleaned copies (mirrors each file's path below its input folder).
    #[arg(long, short, value_name = "DIR", conflicts_with_all = ["diff", "jsonl"])]
    out: Option<PathBuf>,
    /// Print a unified diff of the changes on stdout instead of writing files.
    #[arg(long, conflicts_with = "jsonl")]
    diff: bool,
    #[command(flatten)]
    jsonl: JsonlArgs,
    /// Write the report of every proposal here.
    #[arg(long, short, value_name = "FILE", conflicts_with = "jsonl")]
    report: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    report_format: Format,
    #[command(flatten)]
    engine: EngineArgs,
}

/// JSON Lines streaming options, shared by `clean` and `check`.
#[derive(clap::Args, Debug, Clone)]
struct JsonlArgs {
    /// Read JSON Lines (from the PATHs, or stdin) and write them to stdout with the text
    /// field processed and an "unspin" object added.
    #[arg(long)]
    jsonl: bool,
    /// The top-level field holding the text [default: text].
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    field: Option<String>,
}

#[derive(clap::Args, Debug)]
struct ApplyArgs {
    /// The reviewed report (CSV or JSONL, as written by clean --report).
    #[arg(value_name = "REPORT")]
    report: PathBuf,
    /// The same PATHs clean was given (run from the same folder): outputs then mirror
    /// clean's layout exactly, unchanged files included. Without them, only the files the
    /// report names are written, relative to their deepest common folder.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Folder for the results.
    #[arg(long, short, value_name = "DIR", required_unless_present = "diff")]
    out: Option<PathBuf>,
    /// Print a unified diff of the accepted changes instead of writing files.
    #[arg(long, conflicts_with = "out")]
    diff: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = batch::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// No summary line.
    #[arg(long, short)]
    quiet: bool,
}

/// How `check` prints its verdicts.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum CheckFormat {
    /// One line per document.
    Text,
    /// One JSON document with every score.
    Json,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files or folders to score; "-" reads stdin.
    #[arg(required_unless_present = "jsonl", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Fail documents with more spin restorations per 1,000 words than this [default: 15].
    #[arg(long, value_name = "X")]
    max_spin: Option<f64>,
    /// Fail documents with more garble repairs per 1,000 words than this [default: 10].
    #[arg(long, value_name = "Y")]
    max_garble: Option<f64>,
    /// A rate fails a document only if it rests on at least this many fixes [default: 2].
    #[arg(long, value_name = "N")]
    min_fixes: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text", conflicts_with = "jsonl")]
    format: CheckFormat,
    #[command(flatten)]
    jsonl: JsonlArgs,
    #[command(flatten)]
    engine: EngineArgs,
}

/// Parses arguments, runs the command and returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let config = if cli.no_config { Ok(Config::default()) } else { config::load(cli.config.as_deref()) };
    let result = config.and_then(|config| match cli.command {
        Command::Clean(args) => clean(args, &config),
        Command::Apply(args) => apply(args),
        Command::Check(args) => check(args, &config),
    });
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => EXIT_OK,
        Err(e) => {
            eprintln!("unspin: error: {e:#}");
            EXIT_USAGE
        }
    }
}

/// A closed stdout (`unspin check --jsonl | head`) is a normal way to stop.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// Builds the engine from flags over the config file over the defaults.
fn build_engine(args: &EngineArgs, config: &Config) -> Result<Engine> {
    if let Some(n) = args.jobs {
        rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global().ok();
    }
    let mut user_words = config.words.clone();
    for path in config.word_list_paths().iter().chain(&args.dict) {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{}: cannot read word list", path.display()))?;
        user_words.extend(text.lines().map(str::to_string));
    }
    let min_confidence =
        args.min_confidence.or(config.min_confidence).unwrap_or(unspin::pipeline::DEFAULT_MIN_CONFIDENCE);
    let detectors = match &args.detectors {
        Some(d) => Some(d.clone()),
        None => config.detector_list(&unspin::detect::names())?,
    };
    Engine::new(Options { min_confidence, detectors, user_words, strip_boilerplate: args.strip_boilerplate })
}

fn clean(args: CleanArgs, config: &Config) -> Result<i32> {
    if args.jsonl.jsonl {
        let engine = build_engine(&args.engine, config)?;
        let t = config.thresholds();
        return stream_jsonl(&engine, &args.jsonl, &args.paths, jsonl::Mode::Clean, t, config, &args.engine);
    }
    let started = Instant::now();
    let has_files = args.paths.iter().any(|p| p.as_os_str() != "-");
    if has_files && args.out.is_none() && !args.diff {
        anyhow::bail!("--out DIR is required when cleaning files (use \"-\" to read stdin and write stdout)");
    }
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        anyhow::bail!("\"-\" (stdin) may be given only once");
    }
    let engine = build_engine(&args.engine, config)?;
    let (inputs, walk_errors) = walk::collect(&args.paths, args.out.as_deref());
    for e in &walk_errors {
        eprintln!("unspin: {e}");
    }
    let settings = Settings { out_dir: args.out.clone(), max_file_size: args.engine.max_file_size };
    let progress = progress_bar(inputs.len(), args.engine.quiet);
    let results = batch::run_all(&engine, &inputs, &settings, || progress.inc(1));
    progress.finish_and_clear();

    let mut failed = walk_errors.len();
    let mut rows = Vec::new();
    let (mut files, mut bytes, mut applied, mut proposed) = (0usize, 0usize, 0usize, 0usize);
    for r in results {
        match r {
            Ok(o) => {
                files += 1;
                bytes += o.bytes;
                applied += o.analysis.applied();
                proposed += o.analysis.decisions.len();
                if args.diff {
                    let fixes: Vec<_> = o.analysis.decisions.iter().filter(|d| d.applied).map(|d| &d.fix).collect();
                    write_out(diff::unified(&o.name, &o.original, &fixes).as_bytes())?;
                } else if o.name == "-" {
                    write_out(o.cleaned.as_bytes())?;
                }
                rows.extend(o.rows);
            }
            Err(msg) => {
                failed += 1;
                eprintln!("unspin: {msg}");
            }
        }
    }
    if let Some(path) = &args.report {
        report::sort(&mut rows);
        let bytes = report::render(&rows, args.report_format)?;
        unspin::output::write_atomic(path, &bytes)?;
    }
    if !args.engine.quiet {
        eprintln!(
            "unspin: {files} file{} ({}) cleaned in {:.2} s: {applied} fix{} applied, {} more proposed, {failed} failed",
            if files == 1 { "" } else { "s" },
            human_bytes(bytes),
            started.elapsed().as_secs_f64(),
            if applied == 1 { "" } else { "es" },
            proposed - applied,
        );
    }
    Ok(if failed > 0 { EXIT_FAILED } else { EXIT_OK })
}

fn write_out(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).context("stdout")?;
    out.flush().context("stdout")
}

fn apply(args: ApplyArgs) -> Result<i32> {
    let report_name = args.report.to_string_lossy().into_owned();
    let rows = unspin::apply::read_report(&args.report)?;
    let accepted = rows.iter().filter(|r| r.accepted).count();
    let out = if args.diff { None } else { args.out.as_deref() };
    let targets = unspin::apply::targets(&report_name, rows, &args.paths, out);
    let results = unspin::apply::run(&report_name, targets, out, args.max_file_size);
    let (mut files, mut fixes, mut failed) = (0usize, 0usize, 0usize);
    for r in results {
        match r {
            Ok(a) => {
                files += 1;
                fixes += a.fixes.len();
                if args.diff {
                    write_out(diff::unified(&a.name, &a.original, &a.fixes.iter().collect::<Vec<_>>()).as_bytes())?;
                }
            }
            Err(msg) => {
                failed += 1;
                eprintln!("unspin: {msg}");
            }
        }
    }
    if !args.quiet {
        eprintln!(
            "unspin: {files} file{} {}: {fixes} of {accepted} accepted fix{} applied, {failed} failed",
            if files == 1 { "" } else { "s" },
            if args.diff { "compared" } else { "written" },
            if accepted == 1 { "" } else { "es" },
        );
    }
    Ok(if failed > 0 { EXIT_FAILED } else { EXIT_OK })
}

fn check(args: CheckArgs, config: &Config) -> Result<i32> {
    let mut t = config.thresholds();
    t.max_spin = args.max_spin.unwrap_or(t.max_spin);
    t.max_garble = args.max_garble.unwrap_or(t.max_garble);
    t.min_fixes = args.min_fixes.unwrap_or(t.min_fixes);
    t.validate().map_err(anyhow::Error::msg)?;
    let engine = build_engine(&args.engine, config)?;
    if args.jsonl.jsonl {
        return stream_jsonl(&engine, &args.jsonl, &args.paths, jsonl::Mode::Check, t, config, &args.engine);
    }
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        anyhow::bail!("\"-\" (stdin) may be given only once");
    }
    let (inputs, walk_errors) = walk::collect(&args.paths, None);
    let settings = Settings { out_dir: None, max_file_size: args.engine.max_file_size };
    let progress = progress_bar(inputs.len(), args.engine.quiet);
    let results = batch::run_all(&engine, &inputs, &settings, || progress.inc(1));
    progress.finish_and_clear();
    let mut errors = walk_errors;
    let mut docs = Vec::new();
    for r in results {
        match r {
            Ok(o) => {
                let score = gate::Score::of(&o.analysis);
                let verdict = gate::judge(&score, &t);
                docs.push(CheckedDoc {
                    file: o.name,
                    verdict: verdict.as_str(),
                    reason: verdict.reason,
                    detail: verdict.detail,
                    score,
                });
            }
            Err(msg) => errors.push(msg),
        }
    }
    for e in &errors {
        eprintln!("unspin: {e}");
    }
    let failed = docs.iter().filter(|d| d.verdict != "pass").count();
    let mut out = Vec::new();
    match args.format {
        CheckFormat::Json => {
            let all =
                CheckedAll { thresholds: t, passed: docs.len() - failed, failed, errors: &errors, documents: &docs };
            serde_json::to_writer_pretty(&mut out, &all)?;
            out.push(b'\n');
        }
        CheckFormat::Text => {
            for d in &docs {
                let kinds: Vec<String> = d.score.applied.iter().map(|(k, n)| format!("{k}={n}")).collect();
                writeln!(
                    out,
                    "{}\t{}\t{} words\tspin {}/1k\tgarble {}/1k\t{}: {}{}",
                    d.verdict.to_uppercase(),
                    d.file,
                    d.score.words,
                    d.score.spin_per_1k,
                    d.score.garble_per_1k,
                    d.reason.unwrap_or("ok"),
                    d.detail,
                    if kinds.is_empty() { String::new() } else { format!("\t[{}]", kinds.join(" ")) },
                )?;
            }
        }
    }
    write_out(&out)?;
    if !args.engine.quiet {
        eprintln!("unspin: {} passed, {failed} failed, {} unreadable", docs.len() - failed, errors.len());
    }
    Ok(if !errors.is_empty() {
        EXIT_USAGE
    } else if failed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// One document's line in `check --format json`.
#[derive(serde::Serialize)]
struct CheckedDoc {
    file: String,
    verdict: &'static str,
    reason: Option<&'static str>,
    detail: String,
    #[serde(flatten)]
    score: gate::Score,
}

/// The whole `check --format json` output.
#[derive(serde::Serialize)]
struct CheckedAll<'a> {
    thresholds: gate::Thresholds,
    passed: usize,
    failed: usize,
    errors: &'a [String],
    documents: &'a [CheckedDoc],
}

/// Streams JSON Lines from the PATHs (or stdin) to stdout. Malformed lines
/// are passed through and reported; they make the exit status 1. Verdicts
/// travel in the data, not in the exit status (pipelines filter on them).
#[allow(clippy::too_many_arguments)]
fn stream_jsonl(
    engine: &Engine,
    args: &JsonlArgs,
    paths: &[PathBuf],
    mode: jsonl::Mode,
    thresholds: gate::Thresholds,
    config: &Config,
    eargs: &EngineArgs,
) -> Result<i32> {
    let field = args.field.clone().or_else(|| config.jsonl.field.clone()).unwrap_or_else(|| "text".to_string());
    let max_line = usize::try_from(eargs.max_file_size).unwrap_or(usize::MAX);
    let settings = jsonl::Settings { field, mode, thresholds, max_line };
    let stdin_only = [PathBuf::from("-")];
    let sources = if paths.is_empty() { &stdin_only[..] } else { paths };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut total = jsonl::Stats::default();
    let mut unreadable = 0;
    for src in sources {
        let name = if src.as_os_str() == "-" { "stdin".to_string() } else { src.display().to_string() };
        let mut warn = |line: usize, msg: &str| eprintln!("unspin: {name}:{line}: {msg}; passed through unchanged");
        let stats = if src.as_os_str() == "-" {
            jsonl::stream(engine, &settings, std::io::stdin().lock(), &mut out, &mut warn)
        } else {
            match std::fs::File::open(src) {
                Ok(_) if src.is_dir() => {
                    eprintln!("unspin: {name}: is a folder; --jsonl reads files of JSON Lines");
                    unreadable += 1;
                    continue;
                }
                Ok(f) => jsonl::stream(engine, &settings, std::io::BufReader::new(f), &mut out, &mut warn),
                Err(e) => {
                    eprintln!("unspin: {name}: cannot read: {e}");
                    unreadable += 1;
                    continue;
                }
            }
        }
        .with_context(|| format!("{name}: streaming failed"))?;
        total.lines += stats.lines;
        total.documents += stats.documents;
        total.malformed += stats.malformed;
        total.failed += stats.failed;
        total.applied += stats.applied;
    }
    out.flush().context("stdout")?;
    if !eargs.quiet {
        eprintln!(
            "unspin: {} lines: {} documents ({} failed the gate, {} fixes {}), {} malformed passed through",
            total.lines,
            total.documents,
            total.failed,
            total.applied,
            if mode == jsonl::Mode::Clean { "applied" } else { "applicable" },
            total.malformed
        );
    }
    Ok(if unreadable > 0 {
        EXIT_USAGE
    } else if total.malformed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// A bar only when a person is watching (stderr is a terminal) and the run
/// is long enough to need one.
fn progress_bar(files: usize, quiet: bool) -> indicatif::ProgressBar {
    const MIN_FILES: usize = 20;
    if quiet || files < MIN_FILES || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn human_bytes(n: usize) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < UNITS.len() {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
