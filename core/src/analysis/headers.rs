//! Header fields in order, raw and decoded, with SpamAssassin's ways of reading
//! them.

use mail_parser::parsers::MessageStream;
use serde::{Deserialize, Serialize};

use crate::analysis::LimitHit;
use crate::config::Limits;
use crate::parse::Parsed;

/// One header field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderField {
    /// The name as written.
    pub name: String,
    /// The value exactly as in the message (after the colon, folding kept).
    pub raw: String,
    /// The value unfolded, trimmed and RFC 2047-decoded.
    pub decoded: String,
}

/// The message's header fields, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Headers {
    /// All fields, top to bottom.
    pub fields: Vec<HeaderField>,
}

impl Headers {
    pub(crate) fn extract(
        parsed: &Parsed<'_>,
        limits: &Limits,
        limits_hit: &mut Vec<LimitHit>,
    ) -> Self {
        let Some(root) = parsed.message.parts.first() else {
            return Self::default();
        };
        if root.headers.len() > limits.max_headers {
            limits_hit.push(LimitHit::new("max_headers", limits.max_headers, "message"));
        }
        let fields = root
            .headers
            .iter()
            .take(limits.max_headers)
            .map(|header| {
                let start = header.offset_start as usize;
                let end = (header.offset_end as usize).min(parsed.raw.len());
                let raw = String::from_utf8_lossy(parsed.raw.get(start..end).unwrap_or_default())
                    .into_owned();
                let decoded = decode(&raw);
                HeaderField {
                    name: header.name.as_str().to_owned(),
                    raw,
                    decoded,
                }
            })
            .collect();
        Self { fields }
    }

    /// Every field named `name` (case-insensitive), top to bottom.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a HeaderField> + 'a {
        self.fields
            .iter()
            .filter(move |field| field.name.eq_ignore_ascii_case(name))
    }

    /// Whether a field named `name` exists.
    #[must_use]
    pub fn exists(&self, name: &str) -> bool {
        self.first(name).is_some()
    }

    /// The first decoded value of `name`.
    #[must_use]
    pub fn first(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|field| field.name.eq_ignore_ascii_case(name))
            .map(|field| field.decoded.as_str())
    }

    /// SpamAssassin's `get(name)`: every decoded value followed by `\n`, all
    /// occurrences concatenated; `None` when the field is absent.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<String> {
        let mut values = self.all(name).peekable();
        values.peek()?;
        Some(values.fold(String::new(), |mut acc, field| {
            acc.push_str(&field.decoded);
            acc.push('\n');
            acc
        }))
    }

    /// The decoded Subject (the first one), if any.
    #[must_use]
    pub fn subject(&self) -> Option<&str> {
        self.first("Subject")
    }
}

/// Unfolds, trims and RFC 2047-decodes a raw header value.
fn decode(raw: &str) -> String {
    let unfolded: String = raw
        .split(['\r', '\n'])
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let trimmed = unfolded.trim();
    if !trimmed.contains("=?") {
        return trimmed.to_owned();
    }
    let mut out = String::with_capacity(trimmed.len());
    let bytes = trimmed.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && bytes.get(i + 1) == Some(&b'?') {
            let mut stream = MessageStream::new(&bytes[i + 2..]);
            if let Some(word) = stream.decode_rfc2047() {
                out.push_str(&word);
                i += 2 + stream.offset();
                continue;
            }
        }
        let ch_len = trimmed[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&trimmed[i..i + ch_len]);
        i += ch_len;
    }
    out
}
