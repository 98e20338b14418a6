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
    /// A line of a rule file (the configuration's
    /// [`custom_rules`](field@crate::Config::custom_rules)) the engine cannot
    /// use.
    #[error(
        "custom rules {}, line {line}{}: {problem}",
        file + 1,
        rule.as_deref().map(|rule| format!(", rule `{rule}`")).unwrap_or_default()
    )]
    CustomRule {
        /// Which text of the configuration's
        /// [`custom_rules`](field@crate::Config::custom_rules), from 0.
        file: usize,
        /// The line, from 1.
        line: usize,
        /// The rule the line is about, when it names one.
        rule: Option<String>,
        /// What is wrong.
        problem: RuleProblem,
    },
}

/// Why a line of a rule file was refused (see [`ConfigError::CustomRule`]).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RuleProblem {
    /// The directive is not one spamgauge reads.
    #[error("unknown directive `{0}`")]
    UnknownDirective(String),
    /// A directive SpamAssassin has but spamgauge does not support, and why.
    #[error("`{what}` is not supported: {why}")]
    Unsupported {
        /// The directive, modifier or flag.
        what: String,
        /// Why, and what to do instead.
        why: &'static str,
    },
    /// The line does not have the directive's form.
    #[error("expected {0}")]
    Syntax(&'static str),
    /// A rule name that SpamAssassin would refuse.
    #[error(
        "`{0}` is not a rule name (letters, digits and `_`, at most 128, not starting with a digit)"
    )]
    BadName(String),
    /// A rule defined twice, or with the name of a built-in test.
    #[error("the rule is already defined{}", if *builtin { " as a built-in test" } else { "" })]
    Duplicate {
        /// Whether the name is one of a built-in test.
        builtin: bool,
    },
    /// A `score`, `describe` or `tflags` line for a rule that does not exist.
    #[error("no rule of that name")]
    UnknownRule,
    /// A score that is not one or four finite numbers.
    #[error("a score is one number or four numbers")]
    BadScore,
    /// A regex feature the `regex` crate lacks (it needs backtracking).
    #[error("the regex uses {0}, which needs a backtracking engine")]
    RegexFeature(&'static str),
    /// A regex the `regex` crate refuses (syntax, or over the size limit).
    #[error("invalid regex: {0}")]
    Regex(String),
    /// A meta expression that cannot be read.
    #[error("invalid meta expression: {0}")]
    Meta(&'static str),
    /// Metas that depend on each other in a cycle.
    #[error("the meta depends on itself")]
    MetaCycle,
    /// An address-list directive (`welcomelist_from` …) without the
    /// arguments it needs.
    #[error("expected {0}")]
    AddressList(String),
    /// Over one of the bounds that protect the engine from hostile rule files.
    #[error("too large: {0}")]
    TooLarge(&'static str),
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
