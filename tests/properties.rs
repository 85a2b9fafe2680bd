//! Property tests of the pipeline's guarantees on arbitrary text.

use proptest::prelude::*;
use unspin::document::Document;
use unspin::report::Row;
use unspin::{Engine, Options};

fn engine() -> &'static Engine {
    static E: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    E.get_or_init(|| Engine::new(Options::default()).unwrap())
}

/// Text built from pieces that stress tokenising: words (some misspelt),
/// punctuation, CRLF, BOM, tabs, non-ASCII, digits and URLs.
fn messy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("the ".to_string()),
        Just("goverment ".to_string()),
        Just("recieve".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("\t".to_string()),
        Just("—".to_string()),
        Just("Zoë’s ".to_string()),
        Just("https://example.org/a.b ".to_string()),
        Just("2.5".to_string()),
        "[a-zA-Z]{1,12}".prop_map(|s| s),
        "\\PC{0,6}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn report_rows_match_the_input_and_nothing_applied_means_identical(text in messy_text()) {
        let doc = Document::new("p", text.clone());
        let analysis = engine().analyze(&doc);
        let mut last_end = 0;
        for d in &analysis.decisions {
            let row = Row::new(&doc, d);
            prop_assert!(text.is_char_boundary(row.byte_start) && text.is_char_boundary(row.byte_end));
            prop_assert_eq!(&text[row.byte_start..row.byte_end], row.original.as_str());
            prop_assert!(row.byte_start >= last_end, "rows overlap");
            last_end = row.byte_end;
        }
        let cleaned = analysis.cleaned(&text);
        if analysis.applied() == 0 {
            prop_assert_eq!(cleaned.as_bytes(), text.as_bytes());
        }
    }

    #[test]
    fn tokens_cover_every_byte_in_order(text in messy_text()) {
        let toks = unspin::token::tokenize(&text);
        let mut at = 0;
        for t in &toks {
            prop_assert_eq!(t.start, at);
            prop_assert!(t.end > t.start);
            at = t.end;
        }
        prop_assert_eq!(at, text.len());
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(doc) = unspin::read::decode("b", bytes) {
            let a = engine().analyze(&doc);
            let _ = a.cleaned(&doc.text);
        }
    }
}
