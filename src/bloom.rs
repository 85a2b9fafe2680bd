// A blocked Bloom filter over byte strings, shared by `build.rs` (which
// builds one over the language model's n-gram keys; `include!`d there) and
// the library (which asks it before the n-gram fst).
//
// Why: most n-grams a candidate window asks for are not in the model, and a
// failed `fst` lookup walks the transducer as far as the key's longest stored
// prefix ("the white" of "the white home"), about half a microsecond on the
// 59 MB model. The filter answers most of those in one cache line.
//
// Layout: `n` (u64, little-endian), then `n` blocks of 64 bytes. A key sets
// `BLOOM_PROBES` bits inside one block (one cache miss per query), chosen by
// a 64-bit hash of its bytes. At `BLOOM_BITS_PER_KEY` bits per key this
// admits about 1 % of absent keys (blocked filters lose a little against
// classic ones; the fst then answers those). An empty filter (`n` = 0)
// admits every key, so a build without data stays correct.

/// Bits of filter per stored key.
pub const BLOOM_BITS_PER_KEY: usize = 10;
/// Bits set per key, all inside one 512-bit block.
pub const BLOOM_PROBES: u32 = 6;
/// Bytes per block: one cache line.
pub const BLOOM_BLOCK: usize = 64;

/// The 64-bit hash of a key: FxHash-style word mixing, then the SplitMix64
/// finaliser so every bit depends on every byte.
pub fn bloom_hash(key: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ key.len() as u64;
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(0x517c_c1b7_2722_0a95);
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The block a hash selects among `n` (multiply-shift on its high half, no
/// division) and the bit positions inside it (9 bits each from a remix of
/// the hash, so they do not repeat the block's bits).
fn bloom_slots(h: u64, n: u64) -> (usize, [u32; BLOOM_PROBES as usize]) {
    let block = ((h >> 32) * n) >> 32;
    let g = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    let mut bits = [0u32; BLOOM_PROBES as usize];
    for (i, b) in bits.iter_mut().enumerate() {
        *b = ((g >> (9 * i)) & 511) as u32;
    }
    (block as usize, bits)
}

/// Builds the filter bytes for a set of `count` keys, inserted one by one
/// (the build streams them out of the fst without collecting them).
pub struct BloomBuilder {
    n: u64,
    out: Vec<u8>,
}

impl BloomBuilder {
    /// An empty filter sized for `count` keys.
    pub fn new(count: usize) -> BloomBuilder {
        let n = (count * BLOOM_BITS_PER_KEY).div_ceil(BLOOM_BLOCK * 8).max(1) as u64;
        let mut out = vec![0u8; 8 + n as usize * BLOOM_BLOCK];
        out[..8].copy_from_slice(&n.to_le_bytes());
        BloomBuilder { n, out }
    }

    /// Adds a key.
    pub fn insert(&mut self, key: &[u8]) {
        let (block, bits) = bloom_slots(bloom_hash(key), self.n);
        let base = 8 + block * BLOOM_BLOCK;
        for b in bits {
            self.out[base + (b / 8) as usize] |= 1 << (b % 8);
        }
    }

    /// The filter bytes.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// Whether `key` may be in the set the filter `data` was built from: false
/// means certainly not; true means probably (or the filter is empty/invalid).
pub fn bloom_may_contain(data: &[u8], key: &[u8]) -> bool {
    let Some(n) = data.get(..8).map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])) else {
        return true;
    };
    if n == 0 || data.len() != 8 + n as usize * BLOOM_BLOCK {
        return true;
    }
    let (block, bits) = bloom_slots(bloom_hash(key), n);
    let base = 8 + block * BLOOM_BLOCK;
    bits.iter().all(|&b| data[base + (b / 8) as usize] & (1 << (b % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_false_negatives_and_few_false_positives() {
        let keys: Vec<String> = (0..20_000).map(|i| format!("w{i} x{}", i * 7)).collect();
        let mut b = BloomBuilder::new(keys.len());
        keys.iter().for_each(|k| b.insert(k.as_bytes()));
        let data = b.finish();
        assert!(keys.iter().all(|k| bloom_may_contain(&data, k.as_bytes())));
        let false_pos = (0..20_000).filter(|i| bloom_may_contain(&data, format!("absent {i}").as_bytes())).count();
        assert!(false_pos < 20_000 * 3 / 100, "{false_pos} false positives in 20,000");
    }

    #[test]
    fn an_empty_or_broken_filter_admits_everything() {
        assert!(bloom_may_contain(&[], b"x"));
        assert!(bloom_may_contain(&[0; 8], b"x"));
        assert!(bloom_may_contain(&[1, 0, 0, 0, 0, 0, 0, 0, 0], b"x")); // truncated
    }
}
