//! JSON Lines streaming: `clean --jsonl` and `check --jsonl`.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

fn unspin(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("unspin").unwrap();
    c.current_dir(dir).arg("--no-config");
    c
}

fn lines(out: &[u8]) -> Vec<String> {
    String::from_utf8(out.to_vec()).unwrap().lines().map(String::from).collect()
}

#[test]
fn clean_jsonl_cleans_the_text_keeps_everything_else_and_the_order() {
    let d = tempfile::tempdir().unwrap();
    let input = "{\"id\":1,\"text\":\"The goverment acted.\",\"score\":0.10}\n\
                 {\"id\":2,\"text\":\"Nothing to fix here.\",\"tags\":[\"a\",{\"b\":null}]}\n";
    let out =
        unspin(d.path()).args(["clean", "--jsonl"]).write_stdin(input).assert().success().get_output().stdout.clone();
    let ls = lines(&out);
    assert_eq!(ls.len(), 2);
    assert!(ls[0].starts_with("{\"id\":1,\"text\":\"The government acted.\",\"score\":0.10,\"unspin\":{"), "{}", ls[0]);
    let v: Value = serde_json::from_str(&ls[0]).unwrap();
    let u = &v["unspin"];
    assert_eq!(u["verdict"], "pass");
    assert_eq!(u["words"], 3);
    assert!(u["garble_per_1k"].as_f64().is_some() && u["spin_per_1k"].as_f64().is_some());
    assert_eq!(u["fixes"][0]["original"], "goverment");
    assert_eq!(u["fixes"][0]["replacement"], "government");
    assert_eq!(u["fixes"][0]["applied"], true);
    let v: Value = serde_json::from_str(&ls[1]).unwrap();
    assert_eq!(v["text"], "Nothing to fix here.");
    assert_eq!(v["tags"][1]["b"], Value::Null);
    assert_eq!(v["unspin"]["fixes"].as_array().unwrap().len(), 0);
}

#[test]
fn malformed_lines_are_reported_with_line_numbers_and_passed_through() {
    let d = tempfile::tempdir().unwrap();
    let input = "{\"text\":\"fine\"}\n{broken\n{\"body\":\"no text\"}\n{\"text\":[1]}\n{\"text\":\"also fine\"}\n";
    let assert = unspin(d.path())
        .args(["clean", "--jsonl"])
        .write_stdin(input)
        .assert()
        .code(1)
        .stderr(contains("stdin:2: not a JSON object"))
        .stderr(contains("stdin:3: no \"text\" field"))
        .stderr(contains("stdin:4: field \"text\" is an array, not a string"));
    let ls = lines(&assert.get_output().stdout);
    assert_eq!(ls.len(), 5);
    assert_eq!(&ls[1..4], &["{broken", "{\"body\":\"no text\"}", "{\"text\":[1]}"]);
    assert!(ls[4].contains("\"unspin\""));
}

#[test]
fn check_jsonl_leaves_text_alone_and_reports_verdicts_in_band() {
    let d = tempfile::tempdir().unwrap();
    let garbled = "The goverment said the enviroment was safe. We recieved a letter that was definately sent.";
    let input = format!("{{\"text\":\"{garbled}\"}}\n{{\"text\":\"All is well.\"}}\n");
    // Verdicts travel in the data; the stream itself succeeded.
    let out =
        unspin(d.path()).args(["check", "--jsonl"]).write_stdin(input).assert().code(0).get_output().stdout.clone();
    let ls = lines(&out);
    let a: Value = serde_json::from_str(&ls[0]).unwrap();
    assert_eq!(a["text"], garbled);
    assert_eq!(a["unspin"]["verdict"], "fail");
    assert_eq!(a["unspin"]["reason"], "garble");
    let b: Value = serde_json::from_str(&ls[1]).unwrap();
    assert_eq!(b["unspin"]["verdict"], "pass");
    assert_eq!(b["unspin"]["reason"], Value::Null);
}

#[test]
fn field_can_be_chosen_by_flag_or_config() {
    let d = tempfile::tempdir().unwrap();
    let input = "{\"text\":\"keep goverment\",\"body\":\"The goverment acted.\"}\n";
    let out = unspin(d.path())
        .args(["clean", "--jsonl", "--field", "body"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!((v["text"].as_str(), v["body"].as_str()), (Some("keep goverment"), Some("The government acted.")));

    std::fs::write(d.path().join("unspin.toml"), "[jsonl]\nfield = \"body\"\n").unwrap();
    let mut c = Command::cargo_bin("unspin").unwrap();
    let out = c.current_dir(d.path()).args(["clean", "--jsonl"]).write_stdin(input).assert().success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["body"], "The government acted.");
}

#[test]
fn many_lines_across_batches_keep_their_order() {
    let d = tempfile::tempdir().unwrap();
    let n = 2500; // more than one batch
    let input: String = (0..n).map(|i| format!("{{\"n\":{i},\"text\":\"Line {i} has a goverment.\"}}\n")).collect();
    let out = unspin(d.path()).args(["clean", "--jsonl", "-q"]).write_stdin(input).assert().success();
    let ls = lines(&out.get_output().stdout);
    assert_eq!(ls.len(), n);
    for (i, l) in ls.iter().enumerate() {
        let v: Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["n"], i);
        assert_eq!(v["text"], format!("Line {i} has a government."));
    }
}

#[test]
fn reads_jsonl_files_in_order_and_names_them_in_messages() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.jsonl"), "{\"text\":\"a\"}\n").unwrap();
    std::fs::write(d.path().join("b.jsonl"), "{\"text\":\"b\"}\nnope\n").unwrap();
    let out = unspin(d.path())
        .args(["check", "--jsonl", "a.jsonl", "b.jsonl", "missing.jsonl"])
        .assert()
        .code(2)
        .stderr(contains("b.jsonl:2: not a JSON object"))
        .stderr(contains("missing.jsonl: cannot read"));
    let ls = lines(&out.get_output().stdout);
    assert!(ls[0].starts_with("{\"text\":\"a\""));
    assert!(ls[1].starts_with("{\"text\":\"b\""));
    assert_eq!(ls[2], "nope");
}

#[test]
fn jsonl_conflicts_with_file_outputs() {
    let d = tempfile::tempdir().unwrap();
    unspin(d.path()).args(["clean", "--jsonl", "--out", "o"]).assert().code(2);
    unspin(d.path()).args(["clean", "--jsonl", "--diff"]).assert().code(2);
    unspin(d.path()).args(["clean", "--field", "x", "f.txt"]).assert().code(2);
}

#[test]
fn invalid_utf8_and_crlf_lines() {
    let d = tempfile::tempdir().unwrap();
    let mut input = b"{\"text\":\"a\"}\r\n".to_vec();
    input.extend_from_slice(b"{\"text\":\"caf\xe9\"}\n{\"text\":\"b\"}");
    let out = unspin(d.path())
        .args(["clean", "--jsonl"])
        .write_stdin(input)
        .assert()
        .code(1)
        .stderr(contains("stdin:2: not UTF-8"))
        .get_output()
        .stdout
        .clone();
    let parts: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
    assert!(parts[0].starts_with(b"{\"text\":\"a\",\"unspin\""));
    assert_eq!(parts[1], b"{\"text\":\"caf\xe9\"}");
    assert!(parts[2].starts_with(b"{\"text\":\"b\",\"unspin\""));
}
