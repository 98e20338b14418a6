//! Each test of the family on a message that has what it looks for, and on
//! a near miss.

use crate::engine::Inputs;
use crate::rules::testing::assert_hits;
use crate::{Config, Engine, Report};

/// The report of the full engine on a plain-text message.
fn report(header: &str, body: &str) -> Report {
    let engine = Engine::new(Config::default()).expect("default configuration");
    let message = format!(
        "From: a@example.com\nTo: b@example.org\nSubject: hello\nMessage-ID: <1@example.com>\n{header}\n{body}\n"
    );
    engine
        .check(message.as_bytes(), &Inputs::default())
        .expect("a message")
}

/// A sum that LOTS_OF_MONEY names.
const SUM: &str = "the sum of US$15,500,000.00 (fifteen million five hundred thousand dollars)";

#[test]
fn advance_fee_with_money() {
    let five = format!(
        "I am contacting you about {SUM}. My late father left a dormant account with a courier company. \
         Next of kin is needed.\nI need your assistance and your permission.\nPlease reply urgently.\n"
    );
    let hit = report("", &five);
    assert_hits(
        &hit,
        &["LOTS_OF_MONEY", "ADVANCE_FEE_5_NEW_MONEY"],
        &["ADVANCE_FEE_4_NEW_MONEY"],
    );
    // Without the sum, the plain advance-fee test instead.
    let plain = five.replace(SUM, "an inheritance");
    let miss = report("", &plain);
    assert_hits(&miss, &["ADVANCE_FEE_5_NEW"], &["ADVANCE_FEE_5_NEW_MONEY"]);
}
