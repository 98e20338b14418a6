//! URIs found in the rendered text and in HTML attributes (sa-semantics §6.3).

use serde::{Deserialize, Serialize};

use crate::analysis::LimitHit;
use crate::analysis::body::Body;
use crate::analysis::html::HtmlModel;
use crate::config::Limits;

/// One URI.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Uri {
    /// The URI as found.
    pub raw: String,
    /// Its host, lower-cased, if any.
    pub host: Option<String>,
}

/// Every URI of the message, at most `max_uris`.
pub(crate) fn extract(
    _body: &Body,
    _html: &[HtmlModel],
    _limits: &Limits,
    _limits_hit: &mut Vec<LimitHit>,
) -> Vec<Uri> {
    Vec::new()
}
