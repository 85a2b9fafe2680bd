//! End-to-end tests of `unspin clean`: the binary run on real folders.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn unspin() -> Command {
    Command::cargo_bin("unspin").unwrap()
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Checks the report contract on every row: offsets on character boundaries,
/// `input[byte_start..byte_end] == original`, a known kind, confidence in [0, 1].
fn check_report(report: &Path, base: &Path) -> usize {
    let mut rdr = csv::Reader::from_path(report).unwrap();
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        unspin::report::HEADER.to_vec(),
        "report header is the public contract"
    );
    let mut n = 0;
    for row in rdr.deserialize::<unspin::report::Row>() {
        let row = row.unwrap();
        let input = fs::read(base.join(&row.file)).unwrap_or_else(|e| panic!("{}: {e}", row.file));
        let text = std::str::from_utf8(&input).unwrap();
        assert!(text.is_char_boundary(row.byte_start) && text.is_char_boundary(row.byte_end), "{row:?}");
        assert_eq!(&text[row.byte_start..row.byte_end], row.original, "{row:?}");
        assert!(row.kind.parse::<unspin::Kind>().is_ok(), "{row:?}");
        assert!((0.0..=1.0).contains(&row.confidence), "{row:?}");
        assert!(row.applied == "true" || row.applied == "false");
        assert!(row.context.contains('[') && row.context.contains(']'));
        n += 1;
    }
    n
}

#[test]
fn cleans_the_seed_folder_into_mirrored_files_and_a_valid_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = tmp.path().join("fixes.csv");
    unspin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["clean", "seeds", "--out"])
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .assert()
        .success()
        .stderr(predicate::str::contains("5 files"));
    let mut names: Vec<_> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    let mut expected: Vec<_> = fs::read_dir(seeds()).unwrap().map(|e| e.unwrap().file_name()).collect();
    expected.sort();
    assert_eq!(names, expected);
    // The report names inputs relative to the directory clean ran in.
    check_report(&report, Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn crlf_bom_and_odd_whitespace_pass_through_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    let text = "\u{feff}The house is white.\r\nIt stands\tthere,  quietly. \r\n\r\nNo final newline";
    fs::write(input.join("a.txt"), text).unwrap();
    let out = tmp.path().join("out");
    unspin().arg("clean").arg(&input).arg("--out").arg(&out).arg("-q").assert().success().stderr("");
    assert_eq!(fs::read(out.join("a.txt")).unwrap(), text.as_bytes());
}

#[test]
fn bad_files_are_named_the_rest_is_cleaned_and_the_exit_status_is_1() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("good.txt"), "The goverment met today.\n").unwrap();
    fs::write(input.join("sub/also-good.txt"), "Fine text.\n").unwrap();
    fs::write(input.join("image.bin"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    fs::write(input.join("latin1.txt"), b"caf\xe9 au lait\n").unwrap();
    fs::write(input.join("empty.txt"), b"").unwrap();
    let out = tmp.path().join("out");
    unspin()
        .arg("clean")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("image.bin: binary file"))
        .stderr(predicate::str::contains("latin1.txt:1:4: invalid UTF-8"))
        .stderr(predicate::str::contains("2 failed"));
    assert_eq!(fs::read_to_string(out.join("good.txt")).unwrap(), "The government met today.\n");
    assert_eq!(fs::read_to_string(out.join("sub/also-good.txt")).unwrap(), "Fine text.\n");
    assert_eq!(fs::read(out.join("empty.txt")).unwrap(), b"");
    assert!(!out.join("image.bin").exists());
    assert!(!out.join("latin1.txt").exists());
}

#[test]
fn inputs_are_never_modified() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("a.txt");
    fs::write(&f, "The goverment met.\n").unwrap();
    let before = fs::read(&f).unwrap();
    unspin().arg("clean").arg(&f).arg("--out").arg(tmp.path().join("o")).assert().success();
    assert_eq!(fs::read(&f).unwrap(), before);
    // Pointing --out at the input's own folder must not overwrite it either.
    unspin()
        .arg("clean")
        .arg(&f)
        .arg("--out")
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("overwrite"));
    assert_eq!(fs::read(&f).unwrap(), before);
}

#[test]
fn the_output_folder_inside_the_input_is_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.txt"), "text\n").unwrap();
    let out = tmp.path().join("cleaned");
    unspin().arg("clean").arg(tmp.path()).arg("--out").arg(&out).assert().success();
    // A second run must not pick up cleaned/a.txt as a new input.
    unspin()
        .arg("clean")
        .arg(tmp.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 file "));
    assert!(!out.join("cleaned").exists());
}

#[test]
fn stdin_is_cleaned_to_stdout() {
    unspin()
        .args(["clean", "-", "-q"])
        .write_stdin("We recieve the goverment report.")
        .assert()
        .success()
        .stdout("We receive the government report.");
}

#[test]
fn usage_errors_exit_2() {
    unspin().arg("clean").arg("seeds").assert().code(2).stderr(predicate::str::contains("--out"));
    unspin().args(["clean"]).assert().code(2);
    unspin().args(["clean", "-", "--min-confidence", "3"]).write_stdin("x").assert().code(2);
    unspin()
        .args(["clean", "-", "--dict", "/nonexistent/words.txt"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/words.txt"));
    unspin().args(["frobnicate"]).assert().code(2);
}

#[test]
fn missing_paths_are_reported_and_the_rest_still_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("a.txt");
    fs::write(&f, "fine\n").unwrap();
    let out = tmp.path().join("o");
    unspin()
        .arg("clean")
        .arg(tmp.path().join("nope.txt"))
        .arg(&f)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nope.txt: cannot read"));
    assert!(out.join("a.txt").exists());
}

#[test]
fn threshold_decides_what_is_applied_and_report_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("a.txt");
    fs::write(&f, "The goverment met.\n").unwrap();
    let report = tmp.path().join("r.csv");
    let out = tmp.path().join("o");
    unspin()
        .arg("clean")
        .arg(&f)
        .arg("--out")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .args(["--min-confidence", "1"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "The goverment met.\n");
    let csv = fs::read_to_string(&report).unwrap();
    assert!(csv.contains(",goverment,government,"), "{csv}");
    assert!(csv.contains(",false,"), "{csv}");
}

#[test]
fn user_dictionary_words_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dict = tmp.path().join("words.txt");
    fs::write(&dict, "goverment\n").unwrap();
    unspin()
        .args(["clean", "-", "-q", "--dict"])
        .arg(&dict)
        .write_stdin("The goverment met.")
        .assert()
        .success()
        .stdout("The goverment met.");
}

#[test]
fn a_huge_single_line_is_processed() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("big.txt");
    let line = "the quick brown fox jumps over the lazy dog ".repeat(50_000);
    fs::write(&f, &line).unwrap();
    let out = tmp.path().join("o");
    unspin().arg("clean").arg(&f).arg("--out").arg(&out).arg("-q").assert().success();
    assert_eq!(fs::read(out.join("big.txt")).unwrap(), line.as_bytes());
}

#[test]
fn jsonl_report_has_the_same_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("a.txt");
    fs::write(&f, "The goverment met.\n").unwrap();
    let report = tmp.path().join("r.jsonl");
    unspin()
        .arg("clean")
        .arg(&f)
        .arg("--out")
        .arg(tmp.path().join("o"))
        .arg("--report")
        .arg(&report)
        .args(["--report-format", "jsonl", "-q"])
        .assert()
        .success();
    let text = fs::read_to_string(&report).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    for field in unspin::report::HEADER {
        assert!(first.get(field).is_some(), "missing {field} in {first}");
    }
    assert_eq!(first["original"], "goverment");
}
