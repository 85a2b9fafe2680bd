//! Unified diffs of what a set of fixes changes (`unspin clean --diff`,
//! `unspin apply --diff`), for a quick look before writing anything.
//!
//! No general diff algorithm is needed: the fixes say exactly which bytes
//! change, so each hunk is the lines a group of nearby fixes touches plus
//! [`CONTEXT_LINES`] lines either side. That is linear in the text and
//! always agrees with [`crate::resolve::apply`], which builds the new side.
//! The headers are `--- a/NAME` / `+++ b/NAME`, so `patch -p1` applies it.

use crate::fix::Fix;
use crate::resolve;

/// Unchanged lines shown around each change (the `diff -u` default).
pub const CONTEXT_LINES: usize = 3;

/// Renders the unified diff that applying `fixes` (non-overlapping, sorted
/// by start, spans inside `text` on char boundaries) makes to `text`.
/// Returns an empty string when nothing changes.
pub fn unified(name: &str, text: &str, fixes: &[&Fix]) -> String {
    let fixes: Vec<&Fix> = fixes
        .iter()
        .copied()
        .filter(|f| f.end <= text.len() && text.get(f.start..f.end).is_some_and(|o| o != f.replacement))
        .collect();
    if fixes.is_empty() {
        return String::new();
    }
    let starts = line_starts(text);
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset) - 1;
    let n_lines = starts.len() - usize::from(text.ends_with('\n') || text.is_empty());
    // Group fixes into hunks of touched line ranges [first, last] (inclusive).
    let mut groups: Vec<(usize, usize, Vec<&Fix>)> = Vec::new();
    for f in fixes {
        let first = line_of(f.start);
        let last = line_of(f.end.saturating_sub(1).max(f.start)).max(first);
        match groups.last_mut() {
            Some(g) if first <= g.1 + 2 * CONTEXT_LINES + 1 => {
                g.1 = g.1.max(last);
                g.2.push(f);
            }
            _ => groups.push((first, last, vec![f])),
        }
    }
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let mut delta: isize = 0;
    for (first, last, group) in groups {
        let lo = first.saturating_sub(CONTEXT_LINES);
        let hi = (last + CONTEXT_LINES).min(n_lines.saturating_sub(1));
        let (ctx_before, changed_from) = (starts[lo], starts[first]);
        let changed_to = starts.get(last + 1).copied().unwrap_or(text.len());
        let ctx_after_end = starts.get(hi + 1).copied().unwrap_or(text.len());
        let old = &text[changed_from..changed_to];
        let shifted: Vec<Fix> = group
            .iter()
            .map(|f| Fix { start: f.start - changed_from, end: f.end - changed_from, ..(*f).clone() })
            .collect();
        let new = resolve::apply(old, &shifted);
        let before = &text[ctx_before..changed_from];
        let after = &text[changed_to..ctx_after_end];
        let (nb, no, nn, na) = (count_lines(before), count_lines(old), count_lines(&new), count_lines(after));
        let old_len = nb + no + na;
        let new_len = nb + nn + na;
        let old_start = lo + 1;
        let new_start = (lo as isize + 1 + delta).max(0) as usize;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(old_start, old_len),
            range(if new_len == 0 { new_start.saturating_sub(1) } else { new_start }, new_len)
        ));
        push_lines(&mut out, ' ', before);
        push_lines(&mut out, '-', old);
        push_lines(&mut out, '+', &new);
        push_lines(&mut out, ' ', after);
        delta += nn as isize - no as isize;
    }
    out
}

fn range(start: usize, len: usize) -> String {
    if len == 1 {
        start.to_string()
    } else {
        format!("{start},{len}")
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
    v
}

fn count_lines(s: &str) -> usize {
    s.matches('\n').count() + usize::from(!s.is_empty() && !s.ends_with('\n'))
}

fn push_lines(out: &mut String, mark: char, s: &str) {
    for line in s.split_inclusive('\n') {
        out.push(mark);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Kind;

    fn fix(s: usize, e: usize, r: &str) -> Fix {
        Fix::new(s..e, r, Kind::Spelling, 1.0, "")
    }

    #[test]
    fn one_change_has_context_and_headers() {
        let text = "l1\nl2\nl3\nl4 teh\nl5\nl6\nl7\nl8\n";
        let at = text.find("teh").unwrap();
        let f = fix(at, at + 3, "the");
        let d = unified("x.txt", text, &[&f]);
        assert_eq!(d, "--- a/x.txt\n+++ b/x.txt\n@@ -1,7 +1,7 @@\n l1\n l2\n l3\n-l4 teh\n+l4 the\n l5\n l6\n l7\n");
    }

    #[test]
    fn distant_changes_make_two_hunks_and_line_counts_shift() {
        let text: String = (1..=20).map(|i| format!("w{i}\n")).collect();
        let a = text.find("w2\n").unwrap();
        let b = text.find("w18\n").unwrap();
        let f1 = fix(a, a + 3, "x\ny\n");
        let f2 = fix(b, b + 3, "z");
        let d = unified("f", &text, &[&f1, &f2]);
        assert!(d.contains("@@ -1,5 +1,6 @@\n w1\n-w2\n+x\n+y\n w3\n"), "{d}");
        assert!(d.contains("@@ -15,6 +16,6 @@\n"), "{d}");
        assert!(d.contains("-w18\n+z\n"), "{d}");
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let d = unified("f", "a teh", &[&fix(2, 5, "the")]);
        assert_eq!(d, "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a teh\n\\ No newline at end of file\n+a the\n\\ No newline at end of file\n");
    }

    #[test]
    fn no_change_no_diff() {
        assert_eq!(unified("f", "abc", &[]), "");
        assert_eq!(unified("f", "abc", &[&fix(0, 1, "a")]), "");
    }
}
