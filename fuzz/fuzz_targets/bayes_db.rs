//! The Bayes database loader: any bytes load or fail cleanly; what loads
//! saves back to the same bytes and classifies.
//!
//! The format ends with a SHA-1 of everything before it, which turns almost
//! every mutation away at the door. So each input is also loaded with its
//! last 20 bytes replaced by the right checksum: the decoder behind the
//! check (header, counts, token records, their order) is fuzzed too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spamgauge::learning::BayesDb;
use spamgauge::learning::bayes::Tokens;

/// The length of the SHA-1 checksum that ends the format.
const CHECKSUM_LEN: usize = 20;

fuzz_target!(|bytes: &[u8]| {
    load(bytes);
    if let Some(body_len) = bytes.len().checked_sub(CHECKSUM_LEN) {
        let body = &bytes[..body_len];
        let mut sealed = body.to_vec();
        sealed.extend_from_slice(&sha1_smol::Sha1::from(body).digest().bytes());
        load(&sealed);
    }
});

/// Loads `bytes`; what loads must save back to an equal database and classify.
fn load(bytes: &[u8]) {
    let Ok(db) = BayesDb::from_bytes(bytes) else {
        return;
    };
    let saved = db.to_bytes();
    assert_eq!(BayesDb::from_bytes(&saved).as_ref(), Ok(&db));
    let _ = db.classify(&Tokens::from_strings(["free", "money", "hello"], 7));
}
