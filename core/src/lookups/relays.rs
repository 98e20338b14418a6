//! Which relay IPs a DNS list test looks at (sa-semantics §6.2): the relay
//! chain split at the trust boundary, with the SMTP client of the envelope as
//! its newest hop when the message is scored during the dialogue.

use std::collections::BTreeSet;
use std::net::IpAddr;

use crate::analysis::{Analysis, Relay, TrustBoundary};
use crate::lookups::RelaySelection;
use crate::verdicts::{Envelope, is_private};

/// Most relay IPs asked about for one test (SpamAssassin's
/// `num_check_received`).
pub const MAX_RELAYS: usize = 9;

/// The relay IPs of one message, as SpamAssassin's DNSEval plugin lists them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct RelayIps {
    /// Untrusted relay IPs, newest first, unique, private ones removed.
    untrusted: Vec<IpAddr>,
    /// External relay IPs (trusted ones outside our network, then untrusted
    /// ones), newest first, unique, private ones removed.
    external: Vec<IpAddr>,
    /// IPs in the trusted networks: only allow lists look at them.
    trusted: BTreeSet<IpAddr>,
}

/// An IP from a Received field: `IPv6:` prefix, brackets and `%zone` dropped,
/// IPv4-mapped IPv6 read as IPv4.
pub(crate) fn parse_ip(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_start_matches('[').trim_end_matches(']');
    let text = text
        .strip_prefix("IPv6:")
        .or_else(|| text.strip_prefix("ipv6:"))
        .unwrap_or(text);
    let text = text.split('%').next().unwrap_or(text);
    match text.parse::<IpAddr>().ok()? {
        IpAddr::V6(v6) => Some(v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4)),
        ip => Some(ip),
    }
}

fn ips<'a>(relays: impl Iterator<Item = &'a Relay>, first: Option<IpAddr>) -> Vec<IpAddr> {
    let mut seen = BTreeSet::new();
    first
        .into_iter()
        .chain(relays.filter_map(|relay| parse_ip(&relay.ip)))
        .filter(|ip| !is_private(*ip) && seen.insert(*ip))
        .collect()
}

impl RelayIps {
    /// The message's relays, with the envelope's client (if any) as the
    /// newest hop: our own Received field does not exist yet when the
    /// message is scored during the SMTP dialogue.
    pub(crate) fn of(
        analysis: &Analysis,
        envelope: Option<&Envelope>,
        boundary: &TrustBoundary,
    ) -> Self {
        let relays = &analysis.relays;
        let all = || relays.trusted.iter().chain(&relays.untrusted);
        let trusted_outside = || relays.trusted.iter().filter(|r| !r.internal);
        let client = envelope.and_then(|e| {
            let ip = e.client_ip?;
            Some((
                ip,
                boundary.standing(Some(ip), is_private(ip), e.authenticated),
            ))
        });
        let (untrusted, external) = match client {
            // An untrusted client makes every hop of the message untrusted.
            Some((ip, standing)) if !standing.trusted => {
                (ips(all(), Some(ip)), ips(all(), Some(ip)))
            }
            // Trusted but outside our network (a backup MX): every hop is external.
            Some((ip, standing)) if !standing.internal => {
                (ips(relays.untrusted.iter(), None), ips(all(), Some(ip)))
            }
            _ => (
                ips(relays.untrusted.iter(), None),
                ips(trusted_outside().chain(&relays.untrusted), None),
            ),
        };
        let trusted = external
            .iter()
            .chain(&untrusted)
            .copied()
            .filter(|ip| boundary.trusts(*ip))
            .collect();
        Self {
            untrusted,
            external,
            trusted,
        }
    }

    /// The IPs a test with this selection looks at. `nice` tests (allow
    /// lists) may look at relays in the trusted networks; others skip the
    /// leading ones. Nothing when no relay is untrusted: mail that only
    /// crossed trusted hosts is not checked.
    pub(crate) fn select(&self, selection: RelaySelection, nice: bool) -> Vec<IpAddr> {
        if self.untrusted.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<IpAddr> = match selection {
            RelaySelection::All => self.untrusted.iter().rev().copied().collect(),
            RelaySelection::LastExternal => self.external.iter().take(1).copied().collect(),
            RelaySelection::NotFirstHop => {
                let keep = self.external.len().saturating_sub(1).max(1);
                self.external.iter().take(keep).copied().collect()
            }
            RelaySelection::FirstTrusted => self.untrusted.iter().take(1).copied().collect(),
            RelaySelection::Untrusted => self.untrusted.iter().skip(1).copied().collect(),
        };
        out.truncate(MAX_RELAYS);
        if !nice {
            let leading = out
                .iter()
                .take_while(|ip| self.trusted.contains(ip))
                .count();
            out.drain(..leading);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Relays;

    fn relay(ip: &str, internal: bool) -> Relay {
        Relay {
            ip: ip.to_owned(),
            internal,
            ..Relay::default()
        }
    }

    fn ips(list: &[&str]) -> Vec<IpAddr> {
        list.iter().map(|s| s.parse().expect("ip")).collect()
    }

    /// A chain: a trusted backup MX outside our network, then three
    /// untrusted hops (one private).
    fn analysis() -> Analysis {
        Analysis {
            relays: Relays {
                trusted: vec![relay("198.51.100.9", false)],
                untrusted: vec![
                    relay("203.0.113.5", false),
                    relay("192.168.0.3", false),
                    relay("203.0.113.6", false),
                ],
                ..Relays::default()
            },
            ..Analysis::default()
        }
    }

    fn boundary() -> TrustBoundary {
        TrustBoundary::new(
            &["198.51.100.0/24".to_owned()],
            &["192.0.2.0/24".to_owned()],
        )
        .expect("valid")
    }

    #[test]
    fn every_selection_as_spamassassin() {
        let relays = RelayIps::of(&analysis(), None, &boundary());
        let cases = [
            (
                RelaySelection::All,
                false,
                vec!["203.0.113.6", "203.0.113.5"],
            ),
            (RelaySelection::FirstTrusted, false, vec!["203.0.113.5"]),
            (RelaySelection::Untrusted, false, vec!["203.0.113.6"]),
            // The backup MX is the last external relay: only allow lists ask.
            (RelaySelection::LastExternal, true, vec!["198.51.100.9"]),
            (RelaySelection::LastExternal, false, vec![]),
            (
                RelaySelection::NotFirstHop,
                true,
                vec!["198.51.100.9", "203.0.113.5"],
            ),
            (RelaySelection::NotFirstHop, false, vec!["203.0.113.5"]),
        ];
        for (selection, nice, expected) in cases {
            assert_eq!(
                relays.select(selection, nice),
                ips(&expected),
                "{selection:?} nice={nice}"
            );
        }
    }

    #[test]
    fn envelope_client_is_the_newest_hop() {
        let envelope = Envelope {
            client_ip: Some("203.0.113.99".parse().expect("ip")),
            ..Envelope::default()
        };
        let relays = RelayIps::of(&analysis(), Some(&envelope), &TrustBoundary::default());
        assert_eq!(
            relays.select(RelaySelection::LastExternal, false),
            ips(&["203.0.113.99"])
        );
        assert_eq!(
            relays.select(RelaySelection::FirstTrusted, true),
            ips(&["203.0.113.99"])
        );
        assert_eq!(
            relays.select(RelaySelection::All, false),
            ips(&["203.0.113.6", "203.0.113.5", "198.51.100.9", "203.0.113.99"])
        );
        // An authenticated client is trusted and internal: the message decides.
        let authenticated = Envelope {
            authenticated: true,
            ..envelope
        };
        let relays = RelayIps::of(&analysis(), Some(&authenticated), &TrustBoundary::default());
        assert_eq!(
            relays.select(RelaySelection::FirstTrusted, false),
            ips(&["203.0.113.5"])
        );
    }

    #[test]
    fn no_untrusted_relay_no_question() {
        let mut a = analysis();
        a.relays.untrusted.clear();
        let relays = RelayIps::of(&a, None, &TrustBoundary::default());
        assert!(relays.select(RelaySelection::LastExternal, true).is_empty());
    }

    #[test]
    fn at_most_the_oldest_nine() {
        let mut a = analysis();
        a.relays.untrusted = (1..=12)
            .map(|i| relay(&format!("198.51.100.{i}"), false))
            .collect();
        let all =
            RelayIps::of(&a, None, &TrustBoundary::default()).select(RelaySelection::All, false);
        assert_eq!(all.len(), MAX_RELAYS);
        assert_eq!(all[0], "198.51.100.12".parse::<IpAddr>().expect("ip"));
    }
}
