//! A back-off trigram language model (the CMU Sphinx en-us model, unpruned),
//! stored as one `fst::Map` from "w1 w2 w3" to a packed (log10 prob, log10
//! backoff) pair and embedded in the binary.
//!
//! Lookups are Katz back-off: P(w | u v) = P*(u v w) if stored, else
//! BO(u v) · P(w | v), down to the unigram, and `<unk>` for unknown words.
//! Every query is at most a handful of fst lookups (no allocation besides the
//! key buffer), so detectors can score thousands of candidate windows per
//! document.

use fst::Map;

use crate::bloom::bloom_may_contain;
use crate::codec::unpack_ngram;

static NGRAMS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ngrams.fst"));
/// A Bloom filter over the fst's keys (see `src/bloom.rs`): most n-grams
/// asked for are absent, and the filter rules out ~99 % of those in one
/// cache line instead of a half-microsecond fst walk.
static NGRAMS_BLOOM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ngrams.bloom"));

/// log10 probability given to a word the model has never seen when even
/// `<unk>` is missing (an empty model).
pub const UNKNOWN_LOGPROB: f32 = -7.0;

/// The embedded n-gram model.
pub struct NgramModel {
    map: Map<&'static [u8]>,
    unk: f32,
}

impl NgramModel {
    /// The model embedded at build time (empty if the data file was absent).
    pub fn embedded() -> NgramModel {
        let map = Map::new(NGRAMS_FST).expect("embedded ngrams.fst is valid");
        let unk = map.get("<unk>").map_or(UNKNOWN_LOGPROB, |v| unpack_ngram(v).0);
        NgramModel { map, unk }
    }

    /// Whether the model has no data (a build without `dictionaries/ngrams.tsv.xz`).
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The stored (log10 prob, log10 backoff) of an exact n-gram of
    /// lower-case words, if the model has it.
    pub fn get(&self, ngram: &[&str]) -> Option<(f32, f32)> {
        if ngram.is_empty() {
            return None;
        }
        let mut key = String::with_capacity(ngram.iter().map(|w| w.len() + 1).sum());
        join_key(&mut key, ngram);
        self.get_key(key.as_bytes()).map(unpack_ngram)
    }

    /// The packed value of an fst key, asking the Bloom filter first.
    fn get_key(&self, key: &[u8]) -> Option<u64> {
        if !bloom_may_contain(NGRAMS_BLOOM, key) {
            return None;
        }
        self.map.get(key)
    }

    /// Whether the exact n-gram is stored: "seen" evidence for a collocation.
    pub fn contains(&self, ngram: &[&str]) -> bool {
        self.get(ngram).is_some()
    }

    /// Whether a single word is in the model's vocabulary.
    pub fn knows(&self, word: &str) -> bool {
        self.get(&[word]).is_some()
    }

    /// log10 P(word | context) with Katz back-off. Only the last two context
    /// words are used. Words must be lower-case (see [`crate::normalize::normalize_key`]).
    pub fn logprob(&self, context: &[&str], word: &str) -> f32 {
        katz(&|g: &[&str]| self.get(g), self.unk, context, word)
    }

    /// Total log10 probability of `words[from..]`, each word conditioned on up
    /// to two words before it (which may lie before `from`). Use it to compare
    /// two variants of a window: score both with the same `from`.
    pub fn score(&self, words: &[&str], from: usize) -> f32 {
        window_score(&|g: &[&str]| self.get(g), self.unk, words, from)
    }
}

/// An exact n-gram lookup: the model's own or its memo's `get`.
type Lookup<'a> = dyn Fn(&[&str]) -> Option<(f32, f32)> + 'a;

/// Writes an n-gram's fst key ("w1 w2 w3") into `key`.
fn join_key(key: &mut String, ngram: &[&str]) {
    for (i, w) in ngram.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(w);
    }
}

/// Katz back-off over any n-gram lookup (the model itself or its memo), so
/// the formula exists once: log10 P(word | last two context words).
///
/// The context is looked up before the n-gram: a back-off model stores an
/// n-gram only if it stores its context (the build keeps this; see the
/// test `every_trigram_extends_stored_bigrams_and_the_bloom_filter_knows_every_key`), so an unseen context
/// settles the n-gram as unseen, with back-off weight 0, in one lookup.
/// Most candidate windows have unseen contexts, and a failed fst lookup
/// costs about half a microsecond.
fn katz(get: &Lookup<'_>, unk: f32, context: &[&str], word: &str) -> f32 {
    let mut ctx = &context[context.len().saturating_sub(2)..];
    let mut backoff = 0.0;
    loop {
        if ctx.is_empty() {
            return backoff + get(&[word]).map_or(unk, |(p, _)| p);
        }
        if let Some((_, weight)) = get(ctx) {
            // At most trigrams: the n-gram is built on the stack.
            let mut gram = [""; 3];
            gram[..ctx.len()].copy_from_slice(ctx);
            gram[ctx.len()] = word;
            if let Some((p, _)) = get(&gram[..=ctx.len()]) {
                return backoff + p;
            }
            backoff += weight;
        }
        ctx = &ctx[1..];
    }
}

/// Sum of [`katz`] over `words[from..]`, each word with up to two words before it.
fn window_score(get: &Lookup<'_>, unk: f32, words: &[&str], from: usize) -> f32 {
    (from..words.len()).map(|i| katz(get, unk, &words[i.saturating_sub(2)..i], words[i])).sum()
}

/// A memo in front of an [`NgramModel`]: detectors that score many candidate
/// windows ask for the same n-grams over and over (context bigrams, back-off
/// weights, candidate unigrams), and an fst lookup costs about a microsecond
/// while a hash hit costs tens of nanoseconds. The memo map is per thread and
/// outlives the `Memo` value, so a batch's later documents reuse the earlier
/// ones' lookups; this is sound because the only model is the embedded one
/// (see [`NgramModel::embedded`]). Not `Sync`: make one per document.
///
/// The map is keyed by a 128-bit fingerprint of the n-gram, not its text, as
/// KenLM's probing tables key n-grams by hash: a hit then builds no key string
/// and compares no bytes (building and comparing keys was most of the memo's
/// cost). Two n-grams sharing a fingerprint among the at most [`MEMO_MAX`]
/// kept has odds of about 2⁻⁹⁰.
pub struct Memo<'m> {
    lm: &'m NgramModel,
    /// Reused key buffer for misses.
    key: std::cell::RefCell<String>,
}

thread_local! {
    /// The per-thread memo map shared by every [`Memo`] on the thread.
    static MEMO: std::cell::RefCell<MemoMap> = Default::default();
}

/// n-grams kept per thread before the memo starts afresh (about 30 bytes
/// each, so a few tens of MB at most per worker).
const MEMO_MAX: usize = 400_000;

/// n-gram fingerprint → the model's packed value, or [`ABSENT`]: 24-byte
/// entries, so more of the map stays in cache.
type MemoMap = std::collections::HashMap<Fingerprint, u64, NgramHashBuild>;

/// The memo's mark for an n-gram the model does not store (no packed value
/// comes near it: it would mean log10 P ≈ −4·10⁶).
const ABSENT: u64 = u64::MAX;

/// A 128-bit n-gram fingerprint as two 8-byte lanes (8-byte alignment keeps
/// memo entries at 24 bytes; a `u128` would pad them to 32).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Fingerprint(u64, u64);

impl std::hash::Hash for Fingerprint {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Already avalanched: one lane picks the bucket.
        state.write_u64(self.0);
    }
}

/// Two independent 64-bit lanes over the words (eight bytes at a time), each
/// finished with the SplitMix64 avalanche; word boundaries and lengths are
/// mixed in, so "a bc" and "ab c" differ.
fn fingerprint(ngram: &[&str]) -> Fingerprint {
    const K1: u64 = 0x517c_c1b7_2722_0a95;
    const K2: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut a, mut b) = (0xcbf2_9ce4_8422_2325u64, 0x8422_2325_cbf2_9ce4u64);
    let mut mix = |w: u64| {
        a = (a.rotate_left(5) ^ w).wrapping_mul(K1);
        b = (b ^ w).wrapping_mul(K2).rotate_left(29);
    };
    for w in ngram {
        let bytes = w.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            mix(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        mix(u64::from_le_bytes(last));
        mix(bytes.len() as u64 | 1 << 63);
    }
    fn finish(mut z: u64) -> u64 {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    Fingerprint(finish(a), finish(b))
}

/// A fast non-cryptographic hash for maps keyed by document text (n-gram
/// fingerprints, candidate forms): the keys come from the documents
/// themselves, so there is no hash flooding to defend against, and SipHash
/// dominated these maps' cost.
#[derive(Clone, Copy, Default)]
pub(crate) struct NgramHashBuild;

/// The hasher [`NgramHashBuild`] builds.
pub(crate) struct NgramHash(u64);

impl std::hash::BuildHasher for NgramHashBuild {
    type Hasher = NgramHash;
    fn build_hasher(&self) -> NgramHash {
        NgramHash(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for NgramHash {
    fn finish(&self) -> u64 {
        // A final avalanche so the table's low bits depend on every input byte.
        let h = self.0 ^ (self.0 >> 29);
        h.wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes at a time (FxHash-style mixing).
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl<'m> Memo<'m> {
    /// An empty memo over `lm`.
    pub fn new(lm: &'m NgramModel) -> Memo<'m> {
        Memo { lm, key: Default::default() }
    }

    /// Same as [`NgramModel::get`], memoised.
    pub fn get(&self, ngram: &[&str]) -> Option<(f32, f32)> {
        if ngram.is_empty() {
            return None;
        }
        let fp = fingerprint(ngram);
        let packed = MEMO.with(|m| {
            if let Some(&v) = m.borrow().get(&fp) {
                return v;
            }
            let mut key = self.key.borrow_mut();
            key.clear();
            join_key(&mut key, ngram);
            let v = self.lm.get_key(key.as_bytes()).unwrap_or(ABSENT);
            let mut m = m.borrow_mut();
            if m.len() >= MEMO_MAX {
                m.clear();
            }
            m.insert(fp, v);
            v
        });
        (packed != ABSENT).then(|| unpack_ngram(packed))
    }

    /// Same as [`NgramModel::contains`], memoised.
    pub fn contains(&self, ngram: &[&str]) -> bool {
        self.get(ngram).is_some()
    }

    /// Same as [`NgramModel::knows`], memoised.
    pub fn knows(&self, word: &str) -> bool {
        self.get(&[word]).is_some()
    }

    /// Same as [`NgramModel::logprob`], memoised.
    pub fn logprob(&self, context: &[&str], word: &str) -> f32 {
        katz(&|g: &[&str]| self.get(g), self.lm.unk, context, word)
    }

    /// Same as [`NgramModel::score`], memoised.
    pub fn score(&self, words: &[&str], from: usize) -> f32 {
        window_score(&|g: &[&str]| self.get(g), self.lm.unk, words, from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`katz`] skips the n-gram when its context is unseen; that is exact
    /// only if every stored n-gram's context (and, for `seen`-style checks,
    /// its suffix) is stored too. A data rebuild that pruned bigrams but kept
    /// their trigrams would break it; this catches that.
    #[test]
    fn every_trigram_extends_stored_bigrams_and_the_bloom_filter_knows_every_key() {
        use fst::{IntoStreamer, Streamer};
        let lm = NgramModel::embedded();
        let mut stream = lm.map.stream().into_stream();
        let mut trigrams = 0usize;
        while let Some((key, _)) = stream.next() {
            let Ok(key) = std::str::from_utf8(key) else { continue };
            assert!(bloom_may_contain(NGRAMS_BLOOM, key.as_bytes()), "'{key}' missed by the Bloom filter");
            let words: Vec<&str> = key.split(' ').collect();
            if words.len() == 3 {
                trigrams += 1;
                assert!(lm.contains(&words[..2]) && lm.contains(&words[1..]), "trigram '{key}' without its bigrams");
            }
        }
        assert!(lm.is_empty() || trigrams > 0);
    }

    #[test]
    fn seen_collocations_beat_broken_ones() {
        let lm = NgramModel::embedded();
        if lm.is_empty() {
            return; // data-less build: nothing to compare
        }
        let good = lm.score(&["the", "white", "house", "said"], 1);
        let bad = lm.score(&["the", "white", "home", "said"], 1);
        assert!(good > bad + 1.0, "{good} vs {bad}");
        assert!(lm.contains(&["white", "house"]));
        assert!(lm.logprob(&[], "zzqxv") <= lm.logprob(&[], "house"));
        let memo = Memo::new(&lm);
        for _ in 0..2 {
            assert_eq!(memo.score(&["the", "white", "house", "said"], 1), good);
            assert!(memo.contains(&["white", "house"]) && !memo.contains(&["white", "zzqxv"]));
        }
    }
}
