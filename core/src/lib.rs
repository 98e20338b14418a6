//! # spamgauge — an embeddable, I/O-free spam-scoring engine
//!
//! spamgauge answers one question, fast and explainably: *would this message be
//! blocked, and why?* It speaks SpamAssassin's language (test names, meanings and
//! default scores of SpamAssassin 4.0.1) and runs the same way inside a C MTA, a
//! browser and a Rust program.
//!
//! Like `quinn-proto` and `rustls`, the core is **a fully deterministic
//! implementation with no I/O**: it never opens a socket or a file and never reads
//! a clock. Everything that needs the network or state — the current time, DNS
//! answers, SPF/DKIM/DMARC results, stored Bayes or reputation data — is plain data
//! handed in by the caller.
//!
//! ## Data flow
//!
//! `parse` (raw bytes → MIME tree) → [`analysis`] (facts extracted once) →
//! [`rules`] (each test, small files by family) → [`report`] (hits, total,
//! decision, explanations in English and French).
//!
//! ## Key types
//!
//! * [`Engine`] — built once from a [`Config`], immutable, `Send + Sync`; share it
//!   by reference across threads.
//! * [`Analysis`] — everything the tests need, extracted once from a message.
//! * [`Report`] — every test that fired, with score, description, explanation and
//!   evidence, the total, the threshold and the decision.
//!
//! ## Example
//!
//! ```
//! use spamgauge::{Config, Engine, Inputs};
//!
//! let engine = Engine::new(Config::default())?;
//! let message = b"From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello\r\n";
//! let analysis = engine.analyze(message)?;
//! let report = engine.score(&analysis, &Inputs::default());
//! assert!(!report.is_spam);
//! assert!(report.hits.iter().any(|hit| hit.name == "MISSING_DATE"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
pub mod config;
mod engine;
pub mod error;
pub mod i18n;
pub mod learning;
pub mod lookups;
mod parse;
pub mod report;
pub mod rules;
#[cfg(test)]
mod test_random;
pub mod time;
pub mod verdicts;

pub use analysis::Analysis;
pub use config::{Config, Limits, Profile};
pub use engine::{Engine, Inputs};
pub use error::{ConfigError, MessageError};
pub use i18n::{Lang, Localized};
pub use report::{Decision, Hit, Report};
pub use rules::address_lists::{AddressLists, RcvdEntry};
pub use rules::{Family, ScoreSet, Scores};
pub use time::Timestamp;
