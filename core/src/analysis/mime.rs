//! The MIME tree with SpamAssassin's type normalisation (sa-semantics §0.2).

use mail_parser::{Message, MimeHeaders, PartType};
use serde::{Deserialize, Serialize};

use crate::analysis::LimitHit;
use crate::config::Limits;
use crate::parse::{self, Parsed, charset, ctype, scan};

/// One node of the MIME tree (the root, a container or a leaf).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MimeNode {
    /// Index of the parent node, `None` for the root.
    pub parent: Option<usize>,
    /// Indices of the children, in document order (empty for leaves).
    pub children: Vec<usize>,
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
    /// The Content-Disposition type (`inline`, `attachment`, …), lower-cased,
    /// if any.
    pub disposition: Option<String>,
    /// Declared charset, lower-cased.
    pub charset: Option<String>,
    /// The multipart boundary, if declared.
    pub boundary: Option<String>,
    /// The Content-Transfer-Encoding, lower-cased, if any.
    pub transfer_encoding: Option<String>,
    /// File name from Content-Disposition or Content-Type, decoded.
    pub filename: Option<String>,
    /// Size of the transfer-decoded content in bytes (leaves), before any cut.
    pub size: usize,
    /// Whether the node is a leaf (not a multipart container nor an attached
    /// message that was parsed).
    pub is_leaf: bool,
    /// Charset-decoded text of leaves whose effective type is `text/plain` or
    /// `text/html`.
    pub text: Option<String>,
    /// Transfer-decoded, not charset-decoded content of leaves whose effective
    /// type is `text/*` (but `text/calendar`) or `message/*`: what `rawbody`
    /// tests read. Cut to `max_part_bytes`.
    #[serde(skip)]
    pub content: Vec<u8>,
    #[serde(default)]
    /// Whether the leaf's body as transmitted, before transfer decoding, holds
    /// a NUL, a carriage return or a byte from 0x80 up: what a US-ASCII text
    /// may not contain (SpamAssassin's `mime_ascii_text_illegal` count).
    pub raw_outside_ascii: bool,
    /// Bytes in the longest line of the leaf's body as transmitted, before
    /// transfer decoding, its line feed included (SpamAssassin's
    /// `mime_qp_long_line` looks for more than 79).
    #[serde(default)]
    pub raw_longest_line: usize,
    /// The decoded value of the (last) Content-Disposition field, if any.
    #[serde(default)]
    pub raw_disposition: Option<String>,
    /// Whether a multipart has text after its closing boundary, other than
    /// blanks and dots (SpamAssassin's `mime_epilogue_exists`).
    #[serde(default)]
    pub epilogue: bool,
}

impl MimeNode {
    /// Whether this leaf is rendered as body text (effective `text/plain` or
    /// `text/html`).
    #[must_use]
    pub fn is_rendered(&self) -> bool {
        self.is_leaf && matches!(self.effective_type.as_str(), "text/plain" | "text/html")
    }
}

/// The MIME tree, nodes in document order (depth first).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MimeTree {
    /// All nodes; `nodes[0]` is the root.
    pub nodes: Vec<MimeNode>,
}

/// A node still to be read.
enum Work<'m, 'x> {
    /// A part of a mail-parser message.
    Part {
        message: &'m Message<'x>,
        index: usize,
        parent: Option<usize>,
        depth: usize,
        /// Inside a multipart: SpamAssassin passes the parent's boundary down.
        in_multipart: bool,
        /// The parent is a `multipart/digest`: a missing type means a message.
        in_digest: bool,
    },
    /// The body of a multipart whose boundary never comes: SpamAssassin reads
    /// it as a single part, with its own header.
    Whole {
        bytes: Vec<u8>,
        parent: usize,
        depth: usize,
        /// Whether leading header lines are read (not at a message's root,
        /// where SpamAssassin puts a blank line before the body first).
        read_header: bool,
    },
}

/// The decoded value of the last field `name` of a part.
fn last_header(message: &Message<'_>, part: &parse::MessagePart<'_>, name: &str) -> Option<String> {
    part.headers
        .iter()
        .rev()
        .find(|h| h.name.as_str().eq_ignore_ascii_case(name))
        .and_then(|h| {
            message
                .raw_message
                .get(h.offset_start as usize..h.offset_end as usize)
        })
        .map(|value| charset::decode_header(value, name))
}

/// `\.s?html?$`, case-insensitively.
fn is_html_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".htm", ".html", ".shtm", ".shtml"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// `bytes` cut to `max`, backing off to a UTF-8 character boundary when the
/// cut would split one (so that a UTF-8 text stays UTF-8).
fn cut(bytes: &[u8], max: usize) -> &[u8] {
    let Some(head) = bytes.get(..max) else {
        return bytes;
    };
    match std::str::from_utf8(head) {
        Err(error) if error.error_len().is_none() => {
            head.get(..error.valid_up_to()).unwrap_or(head)
        }
        _ => head,
    }
}

struct Builder<'l> {
    nodes: Vec<MimeNode>,
    limits: &'l Limits,
    limits_hit: &'l mut Vec<LimitHit>,
    parts_hit: bool,
    depth_hit: bool,
}

impl Builder<'_> {
    fn push(&mut self, mut node: MimeNode) -> Option<usize> {
        if self.nodes.len() >= self.limits.max_parts {
            if !self.parts_hit {
                self.parts_hit = true;
                self.limits_hit.push(LimitHit::new(
                    "max_parts",
                    self.limits.max_parts,
                    format!("part {}", self.nodes.len() + 1),
                ));
            }
            return None;
        }
        let index = self.nodes.len();
        if let Some(parent) = node.parent
            && let Some(parent) = self.nodes.get_mut(parent)
        {
            parent.children.push(index);
        }
        node.children = Vec::new();
        self.nodes.push(node);
        Some(index)
    }

    /// Whether children at `depth` may be read; records the limit otherwise.
    fn may_descend(&mut self, depth: usize, at: usize) -> bool {
        if depth <= self.limits.max_mime_depth {
            return true;
        }
        if !self.depth_hit {
            self.depth_hit = true;
            self.limits_hit.push(LimitHit::new(
                "max_mime_depth",
                self.limits.max_mime_depth,
                format!("part {}", at + 1),
            ));
        }
        false
    }

    /// Fills the content fields of a leaf from its transfer-decoded bytes.
    fn fill_leaf(&mut self, node: &mut MimeNode, bytes: &[u8], at: usize) {
        node.is_leaf = true;
        node.size = bytes.len();
        let kept = if bytes.len() > self.limits.max_part_bytes {
            self.limits_hit.push(LimitHit::new(
                "max_part_bytes",
                self.limits.max_part_bytes,
                format!("part {}", at + 1),
            ));
            cut(bytes, self.limits.max_part_bytes)
        } else {
            bytes
        };
        let effective = node.effective_type.as_str();
        if matches!(effective, "text/plain" | "text/html") {
            let text = charset::decode(kept, node.charset.as_deref());
            node.text = Some(if text.contains('\r') {
                text.replace("\r\n", "\n")
            } else {
                text
            });
        }
        if (effective.starts_with("text") || effective.starts_with("message"))
            && effective != "text/calendar"
        {
            node.content = kept.to_vec();
        }
    }
}

impl MimeTree {
    pub(crate) fn extract(
        parsed: &Parsed<'_>,
        limits: &Limits,
        limits_hit: &mut Vec<LimitHit>,
    ) -> Self {
        let mut builder = Builder {
            nodes: Vec::new(),
            limits,
            limits_hit,
            parts_hit: false,
            depth_hit: false,
        };
        let mut stack = vec![Work::Part {
            message: &parsed.message,
            index: 0,
            parent: None,
            depth: 0,
            in_multipart: false,
            in_digest: false,
        }];
        while let Some(work) = stack.pop() {
            if builder.parts_hit {
                break;
            }
            match work {
                Work::Part {
                    message,
                    index,
                    parent,
                    depth,
                    in_multipart,
                    in_digest,
                } => {
                    let Some(part) = message.parts.get(index) else {
                        continue;
                    };
                    builder.part(
                        message,
                        part,
                        parent,
                        depth,
                        in_multipart,
                        in_digest,
                        &mut stack,
                    );
                }
                Work::Whole {
                    bytes,
                    parent,
                    depth,
                    read_header,
                } => builder.whole(&bytes, parent, depth, read_header),
            }
        }
        Self {
            nodes: builder.nodes,
        }
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

    /// `(node index, transfer-decoded bytes)` of every leaf that `rawbody`
    /// tests read (effective `text/*` but `text/calendar`, and `message/*`), in
    /// document order; not charset-decoded, not rendered.
    pub fn rawbody(&self) -> impl Iterator<Item = (usize, &[u8])> + '_ {
        self.nodes.iter().enumerate().filter_map(|(i, node)| {
            let effective = node.effective_type.as_str();
            (node.is_leaf
                && (effective.starts_with("text") || effective.starts_with("message"))
                && effective != "text/calendar")
                .then_some((i, node.content.as_slice()))
        })
    }

    /// The root node, if the message was parsed at all.
    #[must_use]
    pub fn root(&self) -> Option<&MimeNode> {
        self.nodes.first()
    }

    /// The node `index` and all its descendants, in document order
    /// (SpamAssassin's `find_parts` from that node).
    pub fn subtree(&self, index: usize) -> impl Iterator<Item = (usize, &MimeNode)> + '_ {
        let mut stack = vec![index];
        std::iter::from_fn(move || {
            let at = stack.pop()?;
            let node = self.nodes.get(at)?;
            stack.extend(node.children.iter().rev().copied());
            Some((at, node))
        })
    }

    /// SpamAssassin's `content_summary`: the root's type, then for each child
    /// of the root its type and those of all its descendants, joined by `,`.
    #[must_use]
    pub fn content_summary(&self) -> Vec<String> {
        let Some(root) = self.root() else {
            return Vec::new();
        };
        let mut summary = vec![root.ctype.clone()];
        for &child in &root.children {
            let types: Vec<&str> = self
                .subtree(child)
                .map(|(_, node)| node.ctype.as_str())
                .collect();
            summary.push(types.join(","));
        }
        summary
    }
}

impl<'m, 'x> Builder<'_> {
    #[allow(clippy::too_many_arguments)] // one call site: the work loop
    fn part(
        &mut self,
        message: &'m Message<'x>,
        part: &'m parse::MessagePart<'x>,
        parent: Option<usize>,
        depth: usize,
        in_multipart: bool,
        in_digest: bool,
        stack: &mut Vec<Work<'m, 'x>>,
    ) {
        let raw_content_type = last_header(message, part, "Content-Type");
        let ct = ctype::parse_last(raw_content_type.as_deref());
        let mut mime_type = if ct.missing && in_digest {
            "message/rfc822".to_owned()
        } else {
            ct.mime_type.clone()
        };
        let disposition_value = last_header(message, part, "Content-Disposition");
        let sa_name = disposition_value
            .as_deref()
            .and_then(ctype::disposition_name)
            .or_else(|| ct.name.clone());
        let filename = sa_name
            .as_deref()
            .map(|name| charset::decode_header(name.as_bytes(), "Content-Type"))
            .or_else(|| part.attachment_name().map(str::to_owned));
        let is_multipart_type = mime_type.starts_with("multipart/");
        let at = self.nodes.len();
        let container = match &part.body {
            PartType::Multipart(_) => self.may_descend(depth + 1, at),
            PartType::Message(_)
                if matches!(mime_type.as_str(), "message/rfc822" | "message/global") =>
            {
                self.may_descend(depth + 1, at)
            }
            _ if is_multipart_type && (ct.boundary.is_some() || in_multipart) => {
                self.may_descend(depth + 1, at)
            }
            _ => false,
        };
        if !container && is_multipart_type && !in_multipart && ct.boundary.is_none() {
            mime_type = "text/plain".to_owned();
        }
        let effective_type = if sa_name.as_deref().is_some_and(is_html_name) {
            "text/html".to_owned()
        } else {
            mime_type.clone()
        };
        let mut node = MimeNode {
            parent,
            depth,
            ctype: mime_type.clone(),
            effective_type,
            raw_content_type,
            disposition: disposition_value.as_deref().map(|value| {
                value
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            }),
            raw_disposition: disposition_value,
            charset: ct.charset.as_deref().map(str::to_ascii_lowercase),
            boundary: ct.boundary.clone(),
            transfer_encoding: last_header(message, part, "Content-Transfer-Encoding")
                .map(|value| value.trim().to_ascii_lowercase()),
            filename,
            ..MimeNode::default()
        };
        if !container {
            let text_like = node.ctype.starts_with("text/") || node.ctype.starts_with("message/");
            let boundaries = self.enclosing_boundaries(parent);
            let boundaries: Vec<&[u8]> = boundaries.iter().map(String::as_bytes).collect();
            let encoded = parse::encoded_bytes(message, part, &boundaries);
            node.raw_outside_ascii = encoded.is_some_and(outside_ascii);
            node.raw_longest_line = encoded.map_or(0, longest_line);
            let bytes = parse::decoded_bytes(
                message,
                part,
                node.transfer_encoding.as_deref(),
                text_like,
                &boundaries,
            );
            self.fill_leaf(&mut node, &bytes, at);
            self.push(node);
            return;
        }
        if let (PartType::Multipart(_), Some(boundary)) = (&part.body, &node.boundary) {
            // An attached message's body also ends at the boundaries of the
            // multiparts around it.
            let enclosing: Vec<&[u8]> = std::iter::successors(parent, |&at| {
                self.nodes.get(at).and_then(|node| node.parent)
            })
            .filter_map(|at| self.nodes.get(at))
            .filter(|node| node.ctype.starts_with("multipart/"))
            .filter_map(|node| node.boundary.as_deref())
            .map(str::as_bytes)
            .collect();
            node.epilogue = scan::has_epilogue(
                &message.raw_message,
                part.offset_body as usize,
                boundary.as_bytes(),
                &enclosing,
            );
        }
        let encoding = node.transfer_encoding.clone();
        let Some(me) = self.push(node) else { return };
        match &part.body {
            PartType::Multipart(ids) => {
                let in_digest = mime_type == "multipart/digest";
                for &id in ids.iter().rev() {
                    stack.push(Work::Part {
                        message,
                        index: id as usize,
                        parent: Some(me),
                        depth: depth + 1,
                        in_multipart: true,
                        in_digest,
                    });
                }
            }
            PartType::Message(nested) => stack.push(Work::Part {
                message: nested,
                index: 0,
                parent: Some(me),
                depth: depth + 1,
                in_multipart: false,
                in_digest: false,
            }),
            _ => stack.push(Work::Whole {
                bytes: parse::decoded_bytes(message, part, encoding.as_deref(), false, &[])
                    .into_owned(),
                parent: me,
                depth: depth + 1,
                read_header: in_multipart,
            }),
        }
    }

    /// Boundaries of the multiparts enclosing a part whose parent is
    /// `parent`, nearest first, up to the message the part belongs to.
    fn enclosing_boundaries(&self, mut parent: Option<usize>) -> Vec<String> {
        let mut boundaries = Vec::new();
        while let Some(node) = parent.and_then(|at| self.nodes.get(at)) {
            if !node.ctype.starts_with("multipart/") {
                break;
            }
            if let Some(boundary) = &node.boundary {
                boundaries.push(boundary.clone());
            }
            parent = node.parent;
        }
        boundaries
    }

    /// A single part read from the body of a multipart whose boundary is
    /// missing: leading header lines, then the content.
    fn whole(&mut self, bytes: &[u8], parent: usize, depth: usize, read_header: bool) {
        let mut content_type = None;
        let mut body_start = 0;
        let mut current: Option<(String, String)> = None;
        for (offset, line) in scan::lines(bytes).take_while(|_| read_header) {
            if scan::is_header_line(line) {
                if let Some((name, value)) = current.take()
                    && name.eq_ignore_ascii_case("content-type")
                {
                    content_type = Some(value);
                }
                let text = String::from_utf8_lossy(line);
                let (name, value) = text.split_once(':').unwrap_or_default();
                current = Some((name.trim().to_owned(), value.to_owned()));
            } else if current.is_some() && matches!(line.first(), Some(b' ' | b'\t')) {
                if let Some((_, value)) = current.as_mut() {
                    value.push_str(&String::from_utf8_lossy(line));
                }
            } else {
                body_start = if scan::strip_eol(line).is_empty() {
                    offset + line.len()
                } else {
                    offset
                };
                break;
            }
            body_start = offset + line.len();
        }
        if let Some((name, value)) = current
            && name.eq_ignore_ascii_case("content-type")
        {
            content_type = Some(value);
        }
        let content_type =
            content_type.map(|value| charset::decode_header(value.as_bytes(), "Content-Type"));
        let ct = ctype::parse_last(content_type.as_deref());
        let at = self.nodes.len();
        let mut node = MimeNode {
            parent: Some(parent),
            depth,
            ctype: ct.mime_type.clone(),
            effective_type: if ct.name.as_deref().is_some_and(is_html_name) {
                "text/html".to_owned()
            } else {
                ct.mime_type.clone()
            },
            raw_content_type: content_type,
            charset: ct.charset.as_deref().map(str::to_ascii_lowercase),
            filename: ct.name.clone(),
            ..MimeNode::default()
        };
        let body = bytes.get(body_start..).unwrap_or_default();
        node.raw_outside_ascii = outside_ascii(body);
        node.raw_longest_line = longest_line(body);
        self.fill_leaf(&mut node, body, at);
        self.push(node);
    }
}

/// Whether `bytes` hold a NUL, a carriage return or a byte from 0x80 up.
fn outside_ascii(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b == 0 || b == b'\r' || b >= 0x80)
}

/// The length of the longest line of `bytes`, its line feed included.
fn longest_line(bytes: &[u8]) -> usize {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use crate::analysis::Analysis;
    use crate::config::Limits;

    fn tree(raw: &[u8]) -> Analysis {
        Analysis::build(raw, &Limits::default()).unwrap()
    }

    #[test]
    fn epilogue_of_an_attached_message_ends_at_the_outer_boundary() {
        let raw = b"Content-Type: multipart/mixed; boundary=out\n\n--out\nContent-Type: message/rfc822\n\nSubject: inner\nContent-Type: multipart/alternative; boundary=in\n\n--in\nContent-Type: text/plain\n\nhi\n--in--\n\n--out--\n";
        let epilogues: Vec<bool> = tree(raw).mime.nodes.iter().map(|n| n.epilogue).collect();
        assert!(!epilogues.contains(&true), "{epilogues:?}");
        let with_text = String::from_utf8_lossy(raw).replace("--in--\n", "--in--\nhidden\n");
        let epilogues: Vec<bool> = tree(with_text.as_bytes())
            .mime
            .nodes
            .iter()
            .map(|n| n.epilogue)
            .collect();
        assert_eq!(epilogues.iter().filter(|&&e| e).count(), 1, "{epilogues:?}");
    }

    fn types(analysis: &Analysis) -> Vec<(&str, usize, bool)> {
        analysis
            .mime
            .nodes
            .iter()
            .map(|n| (n.ctype.as_str(), n.depth, n.is_leaf))
            .collect()
    }

    #[test]
    fn single_part_defaults() {
        let a = tree(b"From: a@example.com\n\nhello\n");
        assert_eq!(types(&a), [("text/plain", 0, true)]);
        assert_eq!(a.mime.nodes[0].text.as_deref(), Some("hello\n"));
        assert_eq!(a.mime.nodes[0].size, 6);
    }

    #[test]
    fn normalisation() {
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/enriched\n\nx\n--b\nContent-Type: image/gif\nContent-Type: TEXT/X-VCARD\n\ny\n--b\nContent-Type: multipart/alternative\n\nz\n--b--\n";
        let a = tree(raw);
        assert_eq!(
            types(&a),
            [
                ("multipart/mixed", 0, false),
                ("text/plain", 1, true),
                ("text/x-vcard", 1, true),
                // A nested multipart without a boundary: SpamAssassin reads
                // its body as one part.
                ("multipart/alternative", 1, false),
                ("text/plain", 2, true),
            ]
        );
        assert_eq!(a.mime.nodes[0].children, [1, 2, 3]);
        assert_eq!(a.mime.nodes[4].parent, Some(3));
        assert_eq!(a.mime.nodes[4].text.as_deref(), Some("z"));
    }

    #[test]
    fn top_level_multipart_without_boundary_is_text() {
        let a = tree(b"From: a@example.com\nContent-Type: multipart/mixed\n\nhello\n");
        assert_eq!(types(&a), [("text/plain", 0, true)]);
    }

    #[test]
    fn digest_children_default_to_messages() {
        let raw = b"From: a@example.com\nContent-Type: multipart/digest; boundary=b\n\n--b\n\nFrom: c@example.com\nSubject: inner\n\ninner body\n--b--\n";
        let a = tree(raw);
        assert_eq!(
            types(&a),
            [
                ("multipart/digest", 0, false),
                ("message/rfc822", 1, false),
                ("text/plain", 2, true),
            ]
        );
        assert_eq!(a.mime.nodes[2].text.as_deref(), Some("inner body"));
    }

    #[test]
    fn attached_message_is_part_of_the_tree() {
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nouter\n--b\nContent-Type: message/rfc822\n\nFrom: c@example.com\nContent-Type: multipart/alternative; boundary=c\n\n--c\nContent-Type: text/plain\n\nin text\n--c\nContent-Type: text/html\n\n<b>in html</b>\n--c--\n--b--\n";
        let a = tree(raw);
        assert_eq!(
            types(&a),
            [
                ("multipart/mixed", 0, false),
                ("text/plain", 1, true),
                ("message/rfc822", 1, false),
                ("multipart/alternative", 2, false),
                ("text/plain", 3, true),
                ("text/html", 3, true),
            ]
        );
        let html: Vec<_> = a.mime.html_sources().collect();
        assert_eq!(html, [(5, "<b>in html</b>")]);
    }

    #[test]
    fn html_named_binary_part_is_decoded_with_its_charset() {
        // "<p>caf\xe9</p>" in base64, declared ISO-8859-1.
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream; charset=iso-8859-1\nContent-Disposition: attachment; filename=\"=?utf-8?q?page=2Ehtml?=\"\nContent-Transfer-Encoding: base64\n\nPHA+Y2Fm6TwvcD4=\n--b--\n";
        let a = tree(raw);
        let node = &a.mime.nodes[1];
        // SpamAssassin decodes the field first, encoded words in quotes too.
        assert_eq!(node.effective_type, "text/html");
        assert_eq!(node.filename.as_deref(), Some("page.html"));
        let raw = String::from_utf8_lossy(raw).replace("\"=?utf-8?q?page=2Ehtml?=\"", "page.HTML");
        let a = tree(raw.as_bytes());
        let node = &a.mime.nodes[1];
        assert_eq!(node.ctype, "application/octet-stream");
        assert_eq!(node.effective_type, "text/html");
        assert_eq!(node.disposition.as_deref(), Some("attachment"));
        assert_eq!(node.transfer_encoding.as_deref(), Some("base64"));
        assert_eq!(node.text.as_deref(), Some("<p>café</p>"));
        assert_eq!(node.size, 11);
    }

    #[test]
    fn base64_part_without_closing_boundary_is_decoded() {
        // "<html>\r\n<b>hi</b>\r\n" in base64; the closing boundary never comes.
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\n\nPGh0bWw+DQo8Yj5oaTwvYj4NCg==\n\n";
        let a = tree(raw);
        assert_eq!(a.mime.nodes[1].text.as_deref(), Some("<html>\n<b>hi</b>\n"));
        // Near miss: with its closing boundary the part reads the same.
        let mut closed = raw.to_vec();
        closed.extend_from_slice(b"--b--\n");
        let a = tree(&closed);
        assert_eq!(a.mime.nodes[1].text.as_deref(), Some("<html>\n<b>hi</b>\n"));
    }

    #[test]
    fn part_runs_past_a_boundary_with_text_after_it() {
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<b>hi</b>\n--b--</body>\n";
        let a = tree(raw);
        assert_eq!(
            a.mime.nodes[1].text.as_deref(),
            Some("<b>hi</b>\n--b--</body>\n")
        );
        // Near miss: a boundary line ends the part, its line end dropped.
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<b>hi</b>\n--b-- \n</body>\n";
        let a = tree(raw);
        assert_eq!(a.mime.nodes[1].text.as_deref(), Some("<b>hi</b>"));
    }

    #[test]
    fn rfc2231_file_name() {
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf\n\nxx\n--b--\n";
        let a = tree(raw);
        assert_eq!(a.mime.nodes[1].filename.as_deref(), Some("résumé.pdf"));
    }

    #[test]
    fn charsets() {
        let latin = tree(b"From: a@example.com\nContent-Type: text/plain; charset=\"ISO-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\ncaf=E9=\n au lait\n");
        assert_eq!(latin.mime.nodes[0].charset.as_deref(), Some("iso-8859-1"));
        assert_eq!(latin.mime.nodes[0].text.as_deref(), Some("café au lait\n"));
        let broken = tree(
            b"From: a@example.com\nContent-Type: text/plain; charset=no-such-thing\n\ncaf\xe9\n",
        );
        assert_eq!(broken.mime.nodes[0].text.as_deref(), Some("café\n"));
        // rawbody keeps the bytes.
        assert_eq!(broken.mime.rawbody().next(), Some((0, &b"caf\xe9\n"[..])));
    }

    fn nested(depth: usize) -> Vec<u8> {
        let mut raw = b"From: a@example.com\n".to_vec();
        for level in 0..depth {
            raw.extend_from_slice(
                format!("Content-Type: multipart/mixed; boundary=b{level}\n\n--b{level}\n")
                    .as_bytes(),
            );
        }
        raw.extend_from_slice(b"Content-Type: text/plain\n\ndeep\n");
        for level in (0..depth).rev() {
            raw.extend_from_slice(format!("--b{level}--\n").as_bytes());
        }
        raw
    }

    #[test]
    fn deep_nesting_is_cut() {
        let a = tree(&nested(5));
        assert!(a.limits_hit.is_empty());
        assert_eq!(a.mime.nodes.last().map(|n| n.depth), Some(5));
        let a = tree(&nested(60));
        assert!(a.limits_hit.iter().any(|hit| hit.limit == "max_mime_depth"));
        assert!(a.mime.nodes.iter().all(|n| n.depth <= 20));
    }

    #[test]
    fn too_many_parts_are_cut() {
        let mut raw =
            b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n".to_vec();
        for _ in 0..30 {
            raw.extend_from_slice(b"--b\nContent-Type: text/plain\n\nx\n");
        }
        raw.extend_from_slice(b"--b--\n");
        let limits = Limits {
            max_parts: 10,
            ..Limits::default()
        };
        let a = Analysis::build(&raw, &limits).unwrap();
        assert_eq!(a.mime.nodes.len(), 10);
        assert!(a.limits_hit.iter().any(|hit| hit.limit == "max_parts"));
    }

    #[test]
    fn big_parts_are_cut() {
        let mut raw = b"From: a@example.com\n\n".to_vec();
        raw.extend(std::iter::repeat_n(b'a', 3000));
        let limits = Limits {
            max_part_bytes: 1024,
            ..Limits::default()
        };
        let a = Analysis::build(&raw, &limits).unwrap();
        assert_eq!(a.mime.nodes[0].size, 3000);
        assert_eq!(a.mime.nodes[0].text.as_ref().map(String::len), Some(1024));
        assert!(a.limits_hit.iter().any(|hit| hit.limit == "max_part_bytes"));
    }

    #[test]
    fn content_summary() {
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/alternative; boundary=c\n\n--c\n\nt\n--c\nContent-Type: text/html\n\nh\n--c--\n--b\nContent-Type: image/png\n\np\n--b--\n";
        let a = tree(raw);
        assert_eq!(
            a.mime.content_summary(),
            [
                "multipart/mixed",
                "multipart/alternative,text/plain,text/html",
                "image/png"
            ]
        );
    }
}
