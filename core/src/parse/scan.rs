//! Line scans that reproduce where SpamAssassin's `Message.pm` ends a header
//! block, and what it flags on the way.

use mail_parser::{Message, PartType};

use super::ctype;
use crate::config::Limits;

/// Malformed header lines kept per message.
const MAX_MALFORMED_LINES: usize = 5;
/// Characters kept of each malformed header line.
const MAX_MALFORMED_CHARS: usize = 200;
/// Invalid lines SpamAssassin consumes as header lines before it decides the
/// body has started.
const TOLERATED_BAD_LINES: usize = 3;

/// `raw` without a leading mbox `From ` separator line.
pub(super) fn strip_mbox_separator(raw: &[u8]) -> &[u8] {
    // `From` followed by whitespace, and not the obsolete `From :` header form.
    let Some(rest) = raw.strip_prefix(b"From") else {
        return raw;
    };
    let after_space = rest.trim_ascii_start();
    if after_space.len() == rest.len() || after_space.first() == Some(&b':') {
        return raw;
    }
    match raw.iter().position(|&b| b == b'\n') {
        Some(nl) => raw.get(nl + 1..).unwrap_or_default(),
        None => raw,
    }
}

/// What the scan of the top-level header found.
#[derive(Debug, Default)]
pub(super) struct HeaderScan {
    pub missing_separator: bool,
    /// Where SpamAssassin starts the body when no blank line did.
    pub insert_blank_at: Option<usize>,
    pub malformed: Vec<String>,
    /// Where SpamAssassin's pristine body starts: after the blank line, or
    /// where the header was cut short.
    pub body_start: usize,
    /// Whether SpamAssassin reads the message as having CRLF line endings
    /// (its first or last line ends with CR LF).
    pub crlf: bool,
}

/// Lines of `raw` with their start offsets; each keeps its `\n`.
pub(crate) fn lines(raw: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = raw.get(start..).filter(|rest| !rest.is_empty())?;
        let len = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |nl| nl + 1);
        let line = (start, rest.get(..len).unwrap_or(rest));
        start += len;
        Some(line)
    })
}

/// `^[\041-\071\073-\176]+[ \t]*:` — a field name, optional blanks, a colon.
pub(crate) fn is_header_line(line: &[u8]) -> bool {
    let name_len = line
        .iter()
        .take_while(|&&b| (0x21..=0x7e).contains(&b) && b != b':')
        .count();
    name_len > 0
        && line
            .get(name_len..)
            .unwrap_or_default()
            .iter()
            .find(|&&b| b != b' ' && b != b'\t')
            == Some(&b':')
}

pub(crate) fn strip_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Scans the message header as `Message.pm` does: continuation lines extend a
/// field; a blank line ends the header; a line starting with `--` ends it
/// without a separator; up to three invalid lines are consumed, the fourth
/// starts the body; the end of input without a blank line is a missing
/// separator too.
pub(super) fn scan_header(raw: &[u8]) -> HeaderScan {
    let first_line = lines(raw).next().map(|(_, line)| line).unwrap_or_default();
    let crlf = first_line.ends_with(b"\r\n") || raw.ends_with(b"\r\n");
    let mut scan = HeaderScan {
        crlf,
        body_start: raw.len(),
        ..HeaderScan::default()
    };
    let mut bad_lines = 0;
    for (offset, line) in lines(raw) {
        if matches!(line.first(), Some(b' ' | b'\t')) {
            continue;
        }
        // SpamAssassin compares against its line ending; in CRLF mode it first
        // turns bare LFs into CRLFs, so both forms are blank there.
        if line == b"\n" || (crlf && line == b"\r\n") {
            scan.body_start = offset + line.len();
            return scan;
        }
        if line.starts_with(b"--") {
            scan.missing_separator = true;
            scan.insert_blank_at = Some(offset);
            scan.body_start = offset;
            return scan;
        }
        if !is_header_line(line) {
            if scan.malformed.len() < MAX_MALFORMED_LINES {
                let text = String::from_utf8_lossy(strip_eol(line));
                scan.malformed
                    .push(text.chars().take(MAX_MALFORMED_CHARS).collect());
            }
            bad_lines += 1;
            if bad_lines > TOLERATED_BAD_LINES {
                scan.missing_separator = true;
                scan.insert_blank_at = Some(offset);
                scan.body_start = offset;
                return scan;
            }
        }
    }
    scan.missing_separator = true;
    scan
}

/// What the scan of MIME part headers found.
#[derive(Debug, Default)]
pub(super) struct MimeScan {
    pub missing_separator: bool,
    /// Offsets (in the top-level buffer) of part bodies that start without a
    /// blank line.
    pub insert_blank_at: Vec<usize>,
}

/// Scans every multipart container of `message` (attached messages included)
/// for parts whose header is not followed by a blank line, as
/// `_parse_multipart` does: after a boundary line, header lines and their
/// continuations are read; the first other line must be blank, unless it is a
/// boundary itself.
pub(super) fn scan_mime_parts(message: &Message<'_>, limits: &Limits) -> MimeScan {
    struct Visit<'m, 'x> {
        message: &'m Message<'x>,
        index: usize,
        depth: usize,
        /// Whether the message's offsets are offsets in the top-level buffer.
        top_buffer: bool,
    }
    let mut scan = MimeScan::default();
    let mut stack = vec![Visit {
        message,
        index: 0,
        depth: 0,
        top_buffer: true,
    }];
    let mut visited = 0usize;
    // The walk stops where the MIME tree does (depth and part limits), so the
    // regions scanned overlap at most `max_mime_depth` times.
    while let Some(visit) = stack.pop() {
        visited += 1;
        if visited > limits.max_parts {
            break;
        }
        let message = visit.message;
        let Some(part) = message.parts.get(visit.index) else {
            continue;
        };
        let start = part.offset_body as usize;
        let end = (part.offset_end as usize).min(message.raw_message.len());
        let region = message.raw_message.get(start..end).unwrap_or_default();
        match &part.body {
            PartType::Multipart(children) => {
                if visit.depth >= limits.max_mime_depth {
                    continue;
                }
                let boundary = last_content_type(message, part)
                    .and_then(|value| ctype::parse(&value).boundary);
                if let Some(boundary) = boundary {
                    for at in parts_without_separator(region, boundary.as_bytes()) {
                        scan.missing_separator = true;
                        if visit.top_buffer {
                            scan.insert_blank_at.push(start + at);
                        }
                    }
                }
                for &child in children.iter().rev() {
                    stack.push(Visit {
                        message,
                        index: child as usize,
                        depth: visit.depth + 1,
                        top_buffer: visit.top_buffer,
                    });
                }
            }
            PartType::Text(_) | PartType::Binary(_) | PartType::InlineBinary(_)
                if visit.index > 0
                    && is_boundaryless_multipart(message, part, visit.index)
                    && first_part_without_separator(region) =>
            {
                // SpamAssassin parses it as a multipart whose boundary never
                // comes: the whole body is one part, read from its header.
                // (Not at a message's root: there SpamAssassin first puts a
                // blank line before a body that does not start with the
                // boundary, so the part has no header.)
                scan.missing_separator = true;
            }
            PartType::Message(nested) if visit.depth < limits.max_mime_depth => {
                stack.push(Visit {
                    message: nested,
                    index: 0,
                    depth: visit.depth + 1,
                    // An unencoded attached message shares the top-level buffer.
                    top_buffer: visit.top_buffer && part.encoding == mail_parser::Encoding::None,
                });
            }
            _ => {}
        }
    }
    scan
}

/// A leaf whose Content-Type is `multipart/*` and which SpamAssassin still
/// parses as a multipart: it has a boundary parameter, or it sits inside a
/// multipart (and inherits the parent's boundary). Part 0 is a message's root.
pub(crate) fn is_boundaryless_multipart(
    message: &Message<'_>,
    part: &mail_parser::MessagePart<'_>,
    index: usize,
) -> bool {
    let Some(value) = last_content_type(message, part) else {
        return false;
    };
    let ct = ctype::parse(&value);
    ct.mime_type.starts_with("multipart/") && (ct.boundary.is_some() || index > 0)
}

/// The raw value of the last Content-Type field of `part`.
pub(crate) fn last_content_type(
    message: &Message<'_>,
    part: &mail_parser::MessagePart<'_>,
) -> Option<String> {
    part.headers
        .iter()
        .rev()
        .find(|h| h.name.as_str().eq_ignore_ascii_case("content-type"))
        .and_then(|h| {
            message
                .raw_message
                .get(h.offset_start as usize..h.offset_end as usize)
        })
        .map(|value| String::from_utf8_lossy(value).into_owned())
}

/// Whether the body of a boundary-less multipart, read as one part with its
/// own header, runs from that header into text without a blank line.
fn first_part_without_separator(region: &[u8]) -> bool {
    let mut in_field = false;
    for (_, line) in lines(region) {
        if is_header_line(line) {
            in_field = true;
        } else if !(in_field && matches!(line.first(), Some(b' ' | b'\t'))) {
            return !strip_eol(line).is_empty();
        }
    }
    false
}

/// `^--BOUNDARY(--)?\s*$`: `Some(true)` for the closing boundary.
fn boundary_line(line: &[u8], boundary: &[u8]) -> Option<bool> {
    let rest = line.strip_prefix(b"--")?.strip_prefix(boundary)?;
    let (closing, rest) = match rest.strip_prefix(b"--") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    rest.iter().all(u8::is_ascii_whitespace).then_some(closing)
}

/// Where SpamAssassin ends the body of a part that starts at `start` in
/// `raw`, given mail-parser's end `end` and the boundaries of the enclosing
/// multiparts (nearest first).
///
/// mail-parser ends a part at the first `--BOUNDARY` anywhere, even inside a
/// line or followed by text (`--b--</BODY></HTML>`); SpamAssassin ends it only
/// at a line `^--BOUNDARY(--)?\s*$` of an enclosing multipart, and a part
/// with no such line runs to the end of the enclosing body (here: of `raw`),
/// its last line kept whole. The line end before a boundary line belongs to
/// the boundary.
pub(crate) fn sa_part_end(raw: &[u8], start: usize, end: usize, boundaries: &[&[u8]]) -> usize {
    let Some(&nearest) = boundaries.first() else {
        return end;
    };
    if end < start || end > raw.len() {
        return end;
    }
    let at_line_start = |at: usize| at == 0 || raw.get(at - 1) == Some(&b'\n');
    let boundary_follows = |at: usize| {
        let rest = raw.get(at..).unwrap_or_default();
        let rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        let line = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest, |nl| rest.get(..=nl).unwrap_or(rest));
        boundary_line(line, nearest).is_some()
    };
    let here = raw.get(end..).unwrap_or_default();
    if here.is_empty()
        || (here.starts_with(b"\n") || here.starts_with(b"\r\n") || at_line_start(end))
            && boundary_follows(end)
    {
        return end;
    }
    let region = raw.get(start..).unwrap_or_default();
    for (offset, line) in lines(region) {
        if line.starts_with(b"--")
            && boundaries
                .iter()
                .any(|boundary| boundary_line(line, boundary).is_some())
        {
            let mut cut = start + offset;
            if cut > start && raw.get(cut - 1) == Some(&b'\n') {
                cut -= 1;
                if cut > start && raw.get(cut - 1) == Some(&b'\r') {
                    cut -= 1;
                }
            }
            return cut;
        }
    }
    raw.len()
}

/// Whether the multipart body starting at `start` in `raw`, with this
/// `boundary`, has an epilogue SpamAssassin notices
/// (`mime_epilogue_exists`): after its closing boundary line and before the
/// next boundary line of an enclosing multipart (or the end), a line with
/// something other than blanks and dots.
pub(crate) fn has_epilogue(raw: &[u8], start: usize, boundary: &[u8], enclosing: &[&[u8]]) -> bool {
    let region = raw.get(start..).unwrap_or_default();
    let mut lines = lines(region).map(|(_, line)| line);
    let closed = lines
        .by_ref()
        .any(|line| line.starts_with(b"--") && boundary_line(line, boundary) == Some(true));
    closed
        && lines
            .take_while(|line| {
                !(line.starts_with(b"--")
                    && enclosing
                        .iter()
                        .any(|outer| boundary_line(line, outer).is_some()))
            })
            .any(|line| {
                line.iter()
                    .any(|&b| !(b.is_ascii_whitespace() || b == b'.' || b == 0x0b))
            })
}

/// Offsets in `region` of part bodies that follow their header without a
/// blank line.
fn parts_without_separator(region: &[u8], boundary: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    // None: outside a part header; Some(in_field): reading a part header.
    let mut header: Option<bool> = None;
    for (offset, line) in lines(region) {
        if line.starts_with(b"--")
            && let Some(closing) = boundary_line(line, boundary)
        {
            header = (!closing).then_some(false);
            continue;
        }
        let Some(in_field) = header else { continue };
        if is_header_line(line) {
            header = Some(true);
        } else if in_field && matches!(line.first(), Some(b' ' | b'\t')) {
            // continuation
        } else {
            header = None;
            if !strip_eol(line).is_empty() {
                found.push(offset);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_line_shapes() {
        assert!(is_header_line(b"Subject: hi\n"));
        assert!(is_header_line(b"Subject : hi\n"));
        assert!(is_header_line(b"X-A:\n"));
        assert!(!is_header_line(b"two words: hi\n"));
        assert!(!is_header_line(b": hi\n"));
        assert!(!is_header_line(b"no colon\n"));
    }

    #[test]
    fn boundary_lines() {
        assert_eq!(boundary_line(b"--b1\n", b"b1"), Some(false));
        assert_eq!(boundary_line(b"--b1-- \r\n", b"b1"), Some(true));
        assert_eq!(boundary_line(b"--b1x\n", b"b1"), None);
    }

    #[test]
    fn epilogues() {
        let body = b"--b\nContent-Type: text/plain\n\nx\n--b--\n";
        assert!(!has_epilogue(body, 0, b"b", &[]));
        let dots = [&body[..], b"\n.\n \t\n"].concat();
        assert!(!has_epilogue(&dots, 0, b"b", &[]));
        let text = [&body[..], b"\ntrailing words\n"].concat();
        assert!(has_epilogue(&text, 0, b"b", &[]));
        // Text after the enclosing boundary belongs to the outer multipart.
        let nested = [&body[..], b"--outer\nnext part\n"].concat();
        assert!(!has_epilogue(&nested, 0, b"b", &[b"outer"]));
    }

    #[test]
    fn part_end_follows_spamassassin_boundary_lines() {
        let raw = b"--b\n\n<p>one</p>\n--b--</body>\nmore\n";
        let start = 5;
        // mail-parser stops at the closing boundary written with text after
        // it; SpamAssassin does not see a boundary there and reads on.
        assert_eq!(sa_part_end(raw, start, 15, &[b"b"]), raw.len());
        // A real boundary line ends the part, its line end dropped.
        let raw = b"--b\n\n<p>one</p>\n--b-- \nmore\n";
        assert_eq!(sa_part_end(raw, start, 15, &[b"b"]), 15);
        // Glued to text: not a boundary; the outer one ends the part.
        let raw = b"--b\n\n<p>one</p>--b\nx\r\n--outer\r\n";
        assert_eq!(sa_part_end(raw, start, 15, &[b"b", b"outer"]), 20);
        // Outside a multipart, nothing changes.
        assert_eq!(sa_part_end(raw, start, 15, &[]), 15);
    }

    #[test]
    fn mbox_line() {
        assert_eq!(strip_mbox_separator(b"From a b\nX: y\n"), b"X: y\n");
        assert_eq!(strip_mbox_separator(b"From: a\n"), b"From: a\n");
        assert_eq!(strip_mbox_separator(b"From : a\n"), b"From : a\n");
    }
}
