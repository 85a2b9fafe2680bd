//! `unspin check`: scores, verdicts, exit codes, thresholds from flags and unspin.toml.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

const CLEAN: &str = "The committee met on Tuesday and agreed to publish the report next month.\n";
/// Six misspellings in 23 words: far above any garble threshold.
const GARBLED: &str = "The goverment said the enviroment was safe. We recieved a letter that was \
                       definately sent to a seperate office, and the comittee agreed.\n";

fn unspin(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("unspin").unwrap();
    c.current_dir(dir);
    c
}

fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("docs")).unwrap();
    std::fs::write(d.path().join("docs/clean.txt"), CLEAN).unwrap();
    std::fs::write(d.path().join("docs/garbled.txt"), GARBLED).unwrap();
    d
}

#[test]
fn clean_text_passes_and_garbled_text_fails_with_a_reason() {
    let d = setup();
    unspin(d.path()).args(["check", "docs/clean.txt"]).assert().code(0).stdout(contains("PASS\tdocs/clean.txt"));
    unspin(d.path())
        .args(["check", "docs"])
        .assert()
        .code(1)
        .stdout(contains("PASS\tdocs/clean.txt"))
        .stdout(contains("FAIL\tdocs/garbled.txt"))
        .stdout(contains("garble: garble"));
}

#[test]
fn json_format_has_every_score() {
    let d = setup();
    let out = unspin(d.path()).args(["check", "docs", "--format", "json"]).assert().code(1).get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["passed"], 1);
    assert_eq!(v["failed"], 1);
    let docs = v["documents"].as_array().unwrap();
    let g = docs.iter().find(|d| d["file"] == "docs/garbled.txt").unwrap();
    assert_eq!(g["verdict"], "fail");
    assert_eq!(g["reason"], "garble");
    assert!(g["garble_fixes"].as_u64().unwrap() >= 5, "{g}");
    assert!(g["garble_per_1k"].as_f64().unwrap() > 100.0, "{g}");
    assert!(g["spin_per_1k"].as_f64().unwrap() <= unspin::gate::DEFAULT_MAX_SPIN, "{g}");
    let by_kind: u64 = g["applied"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(by_kind, g["garble_fixes"].as_u64().unwrap() + g["spin_fixes"].as_u64().unwrap());
    assert!(g["words"].as_u64().unwrap() > 20);
    assert_eq!(v["thresholds"]["max_garble"], unspin::gate::DEFAULT_MAX_GARBLE);
}

#[test]
fn flags_override_the_config_file_which_overrides_defaults() {
    let d = setup();
    std::fs::write(d.path().join("unspin.toml"), "[check]\nmax_garble = 1000\n").unwrap();
    unspin(d.path()).args(["check", "docs"]).assert().code(0);
    unspin(d.path()).args(["check", "docs", "--max-garble", "10"]).assert().code(1);
    unspin(d.path()).args(["check", "docs", "--no-config"]).assert().code(1);
    // --config names another file; ./unspin.toml is then ignored.
    std::fs::write(d.path().join("strict.toml"), "[check]\nmax_garble = 0\nmin_fixes = 1\n").unwrap();
    unspin(d.path()).args(["check", "docs/garbled.txt", "--config", "strict.toml"]).assert().code(1);
}

#[test]
fn min_fixes_protects_short_documents() {
    let d = setup();
    std::fs::write(d.path().join("docs/one.txt"), "The goverment acted.\n").unwrap();
    unspin(d.path()).args(["check", "docs/one.txt"]).assert().code(0).stdout(contains("fewer than 2 fixes"));
    unspin(d.path()).args(["check", "docs/one.txt", "--min-fixes", "1"]).assert().code(1);
}

#[test]
fn config_words_detectors_and_confidence_change_what_counts() {
    let d = setup();
    let check = |toml: &str| {
        std::fs::write(d.path().join("unspin.toml"), toml).unwrap();
        unspin(d.path()).args(["check", "docs/garbled.txt"]).assert().get_output().status.code()
    };
    let garble = |toml: &str, extra: &[&str]| {
        std::fs::write(d.path().join("unspin.toml"), toml).unwrap();
        let out =
            unspin(d.path()).args(["check", "docs/garbled.txt", "--format", "json"]).args(extra).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["documents"][0]["garble_fixes"].as_u64().unwrap()
    };
    let all = garble("", &[]);
    assert!(all >= 5, "{all}");
    assert!(garble("[detectors]\nnonword = false\n", &[]) < all);
    assert_eq!(check("min_confidence = 1.0\n"), Some(0));
    // Five of the six words declared correct leaves one fix: below min_fixes.
    let five = "words = [\"goverment\", \"enviroment\", \"recieved\", \"definately\", \"seperate\"]\n";
    assert_eq!(garble(five, &["--detectors", "nonword"]), 1);
    std::fs::write(d.path().join("w.txt"), "goverment\nenviroment\nrecieved\ndefinately\nseperate\n").unwrap();
    assert_eq!(garble("word_lists = [\"w.txt\"]\n", &["--detectors", "nonword"]), 1);
    assert_eq!(check("word_lists = [\"w.txt\"]\n[detectors]\nnonword = true\n"), check(five));
    // The CLI's --min-confidence wins over the file's.
    std::fs::write(d.path().join("unspin.toml"), "min_confidence = 1.0\n").unwrap();
    unspin(d.path()).args(["check", "docs/garbled.txt", "--min-confidence", "0.5"]).assert().code(1);
}

#[test]
fn bad_configuration_is_a_usage_error_naming_the_file() {
    let d = setup();
    std::fs::write(d.path().join("unspin.toml"), "max_spin = 3\n").unwrap();
    unspin(d.path())
        .args(["check", "docs"])
        .assert()
        .code(2)
        .stderr(contains("unspin.toml"))
        .stderr(contains("max_spin"));
    std::fs::write(d.path().join("unspin.toml"), "[detectors]\nnope = false\n").unwrap();
    unspin(d.path()).args(["check", "docs"]).assert().code(2).stderr(contains("unknown detector \"nope\""));
    std::fs::write(d.path().join("unspin.toml"), "word_lists = [\"missing.txt\"]\n").unwrap();
    unspin(d.path()).args(["check", "docs"]).assert().code(2).stderr(contains("missing.txt: cannot read word list"));
    std::fs::remove_file(d.path().join("unspin.toml")).unwrap();
    unspin(d.path()).args(["check", "docs", "--config", "nope.toml"]).assert().code(2).stderr(contains("nope.toml"));
    unspin(d.path()).args(["check", "docs", "--max-spin=-1"]).assert().code(2).stderr(contains("max-spin"));
    unspin(d.path()).args(["check", "docs", "--format", "xml"]).assert().code(2);
    unspin(d.path()).arg("check").assert().code(2);
}

#[test]
fn unreadable_inputs_exit_2_but_the_rest_are_still_judged() {
    let d = setup();
    std::fs::write(d.path().join("docs/bin.dat"), b"abc\0def").unwrap();
    unspin(d.path())
        .args(["check", "docs/clean.txt", "docs/bin.dat", "missing.txt"])
        .assert()
        .code(2)
        .stdout(contains("PASS\tdocs/clean.txt"))
        .stderr(contains("docs/bin.dat: binary file"))
        .stderr(contains("missing.txt: cannot read"));
}

#[test]
fn stdin_is_a_document() {
    let d = setup();
    unspin(d.path()).args(["check", "-"]).write_stdin(GARBLED).assert().code(1).stdout(contains("FAIL\t-\t"));
}

/// The calibration the defaults are documented with (README "Gating"): the
/// spun seed article fails on spin and the four clean ones pass. Without a
/// spin detector nothing can detect spin, so then every seed must pass.
#[test]
fn default_thresholds_separate_the_seed_articles() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let out = unspin(&seeds).args(["check", "--no-config", "--format", "json", "."]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    let has_spin = unspin::detect::names().contains(&"spin");
    for d in docs {
        let spun = d["file"].as_str().unwrap().contains("002_");
        let want = if spun && has_spin { "fail" } else { "pass" };
        assert_eq!(d["verdict"], want, "{d}");
        if want == "fail" {
            assert_eq!(d["reason"], "spin", "{d}");
        }
    }
}
