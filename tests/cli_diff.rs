//! `unspin clean --diff`: a unified diff on stdout, nothing written.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

fn unspin(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("unspin").unwrap();
    c.current_dir(dir).arg("--no-config");
    c
}

/// Applies a unified diff with context lines to `old` (a tiny `patch`), so
/// the test checks the diff's meaning, not only its look.
fn patch(old: &str, diff: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut at = 0;
    let mut lines = diff.lines().peekable();
    while let Some(l) = lines.next() {
        let Some(rest) = l.strip_prefix("@@ -") else { continue };
        let start: usize = rest.split([',', ' ']).next().unwrap().parse().unwrap();
        while at < start - 1 {
            out.push_str(old_lines[at]);
            at += 1;
        }
        while let Some(h) = lines.peek() {
            if h.starts_with("@@") || h.starts_with("---") {
                break;
            }
            let h = lines.next().unwrap();
            let newline = lines.peek().is_some_and(|n| !n.starts_with('\\'));
            let body = &h[1..];
            match &h[..1] {
                " " => {
                    out.push_str(old_lines[at]);
                    at += 1;
                }
                "-" => at += 1,
                "+" => {
                    out.push_str(body);
                    if newline || lines.peek().is_none() {
                        out.push('\n');
                    }
                }
                _ => {}
            }
        }
    }
    out.extend(old_lines[at..].iter().copied());
    out
}

#[test]
fn diff_shows_changes_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let mut text: String = (1..=12).map(|i| format!("Plain line number {i}.\n")).collect();
    text.insert_str(0, "The goverment acted.\n");
    text.push_str("And the enviroment improved.\n");
    std::fs::create_dir(d.path().join("in")).unwrap();
    std::fs::write(d.path().join("in/t.txt"), &text).unwrap();
    let out = unspin(d.path()).args(["clean", "in", "--diff", "-q"]).assert().success().get_output().stdout.clone();
    let diff = String::from_utf8(out).unwrap();
    assert!(
        diff.starts_with(
            "--- a/in/t.txt\n+++ b/in/t.txt\n@@ -1,4 +1,4 @@\n-The goverment acted.\n+The government acted.\n"
        ),
        "{diff}"
    );
    assert_eq!(diff.matches("@@ -").count(), 2, "two distant changes, two hunks:\n{diff}");
    assert!(diff.contains("-And the enviroment improved.\n+And the environment improved.\n"), "{diff}");
    let patched = patch(&text, &diff);
    let cleaned = unspin(d.path()).args(["clean", "-"]).write_stdin(text.clone()).assert().success();
    assert_eq!(patched, String::from_utf8(cleaned.get_output().stdout.clone()).unwrap());
    let entries: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "nothing but the input folder");
}

#[test]
fn missing_final_newline_is_marked() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("t.txt"), "The goverment acted.").unwrap();
    unspin(d.path()).args(["clean", "t.txt", "--diff"]).assert().success().stdout(contains(
        "-The goverment acted.\n\\ No newline at end of file\n+The government acted.\n\\ No newline at end of file\n",
    ));
}

#[test]
fn nothing_to_fix_prints_nothing_and_stdin_works() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("t.txt"), "All is well.\n").unwrap();
    unspin(d.path()).args(["clean", "t.txt", "--diff"]).assert().success().stdout("");
    unspin(d.path())
        .args(["clean", "-", "--diff"])
        .write_stdin("The goverment acted.\n")
        .assert()
        .success()
        .stdout(contains("--- a/-\n+++ b/-\n@@ -1 +1 @@\n"));
}

#[test]
fn diff_conflicts_with_out_and_unreadable_files_fail() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("t.txt"), "x\n").unwrap();
    unspin(d.path()).args(["clean", "t.txt", "--diff", "--out", "o"]).assert().code(2);
    unspin(d.path()).args(["clean", "t.txt", "missing.txt", "--diff"]).assert().code(1).stderr(contains("missing.txt"));
}
