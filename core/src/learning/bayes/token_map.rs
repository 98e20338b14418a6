//! Maps keyed by [`TokenHash`], with a hasher made for such keys.
//!
//! A token hash is already 40 bits of SHA-1, so the map's hasher need not
//! mix it the way SipHash (std's default) does byte by byte. Two folded
//! multiplications (the key XOR a random seed, times a random odd factor,
//! the high half of the 128-bit product XOR the low half; then the same
//! with a fixed factor) are enough, and
//! keeps the mixing secret: whoever writes a message can pick tokens whose
//! SHA-1 share bits, but without the seed and factor cannot make them land
//! in the same buckets.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use super::tokenizer::TokenHash;

/// A map keyed by token hash.
pub(crate) type TokenMap<V> = HashMap<TokenHash, V, TokenHashState>;

/// Builds [`TokenHasher`]s with one random seed and factor per map.
#[derive(Debug, Clone)]
pub(crate) struct TokenHashState {
    seed: u64,
    /// Odd, so that multiplying by it loses no bit.
    factor: u64,
}

impl Default for TokenHashState {
    fn default() -> Self {
        let random = RandomState::new();
        Self {
            seed: random.hash_one(0u64),
            factor: random.hash_one(1u64) | 1,
        }
    }
}

impl BuildHasher for TokenHashState {
    type Hasher = TokenHasher;

    fn build_hasher(&self) -> TokenHasher {
        TokenHasher {
            seed: self.seed,
            factor: self.factor,
            value: 0,
        }
    }
}

/// Hashes one `u64` key by a folded multiplication, whose every output bit
/// depends on every bit of the key (see the module documentation).
#[derive(Debug)]
pub(crate) struct TokenHasher {
    seed: u64,
    factor: u64,
    value: u64,
}

impl Hasher for TokenHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; other input is folded in whole.
        for &byte in bytes {
            self.value = self.value.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.value = value;
    }

    fn finish(&self) -> u64 {
        // A second round with a fixed odd constant (the 64-bit golden
        // ratio): after one, the low bits of the result still follow a
        // regular pattern for keys in arithmetic progression.
        folded_multiply(
            folded_multiply(self.value ^ self.seed, self.factor),
            0x9E37_79B9_7F4A_7C15,
        )
    }
}

/// The 128-bit product of `a` and `b`, its high half XOR its low half.
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product >> 64) as u64 ^ product as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_share_their_low_bits_spread_over_buckets() {
        // Many seeds and factors, drawn by xorshift from a fixed start (the
        // maps draw theirs at random): the spread must hold for each.
        let mut next = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d_u64);
        for _ in 0..256 {
            let state = TokenHashState {
                seed: next(),
                factor: next() | 1,
            };
            // 4,096 keys equal in their low 24 bits: an identity hash would
            // put them all in one bucket of a 1,024-bucket table; a random
            // one fills about 1,005 buckets.
            let buckets: std::collections::HashSet<u64> = (0..4096u64)
                .map(|i| state.hash_one(i << 24 | 0xab_cdef) & 1023)
                .collect();
            assert!(buckets.len() > 900, "{state:?}: {}", buckets.len());
        }
    }
}
