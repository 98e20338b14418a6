//! Errors: caller mistakes only. Malformed mail is a finding (a rule hit), never an `Err`.

use thiserror::Error;

/// A configuration value the engine cannot use; returned by [`crate::Engine::new`].
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A score override or a disabled test names a test the engine does not know.
    #[error("unknown test `{0}`")]
    UnknownTest(String),
    /// A score is not a finite number.
    #[error("score for `{test}` is not a finite number")]
    InvalidScore {
        /// The test whose score was given.
        test: String,
    },
    /// The threshold is not a finite number.
    #[error("threshold {0} is not a finite number")]
    InvalidThreshold(f64),
    /// A limit is zero or otherwise unusable.
    #[error("limit `{name}` must be at least {min}")]
    InvalidLimit {
        /// The limit's name, as in [`crate::Limits`].
        name: &'static str,
        /// The smallest accepted value.
        min: usize,
    },
    /// A configuration value is malformed (a DNS list, a policy entry, a reply).
    #[error("invalid `{field}`: {reason}")]
    Invalid {
        /// The field's path, e.g. `dns_lists[2].zone`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An entry of `trusted_networks`, `internal_networks` or `msa_networks` is not an IP
    /// address or network.
    #[error("invalid `{field}`: {entry:?} is not an IP address or network")]
    InvalidNetwork {
        /// The entry's path, e.g. `trusted_networks[2]`.
        field: String,
        /// The entry as given.
        entry: String,
    },
    /// A JSON configuration could not be read.
    #[error("invalid configuration: {0}")]
    Json(String),
}

/// Input that is not an e-mail message at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MessageError {
    /// The input holds no bytes.
    #[error("the message is empty")]
    Empty,
    /// The input has no header field at all, so it is not an RFC 5322 message.
    #[error("no header field found: not an RFC 5322 message")]
    NoHeaders,
}
