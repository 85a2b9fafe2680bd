//! Number style: some spinners write small numbers as digits ("the 2 sides"
//! for "the two sides"; `spin-findings.md` found such swaps, "two" ↔ "2" and
//! "tenth" ↔ "10th", in real spun text). News and most edited prose spell
//! out one to nine in running text (AP and Chicago style alike), so in a
//! document already judged spun, a lone digit between two lower-case words
//! (or a sentence's first word) is proposed for review as its word. Never applied: house styles differ.
//!
//! Skipped: anything but a single digit 1–9 (or "1st"–"9th"), digits next to
//! other numbers (ranges, lists, scores), after a label noun ("round 2",
//! "page 3") or a capitalised word ("Game 2", "March 2"), and before a
//! magnitude or unit ("2 million", "3 km"), where digits are the rule.

use super::{Context, Findings};
use crate::fix::{Fix, Kind};
use crate::token::TokenKind;

const CARDINALS: [&str; 9] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const ORDINALS: [&str; 9] = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
/// Nouns that take a numeral as a label, not a count.
const LABELS: [&str; 24] = [
    "number", "no", "page", "chapter", "section", "article", "level", "phase", "stage", "grade", "version", "round",
    "game", "week", "day", "class", "category", "room", "gate", "platform", "route", "rule", "step", "figure",
];
/// Words after which digits are the rule (magnitudes, units, per cent).
const UNITS: [&str; 20] = [
    "million", "billion", "trillion", "thousand", "hundred", "percent", "per", "cent", "am", "pm", "km", "kg", "mm",
    "cm", "lb", "lbs", "mph", "ft", "oz", "x",
];
/// Confidence when the document spells out another small number elsewhere
/// (its style is words, so a digit breaks it) and when it does not.
const MIXED_CONF: f32 = 0.3;
const PLAIN_CONF: f32 = 0.15;

/// Proposes the word for each small digit in running prose (see the module doc).
pub(super) fn detect(cx: &Context<'_>, rho: f64, out: &mut Findings) {
    let toks = cx.tokens;
    let word = |i: usize| (toks[i].kind == TokenKind::Word).then(|| toks[i].text(cx.text));
    // Neighbouring non-space token indices.
    let prev = |i: usize| toks[..i].iter().rposition(|t| t.kind != TokenKind::Space);
    let next =
        |i: usize| toks.get(i + 1..).and_then(|r| r.iter().position(|t| t.kind != TokenKind::Space)).map(|k| i + 1 + k);
    let spelled = CARDINALS[1..].iter().chain(&ORDINALS[1..]).find(|w| cx.usage_of_key(w).total > 0);
    for (i, t) in toks.iter().enumerate().filter(|(_, t)| t.kind == TokenKind::Number) {
        let s = t.text(cx.text);
        let (d, table) = match s.as_bytes() {
            [d @ b'1'..=b'9'] => (d - b'1', &CARDINALS),
            [d @ b'1'..=b'9', a, b]
                if matches!([*a, *b], [b's', b't'] | [b'n', b'd'] | [b'r', b'd'] | [b't', b'h']) =>
            {
                (d - b'1', &ORDINALS)
            }
            _ => continue,
        };
        let (Some(p), Some(n)) = (prev(i), next(i)) else { continue };
        let (Some(before), Some(after)) = (word(p), word(n)) else { continue };
        let lower = |w: &str| w.chars().all(|c| c.is_lowercase() || c == '\'' || c == '’');
        // A capital before it only at a sentence start ("The 2 sides").
        let before_ok = lower(before) || cx.is_sentence_start(p);
        if !before_ok || !lower(after) || LABELS.contains(&before.to_lowercase().as_str()) || UNITS.contains(&after) {
            continue;
        }
        // Ranges and lists: another number within two tokens either side.
        let near_number = [prev(p), next(n)].into_iter().flatten().any(|k| toks[k].kind == TokenKind::Number);
        if near_number {
            continue;
        }
        let replacement = table[usize::from(d)].to_string();
        let conf = if spelled.is_some() { MIXED_CONF } else { PLAIN_CONF };
        let mut evidence = format!(
            "'{s}' in running prose: edited prose spells out one to nine, and spinners swap number styles; \
             document judged spun (spin rate {rho:.3})"
        );
        if let Some(w) = spelled {
            evidence += &format!("; it spells out '{w}' elsewhere");
        }
        out.push(Fix::new(t.start..t.end, replacement, Kind::Spin, conf, evidence));
    }
}
