//! Property tests for the OCR and corruption detectors: text built from the
//! pieces they react to (mojibake, entities, hyphens at line ends, ligatures,
//! invisible characters, garble, boilerplate) never panics, every proposal
//! names its original bytes exactly, and with nothing applied the output is
//! the input.

use proptest::prelude::*;
use unspin::document::Document;
use unspin::{Engine, Options};

fn engine(min: f32, strip: bool) -> Engine {
    Engine::new(Options { min_confidence: min, strip_boilerplate: strip, ..Options::default() }).unwrap()
}

fn ocr_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("â€™".to_string()),
        Just("Ã¢â‚¬â„¢".to_string()),
        Just("Ã".to_string()),
        Just("\u{92}".to_string()),
        Just("&amp;".to_string()),
        Just("&#8217;".to_string()),
        Just("&#x".to_string()),
        Just("infor-".to_string()),
        Just("-\n".to_string()),
        Just("-\r\n".to_string()),
        Just("mation ".to_string()),
        Just("ﬁ".to_string()),
        Just("\u{ad}".to_string()),
        Just("\u{200d}".to_string()),
        Just("\u{a0}".to_string()),
        Just("shaU ".to_string()),
        Just("tbe ".to_string()),
        Just("tho ".to_string()),
        Just("Hke ".to_string()),
        Just("c1ear ".to_string()),
        Just("thewar ".to_string()),
        Just("de stepscisive ".to_string()),
        Just("beene himselfe onely ".to_string()),
        Just("![]()\n".to_string()),
        Just("Share this article\n".to_string()),
        Just("© 2024 X. All rights reserved.".to_string()),
        Just("fn_tbe() ".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        "[a-zA-Z]{1,14}".prop_map(|s| s),
        "\\PC{0,4}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn proposals_are_exact_and_nothing_applied_is_identity(text in ocr_text()) {
        let doc = Document::new("t", text.clone());
        for strip in [false, true] {
            let a = engine(0.0, strip).analyze(&doc);
            let mut last_end = 0;
            for d in &a.decisions {
                prop_assert!(text.is_char_boundary(d.fix.start) && text.is_char_boundary(d.fix.end));
                prop_assert!(d.fix.start >= last_end, "overlap");
                prop_assert!(d.fix.start < d.fix.end && d.fix.end <= text.len());
                last_end = d.fix.end;
            }
            let _ = a.cleaned(&text);
        }
        let none = engine(1.0, false).analyze(&doc);
        let applied: Vec<_> = none.decisions.iter().filter(|d| d.applied).collect();
        // Only certain fixes (confidence exactly 1) may apply at threshold 1.
        prop_assert!(applied.iter().all(|d| d.fix.confidence >= 1.0));
        if applied.is_empty() {
            prop_assert_eq!(none.cleaned(&text), text);
        }
    }
}
