//! The DNS list table: which block and allow lists are asked, how their answers
//! are read and what each test is worth. Configuration ([`crate::Config::dns_lists`]),
//! with SpamAssassin's stock lists (sa-semantics §6.5) and those the hosting
//! providers use as defaults.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::config::ScoreOverride;
use crate::error::ConfigError;
use crate::verdicts::RecordType;

/// The DNS list table. The default value is SpamAssassin's stock lists plus
/// SpamCop, Barracuda, UCEPROTECT, DroneBL, Truncate and CBL; a configured
/// table replaces it whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DnsLists(pub Vec<DnsList>);

impl Default for DnsLists {
    fn default() -> Self {
        Self(stock())
    }
}

/// What a list is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Relay IP addresses (`d.c.b.a.<zone>`, IPv6 as nibbles).
    #[default]
    Ip,
    /// Domains of the message's URIs and DKIM signing domains
    /// (`<domain>.<zone>`).
    Domain,
    /// The IPv4 addresses of the name servers of the URIs' registrable
    /// domains (SpamAssassin's `uridnsbl`; a second round of lookups).
    NameServerIp,
    /// The IPv4 addresses of the URI hosts (`uridnsbl` with `tflags a`; a
    /// second round of lookups).
    HostIp,
}

/// Which relays an IP test looks at (SpamAssassin's set-name suffixes,
/// sa-semantics §6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelaySelection {
    /// Every untrusted relay, oldest first, at most nine (no suffix).
    All,
    /// The last external relay: the client that handed us the message
    /// (`-lastexternal`).
    #[default]
    LastExternal,
    /// Every external relay but the oldest, when there are several
    /// (`-notfirsthop`).
    NotFirstHop,
    /// The newest untrusted relay (`-firsttrusted`); the same host as
    /// `last_external` unless a trusted relay sits outside our network.
    FirstTrusted,
    /// Every untrusted relay but the newest (`-untrusted`).
    Untrusted,
}

/// How an answer is matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matcher {
    /// Some bit of the mask is set in an answer within 127.0.0.0/8.
    Mask(u32),
    /// An answer equals one of these patterns: dotted quads whose octets are a
    /// number, a range `a-b` or `*` (e.g. `127.0.0.4-7`, `127.0.*.255`).
    Codes(Vec<String>),
    /// A TXT answer contains this text (case-insensitive).
    Txt(String),
}

/// One test of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListTest {
    /// The test's name (SpamAssassin's where it has one).
    pub name: String,
    /// How answers are matched. Absent: any answer within 127.0.0.0/8 (any
    /// TXT answer) for a listing test; only a REFUSED answer for a blocked
    /// test.
    #[serde(default, rename = "match")]
    pub matcher: Option<Matcher>,
    /// Answers that keep the test from firing even when another record
    /// matches (e.g. Mailspike's `ZBI`: a spam wave participant without a
    /// bad reputation level).
    #[serde(default)]
    pub unless: Option<Matcher>,
    /// Which relays it looks at (IP lists only). The default value is
    /// `last_external`.
    #[serde(default)]
    pub relays: RelaySelection,
    /// The test reports that the list refused to answer (a `*_BLOCKED` test):
    /// answers it matches are never listings, and the list's first blocked test
    /// also fires on a REFUSED answer.
    #[serde(default)]
    pub blocked: bool,
    /// Its score: one number, or four (one per score set).
    pub score: ScoreOverride,
    /// The test is ours, not SpamAssassin's.
    #[serde(default)]
    pub ours: bool,
}

/// One DNS block or allow list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DnsList {
    /// A short identifier, e.g. `spamcop`.
    pub name: String,
    /// The name shown in texts, e.g. `SpamCop`. The default value is `name`.
    #[serde(default)]
    pub label: Option<String>,
    /// The DNS zone, e.g. `bl.spamcop.net`.
    pub zone: String,
    /// What is asked. The default value is `ip`.
    #[serde(default)]
    pub kind: ListKind,
    /// The record type asked: `A` or `TXT`. The default value is `A`.
    #[serde(default = "default_rtype", rename = "type")]
    pub rtype: RecordType,
    /// A list of good senders: its tests lower the score.
    #[serde(default)]
    pub allow: bool,
    /// Domain lists: ask about the full host name rather than its registrable
    /// domain (SpamAssassin's `notrim`).
    #[serde(default)]
    pub full_host: bool,
    /// Domain lists: also ask about URIs whose host is an IP address.
    #[serde(default)]
    pub ips: bool,
    /// A listing rejects the message outright: for IP lists when the
    /// connecting client (last external relay) is listed, for domain lists when
    /// any domain is.
    #[serde(default)]
    pub rejects: bool,
    /// The tests.
    pub tests: Vec<ListTest>,
}

fn default_rtype() -> RecordType {
    RecordType::A
}

impl DnsList {
    /// The name shown in texts.
    #[must_use]
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }

    /// The zone without a trailing dot, lower-cased.
    #[must_use]
    pub fn zone(&self) -> String {
        crate::verdicts::normalize_name(&self.zone)
    }

    /// The first blocked test: the one a REFUSED answer fires.
    pub(crate) fn refused_test(&self) -> Option<&ListTest> {
        self.tests.iter().find(|test| test.blocked)
    }

    /// Whether `answer` is one of the list's "query blocked" codes.
    pub(crate) fn is_blocked_code(&self, answer: &str) -> bool {
        self.tests
            .iter()
            .filter(|test| test.blocked)
            .any(|test| test.matcher.as_ref().is_some_and(|m| m.matches(answer)))
    }
}

impl Matcher {
    /// Whether one answer record matches.
    #[must_use]
    pub fn matches(&self, answer: &str) -> bool {
        match self {
            Matcher::Txt(text) => answer
                .to_ascii_lowercase()
                .contains(&text.to_ascii_lowercase()),
            Matcher::Mask(mask) => answer
                .parse::<Ipv4Addr>()
                .is_ok_and(|ip| ip.octets()[0] == 127 && u32::from(ip) & mask != 0),
            Matcher::Codes(patterns) => answer.parse::<Ipv4Addr>().is_ok_and(|ip| {
                patterns
                    .iter()
                    .any(|pattern| pattern_matches(pattern, ip.octets()).unwrap_or(false))
            }),
        }
    }

    fn validate(&self) -> Result<(), String> {
        match self {
            Matcher::Mask(0) => Err("a mask of 0 never matches".to_owned()),
            Matcher::Txt(text) if text.is_empty() => Err("empty TXT text".to_owned()),
            Matcher::Codes(patterns) if patterns.is_empty() => Err("no codes".to_owned()),
            Matcher::Codes(patterns) => patterns.iter().try_for_each(|pattern| {
                pattern_matches(pattern, [0; 4])
                    .map(drop)
                    .ok_or_else(|| format!("{pattern:?} is not a dotted-quad pattern"))
            }),
            _ => Ok(()),
        }
    }
}

/// Matches `127.0.*.1-3`-style patterns; `None` when the pattern is malformed.
fn pattern_matches(pattern: &str, octets: [u8; 4]) -> Option<bool> {
    let parts: Vec<&str> = pattern.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut all = true;
    for (part, &octet) in parts.iter().zip(octets.iter()) {
        let (low, high) = match *part {
            "*" => (0, 255),
            part => match part.split_once('-') {
                Some((low, high)) => (low.parse::<u8>().ok()?, high.parse::<u8>().ok()?),
                None => {
                    let n = part.parse::<u8>().ok()?;
                    (n, n)
                }
            },
        };
        if low > high {
            return None;
        }
        all &= (low..=high).contains(&octet);
    }
    Some(all)
}

/// Whether `zone` is a usable DNS zone name.
fn valid_zone(zone: &str) -> bool {
    let zone = zone.trim_end_matches('.');
    !zone.is_empty()
        && zone.len() <= 200
        && zone.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

impl DnsLists {
    /// Checks every list; errors name the faulty field.
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let mut names = BTreeSet::new();
        let mut tests = BTreeSet::new();
        for (i, list) in self.0.iter().enumerate() {
            let invalid = |field: String, reason: String| ConfigError::Invalid {
                field: format!("dns_lists[{i}].{field}"),
                reason,
            };
            if list.name.is_empty() || !names.insert(list.name.as_str()) {
                return Err(invalid(
                    "name".into(),
                    format!("{:?} is empty or repeated", list.name),
                ));
            }
            if !valid_zone(&list.zone) {
                return Err(invalid(
                    "zone".into(),
                    format!("{:?} is not a DNS zone", list.zone),
                ));
            }
            if !matches!(list.rtype, RecordType::A | RecordType::Txt) {
                return Err(invalid(
                    "type".into(),
                    "only A and TXT lists are supported".into(),
                ));
            }
            if list.tests.is_empty() {
                return Err(invalid(
                    "tests".into(),
                    "a list needs at least one test".into(),
                ));
            }
            for (j, test) in list.tests.iter().enumerate() {
                let field = |name: &str| format!("tests[{j}].{name}");
                if test.name.is_empty()
                    || !test
                        .name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    || !tests.insert(test.name.as_str())
                {
                    return Err(invalid(
                        field("name"),
                        format!("{:?} is not a free test name", test.name),
                    ));
                }
                for (name, matcher) in [("match", &test.matcher), ("unless", &test.unless)] {
                    let Some(matcher) = matcher else { continue };
                    matcher
                        .validate()
                        .map_err(|reason| invalid(field(name), reason))?;
                    let txt = matches!(matcher, Matcher::Txt(_));
                    if txt != (list.rtype == RecordType::Txt) {
                        return Err(invalid(
                            field(name),
                            "`txt` matches suit TXT lists, `mask` and `codes` A lists".into(),
                        ));
                    }
                }
                if test.score.scores().0.iter().any(|s| !s.is_finite()) {
                    return Err(invalid(field("score"), "not a finite number".into()));
                }
            }
        }
        Ok(())
    }
}

fn test(name: &str, relays: RelaySelection, matcher: Option<Matcher>, score: [f64; 4]) -> ListTest {
    ListTest {
        name: name.to_owned(),
        matcher,
        unless: None,
        relays,
        blocked: false,
        score: ScoreOverride::PerSet(score),
        ours: false,
    }
}

fn codes(codes: &[&str]) -> Option<Matcher> {
    Some(Matcher::Codes(
        codes.iter().map(|c| (*c).to_owned()).collect(),
    ))
}

/// Spamhaus's error answers: a query through a public resolver (`.254`),
/// over the free quota (`.255`) or malformed (`.252`). Never a listing.
const SPAMHAUS_ERRORS: [&str; 3] = ["127.255.255.252", "127.255.255.254", "127.255.255.255"];

fn unless(mut test: ListTest, matcher: Option<Matcher>) -> ListTest {
    test.unless = matcher;
    test
}

/// An allow list whose tests look at the newest untrusted relay.
fn allow_list(
    name: &str,
    label: &str,
    zone: &str,
    rtype: RecordType,
    tests: &[(&str, Option<Matcher>, [f64; 4])],
) -> DnsList {
    let mut out = list(
        name,
        label,
        zone,
        ListKind::Ip,
        tests
            .iter()
            .map(|(name, matcher, score)| {
                test(name, RelaySelection::FirstTrusted, matcher.clone(), *score)
            })
            .collect(),
    );
    out.rtype = rtype;
    out.allow = true;
    out
}

/// The IADB (ISIPP accreditation database) tests: exact return codes, all
/// on the newest untrusted relay. Scores from 50_scores.cf; the two without
/// a score line get SpamAssassin's default for `nice` tests, −1.
fn iadb() -> DnsList {
    let table: [(&str, &str, [f64; 4]); 30] = [
        (
            "RCVD_IN_IADB_VOUCHED",
            "127.0.1.255",
            [0.0, -2.2, 0.0, -2.2],
        ),
        ("RCVD_IN_IADB_COURT", "127.3.200.130", [-1.0; 4]),
        ("RCVD_IN_IADB_LEG_MAND", "127.3.200.120", [-1.0; 4]),
        ("RCVD_IN_IADB_DK", "127.2.255.3", [0.0, -0.223, 0.0, -0.095]),
        (
            "RCVD_IN_IADB_DOPTIN",
            "127.3.100.10",
            [0.0, -4.0, 0.0, -4.0],
        ),
        ("RCVD_IN_IADB_DOPTIN_GT50", "127.3.100.9", [0.0; 4]),
        (
            "RCVD_IN_IADB_DOPTIN_LT50",
            "127.3.100.8",
            [0.0, -0.001, 0.0, -0.001],
        ),
        ("RCVD_IN_IADB_EDDB", "127.0.2.1", [0.0; 4]),
        ("RCVD_IN_IADB_EPIA", "127.0.2.2", [0.0; 4]),
        ("RCVD_IN_IADB_GOODMAIL", "127.2.255.103", [0.0; 4]),
        (
            "RCVD_IN_IADB_LISTED",
            "127.0.0.1-2",
            [0.0, -0.38, 0.0, -0.001],
        ),
        ("RCVD_IN_IADB_LOOSE", "127.3.100.4", [0.0; 4]),
        ("RCVD_IN_IADB_MI_CPEAR", "127.101.1.10", [0.0; 4]),
        ("RCVD_IN_IADB_MI_CPR_30", "127.101.101.10", [0.0; 4]),
        (
            "RCVD_IN_IADB_MI_CPR_MAT",
            "127.101.201.10",
            [0.0, -0.332, 0.0, -0.0],
        ),
        (
            "RCVD_IN_IADB_ML_DOPTIN",
            "127.3.100.100",
            [0.0, -6.0, 0.0, -6.0],
        ),
        ("RCVD_IN_IADB_NOCONTROL", "127.3.100.0", [0.0; 4]),
        ("RCVD_IN_IADB_OOO", "127.3.100.200", [0.0; 4]),
        (
            "RCVD_IN_IADB_OPTIN",
            "127.3.100.7",
            [0.0, -2.057, 0.0, -1.47],
        ),
        (
            "RCVD_IN_IADB_OPTIN_GT50",
            "127.3.100.6",
            [0.0, -1.208, 0.0, -0.007],
        ),
        ("RCVD_IN_IADB_OPTIN_LT50", "127.3.100.5", [0.0; 4]),
        ("RCVD_IN_IADB_OPTOUTONLY", "127.3.100.1", [0.0; 4]),
        (
            "RCVD_IN_IADB_RDNS",
            "127.2.255.4",
            [0.0, -0.167, 0.0, -0.235],
        ),
        (
            "RCVD_IN_IADB_SENDERID",
            "127.2.255.2",
            [0.0, -0.001, 0.0, -0.001],
        ),
        (
            "RCVD_IN_IADB_SPF",
            "127.2.255.1",
            [0.0, -0.001, 0.0, -0.059],
        ),
        ("RCVD_IN_IADB_UNVERIFIED_1", "127.3.100.2", [0.0; 4]),
        ("RCVD_IN_IADB_UNVERIFIED_2", "127.3.100.3", [0.0; 4]),
        ("RCVD_IN_IADB_UT_CPEAR", "127.101.2.10", [0.0; 4]),
        ("RCVD_IN_IADB_UT_CPR_30", "127.101.102.10", [0.0; 4]),
        (
            "RCVD_IN_IADB_UT_CPR_MAT",
            "127.101.202.10",
            [0.0, -0.095, 0.0, -0.001],
        ),
    ];
    let tests: Vec<(&str, Option<Matcher>, [f64; 4])> = table
        .iter()
        .map(|(name, code, score)| (*name, codes(&[code]), *score))
        .collect();
    allow_list("iadb", "IADB", "iadb.isipp.com", RecordType::A, &tests)
}

/// The IP lists of URIs' name servers and hosts in Spamhaus ZEN
/// (`uridnsbl`): the second round of URI lookups.
fn zen_uri() -> [DnsList; 2] {
    let blocked_scores = [0.0, 0.001, 0.0, 0.001];
    let ns = list(
        "zen-uri-ns",
        "Spamhaus ZEN",
        "zen.spamhaus.org",
        ListKind::NameServerIp,
        vec![
            blocked(test(
                "URIBL_ZEN_BLOCKED",
                RelaySelection::All,
                codes(&["127.255.255.252", "127.255.255.255"]),
                blocked_scores,
            )),
            blocked(test(
                "URIBL_ZEN_BLOCKED_OPENDNS",
                RelaySelection::All,
                codes(&["127.255.255.254"]),
                blocked_scores,
            )),
            test(
                "URIBL_SBL",
                RelaySelection::All,
                codes(&["127.0.0.2"]),
                [0.0, 0.644, 0.0, 1.623],
            ),
            test(
                "URIBL_CSS",
                RelaySelection::All,
                codes(&["127.0.0.3"]),
                [0.0, 0.1, 0.0, 0.1],
            ),
        ],
    );
    let a = list(
        "zen-uri-a",
        "Spamhaus ZEN",
        "zen.spamhaus.org",
        ListKind::HostIp,
        vec![
            ours(blocked(test(
                "URIBL_ZEN_A_BLOCKED",
                RelaySelection::All,
                codes(&SPAMHAUS_ERRORS),
                blocked_scores,
            ))),
            test(
                "URIBL_SBL_A",
                RelaySelection::All,
                codes(&["127.0.0.2"]),
                [0.0, 0.1, 0.0, 0.1],
            ),
            test(
                "URIBL_CSS_A",
                RelaySelection::All,
                codes(&["127.0.0.3"]),
                [0.0, 0.1, 0.0, 0.1],
            ),
        ],
    );
    [ns, a]
}

fn blocked(mut test: ListTest) -> ListTest {
    test.blocked = true;
    test
}

fn ours(mut test: ListTest) -> ListTest {
    test.ours = true;
    test
}

fn list(name: &str, label: &str, zone: &str, kind: ListKind, tests: Vec<ListTest>) -> DnsList {
    DnsList {
        name: name.to_owned(),
        label: Some(label.to_owned()),
        zone: zone.to_owned(),
        kind,
        rtype: RecordType::A,
        allow: false,
        full_host: false,
        ips: false,
        rejects: false,
        tests,
    }
}

/// A provider list: the connecting client only, any 127/8 answer (or the
/// given codes), rejecting, with our own test and blocked test.
fn provider(
    name: &str,
    label: &str,
    zone: &str,
    test_name: &str,
    listing: Option<Matcher>,
    score: [f64; 4],
    sa: bool,
) -> DnsList {
    let mut main = test(test_name, RelaySelection::LastExternal, listing, score);
    main.ours = !sa;
    let mut out = list(
        name,
        label,
        zone,
        ListKind::Ip,
        vec![
            main,
            ours(blocked(test(
                &format!("{test_name}_BLOCKED"),
                RelaySelection::LastExternal,
                None,
                [0.0, 0.001, 0.0, 0.001],
            ))),
        ],
    );
    out.rejects = true;
    out
}

/// The default table (sa-semantics §6.5 for SpamAssassin's lists and scores).
fn stock() -> Vec<DnsList> {
    use RelaySelection::{All, FirstTrusted, LastExternal};
    let blocked_codes = [0.0, 0.001, 0.0, 0.001];
    let mut spamcop = provider(
        "spamcop",
        "SpamCop",
        "bl.spamcop.net",
        "RCVD_IN_BL_SPAMCOP_NET",
        Some(Matcher::Txt("spamcop".to_owned())),
        [0.0, 1.246, 0.0, 1.347],
        true,
    );
    spamcop.rtype = RecordType::Txt;
    spamcop.tests[0].relays = All;
    spamcop.tests[1].name = "RCVD_IN_SPAMCOP_BLOCKED".to_owned();
    // The CBL is run by Spamhaus and answers with its error codes.
    let mut cbl = provider(
        "cbl",
        "CBL",
        "cbl.abuseat.org",
        "RCVD_IN_CBL",
        codes(&["127.0.0.2"]),
        [0.0, 1.0, 0.0, 1.0],
        false,
    );
    cbl.tests[1].matcher = codes(&SPAMHAUS_ERRORS);
    let mut dnswl = list(
        "dnswl",
        "DNSWL.org",
        "list.dnswl.org",
        ListKind::Ip,
        vec![
            blocked(test(
                "RCVD_IN_DNSWL_BLOCKED",
                FirstTrusted,
                codes(&["127.0.*.255"]),
                blocked_codes,
            )),
            test(
                "RCVD_IN_DNSWL_NONE",
                FirstTrusted,
                codes(&["127.0.*.0"]),
                [0.0, -0.0001, 0.0, -0.0001],
            ),
            test(
                "RCVD_IN_DNSWL_LOW",
                FirstTrusted,
                codes(&["127.0.*.1"]),
                [0.0, -0.7, 0.0, -0.7],
            ),
            test(
                "RCVD_IN_DNSWL_MED",
                FirstTrusted,
                codes(&["127.0.*.2"]),
                [0.0, -2.3, 0.0, -2.3],
            ),
            test(
                "RCVD_IN_DNSWL_HI",
                FirstTrusted,
                codes(&["127.0.*.3"]),
                [0.0, -5.0, 0.0, -5.0],
            ),
        ],
    );
    dnswl.allow = true;
    let mspike_wl = allow_list(
        "mailspike-wl",
        "Mailspike",
        "wl.mailspike.net",
        RecordType::A,
        &[
            ("RCVD_IN_MSPIKE_H5", codes(&["127.0.0.20"]), [-1.0; 4]),
            ("RCVD_IN_MSPIKE_H4", codes(&["127.0.0.19"]), [-0.01; 4]),
            ("RCVD_IN_MSPIKE_H3", codes(&["127.0.0.18"]), [-0.01; 4]),
            ("RCVD_IN_MSPIKE_H2", codes(&["127.0.0.17"]), [-1.0; 4]),
            // SpamAssassin's summary of the good levels H3 to H5.
            ("RCVD_IN_MSPIKE_WL", codes(&["127.0.0.18-20"]), [-0.01; 4]),
        ],
    );
    let mut dbl = list(
        "dbl",
        "Spamhaus DBL",
        "dbl.spamhaus.org",
        ListKind::Domain,
        vec![
            blocked(test(
                "URIBL_DBL_BLOCKED",
                All,
                codes(&["127.255.255.252", "127.255.255.255"]),
                blocked_codes,
            )),
            blocked(test(
                "URIBL_DBL_BLOCKED_OPENDNS",
                All,
                codes(&["127.255.255.254"]),
                blocked_codes,
            )),
            test(
                "URIBL_DBL_SPAM",
                All,
                codes(&["127.0.1.2"]),
                [0.0, 2.5, 0.0, 2.5],
            ),
            test(
                "URIBL_DBL_PHISH",
                All,
                codes(&["127.0.1.4"]),
                [0.0, 2.5, 0.0, 2.5],
            ),
            test(
                "URIBL_DBL_MALWARE",
                All,
                codes(&["127.0.1.5"]),
                [0.0, 2.5, 0.0, 2.5],
            ),
            test(
                "URIBL_DBL_BOTNETCC",
                All,
                codes(&["127.0.1.6"]),
                [0.0, 2.5, 0.0, 2.5],
            ),
            test(
                "URIBL_DBL_ABUSE_SPAM",
                All,
                codes(&["127.0.1.102"]),
                [0.0, 2.0, 0.0, 2.0],
            ),
            test(
                "URIBL_DBL_ABUSE_REDIR",
                All,
                codes(&["127.0.1.103"]),
                [0.0, 0.001, 0.0, 0.001],
            ),
            test(
                "URIBL_DBL_ABUSE_PHISH",
                All,
                codes(&["127.0.1.104"]),
                [0.0, 2.5, 0.0, 2.5],
            ),
            test(
                "URIBL_DBL_ABUSE_MALW",
                All,
                codes(&["127.0.1.105"]),
                [0.0, 2.5, 0.0, 2.5],
            ),
            test(
                "URIBL_DBL_ABUSE_BOTCC",
                All,
                codes(&["127.0.1.106"]),
                [0.0, 2.5, 0.0, 2.5],
            ),
            test(
                "URIBL_DBL_ERROR",
                All,
                codes(&["127.0.1.255"]),
                [0.0, 0.001, 0.0, 0.001],
            ),
        ],
    );
    dbl.full_host = true;
    let mut surbl = list(
        "surbl",
        "SURBL",
        "multi.surbl.org",
        ListKind::Domain,
        vec![
            blocked(test(
                "SURBL_BLOCKED",
                All,
                Some(Matcher::Mask(1)),
                [0.0, 1.0, 0.0, 1.0],
            )),
            test(
                "URIBL_PH_SURBL",
                All,
                Some(Matcher::Mask(8)),
                [0.0, 0.001, 0.0, 0.61],
            ),
            test(
                "URIBL_MW_SURBL",
                All,
                Some(Matcher::Mask(16)),
                [0.0, 1.263, 0.0, 1.263],
            ),
            test(
                "URIBL_ABUSE_SURBL",
                All,
                Some(Matcher::Mask(64)),
                [0.0, 1.948, 0.0, 1.25],
            ),
            test(
                "URIBL_CR_SURBL",
                All,
                Some(Matcher::Mask(128)),
                [0.0, 1.263, 0.0, 1.263],
            ),
        ],
    );
    surbl.full_host = true;
    surbl.ips = true;
    let mut uribl = list(
        "uribl",
        "URIBL",
        "multi.uribl.com",
        ListKind::Domain,
        vec![
            blocked(test(
                "URIBL_BLOCKED",
                All,
                Some(Matcher::Mask(1)),
                blocked_codes,
            )),
            test(
                "URIBL_BLACK",
                All,
                Some(Matcher::Mask(2)),
                [0.0, 1.7, 0.0, 1.7],
            ),
            test(
                "URIBL_GREY",
                All,
                Some(Matcher::Mask(4)),
                [0.0, 1.084, 0.0, 0.424],
            ),
            test(
                "URIBL_RED",
                All,
                Some(Matcher::Mask(8)),
                [0.0, 0.001, 0.0, 0.001],
            ),
        ],
    );
    uribl.ips = true;
    let [ns_list, a_list] = zen_uri();
    vec![
        list(
            "zen",
            "Spamhaus ZEN",
            "zen.spamhaus.org",
            ListKind::Ip,
            vec![
                blocked(test(
                    "RCVD_IN_ZEN_BLOCKED",
                    LastExternal,
                    codes(&["127.255.255.252", "127.255.255.255"]),
                    blocked_codes,
                )),
                blocked(test(
                    "RCVD_IN_ZEN_BLOCKED_OPENDNS",
                    LastExternal,
                    codes(&["127.255.255.254"]),
                    blocked_codes,
                )),
                test(
                    "RCVD_IN_SBL",
                    All,
                    codes(&["127.0.0.2"]),
                    [0.0, 2.596, 0.0, 0.141],
                ),
                test(
                    "RCVD_IN_SBL_CSS",
                    All,
                    codes(&["127.0.0.3"]),
                    [0.0, 3.558, 0.0, 3.335],
                ),
                test(
                    "RCVD_IN_XBL",
                    LastExternal,
                    codes(&["127.0.0.4-7"]),
                    [0.0, 0.724, 0.0, 0.375],
                ),
                test(
                    "RCVD_IN_PBL",
                    LastExternal,
                    codes(&["127.0.0.10-11"]),
                    [0.0, 3.558, 0.0, 3.335],
                ),
            ],
        ),
        spamcop,
        list(
            "psbl",
            "PSBL",
            "psbl.surriel.com",
            ListKind::Ip,
            vec![test(
                "RCVD_IN_PSBL",
                LastExternal,
                None,
                [0.0, 2.7, 0.0, 2.7],
            )],
        ),
        list(
            "mailspike-bl",
            "Mailspike",
            "bl.mailspike.net",
            ListKind::Ip,
            vec![
                test(
                    "RCVD_IN_MSPIKE_L5",
                    LastExternal,
                    codes(&["127.0.0.10"]),
                    [2.5; 4],
                ),
                test(
                    "RCVD_IN_MSPIKE_L4",
                    LastExternal,
                    codes(&["127.0.0.11"]),
                    [1.7; 4],
                ),
                test(
                    "RCVD_IN_MSPIKE_L3",
                    LastExternal,
                    codes(&["127.0.0.12"]),
                    [0.9; 4],
                ),
                test(
                    "RCVD_IN_MSPIKE_L2",
                    LastExternal,
                    codes(&["127.0.0.13"]),
                    [1.0; 4],
                ),
                // A spam wave participant (127.0.0.2) without a bad
                // reputation level (L3 to L5).
                unless(
                    test(
                        "RCVD_IN_MSPIKE_ZBI",
                        LastExternal,
                        codes(&["127.0.0.2"]),
                        [2.7; 4],
                    ),
                    codes(&["127.0.0.10-12"]),
                ),
                // SpamAssassin's summary: L3 to L5 or a spam wave participant.
                test(
                    "RCVD_IN_MSPIKE_BL",
                    LastExternal,
                    codes(&["127.0.0.2", "127.0.0.10-12"]),
                    [0.01; 4],
                ),
            ],
        ),
        iadb(),
        allow_list(
            "validity-certified",
            "Validity Certified",
            "sa-trusted.bondedsender.org",
            RecordType::Txt,
            &[("RCVD_IN_VALIDITY_CERTIFIED", None, [0.0, -3.0, 0.0, -3.0])],
        ),
        allow_list(
            "validity-safe",
            "Validity Safe",
            "sa-accredit.habeas.com",
            RecordType::Txt,
            &[("RCVD_IN_VALIDITY_SAFE", None, [0.0, -2.0, 0.0, -2.0])],
        ),
        mspike_wl,
        dnswl,
        list(
            "senderscore",
            "Validity SenderScore",
            "bl.score.senderscore.com",
            ListKind::Ip,
            vec![test(
                "RCVD_IN_VALIDITY_RPBL",
                LastExternal,
                None,
                [0.0, 1.284, 0.0, 1.31],
            )],
        ),
        // SpamAssassin names this rule but ships it without a score line
        // (`#score RCVD_IN_BRBL_LASTEXT 0 1.644 0 1.449` in 50_scores.cf).
        provider(
            "barracuda",
            "Barracuda",
            "b.barracudacentral.org",
            "RCVD_IN_BRBL_LASTEXT",
            codes(&["127.0.0.2"]),
            [0.0, 1.644, 0.0, 1.449],
            true,
        ),
        provider(
            "uceprotect",
            "UCEPROTECT level 1",
            "dnsbl-1.uceprotect.net",
            "RCVD_IN_UCEPROTECT1",
            codes(&["127.0.0.2"]),
            [0.0, 1.0, 0.0, 1.0],
            false,
        ),
        provider(
            "dronebl",
            "DroneBL",
            "dnsbl.dronebl.org",
            "RCVD_IN_DRONEBL",
            None,
            [0.0, 1.0, 0.0, 1.0],
            false,
        ),
        provider(
            "truncate",
            "Truncate (GBUdb)",
            "truncate.gbudb.net",
            "RCVD_IN_TRUNCATE",
            codes(&["127.0.0.2"]),
            [0.0, 1.0, 0.0, 1.0],
            false,
        ),
        cbl,
        dbl,
        surbl,
        uribl,
        list(
            "sibl",
            "SIBL DOB",
            "dob.sibl.support-intelligence.net",
            ListKind::Domain,
            vec![test(
                "URIBL_RHS_DOB",
                All,
                Some(Matcher::Mask(2)),
                [0.0, 0.276, 0.0, 1.514],
            )],
        ),
        ns_list,
        a_list,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_table_is_valid() {
        DnsLists::default().validate().expect("stock table");
        let names: Vec<&str> = stock_names();
        assert!(names.contains(&"RCVD_IN_BL_SPAMCOP_NET"));
        assert!(names.contains(&"URIBL_BLACK"));
        for name in [
            "RCVD_IN_IADB_VOUCHED",
            "RCVD_IN_VALIDITY_CERTIFIED",
            "RCVD_IN_VALIDITY_SAFE",
            "RCVD_IN_MSPIKE_ZBI",
            "URIBL_SBL",
            "URIBL_CSS_A",
        ] {
            assert!(names.contains(&name), "{name}");
        }
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("RCVD_IN_IADB_"))
                .count(),
            30,
            "every IADB test of SpamAssassin 4.0.1"
        );
    }

    fn stock_names() -> Vec<&'static str> {
        let lists = Box::leak(Box::new(DnsLists::default()));
        lists
            .0
            .iter()
            .flat_map(|l| l.tests.iter().map(|t| t.name.as_str()))
            .collect()
    }

    #[test]
    fn matchers() {
        assert!(Matcher::Mask(2).matches("127.0.0.2"));
        assert!(Matcher::Mask(2).matches("127.0.0.6"));
        assert!(!Matcher::Mask(2).matches("127.0.0.4"));
        assert!(!Matcher::Mask(2).matches("10.0.0.2"), "outside 127/8");
        let xbl = Matcher::Codes(vec!["127.0.0.4-7".into()]);
        assert!(xbl.matches("127.0.0.5"));
        assert!(!xbl.matches("127.0.0.8"));
        let dnswl = Matcher::Codes(vec!["127.0.*.255".into()]);
        assert!(dnswl.matches("127.0.9.255"));
        assert!(!dnswl.matches("127.1.9.255"));
        assert!(
            Matcher::Txt("spamcop".into())
                .matches("Blocked - see https://www.SpamCop.net/bl.shtml")
        );
        assert!(!Matcher::Txt("spamcop".into()).matches("listed"));
    }

    #[test]
    fn invalid_tables_name_the_field() {
        let mut lists = DnsLists::default();
        lists.0[0].zone = "bad zone".into();
        let err = lists.validate().expect_err("bad zone");
        assert!(err.to_string().contains("dns_lists[0].zone"), "{err}");
        let mut lists = DnsLists::default();
        lists.0[0].tests[2].matcher = Some(Matcher::Codes(vec!["127.0.0".into()]));
        let err = lists.validate().expect_err("bad code");
        assert!(
            err.to_string().contains("dns_lists[0].tests[2].match"),
            "{err}"
        );
        let mut lists = DnsLists::default();
        lists.0[1].tests[0].name = "RCVD_IN_SBL".into();
        assert!(lists.validate().is_err(), "repeated test name");
        let mut lists = DnsLists::default();
        lists.0[0].tests[2].matcher = Some(Matcher::Txt("x".into()));
        assert!(lists.validate().is_err(), "txt match on an A list");
        let mut lists = DnsLists::default();
        lists.0[0].tests[2].unless = Some(Matcher::Mask(0));
        let err = lists.validate().expect_err("bad unless");
        assert!(
            err.to_string().contains("dns_lists[0].tests[2].unless"),
            "{err}"
        );
    }
}
