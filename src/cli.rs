//! Argument parsing (clap derive) and the glue from arguments to the library.
//!
//! Exit status: 0 all files fine, 1 at least one file failed, 2 usage error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};
use unspin::batch::{self, FileOutcome, Settings};
use unspin::report::{self, Format};
use unspin::{walk, Engine, Options};

/// Exit status: every file processed.
pub const EXIT_OK: i32 = 0;
/// Exit status: at least one file failed (or, for `check`, failed the gate).
pub const EXIT_FAILED: i32 = 1;
/// Exit status: bad arguments, configuration or report.
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(name = "unspin", version, about = "Repair synonym-spun text, tortured phrases and OCR garble.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Clean files and folders: write cleaned copies and a report of every fix.
    Clean(CleanArgs),
}

/// Options shared by every command that analyses text.
#[derive(clap::Args, Debug, Clone)]
struct EngineArgs {
    /// Apply fixes at or above this confidence; the rest are only reported.
    #[arg(long, value_name = "X", default_value_t = unspin::pipeline::DEFAULT_MIN_CONFIDENCE)]
    min_confidence: f32,
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
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Folder for cleaned copies (mirrors each file's path below its input folder).
    #[arg(long, short, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write the report of every proposal here.
    #[arg(long, short, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    report_format: Format,
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
    let result = match cli.command {
        Command::Clean(args) => clean(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("unspin: error: {e:#}");
            EXIT_USAGE
        }
    }
}

fn build_engine(args: &EngineArgs) -> Result<Engine> {
    if let Some(n) = args.jobs {
        rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global().ok();
    }
    let mut user_words = Vec::new();
    for path in &args.dict {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{}: cannot read word list", path.display()))?;
        user_words.extend(text.lines().map(str::to_string));
    }
    Engine::new(Options {
        min_confidence: args.min_confidence,
        detectors: args.detectors.clone(),
        user_words,
        strip_boilerplate: args.strip_boilerplate,
    })
}

fn clean(args: CleanArgs) -> Result<i32> {
    let started = Instant::now();
    let has_files = args.paths.iter().any(|p| p.as_os_str() != "-");
    if has_files && args.out.is_none() {
        anyhow::bail!("--out DIR is required when cleaning files (use \"-\" to read stdin and write stdout)");
    }
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        anyhow::bail!("\"-\" (stdin) may be given only once");
    }
    let engine = build_engine(&args.engine)?;
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
                if o.name == "-" {
                    write_stdout(&o)?;
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

fn write_stdout(o: &FileOutcome) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(o.cleaned.as_bytes()).context("stdout")?;
    out.flush().context("stdout")
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
