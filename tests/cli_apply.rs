//! The review loop end to end: clean → (edit the report) → apply.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Prose with unambiguous misspellings the non-word detector fixes.
const A: &str = "The goverment said the enviroment was safe.\nNothing else to see here.\n";
const B: &str = "We recieved a letter that was definately sent\nto a seperate office, and the comittee agreed.";
const C: &str = "A perfectly ordinary sentence.\n";

fn unspin(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("unspin").unwrap();
    c.current_dir(dir).arg("--no-config");
    c
}

fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let w = |p: &str, t: &str| {
        let f = d.path().join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, t).unwrap();
    };
    w("in/a.txt", A);
    w("in/sub/b.txt", B);
    w("in/c.txt", C);
    d
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn clean(d: &Path, extra: &[&str]) {
    unspin(d).args(["clean", "in", "--out", "o", "--report", "r.csv", "-q"]).args(extra).assert().success();
}

/// Rewrites the report's rows with `f(row_index, record) -> record`.
fn edit_report(path: &Path, f: impl Fn(usize, Vec<String>) -> Vec<String>) {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header = rdr.headers().unwrap().clone();
    let rows: Vec<Vec<String>> = rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(&header).unwrap();
    for (i, r) in rows.into_iter().enumerate() {
        w.write_record(f(i, r)).unwrap();
    }
    w.flush().unwrap();
}

const ORIGINAL: usize = 6;
const REPLACEMENT: usize = 7;
const APPLIED: usize = 9;

#[test]
fn unchanged_report_reproduces_clean_byte_for_byte() {
    let d = setup();
    clean(d.path(), &[]);
    let report = read(d.path().join("r.csv"));
    assert!(report.lines().skip(1).any(|l| l.contains(",true,")), "need applied rows to test anything:\n{report}");

    // With the same PATHs as clean: the whole output tree, unchanged files included.
    unspin(d.path()).args(["apply", "r.csv", "in", "--out", "o2"]).assert().success();
    let (o, o2) = (d.path().join("o"), d.path().join("o2"));
    assert_eq!(files_under(&o), files_under(&o2));
    assert_eq!(files_under(&o).len(), 3);
    for f in files_under(&o) {
        assert_eq!(std::fs::read(o.join(&f)).unwrap(), std::fs::read(o2.join(&f)).unwrap(), "{}", f.display());
    }
    assert_ne!(read(o2.join("a.txt")), A, "the accepted fixes were applied");

    // Without PATHs: the files the report names, at the same relative paths.
    unspin(d.path()).args(["apply", "r.csv", "--out", "o3"]).assert().success();
    let o3 = d.path().join("o3");
    let named = files_under(&o3);
    assert!(named.contains(&PathBuf::from("a.txt")) && named.contains(&PathBuf::from("sub/b.txt")), "{named:?}");
    for f in named {
        assert_eq!(std::fs::read(o.join(&f)).unwrap(), std::fs::read(o3.join(&f)).unwrap(), "{}", f.display());
    }
}

#[test]
fn jsonl_report_works_as_apply_input() {
    let d = setup();
    clean(d.path(), &["--report-format", "jsonl"]);
    unspin(d.path()).args(["apply", "r.csv", "in", "--out", "o2"]).assert().success();
    for f in files_under(&d.path().join("o")) {
        assert_eq!(read(d.path().join("o").join(&f)), read(d.path().join("o2").join(&f)));
    }
}

#[test]
fn reviewer_verdicts_and_edited_replacements_are_honoured() {
    let d = setup();
    clean(d.path(), &["--min-confidence", "0"]);
    let rpath = d.path().join("r.csv");
    // Reject "goverment", accept "enviroment" with an edited replacement, accept the rest with "Y".
    edit_report(&rpath, |_, mut r| {
        r[APPLIED] = match r[ORIGINAL].as_str() {
            "goverment" => "Reject".into(),
            "enviroment" => {
                r[REPLACEMENT] = "ENVIRONMENT".into();
                "accept".into()
            }
            _ => "Y".into(),
        };
        r
    });
    unspin(d.path()).args(["apply", "r.csv", "in", "--out", "o2"]).assert().success();
    let a = read(d.path().join("o2/a.txt"));
    assert!(a.contains("The goverment said the ENVIRONMENT was safe."), "{a}");
    let b = read(d.path().join("o2/sub/b.txt"));
    assert!(b.contains("received") && !b.contains("recieved"), "{b}");
    assert_eq!(read(d.path().join("o2/c.txt")), C);
}

#[test]
fn a_bad_applied_value_names_the_row_and_writes_nothing() {
    let d = setup();
    clean(d.path(), &[]);
    edit_report(&d.path().join("r.csv"), |i, mut r| {
        if i == 1 {
            r[APPLIED] = "maybe".into();
        }
        r
    });
    unspin(d.path())
        .args(["apply", "r.csv", "in", "--out", "o2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("r.csv:3: applied is \"maybe\""));
    assert!(!d.path().join("o2").exists());
}

#[test]
fn a_stale_row_skips_only_its_file() {
    let d = setup();
    clean(d.path(), &[]);
    // The input changed after clean: the offsets now point at other bytes.
    std::fs::write(d.path().join("in/a.txt"), format!("Edited. {A}")).unwrap();
    let line = read(d.path().join("r.csv")).lines().position(|l| l.starts_with("in/a.txt,")).unwrap() + 1;
    unspin(d.path())
        .args(["apply", "r.csv", "in", "--out", "o2"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!("in/a.txt: r.csv:{line} ")))
        .stderr(predicates::str::contains("stale"));
    assert!(!d.path().join("o2/a.txt").exists());
    assert_eq!(read(d.path().join("o2/sub/b.txt")), read(d.path().join("o/sub/b.txt")));
}

const HEAD: &str =
    "file,line,column,byte_start,byte_end,kind,original,replacement,confidence,applied,evidence,context\n";

fn hand_report(d: &Path, rows: &[&str]) {
    let mut s = HEAD.to_string();
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    std::fs::write(d.join("r.csv"), s).unwrap();
}

#[test]
fn overlapping_accepted_rows_are_an_error_for_that_file() {
    let d = setup();
    hand_report(
        d.path(),
        &[
            "in/a.txt,1,5,4,13,spelling,goverment,government,0.9,true,e,c",
            "in/a.txt,1,5,4,8,spelling,gove,love,0.9,yes,e,c",
            "in/c.txt,1,3,2,11,spelling,perfectly,PERFECTLY,0.9,true,e,c",
        ],
    );
    unspin(d.path())
        .args(["apply", "r.csv", "--out", "o2"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("overlaps the accepted row"));
    assert!(!d.path().join("o2/a.txt").exists());
    assert_eq!(read(d.path().join("o2/c.txt")), "A PERFECTLY ordinary sentence.\n");
}

#[test]
fn rejected_overlaps_are_fine() {
    let d = setup();
    hand_report(
        d.path(),
        &[
            "in/a.txt,1,5,4,13,spelling,goverment,government,0.9,true,e,c",
            "in/a.txt,1,5,4,8,spelling,gove,love,0.9,no,e,c",
        ],
    );
    unspin(d.path()).args(["apply", "r.csv", "--out", "o2"]).assert().success();
    assert!(read(d.path().join("o2/a.txt")).starts_with("The government said"));
}

#[test]
fn offsets_outside_the_file_or_inside_a_character_are_stale() {
    let d = setup();
    std::fs::write(d.path().join("in/e.txt"), "café au lait\n").unwrap();
    hand_report(
        d.path(),
        &["in/a.txt,1,1,4000,4009,spelling,goverment,x,0.9,true,e,c", "in/e.txt,1,4,4,5,spelling,x,y,0.9,true,e,c"],
    );
    unspin(d.path())
        .args(["apply", "r.csv", "--out", "o2"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("in/a.txt: r.csv:2 (bytes 4000..4009)"))
        .stderr(predicates::str::contains("in/e.txt: r.csv:3 (bytes 4..5)"))
        .stderr(predicates::str::contains("splits a character"));
    assert!(!d.path().join("o2").join("a.txt").exists());
}

#[test]
fn a_missing_input_fails_alone() {
    let d = setup();
    clean(d.path(), &[]);
    std::fs::remove_file(d.path().join("in/a.txt")).unwrap();
    unspin(d.path())
        .args(["apply", "r.csv", "--out", "o2"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("in/a.txt: cannot read"));
    assert_eq!(read(d.path().join("o2/sub/b.txt")), read(d.path().join("o/sub/b.txt")));
}

#[test]
fn rows_for_files_outside_the_paths_or_from_stdin_are_errors() {
    let d = setup();
    hand_report(
        d.path(),
        &["elsewhere/x.txt,1,1,0,1,spelling,x,y,0.9,true,e,c", "-,1,1,0,1,spelling,x,y,0.9,true,e,c"],
    );
    unspin(d.path())
        .args(["apply", "r.csv", "in", "--out", "o2"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("elsewhere/x.txt: named at r.csv:2 but not found under the given PATHs"));
    assert_eq!(read(d.path().join("o2/a.txt")), A, "files without rows are copied unchanged");
    unspin(d.path())
        .args(["apply", "r.csv", "--out", "o3"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("-: r.csv:3: this input was read from stdin"));
}

#[test]
fn unreadable_or_foreign_reports_are_usage_errors() {
    let d = setup();
    unspin(d.path())
        .args(["apply", "nope.csv", "--out", "o2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nope.csv"));
    std::fs::write(d.path().join("r.csv"), "name,age\nbob,3\n").unwrap();
    unspin(d.path())
        .args(["apply", "r.csv", "--out", "o2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("r.csv:1: the header has no \"file\" column"));
    unspin(d.path()).args(["apply", "r.csv"]).assert().code(2);
}

#[test]
fn apply_diff_shows_accepted_changes_without_writing() {
    let d = setup();
    clean(d.path(), &[]);
    unspin(d.path())
        .args(["apply", "r.csv", "--diff"])
        .assert()
        .success()
        .stdout(predicates::str::contains("--- a/in/a.txt\n+++ b/in/a.txt\n"))
        .stdout(predicates::str::contains("-The goverment said the enviroment was safe.\n+The government"));
    assert_eq!(files_under(d.path()).iter().filter(|p| !p.starts_with("in") && !p.starts_with("o")).count(), 1);
}
