//! Prints the Bayes tokens of each message file given, one per line, sorted,
//! to compare with SpamAssassin's tokenizer (see BAYES-QUALITY.md):
//!
//! ```text
//! cargo run --release -p spamgauge --example bayes_tokens -- MESSAGE...
//! ```

#![allow(
    clippy::disallowed_methods,
    reason = "a debugging tool: reads the files named on its command line"
)]

use std::io::Write;

use spamgauge::learning::bayes::Tokenizer;
use spamgauge::{Config, Engine};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::new(Config::default())?;
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::stdout().lock();
    for path in &paths {
        let raw = std::fs::read(path)?;
        let analysis = engine.analyze(&raw)?;
        let tokens = Tokenizer::default().tokens(&analysis);
        if paths.len() > 1 {
            writeln!(out, "== {path}")?;
        }
        let mut texts: Vec<Vec<u8>> = tokens
            .hashes()
            .into_iter()
            .filter_map(|hash| tokens.text(hash).map(<[u8]>::to_vec))
            .collect();
        texts.sort_unstable();
        for text in texts {
            out.write_all(&text)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}
