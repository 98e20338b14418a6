//! SpamAssassin's auto-whitelist (AWL, sa-semantics §4.1): a sender's score is
//! pulled toward the mean of the scores its earlier messages got.
//!
//! The history is keyed by the sender address and the client's network
//! ([`key`]). The caller stores one [`AwlEntry`] per key, passes the stored
//! entry in [`Inputs::awl`](crate::Inputs::awl), and after scoring stores
//! [`update`]'s result. A first message from a sender gets no AWL hit.
//!
//! ```
//! use spamgauge::learning::awl::{self, AwlEntry};
//! // Ten earlier messages averaging -2.0; this one scores 6.0 before AWL.
//! let entry = AwlEntry { count: 10, total: -20.0 };
//! assert_eq!(awl::delta(Some(entry), 6.0), Some(-4.0));
//! assert_eq!(awl::delta(None, 6.0), None);
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::bayes::{is_private_ip, parse_addresses};
use crate::analysis::Analysis;
use crate::report::{Hit, Report};

/// The test's name.
pub const AWL: &str = "AWL";
/// How far the score moves toward the sender's mean (SpamAssassin's
/// `auto_welcomelist_factor`).
pub const FACTOR: f64 = 0.5;

/// A sender's history: how many messages, and the sum of their scores.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct AwlEntry {
    /// Messages scored.
    pub count: u32,
    /// Sum of their scores (before AWL).
    pub total: f64,
}

impl AwlEntry {
    /// The mean score, when the entry holds usable data.
    #[must_use]
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0 && self.total.is_finite()).then(|| self.total / f64::from(self.count))
    }
}

/// What an AWL entry is stored under: the lower-cased sender address and the
/// client's network (IPv4 /16 as `a.b`, IPv6 /48), or `none`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AwlKey {
    /// The sender address, lower-cased, with `\0 ; ' " ! |` replaced by `_`.
    pub address: String,
    /// The client's network, if an IP was known.
    pub network: Option<String>,
}

impl AwlKey {
    /// The same sender without a network: SpamAssassin's entry for manual
    /// additions, which moves to the network key on first use.
    #[must_use]
    pub fn without_network(&self) -> Self {
        Self {
            address: self.address.clone(),
            network: None,
        }
    }
}

impl fmt::Display for AwlKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}|ip={}",
            self.address,
            self.network.as_deref().unwrap_or("none")
        )
    }
}

/// The key of this message's sender: the first From address and the first
/// public IP of the relay chain, scanning from the oldest hop. `None` when
/// the message has no From address (then AWL does nothing).
#[must_use]
pub fn key(analysis: &Analysis) -> Option<AwlKey> {
    let address = analysis
        .addresses
        .from
        .first()
        .map(|mailbox| mailbox.address.clone())
        .or_else(|| {
            let from = analysis.headers.first("From")?;
            parse_addresses(from)
                .into_iter()
                .find_map(|(_, address)| address)
        })?
        .to_lowercase();
    if address.is_empty() {
        return None;
    }
    let address = address
        .chars()
        .map(|c| {
            if matches!(c, '\0' | ';' | '\'' | '"' | '!' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let relays = &analysis.relays;
    let network = relays
        .trusted
        .iter()
        .chain(&relays.untrusted)
        .rev()
        .filter_map(|relay| relay.ip.parse::<IpAddr>().ok())
        .find(|ip| !is_private_ip(ip))
        .map(network_of);
    Some(AwlKey { address, network })
}

/// SpamAssassin's network string: IPv4 /16 as `a.b`; IPv6 /48 in full form
/// with the zero tail compressed, e.g. `2001:0db8:0001::`.
fn network_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            format!("{a}.{b}")
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:04x}:{:04x}:{:04x}::", s[0], s[1], s[2])
        }
    }
}

/// The score of the hits so far, AWL excluded, rounded to three decimals.
#[must_use]
pub fn points(hits: &[Hit]) -> f64 {
    round3(
        hits.iter()
            .filter(|hit| hit.name != AWL)
            .map(|hit| hit.score)
            .sum(),
    )
}

/// The AWL adjustment for a message scoring `points` from a sender with this
/// history: `(mean − points) × 0.5`, rounded to three decimals; `None` for
/// a first message or when the adjustment is zero.
#[must_use]
pub fn delta(entry: Option<AwlEntry>, points: f64) -> Option<f64> {
    let mean = entry?.mean()?;
    let delta = round3((mean - points) * FACTOR);
    (delta != 0.0 && delta.is_finite()).then_some(delta)
}

/// The entry to store after scoring: one more message, with its score before
/// AWL.
#[must_use]
pub fn update(entry: Option<AwlEntry>, report: &Report) -> AwlEntry {
    let entry = entry.filter(|e| e.total.is_finite()).unwrap_or_default();
    AwlEntry {
        count: entry.count.saturating_add(1),
        total: entry.total + points(&report.hits),
    }
}

/// A store of AWL entries by key, serializable, for callers that keep the
/// whole history in one place (the CLI's state file).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AwlStore {
    entries: BTreeMap<String, AwlEntry>,
}

impl AwlStore {
    /// The entry for `key`; if there is none but the sender has an entry
    /// without network, that one (SpamAssassin then moves it, see
    /// [`store`](Self::store)).
    #[must_use]
    pub fn get(&self, key: &AwlKey) -> Option<AwlEntry> {
        self.entries
            .get(&key.to_string())
            .or_else(|| {
                key.network
                    .as_ref()
                    .and_then(|_| self.entries.get(&key.without_network().to_string()))
                    .filter(|entry| entry.count > 0)
            })
            .copied()
    }

    /// Stores the updated entry for `key`, removing the sender's entry
    /// without network if it was used.
    pub fn store(&mut self, key: &AwlKey, entry: AwlEntry) {
        let full = key.to_string();
        if key.network.is_some() && !self.entries.contains_key(&full) {
            self.entries.remove(&key.without_network().to_string());
        }
        self.entries.insert(full, entry);
    }

    /// Number of senders.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the store is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{HeaderField, Relay};

    fn analysis(from: &str, ips: &[&str]) -> Analysis {
        let mut analysis = Analysis::default();
        analysis
            .headers
            .fields
            .push(HeaderField::plain("From", from));
        for ip in ips {
            analysis.relays.untrusted.push(Relay {
                ip: (*ip).into(),
                ..Relay::default()
            });
        }
        analysis
    }

    #[test]
    fn key_uses_the_oldest_public_ip() {
        // Newest first: 10.0.0.1 (private), 198.51.100.7, 203.0.113.9 (oldest).
        let a = analysis(
            "\"Ann\" <Ann@Example.COM>",
            &["10.0.0.1", "198.51.100.7", "203.0.113.9"],
        );
        assert_eq!(key(&a).unwrap().to_string(), "ann@example.com|ip=203.0");
        let a = analysis("x!y@example.com", &["192.168.1.1"]);
        assert_eq!(key(&a).unwrap().to_string(), "x_y@example.com|ip=none");
        let a = analysis("v6@example.com", &["2001:db8:1:2::5"]);
        assert_eq!(
            key(&a).unwrap().to_string(),
            "v6@example.com|ip=2001:0db8:0001::"
        );
        assert_eq!(key(&Analysis::default()), None);
    }

    #[test]
    fn formula() {
        let entry = AwlEntry {
            count: 4,
            total: 2.0,
        };
        // mean 0.5, points 10 → (0.5 − 10) × 0.5
        assert_eq!(delta(Some(entry), 10.0), Some(-4.75));
        // mean equal to points: no hit.
        assert_eq!(delta(Some(entry), 0.5), None);
        // A spammer's history pulls a clean-looking message up.
        assert_eq!(
            delta(
                Some(AwlEntry {
                    count: 2,
                    total: 30.0
                }),
                1.0
            ),
            Some(7.0)
        );
        assert_eq!(
            delta(
                Some(AwlEntry {
                    count: 0,
                    total: 0.0
                }),
                3.0
            ),
            None
        );
        assert_eq!(
            delta(
                Some(AwlEntry {
                    count: 1,
                    total: f64::NAN
                }),
                3.0
            ),
            None
        );
        assert_eq!(
            delta(
                Some(AwlEntry {
                    count: 3,
                    total: 1.0
                }),
                0.0
            ),
            Some(0.167)
        );
    }

    #[test]
    fn store_moves_an_entry_without_network() {
        let mut store = AwlStore::default();
        let bare = AwlKey {
            address: "a@b".into(),
            network: None,
        };
        let full = AwlKey {
            address: "a@b".into(),
            network: Some("1.2".into()),
        };
        store.store(
            &bare,
            AwlEntry {
                count: 1,
                total: -100.0,
            },
        );
        assert_eq!(
            store.get(&full),
            Some(AwlEntry {
                count: 1,
                total: -100.0
            })
        );
        store.store(
            &full,
            AwlEntry {
                count: 2,
                total: -99.0,
            },
        );
        assert_eq!(store.len(), 1);
        assert_eq!(store.get(&bare), None);
    }
}
