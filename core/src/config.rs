//! Engine configuration: profile, threshold, score overrides, disabled tests and
//! limits on hostile input. Validated once, when the [`crate::Engine`] is built.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
use crate::lookups::{DnsLists, SkipDomains};
use crate::report::action::Replies;
use crate::rules::Scores;
use crate::rules::address_lists::AddressLists;
use crate::rules::freemail::Freemail;
use crate::rules::policy::Policy;

/// Which kind of filter the engine acts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// SpamAssassin's inbound filter: spam when the score is at least the threshold
    /// (5.0 by default).
    #[default]
    Inbound,
    /// A hosting provider's outbound filter: the score is reported clamped to
    /// 0 … 15 and the message is blocked when it is above the threshold (3.0 by
    /// default).
    Outbound,
}

impl Profile {
    /// The threshold used when none is configured.
    #[must_use]
    pub const fn default_threshold(self) -> f64 {
        match self {
            Profile::Inbound => 5.0,
            Profile::Outbound => 3.0,
        }
    }
}

/// Bounds on the work done for one message. Hitting one is reported in the
/// [`crate::Report`]; the scan goes on with what was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Limits {
    /// Bytes of the raw message that are parsed. The default value is 32 MiB.
    pub max_message_bytes: usize,
    /// Decoded bytes kept per MIME part. The default value is 4 MiB.
    pub max_part_bytes: usize,
    /// Depth of nested multiparts and attached messages. The default value is 20
    /// (as SpamAssassin).
    pub max_mime_depth: usize,
    /// MIME parts kept. The default value is 1,000.
    pub max_parts: usize,
    /// Header fields kept per message. The default value is 10,000.
    pub max_headers: usize,
    /// URIs kept. The default value is 10,000.
    pub max_uris: usize,
    /// HTML tag events processed per HTML part. The default value is 100,000.
    pub max_html_tags: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message_bytes: 32 << 20,
            max_part_bytes: 4 << 20,
            max_mime_depth: 20,
            max_parts: 1000,
            max_headers: 10_000,
            max_uris: 10_000,
            max_html_tags: 100_000,
        }
    }
}

impl Limits {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let checks: [(&'static str, usize, usize); 7] = [
            ("max_message_bytes", self.max_message_bytes, 1024),
            ("max_part_bytes", self.max_part_bytes, 1024),
            ("max_mime_depth", self.max_mime_depth, 1),
            ("max_parts", self.max_parts, 1),
            ("max_headers", self.max_headers, 1),
            ("max_uris", self.max_uris, 1),
            ("max_html_tags", self.max_html_tags, 1),
        ];
        match checks.iter().find(|(_, value, min)| value < min) {
            Some(&(name, _, min)) => Err(ConfigError::InvalidLimit { name, min }),
            None => Ok(()),
        }
    }
}

/// A score override: one score for every score set, or one per set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScoreOverride {
    /// The same score in all four sets.
    All(f64),
    /// One score per set, in SpamAssassin's order (0: local, 1: network,
    /// 2: Bayes, 3: network and Bayes).
    PerSet([f64; 4]),
}

impl ScoreOverride {
    pub(crate) fn scores(self) -> Scores {
        match self {
            ScoreOverride::All(score) => Scores::all(score),
            ScoreOverride::PerSet(scores) => Scores(scores),
        }
    }
}

/// What the engine is built from. Every field has a default; setters take and
/// return the value so they chain.
///
/// ```
/// use spamgauge::{Config, Engine, Profile};
/// let config = Config::default()
///     .profile(Profile::Outbound)
///     .threshold(4.0)
///     .score("MIME_HTML_ONLY", 1.5)
///     .disable("HTML_MESSAGE");
/// let engine = Engine::new(config)?;
/// assert_eq!(engine.threshold(), 4.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Config {
    /// Inbound or outbound filtering. The default value is [`Profile::Inbound`].
    pub profile: Profile,
    /// The decision threshold. The default value is the profile's
    /// ([`Profile::default_threshold`]).
    pub threshold: Option<f64>,
    /// Score overrides by test name. The default value is empty.
    pub scores: BTreeMap<String, ScoreOverride>,
    /// Tests that never run. The default value is empty.
    pub disabled: BTreeSet<String>,
    /// Bounds on the work done per message. The default value is [`Limits::default`].
    pub limits: Limits,
    /// DNS block and allow lists and their tests. The default value is
    /// [`DnsLists::default`].
    pub dns_lists: DnsLists,
    /// Outright refusals: sender TLDs, senders, attachments. The default value
    /// is [`Policy::default`].
    pub policy: Policy,
    /// SMTP replies recommended in the report. The default value is
    /// [`Replies::default`].
    pub replies: Replies,
    /// Authserv-ids whose Authentication-Results (and Received-SPF
    /// `receiver=`) fields are believed, when added inside the trust boundary.
    /// The default value is empty: header verdicts are not read.
    pub trusted_authserv_ids: Vec<String>,
    /// Networks whose relays are trusted to write true Received fields
    /// (SpamAssassin's `trusted_networks`): IP addresses, CIDR networks
    /// (`192.0.2.0/24`, `10/8`), `!` to exclude. The default value is empty:
    /// trust is inferred (private addresses and authenticated clients).
    pub trusted_networks: Vec<String>,
    /// Networks of our own mail servers (`internal_networks`), a subset of
    /// the trusted ones: the first relay outside them is the last external
    /// one. The default value is empty: the trusted networks serve.
    pub internal_networks: Vec<String>,
    /// Networks of our own mail submission agents (SpamAssassin's
    /// `msa_networks`): servers that accept mail only from our users,
    /// authenticated by address, password or otherwise, and are not MX relays.
    /// Every hop older than one of them takes its trusted and internal
    /// standing. Read only when trusted or internal networks are set. The
    /// default value is empty.
    pub msa_networks: Vec<String>,
    /// Domains never sent to URI block lists (`uridnsbl_skip_domain`). The
    /// default value is [`SkipDomains::default`].
    pub uridnsbl_skip_domains: SkipDomains,
    /// Free-mail domains and their exceptions, for the FREEMAIL_ tests. The
    /// default value is [`Freemail::default`].
    pub freemail: Freemail,
    /// Rule files in SpamAssassin's language (`local.cf`), one text per file:
    /// the site's own `header`, `body`, `rawbody`, `uri` and `meta` rules,
    /// their `score`, `describe` and `tflags` lines, and score overrides of
    /// built-in tests. They run after the built-in tests, so a `meta` can
    /// combine built-in hits. The default value is empty; see
    /// [`Config::custom_rules()`] for an example and the README for the
    /// supported subset.
    pub custom_rules: Vec<String>,
    /// Address welcome and block lists (`welcomelist_from`, `blocklist_to`,
    /// `welcomelist_auth` …), applied before the same directives of the
    /// rule files. The default value is [`AddressLists::default`]: every
    /// list empty.
    pub address_lists: AddressLists,
}

impl Config {
    /// Reads a configuration from JSON; an unknown field or a malformed value is an
    /// error naming it.
    ///
    /// ```
    /// let config = spamgauge::Config::from_json(r#"{"profile":"outbound","threshold":2.5}"#)?;
    /// assert_eq!(config.threshold, Some(2.5));
    /// assert!(spamgauge::Config::from_json(r#"{"treshold":2.5}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self, ConfigError> {
        serde_json::from_str(json).map_err(|e| ConfigError::Json(e.to_string()))
    }

    /// Sets the profile. The default value is [`Profile::Inbound`].
    #[must_use]
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// Sets the decision threshold. The default value is the profile's.
    #[must_use]
    pub fn threshold(mut self, threshold: f64) -> Self {
        self.threshold = Some(threshold);
        self
    }

    /// Gives `test` the same score in every score set.
    #[must_use]
    pub fn score(mut self, test: impl Into<String>, score: f64) -> Self {
        self.scores.insert(test.into(), ScoreOverride::All(score));
        self
    }

    /// Gives `test` one score per score set.
    #[must_use]
    pub fn scores_per_set(mut self, test: impl Into<String>, scores: [f64; 4]) -> Self {
        self.scores
            .insert(test.into(), ScoreOverride::PerSet(scores));
        self
    }

    /// Disables `test`: it never runs.
    #[must_use]
    pub fn disable(mut self, test: impl Into<String>) -> Self {
        self.disabled.insert(test.into());
        self
    }

    /// Believes Authentication-Results fields written by `authserv_id` (see
    /// [`Config::trusted_authserv_ids`]).
    #[must_use]
    pub fn trusted_authserv_id(mut self, authserv_id: impl Into<String>) -> Self {
        self.trusted_authserv_ids.push(authserv_id.into());
        self
    }

    /// Sets the policy lists. The default value is [`Policy::default`].
    #[must_use]
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Sets the DNS list table. The default value is [`DnsLists::default`].
    #[must_use]
    pub fn dns_lists(mut self, dns_lists: DnsLists) -> Self {
        self.dns_lists = dns_lists;
        self
    }

    /// Sets the SMTP replies. The default value is [`Replies::default`].
    #[must_use]
    pub fn replies(mut self, replies: Replies) -> Self {
        self.replies = replies;
        self
    }

    /// Sets the trusted and internal networks (see
    /// [`Config::trusted_networks`]). The default values are empty.
    #[must_use]
    pub fn networks(mut self, trusted: Vec<String>, internal: Vec<String>) -> Self {
        self.trusted_networks = trusted;
        self.internal_networks = internal;
        self
    }

    /// Sets the MSA networks (see [`Config::msa_networks`]). The default value
    /// is empty.
    #[must_use]
    pub fn msa_networks(mut self, msa: Vec<String>) -> Self {
        self.msa_networks = msa;
        self
    }

    /// Sets the free-mail domains. The default value is [`Freemail::default`].
    #[must_use]
    pub fn freemail(mut self, freemail: Freemail) -> Self {
        self.freemail = freemail;
        self
    }

    /// Adds a rule file's text to [the `custom_rules`
    /// field](field@Config::custom_rules). An error in it is
    /// a [`ConfigError::CustomRule`] naming the line, when the engine is built.
    ///
    /// ```
    /// use spamgauge::{Config, Engine, Inputs};
    /// let config = Config::default().custom_rules(
    ///     "body LOCAL_PRIZE /\\byou have won\\b/i\n\
    ///      score LOCAL_PRIZE 2.5\n\
    ///      describe LOCAL_PRIZE Announces a prize\n\
    ///      lang fr describe LOCAL_PRIZE Annonce un prix\n",
    /// );
    /// let engine = Engine::new(config)?;
    /// let report = engine.check(b"Subject: hi\n\nYou have WON a car\n", &Inputs::default())?;
    /// let hit = report.hits.iter().find(|hit| hit.name == "LOCAL_PRIZE").unwrap();
    /// assert_eq!(hit.score, 2.5);
    /// assert_eq!(hit.description.fr, "Annonce un prix");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn custom_rules(mut self, text: impl Into<String>) -> Self {
        self.custom_rules.push(text.into());
        self
    }

    /// Sets the address welcome and block lists. The default value is
    /// [`AddressLists::default`].
    ///
    /// ```
    /// use spamgauge::{AddressLists, Config, Engine, Inputs};
    /// let mut lists = AddressLists::default();
    /// lists.welcomelist_from.push("*@partner.example".to_owned());
    /// let engine = Engine::new(Config::default().address_lists(lists))?;
    /// let report = engine.check(b"From: ann@partner.example\nSubject: hi\n\nhi\n", &Inputs::default())?;
    /// assert!(report.hits.iter().any(|hit| hit.name == "USER_IN_WELCOMELIST"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn address_lists(mut self, address_lists: AddressLists) -> Self {
        self.address_lists = address_lists;
        self
    }

    /// Sets the limits on hostile input. The default value is [`Limits::default`].
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}
