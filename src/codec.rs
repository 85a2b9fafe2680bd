// Value codecs shared by build.rs (which `include!`s this file) and the
// library. Kept dependency-free for that reason.

/// Packs an n-gram's log10 probability and log10 backoff into one fst value.
/// Both are quantised to 1/1000 of a log10 unit, far below the models' own error.
pub fn pack_ngram(logprob: f64, backoff: f64) -> u64 {
    let lp = (-logprob * 1000.0).round().clamp(0.0, u32::MAX as f64) as u64;
    let bo = ((backoff + 1000.0) * 1000.0).round().clamp(0.0, u32::MAX as f64) as u64;
    (lp << 32) | bo
}

/// Inverse of [`pack_ngram`]: `(log10 prob, log10 backoff)`.
pub fn unpack_ngram(v: u64) -> (f32, f32) {
    let lp = -((v >> 32) as f64) / 1000.0;
    let bo = (v & 0xFFFF_FFFF) as f64 / 1000.0 - 1000.0;
    (lp as f32, bo as f32)
}
