//! The Received chain and the trust boundary (sa-semantics §2.8).

use serde::{Deserialize, Serialize};

use crate::analysis::headers::Headers;

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
    /// Envelope sender, when the MTA recorded it.
    pub envfrom: String,
    /// Whether the client authenticated.
    pub auth: bool,
}

/// Relays, newest first, split at the trust boundary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Relays {
    /// Trusted relays, newest first.
    pub trusted: Vec<Relay>,
    /// Untrusted relays, newest first.
    pub untrusted: Vec<Relay>,
    /// Received fields that could not be parsed.
    pub unparseable: usize,
}

impl Relays {
    pub(crate) fn extract(_headers: &Headers) -> Self {
        Self::default()
    }
}
