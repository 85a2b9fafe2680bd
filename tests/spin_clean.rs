//! Clean text stays untouched: synthetic clean prose (written for this test,
//! plain modern English in several registers) must get no applied spin or
//! tortured fix and a spin rate below the level at which fixes are applied.

use unspin::document::Document;
use unspin::fix::Kind;
use unspin::{Engine, Options};

const CLEAN: &[&str] = &[
    "The city council voted on Tuesday to approve a new budget for the coming year. Members said the plan \
     would fund more teachers and repair several bridges. The mayor told reporters that she was pleased with \
     the result and thanked the staff who had worked on it for months.",
    "Scientists at the university have found that a common plant can remove pollution from water. The team \
     tested the plant in a small lake over two summers and measured the levels of metals each week. They \
     hope the method will help poor communities that cannot afford expensive treatment plants.",
    "Prices rose faster than expected last month, according to new figures from the statistics office. \
     Food and energy costs led the increase, while the price of clothing fell slightly. Economists said the \
     central bank was likely to raise interest rates again before the end of the year.",
    "In this paper we propose a simple method for image classification based on deep learning. We train a \
     convolutional neural network on a public data set and compare its accuracy with earlier approaches. The \
     results show that the model performs well even when only a small number of labelled examples is available.",
    // Academic register: rare but real collocations ("novel method", "modern engineering") that a pruned
    // news LM lacks; a short text must not be judged spun on a few of them.
    "In recent years, graph neural networks have attracted considerable attention from researchers. We \
     propose a novel method for modern engineering applications that combines sparse attention with a \
     lightweight decoder. Extensive experiments on three benchmark datasets demonstrate that the proposed \
     framework achieves state-of-the-art accuracy while reducing the computational cost. Finally, we discuss \
     the limitations of our approach and outline directions for future work.",
    "She walked down to the river after dinner, as she did every evening in the summer. The water was calm \
     and the light was fading behind the hills. When she came back, her brother had already gone to bed, \
     and the house was quiet.",
];

#[test]
fn clean_prose_gets_no_applied_spin_or_tortured_fix() {
    let engine = Engine::new(Options::default()).unwrap();
    for text in CLEAN {
        let a = engine.analyze(&Document::new("clean.txt", text.to_string()));
        let bad: Vec<_> = a
            .decisions
            .iter()
            .filter(|d| d.applied && matches!(d.fix.kind, Kind::Spin | Kind::Tortured))
            .map(|d| (&text[d.fix.start..d.fix.end], d.fix.replacement.as_str(), d.fix.confidence))
            .collect();
        assert!(bad.is_empty(), "{bad:?} in {text}");
        let rho = a.scores.get("spin_rate").copied().unwrap_or(0.0);
        assert!(rho < 0.04, "spin rate {rho} for clean text: {text}");
    }
}
