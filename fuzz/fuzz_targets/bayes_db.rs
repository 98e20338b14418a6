//! The Bayes database loader: any bytes load or fail cleanly; what loads
//! saves back to the same bytes and classifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spamgauge::learning::BayesDb;
use spamgauge::learning::bayes::Tokens;

fuzz_target!(|bytes: &[u8]| {
    let Ok(db) = BayesDb::from_bytes(bytes) else {
        return;
    };
    let saved = db.to_bytes();
    assert_eq!(BayesDb::from_bytes(&saved).as_ref(), Ok(&db));
    let _ = db.classify(&Tokens::from_strings(["free", "money", "hello"], 7));
});
