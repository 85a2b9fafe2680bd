//! Stage 6a: write cleaned text atomically, so a crash or a full disk never
//! leaves a half-written file where a good one (or none) was.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, creating parent folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("{}: cannot create folder", parent.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".unspin-")
        .suffix(".tmp")
        .tempfile_in(parent)
        .with_context(|| format!("{}: cannot create a temporary file", parent.display()))?;
    tmp.write_all(bytes).with_context(|| format!("{}: write failed", path.display()))?;
    tmp.as_file().sync_all().ok();
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("{}: cannot replace file", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_into_new_folders_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/c.txt");
        write_atomic(&p, b"hello").unwrap();
        write_atomic(&p, b"again").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"again");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
