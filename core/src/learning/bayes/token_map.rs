//! Maps keyed by [`TokenHash`], with a hasher made for such keys.
//!
//! A token hash is already 40 bits of SHA-1, so the map's hasher need not
//! mix it the way SipHash (std's default) does byte by byte. One
//! multiplication by a random odd key is enough, and keeps the key secret:
//! whoever writes a message can pick tokens whose SHA-1 share their low bits,
//! but without the key cannot make them land in the same buckets.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use super::tokenizer::TokenHash;

/// A map keyed by token hash.
pub(crate) type TokenMap<V> = HashMap<TokenHash, V, TokenHashState>;

/// Builds [`TokenHasher`]s with one random key per map.
#[derive(Debug, Clone)]
pub(crate) struct TokenHashState {
    /// Odd, so that multiplying by it loses no bit.
    key: u64,
}

impl Default for TokenHashState {
    fn default() -> Self {
        Self {
            key: RandomState::new().hash_one(0u64) | 1,
        }
    }
}

impl BuildHasher for TokenHashState {
    type Hasher = TokenHasher;

    fn build_hasher(&self) -> TokenHasher {
        TokenHasher {
            key: self.key,
            value: 0,
        }
    }
}

/// Hashes one `u64` key (multiply-shift): the product's high bits, which
/// depend on every bit of the key, are moved down to where `HashMap` takes
/// its bucket index from.
#[derive(Debug)]
pub(crate) struct TokenHasher {
    key: u64,
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
        self.value.wrapping_mul(self.key).swap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_share_their_low_bits_spread_over_buckets() {
        let state = TokenHashState::default();
        // 4,096 keys equal in their low 24 bits: an identity hash would put
        // them all in one bucket of a 1,024-bucket table.
        let buckets: std::collections::HashSet<u64> = (0..4096u64)
            .map(|i| state.hash_one(i << 24 | 0xab_cdef) & 1023)
            .collect();
        assert!(buckets.len() > 900, "{}", buckets.len());
    }
}
