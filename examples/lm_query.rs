//! Developer tool: how the embedded models read phrases, to see why the spin
//! detector preferred one candidate ("following the bench") over another.
//!
//! usage: cargo run --release --example lm_query -- [--originals] "phrase one" "phrase two" …
//! Prints each phrase's total log10 trigram score (with `<s>`/`</s>` only if
//! written) and which of its bigrams and trigrams the model lacks; with
//! `--originals`, the reverse thesaurus's candidate originals of each phrase
//! (size of the original's synonym list, WordNet relation) instead.
use unspin::lm::NgramModel;
use unspin::thesaurus::Thesaurus;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let originals = args.first().is_some_and(|a| a == "--originals");
    if originals {
        args.remove(0);
        let th = Thesaurus::embedded();
        for phrase in &args {
            let list: Vec<String> = th
                .originals(&phrase.to_lowercase())
                .iter()
                .map(|o| format!("{}/{}/{:?}", o.text, o.size, o.relation))
                .collect();
            println!("{phrase}: {}", list.join(" "));
        }
        return;
    }
    let lm = NgramModel::embedded();
    for phrase in &args {
        let lower = phrase.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let score = lm.score(&words, 0);
        let missing: Vec<String> = (2..=3)
            .flat_map(|n| words.windows(n).filter(|g| !lm.contains(g)).map(|g| g.join(" ")).collect::<Vec<_>>())
            .collect();
        println!(
            "{score:8.2}  {phrase}  unseen: {}",
            if missing.is_empty() { "-".into() } else { missing.join(" | ") }
        );
    }
}
