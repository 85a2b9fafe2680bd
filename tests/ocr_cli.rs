//! `--strip-boilerplate` end to end: boilerplate rows are always in the
//! report, and the lines leave the output only with the flag.

use assert_cmd::Command;

const TEXT: &str = "Share and Follow\n![]()\nThe talks went on for five hours.\nRemind me later\n";

/// (kind, applied) of every report row.
fn rows(report: &str) -> Vec<(String, String)> {
    let mut rdr = csv::Reader::from_reader(report.as_bytes());
    rdr.records().map(|r| r.unwrap()).map(|r| (r[5].to_string(), r[9].to_string())).collect()
}

fn run(extra: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.csv");
    let mut cmd = Command::cargo_bin("unspin").unwrap();
    cmd.args(["clean", "-", "-q", "--report"]).arg(&report).args(extra).write_stdin(TEXT);
    let out = cmd.assert().success().get_output().stdout.clone();
    (String::from_utf8(out).unwrap(), std::fs::read_to_string(&report).unwrap())
}

#[test]
fn boilerplate_is_reported_always_and_stripped_on_request() {
    let (out, report) = run(&[]);
    assert_eq!(out, TEXT);
    let b: Vec<_> = rows(&report).into_iter().filter(|r| r.0 == "boilerplate").collect();
    assert_eq!(b.len(), 3, "{report}");
    assert!(b.iter().all(|r| r.1 == "false"), "{report}");
    let (out, report) = run(&["--strip-boilerplate"]);
    assert_eq!(out, "The talks went on for five hours.\n");
    let b: Vec<_> = rows(&report).into_iter().filter(|r| r.0 == "boilerplate").collect();
    assert!(b.len() == 3 && b.iter().all(|r| r.1 == "true"), "{report}");
}
