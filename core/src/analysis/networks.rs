//! The trust boundary's configuration: SpamAssassin's `trusted_networks`,
//! `internal_networks` and `msa_networks` (sa-semantics §2.8), as lists of
//! networks.
//!
//! An entry is an IP address, a network in CIDR notation (`192.0.2.0/24`,
//! `2001:db8::/32`), an abbreviated IPv4 network (`10/8`, `192.168.`), or any
//! of these after `!` to exclude it. The first entry that contains an address
//! decides, so `!192.0.2.7 192.0.2.0/24` trusts the /24 except one host.
//! 127.0.0.0/8 and `::1` always belong to the trusted and internal lists, and
//! to the MSA list only when an entry names them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::ConfigError;

/// One parsed entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    network: IpAddr,
    prefix: u8,
    exclude: bool,
}

impl Entry {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_match(
                u128::from(u32::from(net)),
                u128::from(u32::from(ip)),
                self.prefix,
                32,
            ),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_match(u128::from(net), u128::from(ip), self.prefix, 128)
            }
            _ => false,
        }
    }
}

fn prefix_match(net: u128, ip: u128, prefix: u8, bits: u8) -> bool {
    let shift = u32::from(bits - prefix.min(bits));
    net.checked_shr(shift).unwrap_or(0) == ip.checked_shr(shift).unwrap_or(0)
}

/// Reads one entry; `None` when it is not an address or network.
fn parse_entry(text: &str) -> Option<Entry> {
    let text = text.trim();
    let (exclude, text) = match text.strip_prefix('!') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix.parse::<u8>().ok()?)),
        None => (text, None),
    };
    let address = address.trim_start_matches('[').trim_end_matches(']');
    let (network, default_prefix) = if let Ok(v6) = address.parse::<Ipv6Addr>() {
        (IpAddr::V6(v6), 128)
    } else {
        let (v4, octets) = partial_ipv4(address)?;
        (IpAddr::V4(v4), octets * 8)
    };
    let prefix = prefix.unwrap_or(default_prefix);
    let max = if network.is_ipv4() { 32 } else { 128 };
    (prefix <= max).then_some(Entry {
        network,
        prefix,
        exclude,
    })
}

/// An IPv4 address of one to four octets (`10`, `192.168.`, `192.0.2.1`),
/// the missing ones zero, and how many were given.
fn partial_ipv4(text: &str) -> Option<(Ipv4Addr, u8)> {
    let text = text.strip_suffix('.').unwrap_or(text);
    let mut octets = [0u8; 4];
    let mut count = 0u8;
    for part in text.split('.') {
        let slot = octets.get_mut(usize::from(count))?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
        count += 1;
    }
    Some((Ipv4Addr::from(octets), count))
}

/// A list of networks; the first entry that contains an address decides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NetSet {
    entries: Vec<Entry>,
    /// Whether loopback addresses belong to the set whatever the entries say.
    loopback: bool,
}

impl NetSet {
    /// Parses `entries`, loopback addresses included whatever they say (as
    /// trusted and internal networks are); an entry that is not an address or
    /// network is an error naming it as `field[index]`.
    pub fn parse(field: &str, entries: &[String]) -> Result<Self, ConfigError> {
        Ok(Self {
            loopback: true,
            ..Self::parse_exact(field, entries)?
        })
    }

    /// Parses `entries` as [`NetSet::parse`] does, without adding loopback
    /// addresses (as MSA networks are).
    ///
    /// ```
    /// use spamgauge::analysis::NetSet;
    /// let msa = NetSet::parse_exact("msa_networks", &["192.0.2.25".to_owned()])?;
    /// assert!(msa.contains("192.0.2.25".parse()?));
    /// assert!(!msa.contains("127.0.0.1".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_exact(field: &str, entries: &[String]) -> Result<Self, ConfigError> {
        let entries = entries
            .iter()
            .enumerate()
            .map(|(i, text)| {
                parse_entry(text).ok_or_else(|| ConfigError::InvalidNetwork {
                    field: format!("{field}[{i}]"),
                    entry: text.clone(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            entries,
            loopback: false,
        })
    }

    /// Whether `ip` is in the set: loopback always is in a set that adds it;
    /// otherwise the first entry containing it decides. IPv4-mapped IPv6 addresses are read as
    /// IPv4.
    #[must_use]
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            ip => ip,
        };
        if self.loopback && ip.is_loopback() {
            return true;
        }
        self.entries
            .iter()
            .find(|entry| entry.contains(ip))
            .is_some_and(|entry| !entry.exclude)
    }
}

/// Where the trust boundary lies: the configured `trusted_networks` and
/// `internal_networks`, or SpamAssassin's inference when neither is set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrustBoundary {
    /// `None` when neither list is configured.
    networks: Option<(NetSet, NetSet)>,
    /// The MSAs: relays that accept mail only from our own, authenticated
    /// users (read only when the networks are configured).
    msa: NetSet,
}

/// Where one relay stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Trusted: its Received field can be believed.
    pub trusted: bool,
    /// Inside our own network.
    pub internal: bool,
    /// An MSA of ours: every older hop keeps this relay's standing.
    pub msa: bool,
}

impl TrustBoundary {
    /// Builds the boundary from the two configured lists. When only one is
    /// given it serves as both (as SpamAssassin does); when neither is, trust
    /// is inferred: private addresses and authenticated clients are trusted.
    pub fn new(trusted: &[String], internal: &[String]) -> Result<Self, ConfigError> {
        let trusted_set = NetSet::parse("trusted_networks", trusted)?;
        let internal_set = NetSet::parse("internal_networks", internal)?;
        let networks = match (trusted.is_empty(), internal.is_empty()) {
            (true, true) => None,
            (false, true) => Some((trusted_set.clone(), trusted_set)),
            (true, false) => Some((internal_set.clone(), internal_set)),
            (false, false) => Some((trusted_set, internal_set)),
        };
        Ok(Self {
            networks,
            msa: NetSet::default(),
        })
    }

    /// Adds SpamAssassin's `msa_networks`: the relays there accept mail only
    /// from our own users, authenticated one way or another, so every hop
    /// older than one of them takes its trusted and internal standing. Read
    /// only when trusted or internal networks are configured; loopback
    /// addresses are not added.
    pub fn with_msa(mut self, msa: &[String]) -> Result<Self, ConfigError> {
        self.msa = NetSet::parse_exact("msa_networks", msa)?;
        Ok(self)
    }

    /// Whether networks were configured (otherwise trust is inferred).
    #[must_use]
    pub fn is_configured(&self) -> bool {
        self.networks.is_some()
    }

    /// Whether `ip` is in the trusted networks (never, when none are
    /// configured).
    #[must_use]
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.networks
            .as_ref()
            .is_some_and(|(trusted, _)| trusted.contains(ip))
    }

    /// Where a relay stands while the walk from the newest hop is still in
    /// the trusted part: `ip` is its client (`None` when unreadable),
    /// `private` whether that is a private address, `authenticated` whether
    /// the client authenticated.
    #[must_use]
    pub fn standing(&self, ip: Option<IpAddr>, private: bool, authenticated: bool) -> Standing {
        match &self.networks {
            None => {
                let trusted = private || authenticated;
                Standing {
                    trusted,
                    internal: trusted,
                    msa: false,
                }
            }
            Some((trusted, internal)) => {
                let trusted = authenticated || ip.is_some_and(|ip| trusted.contains(ip));
                Standing {
                    trusted,
                    internal: trusted
                        && (authenticated || ip.is_some_and(|ip| internal.contains(ip))),
                    msa: trusted && ip.is_some_and(|ip| self.msa.contains(ip)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(entries: &[&str]) -> NetSet {
        let entries: Vec<String> = entries.iter().map(|e| (*e).to_owned()).collect();
        NetSet::parse("trusted_networks", &entries).expect("valid")
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn entries_in_every_form() {
        let nets = set(&[
            "192.0.2.0/24",
            "10/8",
            "172.16.",
            "2001:db8::/32",
            "198.51.100.7",
        ]);
        for inside in [
            "192.0.2.200",
            "10.9.9.9",
            "172.16.5.1",
            "2001:db8:1::1",
            "198.51.100.7",
            "::ffff:10.1.1.1",
        ] {
            assert!(nets.contains(ip(inside)), "{inside}");
        }
        for outside in [
            "192.0.3.1",
            "11.0.0.1",
            "172.17.0.1",
            "2001:db9::1",
            "198.51.100.8",
        ] {
            assert!(!nets.contains(ip(outside)), "{outside}");
        }
        assert!(nets.contains(ip("127.0.0.2")), "loopback always");
        assert!(set(&[]).contains(ip("::1")));
    }

    #[test]
    fn first_matching_entry_decides() {
        let nets = set(&["!192.0.2.7", "192.0.2.0/24"]);
        assert!(!nets.contains(ip("192.0.2.7")));
        assert!(nets.contains(ip("192.0.2.8")));
        let nets = set(&["192.0.2.0/24", "!192.0.2.7"]);
        assert!(nets.contains(ip("192.0.2.7")));
    }

    #[test]
    fn bad_entries_are_named() {
        for bad in [
            "example.com",
            "192.0.2.0/33",
            "300.1.1.1",
            "1.2.3.4.5",
            "",
            "2001:db8::/129",
            "10/x",
        ] {
            let err = NetSet::parse("internal_networks", &["10/8".to_owned(), bad.to_owned()])
                .expect_err(bad);
            assert_eq!(
                err,
                ConfigError::InvalidNetwork {
                    field: "internal_networks[1]".into(),
                    entry: bad.into()
                }
            );
        }
    }

    #[test]
    fn msa_networks_add_no_loopback_and_need_trust() {
        let nets = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        let boundary = TrustBoundary::new(&nets(&["192.0.2.0/24"]), &[])
            .and_then(|b| b.with_msa(&nets(&["192.0.2.25", "198.51.100.0/24"])))
            .expect("valid");
        let standing = |text: &str| boundary.standing(Some(ip(text)), false, false);
        assert!(standing("192.0.2.25").msa);
        assert!(!standing("192.0.2.26").msa);
        // Trusted for being loopback, but not an MSA unless listed.
        assert!(standing("127.0.0.1").trusted);
        assert!(!standing("127.0.0.1").msa);
        // Listed, but an untrusted relay is never believed to be our MSA.
        assert!(!standing("198.51.100.7").msa);
        // Without configured networks, trust is inferred and MSAs are not read.
        let inferred = TrustBoundary::default()
            .with_msa(&nets(&["10.0.0.25"]))
            .expect("valid");
        assert!(!inferred.standing(Some(ip("10.0.0.25")), true, false).msa);
        assert_eq!(
            TrustBoundary::default().with_msa(&nets(&["x"])),
            Err(ConfigError::InvalidNetwork {
                field: "msa_networks[0]".into(),
                entry: "x".into()
            })
        );
    }

    #[test]
    fn engine_refuses_a_bad_entry() {
        let config = crate::Config::default().networks(vec!["10/8".into()], vec!["nope".into()]);
        assert_eq!(
            crate::Engine::new(config).map(drop),
            Err(ConfigError::InvalidNetwork {
                field: "internal_networks[0]".into(),
                entry: "nope".into()
            })
        );
    }

    #[test]
    fn one_list_serves_as_both() {
        let boundary = TrustBoundary::new(&["198.51.100.0/24".to_owned()], &[]).expect("valid");
        let standing = boundary.standing(Some(ip("198.51.100.9")), false, false);
        assert!(standing.trusted && standing.internal);
        // Configured: a private address outside the lists is not trusted.
        assert!(!boundary.standing(Some(ip("10.0.0.1")), true, false).trusted);
        assert!(
            boundary
                .standing(Some(ip("203.0.113.1")), false, true)
                .trusted
        );
        let split = TrustBoundary::new(
            &["198.51.100.0/24".to_owned()],
            &["198.51.100.0/25".to_owned()],
        )
        .expect("valid");
        let backup_mx = split.standing(Some(ip("198.51.100.200")), false, false);
        assert!(backup_mx.trusted && !backup_mx.internal);
        let inferred = TrustBoundary::default();
        assert!(
            inferred
                .standing(Some(ip("10.0.0.1")), true, false)
                .internal
        );
        assert!(
            !inferred
                .standing(Some(ip("203.0.113.1")), false, false)
                .trusted
        );
    }
}
