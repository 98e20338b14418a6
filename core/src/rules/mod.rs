//! The tests. Each test is registered as data — name, family, four scores,
//! texts, and a check over the [`Analysis`] — so that more can be added (one day
//! from SpamAssassin rule files) without touching the engine.
//!
//! One file per family; each exposes `pub(crate) fn rules() -> Vec<Rule>`.

pub mod address_lists;
mod auth;
mod awl;
mod bayes;
mod content;
mod custom;
mod date;
pub(crate) mod dnsbl;
pub mod freemail;
mod headers;
mod html;
pub(crate) mod lists;
mod mime;
mod msgid;
mod mua;
pub mod policy;
mod random_address;
mod received_chain;
mod recipients;
mod relay;
mod sender_domain;
#[cfg(test)]
mod testing;
mod to_format;
mod trust;
mod uri;
pub(crate) mod uribl;

pub(crate) use content::FraudFacts;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::config::Config;
use crate::engine::Inputs;
use crate::error::ConfigError;
use crate::i18n::Localized;
use crate::lookups::Setup;
use crate::report::Hit;

/// A SpamAssassin score set: chosen by whether network verdicts and a usable
/// Bayes database were supplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ScoreSet(u8);

impl ScoreSet {
    /// Set 0: no network tests, no Bayes.
    pub const LOCAL: ScoreSet = ScoreSet(0);

    /// The set for the given capabilities (SpamAssassin: `net | bayes << 1`).
    ///
    /// ```
    /// use spamgauge::ScoreSet;
    /// assert_eq!(ScoreSet::new(true, true).index(), 3);
    /// ```
    #[must_use]
    pub const fn new(network: bool, bayes: bool) -> Self {
        ScoreSet(network as u8 | (bayes as u8) << 1)
    }

    /// 0 … 3.
    #[must_use]
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// Whether network tests run in this set.
    #[must_use]
    pub const fn network(self) -> bool {
        self.0 & 1 != 0
    }

    /// Whether Bayes tests run in this set.
    #[must_use]
    pub const fn bayes(self) -> bool {
        self.0 & 2 != 0
    }
}

/// A test's score in each of the four score sets.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Scores(pub [f64; 4]);

impl Scores {
    /// The same score in every set.
    #[must_use]
    pub const fn all(score: f64) -> Self {
        Scores([score; 4])
    }

    /// The score in `set`.
    #[must_use]
    pub const fn get(self, set: ScoreSet) -> f64 {
        self.0[set.index()]
    }
}

/// What a test looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// HTML content and markup.
    Html,
    /// MIME structure.
    Mime,
    /// Header fields and message format.
    Header,
    /// Dates in the header.
    Date,
    /// The relay chain (Received header fields, reverse DNS).
    Relay,
    /// Sender authentication (SPF, DKIM, DMARC).
    Auth,
    /// DNS block and allow lists.
    Dnsbl,
    /// URI block lists.
    Uribl,
    /// Links in the message (their form, not block lists).
    Uri,
    /// Local policy (blocked TLDs, senders, attachments).
    Policy,
    /// The Bayes classifier.
    Bayes,
    /// Sender history (auto-whitelist, reputation).
    Reputation,
    /// Wording of the text.
    Body,
}

impl Family {
    /// The name used in JSON and in text reports.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Family::Html => "html",
            Family::Mime => "mime",
            Family::Header => "header",
            Family::Date => "date",
            Family::Relay => "relay",
            Family::Auth => "auth",
            Family::Dnsbl => "dnsbl",
            Family::Uribl => "uribl",
            Family::Uri => "uri",
            Family::Policy => "policy",
            Family::Bayes => "bayes",
            Family::Reputation => "reputation",
            Family::Body => "body",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The texts of a test, in English and French.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RuleText {
    /// One line: what the test detects.
    pub description: Localized,
    /// Plain language: what it means that the test fired.
    pub explanation: Localized,
    /// Plain language: how a legitimate sender makes it stop firing.
    pub fix: Localized,
}

/// Why a test fired on this message, e.g. "text/html part: 1 image,
/// 1,100 characters".
pub type Evidence = Localized;

/// What a check sees: the message's facts, the caller's inputs and the tests
/// that already fired.
#[derive(Debug, Clone, Copy)]
pub struct RuleContext<'a> {
    /// Facts extracted once from the message.
    pub analysis: &'a Analysis,
    /// Everything the caller injected (time, verdicts, stored state).
    pub inputs: &'a Inputs<'a>,
    /// The active score set.
    pub set: ScoreSet,
    /// Tests that fired so far, in evaluation order.
    pub hits: &'a [Hit],
}

impl RuleContext<'_> {
    /// Whether the test `name` fired before this one.
    #[must_use]
    pub fn fired(&self, name: &str) -> bool {
        self.hits.iter().any(|hit| hit.name == name)
    }
}

/// A test that fired: why, and its score when it is computed rather than fixed
/// (as the auto-whitelist's).
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    /// Why it fired.
    pub evidence: Evidence,
    /// A computed score replacing the configured one.
    pub score: Option<f64>,
}

impl From<Evidence> for Fired {
    fn from(evidence: Evidence) -> Self {
        Self {
            evidence,
            score: None,
        }
    }
}

/// The test itself: `Some(..)` when it fires.
pub type CheckFn = dyn Fn(&RuleContext<'_>) -> Option<Fired> + Send + Sync;

/// Properties that change when and how a test runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RuleFlags {
    /// Needs network verdicts: runs only in sets 1 and 3.
    pub net: bool,
    /// Needs Bayes: runs only in sets 2 and 3.
    pub learn: bool,
    /// Not a SpamAssassin test: one of ours.
    pub ours: bool,
    /// A policy hit: the message is rejected whatever the score.
    pub rejects: bool,
}

/// One registered test.
#[derive(Clone)]
pub struct Rule {
    /// SpamAssassin's name (or ours, for tests SpamAssassin does not have).
    pub name: Cow<'static, str>,
    /// What the test looks at.
    pub family: Family,
    /// Default scores in the four score sets.
    pub scores: Scores,
    /// How it runs.
    pub flags: RuleFlags,
    /// Names of tests that must have fired for this one to run (SpamAssassin
    /// meta dependencies: a test that did not run counts as not fired). They are
    /// registered before this one.
    pub requires: Vec<Cow<'static, str>>,
    /// Texts in English and French.
    pub text: RuleText,
    /// The check.
    pub check: Arc<CheckFn>,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("name", &self.name)
            .field("family", &self.family)
            .field("scores", &self.scores)
            .field("flags", &self.flags)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// A test with default flags and no dependencies.
    pub fn new(
        name: impl Into<Cow<'static, str>>,
        family: Family,
        scores: [f64; 4],
        text: RuleText,
        check: impl Fn(&RuleContext<'_>) -> Option<Evidence> + Send + Sync + 'static,
    ) -> Self {
        Self::dynamic(name, family, scores, text, move |context| {
            check(context).map(Fired::from)
        })
    }

    /// A test whose check may compute its own score (see [`Fired::score`]).
    pub fn dynamic(
        name: impl Into<Cow<'static, str>>,
        family: Family,
        scores: [f64; 4],
        text: RuleText,
        check: impl Fn(&RuleContext<'_>) -> Option<Fired> + Send + Sync + 'static,
    ) -> Self {
        Self {
            name: name.into(),
            family,
            scores: Scores(scores),
            flags: RuleFlags::default(),
            requires: Vec::new(),
            text,
            check: Arc::new(check),
        }
    }

    /// Sets the flags.
    #[must_use]
    pub fn flags(mut self, flags: RuleFlags) -> Self {
        self.flags = flags;
        self
    }

    /// Makes this test depend on `name` having fired.
    #[must_use]
    pub fn requires(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.requires.push(name.into());
        self
    }
}

/// Compiles one of the tests' own constant patterns (each is exercised by the
/// unit tests of its family, so a typo fails there, not in production).
pub(crate) fn builtin_regex(pattern: &str) -> regex::Regex {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    regex::Regex::new(pattern).expect("valid built-in pattern")
}

/// Builds a [`RuleText`] from English and French strings:
/// `text!(description: (en, fr), explanation: (en, fr), fix: (en, fr))`.
#[macro_export]
macro_rules! text {
    (description: ($de:expr, $df:expr), explanation: ($ee:expr, $ef:expr), fix: ($fe:expr, $ff:expr) $(,)?) => {
        $crate::rules::RuleText {
            description: $crate::Localized::new($de, $df),
            explanation: $crate::Localized::new($ee, $ef),
            fix: $crate::Localized::new($fe, $ff),
        }
    };
}

/// Every built-in test for the default configuration, in evaluation order (a
/// test comes after those it requires).
#[must_use]
pub fn builtin() -> Vec<Rule> {
    // The default configuration always builds.
    for_config(&Config::default()).unwrap_or_default()
}

/// Every test `config` calls for, in evaluation order: content tests, then
/// those built from configuration (SPF/DKIM/DMARC with the trusted
/// authserv-ids, the DNS list table), the content tests that read their
/// hits, the policy lists, the address welcome and block lists, Bayes, the site's own rules, and the
/// auto-whitelist last because it reads every earlier hit.
pub(crate) fn for_config(config: &Config) -> Result<Vec<Rule>, ConfigError> {
    let setup = Arc::new(Setup::new(config)?);
    let mut rules = mime::rules();
    rules.extend(html::rules());
    rules.extend(headers::rules());
    rules.extend(recipients::rules());
    rules.extend(random_address::rules());
    rules.extend(uri::rules());
    rules.extend(content::rules());
    rules.extend(lists::rules());
    rules.extend(mua::rules());
    rules.extend(msgid::rules());
    rules.extend(date::rules());
    rules.extend(relay::rules());
    rules.extend(trust::rules());
    rules.extend(received_chain::rules());
    rules.extend(sender_domain::rules());
    rules.extend(auth::rules(&setup));
    rules.extend(relay::after_auth_rules());
    rules.extend(to_format::rules());
    rules.extend(freemail::rules(&config.freemail)?);
    rules.extend(dnsbl::rules(&setup));
    rules.extend(uribl::rules(&setup));
    rules.extend(content::late_rules());
    rules.extend(policy::rules(&config.policy)?);
    let mut lists = address_lists::Lists::new(&config.address_lists)?;
    custom::address_lists(&config.custom_rules, &mut lists)?;
    rules.extend(address_lists::rules(&Arc::new(lists), &setup));
    rules.extend(bayes::rules());
    // A site's own rules read every built-in hit but the auto-whitelist's,
    // which (as in SpamAssassin, where it runs last) reads theirs.
    let before_awl = rules.len();
    rules.extend(awl::rules());
    let custom = custom::rules(&config.custom_rules, &mut rules)?;
    rules.splice(before_awl..before_awl, custom);
    Ok(rules)
}
