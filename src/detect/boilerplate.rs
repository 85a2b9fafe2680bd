//! Boilerplate lines: web-page furniture that scrapers leave in the prose
//! (share and follow widgets, empty markdown images, donation appeals,
//! copyright footers, newsletter and pop-up prompts).
//!
//! A line is boilerplate only when the *whole* line is one of these forms, so
//! a sentence that mentions sharing or copyright is never touched. Each line
//! is reported with its removal as the replacement; the pipeline applies
//! these only when asked (`--strip-boilerplate`), because deleting text is a
//! bigger step than repairing it.

use std::sync::OnceLock;

use regex::RegexSet;

use super::{Context, Detector, Findings};
use crate::fix::{Fix, Kind};

/// Confidence of a whole-line match: the patterns are anchored at both ends
/// and short, so prose does not match them by accident.
const CONF_LINE: f32 = 0.9;
/// Lines longer than this are prose, whatever they contain.
const MAX_LINE_CHARS: usize = 160;

/// The boilerplate detector (kind `boilerplate`).
pub struct Boilerplate;

/// What each pattern in [`patterns`] recognises, for the evidence column.
const LABELS: &[&str] = &[
    "share/follow widget",
    "share/follow widget",
    "list of social networks",
    "empty markdown image",
    "donation appeal",
    "donation appeal",
    "copyright footer",
    "pop-up prompt",
    "newsletter prompt",
    "advertisement marker",
];

fn patterns() -> &'static RegexSet {
    static SET: OnceLock<RegexSet> = OnceLock::new();
    SET.get_or_init(|| {
        const NET: &str = r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|print|messenger|flipboard|tumblr|instagram|youtube|tiktok|threads|bluesky|mastodon)";
        RegexSet::new([
            // 0 "Share this article", "Share on Facebook", "Click to share on Twitter (Opens in new window)"
            format!(r"(?i)^(?:click to )?(?:share|tweet|pin|post|email|print)(?: (?:this|the|on|via|to|it))*(?: (?:article|story|post|page|{NET}))?(?: \(opens in new window\))?[:!.]?$"),
            // 1 "Follow us on Twitter", "Like us on Facebook"
            format!(r"(?i)^(?:share (?:and|&) )?(?:follow|like|join|find)(?: us)?(?: on (?:{NET}|social media))?[:!.]?$"),
            // 2 "Facebook Twitter LinkedIn Email", "Share: Facebook | Twitter"
            format!(r"(?i)^(?:share(?: this)?:?\s*)?{NET}(?:\s*[|,•·/]?\s*{NET})+$"),
            // 3 "![]()" (and a line of nothing else)
            r"^(?:!\[\s*\]\(\s*\)\s*)+$".to_string(),
            // 4 "Donate", "Donate now", "Please consider donating", "Support our journalism"
            r"(?i)^(?:please )?(?:consider )?(?:donate|donating|make a donation|support (?:us|our (?:work|journalism|reporting)))(?: (?:now|today|here))?(?: to [\w ]{1,40})?[.!]?$".to_string(),
            // 5 "Become a patron", "Buy me a coffee", "If you value our work, please donate."
            r"(?i)^(?:become a (?:patron|member|supporter|subscriber)(?: today)?|buy (?:me|us) a coffee|if you (?:like|value|enjoy)d? (?:this|our) (?:article|work|journalism|reporting),? (?:please )?(?:donate|support us|consider (?:donating|supporting us))(?: today)?)[.!]?$".to_string(),
            // 6 "© 2024 Example Media. All rights reserved.", "Copyright (c) 2023 ..."
            r"(?i)^(?:(?:©|\(c\)|copyright\s*(?:©|\(c\))|copyright\s+\d{4})[^!?]{0,100}|all rights reserved\.?)$".to_string(),
            // 7 "Remind me later", "Not now", "Accept cookies"
            r"(?i)^(?:remind me later|maybe later|no,? thanks|not now|accept (?:all )?cookies|we use cookies[^.]{0,80}\.?)$".to_string(),
            // 8 "Subscribe to our newsletter", "Sign up for our newsletter"
            r"(?i)^(?:subscribe|sign up)(?: (?:to|for) (?:our|the) (?:free )?(?:daily |weekly )?newsletter)?(?: (?:now|today|here))?[.!]?$".to_string(),
            // 9 "Advertisement", "ADVERTISEMENT", "Sponsored"
            r"(?i)^(?:advertisement|sponsored(?: content)?|story continues below(?: advertisement)?)$".to_string(),
        ])
        .expect("static regexes")
    })
}

impl Detector for Boilerplate {
    fn name(&self) -> &'static str {
        "boilerplate"
    }

    fn detect(&self, cx: &Context<'_>, out: &mut Findings) {
        let set = patterns();
        let text = cx.text;
        let mut start = 0;
        while start < text.len() {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
            let line = &text[start..end];
            let body = line.trim_end_matches(['\n', '\r']).trim();
            let core = body.trim_start_matches(['*', '_', '#', '>', '-', ' ']).trim_end_matches(['*', '_', ' ']);
            if !core.is_empty() && core.chars().count() <= MAX_LINE_CHARS {
                if let Some(p) = set.matches(core).iter().next() {
                    let why = format!("{} line", LABELS.get(p).copied().unwrap_or("boilerplate"));
                    out.push(Fix::new(start..end, "", Kind::Boilerplate, CONF_LINE, why));
                }
            }
            start = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::models::Models;
    use crate::token::tokenize;

    fn lines(text: &str) -> Vec<String> {
        let models = Models::new(Vec::<String>::new());
        let doc = Document::new("t", text.to_string());
        let toks = tokenize(&doc.text);
        let cx = Context::new(&doc, &toks, &models);
        let mut out = Findings::default();
        Boilerplate.detect(&cx, &mut out);
        out.fixes.iter().map(|f| text[f.start..f.end].trim().to_string()).collect()
    }

    #[test]
    fn furniture_lines_are_found() {
        let text = "Real prose here.\nShare and Follow\n![]()\nFollow us on Twitter\nFacebook Twitter Email\n\
                    © 2024 Example Media. All rights reserved.\nRemind me later\nPlease consider donating\nMore prose.";
        assert_eq!(
            lines(text),
            vec![
                "Share and Follow",
                "![]()",
                "Follow us on Twitter",
                "Facebook Twitter Email",
                "© 2024 Example Media. All rights reserved.",
                "Remind me later",
                "Please consider donating",
            ]
        );
    }

    #[test]
    fn prose_mentioning_the_same_words_stays() {
        let text = "Share prices fell on Monday.\nHe asked readers to donate blood to the hospital this week.\n\
                    Copyright law was changed in 1998, the court said, after years of debate about it and more.\n";
        assert!(lines(text).is_empty(), "{:?}", lines(text));
    }
}
