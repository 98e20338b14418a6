//! What the caller must resolve: the DNS questions that matter for one message.
//!
//! Call [`crate::Engine::lookups`] after [`crate::Engine::analyze`]; resolve
//! each [`Question`] however you like, then pass the answers to
//! [`crate::Engine::score`] in a [`crate::verdicts::Verdicts`]. The same
//! planning is done again while scoring, so an answer is only ever read for a
//! question asked here.

mod relays;
mod skip;
pub(crate) mod uri_ips;
pub mod zones;

use std::collections::BTreeSet;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::analysis::uri::{LookupHost, lookup_hosts};
use crate::analysis::{Analysis, TrustBoundary};
use crate::config::Config;
use crate::error::ConfigError;
use crate::verdicts::{Envelope, RecordType, Verdicts, address_domain};

pub use relays::MAX_RELAYS;
pub(crate) use relays::RelayIps;
pub use skip::SkipDomains;
pub use zones::{DnsList, DnsLists, ListKind, ListTest, Matcher, RelaySelection};

/// Most URI hosts asked about (SpamAssassin's `uridnsbl_max_domains`).
pub const MAX_URI_HOSTS: usize = 20;
/// Most recipient domains asked about.
pub const MAX_RECIPIENT_DOMAINS: usize = 20;

/// What planning the lookups and reading the verdicts need from the
/// configuration.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Setup {
    /// The DNS list table.
    pub lists: DnsLists,
    /// Where the trust boundary lies.
    pub boundary: TrustBoundary,
    /// Domains never sent to URI block lists.
    pub skip: SkipDomains,
    /// Authserv-ids whose Authentication-Results fields are believed.
    pub trusted_authserv_ids: Vec<String>,
}

impl Setup {
    pub(crate) fn new(config: &Config) -> Result<Self, ConfigError> {
        config.dns_lists.validate()?;
        config.uridnsbl_skip_domains.validate()?;
        Ok(Self {
            lists: config.dns_lists.clone(),
            boundary: TrustBoundary::new(&config.trusted_networks, &config.internal_networks)?
                .with_msa(&config.msa_networks)?,
            skip: config.uridnsbl_skip_domains.clone(),
            trusted_authserv_ids: config.trusted_authserv_ids.clone(),
        })
    }

    /// The relay IPs of a message, see [`RelayIps::of`].
    pub(crate) fn relay_ips(&self, analysis: &Analysis, envelope: Option<&Envelope>) -> RelayIps {
        RelayIps::of(analysis, envelope, &self.boundary)
    }
}

/// One DNS question and why it is asked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Question {
    /// The name to look up, without a trailing dot.
    pub name: String,
    /// The record type.
    #[serde(rename = "type")]
    pub rtype: RecordType,
    /// Why.
    pub purpose: Purpose,
}

/// Why a question is asked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Purpose {
    /// A relay IP in a DNS block or allow list.
    Dnsbl {
        /// The list's name in the table.
        list: String,
        /// The relay IP.
        ip: IpAddr,
    },
    /// A URI host, domain or IP (or a DKIM signing domain), or the address
    /// of a URI host or of its domain's name server, in a URI block list.
    Uribl {
        /// The list's name in the table.
        list: String,
        /// The host, registrable domain or IP asked about.
        subject: String,
    },
    /// The name servers of a URI's registrable domain (second round: their
    /// addresses are then asked, then looked up in the list).
    UriNameServers {
        /// The registrable domain.
        domain: String,
    },
    /// The IPv4 addresses of a URI host or of a name server (second round).
    UriAddress {
        /// The host.
        host: String,
    },
    /// Whether the envelope sender's domain exists and receives mail.
    SenderDomain {
        /// The domain.
        domain: String,
    },
    /// Whether the From header's domain exists and receives mail.
    FromDomain {
        /// The domain.
        domain: String,
    },
    /// Whether a recipient's domain exists and receives mail.
    RecipientDomain {
        /// The domain.
        domain: String,
    },
}

/// The reversed form of an IP for DNS list queries (RFC 5782): `d.c.b.a` for
/// IPv4, 32 reversed nibbles for IPv6.
///
/// ```
/// use spamgauge::lookups::reversed;
/// assert_eq!(reversed("203.0.113.7".parse()?), "7.113.0.203");
/// assert!(reversed("2001:db8::1".parse()?).starts_with("1.0.0.0.0.0.0.0"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn reversed(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(ip) => {
            let [a, b, c, d] = ip.octets();
            format!("{d}.{c}.{b}.{a}")
        }
        IpAddr::V6(ip) => {
            let mut out = String::with_capacity(64);
            for byte in ip.octets().iter().rev() {
                for nibble in [byte & 0xf, byte >> 4] {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
                }
            }
            out
        }
    }
}

/// The hosts of the message's URIs and DKIM signing domains that URI block
/// lists are asked about, as SpamAssassin's URIDNSBL plugin picks them
/// ([`lookup_hosts`]): `mailto:` and skipped domains left out, best priority
/// class first, at most [`MAX_URI_HOSTS`], private and malformed IPs dropped.
pub(crate) fn uri_subjects(analysis: &Analysis, skip: &SkipDomains) -> Vec<LookupHost> {
    lookup_hosts(&analysis.uris, MAX_URI_HOSTS, &|name| skip.skips(name))
}

/// Whether `host` is a plausible ASCII DNS host name with at least two labels.
pub(crate) fn valid_host(host: &str) -> bool {
    host.len() <= 253
        && host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        && host.rsplit('.').next().is_some_and(|tld| {
            tld.bytes().all(|b| b.is_ascii_alphabetic()) || tld.starts_with("xn--")
        })
}

/// Plans every DNS question for a message (see [`crate::Engine::lookups`]).
/// With `answers`, also the questions that follow from them (the second
/// round of URI lookups: name servers, their addresses, then the list).
pub(crate) fn plan(
    analysis: &Analysis,
    envelope: Option<&Envelope>,
    setup: &Setup,
    answers: Option<&Verdicts>,
) -> Vec<Question> {
    let mut out = BTreeSet::new();
    let relays = setup.relay_ips(analysis, envelope);
    let subjects = uri_subjects(analysis, &setup.skip);
    for list in &setup.lists.0 {
        let zone = list.zone();
        let ask = |name: String, purpose: Purpose| Question {
            name: format!("{name}.{zone}"),
            rtype: list.rtype,
            purpose,
        };
        match list.kind {
            ListKind::Ip => {
                for ip in list_ips(list, &relays) {
                    out.insert(ask(
                        reversed(ip),
                        Purpose::Dnsbl {
                            list: list.name.clone(),
                            ip,
                        },
                    ));
                }
            }
            ListKind::Domain => {
                for (name, subject) in subjects.iter().filter_map(|s| uri_query(list, s)) {
                    let list = list.name.clone();
                    out.insert(ask(name, Purpose::Uribl { list, subject }));
                }
            }
            ListKind::NameServerIp | ListKind::HostIp => {
                let walk = uri_ips::walk(list.kind, &subjects, answers);
                out.extend(walk.questions);
                for (ip, _) in walk.ips {
                    let list = list.name.clone();
                    let subject = ip.to_string();
                    out.insert(ask(
                        reversed(IpAddr::V4(ip)),
                        Purpose::Uribl { list, subject },
                    ));
                }
            }
        }
    }
    for domain_question in domain_questions(analysis, envelope) {
        out.insert(domain_question);
    }
    out.into_iter().collect()
}

/// Every IP an IP list is asked about: the union of its tests' selections.
pub(crate) fn list_ips(list: &DnsList, relays: &RelayIps) -> BTreeSet<IpAddr> {
    list.tests
        .iter()
        .flat_map(|test| relays.select(test.relays, list.allow))
        .collect()
}

/// The name a domain list is asked about for one URI host, and the subject
/// as shown: the full host or the registrable domain, or the reversed IP for
/// lists that take IPs.
pub(crate) fn uri_query(list: &DnsList, subject: &LookupHost) -> Option<(String, String)> {
    if subject.is_ip {
        let ip: IpAddr = subject.host.parse().ok()?;
        return list.ips.then(|| (reversed(ip), subject.host.clone()));
    }
    let name = if list.full_host {
        &subject.host
    } else {
        &subject.domain
    };
    Some((name.clone(), name.clone()))
}

/// The sender, From and recipient domains whose existence is checked, with
/// the record types asked.
pub(crate) fn checked_domains(
    analysis: &Analysis,
    envelope: Option<&Envelope>,
) -> Vec<(Purpose, &'static [RecordType])> {
    const SENDER: &[RecordType] = &[RecordType::Mx, RecordType::A, RecordType::Aaaa];
    const RECIPIENT: &[RecordType] = &[RecordType::Mx, RecordType::A];
    let mut out = Vec::new();
    if let Some(domain) = envelope
        .and_then(Envelope::mail_from_domain)
        .filter(|d| valid_host(d))
    {
        out.push((Purpose::SenderDomain { domain }, SENDER));
    }
    if let Some(domain) = analysis
        .addresses
        .from
        .first()
        .and_then(|mailbox| address_domain(&mailbox.address))
        .filter(|d| valid_host(d))
    {
        out.push((Purpose::FromDomain { domain }, SENDER));
    }
    let mut seen = BTreeSet::new();
    for domain in envelope
        .map(|e| e.rcpt_to.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|rcpt| address_domain(rcpt))
        .filter(|d| valid_host(d))
    {
        if seen.len() >= MAX_RECIPIENT_DOMAINS {
            break;
        }
        if seen.insert(domain.clone()) {
            out.push((Purpose::RecipientDomain { domain }, RECIPIENT));
        }
    }
    out
}

fn domain_questions(analysis: &Analysis, envelope: Option<&Envelope>) -> Vec<Question> {
    checked_domains(analysis, envelope)
        .into_iter()
        .flat_map(|(purpose, types)| {
            let domain = match &purpose {
                Purpose::SenderDomain { domain }
                | Purpose::FromDomain { domain }
                | Purpose::RecipientDomain { domain } => domain.clone(),
                _ => String::new(),
            };
            types.iter().map(move |&rtype| Question {
                name: domain.clone(),
                rtype,
                purpose: purpose.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{HeaderField, Headers, Mailbox, Relay, Relays, uri};

    fn relay(ip: &str) -> Relay {
        Relay {
            ip: ip.to_owned(),
            ..Relay::default()
        }
    }

    fn analysis() -> Analysis {
        let headers = Headers {
            fields: vec![HeaderField::plain(
                "DKIM-Signature",
                "v=1; a=rsa-sha256; d=Signer.example.com; s=s1; b=abc",
            )],
        };
        let uris = uri::from_text(
            "see http://www.shop.example.co.uk/x mailto:a@mail.example.com\n\
             http://198.51.100.9/ http://10.0.0.1/",
            &headers,
        );
        Analysis {
            headers,
            addresses: crate::analysis::Addresses {
                from: vec![Mailbox {
                    name: None,
                    address: "news@From.example".into(),
                }],
                ..Default::default()
            },
            uris,
            relays: Relays {
                untrusted: vec![
                    relay("198.51.100.20"),
                    relay("192.168.0.3"),
                    relay("198.51.100.30"),
                ],
                ..Relays::default()
            },
            ..Analysis::default()
        }
    }

    fn envelope() -> Envelope {
        Envelope {
            client_ip: Some("203.0.113.7".parse().expect("ip")),
            mail_from: Some("Bounce@Sender.example".into()),
            rcpt_to: vec!["a@rcpt.example".into(), "b@RCPT.example".into()],
            ..Envelope::default()
        }
    }

    #[test]
    fn plans_questions() {
        let questions = plan(&analysis(), Some(&envelope()), &Setup::default(), None);
        let names: BTreeSet<(String, RecordType)> = questions
            .iter()
            .map(|q| (q.name.clone(), q.rtype))
            .collect();
        let has = |name: &str, rtype: RecordType| names.contains(&(name.to_owned(), rtype));
        assert!(has("7.113.0.203.bl.spamcop.net", RecordType::Txt));
        assert!(has("7.113.0.203.zen.spamhaus.org", RecordType::A));
        assert!(
            has("30.100.51.198.zen.spamhaus.org", RecordType::A),
            "SBL checks every relay"
        );
        assert!(
            !has("30.100.51.198.b.barracudacentral.org", RecordType::A),
            "last external only"
        );
        assert!(
            has("example.co.uk.multi.uribl.com", RecordType::A),
            "registrable domain"
        );
        assert!(
            has("www.shop.example.co.uk.dbl.spamhaus.org", RecordType::A),
            "full host"
        );
        assert!(
            has("signer.example.com.dbl.spamhaus.org", RecordType::A),
            "DKIM d= (full host)"
        );
        assert!(
            has("example.com.multi.uribl.com", RecordType::A),
            "DKIM d= (registrable domain)"
        );
        assert!(has("9.100.51.198.multi.uribl.com", RecordType::A), "URI IP");
        assert!(
            !has("9.100.51.198.dbl.spamhaus.org", RecordType::A),
            "DBL takes domains only"
        );
        assert!(
            !names.iter().any(|(n, _)| n.contains("mail.example.com")),
            "mailto skipped"
        );
        assert!(
            !names.iter().any(|(n, _)| n.starts_with("1.0.0.10.")),
            "private URI IP"
        );
        assert!(has("sender.example", RecordType::Mx));
        assert!(has("sender.example", RecordType::Aaaa));
        assert!(has("from.example", RecordType::A));
        assert!(has("rcpt.example", RecordType::Mx));
        assert_eq!(
            questions
                .iter()
                .filter(|q| q.name == "rcpt.example")
                .count(),
            2,
            "recipient domains once, MX and A"
        );
    }

    #[test]
    fn no_relay_no_dnsbl_question() {
        let mut a = analysis();
        a.relays = Relays::default();
        let questions = plan(&a, None, &Setup::default(), None);
        assert!(
            !questions
                .iter()
                .any(|q| matches!(q.purpose, Purpose::Dnsbl { .. }))
        );
    }

    #[test]
    fn uri_hosts_are_capped_by_priority() {
        let mut a = analysis();
        let text: String = (0..50)
            .map(|i| format!("http://h{i}.example.net/\n"))
            .collect();
        let dkim = Headers {
            fields: vec![HeaderField::plain(
                "DKIM-Signature",
                "d=signer.example.org; s=s1",
            )],
        };
        a.uris = uri::from_text(&text, &dkim);
        let subjects = uri_subjects(&a, &SkipDomains(Vec::new()));
        assert_eq!(subjects.len(), MAX_URI_HOSTS);
        // A DKIM domain ranks above URIs found only in the text.
        assert_eq!(subjects[0].host, "signer.example.org");
        assert_eq!(subjects[1].host, "h0.example.net");
        assert_eq!(subjects[19].host, "h18.example.net");
    }

    #[test]
    fn ipv6_reversal() {
        let ip: IpAddr = "2001:db8::567:89ab".parse().expect("ip");
        assert_eq!(
            reversed(ip),
            "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2"
        );
        assert_eq!(
            relays::parse_ip("[IPv6:::ffff:192.0.2.1]"),
            Some("192.0.2.1".parse().expect("ip"))
        );
    }
}
