//! Turning the user's PATH arguments into a list of input files.
//!
//! Folders are walked recursively in sorted order (so runs are
//! reproducible); hidden files and folders and the output folder itself are
//! skipped. Each input remembers its path relative to the root it was found
//! under, which is where its cleaned copy goes.

use std::path::{Path, PathBuf};

/// One input to process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// Where to read it; `None` means stdin.
    pub path: Option<PathBuf>,
    /// How reports and messages name it: the path as reached from the
    /// user's argument (e.g. `seeds/002.txt`), or "-" for stdin.
    pub name: String,
    /// Path of its cleaned copy relative to the output folder.
    pub rel: PathBuf,
}

/// Collects inputs from the given paths. Problems (a missing path, an
/// unreadable folder) are returned as messages; the rest still comes back.
pub fn collect(paths: &[PathBuf], out_dir: Option<&Path>) -> (Vec<Input>, Vec<String>) {
    let out_canon = out_dir.and_then(|d| d.canonicalize().ok());
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if root.as_os_str() == "-" {
            inputs.push(Input { path: None, name: "-".into(), rel: PathBuf::from("-") });
            continue;
        }
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(format!("{}: cannot read: {e}", root.display()));
                continue;
            }
        };
        if !meta.is_dir() {
            let rel = PathBuf::from(root.file_name().unwrap_or(root.as_os_str()));
            inputs.push(Input { path: Some(root.clone()), name: display(root), rel });
            continue;
        }
        if out_canon.is_some() && root.canonicalize().ok() == out_canon {
            errors.push(format!("{}: is the output folder; inputs are never overwritten", root.display()));
            continue;
        }
        let walker = walkdir::WalkDir::new(root).follow_links(false).sort_by_file_name().into_iter();
        let walker = walker.filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let hidden = e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
            let is_out = e.file_type().is_dir()
                && out_canon.as_ref().is_some_and(|o| e.path().canonicalize().ok().as_ref() == Some(o));
            !hidden && !is_out
        });
        for entry in walker {
            match entry {
                Ok(e) => {
                    let is_file = e.file_type().is_file()
                        || (e.file_type().is_symlink() && e.path().metadata().is_ok_and(|m| m.is_file()));
                    if !is_file {
                        continue;
                    }
                    let rel = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                    inputs.push(Input { path: Some(e.path().to_path_buf()), name: display(e.path()), rel });
                }
                Err(e) => {
                    let at = e.path().map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                    errors.push(format!(
                        "{at}: cannot read: {}",
                        e.io_error().map_or(e.to_string(), |io| io.to_string())
                    ));
                }
            }
        }
    }
    (inputs, errors)
}

fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skipping_hidden_and_output() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("in");
        for p in ["b.txt", "a/c.txt", ".hidden.txt", ".git/x.txt", "out/old.txt"] {
            let f = root.join(p);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, "x").unwrap();
        }
        let out = root.join("out");
        let (inputs, errors) = collect(&[root.clone(), root.join("missing")], Some(&out));
        let rels: Vec<_> = inputs.iter().map(|i| i.rel.to_string_lossy().into_owned()).collect();
        assert_eq!(rels, vec!["a/c.txt", "b.txt"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("missing"), "{errors:?}");
    }
}
