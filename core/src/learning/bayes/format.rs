//! The byte format of a [`BayesDb`], shared with the C and JavaScript
//! bindings.
//!
//! Version 2. All integers little-endian. Offsets in bytes.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `SGBAYES\0` |
//! | 8 | 4 | format version, `2` |
//! | 12 | 4 | `nspam`: spam messages learned (u32) |
//! | 16 | 4 | `nham`: ham messages learned (u32) |
//! | 20 | 4 | `ntokens`: token records that follow (u32) |
//! | 24 | 4 | `nseen`: learned-message records that follow (u32) |
//! | 28 | 8 | time of the last expiry run, Unix seconds (i64) |
//! | 36 | 8 | age threshold of the last expiry run, seconds (i64) |
//! | 44 | 4 | tokens removed by the last expiry run (u32) |
//! | 48 | 4 | reserved, `0` |
//! | 52 | 21 × `ntokens` | token records, **strictly ascending by hash** |
//! | … | 9 × `nseen` | learned-message records, **strictly ascending by id** |
//! | … | 20 | SHA-1 of every preceding byte |
//!
//! A token record: the 40-bit token hash (the last five bytes of the SHA-1 of
//! the token, big-endian as SpamAssassin's key), the spam count (u32), the ham
//! count (u32), the access time (i64 Unix seconds). A learned-message record:
//! the message key (u64, [`Tokens::message_id`](super::Tokens::message_id):
//! the first eight bytes of the SHA-1 of SpamAssassin's generated message id)
//! and its class (`0` ham, `1` spam).
//!
//! **Versions.** Version 1 had the same layout, but recorded learned messages
//! under a key of their Message-ID (or, without one, of their tokens). Those
//! keys cannot be turned into version 2 keys, and keeping them would let the
//! same messages be learned a second time, so a version 1 database is refused
//! with [`BayesFormatError::Outdated`]: learn the messages again into a new
//! database.
//!
//! Fixed-width sorted records make loading a single linear pass, and make the
//! bytes of a database canonical: the same content always saves to the same
//! bytes. Any deviation (short or long input, bad magic, unknown version,
//! checksum mismatch, unsorted or duplicate records, unknown class) is a
//! [`BayesFormatError`]; nothing is guessed.

use std::collections::HashMap;

use thiserror::Error;

use super::db::{BayesDb, Class, TokenEntry};
use super::token_map::TokenMap;

/// The first eight bytes of every database.
pub const MAGIC: [u8; 8] = *b"SGBAYES\0";
/// The format version written by this library.
pub const VERSION: u32 = 2;
const HEADER_LEN: usize = 52;
const TOKEN_RECORD_LEN: usize = 21;
const SEEN_RECORD_LEN: usize = 9;
const CHECKSUM_LEN: usize = 20;

/// Why bytes are not a valid database.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BayesFormatError {
    /// Fewer bytes than the smallest database.
    #[error("bayes database truncated: {len} bytes, at least {min} needed")]
    TooShort {
        /// Bytes given.
        len: usize,
        /// Bytes needed.
        min: usize,
    },
    /// The magic bytes are wrong: not a spamgauge Bayes database.
    #[error("not a spamgauge bayes database (bad magic)")]
    BadMagic,
    /// A format version this library does not read.
    #[error("unsupported bayes database version {0}")]
    UnsupportedVersion(u32),
    /// A database written by an earlier version of this library, whose
    /// learned-message records use another message identity (see the
    /// [module](self) docs): learn the messages again into a new database.
    #[error(
        "bayes database version {version} identifies learned messages differently; learn them again into a new database"
    )]
    Outdated {
        /// The version found.
        version: u32,
    },
    /// The length does not match the record counts in the header.
    #[error("bayes database length {found} does not match its header ({expected} expected)")]
    LengthMismatch {
        /// Length the header calls for.
        expected: u64,
        /// Actual length.
        found: usize,
    },
    /// The checksum does not match: the bytes were altered or damaged.
    #[error("bayes database checksum mismatch")]
    ChecksumMismatch,
    /// Records out of order or repeated.
    #[error("bayes database record {index} is out of order or repeated")]
    Unsorted {
        /// Index of the offending record.
        index: usize,
    },
    /// A learned-message record with a class other than 0 or 1.
    #[error("bayes database learned-message record {index} has an unknown class")]
    BadClass {
        /// Index of the offending record.
        index: usize,
    },
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut buf = [0u8; 4];
    buf.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(buf)
}

fn i64_at(bytes: &[u8], at: usize) -> i64 {
    let mut buf = [0u8; 8];
    buf.copy_from_slice(&bytes[at..at + 8]);
    i64::from_le_bytes(buf)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut buf = [0u8; 8];
    buf.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(buf)
}

impl BayesDb {
    /// Saves the database in the versioned, checksummed format described in
    /// the [module](self) docs. The settings are not saved.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut tokens: Vec<(&u64, &TokenEntry)> = self.tokens.iter().collect();
        tokens.sort_unstable_by_key(|(hash, _)| **hash);
        let mut seen: Vec<(&u64, &Class)> = self.seen.iter().collect();
        seen.sort_unstable_by_key(|(id, _)| **id);
        let mut out = Vec::with_capacity(
            HEADER_LEN
                + tokens.len() * TOKEN_RECORD_LEN
                + seen.len() * SEEN_RECORD_LEN
                + CHECKSUM_LEN,
        );
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.nspam.to_le_bytes());
        out.extend_from_slice(&self.nham.to_le_bytes());
        // Counts beyond u32 cannot occur: learning adds at most 50,000+ tokens
        // per message and expiry bounds the total; saturate rather than wrap.
        out.extend_from_slice(
            &u32::try_from(tokens.len())
                .unwrap_or(u32::MAX)
                .to_le_bytes(),
        );
        out.extend_from_slice(&u32::try_from(seen.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&self.last_expire.to_le_bytes());
        out.extend_from_slice(&self.last_expire_delta.to_le_bytes());
        out.extend_from_slice(&self.last_expire_reduce.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        for (hash, entry) in tokens {
            out.extend_from_slice(&hash.to_be_bytes()[3..]);
            out.extend_from_slice(&entry.spam.to_le_bytes());
            out.extend_from_slice(&entry.ham.to_le_bytes());
            out.extend_from_slice(&entry.atime.to_le_bytes());
        }
        for (id, class) in seen {
            out.extend_from_slice(&id.to_le_bytes());
            out.push(u8::from(*class == Class::Spam));
        }
        let checksum = sha1_smol::Sha1::from(&out).digest().bytes();
        out.extend_from_slice(&checksum);
        out
    }

    /// Loads a database saved by [`to_bytes`](Self::to_bytes), with the
    /// default settings. Never panics; any damage is an error.
    ///
    /// ```
    /// use spamgauge::learning::bayes::BayesDb;
    /// let bytes = BayesDb::new().to_bytes();
    /// assert_eq!(BayesDb::from_bytes(&bytes)?, BayesDb::new());
    /// assert!(BayesDb::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BayesFormatError> {
        let min = HEADER_LEN + CHECKSUM_LEN;
        if bytes.len() < min {
            return Err(BayesFormatError::TooShort {
                len: bytes.len(),
                min,
            });
        }
        if bytes[..8] != MAGIC {
            return Err(BayesFormatError::BadMagic);
        }
        let version = u32_at(bytes, 8);
        if (1..VERSION).contains(&version) {
            return Err(BayesFormatError::Outdated { version });
        }
        if version != VERSION {
            return Err(BayesFormatError::UnsupportedVersion(version));
        }
        let ntokens = u32_at(bytes, 20) as usize;
        let nseen = u32_at(bytes, 24) as usize;
        let expected = (HEADER_LEN + CHECKSUM_LEN) as u64
            + ntokens as u64 * TOKEN_RECORD_LEN as u64
            + nseen as u64 * SEEN_RECORD_LEN as u64;
        if expected != bytes.len() as u64 {
            return Err(BayesFormatError::LengthMismatch {
                expected,
                found: bytes.len(),
            });
        }
        let (body, checksum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
        if sha1_smol::Sha1::from(body).digest().bytes() != checksum {
            return Err(BayesFormatError::ChecksumMismatch);
        }

        let mut tokens = TokenMap::with_capacity_and_hasher(ntokens, Default::default());
        let mut previous = None;
        let records = &body[HEADER_LEN..HEADER_LEN + ntokens * TOKEN_RECORD_LEN];
        for (index, record) in records.chunks_exact(TOKEN_RECORD_LEN).enumerate() {
            let hash = record[..5]
                .iter()
                .fold(0u64, |acc, &b| acc << 8 | u64::from(b));
            if previous.is_some_and(|p| p >= hash) {
                return Err(BayesFormatError::Unsorted { index });
            }
            previous = Some(hash);
            tokens.insert(
                hash,
                TokenEntry {
                    spam: u32_at(record, 5),
                    ham: u32_at(record, 9),
                    atime: i64_at(record, 13),
                },
            );
        }
        let mut seen = HashMap::with_capacity(nseen);
        let mut previous = None;
        let records = &body[HEADER_LEN + ntokens * TOKEN_RECORD_LEN..];
        for (index, record) in records.chunks_exact(SEEN_RECORD_LEN).enumerate() {
            let id = u64_at(record, 0);
            if previous.is_some_and(|p| p >= id) {
                return Err(BayesFormatError::Unsorted {
                    index: ntokens + index,
                });
            }
            previous = Some(id);
            let class = match record[8] {
                0 => Class::Ham,
                1 => Class::Spam,
                _ => return Err(BayesFormatError::BadClass { index }),
            };
            seen.insert(id, class);
        }
        Ok(Self {
            tokens,
            nspam: u32_at(bytes, 12),
            nham: u32_at(bytes, 16),
            seen,
            last_expire: i64_at(bytes, 28),
            last_expire_delta: i64_at(bytes, 36),
            last_expire_reduce: u32_at(bytes, 44),
            settings: Default::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learning::bayes::Tokens;
    use crate::time::Timestamp;

    fn sample() -> BayesDb {
        let mut db = BayesDb::new();
        db.learn(
            &Tokens::from_strings(["alpha", "beta", "gamma"], 7),
            Class::Spam,
            Timestamp::from_unix(1_000),
        );
        db.learn(
            &Tokens::from_strings(["beta", "delta"], 3),
            Class::Ham,
            Timestamp::from_unix(-5),
        );
        db
    }

    #[test]
    fn round_trip_is_exact_and_canonical() {
        let db = sample();
        let bytes = db.to_bytes();
        assert_eq!(
            bytes.len(),
            HEADER_LEN + 4 * TOKEN_RECORD_LEN + 2 * SEEN_RECORD_LEN + CHECKSUM_LEN
        );
        let back = BayesDb::from_bytes(&bytes).unwrap();
        assert_eq!(back, db);
        assert_eq!(back.to_bytes(), bytes);
    }

    #[test]
    fn each_kind_of_damage_is_named() {
        let bytes = sample().to_bytes();
        assert!(matches!(
            BayesDb::from_bytes(&bytes[..10]),
            Err(BayesFormatError::TooShort { .. })
        ));
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert_eq!(BayesDb::from_bytes(&bad), Err(BayesFormatError::BadMagic));
        let mut bad = bytes.clone();
        bad[8] = 3;
        assert_eq!(
            BayesDb::from_bytes(&bad),
            Err(BayesFormatError::UnsupportedVersion(3))
        );
        let mut old = bytes.clone();
        old[8] = 1;
        assert_eq!(
            BayesDb::from_bytes(&old),
            Err(BayesFormatError::Outdated { version: 1 })
        );
        assert!(matches!(
            BayesDb::from_bytes(&bytes[..bytes.len() - 1]),
            Err(BayesFormatError::LengthMismatch { .. })
        ));
        let mut bad = bytes.clone();
        bad[HEADER_LEN + 6] ^= 1; // a spam count
        assert_eq!(
            BayesDb::from_bytes(&bad),
            Err(BayesFormatError::ChecksumMismatch)
        );
    }

    fn reseal(mut body: Vec<u8>) -> Vec<u8> {
        let checksum = sha1_smol::Sha1::from(&body).digest().bytes();
        body.extend_from_slice(&checksum);
        body
    }

    #[test]
    fn consistent_but_invalid_records_are_refused() {
        let bytes = sample().to_bytes();
        let body = bytes[..bytes.len() - CHECKSUM_LEN].to_vec();
        // Swap the first two token records: checksum fixed, order broken.
        let mut swapped = body.clone();
        let (a, b) = (HEADER_LEN, HEADER_LEN + TOKEN_RECORD_LEN);
        let first = swapped[a..b].to_vec();
        swapped.copy_within(b..b + TOKEN_RECORD_LEN, a);
        swapped[b..b + TOKEN_RECORD_LEN].copy_from_slice(&first);
        assert_eq!(
            BayesDb::from_bytes(&reseal(swapped)),
            Err(BayesFormatError::Unsorted { index: 1 })
        );
        let mut class = body;
        let last = class.len() - 1;
        class[last] = 7;
        assert_eq!(
            BayesDb::from_bytes(&reseal(class)),
            Err(BayesFormatError::BadClass { index: 1 })
        );
    }
}
