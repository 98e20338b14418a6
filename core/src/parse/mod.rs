//! Parsing: raw bytes → mail-parser's message. The only module that touches
//! mail-parser's types, so that moving to mail-parser 1.x changes one place.

use mail_parser::{Message, MessageParser};

use crate::analysis::{Findings, LimitHit};
use crate::config::Limits;
use crate::error::MessageError;

/// A parsed message and what the parser noticed about its form.
pub(crate) struct Parsed<'x> {
    /// mail-parser's message (header values kept raw).
    pub message: Message<'x>,
    /// The bytes that were parsed (the input cut to `max_message_bytes`).
    pub raw: &'x [u8],
    findings: Findings,
}

impl Parsed<'_> {
    /// Malformations noticed while parsing.
    pub fn findings(&self) -> Findings {
        self.findings.clone()
    }
}

/// Parses `raw`, cut to the configured size.
pub(crate) fn parse<'x>(
    raw: &'x [u8],
    limits: &Limits,
    limits_hit: &mut Vec<LimitHit>,
) -> Result<Parsed<'x>, MessageError> {
    if raw.is_empty() {
        return Err(MessageError::Empty);
    }
    let raw = if raw.len() > limits.max_message_bytes {
        limits_hit.push(LimitHit::new(
            "max_message_bytes",
            limits.max_message_bytes,
            "message",
        ));
        &raw[..limits.max_message_bytes]
    } else {
        raw
    };
    let message = MessageParser::new()
        .default_header_raw()
        .parse(raw)
        .ok_or(MessageError::NoHeaders)?;
    if message
        .parts
        .first()
        .is_none_or(|root| root.headers.is_empty())
    {
        return Err(MessageError::NoHeaders);
    }
    Ok(Parsed {
        message,
        raw,
        findings: Findings::default(),
    })
}
