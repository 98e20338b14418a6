//! Builds a Bayes database of 1,000,000 tokens, saves it, loads it back and
//! prints how long saving and loading took (issue 4: loading a 1M-token
//! database must take well under a second). Run in release mode:
//!
//! ```text
//! cargo run --release -p spamgauge --example bayes_load_1m
//! ```

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "a measuring tool: it reads the clock; the library does not"
)]

use std::hint::black_box;
use std::time::Instant;

use spamgauge::Timestamp;
use spamgauge::learning::bayes::{BayesDb, Class, Tokens};

const TOKENS: usize = 1_000_000;
const PER_MESSAGE: usize = 1_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 2,000 messages of 1,000 distinct tokens each: message m carries tokens
    // (m % 1000) * 1000 .. +1000, so every token is seen twice, in spam or ham.
    let mut db = BayesDb::new();
    let built = Instant::now();
    for m in 0..2 * TOKENS / PER_MESSAGE {
        let first = (m % (TOKENS / PER_MESSAGE)) * PER_MESSAGE;
        let tokens = Tokens::from_strings(
            (first..first + PER_MESSAGE).map(|t| format!("token{t}")),
            m as u64,
        );
        let class = if m % 3 == 0 { Class::Ham } else { Class::Spam };
        db.learn(
            &tokens,
            class,
            Timestamp::from_unix(1_700_000_000 + m as i64),
        );
    }
    let built = built.elapsed();
    assert_eq!(db.len(), TOKENS, "hash collisions are not expected here");

    let saved = Instant::now();
    let bytes = db.to_bytes();
    let saved = saved.elapsed();

    // Best of five loads, after one untimed warm-up.
    let _ = black_box(BayesDb::from_bytes(black_box(&bytes))?);
    let mut best = None;
    for _ in 0..5 {
        let start = Instant::now();
        let loaded = BayesDb::from_bytes(black_box(&bytes))?;
        let took = start.elapsed();
        assert_eq!(loaded.len(), TOKENS);
        black_box(loaded);
        best = Some(best.map_or(took, |b: std::time::Duration| b.min(took)));
    }
    let best = best.unwrap_or_default();

    println!(
        "{} tokens, {} learned messages, {:.1} MB: built in {:.2} s, saved in {} ms, \
         loaded in {} ms (best of 5)",
        db.len(),
        2 * TOKENS / PER_MESSAGE,
        bytes.len() as f64 / 1e6,
        built.as_secs_f64(),
        saved.as_millis(),
        best.as_millis()
    );
    Ok(())
}
