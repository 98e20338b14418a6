//! SpamAssassin's Bayes classifier (sa-semantics §3): the [`Tokenizer`], the
//! [`BayesDb`] token database with learning, forgetting and expiry, the
//! chi-squared [`classifier`], and the byte [`format`](mod@format) that stores a database.
//!
//! The database is plain data: the caller loads it (e.g. with
//! [`BayesDb::from_bytes`]), hands it to the engine in
//! [`Inputs::bayes`](crate::Inputs::bayes), and stores it again after
//! learning. Nothing here reads a file or a clock.
//!
//! ```
//! use spamgauge::learning::bayes::{BayesDb, Class, Tokenizer};
//! use spamgauge::{Config, Engine, Timestamp};
//!
//! let engine = Engine::new(Config::default())?;
//! let analysis = engine.analyze(b"From: Deals <deals@example.com>\nSubject: cheap pills\n\nBuy cheap pills now\n")?;
//! let tokens = Tokenizer::default().tokens(&analysis);
//! let mut db = BayesDb::new();
//! db.learn(&tokens, Class::Spam, Timestamp::from_unix(1_700_000_000));
//! let restored = BayesDb::from_bytes(&db.to_bytes())?;
//! assert_eq!(restored.nspam(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod classifier;
mod db;
pub mod format;
mod identity;
mod ignored_headers;
mod token_map;
mod tokenizer;

pub use classifier::{combine, token_probability};
pub use db::{
    BayesDb, BayesSettings, Class, Classification, ExpiryOutcome, ForgetOutcome, LearnOutcome,
    TokenEntry, UsedToken,
};
pub use format::BayesFormatError;
pub use identity::{generated_msgid, header_msgid, msgid_key};
pub use tokenizer::{DEFAULT_MAX_TOKEN_LENGTH, Region, TokenHash, Tokenizer, Tokens, token_hash};

pub(crate) use tokenizer::{is_private_ip, parse_addresses};

use crate::analysis::Analysis;

/// The tokens of an analysed message with the default [`Tokenizer`],
/// computed once per analysis and shared by every BAYES_ test.
#[must_use]
pub fn message_tokens(analysis: &Analysis) -> &Tokens {
    analysis
        .bayes_tokens
        .get_or_init(|| Tokenizer::default().tokens(analysis))
}
