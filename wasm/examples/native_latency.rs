//! Per-message latency of the native engine, for comparison with the npm
//! package in Node and Chromium (`bindings/js/bench/latency.mjs`): the same
//! message, the same calls (`Engine::check` with default inputs).
//!
//! ```text
//! cargo run --release -p spamgauge-wasm --example native_latency -- bindings/js/fixtures/typical.eml
//! ```

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use spamgauge::{Config, Engine, Inputs};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: native_latency MESSAGE.eml [ITERATIONS]");
        return ExitCode::FAILURE;
    };
    let iterations: u32 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let (Ok(message), Ok(engine)) = (std::fs::read(&path), Engine::new(Config::default())) else {
        eprintln!("native_latency: cannot read {path} or build the engine");
        return ExitCode::FAILURE;
    };
    let inputs = Inputs::default();
    for _ in 0..iterations / 10 {
        let _ = black_box(engine.check(black_box(&message), &inputs));
    }
    let start = Instant::now();
    for _ in 0..iterations {
        let _ = black_box(engine.check(black_box(&message), &inputs));
    }
    let per_message = start.elapsed().as_secs_f64() / f64::from(iterations);
    println!(
        "native: {:.1} µs per message ({} bytes, {iterations} iterations)",
        per_message * 1e6,
        message.len()
    );
    ExitCode::SUCCESS
}
