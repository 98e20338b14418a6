//! Addresses of From, Sender, Reply-To, To and Cc.

use serde::{Deserialize, Serialize};

use crate::analysis::headers::Headers;

/// One mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mailbox {
    /// Display name, decoded.
    pub name: Option<String>,
    /// The address (`local@domain`).
    pub address: String,
}

/// Addresses by field, in order of appearance.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Addresses {
    /// Every From address (of every From field).
    pub from: Vec<Mailbox>,
    /// Sender.
    pub sender: Vec<Mailbox>,
    /// Reply-To.
    pub reply_to: Vec<Mailbox>,
    /// To.
    pub to: Vec<Mailbox>,
    /// Cc.
    pub cc: Vec<Mailbox>,
}

impl Addresses {
    pub(crate) fn extract(_headers: &Headers) -> Self {
        Self::default()
    }
}
