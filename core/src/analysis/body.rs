//! Rendered text: what body tests and Bayes read (sa-semantics §0.5).

use serde::{Deserialize, Serialize};

use crate::analysis::html::HtmlModel;
use crate::analysis::mime::MimeTree;

/// The rendering of one effective `text/plain` or `text/html` leaf.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TextPart {
    /// Index of the leaf in the [`MimeTree`].
    pub node: usize,
    /// Whether the part was rendered as HTML.
    pub is_html: bool,
    /// Index into [`crate::Analysis::html`] for HTML parts.
    pub html: Option<usize>,
    /// Full rendering (visible and invisible text).
    pub rendered: String,
    /// Visible text only.
    pub visible: String,
    /// Invisible text only (HTML parts).
    pub invisible: String,
}

/// The rendered body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Body {
    /// One rendering per text leaf, in document order.
    pub parts: Vec<TextPart>,
    /// SpamAssassin's body lines: the Subject is line 1, whitespace collapsed,
    /// lines split at 2048 bytes; each line keeps its trailing `\n`.
    pub lines: Vec<String>,
    /// The same for visible text only (Bayes).
    pub visible_lines: Vec<String>,
    /// Invisible HTML text, without the Subject (Bayes).
    pub invisible_lines: Vec<String>,
}

impl Body {
    pub(crate) fn render(_mime: &MimeTree, _html: &[HtmlModel], _subject: Option<&str>) -> Self {
        Self::default()
    }
}
