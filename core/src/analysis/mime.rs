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
        Err(error) if error.error_len().is_none() => head.get(..error.valid_up_to()).unwrap_or(head),
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
                    builder.part(message, part, parent, depth, in_multipart, in_digest, &mut stack);
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
            PartType::Message(_) if matches!(mime_type.as_str(), "message/rfc822" | "message/global") => {
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
            disposition: disposition_value.map(|value| {
                value
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            }),
            charset: ct.charset.as_deref().map(str::to_ascii_lowercase),
            boundary: ct.boundary.clone(),
            transfer_encoding: last_header(message, part, "Content-Transfer-Encoding")
                .map(|value| value.trim().to_ascii_lowercase()),
            filename,
            ..MimeNode::default()
        };
        if !container {
            let bytes = parse::decoded_bytes(message, part);
            self.fill_leaf(&mut node, &bytes, at);
            self.push(node);
            return;
        }
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
                bytes: parse::decoded_bytes(message, part).into_owned(),
                parent: me,
                depth: depth + 1,
                read_header: in_multipart,
            }),
        }
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
        let content_type = content_type.map(|value| charset::decode_header(value.as_bytes(), "Content-Type"));
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
        self.fill_leaf(&mut node, bytes.get(body_start..).unwrap_or_default(), at);
        self.push(node);
    }
}
