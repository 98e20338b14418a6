//! What the caller resolved: the SMTP envelope, authentication results and DNS
//! answers (sans-IO: the engine never does the lookups itself).
//!
//! The flow is two-phase: [`crate::Engine::analyze`] a message, ask
//! [`crate::Engine::lookups`] which DNS questions matter for it, resolve them in
//! any way (a stub resolver, DNS-over-HTTPS, a cache), then hand the answers back
//! in a [`Verdicts`] to [`crate::Engine::score`].
//!
//! Authentication results can also be read from `Authentication-Results:` and
//! `Received-SPF:` header fields added inside the trust boundary by a trusted
//! authserv-id ([`headers`]); results given here take precedence.
//!
#![doc = include_str!("schema.md")]

pub mod headers;

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use thiserror::Error;

use crate::analysis::{Standing, TrustBoundary};
use crate::time::Timestamp;

/// Everything the caller resolved for one message.
///
/// ```
/// use spamgauge::verdicts::{SpfResult, Verdicts};
/// let verdicts = Verdicts::from_json(r#"{
///     "envelope": {"client_ip": "203.0.113.7", "mail_from": "a@example.com"},
///     "auth": {"spf": "pass"},
///     "dns": [{"name": "7.113.0.203.bl.spamcop.net", "type": "TXT", "answer": "NXDOMAIN"}]
/// }"#)?;
/// assert_eq!(verdicts.auth.spf, Some(SpfResult::Pass));
/// assert!(verdicts.is_network());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Verdicts {
    /// The SMTP envelope, when the message is scored during (or right after) the
    /// SMTP dialogue.
    pub envelope: Option<Envelope>,
    /// SPF, DKIM and DMARC results.
    pub auth: AuthResults,
    /// Answers to the questions of [`crate::Engine::lookups`]. A question with no
    /// answer here was not looked up: it never hits.
    pub dns: Vec<DnsAnswer>,
}

impl Verdicts {
    /// Reads verdicts from JSON. An unknown field or a malformed value is an
    /// error naming the field (e.g. `envelope.client_ip: invalid IP address
    /// syntax`).
    ///
    /// ```
    /// use spamgauge::verdicts::Verdicts;
    /// let err = Verdicts::from_json(r#"{"envelope": {"helo_name": "x"}}"#).unwrap_err();
    /// assert!(err.to_string().contains("helo_name"));
    /// let err = Verdicts::from_json(r#"{"dns": [{"name": "x", "type": "A", "answer": ["nope"]}]}"#)
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("dns[0].answer[0]"));
    /// ```
    pub fn from_json(json: &str) -> Result<Self, VerdictsError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let verdicts: Verdicts =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                VerdictsError::Invalid {
                    field: e.path().to_string(),
                    message: e.inner().to_string(),
                }
            })?;
        deserializer.end().map_err(|e| VerdictsError::Invalid {
            field: ".".to_owned(),
            message: e.to_string(),
        })?;
        verdicts.validate()?;
        Ok(verdicts)
    }

    /// Checks the values serde cannot: each DNS record must suit its type
    /// (an IPv4 address for `A`, …) and names must be DNS names.
    pub fn validate(&self) -> Result<(), VerdictsError> {
        for (i, answer) in self.dns.iter().enumerate() {
            if normalize_name(&answer.name).is_empty() || answer.name.len() > 1024 {
                return Err(VerdictsError::Invalid {
                    field: format!("dns[{i}].name"),
                    message: format!("{:?} is not a DNS name", answer.name),
                });
            }
            if let Answer::Records(records) = &answer.answer {
                for (j, record) in records.iter().enumerate() {
                    if let Err(message) = answer.rtype.check_record(record) {
                        return Err(VerdictsError::Invalid {
                            field: format!("dns[{i}].answer[{j}]"),
                            message,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether any network verdict was supplied (switches on score sets 1 and 3):
    /// an authentication result or a DNS answer. An envelope alone is not one.
    #[must_use]
    pub fn is_network(&self) -> bool {
        !self.auth.is_empty() || !self.dns.is_empty()
    }

    /// The answer to the question `name`/`rtype`, if the caller gave one. Names
    /// compare case-insensitively, trailing dot ignored. When several answers
    /// are given for one question they are merged whatever their order: the
    /// records of all of them, else the most telling status (see
    /// [`Answer::merge`]).
    #[must_use]
    pub fn answer(&self, name: &str, rtype: RecordType) -> Option<Answer> {
        if self.dns.is_empty() {
            return None;
        }
        // Compared as `normalize_name` would, without a copy per answer.
        let name = trimmed_name(name);
        self.dns
            .iter()
            .filter(|answer| {
                answer.rtype == rtype && trimmed_name(&answer.name).eq_ignore_ascii_case(name)
            })
            .map(|answer| answer.answer.clone())
            .reduce(Answer::merge)
    }

    /// Whether the caller gave any DNS answer (without one, no list test can
    /// fire and their questions need not even be built).
    #[must_use]
    pub(crate) fn has_dns_answers(&self) -> bool {
        !self.dns.is_empty()
    }

    /// The envelope's external client, see [`Envelope::external_client`].
    #[must_use]
    pub fn external_client(&self) -> Option<ExternalClient<'_>> {
        self.envelope.as_ref().and_then(Envelope::external_client)
    }
}

/// Lower-cases a DNS name and drops one trailing dot.
pub(crate) fn normalize_name(name: &str) -> String {
    trimmed_name(name).to_ascii_lowercase()
}

/// A DNS name without surrounding blanks and trailing dots, case kept.
fn trimmed_name(name: &str) -> &str {
    name.trim().trim_end_matches('.')
}

/// A caller mistake in the verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum VerdictsError {
    /// A field is unknown, missing or malformed.
    #[error("invalid verdicts: {field}: {message}")]
    Invalid {
        /// The field's path, e.g. `dns[2].answer[0]`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
}

/// The SMTP envelope and the client as the receiving MTA saw it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Envelope {
    /// The connecting client's IP address.
    pub client_ip: Option<IpAddr>,
    /// The HELO/EHLO name the client gave.
    pub helo: Option<String>,
    /// The client's reverse-DNS name (forward-confirmed, as the MTA logs it).
    /// `None`, an empty string or `unknown` means the client has none.
    pub client_rdns: Option<String>,
    /// The MAIL FROM address; an empty string is the null sender `<>`.
    pub mail_from: Option<String>,
    /// The RCPT TO addresses.
    pub rcpt_to: Vec<String>,
    /// Whether the client authenticated (SMTP AUTH): it is then trusted, as
    /// SpamAssassin trusts a relay recorded with `ESMTPA`.
    pub authenticated: bool,
    /// When the message was received.
    pub now: Option<Timestamp>,
}

/// The client that handed the message to us, when it is external: not
/// authenticated and not on a private network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExternalClient<'a> {
    /// Its IP address.
    pub ip: IpAddr,
    /// Its reverse-DNS name; `None` when it has none.
    pub rdns: Option<&'a str>,
    /// Its HELO name.
    pub helo: Option<&'a str>,
}

impl Envelope {
    /// The client, when it is external (not authenticated, not a private
    /// address). In SMTP-time scoring our own Received field does not exist
    /// yet, so this client is the last external relay of SpamAssassin's
    /// terms (sa-semantics §2.8). An external client whose `rdns` is `None` is
    /// what RDNS_NONE means.
    ///
    /// ```
    /// use spamgauge::verdicts::Envelope;
    /// let envelope: Envelope = serde_json::from_str(r#"{"client_ip": "203.0.113.7"}"#)?;
    /// let client = envelope.external_client().unwrap();
    /// assert_eq!(client.rdns, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn external_client(&self) -> Option<ExternalClient<'_>> {
        self.external_client_within(&TrustBoundary::default())
    }

    /// The client, when it is outside our network as `boundary` draws it
    /// (see [`Envelope::external_client`]).
    #[must_use]
    pub fn external_client_within(&self, boundary: &TrustBoundary) -> Option<ExternalClient<'_>> {
        let (ip, standing) = self.client_standing(boundary)?;
        if standing.internal {
            return None;
        }
        let rdns = self
            .client_rdns
            .as_deref()
            .map(|name| name.trim().trim_end_matches('.'))
            .filter(|name| !name.is_empty() && !name.eq_ignore_ascii_case("unknown"));
        Some(ExternalClient {
            ip,
            rdns,
            helo: self.helo.as_deref(),
        })
    }

    /// The client's IP and where it stands with respect to `boundary`; `None`
    /// without a client.
    #[must_use]
    pub fn client_standing(&self, boundary: &TrustBoundary) -> Option<(IpAddr, Standing)> {
        let ip = self.client_ip?;
        Some((
            ip,
            boundary.standing(Some(ip), is_private(ip), self.authenticated),
        ))
    }

    /// The domain of MAIL FROM, lower-cased; `None` for the null sender.
    #[must_use]
    pub fn mail_from_domain(&self) -> Option<String> {
        self.mail_from.as_deref().and_then(address_domain)
    }
}

/// The domain of an address (after the last `@`), lower-cased, without
/// surrounding angle brackets; `None` when there is none.
pub(crate) fn address_domain(address: &str) -> Option<String> {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>');
    let (_, domain) = address.rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

/// SpamAssassin's `ip_private` (sa-semantics §2.8): IPv4 10/8, 127/8,
/// 169.254/16, 172.16/12, 192.168/16, 100.64/10 (also IPv4-mapped), IPv6
/// link-local and `::1`; the unspecified address is counted too, since it can
/// never be listed.
#[must_use]
pub fn is_private(ip: IpAddr) -> bool {
    fn v4(ip: Ipv4Addr) -> bool {
        let [a, b, ..] = ip.octets();
        a == 10
            || a == 127
            || a == 0
            || (a == 169 && b == 254)
            || (a == 172 && (16..32).contains(&b))
            || (a == 192 && b == 168)
            || (a == 100 && (64..128).contains(&b))
    }
    match ip {
        IpAddr::V4(ip) => v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(mapped) => v4(mapped),
            None => {
                ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xffc0) == 0xfe80
            }
        },
    }
}

/// SPF results (RFC 7208 §2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)] // the RFC's result names
pub enum SpfResult {
    Pass,
    Fail,
    Softfail,
    Neutral,
    None,
    Temperror,
    Permerror,
}

impl SpfResult {
    /// Reads a result keyword, case-insensitively; `hardfail` is read as `fail`
    /// (as SpamAssassin does for old Received-SPF fields).
    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_lowercase().as_str() {
            "pass" => Self::Pass,
            "fail" | "hardfail" => Self::Fail,
            "softfail" => Self::Softfail,
            "neutral" => Self::Neutral,
            "none" => Self::None,
            "temperror" => Self::Temperror,
            "permerror" => Self::Permerror,
            _ => return None,
        })
    }

    /// The RFC's name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Softfail => "softfail",
            Self::Neutral => "neutral",
            Self::None => "none",
            Self::Temperror => "temperror",
            Self::Permerror => "permerror",
        }
    }
}

/// DKIM verification results (RFC 8601 §2.7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)] // the RFC's result names
pub enum DkimResult {
    Pass,
    Fail,
    Neutral,
    Policy,
    Temperror,
    Permerror,
    None,
}

impl DkimResult {
    /// Reads a result keyword, case-insensitively.
    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_lowercase().as_str() {
            "pass" => Self::Pass,
            "fail" => Self::Fail,
            "neutral" => Self::Neutral,
            "policy" => Self::Policy,
            "temperror" => Self::Temperror,
            "permerror" => Self::Permerror,
            "none" => Self::None,
            _ => return None,
        })
    }
}

/// One DKIM signature and the result of verifying it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DkimSignature {
    /// The signing domain (`d=`).
    pub domain: String,
    /// The selector (`s=`).
    #[serde(default)]
    pub selector: Option<String>,
    /// The agent or user identifier (`i=`), when present.
    #[serde(default)]
    pub identity: Option<String>,
    /// The verification result.
    pub result: DkimResult,
    /// Size of the signing key in bits, when the verifier reports it. A key
    /// shorter than 1,024 bits never counts as an author signature; an unknown
    /// size is taken as sufficient (the verifier vouched for the signature).
    #[serde(default)]
    pub key_bits: Option<u32>,
}

impl DkimSignature {
    /// A signature with no selector, identity or key size.
    pub fn new(domain: impl Into<String>, result: DkimResult) -> Self {
        Self {
            domain: domain.into(),
            selector: None,
            identity: None,
            result,
            key_bits: None,
        }
    }

    /// The signing domain identifier SpamAssassin compares: the domain of `i=`
    /// when present, else `d=`, lower-cased.
    #[must_use]
    pub fn sdid(&self) -> String {
        self.identity
            .as_deref()
            .and_then(address_domain)
            .unwrap_or_else(|| normalize_name(&self.domain))
    }
}

/// DMARC results (RFC 7489 §11.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)] // the RFC's result names
pub enum DmarcResult {
    Pass,
    Fail,
    /// No DMARC record for the author domain.
    None,
    Temperror,
    Permerror,
}

impl DmarcResult {
    /// Reads a result keyword, case-insensitively.
    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_lowercase().as_str() {
            "pass" => Self::Pass,
            "fail" => Self::Fail,
            "none" => Self::None,
            "temperror" => Self::Temperror,
            "permerror" => Self::Permerror,
            _ => return None,
        })
    }
}

/// A published DMARC policy (`p=`, or `sp=` when it applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)] // the RFC's policy names
pub enum DmarcPolicy {
    None,
    Quarantine,
    Reject,
}

impl DmarcPolicy {
    /// Reads a policy keyword, case-insensitively.
    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_lowercase().as_str() {
            "none" => Self::None,
            "quarantine" => Self::Quarantine,
            "reject" => Self::Reject,
            _ => return None,
        })
    }
}

/// The DMARC evaluation of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Dmarc {
    /// The result.
    pub result: DmarcResult,
    /// The author domain's policy, when it has one.
    #[serde(default)]
    pub policy: Option<DmarcPolicy>,
}

impl Dmarc {
    /// A DMARC evaluation.
    #[must_use]
    pub const fn new(result: DmarcResult, policy: Option<DmarcPolicy>) -> Self {
        Self { result, policy }
    }
}

/// SPF, DKIM and DMARC results. `None` (or an absent field) means "not
/// checked".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct AuthResults {
    /// SPF for the MAIL FROM identity.
    pub spf: Option<SpfResult>,
    /// SPF for the HELO identity.
    pub spf_helo: Option<SpfResult>,
    /// Every DKIM signature found (an empty list: checked, none found).
    pub dkim: Option<Vec<DkimSignature>>,
    /// DMARC.
    pub dmarc: Option<Dmarc>,
}

impl AuthResults {
    /// Whether nothing was checked.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.spf.is_none() && self.spf_helo.is_none() && self.dkim.is_none() && self.dmarc.is_none()
    }

    /// Fills every result not checked here from `other`.
    pub fn fill_from(&mut self, other: AuthResults) {
        self.spf = self.spf.or(other.spf);
        self.spf_helo = self.spf_helo.or(other.spf_helo);
        if self.dkim.is_none() {
            self.dkim = other.dkim;
        }
        self.dmarc = self.dmarc.or(other.dmarc);
    }
}

/// A DNS record type the engine asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)] // the record type names
pub enum RecordType {
    A,
    #[serde(rename = "AAAA")]
    Aaaa,
    #[serde(rename = "TXT")]
    Txt,
    #[serde(rename = "MX")]
    Mx,
    #[serde(rename = "NS")]
    Ns,
}

impl RecordType {
    /// The type's name, as in zone files.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::Aaaa => "AAAA",
            Self::Txt => "TXT",
            Self::Mx => "MX",
            Self::Ns => "NS",
        }
    }

    fn check_record(self, record: &str) -> Result<(), String> {
        match self {
            Self::A => record
                .parse::<Ipv4Addr>()
                .map(drop)
                .map_err(|_| format!("{record:?} is not an IPv4 address")),
            Self::Aaaa => record
                .parse::<Ipv6Addr>()
                .map(drop)
                .map_err(|_| format!("{record:?} is not an IPv6 address")),
            Self::Txt => Ok(()),
            Self::Ns => {
                let host = normalize_name(record);
                (!host.is_empty() && !host.contains(char::is_whitespace))
                    .then_some(())
                    .ok_or_else(|| format!("{record:?} is not a name server (\"ns1.example.com\")"))
            }
            Self::Mx => mx_host(record)
                .map(drop)
                .ok_or_else(|| format!("{record:?} is not an MX record (\"10 mx.example.com\")")),
        }
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The exchange host of an MX record written `preference host` or `host`.
pub(crate) fn mx_host(record: &str) -> Option<&str> {
    let mut words = record.split_whitespace();
    let first = words.next()?;
    let host = match words.next() {
        Some(host) if first.parse::<u16>().is_ok() => host,
        Some(_) => return None,
        None => first,
    };
    words.next().is_none().then_some(host)
}

/// One answered question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DnsAnswer {
    /// The name asked about, as [`crate::Engine::lookups`] gave it.
    pub name: String,
    /// The record type asked about.
    #[serde(rename = "type")]
    pub rtype: RecordType,
    /// What the resolver answered.
    pub answer: Answer,
}

impl DnsAnswer {
    /// An answer.
    pub fn new(name: impl Into<String>, rtype: RecordType, answer: Answer) -> Self {
        Self {
            name: name.into(),
            rtype,
            answer,
        }
    }
}

/// What the resolver answered. In JSON: a list of records (`["127.0.0.2"]`,
/// `["10 mx.example.com"]`, `["v=spf1 -all"]`) or one of the strings
/// `NXDOMAIN`, `NODATA`, `TIMEOUT`, `SERVFAIL`, `REFUSED`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Answer {
    /// Records of the type asked (addresses as text, TXT strings, MX as
    /// `preference host`). An empty list is read as [`Answer::Nodata`].
    Records(Vec<String>),
    /// The name does not exist.
    Nxdomain,
    /// The name exists but has no record of that type.
    Nodata,
    /// No answer in time.
    Timeout,
    /// The server failed.
    Servfail,
    /// The server refused to answer (for a block list: the query is blocked).
    Refused,
}

impl Answer {
    /// The records, if any.
    #[must_use]
    pub fn records(&self) -> &[String] {
        match self {
            Answer::Records(records) => records,
            _ => &[],
        }
    }

    /// Whether the name is known not to have records of this type (NXDOMAIN or
    /// NODATA).
    #[must_use]
    pub fn is_negative(&self) -> bool {
        matches!(self, Answer::Nxdomain | Answer::Nodata)
    }

    /// Merges two answers to one question, independently of their order:
    /// records win (sorted, without duplicates), then NXDOMAIN, NODATA,
    /// REFUSED, SERVFAIL, TIMEOUT.
    #[must_use]
    pub fn merge(self, other: Answer) -> Answer {
        match (self, other) {
            (Answer::Records(mut a), Answer::Records(b)) => {
                a.extend(b);
                a.sort();
                a.dedup();
                Answer::Records(a)
            }
            (Answer::Records(mut a), _) | (_, Answer::Records(mut a)) => {
                a.sort();
                a.dedup();
                Answer::Records(a)
            }
            (a, b) => {
                if a.rank() <= b.rank() {
                    a
                } else {
                    b
                }
            }
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Answer::Records(_) => 0,
            Answer::Nxdomain => 1,
            Answer::Nodata => 2,
            Answer::Refused => 3,
            Answer::Servfail => 4,
            Answer::Timeout => 5,
        }
    }

    fn status_name(&self) -> Option<&'static str> {
        Some(match self {
            Answer::Records(_) => return None,
            Answer::Nxdomain => "NXDOMAIN",
            Answer::Nodata => "NODATA",
            Answer::Timeout => "TIMEOUT",
            Answer::Servfail => "SERVFAIL",
            Answer::Refused => "REFUSED",
        })
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status_name() {
            Some(name) => f.write_str(name),
            None => f.write_str(&self.records().join(", ")),
        }
    }
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.status_name() {
            Some(name) => serializer.serialize_str(name),
            None => self.records().serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswerVisitor;
        impl<'de> Visitor<'de> for AnswerVisitor {
            type Value = Answer;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a list of records or one of NXDOMAIN, NODATA, TIMEOUT, SERVFAIL, REFUSED",
                )
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Answer, E> {
                Ok(match value.to_ascii_uppercase().as_str() {
                    "NXDOMAIN" => Answer::Nxdomain,
                    "NODATA" => Answer::Nodata,
                    "TIMEOUT" => Answer::Timeout,
                    "SERVFAIL" => Answer::Servfail,
                    "REFUSED" => Answer::Refused,
                    _ => return Err(E::invalid_value(de::Unexpected::Str(value), &self)),
                })
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
                let mut records = Vec::new();
                while let Some(record) = seq.next_element::<String>()? {
                    records.push(record);
                }
                Ok(if records.is_empty() {
                    Answer::Nodata
                } else {
                    Answer::Records(records)
                })
            }
        }
        deserializer.deserialize_any(AnswerVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_complete_example() {
        let verdicts = Verdicts::from_json(include_str!("example.json")).expect("valid example");
        assert!(verdicts.is_network());
        let envelope = verdicts.envelope.as_ref().expect("envelope");
        assert_eq!(envelope.mail_from_domain().as_deref(), Some("example.com"));
        assert_eq!(
            verdicts.auth.dmarc.map(|d| d.result),
            Some(DmarcResult::Pass)
        );
        assert_eq!(
            verdicts.answer("7.113.0.203.ZEN.spamhaus.org.", RecordType::A),
            Some(Answer::Nxdomain)
        );
    }

    #[test]
    fn schema_example_is_the_tested_example() {
        let schema = include_str!("schema.md");
        let start = schema.find("```json").expect("json block") + "```json".len();
        let end = schema[start..].find("```").expect("end of block") + start;
        let documented: serde_json::Value =
            serde_json::from_str(&schema[start..end]).expect("json");
        let tested: serde_json::Value =
            serde_json::from_str(include_str!("example.json")).expect("json");
        assert_eq!(
            documented, tested,
            "keep schema.md and example.json in sync"
        );
    }

    #[test]
    fn unknown_and_malformed_fields_are_named() {
        let cases = [
            (r#"{"envelop": {}}"#, "envelop"),
            (
                r#"{"envelope": {"client_ip": "300.1.1.1"}}"#,
                "envelope.client_ip",
            ),
            (
                r#"{"envelope": {"authenticated": "yes"}}"#,
                "envelope.authenticated",
            ),
            (r#"{"auth": {"spf": "maybe"}}"#, "auth.spf"),
            (r#"{"auth": {"dkim": [{"domain": "x"}]}}"#, "auth.dkim[0]"),
            (
                r#"{"auth": {"dmarc": {"result": "pass", "p": "reject"}}}"#,
                "auth.dmarc",
            ),
            (
                r#"{"dns": [{"name": "x", "type": "SRV", "answer": []}]}"#,
                "dns[0].type",
            ),
            (
                r#"{"dns": [{"name": "x", "type": "A", "answer": "LOST"}]}"#,
                "dns[0].answer",
            ),
            (
                r#"{"dns": [{"name": "x", "type": "A", "answer": ["::1"]}]}"#,
                "dns[0].answer[0]",
            ),
            (
                r#"{"dns": [{"name": "x", "type": "MX", "answer": ["a b c"]}]}"#,
                "dns[0].answer[0]",
            ),
            (
                r#"{"dns": [{"name": "", "type": "A", "answer": []}]}"#,
                "dns[0].name",
            ),
            (r#"{} x"#, "."),
        ];
        for (json, field) in cases {
            match Verdicts::from_json(json) {
                Err(VerdictsError::Invalid { field: got, .. }) => {
                    assert!(
                        got.starts_with(field),
                        "{json}: named {got}, expected {field}"
                    );
                }
                Ok(_) => panic!("{json} was accepted"),
            }
        }
    }

    #[test]
    fn envelope_alone_is_not_network() {
        let verdicts =
            Verdicts::from_json(r#"{"envelope": {"client_ip": "192.0.2.1"}}"#).expect("valid");
        assert!(!verdicts.is_network());
        assert!(
            Verdicts::from_json(r#"{"auth": {"spf": "none"}}"#)
                .expect("valid")
                .is_network()
        );
    }

    #[test]
    fn answers_merge_whatever_their_order() {
        let a = Answer::Records(vec!["127.0.0.4".into(), "127.0.0.2".into()]);
        let b = Answer::Records(vec!["127.0.0.2".into()]);
        assert_eq!(a.clone().merge(b.clone()), b.clone().merge(a.clone()));
        assert_eq!(Answer::Timeout.merge(Answer::Nxdomain), Answer::Nxdomain);
        assert_eq!(Answer::Nxdomain.merge(Answer::Timeout), Answer::Nxdomain);
        assert_eq!(Answer::Refused.merge(b.clone()), b);
    }

    #[test]
    fn external_client_excludes_trusted_ones() {
        let mut envelope = Envelope {
            client_ip: Some("203.0.113.7".parse().expect("ip")),
            client_rdns: Some("unknown".into()),
            ..Envelope::default()
        };
        assert_eq!(envelope.external_client().and_then(|c| c.rdns), None);
        assert!(envelope.external_client().is_some());
        envelope.client_rdns = Some("mail.example.com.".into());
        assert_eq!(
            envelope.external_client().and_then(|c| c.rdns),
            Some("mail.example.com")
        );
        envelope.authenticated = true;
        assert!(envelope.external_client().is_none());
        envelope.authenticated = false;
        envelope.client_ip = Some("192.168.1.5".parse().expect("ip"));
        assert!(envelope.external_client().is_none());
    }

    #[test]
    fn private_addresses() {
        for ip in [
            "10.1.2.3",
            "127.0.0.1",
            "172.31.0.1",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "::ffff:192.168.0.1",
        ] {
            assert!(is_private(ip.parse().expect("ip")), "{ip}");
        }
        for ip in [
            "172.32.0.1",
            "100.128.0.1",
            "203.0.113.7",
            "2001:db8::1",
            "fc00::1",
        ] {
            assert!(!is_private(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn mx_records() {
        assert_eq!(mx_host("10 mx.example.com"), Some("mx.example.com"));
        assert_eq!(mx_host("mx.example.com"), Some("mx.example.com"));
        assert_eq!(mx_host("x mx.example.com"), None);
        assert_eq!(mx_host(""), None);
    }
}
