//! Mojibake repair: every case is produced here from the encoders' tables
//! (`encoding_rs`), one and two layers deep, so the test checks the repair
//! against the real corruption rather than against strings copied from a list.

use encoding_rs::WINDOWS_1252;
use unspin::{Engine, Options};

fn engine() -> Engine {
    Engine::new(Options { detectors: Some(vec!["mojibake".into()]), ..Options::default() }).unwrap()
}

/// UTF-8 bytes read as cp1252 (undefined bytes become C1 controls, as encoding_rs does).
fn as_cp1252(s: &str) -> String {
    WINDOWS_1252.decode_without_bom_handling(s.as_bytes()).0.into_owned()
}

/// UTF-8 bytes read as ISO-8859-1 (every byte is the code point of the same value).
fn as_latin1(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

/// Prose samples with the non-ASCII characters that real mojibake hits most:
/// curly quotes, dashes, ellipsis, accents, currency, symbols, Greek, Cyrillic, CJK, emoji.
const SAMPLES: &[&str] = &[
    "It’s the “best” deal — really…",
    "Café crème, naïve façade, déjà vu, Zoë, Ångström, São Paulo, Ærø, Łódź",
    "Price: €20 or £17 (¥3000) – 50% off ± 2° ½ ¼ ©2024 ® ™ •",
    "Müller’s Straße, Dvořák, Gdańsk, Škoda, İstanbul",
    "Greek αβγ and Russian Москва and Chinese 中文 and emoji 😀👍",
    "A non-breaking space here and «quotes» ‘single’ „low“ †‡",
    "Á Í Ï Ð Ý Þ ß à ÿ Œ œ Š š Ž ž Ÿ ƒ ˆ ˜",
];

fn check(corrupt: &str, want: &str, label: &str) {
    let got = engine().clean_str(corrupt);
    assert_eq!(got, want, "{label}: {corrupt:?}");
}

#[test]
fn one_layer_cp1252_is_restored() {
    for s in SAMPLES {
        check(&as_cp1252(s), s, "cp1252");
    }
}

#[test]
fn one_layer_latin1_is_restored() {
    for s in SAMPLES {
        check(&as_latin1(s), s, "latin1");
    }
}

#[test]
fn two_layers_are_restored() {
    for s in SAMPLES {
        check(&as_cp1252(&as_cp1252(s)), s, "cp1252×2");
        check(&as_latin1(&as_latin1(s)), s, "latin1×2");
        check(&as_cp1252(&as_latin1(s)), s, "latin1 then cp1252");
        check(&as_latin1(&as_cp1252(s)), s, "cp1252 then latin1");
    }
}

#[test]
fn cp1252_text_read_as_latin1_leaves_c1_controls_that_are_mapped() {
    let (bytes, _, _) = WINDOWS_1252.encode("It’s “fine” — ok");
    let latin1: String = bytes.iter().map(|&b| char::from(b)).collect();
    check(&latin1, "It’s “fine” — ok", "c1");
}

#[test]
fn clean_text_is_untouched() {
    for s in SAMPLES {
        check(s, s, "clean");
    }
    check("CAFÉ’s menu, NAÏVE», A° ± B", "CAFÉ’s menu, NAÏVE», A° ± B", "legit");
}

#[test]
fn html_entities_are_decoded_outside_urls() {
    check(
        "Tom &amp; Jerry&#8217;s &quot;show&quot; &mdash; &#x2019; &amp;#8217;",
        "Tom & Jerry’s \"show\" — ’ ’",
        "html",
    );
    check("see https://x.org/?a=1&amp;b=2 now", "see https://x.org/?a=1&amp;b=2 now", "url");
    check("AT&T; &nosuch; stays", "AT&T; &nosuch; stays", "unknown");
}
