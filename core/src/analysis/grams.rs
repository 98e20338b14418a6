//! Which three-byte sequences a text holds, in ASCII lower case: a small
//! per-message index that lets a content test skip a regex whose every
//! match holds a word the text cannot contain (see
//! `rules::content::needles`).
//!
//! Each sequence sets one bit of a fixed-size map, so the map may say a
//! sequence is there when it is not (two sequences share a bit), never the
//! other way round: a word with a sequence missing from the map is not in
//! the text.
//!
//! ```ignore
//! let grams = Grams::of([b"Claim your PRIZE".as_slice()]);
//! assert!(grams.may_hold(b"prize"));
//! assert!(!grams.may_hold(b"lottery"));
//! ```

/// Bits in the map: 8 KiB, so that a text of a few thousand bytes sets a
/// small share of them.
const BITS: usize = 1 << 16;

/// The three-byte sequences of some texts (see the module documentation).
#[derive(Clone)]
pub(crate) struct Grams {
    bits: Box<[u64]>,
}

impl std::fmt::Debug for Grams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set: u32 = self.bits.iter().map(|word| word.count_ones()).sum();
        write!(f, "Grams({set} of {BITS} bits set)")
    }
}

/// The bit of a sequence of three bytes in lower case, the first in bits
/// 16–23 of `key`, the last in bits 0–7.
fn slot(key: u32) -> usize {
    // Fibonacci hashing: the top 16 bits of the product.
    (key.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl Grams {
    /// The sequences of every text in `texts`, each read on its own (no
    /// sequence spans two texts).
    pub(crate) fn of<'a>(texts: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut bits = vec![0_u64; BITS / 64].into_boxed_slice();
        for text in texts {
            let mut key = 0_u32;
            for (at, &byte) in text.iter().enumerate() {
                key = (key << 8 | u32::from(byte.to_ascii_lowercase())) & 0x00FF_FFFF;
                if at >= 2 {
                    let at = slot(key);
                    bits[at / 64] |= 1 << (at % 64);
                }
            }
        }
        Grams { bits }
    }

    /// Whether `word` (in lower case, at least three bytes) may be in the
    /// texts: false means it is not.
    pub(crate) fn may_hold(&self, word: &[u8]) -> bool {
        word.windows(3).all(|w| {
            let at = slot(u32::from(w[0]) << 16 | u32::from(w[1]) << 8 | u32::from(w[2]));
            self.bits[at / 64] & (1 << (at % 64)) != 0
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Grams;

    #[test]
    fn words_of_the_text_are_held_in_any_case() {
        let grams = Grams::of([b"Claim your PRIZE now".as_slice(), b"second text"]);
        for word in [
            b"claim".as_slice(),
            b"prize",
            b"your prize",
            b"second",
            b"ext",
        ] {
            assert!(grams.may_hold(word), "{}", String::from_utf8_lossy(word));
        }
    }

    #[test]
    fn absent_words_and_words_across_texts_are_not() {
        let grams = Grams::of([b"Claim your PRIZE now".as_slice(), b"second text"]);
        for word in [b"lottery".as_slice(), b"nowsec", b"wsecond", b"prizes"] {
            assert!(!grams.may_hold(word), "{}", String::from_utf8_lossy(word));
        }
    }

    #[test]
    fn short_texts_hold_nothing() {
        let grams = Grams::of([b"ab".as_slice(), b"", b"c"]);
        assert!(!grams.may_hold(b"abc"));
        assert!(grams.bits.iter().all(|&word| word == 0));
    }
}
