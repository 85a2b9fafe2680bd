//! Stage 1: read bytes from disk or stdin and decide whether they are text.
//!
//! A file is rejected (never guessed at) when it looks binary or is not valid
//! UTF-8; the error names the file and, for bad UTF-8, the line and column of
//! the first offending byte, so the user can find it.

use std::io::Read;
use std::path::Path;

use crate::document::Document;

/// How many leading bytes are sniffed for NUL, the same heuristic git and
/// ripgrep use to call a file binary.
const SNIFF_LEN: usize = 8 * 1024;

/// Why an input could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The OS refused (missing file, permissions, a directory, …).
    #[error("{name}: cannot read: {source}")]
    Io {
        /// The input as named by the user.
        name: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A NUL byte near the start: almost certainly not prose.
    #[error("{name}: binary file (NUL byte at offset {offset}), skipped")]
    Binary {
        /// The input as named by the user.
        name: String,
        /// Where the NUL byte is.
        offset: usize,
    },
    /// Not UTF-8. unspin never guesses an encoding for a whole file.
    #[error("{name}:{line}:{column}: invalid UTF-8 (byte offset {offset}); convert the file to UTF-8 first, e.g. with iconv")]
    InvalidUtf8 {
        /// The input as named by the user.
        name: String,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        column: usize,
        /// Byte offset of the first bad byte.
        offset: usize,
    },
    /// Larger than the configured limit.
    #[error("{name}: file is {size} bytes, over the limit of {limit} bytes (see --max-file-size)")]
    TooLarge {
        /// The input as named by the user.
        name: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
}

/// Reads a file, refusing binary, oversized or non-UTF-8 content.
pub fn read_path(path: &Path, name: &str, limit: u64) -> Result<Document, ReadError> {
    let io = |source| ReadError::Io { name: name.to_string(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::other("is a directory")));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { name: name.to_string(), size: meta.len(), limit });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    decode(name, bytes)
}

/// Reads all of stdin as one document named "-".
pub fn read_stdin(limit: u64) -> Result<Document, ReadError> {
    let mut bytes = Vec::new();
    let io = |source| ReadError::Io { name: "-".to_string(), source };
    std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { name: "-".into(), size: bytes.len() as u64, limit });
    }
    decode("-", bytes)
}

/// Checks raw bytes and turns them into a [`Document`].
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<Document, ReadError> {
    if let Some(offset) = bytes[..bytes.len().min(SNIFF_LEN)].iter().position(|&b| b == 0) {
        return Err(ReadError::Binary { name: name.to_string(), offset });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Document::new(name, text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let good = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(ReadError::InvalidUtf8 { name: name.to_string(), line, column, offset })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_nul_bytes_as_binary() {
        let e = decode("f.bin", b"abc\0def".to_vec()).unwrap_err();
        assert!(matches!(e, ReadError::Binary { offset: 3, .. }), "{e}");
        assert!(e.to_string().starts_with("f.bin:"));
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let e = decode("f.txt", b"ok\nab\xffc".to_vec()).unwrap_err();
        match e {
            ReadError::InvalidUtf8 { line, column, offset, .. } => {
                assert_eq!((line, column, offset), (2, 3, 5));
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn empty_input_is_a_valid_empty_document() {
        let d = decode("e", Vec::new()).unwrap();
        assert_eq!(d.text, "");
    }
}
