//! The MIME tree with SpamAssassin's type normalisation (sa-semantics §0.2).

use serde::{Deserialize, Serialize};

use crate::analysis::LimitHit;
use crate::config::Limits;
use crate::parse::Parsed;

/// One node of the MIME tree (the root, a container or a leaf).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MimeNode {
    /// Index of the parent node, `None` for the root.
    pub parent: Option<usize>,
    /// Nesting depth, 0 for the root.
    pub depth: usize,
    /// SpamAssassin's normalised type (`text/plain` for a missing header or any
    /// `text/*` other than html, calendar and x-vcard).
    pub ctype: String,
    /// The type that decides rendering: `text/html` when the file name ends in
    /// `.htm`/`.html`/`.shtml`, else `ctype`.
    pub effective_type: String,
    /// The raw value of the (last) Content-Type field, if any.
    pub raw_content_type: Option<String>,
    /// The Content-Disposition value, lower-cased, if any.
    pub disposition: Option<String>,
    /// Declared charset, lower-cased.
    pub charset: Option<String>,
    /// File name from Content-Disposition or Content-Type, decoded.
    pub filename: Option<String>,
    /// Size of the transfer-decoded content in bytes (leaves).
    pub size: usize,
    /// Whether the node is a leaf (not a multipart container).
    pub is_leaf: bool,
    /// Charset-decoded text of leaves whose effective type is `text/plain` or
    /// `text/html`.
    pub text: Option<String>,
}

/// The MIME tree, nodes in document order (depth first).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MimeTree {
    /// All nodes; `nodes[0]` is the root.
    pub nodes: Vec<MimeNode>,
}

impl MimeTree {
    pub(crate) fn extract(
        _parsed: &Parsed<'_>,
        _limits: &Limits,
        _limits_hit: &mut Vec<LimitHit>,
    ) -> Self {
        Self::default()
    }

    /// `(node index, decoded HTML source)` of every leaf whose effective type is
    /// `text/html`, in document order.
    pub fn html_sources(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        self.nodes.iter().enumerate().filter_map(|(i, node)| {
            (node.is_leaf && node.effective_type == "text/html")
                .then_some(node.text.as_deref())
                .flatten()
                .map(|text| (i, text))
        })
    }
}
