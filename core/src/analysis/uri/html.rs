//! URIs of HTML attributes (sa-semantics §6.3, source 2), keyed as
//! SpamAssassin's `HTML.pm` keys them.
//!
//! Which tag and attribute pairs count, the `<base href>` and the RFC 3986
//! resolution are the HTML model's work (`analysis::html`, at parse time as
//! `HTML.pm` does it): each [`HtmlLink`](crate::analysis::html::HtmlLink)
//! arrives with its resolved `target`. This module only groups the links of
//! one part by URI.

use std::collections::HashMap;

use crate::analysis::html::HtmlModel;

/// One URI of an HTML part, keyed as SpamAssassin keys it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct HtmlUri {
    /// The resolved URI (or, for anchor text only, the `href` as written).
    pub(crate) key: String,
    /// Tag names that referenced it, in first-seen order.
    pub(crate) tags: Vec<String>,
    /// Anchor texts of `<a>` tags whose `href` is this key, unique.
    pub(crate) anchors: Vec<String>,
}

/// The URIs of one HTML part, in first-seen order.
#[derive(Default)]
struct PartUris {
    list: Vec<HtmlUri>,
    index: HashMap<String, usize>,
}

impl PartUris {
    fn entry(&mut self, key: &str) -> &mut HtmlUri {
        let next = self.list.len();
        let at = *self.index.entry(key.to_owned()).or_insert(next);
        if at == next {
            self.list.push(HtmlUri {
                key: key.to_owned(),
                ..HtmlUri::default()
            });
        }
        &mut self.list[at]
    }

    fn add_tag(&mut self, key: &str, tag: &str) {
        let entry = self.entry(key);
        if !entry.tags.iter().any(|t| t == tag) {
            entry.tags.push(tag.to_owned());
        }
    }

    fn add_anchor(&mut self, key: &str, text: &str) {
        let entry = self.entry(key);
        if !entry.anchors.iter().any(|t| t == text) {
            entry.anchors.push(text.to_owned());
        }
    }
}

/// The URIs of one HTML part: each link's resolved target carries its tag;
/// the anchor text of an `<a href>` goes to the `href` as written, as in
/// `HTML.pm` (so a relative link yields two entries under a `<base>`).
pub(crate) fn part_uris(model: &HtmlModel) -> Vec<HtmlUri> {
    let mut part = PartUris::default();
    for link in &model.links {
        part.add_tag(&link.target, &link.tag);
        if link.tag == "a" && link.attr == "href" {
            part.add_anchor(&link.value, link.anchor_text.as_deref().unwrap_or(""));
        }
    }
    part.list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Limits;

    fn uris(source: &str) -> Vec<HtmlUri> {
        part_uris(&HtmlModel::parse(
            0,
            source,
            &Limits::default(),
            &mut Vec::new(),
        ))
    }

    #[test]
    fn anchor_text_follows_the_written_href() {
        let uris = uris("<base href=\"http://example.com/\"><a href=\"next.html\">Next</a>");
        // The target carries the tag, the href as written the anchor text.
        assert_eq!(uris[1].key, "http://example.com/next.html");
        assert_eq!(uris[1].tags, ["a"]);
        assert!(uris[1].anchors.is_empty());
        assert_eq!(uris[2].key, "next.html");
        assert_eq!(uris[2].anchors, ["Next"]);
        assert!(uris[2].tags.is_empty());
    }

    #[test]
    fn one_entry_per_uri() {
        let uris = uris(concat!(
            "<a href=\"http://x.test/\">one</a><img src=\"http://x.test/\">",
            "<a href=\"http://x.test/\">two</a><a href=\"http://x.test/\">one</a>",
        ));
        assert_eq!(uris.len(), 1);
        assert_eq!(uris[0].tags, ["a", "img"]);
        assert_eq!(uris[0].anchors, ["one", "two"]);
    }

    #[test]
    fn meta_refresh_and_empty_values() {
        let uris = uris(concat!(
            "<meta http-equiv=refresh content=\"5; URL = http://h.example/ ; x\">",
            "<img src=\"  \"><a href=\"\">empty</a>",
        ));
        let keys: Vec<&str> = uris.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(keys, ["http://h.example/"]);
        assert_eq!(uris[0].tags, ["meta"]);
    }
}
