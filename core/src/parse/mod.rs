//! Parsing: raw bytes → mail-parser's message. The only module that touches
//! mail-parser's types, so that moving to mail-parser 1.x changes one place.
//!
//! mail-parser builds the tree; this module adds what SpamAssassin's own
//! parser (`Message.pm`) notices about the form of the message — a header not
//! followed by a blank line, a MIME part whose header runs into its body,
//! lines that are not header fields — and, when a separator is missing,
//! inserts it where SpamAssassin decides the body starts, so that mail-parser
//! sees the same header/body split.

pub(crate) mod charset;
pub(crate) mod ctype;
pub(crate) mod scan;
pub(crate) mod transfer;

use std::borrow::Cow;
use std::sync::LazyLock;

use mail_parser::{Message, MessageParser, PartType};

use crate::analysis::{Findings, LimitHit};
use crate::config::Limits;
use crate::error::MessageError;

pub(crate) use mail_parser::MessagePart;

/// A parsed message and what the parser noticed about its form.
pub(crate) struct Parsed<'x> {
    /// mail-parser's message (header values kept raw). Offsets of its parts
    /// point into [`Parsed::raw`].
    pub message: Message<'x>,
    findings: Findings,
    pristine_body_digest: String,
    pristine_body_len: usize,
}

impl Parsed<'_> {
    /// Malformations noticed while parsing.
    pub fn findings(&self) -> Findings {
        self.findings.clone()
    }

    /// The bytes that were parsed: the input cut to `max_message_bytes`,
    /// without an mbox `From ` line, every CR LF read as LF when the message
    /// has CRLF line endings, with any missing header/body separator
    /// inserted.
    pub fn raw(&self) -> &[u8] {
        &self.message.raw_message
    }

    /// SHA-1 (lower-case hex) of SpamAssassin's pristine body: the bytes
    /// after the message header as received, every CR LF read as LF when the
    /// message has CRLF line endings (`Message::get_pristine_body_digest`).
    pub fn pristine_body_digest(&self) -> &str {
        &self.pristine_body_digest
    }

    /// Bytes in that same pristine body, CR LF counted as one
    /// (SpamAssassin's `pristine_body_length`).
    pub fn pristine_body_len(&self) -> usize {
        self.pristine_body_len
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
        raw.get(..limits.max_message_bytes).unwrap_or(raw)
    } else {
        raw
    };
    let raw = scan::strip_mbox_separator(raw);

    let header = scan::scan_header(raw);
    let pristine_body = raw.get(header.body_start..).unwrap_or_default();
    let pristine_body_digest = body_digest(pristine_body, header.crlf);
    let pristine_body_len = pristine_body.len()
        - if header.crlf {
            pristine_body
                .windows(2)
                .filter(|pair| pair == b"\r\n")
                .count()
        } else {
            0
        };

    let lf_read = if header.crlf {
        read_with_lf_endings(raw, limits)?
    } else {
        None
    };
    let (message, findings) = match lf_read {
        Some(read) => read,
        None => read_tree(raw, header, limits)?,
    };
    if message
        .parts
        .first()
        .is_none_or(|root| root.headers.is_empty())
    {
        return Err(MessageError::NoHeaders);
    }
    Ok(Parsed {
        message,
        findings,
        pristine_body_digest,
        pristine_body_len,
    })
}

/// Reads a message with CRLF line endings as SpamAssassin does: every CR LF
/// becomes LF before the header and the parts are read (`Message.pm` squashes
/// them line by line once the first or last line ends in CR LF), so a message
/// gets the same tests whichever line ending the mail server hands over. Only
/// the pristine body (its digest and length) is read as received. `None` for
/// an absurdly nested message, to be read as it is: owning the parse of the
/// converted copy recurses.
fn read_with_lf_endings(
    raw: &[u8],
    limits: &Limits,
) -> Result<Option<(Message<'static>, Findings)>, MessageError> {
    let lf = lf_endings(raw);
    let (message, findings) = read_tree(&lf, scan::scan_header(&lf), limits)?;
    if nesting_depth(&message) > MAX_REPARSE_NESTING {
        teardown(message);
        return Ok(None);
    }
    Ok(Some((message.into_owned(), findings)))
}

/// `raw` with every CR LF turned into LF (other CRs kept).
fn lf_endings(raw: &[u8]) -> Vec<u8> {
    let mut lf = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.windows(2).position(|pair| pair == b"\r\n") {
        lf.extend_from_slice(&rest[..at]);
        rest = &rest[at + 1..];
    }
    lf.extend_from_slice(rest);
    lf
}

/// mail-parser's tree of `raw`, whose header `header` describes, with what
/// SpamAssassin's parser notices about its form; parsed again with the
/// separators SpamAssassin assumes when one is missing.
fn read_tree<'x>(
    raw: &'x [u8],
    header: scan::HeaderScan,
    limits: &Limits,
) -> Result<(Message<'x>, Findings), MessageError> {
    let mut findings = Findings {
        missing_hb_sep: header.missing_separator,
        missing_mime_hb_sep: false,
        malformed_header_lines: header.malformed,
    };
    let mut inserts: Vec<usize> = header.insert_blank_at.into_iter().collect();
    let message = parser().parse(raw).ok_or(MessageError::NoHeaders)?;
    let mime = scan::scan_mime_parts(&message, limits);
    findings.missing_mime_hb_sep = mime.missing_separator;
    inserts.extend(mime.insert_blank_at);

    // Rare, malformed mail: parse again with the separators SpamAssassin
    // assumes, so that the body is not swallowed by the header. (`into_owned`
    // recurses, so not for absurdly nested messages.)
    let message = if inserts.is_empty() || nesting_depth(&message) > MAX_REPARSE_NESTING {
        message
    } else {
        let fixed = insert_blank_lines(raw, &mut inserts);
        match parser().parse(&fixed) {
            Some(fixed) => {
                teardown(message);
                fixed.into_owned()
            }
            None => message,
        }
    };
    Ok((message, findings))
}

/// SHA-1, in lower-case hexadecimal, of `body`, each CR LF counted as a
/// single LF when `crlf`.
fn body_digest(body: &[u8], crlf: bool) -> String {
    let mut sha = sha1_smol::Sha1::new();
    if crlf {
        let mut rest = body;
        while let Some(at) = rest.windows(2).position(|pair| pair == b"\r\n") {
            sha.update(&rest[..at]);
            sha.update(b"\n");
            rest = &rest[at + 2..];
        }
        sha.update(rest);
    } else {
        sha.update(body);
    }
    sha.digest().to_string()
}

impl Drop for Parsed<'_> {
    fn drop(&mut self) {
        teardown(std::mem::take(&mut self.message));
    }
}

/// Attached-message nesting beyond which the fixed-up parse is skipped.
const MAX_REPARSE_NESTING: usize = 64;

/// How deeply attached messages nest in `message` (0: none).
fn nesting_depth(message: &Message<'_>) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(message, 0usize)];
    while let Some((message, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        for part in &message.parts {
            if let PartType::Message(nested) = &part.body {
                stack.push((nested, depth + 1));
            }
        }
    }
    deepest
}

/// Drops a message without recursion: mail-parser's types drop attached
/// messages recursively, which a hostile nesting turns into a stack overflow.
fn teardown(message: Message<'_>) {
    let mut stack = vec![message];
    while let Some(mut message) = stack.pop() {
        for part in &mut message.parts {
            if let PartType::Message(nested) = std::mem::take(&mut part.body) {
                stack.push(nested);
            }
        }
    }
}

/// mail-parser's parser with its default value parser for each field it
/// knows (`MessageStream::parse_headers` in mail-parser 0.11), except that
/// the fields it would keep as raw text, and Received, are skipped instead:
/// the analysis reads each field's bytes by offset and parses Received
/// itself, so building those values was work thrown away. Where a field
/// ends depends on its value parser (a date parser may stop elsewhere than
/// the raw one on a malformed field), so the other parsers are kept; the
/// skipping one, the raw one and the Received one all end a field at the
/// first line break not followed by a blank. A unit test checks that the
/// fields and their offsets agree with mail-parser's defaults.
static PARSER: LazyLock<MessageParser> = LazyLock::new(|| {
    use mail_parser::HeaderName as Name;
    let mut parser = MessageParser::new().default_header_ignore();
    for name in [
        Name::Subject,
        Name::Comments,
        Name::ContentDescription,
        Name::ContentLocation,
        Name::ContentTransferEncoding,
    ] {
        parser = parser.header_text(name);
    }
    for name in [
        Name::From,
        Name::To,
        Name::Cc,
        Name::Bcc,
        Name::ReplyTo,
        Name::Sender,
        Name::ResentTo,
        Name::ResentFrom,
        Name::ResentBcc,
        Name::ResentCc,
        Name::ResentSender,
        Name::ListArchive,
        Name::ListHelp,
        Name::ListId,
        Name::ListOwner,
        Name::ListPost,
        Name::ListSubscribe,
        Name::ListUnsubscribe,
    ] {
        parser = parser.header_address(name);
    }
    for name in [Name::Date, Name::ResentDate] {
        parser = parser.header_date(name);
    }
    for name in [
        Name::MessageId,
        Name::References,
        Name::InReplyTo,
        Name::ReturnPath,
        Name::ContentId,
        Name::ResentMessageId,
    ] {
        parser = parser.header_id(name);
    }
    for name in [Name::Keywords, Name::ContentLanguage] {
        parser = parser.header_comma_separated(name);
    }
    for name in [Name::ContentType, Name::ContentDisposition] {
        parser = parser.header_content_type(name);
    }
    parser
});

fn parser() -> &'static MessageParser {
    &PARSER
}

/// `raw` with an empty line inserted before each offset (sorted, deduplicated).
fn insert_blank_lines(raw: &[u8], offsets: &mut Vec<usize>) -> Vec<u8> {
    offsets.sort_unstable();
    offsets.dedup();
    let eol: &[u8] = if raw.windows(2).take(998).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    let mut fixed = Vec::with_capacity(raw.len() + offsets.len() * 2);
    let mut from = 0;
    for &at in offsets.iter() {
        let at = at.min(raw.len());
        fixed.extend_from_slice(raw.get(from..at).unwrap_or_default());
        // The inserted line must start a line of its own.
        if at > 0 && raw.get(at - 1) != Some(&b'\n') {
            fixed.extend_from_slice(eol);
        }
        fixed.extend_from_slice(eol);
        from = at;
    }
    fixed.extend_from_slice(raw.get(from..).unwrap_or_default());
    fixed
}

/// The transfer-decoded bytes of a leaf part of `message`, decoded from the
/// raw body as SpamAssassin does ([`transfer::decode`]): `encoding` is the
/// part's last `Content-Transfer-Encoding` value (trimmed, lower-cased),
/// `text_like` whether its type is `text/*` or `message/*`, `boundaries`
/// those of the enclosing multiparts, nearest first (where the part ends,
/// [`scan::sa_part_end`]).
///
/// mail-parser's own decoding is not used: it turns text into Unicode with
/// its own charset rules (SpamAssassin's rules, §0.3, need the bytes), and it
/// gives up on a base64 part whose closing boundary is missing, where
/// SpamAssassin decodes what is there.
pub(crate) fn decoded_bytes<'a>(
    message: &'a Message<'_>,
    part: &'a MessagePart<'_>,
    encoding: Option<&str>,
    text_like: bool,
    boundaries: &[&[u8]],
) -> Cow<'a, [u8]> {
    match encoded_bytes(message, part, boundaries) {
        Some(body) => transfer::decode(body, encoding, text_like),
        None => Cow::Borrowed(&[]),
    }
}

/// The body of a leaf part as transmitted, before transfer decoding, up to
/// where SpamAssassin ends it; `None` for containers.
pub(crate) fn encoded_bytes<'a>(
    message: &'a Message<'_>,
    part: &'a MessagePart<'_>,
    boundaries: &[&[u8]],
) -> Option<&'a [u8]> {
    match &part.body {
        PartType::Binary(_) | PartType::InlineBinary(_) | PartType::Text(_) | PartType::Html(_) => {
            let start = part.offset_body as usize;
            let raw = message.raw_message.as_ref();
            let end = scan::sa_part_end(raw, start, part.offset_end as usize, boundaries);
            Some(raw.get(start..end.min(raw.len())).unwrap_or_default())
        }
        PartType::Message(_) | PartType::Multipart(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_end_where_mail_parser_defaults_end_them() {
        let fields = |parser: &MessageParser, raw: &[u8]| {
            let message = parser.parse(raw).unwrap_or_default();
            message
                .parts
                .iter()
                .flat_map(|part| &part.headers)
                .map(|h| (h.name.as_str().to_owned(), h.offset_field, h.offset_end))
                .collect::<Vec<_>>()
        };
        let mut raw = Vec::new();
        for value in [
            "from a (b [1.2.3.4]) by c with ESMTP id x; Mon, 1 Jan 2024 00:00:00 +0000",
            "from a\n\tby b; (unclosed [comment\n\twith \"quote",
            "from [::1]:25 <x@y> for <z@w>;",
            "by x (Postfix, from userid 99) id C0; Sun, 25 Aug 2002 11:50:54 -0500 (CDT)",
            "",
        ] {
            raw.extend_from_slice(b"Received: ");
            raw.extend_from_slice(value.as_bytes());
            raw.extend_from_slice(b"\nDate: Sun, 25 Aug 2002 16:50:54 UT\n");
        }
        raw.extend_from_slice(b"From: \"A\" <a@b>\nSubject: =?utf-8?q?x?=\nMessage-Id: <m@n>\n");
        raw.extend_from_slice(b"X-Folded: a\n\tb\r\n c\nMIME-Version: 1.0 (x\n y)\nX-Empty:\n");
        raw.extend_from_slice(b"Received: from x\nno separator: then a body line\n");
        for tail in [
            &b""[..],
            b"Received: (",
            b"Received: from a by b\r\n\r\nbody",
        ] {
            let mut raw = raw.clone();
            raw.extend_from_slice(tail);
            assert_eq!(
                fields(parser(), &raw),
                fields(&MessageParser::new().default_header_raw(), &raw)
            );
        }
    }

    #[test]
    fn body_digest_reads_crlf_as_lf() {
        assert_eq!(
            body_digest(b"a\r\nb\r\n\r", true),
            body_digest(b"a\nb\n\r", false)
        );
        assert_ne!(
            body_digest(b"a\r\nb\r\n", false),
            body_digest(b"a\nb\n", false)
        );
        // SHA-1 of the empty string.
        assert_eq!(
            body_digest(b"", false),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709"
        );
    }

    #[test]
    fn pristine_body_is_what_follows_the_header_as_received() {
        let digest = |raw: &[u8]| {
            parse(raw, &Limits::default(), &mut Vec::new())
                .map(|parsed| parsed.pristine_body_digest().to_owned())
                .unwrap_or_default()
        };
        let body = b"--b\nContent-Type: text/plain\nno blank line\n--b--\n";
        let mut raw = b"Content-Type: multipart/mixed; boundary=b\n\n".to_vec();
        raw.extend_from_slice(body);
        // The MIME part's missing blank line is not added to the digest.
        assert_eq!(digest(&raw), body_digest(body, false));
        // No blank line after the header: the body starts at the boundary.
        assert_eq!(
            digest(
                &raw[..raw.len() - body.len() - 1]
                    .iter()
                    .chain(body)
                    .copied()
                    .collect::<Vec<_>>()
            ),
            body_digest(body, false)
        );
    }

    fn findings(raw: &[u8]) -> Findings {
        parse(raw, &Limits::default(), &mut Vec::new())
            .map(|parsed| parsed.findings())
            .unwrap_or_default()
    }

    #[test]
    fn well_formed_message_has_no_findings() {
        let found = findings(b"From: a@example.com\nSubject: hi\n\nbody\n");
        assert_eq!(found, Findings::default());
    }

    #[test]
    fn header_only_message_misses_the_separator() {
        // SpamAssassin flags a message that ends inside its header.
        assert!(findings(b"From: a@example.com\nSubject: hi\n").missing_hb_sep);
    }

    #[test]
    fn body_after_three_bad_lines_misses_the_separator() {
        let raw =
            b"From: a@example.com\nSubject: hi\nline one\nline two\nline three\nline four\nmore\n";
        let found = findings(raw);
        assert!(found.missing_hb_sep);
        assert_eq!(
            found.malformed_header_lines,
            ["line one", "line two", "line three", "line four"]
        );
        let parsed = parse(raw, &Limits::default(), &mut Vec::new()).unwrap();
        let body = parsed.message.body_text(0).unwrap_or_default();
        assert!(body.contains("line four"), "{body:?}");
    }

    #[test]
    fn one_bad_line_is_malformed_but_not_a_missing_separator() {
        let found = findings(b"From: a@example.com\nnot a header\nSubject: hi\n\nbody\n");
        assert!(!found.missing_hb_sep);
        assert_eq!(found.malformed_header_lines, ["not a header"]);
    }

    #[test]
    fn boundary_line_ends_the_header() {
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=xx\n--xx\nContent-Type: text/plain\n\nhello\n--xx--\n";
        let found = findings(raw);
        assert!(found.missing_hb_sep);
        assert!(found.malformed_header_lines.is_empty());
        let parsed = parse(raw, &Limits::default(), &mut Vec::new()).unwrap();
        assert_eq!(parsed.message.body_text(0).as_deref(), Some("hello"));
    }

    #[test]
    fn mime_part_without_separator() {
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=xx\n\n--xx\nContent-Type: text/plain\nhello there\n--xx--\n";
        let found = findings(raw);
        assert!(found.missing_mime_hb_sep);
        assert!(!found.missing_hb_sep);
        let parsed = parse(raw, &Limits::default(), &mut Vec::new()).unwrap();
        assert_eq!(parsed.message.body_text(0).as_deref(), Some("hello there"));
    }

    #[test]
    fn mime_part_with_separator_or_empty() {
        let raw = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=xx\n\n--xx\nContent-Type: text/plain\n\nhello\n--xx\nContent-Type: text/plain\n--xx--\n";
        assert!(!findings(raw).missing_mime_hb_sep);
    }

    #[test]
    fn long_malformed_lines_are_cut_and_capped() {
        let mut raw = b"From: a@example.com\n".to_vec();
        raw.extend_from_slice(&[b'x'; 500]);
        raw.extend_from_slice(b"\n\nbody\n");
        let found = findings(&raw);
        assert_eq!(found.malformed_header_lines.len(), 1);
        assert_eq!(found.malformed_header_lines[0].len(), 200);
    }

    #[test]
    fn mbox_separator_is_not_a_header() {
        let raw =
            b"From someone@example.com Thu Aug 22 13:17:22 2002\nFrom: a@example.com\n\nbody\n";
        let parsed = parse(raw, &Limits::default(), &mut Vec::new()).unwrap();
        assert_eq!(parsed.findings(), Findings::default());
        assert_eq!(parsed.message.parts[0].headers.len(), 1);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use crate::analysis::Analysis;
    use crate::config::Limits;

    fn mime_ish() -> impl Strategy<Value = Vec<u8>> {
        let pieces = prop::sample::select(vec![
            &b"Content-Type: multipart/mixed; boundary=b\n"[..],
            b"Content-Type: message/rfc822\n",
            b"Content-Type: text/html; charset=iso-8859-1\n",
            b"Content-Transfer-Encoding: base64\n",
            b"Content-Transfer-Encoding: quoted-printable\n",
            b"Content-Disposition: attachment; filename=a.html\n",
            b"Subject: =?utf-8?b?w6k=?=\n",
            b"--b\n",
            b"--b--\n",
            b"\n",
            b"not a header\n",
            b"  folded\n",
            b"caf\xe9 =E9 <p>x</p>\n",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn never_panics_on_mime_like_input(raw in mime_ish()) {
            let _ = Analysis::build(&raw, &Limits::default());
        }

        #[test]
        fn never_panics_on_bytes(raw in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = Analysis::build(&raw, &Limits::default());
        }
    }
}
#[cfg(test)]
mod hostile {
    use crate::analysis::Analysis;
    use crate::config::Limits;

    /// `levels` nested `kind` containers around one small message.
    fn nested(kind: &str, levels: usize) -> Vec<u8> {
        let mut raw = Vec::new();
        for _ in 0..levels {
            raw.extend_from_slice(format!("From: a@b\nContent-Type: {kind}\n\n").as_bytes());
            if kind.starts_with("multipart") {
                raw.extend_from_slice(b"--b\n");
            }
        }
        raw.extend_from_slice(b"From: a@b\n\nx\n");
        raw
    }

    #[test]
    fn absurd_nesting_neither_overflows_nor_stalls() {
        for (kind, levels) in [
            ("message/rfc822", 20_000),
            ("multipart/mixed; boundary=b", 5_000),
        ] {
            let raw = nested(kind, levels);
            // A small stack, as an MTA's worker thread may have.
            let analysis = std::thread::Builder::new()
                .stack_size(1 << 20)
                .spawn(move || Analysis::build(&raw, &Limits::default()).ok())
                .unwrap()
                .join()
                .unwrap()
                .unwrap();
            assert_eq!(analysis.mime.nodes.len(), 21, "{kind}");
            assert!(
                analysis
                    .limits_hit
                    .iter()
                    .any(|hit| hit.limit == "max_mime_depth"),
                "{kind}"
            );
        }
    }
}
