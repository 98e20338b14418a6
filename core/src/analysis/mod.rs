//! Facts extracted once from a message, read by every test.
//!
//! [`Analysis::build`] runs the whole extraction: header fields, the MIME tree
//! with SpamAssassin's type normalisation, one HTML model per `text/html` part,
//! the rendered body text, the URIs, the addresses and the Received chain. Tests
//! never parse again: they read these facts.

pub mod address;
pub mod body;
pub mod date;
pub(crate) mod grams;
pub mod headers;
pub mod html;
pub mod mime;
pub mod networks;
pub mod received;
pub mod uri;

use serde::{Deserialize, Serialize};

use crate::config::Limits;
use crate::error::MessageError;
use crate::parse;

pub use address::{Addresses, Mailbox};
pub use body::{Body, TextPart};
pub use headers::{HeaderField, Headers};
pub use html::{HtmlLink, HtmlModel};
pub use mime::{MimeNode, MimeTree};
pub use networks::{NetSet, Standing, TrustBoundary};
pub use received::{Relay, Relays};
pub use uri::Uri;

/// A limit that cut the scan of this message: what was kept is still scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LimitHit {
    /// The limit's name, as in [`Limits`].
    pub limit: String,
    /// The configured bound.
    pub bound: usize,
    /// Where it was hit, e.g. "part 3" or "message".
    pub at: String,
}

impl LimitHit {
    /// A limit hit.
    pub fn new(limit: &'static str, bound: usize, at: impl Into<String>) -> Self {
        Self {
            limit: limit.to_owned(),
            bound,
            at: at.into(),
        }
    }
}

/// Malformations the parser noticed. They are findings (tests fire on them),
/// never errors.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Findings {
    /// No blank line between the message header and its body.
    pub missing_hb_sep: bool,
    /// No blank line between a MIME part's header and its body.
    pub missing_mime_hb_sep: bool,
    /// Header lines that are not `Name: value` fields (nor their continuations),
    /// as found, at most a few.
    pub malformed_header_lines: Vec<String>,
}

/// Everything the tests need, extracted once from one message.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Analysis {
    /// Size of the raw message in bytes.
    pub raw_len: usize,
    /// Bytes in the longest line of the raw message (line breaks, CR or LF,
    /// not counted): SpamAssassin's `__LONGLINE` looks for 998.
    pub(crate) longest_raw_line: usize,
    /// Whether the raw message holds a NUL byte anywhere, header or body
    /// (SpamAssassin's `full` NULL_IN_BODY).
    pub(crate) has_nul: bool,
    /// Header fields of the message, in order.
    pub headers: Headers,
    /// From, Sender, Reply-To, To and Cc addresses.
    pub addresses: Addresses,
    /// The MIME tree, in document order.
    pub mime: MimeTree,
    /// One HTML model per effective `text/html` leaf, in document order.
    pub html: Vec<HtmlModel>,
    /// Rendered text of the text parts and the body lines tests match.
    pub body: Body,
    /// URIs found in text and HTML.
    pub uris: Vec<Uri>,
    /// The Received chain and the trust boundary.
    pub relays: Relays,
    /// Malformations noticed while parsing.
    pub findings: Findings,
    /// Limits that cut the scan.
    pub limits_hit: Vec<LimitHit>,
    /// Bayes tokens, computed on first use (see [`crate::learning::bayes::message_tokens`]).
    pub(crate) bayes_tokens: std::sync::OnceLock<crate::learning::bayes::Tokens>,
    /// SHA-1 (hex) of the body as received, which identifies the message for
    /// Bayes learning (see [`crate::learning::bayes::generated_msgid`]).
    pub(crate) pristine_body_digest: String,
    /// Bytes in the body as received, CR LF counted as one (SpamAssassin's
    /// `pristine_body_length`).
    pub(crate) pristine_body_len: usize,
    /// Date: and the Received dates, read on first use by the date tests.
    pub(crate) header_dates: std::sync::OnceLock<date::HeaderDates>,
    /// The body lines one after another, each ending in a line break, joined
    /// on first use and shared by every body regex of the content tests.
    pub(crate) body_text: std::sync::OnceLock<Vec<u8>>,
    /// Every header field as `Name: decoded value` and a line break, joined on
    /// first use and shared by every whole-header regex of the content tests.
    pub(crate) header_text: std::sync::OnceLock<String>,
    /// The share of capitals in the body, computed on first use by the
    /// UPPERCASE_ tests (see `rules::content`).
    pub(crate) uppercase_percent: std::sync::OnceLock<f64>,
    /// The [`grams`] of the body lines, of the source of the text parts and
    /// of the URIs, indexed on first use by the content tests.
    pub(crate) grams: [std::sync::OnceLock<grams::Grams>; 3],
    /// [`Relays::envelope_from`], read on first use: several tests want it.
    pub(crate) envelope_from: std::sync::OnceLock<Option<String>>,
}

impl Analysis {
    /// The envelope sender SpamAssassin guesses from the relays and header
    /// fields ([`Relays::envelope_from`]), as raw text; `Some("")` is a null
    /// sender.
    pub(crate) fn envelope_from(&self) -> Option<&str> {
        self.envelope_from
            .get_or_init(|| self.relays.envelope_from(&self.headers))
            .as_deref()
    }

    /// The three-byte sequences of the body lines (the Subject first).
    pub(crate) fn body_grams(&self) -> &grams::Grams {
        self.grams[0].get_or_init(|| grams::Grams::of(self.body.lines.iter().map(String::as_bytes)))
    }

    /// The three-byte sequences of the source of each text part.
    pub(crate) fn rawbody_grams(&self) -> &grams::Grams {
        self.grams[1].get_or_init(|| grams::Grams::of(self.mime.rawbody().map(|(_, part)| part)))
    }

    /// The three-byte sequences of every canonical variant of every URI.
    pub(crate) fn uri_grams(&self) -> &grams::Grams {
        self.grams[2].get_or_init(|| {
            grams::Grams::of(
                self.uris
                    .iter()
                    .flat_map(|uri| &uri.cleaned)
                    .map(String::as_bytes),
            )
        })
    }

    /// Extracts every fact from a raw RFC 5322 message.
    ///
    /// Fails only when the input is not a message at all (empty, or no header
    /// field); malformed mail is analysed and reported by the tests.
    pub fn build(raw: &[u8], limits: &Limits) -> Result<Self, MessageError> {
        Self::build_within(raw, limits, &TrustBoundary::default())
    }

    /// [`Analysis::build`], with the trust boundary drawn by configured
    /// `trusted_networks` / `internal_networks`.
    pub fn build_within(
        raw: &[u8],
        limits: &Limits,
        boundary: &TrustBoundary,
    ) -> Result<Self, MessageError> {
        let mut limits_hit = Vec::new();
        let parsed = parse::parse(raw, limits, &mut limits_hit)?;
        let headers = Headers::extract(&parsed, limits, &mut limits_hit);
        let mime = MimeTree::extract(&parsed, limits, &mut limits_hit);
        let html = mime
            .html_sources()
            .map(|(node, source)| HtmlModel::parse(node, source, limits, &mut limits_hit))
            .collect::<Vec<_>>();
        let body = Body::render(&mime, &html, headers.subject());
        // SpamAssassin's fixed scan size cuts long renderings: say so once.
        // (No more characters than bytes: short renderings are not walked.)
        if let Some(part) = body.parts.iter().find(|part| {
            part.rendered.len() > body::BODY_PART_SCAN_SIZE
                && part
                    .rendered
                    .chars()
                    .nth(body::BODY_PART_SCAN_SIZE)
                    .is_some()
        }) {
            limits_hit.push(LimitHit::new(
                "body_part_scan_size",
                body::BODY_PART_SCAN_SIZE,
                format!("part {}", part.node + 1),
            ));
        }
        let uris = uri::extract(&body, &html, &headers, limits, &mut limits_hit);
        let addresses = Addresses::extract(&headers);
        let relays = Relays::extract(&headers, boundary);
        let findings = parsed.findings();
        let pristine_body_digest = parsed.pristine_body_digest().to_owned();
        let pristine_body_len = parsed.pristine_body_len();
        let longest_raw_line = raw
            .split(|&b| b == b'\n' || b == b'\r')
            .map(<[u8]>::len)
            .max()
            .unwrap_or(0);
        Ok(Self {
            raw_len: raw.len(),
            longest_raw_line,
            has_nul: raw.contains(&0),
            headers,
            addresses,
            mime,
            html,
            body,
            uris,
            relays,
            findings,
            limits_hit,
            bayes_tokens: std::sync::OnceLock::new(),
            pristine_body_digest,
            pristine_body_len,
            header_dates: std::sync::OnceLock::new(),
            body_text: std::sync::OnceLock::new(),
            header_text: std::sync::OnceLock::new(),
            uppercase_percent: std::sync::OnceLock::new(),
            grams: Default::default(),
            envelope_from: std::sync::OnceLock::new(),
        })
    }
}
