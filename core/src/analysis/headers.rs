//! Header fields in order, raw and decoded, with SpamAssassin's ways of reading
//! them.

use serde::{Deserialize, Serialize};

use crate::analysis::LimitHit;
use crate::config::Limits;
use crate::parse::Parsed;
use crate::parse::charset;

/// One header field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderField {
    /// The name as written.
    pub name: String,
    /// The value exactly as in the message: from after the colon to the end
    /// of the field, leading blank, folding and final line break kept.
    pub raw: String,
    /// Whether the value as written is not valid UTF-8, so that `raw` holds
    /// it read as Windows-1252, one character per byte.
    #[serde(default)]
    pub raw_not_utf8: bool,
    /// The value unfolded, trimmed and RFC 2047-decoded (except in Received,
    /// Message-ID, Resent-Message-ID, Date, Resent-Date, MIME-Version,
    /// References, In-Reply-To and List-* fields, as SpamAssassin).
    pub decoded: String,
}

impl HeaderField {
    /// A field as a message would carry it when its value needs no unfolding
    /// or decoding: `raw` is the value after one blank and before a line
    /// break, `decoded` the value itself.
    ///
    /// ```
    /// use spamgauge::analysis::HeaderField;
    /// let field = HeaderField::plain("Subject", "Hello");
    /// assert_eq!(field.raw, " Hello\n");
    /// assert_eq!(field.decoded, "Hello");
    /// ```
    #[must_use]
    pub fn plain(name: &str, value: &str) -> Self {
        Self {
            name: name.to_owned(),
            raw: format!(" {value}\n"),
            raw_not_utf8: false,
            decoded: value.to_owned(),
        }
    }
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
        let raw = parsed.raw();
        let fields = root
            .headers
            .iter()
            .take(limits.max_headers)
            .map(|header| {
                let start = header.offset_start as usize;
                let end = (header.offset_end as usize).min(raw.len());
                let value = raw.get(start..end).unwrap_or_default();
                // The name as written: from the field's start to the colon.
                let name = raw
                    .get(header.offset_field as usize..start.saturating_sub(1))
                    .map(|name| charset::decode(name.trim_ascii(), Some("utf-8")))
                    .filter(|name| !name.is_empty())
                    .unwrap_or_else(|| header.name.as_str().to_owned());
                let decoded = charset::decode_header(value, &name);
                HeaderField {
                    raw: charset::decode(value, Some("utf-8")),
                    raw_not_utf8: std::str::from_utf8(value).is_err(),
                    decoded,
                    name,
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

    /// The last decoded value of `name`: SpamAssassin's scalar `get`.
    #[must_use]
    pub fn last(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|field| field.name.eq_ignore_ascii_case(name))
            .map(|field| field.decoded.as_str())
    }

    /// The decoded Subject, if any; the last one when there are several, as
    /// SpamAssassin reads it for the body's first line.
    #[must_use]
    pub fn subject(&self) -> Option<&str> {
        self.last("Subject")
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::Analysis;
    use crate::config::Limits;

    #[test]
    fn names_raw_and_decoded_values() {
        let raw = b"SUBJECT: =?iso-8859-1?q?caf=E9?=\n\tbis\nMessage-ID: <=?utf-8?q?x?=@a>\nTo: a@example.com\nTo: b@example.com\n\nbody\n";
        let a = Analysis::build(raw, &Limits::default()).unwrap();
        let subject = &a.headers.fields[0];
        assert_eq!(subject.name, "SUBJECT");
        assert_eq!(subject.raw, " =?iso-8859-1?q?caf=E9?=\n\tbis\n");
        assert_eq!(subject.decoded, "café bis");
        assert_eq!(a.headers.first("message-id"), Some("<=?utf-8?q?x?=@a>"));
        assert_eq!(
            a.headers.get("to").as_deref(),
            Some("a@example.com\nb@example.com\n")
        );
        assert_eq!(a.headers.last("to"), Some("b@example.com"));
        assert_eq!(a.headers.get("cc"), None);
    }

    #[test]
    fn header_count_is_bounded() {
        let mut raw = Vec::new();
        for i in 0..20 {
            raw.extend_from_slice(format!("X-N: {i}\n").as_bytes());
        }
        raw.extend_from_slice(b"\nbody\n");
        let limits = Limits {
            max_headers: 5,
            ..Limits::default()
        };
        let a = Analysis::build(&raw, &limits).unwrap();
        assert_eq!(a.headers.fields.len(), 5);
        assert!(a.limits_hit.iter().any(|hit| hit.limit == "max_headers"));
    }
}
