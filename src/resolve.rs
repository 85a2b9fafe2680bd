//! Stage 5: resolve. Detectors overlap (a spin phrase and a spelling fix on
//! the same word); this stage keeps one non-overlapping set, deterministically,
//! and decides which fixes are applied at the user's threshold.

use std::collections::BTreeMap;

use crate::fix::{Decision, Fix};

/// Picks a non-overlapping subset of `fixes`, best first, and marks those at
/// or above `min_confidence` as applied.
///
/// Order of preference: higher confidence, then the longer span (a phrase
/// fix subsumes word fixes inside it), then the earlier start, then the
/// replacement text, so the result never depends on detector order or
/// thread scheduling. Fixes that change nothing, have empty or invalid spans
/// are dropped. Runs in O(n log n).
pub fn resolve(text: &str, mut fixes: Vec<Fix>, min_confidence: f32) -> Vec<Decision> {
    fixes.retain(|f| {
        f.start < f.end
            && f.end <= text.len()
            && text.is_char_boundary(f.start)
            && text.is_char_boundary(f.end)
            && text[f.start..f.end] != f.replacement
    });
    fixes.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| (b.end - b.start).cmp(&(a.end - a.start)))
            .then_with(|| a.start.cmp(&b.start))
            .then_with(|| a.replacement.cmp(&b.replacement))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    // Accepted spans keyed by start; neighbours on both sides decide overlap.
    let mut taken: BTreeMap<usize, Fix> = BTreeMap::new();
    for f in fixes {
        let before = taken.range(..f.end).next_back().map(|(_, g)| g);
        if before.is_some_and(|g| g.overlaps(&f)) {
            continue;
        }
        taken.insert(f.start, f);
    }
    taken.into_values().map(|fix| Decision { applied: fix.confidence >= min_confidence, fix }).collect()
}

/// Applies the given non-overlapping fixes (sorted by start) to `text`.
/// This one function serves both `clean` and `apply`, so their outputs agree.
///
/// # Panics
/// Never on valid input; overlapping or unsorted fixes are skipped.
pub fn apply<'f, I>(text: &str, fixes: I) -> String
where
    I: IntoIterator<Item = &'f Fix>,
{
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in fixes {
        if f.start < at || f.end > text.len() || f.start > f.end {
            continue;
        }
        out.push_str(&text[at..f.start]);
        out.push_str(&f.replacement);
        at = f.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Kind;

    fn fix(s: usize, e: usize, r: &str, c: f32) -> Fix {
        Fix::new(s..e, r, Kind::Spelling, c, "")
    }

    #[test]
    fn best_of_overlapping_wins_and_threshold_marks_applied() {
        let text = "aaa bbb ccc";
        let ds = resolve(
            text,
            vec![fix(0, 3, "x", 0.5), fix(0, 7, "y", 0.9), fix(4, 7, "z", 0.95), fix(8, 11, "w", 0.3)],
            0.6,
        );
        let got: Vec<(&str, bool)> = ds.iter().map(|d| (d.fix.replacement.as_str(), d.applied)).collect();
        assert_eq!(got, vec![("x", false), ("z", true), ("w", false)]);
    }

    #[test]
    fn no_ops_and_bad_spans_are_dropped() {
        let text = "héllo";
        let ds = resolve(text, vec![fix(0, 6, "héllo", 1.0)], 0.0);
        assert!(ds.is_empty());
        let ds = resolve(text, vec![fix(0, 2, "x", 1.0), fix(3, 99, "y", 1.0), fix(2, 2, "z", 1.0)], 0.0);
        assert!(ds.is_empty(), "{ds:?}");
    }

    #[test]
    fn apply_splices_in_order() {
        let text = "one two three";
        let fs = [fix(0, 3, "1", 1.0), fix(8, 13, "3", 1.0)];
        assert_eq!(apply(text, &fs), "1 two 3");
        assert_eq!(apply(text, []), text);
    }
}
