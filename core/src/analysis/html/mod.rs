//! The HTML model: one per effective `text/html` leaf, as SpamAssassin's
//! `HTML.pm` builds it (sa-semantics §1.1).

use std::collections::BTreeMap;

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
    /// Final open-tag counter per lower-cased tag name; a key exists when the
    /// tag was seen at all (start or end tag), as SpamAssassin's `inside{}`.
    pub inside: BTreeMap<String, i64>,
    /// URI-bearing attributes in document order (`a href`, `img src`, …).
    pub links: Vec<HtmlLink>,
}

/// One URI-bearing attribute of an HTML tag.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HtmlLink {
    /// Lower-cased tag name (`a`, `img`, `form`, `base`, `meta`, …).
    pub tag: String,
    /// Lower-cased attribute name (`href`, `src`, `action`, `background`, …).
    pub attr: String,
    /// The entity-decoded attribute value, trimmed.
    pub value: String,
    /// For `a`/`area`: the anchor text collected until the tag closed.
    pub anchor_text: Option<String>,
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
