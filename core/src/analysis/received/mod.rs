//! The Received chain and the trust boundary (sa-semantics §2.8, §2.9).
//!
//! Each Received field is read into a [`Relay`]: the connecting client's IP,
//! the reverse DNS name and HELO name the receiving MTA recorded, the
//! receiving host, and so on. MTAs write these in many orders; the shapes
//! recognised here are those of Postfix, sendmail, Exim, qmail and qpsmtpd,
//! Microsoft Exchange (SMTPSVC and Exchange Server), Courier, CommuniGate,
//! Lotus Domino, webmail front ends and a generic fallback (the first `[IP]`).
//!
//! The walk from the newest hop down then decides trust the way SpamAssassin
//! does ([`TrustBoundary`]): without `trusted_networks`, a hop stays trusted
//! (and internal) while its client IP is private or the client authenticated;
//! with it, while the client is in the trusted networks or authenticated (and
//! internal while also in the internal networks). The first other hop ends
//! trust for itself and everything older.

use core::net::{Ipv4Addr, Ipv6Addr};
use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::analysis::address::first_field_address;
use crate::analysis::headers::Headers;
use crate::analysis::networks::TrustBoundary;

mod scan;
use scan::{by_host, contains_ignore_ascii_case, helo_eq, helo_word, queue_id};

/// One relay parsed from a Received field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Relay {
    /// The connecting client's IP address.
    pub ip: String,
    /// The reverse-DNS name the receiving MTA recorded (empty if none).
    pub rdns: String,
    /// The HELO name.
    pub helo: String,
    /// The receiving host.
    pub by: String,
    /// The client's ident (RFC 1413) user, when recorded.
    pub ident: String,
    /// Envelope sender, when the MTA recorded it (`Some("")` for a null one).
    pub envfrom: Option<String>,
    /// The receiving MTA's queue id.
    pub id: String,
    /// How the client authenticated (e.g. `ESMTPSA`), empty if it did not.
    pub auth: String,
    /// Whether the client IP is private (RFC 1918, loopback, link-local, CGN).
    pub ip_private: bool,
    /// Whether the client has no reverse DNS name for sure: the rDNS is
    /// empty and the receiving MTA's form is one that always looks it up
    /// (SpamAssassin's `no_reverse_dns`).
    pub no_reverse_dns: bool,
    /// Whether the hop is inside our network (the trust walk's verdict).
    pub internal: bool,
    /// Whether the hop is an MSA (always false without `msa_networks`).
    pub msa: bool,
}

impl Relay {
    /// The relay of a client the caller saw itself (SMTP-time scoring, no
    /// Received field of ours yet): external, cleaned as a parsed one.
    pub(crate) fn external_client(ip: &str, rdns: &str, helo: &str) -> Self {
        Self {
            ip: clean(ip),
            rdns: clean(rdns),
            helo: clean(helo),
            no_reverse_dns: rdns.is_empty(),
            ..Self::default()
        }
    }

    /// Whether the client authenticated.
    #[must_use]
    pub fn authenticated(&self) -> bool {
        !self.auth.is_empty()
    }
}

/// SpamAssassin's relay string:
/// `[ ip=… rdns=… helo=… by=… ident=… envfrom=… intl=0|1 id=… auth=… msa=0|1 ]`.
impl Relay {
    /// The pieces of SpamAssassin's relay string, in order. Joining the
    /// relay lists writes them straight into one `String`: the lists are
    /// built several times per message, and formatting costs several times
    /// as much.
    fn pieces(&self) -> [&str; 21] {
        let flag = |on: bool| if on { "1" } else { "0" };
        [
            "[ ip=",
            &self.ip,
            " rdns=",
            &self.rdns,
            " helo=",
            &self.helo,
            " by=",
            &self.by,
            " ident=",
            &self.ident,
            " envfrom=",
            self.envfrom.as_deref().unwrap_or(""),
            " intl=",
            flag(self.internal),
            " id=",
            &self.id,
            " auth=",
            &self.auth,
            " msa=",
            flag(self.msa),
            " ]",
        ]
    }
}

impl fmt::Display for Relay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pieces()
            .iter()
            .try_for_each(|piece| f.write_str(piece))
    }
}

/// Relays, newest first, split at the trust boundary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Relays {
    /// Trusted relays, newest first.
    pub trusted: Vec<Relay>,
    /// Untrusted relays, newest first.
    pub untrusted: Vec<Relay>,
    /// Internal relays (inside our network), newest first.
    pub internal: Vec<Relay>,
    /// External relays, newest first: the first is the host that handed the
    /// message to our network.
    pub external: Vec<Relay>,
    /// Received fields that could not be parsed.
    pub unparseable: usize,
    /// How many Received fields, from the top, were read before the first
    /// external relay (SpamAssassin's `last_internal_relay_index` + 1): the
    /// fields below them may have been written outside our network.
    pub internal_received: usize,
    /// The trust boundary these relays were judged by (the engine's
    /// `trusted_networks` and `internal_networks`). Not serialized: a
    /// deserialized `Relays` has the default boundary.
    #[serde(skip)]
    pub boundary: TrustBoundary,
}

/// What one Received line turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Parsed {
    /// A relay.
    Relay(Box<Relay>),
    /// A line that describes no network handover (local pickup, list
    /// expansion, …).
    Ignored,
    /// A mail fetcher's (POP3/IMAP) line: relays found so far are dropped
    /// while in the trusted part.
    Fetcher,
    /// Not understood.
    Unparseable,
}

/// Header fields whose IP is added as an oldest, synthetic hop.
const ORIGINATING_IP_HEADERS: [&str; 6] = [
    "X-Yahoo-Post-IP",
    "X-Originating-IP",
    "X-Apparently-From",
    "X-SenderIP",
    "X-AOL-IP",
    "X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp",
];

impl Relays {
    pub(crate) fn extract(headers: &Headers, boundary: &TrustBoundary) -> Self {
        let mut lines: Vec<Cow<'_, str>> = headers
            .all("Received")
            .map(|f| Cow::Borrowed(f.raw.as_str()))
            .collect();
        for name in ORIGINATING_IP_HEADERS {
            if let Some(ip) = headers.first(name).and_then(find_ip) {
                lines.push(Cow::Owned(format!("from X-Originating-IP: {ip}")));
            }
        }
        let mut relays = Self {
            boundary: boundary.clone(),
            ..Self::default()
        };
        let mut in_trusted = true;
        let mut in_internal = true;
        // Past an MSA, every older hop keeps the standing it had.
        let mut past_msa = false;
        let mut allow_fetcher_restart = true;
        for line in &lines {
            let parsed = parse_received(line);
            // A line that is no relay counts as ours while still inside.
            if in_internal && !matches!(parsed, Parsed::Relay(_)) {
                relays.internal_received += 1;
            }
            let mut relay = match parsed {
                Parsed::Relay(relay) => relay,
                Parsed::Unparseable => {
                    relays.unparseable += 1;
                    continue;
                }
                Parsed::Fetcher => {
                    if allow_fetcher_restart {
                        relays.trusted.clear();
                        relays.internal.clear();
                        relays.external.clear();
                    }
                    continue;
                }
                Parsed::Ignored => continue,
            };
            if in_trusted && !past_msa {
                let standing = boundary.standing(
                    relay.ip.parse().ok(),
                    relay.ip_private,
                    relay.authenticated(),
                );
                in_trusted = standing.trusted;
                in_internal &= standing.internal;
                relay.msa = standing.msa;
                past_msa = standing.msa;
            }
            relay.internal = in_internal;
            allow_fetcher_restart = in_trusted;
            if in_internal {
                relays.internal_received += 1;
                relays.internal.push((*relay).clone());
            } else {
                relays.external.push((*relay).clone());
            }
            if in_trusted {
                relays.trusted.push(*relay);
            } else {
                relays.untrusted.push(*relay);
            }
        }
        relays
    }

    /// The host that handed the message to our network: the newest external
    /// relay.
    #[must_use]
    pub fn last_external(&self) -> Option<&Relay> {
        self.external.first()
    }

    /// `X-Spam-Relays-External`: the external relays' strings, newest first.
    #[must_use]
    pub fn external_string(&self) -> String {
        join(&self.external)
    }

    /// `X-Spam-Relays-Trusted`.
    #[must_use]
    pub fn trusted_string(&self) -> String {
        join(&self.trusted)
    }

    /// `X-Spam-Relays-Untrusted`.
    #[must_use]
    pub fn untrusted_string(&self) -> String {
        join(&self.untrusted)
    }

    /// `X-Spam-Relays-Internal`.
    #[must_use]
    pub fn internal_string(&self) -> String {
        join(&self.internal)
    }

    /// SpamAssassin's EnvelopeFrom guess without `envelope_sender_header`
    /// (§2.9): the envelope sender recorded by the newest untrusted hop (or
    /// the oldest trusted one), else X-Envelope-From, Envelope-Sender or
    /// Return-Path — each only when no Received field comes above it. The
    /// result is the raw text (parse it as an address list); `Some("")` is a
    /// null sender.
    #[must_use]
    pub fn envelope_from(&self, headers: &Headers) -> Option<String> {
        let hop = self.untrusted.first().or_else(|| self.trusted.last());
        if let Some(envfrom) = hop.and_then(|relay| relay.envfrom.as_deref())
            && (envfrom.find('@').is_some_and(|at| at > 0) || envfrom.is_empty())
        {
            return Some(envfrom.to_owned());
        }
        let x_sender = first_field_address(headers, "X-Sender");
        if x_sender.is_some_and(|a| a.contains('@'))
            && headers
                .all("Received")
                .any(|field| field.raw.contains("(fetchmail"))
        {
            return None;
        }
        let below_received = |name: &str| {
            let first_received = headers
                .fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case("Received"));
            first_received.is_some_and(|first| {
                headers
                    .fields
                    .iter()
                    .skip(first)
                    .any(|f| f.name.eq_ignore_ascii_case(name))
            })
        };
        if let Some(envfrom) = first_field_address(headers, "X-Envelope-From") {
            return (!below_received("X-Envelope-From")).then_some(envfrom);
        }
        for name in ["Envelope-Sender", "Return-Path"] {
            if let Some(envfrom) = first_field_address(headers, name)
                && !below_received(name)
            {
                return Some(envfrom);
            }
        }
        None
    }
}

fn join(relays: &[Relay]) -> String {
    let mut joined = String::new();
    for (i, relay) in relays.iter().enumerate() {
        if i > 0 {
            joined.push(' ');
        }
        relay
            .pieces()
            .iter()
            .for_each(|piece| joined.push_str(piece));
    }
    joined
}

fn compile(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(pattern).expect("valid built-in Received pattern")
}

/// An IPv4 address, or something shaped like an IPv6 one (checked afterwards).
pub(crate) const IP: &str = r"(?:(?:IPv6:)?[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*[0-9A-Fa-f](?:%[A-Za-z0-9._~-]+)?|\b(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\b)";

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| compile(&$re));
    };
}

pattern!(STARTS_WITH_FROM, r"^(?i:\(?from )");
pattern!(LOCAL_FOR, r"\bwith local for\b");
// SpamAssassin's `from` clauses without an address that it skips as
// telling nothing: `name by host (…`/`with`/`via`/`for`, `name (unverified)
// by`, Content Technologies' `name (name) by host (Content Technologies`,
// Exim's local submissions and Lyris' LSMTP.
pattern!(
    NO_ADDRESS_SKIPPED,
    concat!(
        r"^\S+ by \S+ (?:with|via|for|\()|^\S+ (?:(?:with|via|for) \S+|\(unverified\)) by\b",
        r"|^\S+ \(\S+\) by \S+ \(Content Technologies |^\S+ \S+ by \S+ with local-e?smtp |\(LSMTP for"
    )
);
pattern!(NAME_BY_SEMICOLON, r"^(?i:from) (\S+) (?i:by) [^\s;]+ ?;");
pattern!(
    TRAILING_DATE,
    r"[\s;]+(?:(?:Mon|Tue|Thu|Wed|Fri|Sat|Sun), )?[0-9]+ (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]+ [0-9]+:[0-9]+(?::[0-9]+)? \S+$"
);
pattern!(
    AUTH_WITH,
    r"(?i) with ((?:ES|L|UTF8S|UTF8L)MTPS?A|ASMTP|HTTP[SU]?)(?: |;|$)"
);
pattern!(
    AUTH_COURIER,
    r"^from .*?(?:\]\)|\)\]) \(AUTH: (LOGIN|PLAIN|DIGEST-MD5|CRAM-MD5) \S+(?:, .*?)?\) by "
);
pattern!(
    AUTH_SENDMAIL,
    r"^from .*?(?:\](?: \([^)]*\))?\)|\)\]) .*?\(.*?authenticated.*?\).*? by"
);
pattern!(
    AUTH_POSTFIX,
    r"\) \(Authenticated sender: \S+\) by \S+ \(([^)]+)\) with "
);
pattern!(AUTH_VIA_HTTP, r"(?i) \(via (HTTP.?)\)(?: |;|$)");
pattern!(
    ENVFROM,
    r"(?i:return-path:? |envelope-(?:sender|from)[ =])(\S+)\b"
);
pattern!(ANY_IP, IP);
pattern!(BRACKET_IP, format!(r"\[({IP})\]"));
pattern!(RDNS_BRACKET, format!(r"^(?:IDENT:)?(\S+?) ?\[({IP})\]"));
pattern!(BRACKET_FIRST, format!(r"^ ?\[({IP})(?:[.:][0-9]+)?\](.*)$"));
pattern!(HELO_COMMENT, r"^(?:HELO|EHLO) ([^ ()]*)$");
pattern!(BARE_IP, format!(r"^(?:(\S*)@)?(\[)?({IP})\]?(?::[0-9]+)?$"));
// After a HELO comment, SpamAssassin also reads the address with text after
// it: Yahoo's `(user@ip with login)`.
pattern!(IP_WITH_MORE, format!(r"^(?:(\S+)@)?(\[)?({IP})\b"));
pattern!(NAME_IP, format!(r"^\[?({IP})\]?(?:[.:][0-9]+)?$"));
pattern!(POP_IMAP, r"with (?:POP3|IMAP)");
pattern!(LOCAL_SUBMISSION, r"^\S+@localhost\) by \S+ ");
pattern!(
    JQUEUEMAIL,
    r"^[^\s@]+@[^)]+\) by \S+\(jqueuemail\) id [^\s;]+"
);
pattern!(
    NAVGW,
    format!(r"^(\S*) \[({IP})\]\) by \S+ \(NAVGW .*?\) with ")
);
pattern!(X_ORIGINATING, format!(r"^X-Originating-IP: ({IP})$"));
pattern!(BY_PAREN, r" by \S+ \(");
// qmail's own form (up to its `with `), for which only a name other than
// `unknown` says the rDNS was looked up.
pattern!(
    QMAIL,
    format!(
        r"^\S+(?: \((?:HELO|EHLO) \S*\))? \((?:\S+@)?\[?{IP}\]?\)(?: \(envelope-sender <\S+>\))? by \S+(?: \(.+\))* with "
    )
);

/// A piece of the text between `from` and `by`.
#[derive(Debug)]
enum Item<'a> {
    Comment(&'a str),
    Bracket(&'a str),
    Word(&'a str),
}

/// Reads a line written `(from …) by …`, given what follows `(from `: a
/// local submission (`(from user@localhost) by host`, sendmail's command
/// line) or a jqueuemail hand-over describes no network hop and is ignored;
/// Norton AntiVirus Gateway's `(from helo [ip]) by host (NAVGW …) with` names
/// the client. Anything else is left to the generic reading.
fn parenthesised_from(rest: &str) -> Result<Found, Parsed> {
    if LOCAL_SUBMISSION.is_match(rest) || JQUEUEMAIL.is_match(rest) {
        return Err(Parsed::Ignored);
    }
    Ok(NAVGW
        .captures(rest)
        .map(|caps| Found {
            helo: caps[1].to_owned(),
            ip: caps[2].to_owned(),
            ..Found::default()
        })
        .unwrap_or_default())
}

/// Splits `from`'s text (up to the first ` by ` outside parentheses) into its
/// first word and the comments, brackets and words after it.
fn from_clause(rest: &str) -> (&str, Vec<Item<'_>>) {
    let bytes = rest.as_bytes();
    let name_end = bytes
        .iter()
        .position(|&b| b == b' ' || b == b'(')
        .unwrap_or(bytes.len());
    let name = rest.get(..name_end).unwrap_or_default();
    let mut items = Vec::new();
    let mut i = name_end;
    while i < bytes.len() && items.len() < 16 {
        match bytes.get(i) {
            Some(b' ') => {
                if rest.get(i..).is_some_and(|r| r.starts_with(" by ")) {
                    break;
                }
                i += 1;
            }
            Some(b'(') => {
                let mut depth = 0usize;
                let start = i + 1;
                let mut end = bytes.len();
                for (j, &b) in bytes.iter().enumerate().skip(i) {
                    if b == b'(' {
                        depth += 1;
                    } else if b == b')' {
                        depth -= 1;
                        if depth == 0 {
                            end = j;
                            break;
                        }
                    }
                }
                items.push(Item::Comment(rest.get(start..end).unwrap_or_default()));
                i = end + 1;
            }
            Some(b'[') => {
                let end = bytes
                    .iter()
                    .skip(i)
                    .position(|&b| b == b']')
                    .map_or(bytes.len(), |p| i + p);
                items.push(Item::Bracket(rest.get(i + 1..end).unwrap_or_default()));
                i = end + 1;
            }
            Some(_) => {
                let end = bytes
                    .iter()
                    .skip(i)
                    .position(|&b| b == b' ' || b == b'(')
                    .map_or(bytes.len(), |p| i + p);
                items.push(Item::Word(rest.get(i..end).unwrap_or_default()));
                i = end;
            }
            None => break,
        }
    }
    (name, items)
}

fn capture<'t>(re: &Regex, text: &'t str, group: usize) -> Option<&'t str> {
    re.captures(text)
        .and_then(|caps| caps.get(group))
        .map(|m| m.as_str())
}

/// The first valid IP address in `text`.
fn find_ip(text: &str) -> Option<String> {
    ANY_IP
        .find_iter(text)
        .map(|m| m.as_str())
        .find(|candidate| normalise_ip(candidate).is_some())
        .map(str::to_owned)
}

/// `IPv6:` prefix, zone and IPv4-mapped form removed; `None` if not an IP.
fn normalise_ip(text: &str) -> Option<String> {
    let text = text.trim_start_matches('[').trim_end_matches(']');
    let text = text
        .strip_prefix("IPv6:")
        .or_else(|| text.strip_prefix("ipv6:"))
        .unwrap_or(text);
    let text = text.split('%').next().unwrap_or(text);
    if let Ok(v4) = text.parse::<Ipv4Addr>() {
        return Some(v4.to_string());
    }
    let v6 = text.parse::<Ipv6Addr>().ok()?;
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4.to_string());
    }
    Some(text.to_ascii_lowercase())
}

/// SpamAssassin's private ranges (§2.8): not the IPv6 unique-local block.
pub(crate) fn is_private(ip: &str) -> bool {
    if let Ok(v4) = ip.parse::<Ipv4Addr>() {
        let [a, b, ..] = v4.octets();
        return a == 10
            || a == 127
            || (a == 169 && b == 254)
            || (a == 172 && (16..=31).contains(&b))
            || (a == 192 && b == 168)
            || (a == 100 && (64..=127).contains(&b));
    }
    ip.parse::<Ipv6Addr>()
        .is_ok_and(|v6| v6.is_loopback() || (v6.segments()[0] & 0xffc0) == 0xfe80)
}

/// What the MTA-specific reading found.
#[derive(Default)]
struct Found {
    ip: String,
    rdns: String,
    helo: String,
    ident: String,
    /// Whether this MTA's form is one that always records the client's
    /// reverse DNS name, so that an empty one means there is none.
    looked_up: bool,
}

/// `rdns` as written, or empty for the placeholders MTAs use when there is
/// none.
fn real_rdns(rdns: &str) -> String {
    let rdns = rdns.trim_end_matches('.');
    if rdns.eq_ignore_ascii_case("unknown")
        || rdns.starts_with('[')
        || rdns.starts_with('<')
        || rdns == "softdnserr"
    {
        String::new()
    } else {
        rdns.to_owned()
    }
}

/// Splits `ident@host` as sendmail writes it.
fn split_ident(rdns: &str) -> (String, String) {
    let rdns = rdns.strip_prefix("IDENT:").unwrap_or(rdns);
    match rdns.rsplit_once('@') {
        Some((ident, host)) => (ident.to_owned(), host.to_owned()),
        None => (String::new(), rdns.to_owned()),
    }
}

/// Reads the client from the `from` part, or says the line is a fetcher's or
/// a local handover.
fn read_client(line: &str, rest: &str) -> Result<Option<Found>, Parsed> {
    if rest.starts_with("X-Originating-IP: ")
        && let Some(ip) = capture(&X_ORIGINATING, rest, 1)
    {
        return Ok(Some(Found {
            ip: ip.to_owned(),
            ..Found::default()
        }));
    }
    let (name, items) = from_clause(rest);
    // `name(…)` with no blank before the parenthesis: SpamAssassin's shapes
    // all want `name (…)`, except `name(ip)` (smap and kin), which records
    // the name as the rDNS and no HELO. Anything else glued on, such as
    // `name([ip])`, is left to the generic reading.
    if !name.is_empty() && rest.as_bytes().get(name.len()) == Some(&b'(') {
        return Ok(glued_client(name, items.first()));
    }
    let exim = line.contains("Exim");
    let helo_eq = |sub: &str| helo_eq(sub).map(str::to_owned);
    let ident_eq = |sub: &str| {
        sub.split_once("ident=")
            .map(|(_, after)| after.split(' ').next().unwrap_or("").to_owned())
    };
    let comments: Vec<&str> = items
        .iter()
        .filter_map(|item| match item {
            Item::Comment(text) => Some(*text),
            _ => None,
        })
        .collect();

    // `helo (rdns [ip])`: Postfix, sendmail, Exchange 5.5, attbi, …
    // Each pattern is tried only on the comments that hold its `[`.
    for comment in comments.iter().filter(|c| c.contains('[')) {
        if let Some((rdns, ip)) = rdns_bracket(comment) {
            if rdns == "unverified" {
                return Ok(Some(Found {
                    ip: ip.to_owned(),
                    helo: name.to_owned(),
                    ..Found::default()
                }));
            }
            // Courier writes this placeholder when its lookup failed.
            let looked_up = rdns != "softdnserr";
            let (ident, rdns) = split_ident(rdns);
            return Ok(Some(Found {
                ip: ip.to_owned(),
                rdns: real_rdns(&rdns),
                helo: name.to_owned(),
                ident,
                looked_up,
            }));
        }
    }
    // `name ([ip] …)`: Exim puts the rDNS first; sendmail, Exchange, Domino
    // and most others put the HELO name there.
    for comment in comments
        .iter()
        .filter(|c| c.starts_with('[') || c.starts_with(" ["))
    {
        if let Some(caps) = BRACKET_FIRST.captures(comment) {
            let ip = caps.get(1).map_or("", |m| m.as_str()).to_owned();
            let sub = caps.get(2).map_or("", |m| m.as_str());
            let name_is_rdns = exim || sub.contains("helo=") || sub.trim() == "verified";
            let helo = helo_eq(sub).unwrap_or_else(|| name.to_owned());
            let ident = ident_eq(sub).unwrap_or_default();
            let rdns = if name_is_rdns && NAME_IP.captures(name).is_none() {
                real_rdns(name)
            } else {
                String::new()
            };
            let looked_up = !exim && bracket_only_looks_up(line, name, sub);
            // qmail-ldap writes the address in brackets: the name is then
            // the rDNS (or `unknown`), as in qmail's other forms below.
            if looked_up && sub.trim().is_empty() && qmail_form(rest) {
                return Ok(Some(Found {
                    ip,
                    rdns: real_rdns(name),
                    helo: name.to_owned(),
                    ident,
                    looked_up: name != "unknown",
                }));
            }
            return Ok(Some(Found {
                ip,
                rdns,
                helo,
                ident,
                looked_up,
            }));
        }
    }
    // qmail and qpsmtpd: `rdns (HELO helo) (ident@ip)`, or `rdns (ip)`.
    let helo_comment = comments
        .iter()
        .find_map(|comment| capture(&HELO_COMMENT, comment, 1));
    let ip_item = items.iter().find_map(|item| match item {
        Item::Comment(text) => BARE_IP
            .captures(text)
            .or_else(|| helo_comment.and_then(|_| IP_WITH_MORE.captures(text)))
            .map(|caps| (caps, false)),
        Item::Bracket(text) if helo_comment.is_some() => {
            BARE_IP.captures(text).map(|caps| (caps, true))
        }
        _ => None,
    });
    if let Some((caps, in_brackets)) = ip_item {
        let ident = caps.get(1).map_or("", |m| m.as_str()).to_owned();
        let bracketed = in_brackets || caps.get(2).is_some();
        let ip = caps.get(3).map_or("", |m| m.as_str()).to_owned();
        let looked_up = !qmail_form(rest) || name != "unknown";
        if let Some(helo) = helo_comment {
            return Ok(Some(Found {
                ip,
                rdns: real_rdns(name),
                helo: helo.to_owned(),
                ident,
                looked_up,
            }));
        }
        let microsoft =
            line.contains(" with Microsoft SMTP Server") || line.contains(" with mapi id ");
        let sendmail_ident = bracketed && !ident.is_empty() && BY_PAREN.is_match(line);
        if microsoft || sendmail_ident || NAME_IP.is_match(name) {
            return Ok(Some(Found {
                ip,
                helo: name.to_owned(),
                ident,
                ..Found::default()
            }));
        }
        return Ok(Some(Found {
            ip,
            rdns: real_rdns(name),
            helo: name.to_owned(),
            ident,
            looked_up,
        }));
    }
    if POP_IMAP.is_match(line) {
        return Err(Parsed::Fetcher);
    }
    // `name [ip] by`: Exim without a HELO check, MDaemon.
    if let Some(Item::Bracket(text)) = items.first()
        && let Some(ip) = capture(&NAME_IP, text, 1)
    {
        return Ok(Some(Found {
            ip: ip.to_owned(),
            rdns: if exim { real_rdns(name) } else { String::new() },
            helo: name.to_owned(),
            ..Found::default()
        }));
    }
    // `[ip] (helo=…)`, `ip by`, `[ip] by`: the client's address as its name.
    if let Some(ip) = capture(&NAME_IP, name, 1) {
        let helo = comments
            .iter()
            .find_map(|c| helo_eq(c).or_else(|| helo_word(c).map(str::to_owned)))
            .unwrap_or_default();
        return Ok(Some(Found {
            ip: ip.to_owned(),
            helo,
            ..Found::default()
        }));
    }
    // No address in the `from` part: a local handover when it names no host
    // we could check.
    let clause_has_ip = items.iter().any(|item| match item {
        Item::Comment(text) | Item::Bracket(text) | Item::Word(text) => find_ip(text).is_some(),
    });
    if !clause_has_ip {
        // SpamAssassin's forms for these all name the receiving host.
        let local = items.is_empty()
            || line.contains(" by ")
                && (name.contains('@')
                    || matches!(items.first(), Some(Item::Word("with" | "via" | "for"))))
            || comments.iter().any(|c| {
                let lower = c.to_ascii_lowercase();
                lower.contains("localhost") || lower.contains('@') || lower == "unknown"
            })
            || NO_ADDRESS_SKIPPED.is_match(rest);
        if local {
            return Err(Parsed::Ignored);
        }
    }
    Ok(None)
}

/// The name and address of `rdns [ip]` ([`RDNS_BRACKET`]'s two groups),
/// read from where the match ends: the groups' capture would run a second,
/// slower engine. The match is anchored and ends with the `]` after the
/// address, whose `[` is the last one before it (an address holds none);
/// a blank before the `[` is the optional one; the name starts after
/// `IDENT:` when that prefix leaves it non-empty (the prefix is tried
/// first).
fn rdns_bracket(comment: &str) -> Option<(&str, &str)> {
    let text = comment.get(..RDNS_BRACKET.find(comment)?.end())?;
    let close = text.len().checked_sub(1)?;
    let open = text.get(..close)?.rfind('[')?;
    let ip = text.get(open + 1..close)?;
    let before = text.get(..open)?;
    let name = before.strip_suffix(' ').unwrap_or(before);
    let name = match name.strip_prefix("IDENT:") {
        Some(rest) if !rest.is_empty() => rest,
        _ => name,
    };
    Some((name, ip))
}

/// Whether a `name ([ip]…)` line is one of the forms whose MTA looks the
/// client's name up: only the bare `([ip])` or `([ip:port])` comment (or
/// CommuniGate's `([ip] verified)`), and not from Microsoft's SMTP services,
/// Lotus Domino, ecelerity or a webmail front end naming the client by its IP.
fn bracket_only_looks_up(line: &str, name: &str, after_ip: &str) -> bool {
    let microsoft = line.contains(" SMTPSVC")
        || line.contains(" with Microsoft SMTP Server")
        || line.contains(" with mapi id ");
    let webmail = line.contains(" with HTTP") && NAME_IP.is_match(name);
    let bare = match after_ip.trim() {
        "" => true,
        "verified" => line.contains(" (CommuniGate Pro"),
        _ => false,
    };
    bare && !microsoft
        && !webmail
        && !line.contains(" (Lotus Domino ")
        && !line.contains("(ecelerity")
}

/// Whether the text after `from` has qmail's own shape: `name (HELO …)
/// (ident@ip) by host … with … SMTP` (or QMQP), the protocol not followed
/// by ` id `, which would mark a sendmail line. For qmail only a name other
/// than `unknown` says the rDNS was looked up.
fn qmail_form(rest: &str) -> bool {
    let Some(with) = QMAIL.find(rest) else {
        return false;
    };
    let tail = rest.get(with.end()..).unwrap_or_default();
    ["SMTP", "QMQP"]
        .iter()
        .flat_map(|protocol| tail.match_indices(protocol))
        .filter(|(at, _)| *at == 0 || tail.get(..*at).is_some_and(|b| b.ends_with(' ')))
        .any(|(at, protocol)| {
            !tail
                .get(at + protocol.len()..)
                .is_some_and(|after| after.starts_with(" id "))
        })
}

/// The client of `name(ip) …`: the name is the rDNS, the HELO is unknown.
/// `None` for other text glued to the name.
fn glued_client(name: &str, first: Option<&Item<'_>>) -> Option<Found> {
    let Some(Item::Comment(text)) = first else {
        return None;
    };
    normalise_ip(text)
        .filter(|_| ANY_IP.find(text).is_some_and(|m| m.as_str() == *text))
        .map(|_| Found {
            ip: (*text).to_owned(),
            rdns: real_rdns(name),
            ..Found::default()
        })
}

/// SpamAssassin's last-resort HELO: the leading run of non-blank characters,
/// as long as it can be while a character other than a letter, digit, `-` or
/// `.` follows it.
fn guessed_helo(rest: &str) -> &str {
    let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if token_end < rest.len() {
        return rest.get(..token_end).unwrap_or_default();
    }
    let hostname_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    rest.char_indices()
        .rev()
        .find(|&(at, c)| at > 0 && !hostname_char(c))
        .and_then(|(at, _)| rest.get(..at))
        .unwrap_or_default()
}

/// Reads one Received field (raw value).
fn parse_received(raw: &str) -> Parsed {
    // Blanks folded to one space, written straight into one `String`.
    let mut line = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    while line.ends_with(';') {
        line.pop();
        if line.ends_with(' ') {
            line.pop();
        }
    }
    if !STARTS_WITH_FROM.is_match(&line)
        || LOCAL_FOR.is_match(&line)
        || line.starts_with("from mail pickup service by ")
    {
        return Parsed::Ignored;
    }
    // The pattern ends in `;`, and most lines hold none once the trailing
    // ones are gone: the search is skipped for them.
    if line.contains(';')
        && let Some(name) = capture(&NAME_BY_SEMICOLON, &line, 1)
    {
        let literal = name.starts_with('[')
            && name.ends_with(']')
            && name
                .get(1..name.len() - 1)
                .is_some_and(|inner| inner.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
        if !literal {
            return Parsed::Ignored;
        }
    }
    if let Some(found) = TRAILING_DATE.find(&line) {
        line.truncate(found.start());
    }
    let line = if line.contains(")by ") {
        line.replace(")by ", ") by ")
    } else {
        line
    };

    let id = queue_id(&line).unwrap_or_default().to_owned();
    let helo_anywhere = helo_eq(&line)
        .or_else(|| helo_word(&line))
        .unwrap_or_default()
        .to_owned();
    let by = by_host(&line)
        .unwrap_or_default()
        .trim_end_matches(';')
        .to_owned();
    let auth = authentication(&line);

    let Some(rest) = line.strip_prefix("from ") else {
        // `FROM …` (all capitals) and `(from …)`: the parenthesised forms
        // SpamAssassin knows, else only the generic reading.
        let found = match line.strip_prefix("(from ").map(parenthesised_from) {
            Some(Err(parsed)) => return parsed,
            Some(Ok(found)) => found,
            None => Found::default(),
        };
        return finish(&line, found, id, by, auth, None, helo_anywhere);
    };
    // The pattern's words (case-blind, with no letter whose case folds
    // outside ASCII) are looked for first: few fields hold them.
    let envfrom = (contains_ignore_ascii_case(rest, "return-path", '-')
        || contains_ignore_ascii_case(rest, "envelope-", '-'))
    .then(|| capture(&ENVFROM, rest, 1).map(str::to_owned))
    .flatten();
    let found = match read_client(&line, rest) {
        Ok(found) => found.unwrap_or_default(),
        Err(parsed) => return parsed,
    };
    let helo = if found.ip.is_empty() && helo_anywhere.is_empty() {
        guessed_helo(rest).to_owned()
    } else {
        helo_anywhere
    };
    finish(&line, found, id, by, auth, envfrom, helo)
}

/// SpamAssassin's clean-up of relay fields: blanks and the characters that
/// would break the relay string become `!`.
fn clean(text: &str) -> String {
    let replaced = |b: &u8| {
        b.is_ascii_whitespace()
            || matches!(
                b,
                b'\0' | b'#' | b'[' | b']' | b'(' | b')' | b'<' | b'>' | b'|'
            )
    };
    if !text.as_bytes().iter().any(replaced) {
        return text.to_owned();
    }
    // Only ASCII bytes are replaced, by an ASCII byte: the text stays UTF-8.
    text.chars()
        .map(|c| {
            if c.is_ascii() && replaced(&(c as u8)) {
                '!'
            } else {
                c
            }
        })
        .collect()
}

/// Applies the generic fallback and SpamAssassin's clean-ups.
fn finish(
    line: &str,
    mut found: Found,
    id: String,
    by: String,
    auth: String,
    envfrom: Option<String>,
    helo_anywhere: String,
) -> Parsed {
    if found.ip.is_empty() {
        let Some(ip) = BRACKET_IP
            .captures_iter(line)
            .filter_map(|caps| caps.get(1))
            .map(|m| m.as_str())
            .find(|ip| normalise_ip(ip).is_some())
        else {
            return Parsed::Unparseable;
        };
        if by.is_empty() {
            return Parsed::Unparseable;
        }
        found.ip = ip.to_owned();
    }
    if found.helo.is_empty() {
        found.helo = helo_anywhere;
    }
    let Some(ip) = normalise_ip(&found.ip) else {
        return Parsed::Unparseable;
    };
    let envfrom = envfrom.map(|e| {
        let e = e.trim().trim_start_matches('<').trim_end_matches('>');
        clean(e)
    });
    let ip_private = is_private(&ip);
    let rdns = real_rdns(&found.rdns);
    Parsed::Relay(Box::new(Relay {
        ip: clean(&ip),
        no_reverse_dns: rdns.is_empty() && found.looked_up,
        rdns: clean(&rdns),
        helo: clean(&found.helo),
        by: clean(&by),
        ident: clean(&found.ident),
        envfrom,
        id,
        auth,
        ip_private,
        internal: false,
        msa: false,
    }))
}

/// The authentication the receiving MTA recorded, if any.
fn authentication(line: &str) -> String {
    if line.contains(" by ")
        && let Some(method) = capture(&AUTH_WITH, line, 1)
    {
        return method.to_owned();
    }
    // Each pattern below is tried only when its literal words are there.
    if line.contains(" (AUTH: ")
        && let Some(method) = capture(&AUTH_COURIER, line, 1)
    {
        return method.to_owned();
    }
    if line.contains("authenticated") && AUTH_SENDMAIL.is_match(line) {
        return "Sendmail".to_owned();
    }
    if line.contains(") (Authenticated sender: ")
        && let Some(name) = capture(&AUTH_POSTFIX, line, 1)
    {
        return if name == "Postfix" {
            name.to_owned()
        } else {
            format!("Postfix ({name})")
        };
    }
    if line.contains(" (account ")
        && ["HTTP", "SMTP", "XIMSS", "IMAP"]
            .iter()
            .any(|p| line.contains(&format!("CommuniGate Pro {p}")))
    {
        return "Communigate".to_owned();
    }
    if line.contains(" with Microsoft Exchange Server HTTP-DAV") {
        return "HTTP-DAV".to_owned();
    }
    if line.contains(" by ")
        && contains_ignore_ascii_case(line, " (via http", '(')
        && let Some(method) = capture(&AUTH_VIA_HTTP, line, 1)
    {
        return method.to_owned();
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::headers::HeaderField;

    fn relay(line: &str) -> Relay {
        match parse_received(line) {
            Parsed::Relay(relay) => *relay,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn headers(fields: &[(&str, &str)]) -> Headers {
        Headers {
            fields: fields
                .iter()
                .map(|(name, value)| HeaderField::plain(name, value))
                .collect(),
        }
    }

    #[test]
    fn rdns_bracket_reads_the_regex_groups() {
        let fixed = [
            "mail.example.com [203.0.113.7]",
            "IDENT:qmailr@one.example.com [64.81.84.115]",
            "IDENT:[1.2.3.4]",
            "IDENT: [1.2.3.4]",
            "a[x][1.2.3.4] (may be forged)",
            "unknown [IPv6:2001:db8::7]",
            "h  [1.2.3.4]",
            "[1.2.3.4]",
        ];
        let pieces = [
            "IDENT:", "a", "é", " ", "  ", "[", "]", "1.2.3.4", "::1", "IPv6:", ":", "x]",
        ];
        let mut next = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d_u64);
        let mut comments: Vec<String> = fixed.iter().map(|&c| c.to_owned()).collect();
        let ips = [
            "1.2.3.4",
            "::1",
            "IPv6:2001:db8::7",
            "1.2.3",
            "256.1.1.1",
            "fe80::1%eth0",
        ];
        for _ in 0..20_000 {
            let mut piece = |count: u64| -> String {
                (0..next() % count)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect()
            };
            let (head, tail) = (piece(4), piece(3));
            // Half the comments have the `name [ip]` shape around the noise.
            let ip = ips[(next() % ips.len() as u64) as usize];
            comments.push(if next().is_multiple_of(2) {
                format!("{head} [{ip}]{tail}")
            } else {
                format!("{head}{tail}")
            });
        }
        let mut matched = 0;
        for comment in &comments {
            let by_regex = RDNS_BRACKET
                .captures(comment)
                .map(|caps| (caps.get(1).unwrap().as_str(), caps.get(2).unwrap().as_str()));
            matched += usize::from(by_regex.is_some());
            assert_eq!(rdns_bracket(comment), by_regex, "{comment:?}");
        }
        assert!(matched > 1_000, "{matched}");
    }

    #[test]
    fn postfix_with_and_without_rdns() {
        let r = relay(
            "from mail.example.com (mail.example.com [203.0.113.7])\n\tby mx.example.net (Postfix) with ESMTP id 4B2C81E0;\n\tMon, 2 Jan 2006 15:04:05 +0100 (CET)",
        );
        assert_eq!(
            (
                r.ip.as_str(),
                r.rdns.as_str(),
                r.helo.as_str(),
                r.by.as_str()
            ),
            (
                "203.0.113.7",
                "mail.example.com",
                "mail.example.com",
                "mx.example.net"
            )
        );
        assert_eq!(r.id, "4B2C81E0");
        let r = relay(
            "from helo (unknown [203.0.113.7]) by mx.example.net (Postfix) with SMTP id X1Y2Z3",
        );
        assert_eq!((r.rdns.as_str(), r.helo.as_str()), ("", "helo"));
        let r = relay(
            "from pc (unknown [IPv6:2001:db8::7]) by mx.example.net (Postfix) with ESMTPSA id ABC",
        );
        assert_eq!((r.ip.as_str(), r.auth.as_str()), ("2001:db8::7", "ESMTPSA"));
        let r = relay(
            "from pc (host.example.org [192.0.2.9]) (Authenticated sender: bob) by mx.example.net (Postfix) with ESMTP id ABC",
        );
        assert_eq!(r.auth, "Postfix");
    }

    #[test]
    fn sendmail_forms() {
        let r = relay(
            "from mail1.example.com (host66.example.com [65.217.159.66] (may be forged)) by dogma.example.org (8.11.6/8.11.6) with ESMTP id h2F0c2x31856 for <jm@example.org>; Sat, 15 Mar 2003 00:38:03 GMT",
        );
        assert_eq!(
            (r.rdns.as_str(), r.helo.as_str()),
            ("host66.example.com", "mail1.example.com")
        );
        let r = relay(
            "from ran-out.example.com (IDENT:qmailr@one.example.com [64.81.84.115]) by dogma.example.org (8.11.6/8.11.6) with SMTP id h381Vvf19860",
        );
        assert_eq!(
            (r.rdns.as_str(), r.ident.as_str()),
            ("one.example.com", "qmailr")
        );
        let r = relay(
            "from mail.sxptt.zj.cn ([218.0.185.24]) by dogma.example.org (8.11.6/8.11.6) with ESMTP id h2FH0Zx11330",
        );
        assert_eq!(
            (r.ip.as_str(), r.rdns.as_str(), r.helo.as_str()),
            ("218.0.185.24", "", "mail.sxptt.zj.cn")
        );
        let r = relay(
            "from gandalf ([4.37.75.131]) (authenticated bits=0) by herald.example.edu (8.12.5/8.12.5) with ESMTP id g9JLefrm028228",
        );
        assert_eq!(r.auth, "Sendmail");
    }

    #[test]
    fn exim_forms() {
        let r = relay(
            "from dsl092.example.net ([66.92.72.213] helo=blazing.example.org) by list1.example.net with esmtp (Exim 3.31-VA-mm2 #1 (Debian)) id 18lyuU-0007TI-00",
        );
        assert_eq!(
            (r.ip.as_str(), r.rdns.as_str(), r.helo.as_str()),
            ("66.92.72.213", "dsl092.example.net", "blazing.example.org")
        );
        let r = relay(
            "from [61.174.163.26] (helo=host) by list1.example.net with smtp (Exim 3.31-VA-mm2 #1 (Debian)) id 18t2z0-0001NX-00",
        );
        assert_eq!(
            (r.ip.as_str(), r.rdns.as_str(), r.helo.as_str()),
            ("61.174.163.26", "", "host")
        );
        let r = relay(
            "from mail.example.pe ([216.244.149.154]) by yzordderrex with esmtp (Exim 3.35 #1 (Debian)) id 18tqiz-000702-00",
        );
        assert_eq!(
            (r.rdns.as_str(), r.helo.as_str()),
            ("mail.example.pe", "mail.example.pe")
        );
    }

    #[test]
    fn exim_local_is_ignored() {
        assert_eq!(
            parse_received(
                "from www-data by www.example.de (Exim 4.50) with local for <a@example.org> id 1GFbZc-0006QV-L8"
            ),
            Parsed::Ignored
        );
        assert_eq!(
            parse_received(
                "from andrew by trinity.example.net with local (Exim 4.12) id 18xeL6-000Dn1-00"
            ),
            Parsed::Ignored
        );
    }

    #[test]
    fn qmail_forms() {
        let r = relay(
            "from unknown (HELO terpsichore.example.com) (jdavid@216.254.40.70) by mail13.example.net with SMTP; 12 Feb 2003 18:23:19 -0000",
        );
        assert_eq!(
            (
                r.ip.as_str(),
                r.rdns.as_str(),
                r.helo.as_str(),
                r.ident.as_str()
            ),
            ("216.254.40.70", "", "terpsichore.example.com", "jdavid")
        );
        let r = relay(
            "from postfix3-2.example.fr (213.228.0.169) by totor.example.net with SMTP; 14 Nov 2003 08:05:50 -0000",
        );
        assert_eq!(
            (r.rdns.as_str(), r.helo.as_str()),
            ("postfix3-2.example.fr", "postfix3-2.example.fr")
        );
        assert_eq!(
            parse_received("(qmail 27981 invoked by uid 225); 14 Mar 2003 07:24:34 -0000"),
            Parsed::Ignored
        );
    }

    #[test]
    fn microsoft_forms() {
        let r = relay(
            "from inet-vrs-05.example.com ([157.54.6.157]) by INET-IMC-05.example.com with Microsoft SMTPSVC(5.0.2195.6624); Thu, 6 Mar 2003 12:02:35 -0800",
        );
        assert_eq!(
            (r.ip.as_str(), r.rdns.as_str(), r.helo.as_str()),
            ("157.54.6.157", "", "inet-vrs-05.example.com")
        );
        let r = relay(
            "from EXC-DAG-02.example.net (10.45.252.152) by EXC-DAG-01.example.net (10.45.252.151) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) id 15.1.1261.35; Mon, 29 Oct 2018 11:17:19 +0100",
        );
        assert_eq!(
            (r.ip.as_str(), r.rdns.as_str(), r.helo.as_str()),
            ("10.45.252.152", "", "EXC-DAG-02.example.net")
        );
        assert!(r.ip_private);
        assert_eq!(
            parse_received(
                "from mail pickup service by mail1.example.com with Microsoft SMTPSVC; Thu, 13 Feb 2003 19:05:39 -0500"
            ),
            Parsed::Ignored
        );
    }

    #[test]
    fn courier_and_webmail() {
        let r = relay(
            "from host.example.com ([192.0.2.55]) (AUTH: LOGIN bob, TLS: TLSv1/SSLv3,256bits,AES256-SHA) by mail.example.net with esmtp; Mon, 2 Jan 2006 10:00:00 -0500",
        );
        assert_eq!(r.auth, "LOGIN");
        let r = relay(
            "from [193.220.176.134] by web40310.mail.example.com via HTTP; Wed, 12 Feb 2003 14:22:21 PST",
        );
        assert_eq!(
            (r.ip.as_str(), r.by.as_str()),
            ("193.220.176.134", "web40310.mail.example.com")
        );
    }

    #[test]
    fn fallback_and_unparseable() {
        let r = relay("from weird thing [198.51.100.4] by mx.example.net");
        assert_eq!(r.ip, "198.51.100.4");
        assert_eq!(
            parse_received("from weird thing (something) by mx.example.net with SMTP"),
            Parsed::Unparseable
        );
        assert_eq!(
            parse_received("by mx.example.net (Postfix, from userid 1002) id DABBD1BED3"),
            Parsed::Ignored
        );
        assert_eq!(
            parse_received(
                "from virtual.example.org by bolero.example.com ; Thu, 20 Feb 2003 23:32:58 +0100"
            ),
            Parsed::Ignored
        );
        // A sender's address as the client is a local submission only when
        // a receiving host is named.
        assert_eq!(
            parse_received("from bob@example.com by mx.example.net (mail_out) id 7.53"),
            Parsed::Ignored
        );
        assert_eq!(
            parse_received("from <bob@example.com> with PostMaster 3.14.1 (M)"),
            Parsed::Unparseable
        );
        // Yahoo's authenticated submissions.
        let yahoo = relay(
            "from pc.example.net (HELO box) (joe@198.51.100.9 with login) by smtp.mail.example.com with SMTP",
        );
        assert_eq!(
            (yahoo.ip.as_str(), yahoo.helo.as_str(), yahoo.ident.as_str()),
            ("198.51.100.9", "box", "joe")
        );
        // Forms without an address SpamAssassin skips.
        for skipped in [
            "from a.example (unverified) by mx.example.net (Content Technologies SMTPRS 4.2.1) with ESMTP id <T5@mx>",
            "from a.example (a.example) by mx.example.net (Content Technologies SMTPRS 4.2.1) with ESMTP id <T5@mx>",
            "from pc (pc.example.com) by mx.example.net (LSMTP for Windows NT v1.1b) with SMTP id <1.2@mx>",
            "from () by mx.example.net (8.11.6/8.11.6) with ESMTP id g7UH",
            "from joe (helo=pc.example.com) by pc.example.com with local-esmtp (Exim 3.13 #1) id 17v8",
        ] {
            assert_eq!(parse_received(skipped), Parsed::Ignored, "{skipped}");
        }
    }

    #[test]
    fn parenthesised_from_forms() {
        for local in [
            "(from mail@localhost) by dogma.example.org (8.11.6/8.11.6) id g7NB9oq21542; Fri, 23 Aug 2002 12:09:50 +0100",
            "(from bob@example.com) by m06.example.net(jqueuemail) id LRVB3JAJ; Fri, 02 Jun 2006 08:15:21 PDT",
        ] {
            assert_eq!(parse_received(local), Parsed::Ignored, "{local}");
        }
        let r = relay(
            "(from gw [198.51.100.9]) by av.example.net (NAVGW 2.5.2.12) with SMTP id M1 for <a@example.net>",
        );
        assert_eq!((r.helo.as_str(), r.ip.as_str()), ("gw", "198.51.100.9"));
        assert_eq!(r.by, "av.example.net");
        // Near misses: a remote submitter is not a local one, and without an
        // address the line says nothing about a hop.
        assert_eq!(
            parse_received("(from mail@remote.example) by dogma.example.org (8.11.6) id g7NB9"),
            Parsed::Unparseable
        );
        assert_eq!(
            relay("(from mail@localhost.example) by mx.example.net [198.51.100.3] id A1").ip,
            "198.51.100.3"
        );
    }

    #[test]
    fn ip_clean_ups_and_relay_string() {
        let r =
            relay("from x (y.example [IPv6:::ffff:192.0.2.1]) by z (Postfix) with ESMTP id ABCD");
        assert_eq!(r.ip, "192.0.2.1");
        let r = relay("from x (y.example. [fe80::1%eth0]) by z (Postfix) with ESMTP id ABCD");
        assert_eq!((r.ip.as_str(), r.rdns.as_str()), ("fe80::1", "y.example"));
        assert!(r.ip_private);
        assert_eq!(
            r.to_string(),
            "[ ip=fe80::1 rdns=y.example helo=x by=z ident= envfrom= intl=0 id=ABCD auth= msa=0 ]"
        );
        assert!(!is_private("fc00::1"));
        assert!(is_private("100.64.0.1"));
        assert!(!is_private("100.128.0.1"));
    }

    #[test]
    fn trust_walk() {
        let h = headers(&[
            (
                "Received",
                "from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id A1",
            ),
            (
                "Received",
                "from laptop (dyn.example.org [198.51.100.20]) by smtp.example.net (Postfix) with ESMTPSA id B2",
            ),
            (
                "Received",
                "from relay.example.com (relay.example.com [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id C3",
            ),
            (
                "Received",
                "from inside (inside.example.com [10.0.0.5]) by relay.example.com (Postfix) with ESMTP id D4",
            ),
            ("Received", "garbage line"),
            ("X-Originating-IP", "[192.0.2.77]"),
        ]);
        let relays = Relays::extract(&h, &TrustBoundary::default());
        assert_eq!(relays.trusted.len(), 2);
        assert_eq!(relays.untrusted.len(), 3);
        assert_eq!(relays.internal.len(), 2);
        assert_eq!(
            relays.last_external().map(|r| r.ip.as_str()),
            Some("203.0.113.5")
        );
        assert_eq!(
            relays.untrusted.last().map(|r| r.ip.as_str()),
            Some("192.0.2.77")
        );
        assert!(relays.trusted.iter().all(|r| r.internal));
        assert!(
            relays
                .external_string()
                .starts_with("[ ip=203.0.113.5 rdns=relay.example.com ")
        );
        assert!(relays.trusted_string().contains(" intl=1 "));
    }

    #[test]
    fn configured_networks_draw_the_boundary() {
        let h = headers(&[
            (
                "Received",
                "from backup (backup.example.net [198.51.100.9]) by mx.example.net (Postfix) with ESMTP id A1",
            ),
            (
                "Received",
                "from relay (relay.example.com [203.0.113.5]) by backup.example.net (Postfix) with ESMTP id B2",
            ),
            (
                "Received",
                "from inside (inside.example.com [10.0.0.5]) by relay.example.com (Postfix) with ESMTP id C3",
            ),
        ]);
        let nets = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        // The backup MX is trusted but outside our own network.
        let boundary = TrustBoundary::new(&nets(&["198.51.100.0/24"]), &nets(&["192.0.2.0/24"]))
            .expect("valid");
        let relays = Relays::extract(&h, &boundary);
        assert_eq!(relays.trusted.len(), 1);
        assert!(relays.internal.is_empty());
        assert_eq!(
            relays.last_external().map(|r| r.ip.as_str()),
            Some("198.51.100.9")
        );
        assert_eq!(
            relays.untrusted.first().map(|r| r.ip.as_str()),
            Some("203.0.113.5")
        );
        // Trusting the relay too moves the boundary down to the private hop,
        // which configured networks do not trust for being private.
        let boundary =
            TrustBoundary::new(&nets(&["198.51.100.9", "203.0.113.0/24"]), &[]).expect("valid");
        let relays = Relays::extract(&h, &boundary);
        assert_eq!(relays.trusted.len(), 2);
        assert_eq!(relays.internal.len(), 2);
        assert_eq!(
            relays.last_external().map(|r| r.ip.as_str()),
            Some("10.0.0.5")
        );
    }

    #[test]
    fn hops_older_than_an_msa_keep_its_standing() {
        let h = headers(&[
            (
                "Received",
                "from msa.example.org (msa.example.org [192.0.2.25]) by mx.example.org (Postfix) with ESMTP id A1",
            ),
            (
                "Received",
                "from home.example.net (home.example.net [198.51.100.20]) by msa.example.org (Postfix) with ESMTP id B2",
            ),
            (
                "Received",
                "from older.example.com (older.example.com [203.0.113.5]) by home.example.net (Postfix) with ESMTP id C3",
            ),
        ]);
        let nets = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        let boundary = TrustBoundary::new(&nets(&["192.0.2.0/24"]), &[]).expect("valid");
        let without = Relays::extract(&h, &boundary);
        assert_eq!(without.trusted.len(), 1);
        assert_eq!(
            without.last_external().map(|r| r.ip.as_str()),
            Some("198.51.100.20")
        );
        let relays = Relays::extract(
            &h,
            &boundary.with_msa(&nets(&["192.0.2.25"])).expect("valid"),
        );
        assert_eq!(relays.trusted.len(), 3);
        assert_eq!(relays.internal.len(), 3);
        assert!(relays.untrusted.is_empty() && relays.last_external().is_none());
        let flags: Vec<bool> = relays.trusted.iter().map(|r| r.msa).collect();
        assert_eq!(flags, [true, false, false]);
        assert!(relays.trusted[0].to_string().ends_with(" msa=1 ]"));
    }

    #[test]
    fn fetcher_restarts_the_trusted_list() {
        let h = headers(&[
            (
                "Received",
                "from localhost (localhost [127.0.0.1]) by home (Postfix) with ESMTP id A1",
            ),
            (
                "Received",
                "from pop.example.net [198.51.100.1] by localhost with POP3 (fetchmail-5.9.0) for bob@localhost",
            ),
            (
                "Received",
                "from out.example.com (out.example.com [203.0.113.9]) by pop.example.net (8.12.0/8.12.0) with ESMTP id X9",
            ),
        ]);
        let relays = Relays::extract(&h, &TrustBoundary::default());
        assert!(relays.trusted.is_empty());
        assert_eq!(
            relays.last_external().map(|r| r.ip.as_str()),
            Some("203.0.113.9")
        );
    }

    #[test]
    fn envelope_from_sources() {
        let h = headers(&[
            ("Return-Path", "<bounce@lists.example.org>"),
            (
                "Received",
                "from out.example.com (out.example.com [203.0.113.9]) by mx.example.net (Postfix) with ESMTP id X9",
            ),
        ]);
        let relays = Relays::extract(&h, &TrustBoundary::default());
        assert_eq!(
            relays.envelope_from(&h).as_deref(),
            Some("bounce@lists.example.org")
        );
        let h = headers(&[
            (
                "Received",
                "from out.example.com (out.example.com [203.0.113.9]) by mx.example.net (Postfix) with ESMTP id X9",
            ),
            ("Return-Path", "<bounce@lists.example.org>"),
        ]);
        assert_eq!(
            Relays::extract(&h, &TrustBoundary::default()).envelope_from(&h),
            None
        );
        let h = headers(&[
            ("Return-Path", "<bounce@lists.example.org>"),
            (
                "Received",
                "from out.example.com ([203.0.113.9] helo=out.example.com) by mx.example.net with esmtp (Exim 4.50) (envelope-from <real@example.com>) id 1abc",
            ),
        ]);
        assert_eq!(
            Relays::extract(&h, &TrustBoundary::default())
                .envelope_from(&h)
                .as_deref(),
            Some("real@example.com")
        );
    }

    #[test]
    fn certainly_no_reverse_dns() {
        let reading = |line: &str| {
            let r = relay(line);
            (r.rdns, r.no_reverse_dns)
        };
        // Sendmail and Postfix always look the name up.
        assert_eq!(
            reading(
                "from yahoo.com ([192.0.2.1]) by mx.example.net (8.11.6/8.11.6) with SMTP id g7A1"
            ),
            (String::new(), true)
        );
        assert_eq!(
            reading("from h (unknown [192.0.2.1]) by mx.example.net (Postfix) with ESMTP id A1"),
            (String::new(), true)
        );
        // qmail with the address in brackets: the name is the rDNS.
        assert_eq!(
            reading("from rly.example.com ([192.0.2.1]) by mx.example.net with SMTP"),
            ("rly.example.com".to_owned(), false)
        );
        // qmail's `unknown` may only mean nobody told it the name…
        assert_eq!(
            reading("from unknown (HELO x.example) (192.0.2.1) by mx.example.net with SMTP"),
            (String::new(), false)
        );
        // …unless the line is not qmail's own.
        assert_eq!(
            reading("from unknown (HELO x.example) (192.0.2.1) by mx.example.net with asmtp"),
            (String::new(), true)
        );
        // Exim and Microsoft's SMTP service do not look names up.
        assert_eq!(
            reading(
                "from x.example ([192.0.2.1] helo=x) by mx.example.net with esmtp (Exim 4.50) id 1a"
            ),
            ("x.example".to_owned(), false)
        );
        assert_eq!(
            reading("from x ([192.0.2.1]) by mx.example.net with Microsoft SMTPSVC(5.0.2195.6624)"),
            (String::new(), false)
        );
    }

    #[test]
    fn glued_names() {
        let r = relay(
            "from 198.51.100.7([203.0.113.8]) by mx.example.net(JetMail 2.5.3.0) with SMTP id z1",
        );
        assert_eq!(
            (r.ip.as_str(), r.helo.as_str()),
            ("203.0.113.8", "198.51.100.7!!203.0.113.8!!")
        );
        let r =
            relay("from relay.example.com(203.0.113.8) by mx.example.net via smap (V1.3) id x1");
        assert_eq!(
            (r.ip.as_str(), r.rdns.as_str(), r.helo.as_str()),
            ("203.0.113.8", "relay.example.com", "")
        );
        assert_eq!(guessed_helo("a_b c"), "a_b");
        assert_eq!(guessed_helo("a.b(c"), "a.b");
        assert_eq!(guessed_helo("abc"), "");
    }

    #[test]
    fn hostile_lines_are_bounded() {
        let long = "from ".to_owned() + &"(".repeat(20_000) + &"[1.2.3.4] ".repeat(2_000) + " by x";
        let _ = parse_received(&long);
        let _ = parse_received(&"from a (b [c".repeat(5_000));
    }
}
