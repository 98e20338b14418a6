//! The second round of URI lookups (sa-semantics §6.4, SpamAssassin's
//! `uridnsbl`/`uridnssub` rules): IP lists asked about the addresses behind a
//! URI rather than its name. For a name-server list, the name servers (NS) of
//! each URI's registrable domain are asked, then their IPv4 addresses (A),
//! then each address in the list; for a host-address list (`tflags a`), the
//! IPv4 addresses of each URI host, then each address in the list.
//!
//! Sans-IO: each step is planned from the answers already given, so the
//! caller asks, answers, and asks again until no question is new.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use crate::analysis::uri::LookupHost;
use crate::lookups::{ListKind, Purpose, Question, valid_host};
use crate::verdicts::{Answer, RecordType, Verdicts, is_private, normalize_name};

/// What one walk found: the questions of the steps before the list, and the
/// addresses to look up in the list with how each was reached.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// NS and A questions.
    pub questions: Vec<Question>,
    /// `(address, how it was reached)`, without duplicates, in order.
    pub ips: Vec<(Ipv4Addr, String)>,
}

impl Walk {
    /// Asks for the A records of `host` and collects the public addresses
    /// answered, described by `via`.
    fn addresses(
        &mut self,
        host: &str,
        via: &dyn Fn(&str) -> String,
        answers: Option<&Verdicts>,
        seen: &mut BTreeSet<Ipv4Addr>,
    ) {
        self.questions.push(Question {
            name: host.to_owned(),
            rtype: RecordType::A,
            purpose: Purpose::UriAddress {
                host: host.to_owned(),
            },
        });
        for ip in records(answers, host, RecordType::A)
            .iter()
            .filter_map(|record| record.parse::<Ipv4Addr>().ok())
            .filter(|ip| !is_private((*ip).into()))
        {
            if seen.insert(ip) {
                self.ips.push((ip, via(host)));
            }
        }
    }
}

fn records(answers: Option<&Verdicts>, name: &str, rtype: RecordType) -> Vec<String> {
    answers
        .and_then(|verdicts| verdicts.answer(name, rtype))
        .map(|answer| match answer {
            Answer::Records(records) => records,
            _ => Vec::new(),
        })
        .unwrap_or_default()
}

/// Walks the steps of a [`ListKind::NameServerIp`] or [`ListKind::HostIp`]
/// list over the URI subjects (IP literals are not walked: they are asked
/// about directly by the domain lists that take IPs).
pub(crate) fn walk(kind: ListKind, subjects: &[LookupHost], answers: Option<&Verdicts>) -> Walk {
    let mut walk = Walk::default();
    let mut seen_ips = BTreeSet::new();
    let mut seen_names = BTreeSet::new();
    for subject in subjects.iter().filter(|s| !s.is_ip) {
        match kind {
            ListKind::HostIp => {
                if seen_names.insert(subject.host.clone()) {
                    walk.addresses(
                        &subject.host,
                        &|host| host.to_owned(),
                        answers,
                        &mut seen_ips,
                    );
                }
            }
            ListKind::NameServerIp => {
                let domain = &subject.domain;
                if !seen_names.insert(domain.clone()) {
                    continue;
                }
                walk.questions.push(Question {
                    name: domain.clone(),
                    rtype: RecordType::Ns,
                    purpose: Purpose::UriNameServers {
                        domain: domain.clone(),
                    },
                });
                let servers: BTreeSet<String> = records(answers, domain, RecordType::Ns)
                    .iter()
                    .map(|record| normalize_name(record))
                    .filter(|host| valid_host(host))
                    .collect();
                for server in servers {
                    let via = |host: &str| format!("{host}, name server of {domain}");
                    walk.addresses(&server, &via, answers, &mut seen_ips);
                }
            }
            ListKind::Ip | ListKind::Domain => {}
        }
    }
    walk
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::uri::UriClass;
    use crate::verdicts::DnsAnswer;

    fn subject(host: &str, domain: &str) -> LookupHost {
        LookupHost {
            host: host.into(),
            domain: domain.into(),
            is_ip: false,
            class: UriClass::Other,
        }
    }

    fn answers(list: &[(&str, RecordType, &[&str])]) -> Verdicts {
        Verdicts {
            dns: list
                .iter()
                .map(|(name, rtype, records)| {
                    DnsAnswer::new(
                        *name,
                        *rtype,
                        Answer::Records(records.iter().map(|r| (*r).to_owned()).collect()),
                    )
                })
                .collect(),
            ..Verdicts::default()
        }
    }

    #[test]
    fn name_servers_then_their_addresses() {
        let subjects = [
            subject("www.shop.example", "shop.example"),
            subject("img.shop.example", "shop.example"),
        ];
        let first = walk(ListKind::NameServerIp, &subjects, None);
        assert_eq!(first.questions.len(), 1, "one NS question per domain");
        assert!(first.ips.is_empty());
        let v = answers(&[
            (
                "shop.example",
                RecordType::Ns,
                &["ns1.host.example.", "ns2.host.example"],
            ),
            (
                "ns1.host.example",
                RecordType::A,
                &["198.51.100.53", "10.0.0.1"],
            ),
        ]);
        let second = walk(ListKind::NameServerIp, &subjects, Some(&v));
        let names: Vec<&str> = second.questions.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(
            names,
            ["shop.example", "ns1.host.example", "ns2.host.example"]
        );
        assert_eq!(
            second.ips,
            [(
                Ipv4Addr::new(198, 51, 100, 53),
                "ns1.host.example, name server of shop.example".to_owned()
            )],
            "private addresses dropped"
        );
    }

    #[test]
    fn host_addresses() {
        let subjects = [subject("www.shop.example", "shop.example")];
        let v = answers(&[("www.shop.example", RecordType::A, &["203.0.113.80"])]);
        let found = walk(ListKind::HostIp, &subjects, Some(&v));
        assert_eq!(found.questions.len(), 1);
        assert_eq!(
            found.ips,
            [(
                Ipv4Addr::new(203, 0, 113, 80),
                "www.shop.example".to_owned()
            )]
        );
    }
}
