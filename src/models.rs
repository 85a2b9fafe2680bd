//! The read-only models every detector shares, built once per process.
//!
//! Everything here is embedded in the binary (see `build.rs`), so building a
//! [`Models`] costs microseconds: the fst maps are used in place.

use crate::lexicon::Lexicon;
use crate::lm::NgramModel;
use crate::thesaurus::Thesaurus;

/// Shared, immutable models. Build one per run and pass it by reference.
pub struct Models {
    /// Word list with frequencies and the user's own words.
    pub lexicon: Lexicon,
    /// Back-off trigram language model over lower-case words.
    pub lm: NgramModel,
    /// Reverse thesaurus and morphology (spin restoration).
    pub thesaurus: Thesaurus,
    /// Unique per instance, so caches derived from these models (the spin
    /// detector's candidate lists) never serve another instance's user words.
    pub id: u64,
}

impl Models {
    /// Loads the embedded models and adds the user's words.
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(user_words: I) -> Models {
        let mut lexicon = Lexicon::embedded();
        lexicon.add_user_words(user_words);
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Models { lexicon, lm: NgramModel::embedded(), thesaurus: Thesaurus::embedded(), id }
    }
}
