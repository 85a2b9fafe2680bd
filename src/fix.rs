//! The one currency between stages: a proposed replacement of a byte span.
//!
//! Every detector emits [`Fix`]es, the resolver picks a non-overlapping set,
//! the writer applies them and the report lists them. Offsets are always byte
//! offsets into the *original* input (BOM included), so a report row can be
//! checked against the file it names without re-running anything.

use std::fmt;
use std::str::FromStr;

/// What kind of damage a fix repairs. This is the fixed vocabulary of the
/// report's `kind` column: a public contract, so variants are only ever added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A thesaurus substitution made by an article spinner.
    Spin,
    /// A paper-mill "tortured phrase" (e.g. "counterfeit consciousness").
    Tortured,
    /// An OCR character confusion (rn/m, cl/d, …).
    Ocr,
    /// A generic non-word spelling error.
    Spelling,
    /// A word split in two ("infor mation").
    Split,
    /// Two words run together ("thewar").
    Join,
    /// A line-break hyphenation ("infor-\nmation").
    Hyphenation,
    /// Text decoded with the wrong encoding ("â€™").
    Mojibake,
    /// Unicode oddities: ligatures, soft hyphens, zero-width characters.
    Unicode,
    /// Web page furniture that is not part of the prose.
    Boilerplate,
    /// A rare near-variant of a form the document uses consistently.
    Variant,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 11] = [
        Kind::Spin,
        Kind::Tortured,
        Kind::Ocr,
        Kind::Spelling,
        Kind::Split,
        Kind::Join,
        Kind::Hyphenation,
        Kind::Mojibake,
        Kind::Unicode,
        Kind::Boilerplate,
        Kind::Variant,
    ];

    /// The lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Spin => "spin",
            Kind::Tortured => "tortured",
            Kind::Ocr => "ocr",
            Kind::Spelling => "spelling",
            Kind::Split => "split",
            Kind::Join => "join",
            Kind::Hyphenation => "hyphenation",
            Kind::Mojibake => "mojibake",
            Kind::Unicode => "unicode",
            Kind::Boilerplate => "boilerplate",
            Kind::Variant => "variant",
        }
    }

    /// Whether this kind counts towards the *spin* score of a document
    /// (as opposed to the *garble* score). Used by gating.
    pub fn is_spin(self) -> bool {
        matches!(self, Kind::Spin | Kind::Tortured)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown kind {s:?}"))
    }
}

/// A proposed replacement of `text[start..end]` by `replacement`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// Byte offset of the first byte replaced (inclusive).
    pub start: usize,
    /// Byte offset one past the last byte replaced (exclusive).
    pub end: usize,
    /// The text to put in place of the span.
    pub replacement: String,
    /// What kind of damage this repairs.
    pub kind: Kind,
    /// Calibrated belief that the replacement restores the original, in [0, 1].
    pub confidence: f32,
    /// A short reason a reviewer can judge.
    pub evidence: String,
}

impl Fix {
    /// Builds a fix, clamping the confidence into [0, 1] (NaN becomes 0).
    pub fn new(
        span: std::ops::Range<usize>,
        replacement: impl Into<String>,
        kind: Kind,
        confidence: f32,
        evidence: impl Into<String>,
    ) -> Fix {
        let confidence = if confidence.is_nan() { 0.0 } else { confidence.clamp(0.0, 1.0) };
        Fix {
            start: span.start,
            end: span.end,
            replacement: replacement.into(),
            kind,
            confidence,
            evidence: evidence.into(),
        }
    }

    /// The byte range this fix replaces.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Whether two fixes touch a common byte. Fixes with empty spans are
    /// never produced (the resolver drops them), so plain interval overlap is enough.
    pub fn overlaps(&self, other: &Fix) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A fix after resolution: whether it is applied at the chosen threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The proposal.
    pub fix: Fix,
    /// Whether the cleaned output contains it.
    pub applied: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_round_trips_through_its_name() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), k);
        }
        assert!("nonsense".parse::<Kind>().is_err());
    }

    #[test]
    fn confidence_is_clamped() {
        assert_eq!(Fix::new(0..1, "x", Kind::Spelling, 3.0, "").confidence, 1.0);
        assert_eq!(Fix::new(0..1, "x", Kind::Spelling, f32::NAN, "").confidence, 0.0);
    }

    #[test]
    fn overlap_is_strict_for_adjacent_spans() {
        let a = Fix::new(0..3, "a", Kind::Spelling, 1.0, "");
        let b = Fix::new(3..5, "b", Kind::Spelling, 1.0, "");
        let c = Fix::new(2..4, "c", Kind::Spelling, 1.0, "");
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&c));
        assert!(c.overlaps(&b));
    }
}
