//! The HTML model: one per effective `text/html` leaf, as SpamAssassin's
//! `HTML.pm` builds it (sa-semantics §1.1).

use serde::{Deserialize, Serialize};

use crate::analysis::LimitHit;
use crate::config::Limits;

/// What SpamAssassin's HTML parser learns about one HTML part.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HtmlModel {
    /// Index of the leaf in the MIME tree.
    pub node: usize,
    /// Characters of the whole decoded source, markup included.
    pub length: usize,
    /// Full rendering (visible and invisible chunks).
    pub rendered: String,
    /// Visible chunks.
    pub visible: String,
    /// Invisible chunks.
    pub invisible: String,
}

impl HtmlModel {
    /// Parses the decoded HTML source of the MIME leaf `node`.
    pub fn parse(
        node: usize,
        source: &str,
        _limits: &Limits,
        _limits_hit: &mut Vec<LimitHit>,
    ) -> Self {
        Self {
            node,
            length: source.chars().count(),
            ..Self::default()
        }
    }
}
