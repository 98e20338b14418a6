//! Per-client reputation: a mail host's protection against abusive senders.
//!
//! For each client IP, its network (IPv4 /24, IPv6 /64) and, for outbound
//! mail, each authenticated account, [`Reputation`] keeps counts of spam, ham
//! and SMTP errors (connections cut before the message was sent, unknown
//! recipients, address-validation probes). Counts decay exponentially with a
//! configurable half-life, so old statistics fade out within a day or two.
//!
//! Decisions ([`Reputation::check`]):
//! * **temporary refusal** (4xx) while the decayed error count is at or above
//!   [`ReputationSettings::tempfail_errors`], until it decays below;
//! * **block** (5xx) when spam outweighs ham over a minimum volume, or when
//!   errors keep growing to [`ReputationSettings::block_errors`] (a dictionary
//!   attack). A block lifts by itself after [`ReputationSettings::block_for`]
//!   (at most 24 hours) and the reply says why and until when.
//!
//! Pure data: `now` is always injected and the state serializes with serde.
//!
//! ```
//! use spamgauge::learning::reputation::{Event, Reputation, ReputationKey, Verdict};
//! use spamgauge::Timestamp;
//!
//! let mut reputation = Reputation::default();
//! let client = ReputationKey::ip("198.51.100.7".parse()?);
//! let now = Timestamp::from_unix(1_700_000_000);
//! for _ in 0..6 {
//!     reputation.record(&client, Event::Spam, now);
//! }
//! let verdict = reputation.check(&client, now);
//! assert!(matches!(verdict, Verdict::Block { .. }));
//! assert!(verdict.reply().unwrap().starts_with("554 5.7.1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::time::Timestamp;

/// One day, the longest a block may last.
pub const MAX_BLOCK_SECONDS: i64 = 86_400;

/// What is being judged: a client IP (its network is judged with it) or an
/// authenticated account sending outbound mail.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReputationKey {
    /// A connecting client.
    Ip(IpAddr),
    /// An authenticated account (its address), for outbound mail.
    Account(String),
}

impl ReputationKey {
    /// A client IP.
    #[must_use]
    pub fn ip(ip: IpAddr) -> Self {
        Self::Ip(ip)
    }

    /// An authenticated account.
    #[must_use]
    pub fn account(address: impl Into<String>) -> Self {
        Self::Account(address.into().to_lowercase())
    }

    /// The stored keys this key updates and is judged by.
    fn subjects(&self) -> Vec<String> {
        match self {
            Self::Ip(IpAddr::V4(v4)) => {
                let [a, b, c, _] = v4.octets();
                vec![format!("ip:{v4}"), format!("net:{a}.{b}.{c}.0/24")]
            }
            Self::Ip(IpAddr::V6(v6)) => {
                let s = v6.segments();
                vec![
                    format!("ip:{v6}"),
                    format!("net:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]),
                ]
            }
            Self::Account(address) => vec![format!("acct:{address}")],
        }
    }
}

impl fmt::Display for ReputationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ip(ip) => write!(f, "[{ip}]"),
            Self::Account(address) => write!(f, "<{address}>"),
        }
    }
}

/// Something that happened with a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// A message judged spam.
    Spam,
    /// A message judged legitimate.
    Ham,
    /// The connection was cut before a message was sent.
    EarlyDisconnect,
    /// A recipient that does not exist.
    UnknownRecipient,
    /// An address-validation probe (RCPT without DATA, VRFY, EXPN).
    AddressProbe,
}

impl Event {
    fn is_error(self) -> bool {
        matches!(
            self,
            Event::EarlyDisconnect | Event::UnknownRecipient | Event::AddressProbe
        )
    }
}

/// Thresholds and timings; the defaults suit a small to medium mail host.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct ReputationSettings {
    /// Half-life of every count, in seconds. The default value is 14,400
    /// (4 hours: a count falls under 2 % in a day, under 0.1 % in two).
    pub half_life: i64,
    /// Decayed SMTP errors at which clients are refused temporarily (4xx).
    /// The default value is 10.
    pub tempfail_errors: f64,
    /// Decayed SMTP errors at which clients are blocked (5xx): errors kept
    /// growing despite temporary refusals. The default value is 25.
    pub block_errors: f64,
    /// Decayed messages (spam + ham) needed before spam can cause a block.
    /// The default value is 5.
    pub min_volume: f64,
    /// A block starts when spam exceeds ham times this ratio. The default
    /// value is 1 (spam outweighs ham).
    pub spam_ratio: f64,
    /// How long a block lasts, in seconds, at most 86,400. The default value
    /// is 43,200 (12 hours).
    pub block_for: i64,
}

impl Default for ReputationSettings {
    fn default() -> Self {
        Self {
            half_life: 4 * 3600,
            tempfail_errors: 10.0,
            block_errors: 25.0,
            min_volume: 5.0,
            spam_ratio: 1.0,
            block_for: 12 * 3600,
        }
    }
}

/// A setting the reputation model cannot use.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ReputationSettingsError {
    /// A setting is out of its range.
    #[error("reputation setting `{name}` is out of range: {reason}")]
    OutOfRange {
        /// The setting.
        name: &'static str,
        /// What is allowed.
        reason: &'static str,
    },
}

impl ReputationSettings {
    /// Checks every value.
    pub fn validate(&self) -> Result<(), ReputationSettingsError> {
        let fail = |name, reason| Err(ReputationSettingsError::OutOfRange { name, reason });
        if self.half_life <= 0 {
            return fail("half_life", "must be positive");
        }
        if !(1..=MAX_BLOCK_SECONDS).contains(&self.block_for) {
            return fail("block_for", "must be 1 to 86400 seconds");
        }
        for (name, value) in [
            ("tempfail_errors", self.tempfail_errors),
            ("block_errors", self.block_errors),
            ("min_volume", self.min_volume),
            ("spam_ratio", self.spam_ratio),
        ] {
            if !value.is_finite() || value <= 0.0 {
                return fail(name, "must be a positive number");
            }
        }
        if self.block_errors < self.tempfail_errors {
            return fail("block_errors", "must be at least tempfail_errors");
        }
        Ok(())
    }
}

/// Why a client is blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BlockReason {
    /// More spam than ham over the minimum volume.
    Spam,
    /// SMTP errors kept growing: a dictionary attack or address harvesting.
    Errors,
}

/// Decayed counts of one subject, as of `updated`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Counts {
    /// Spam messages.
    pub spam: f64,
    /// Legitimate messages.
    pub ham: f64,
    /// SMTP errors.
    pub errors: f64,
    /// When the counts were last brought up to date (Unix seconds).
    pub updated: i64,
}

impl Counts {
    fn decayed(&self, now: i64, half_life: i64) -> Self {
        let elapsed = now.saturating_sub(self.updated).max(0) as f64;
        let factor = (-elapsed / half_life as f64 * std::f64::consts::LN_2).exp();
        Self {
            spam: self.spam * factor,
            ham: self.ham * factor,
            errors: self.errors * factor,
            updated: now.max(self.updated),
        }
    }
}

/// What is stored per subject.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
struct Record {
    counts: Counts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blocked: Option<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Block {
    until: i64,
    reason: BlockReason,
    /// Counts when the block started, for the reply.
    spam: f64,
    ham: f64,
    errors: f64,
}

/// The decision for a client at a given time.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Verdict {
    /// Nothing against it.
    Accept,
    /// Refuse temporarily (4xx) until the errors decay.
    TempFail {
        /// Who.
        key: ReputationKey,
        /// When the refusal ends.
        until: Timestamp,
        /// Decayed error count now.
        errors: f64,
    },
    /// Refuse (5xx) until the block lifts.
    Block {
        /// Who.
        key: ReputationKey,
        /// When the block lifts.
        until: Timestamp,
        /// Why.
        reason: BlockReason,
        /// Decayed spam count when the block started.
        spam: f64,
        /// Decayed ham count when the block started.
        ham: f64,
        /// Decayed error count when the block started.
        errors: f64,
    },
}

impl Verdict {
    /// The SMTP reply to give, or `None` to accept.
    ///
    /// A blocked account gets Postfix's wording:
    /// `554 5.7.1 <a@b>: Sender address rejected: SPAM&PHISH compromised account`.
    #[must_use]
    pub fn reply(&self) -> Option<String> {
        match self {
            Verdict::Accept => None,
            Verdict::TempFail { key, until, errors } => Some(format!(
                "450 4.7.1 Client {key} temporarily refused: too many failed SMTP commands \
                 ({errors:.0} recently); try again after {}",
                utc(*until)
            )),
            Verdict::Block {
                key: ReputationKey::Account(address),
                ..
            } => Some(format!(
                "554 5.7.1 <{address}>: Sender address rejected: SPAM&PHISH compromised account"
            )),
            Verdict::Block {
                key,
                until,
                reason,
                spam,
                ham,
                errors,
            } => Some(match reason {
                BlockReason::Spam => format!(
                    "554 5.7.1 Client {key} blocked until {}: it sent more spam than legitimate \
                     mail ({spam:.0} spam, {ham:.0} ham recently)",
                    utc(*until)
                ),
                BlockReason::Errors => format!(
                    "554 5.7.1 Client {key} blocked until {}: too many failed SMTP commands \
                     ({errors:.0} recently, likely address harvesting)",
                    utc(*until)
                ),
            }),
        }
    }
}

/// `YYYY-MM-DD HH:MM:SS UTC`.
fn utc(t: Timestamp) -> String {
    let (year, month, day, hour, minute, second) = t.to_civil();
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC")
}

/// The reputation state of every client: serializable, updated by
/// [`record`](Self::record), read by [`check`](Self::check).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reputation {
    #[serde(skip)]
    settings: ReputationSettings,
    subjects: BTreeMap<String, Record>,
}

impl Reputation {
    /// An empty state with these settings.
    pub fn new(settings: ReputationSettings) -> Result<Self, ReputationSettingsError> {
        settings.validate()?;
        Ok(Self {
            settings,
            subjects: BTreeMap::new(),
        })
    }

    /// Replaces the settings (they are not part of the stored state).
    pub fn set_settings(
        &mut self,
        settings: ReputationSettings,
    ) -> Result<(), ReputationSettingsError> {
        settings.validate()?;
        self.settings = settings;
        Ok(())
    }

    /// The settings.
    #[must_use]
    pub fn settings(&self) -> &ReputationSettings {
        &self.settings
    }

    /// Number of stored subjects (IPs, networks, accounts).
    #[must_use]
    pub fn len(&self) -> usize {
        self.subjects.len()
    }

    /// Whether nothing is stored.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
    }

    /// The decayed counts of `key` itself (not its network) at `now`.
    #[must_use]
    pub fn counts(&self, key: &ReputationKey, now: Timestamp) -> Counts {
        key.subjects()
            .first()
            .and_then(|subject| self.subjects.get(subject))
            .map(|record| record.counts.decayed(now.unix(), self.settings.half_life))
            .unwrap_or_default()
    }

    /// Records an event for `key` (and its network) at `now`, and starts a
    /// block if the counts call for one.
    pub fn record(&mut self, key: &ReputationKey, event: Event, now: Timestamp) {
        let settings = self.settings;
        let now = now.unix();
        for subject in key.subjects() {
            let record = self.subjects.entry(subject).or_default();
            let mut counts = record.counts.decayed(now, settings.half_life);
            match event {
                Event::Spam => counts.spam += 1.0,
                Event::Ham => counts.ham += 1.0,
                _ if event.is_error() => counts.errors += 1.0,
                _ => {}
            }
            record.counts = counts;
            if record.blocked.is_some_and(|block| block.until > now) {
                // A block is never extended: it lifts on time.
                continue;
            }
            record.blocked = None;
            let reason = if counts.errors >= settings.block_errors {
                Some(BlockReason::Errors)
            } else if counts.spam + counts.ham >= settings.min_volume
                && counts.spam > counts.ham * settings.spam_ratio
            {
                Some(BlockReason::Spam)
            } else {
                None
            };
            record.blocked = reason.map(|reason| Block {
                until: now.saturating_add(settings.block_for),
                reason,
                spam: counts.spam,
                ham: counts.ham,
                errors: counts.errors,
            });
        }
    }

    /// The decision for `key` at `now`: a block of the key or of its network
    /// first, then a temporary refusal.
    #[must_use]
    pub fn check(&self, key: &ReputationKey, now: Timestamp) -> Verdict {
        let settings = &self.settings;
        let now = now.unix();
        let records: Vec<&Record> = key
            .subjects()
            .iter()
            .filter_map(|subject| self.subjects.get(subject))
            .collect();
        if let Some(block) = records
            .iter()
            .filter_map(|record| record.blocked)
            .filter(|block| block.until > now)
            .max_by_key(|block| block.until)
        {
            return Verdict::Block {
                key: key.clone(),
                until: Timestamp::from_unix(block.until),
                reason: block.reason,
                spam: block.spam,
                ham: block.ham,
                errors: block.errors,
            };
        }
        let errors = records
            .iter()
            .map(|record| record.counts.decayed(now, settings.half_life).errors)
            .fold(0.0, f64::max);
        if errors >= settings.tempfail_errors {
            // errors · 2^(−t/half_life) = threshold  ⇒  t = half_life · log2(errors/threshold)
            let wait = (settings.half_life as f64 * (errors / settings.tempfail_errors).log2())
                .ceil()
                .max(1.0) as i64;
            return Verdict::TempFail {
                key: key.clone(),
                until: Timestamp::from_unix(now.saturating_add(wait)),
                errors,
            };
        }
        Verdict::Accept
    }

    /// Drops subjects whose counts have decayed to nothing and that are not
    /// blocked, to keep the state small. Call it now and then.
    pub fn prune(&mut self, now: Timestamp) {
        let half_life = self.settings.half_life;
        let now = now.unix();
        self.subjects.retain(|_, record| {
            let counts = record.counts.decayed(now, half_life);
            record.blocked.is_some_and(|block| block.until > now)
                || counts.spam + counts.ham + counts.errors >= 0.01
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3600;
    const T0: i64 = 1_700_000_000;

    fn at(hours: f64) -> Timestamp {
        Timestamp::from_unix(T0 + (hours * HOUR as f64) as i64)
    }

    fn ip(s: &str) -> ReputationKey {
        ReputationKey::ip(s.parse().unwrap())
    }

    #[test]
    fn spam_outweighing_ham_blocks_then_lifts() {
        let mut rep = Reputation::default();
        let client = ip("198.51.100.7");
        for _ in 0..3 {
            rep.record(&client, Event::Ham, at(0.0));
        }
        for _ in 0..3 {
            rep.record(&client, Event::Spam, at(0.0));
        }
        // 3 spam vs 3 ham: not outweighing.
        assert_eq!(rep.check(&client, at(0.0)), Verdict::Accept);
        rep.record(&client, Event::Spam, at(0.1));
        let verdict = rep.check(&client, at(0.2));
        let Verdict::Block { until, reason, .. } = verdict.clone() else {
            panic!("{verdict:?}");
        };
        assert_eq!(reason, BlockReason::Spam);
        assert_eq!(until, Timestamp::from_unix(T0 + 360 + 12 * HOUR));
        let reply = verdict.reply().unwrap();
        assert!(
            reply.starts_with(
                "554 5.7.1 Client [198.51.100.7] blocked until 2023-11-15 10:19:20 UTC"
            ),
            "{reply}"
        );
        // Another host of the same /24 is judged by the network too.
        assert!(matches!(
            rep.check(&ip("198.51.100.8"), at(1.0)),
            Verdict::Block { .. }
        ));
        // The block lifts by itself.
        assert_eq!(rep.check(&client, at(12.2)), Verdict::Accept);
    }

    #[test]
    fn small_volume_never_blocks() {
        let mut rep = Reputation::default();
        let client = ip("2001:db8::1");
        for _ in 0..4 {
            rep.record(&client, Event::Spam, at(0.0));
        }
        assert_eq!(rep.check(&client, at(0.0)), Verdict::Accept);
        // Decay: a fifth spam a day later does not add up to 5.
        rep.record(&client, Event::Spam, at(24.0));
        assert_eq!(rep.check(&client, at(24.0)), Verdict::Accept);
        assert!(rep.counts(&client, at(24.0)).spam < 1.1);
    }

    #[test]
    fn errors_tempfail_then_block_as_they_grow() {
        let mut rep = Reputation::default();
        let client = ip("203.0.113.5");
        for _ in 0..9 {
            rep.record(&client, Event::UnknownRecipient, at(0.0));
        }
        assert_eq!(rep.check(&client, at(0.0)), Verdict::Accept);
        rep.record(&client, Event::AddressProbe, at(0.0));
        let verdict = rep.check(&client, at(0.0));
        assert!(matches!(verdict, Verdict::TempFail { .. }), "{verdict:?}");
        assert!(verdict.reply().unwrap().starts_with("450 4.7.1"));
        // After one half-life the 10 errors are 5: accepted again.
        assert_eq!(rep.check(&client, at(4.0)), Verdict::Accept);
        // The attacker keeps going: blocked.
        for _ in 0..25 {
            rep.record(&client, Event::EarlyDisconnect, at(4.0));
        }
        let verdict = rep.check(&client, at(4.0));
        assert!(
            matches!(
                verdict,
                Verdict::Block {
                    reason: BlockReason::Errors,
                    ..
                }
            ),
            "{verdict:?}"
        );
        // Blocks last at most a day.
        assert_eq!(rep.check(&client, at(28.0)), Verdict::Accept);
    }

    #[test]
    fn tempfail_lasts_until_errors_decay() {
        let mut rep = Reputation::default();
        let client = ip("203.0.113.6");
        for _ in 0..20 {
            rep.record(&client, Event::UnknownRecipient, at(0.0));
        }
        let Verdict::TempFail { until, .. } = rep.check(&client, at(0.0)) else {
            panic!()
        };
        // 20 → 10 takes one half-life.
        assert_eq!(until, at(4.0));
        assert!(matches!(
            rep.check(&client, at(3.9)),
            Verdict::TempFail { .. }
        ));
        assert_eq!(rep.check(&client, at(4.01)), Verdict::Accept);
    }

    #[test]
    fn compromised_account_is_stopped() {
        let mut rep = Reputation::default();
        let account = ReputationKey::account("A@B");
        rep.record(&account, Event::Ham, at(0.0));
        for _ in 0..5 {
            rep.record(&account, Event::Spam, at(1.0));
        }
        assert_eq!(
            rep.check(&account, at(1.0)).reply().as_deref(),
            Some("554 5.7.1 <a@b>: Sender address rejected: SPAM&PHISH compromised account")
        );
    }

    #[test]
    fn state_round_trips_and_prunes() {
        let mut rep = Reputation::default();
        rep.record(&ip("192.0.2.1"), Event::Spam, at(0.0));
        let json = serde_json::to_string(&rep).unwrap();
        let back: Reputation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rep);
        assert_eq!(rep.len(), 2);
        rep.prune(at(12.0));
        assert_eq!(rep.len(), 2);
        rep.prune(at(48.0));
        assert!(rep.is_empty());
    }

    #[test]
    fn settings_are_checked() {
        let too_long = ReputationSettings {
            block_for: 2 * MAX_BLOCK_SECONDS,
            ..ReputationSettings::default()
        };
        assert!(Reputation::new(too_long).is_err());
        let no_decay = ReputationSettings {
            half_life: 0,
            ..ReputationSettings::default()
        };
        assert!(Reputation::new(no_decay).is_err());
        assert!(Reputation::new(ReputationSettings::default()).is_ok());
    }

    #[test]
    fn utc_formatting() {
        assert_eq!(utc(Timestamp::from_unix(0)), "1970-01-01 00:00:00 UTC");
        assert_eq!(
            utc(Timestamp::from_unix(951_782_400)),
            "2000-02-29 00:00:00 UTC"
        );
        assert_eq!(utc(Timestamp::from_unix(-1)), "1969-12-31 23:59:59 UTC");
    }
}
