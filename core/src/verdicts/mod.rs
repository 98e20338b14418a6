//! What the caller resolved: the SMTP envelope, authentication results and DNS
//! answers (sans-IO: the engine never does the lookups itself).

use serde::{Deserialize, Serialize};

/// Everything the caller resolved for one message.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Verdicts {}

impl Verdicts {
    /// Whether any network verdict was supplied (switches on score sets 1 and 3).
    #[must_use]
    pub fn is_network(&self) -> bool {
        false
    }
}
