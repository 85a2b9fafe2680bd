//! The optional configuration file, `unspin.toml`: settings a team wants to
//! keep with its data instead of repeating on every command line.
//!
//! Looked up as `./unspin.toml` (the current folder) unless `--config FILE`
//! names one; command-line flags always win over it. Unknown keys are errors,
//! so a typo never silently falls back to a default.
//!
//! ```toml
//! min_confidence = 0.8            # fixes at or above are applied
//! words = ["Kellog", "Witkoff"]   # always-correct words
//! word_lists = ["names.txt"]      # files of words, one per line (relative to this file)
//!
//! [detectors]                     # turn detectors off (or on) by name
//! nonword = false
//!
//! [check]                         # gate thresholds (unspin check, --jsonl verdicts)
//! max_spin = 15.0
//! max_garble = 10.0
//! min_fixes = 2
//!
//! [jsonl]
//! field = "text"                  # the JSON field holding the text
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file name looked for in the current folder.
pub const FILE_NAME: &str = "unspin.toml";

/// Everything `unspin.toml` may set. Every field is optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Fixes at or above this confidence are applied.
    pub min_confidence: Option<f32>,
    /// Extra always-correct words.
    #[serde(default)]
    pub words: Vec<String>,
    /// Files of extra words, one per line; relative paths are relative to the config file.
    #[serde(default)]
    pub word_lists: Vec<PathBuf>,
    /// Detectors switched on or off by name; unnamed ones keep running.
    #[serde(default)]
    pub detectors: BTreeMap<String, bool>,
    /// Gate thresholds.
    #[serde(default)]
    pub check: CheckConfig,
    /// JSON Lines settings.
    #[serde(default)]
    pub jsonl: JsonlConfig,
    /// Where the file was read from (set by [`load`], not by the file).
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

/// `[check]`: gate thresholds (see [`crate::gate::Thresholds`]).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Maximum spin restorations per 1,000 words.
    pub max_spin: Option<f64>,
    /// Maximum garble repairs per 1,000 words.
    pub max_garble: Option<f64>,
    /// Fixes needed before a rate can fail a document.
    pub min_fixes: Option<usize>,
}

/// `[jsonl]`: streaming settings.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonlConfig {
    /// Name of the text field (or a JSON Pointer such as `/doc/body`).
    pub field: Option<String>,
}

impl Config {
    /// Parses config text; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> anyhow::Result<Config> {
        toml::from_str(text).map_err(|e| anyhow::anyhow!("{name}: {e}"))
    }

    /// The detector list to run given the registry's names: `None` (all) when
    /// the file switches nothing off. Unknown names are errors.
    pub fn detector_list(&self, known: &[&str]) -> anyhow::Result<Option<Vec<String>>> {
        let name = self.source.as_ref().map_or_else(|| FILE_NAME.to_string(), |p| p.display().to_string());
        for k in self.detectors.keys() {
            if !known.contains(&k.as_str()) {
                anyhow::bail!("{name}: [detectors] has unknown detector {k:?}; known: {}", known.join(", "));
            }
        }
        if self.detectors.values().all(|&on| on) {
            return Ok(None);
        }
        Ok(Some(known.iter().filter(|n| self.detectors.get(**n) != Some(&false)).map(|n| n.to_string()).collect()))
    }

    /// The word-list paths, resolved against the config file's folder.
    pub fn word_list_paths(&self) -> Vec<PathBuf> {
        let base = self.source.as_deref().and_then(Path::parent).unwrap_or(Path::new(""));
        self.word_lists.iter().map(|p| base.join(p)).collect()
    }

    /// Gate thresholds: the file's values over the defaults.
    pub fn thresholds(&self) -> crate::gate::Thresholds {
        let d = crate::gate::Thresholds::default();
        crate::gate::Thresholds {
            max_spin: self.check.max_spin.unwrap_or(d.max_spin),
            max_garble: self.check.max_garble.unwrap_or(d.max_garble),
            min_fixes: self.check.min_fixes.unwrap_or(d.min_fixes),
        }
    }
}

/// Loads the config: `explicit` if given (it must exist), else
/// `./unspin.toml` if present, else the defaults.
pub fn load(explicit: Option<&Path>) -> anyhow::Result<Config> {
    let (path, required) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from(FILE_NAME), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => anyhow::bail!("{}: cannot read config: {e}", path.display()),
    };
    let mut c = Config::parse(&path.display().to_string(), &text)?;
    c.source = Some(path);
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_section() {
        let c = Config::parse(
            "u.toml",
            "min_confidence = 0.7\nwords = [\"Kellog\"]\nword_lists = [\"w.txt\"]\n[detectors]\nnonword = false\n\
             [check]\nmax_spin = 3.5\n[jsonl]\nfield = \"body\"\n",
        )
        .unwrap();
        assert_eq!(c.min_confidence, Some(0.7));
        assert_eq!(c.words, vec!["Kellog"]);
        assert_eq!(c.thresholds().max_spin, 3.5);
        assert_eq!(c.thresholds().max_garble, crate::gate::DEFAULT_MAX_GARBLE);
        assert_eq!(c.jsonl.field.as_deref(), Some("body"));
        assert_eq!(c.detector_list(&["nonword", "spin"]).unwrap(), Some(vec!["spin".to_string()]));
    }

    #[test]
    fn unknown_keys_and_detectors_are_errors() {
        let e = Config::parse("u.toml", "max_spin = 3\n").unwrap_err().to_string();
        assert!(e.starts_with("u.toml:") && e.contains("max_spin"), "{e}");
        let c = Config::parse("u.toml", "[detectors]\nnope = true\n").unwrap();
        assert!(c.detector_list(&["nonword"]).unwrap_err().to_string().contains("nope"));
        assert_eq!(Config::default().detector_list(&["nonword"]).unwrap(), None);
    }

    #[test]
    fn word_lists_are_relative_to_the_config_file() {
        let mut c = Config::parse("u", "word_lists = [\"w.txt\", \"/abs/x\"]").unwrap();
        c.source = Some(PathBuf::from("conf/unspin.toml"));
        assert_eq!(c.word_list_paths(), vec![PathBuf::from("conf/w.txt"), PathBuf::from("/abs/x")]);
    }

    #[test]
    fn missing_default_file_is_fine_but_missing_explicit_file_is_not() {
        let d = tempfile::tempdir().unwrap();
        assert!(load(Some(&d.path().join("nope.toml"))).is_err());
        let p = d.path().join("unspin.toml");
        std::fs::write(&p, "min_confidence = 0.5").unwrap();
        let c = load(Some(&p)).unwrap();
        assert_eq!((c.min_confidence, c.source), (Some(0.5), Some(p)));
    }
}
