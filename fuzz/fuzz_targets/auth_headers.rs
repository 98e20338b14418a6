//! The Authentication-Results and Received-SPF parsers, and the mapping of a
//! parsed Authentication-Results field to verdicts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spamgauge::verdicts::headers::{
    from_authentication_results, parse_authentication_results, parse_received_spf,
};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(ar) = parse_authentication_results(&text) {
        let _ = from_authentication_results(&ar);
    }
    if let Ok(spf) = parse_received_spf(&text) {
        let _ = spf.is_helo();
        let _ = spf.get("receiver");
    }
});
