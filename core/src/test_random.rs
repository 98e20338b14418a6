//! Pseudo-random numbers for the tests that compare two ways of computing
//! the same thing over many inputs: xorshift64 from a fixed seed, so that
//! every run sees the same inputs.

/// The numbers xorshift64 draws from `seed` (not zero).
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
