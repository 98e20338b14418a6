//! Addresses of From, Sender, Reply-To, To and Cc, read the way SpamAssassin's
//! `:addr` reads them (sa-semantics §0.4, §2.5).
//!
//! SpamAssassin's parser is deliberately relaxed about names and comments but
//! strict about the address itself: `foo bar@example.com` or
//! `<a b@example.com>` give no address at all, while a quoted local part
//! (`"foo bar"@example.com`) is kept with its quotes. Tests such as
//! FROM_ADDR_WS and HEADER_FROM_DIFFERENT_DOMAINS depend on exactly that, so
//! this module has its own small parser rather than a strict RFC 5322 one.

use std::sync::LazyLock;

use mail_parser::parsers::MessageStream;
use regex::bytes::Regex;
use serde::{Deserialize, Serialize};

use crate::analysis::headers::Headers;

/// One mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mailbox {
    /// Display name, decoded.
    pub name: Option<String>,
    /// The address (`local@domain`), as SpamAssassin's `:addr` gives it: a
    /// quoted local part keeps its quotes.
    pub address: String,
}

impl Mailbox {
    /// The text after the last `@` (empty when there is none).
    #[must_use]
    pub fn domain(&self) -> &str {
        self.address
            .rsplit_once('@')
            .map_or("", |(_, domain)| domain)
    }
}

/// Addresses by field, in order of appearance.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Addresses {
    /// Every From address (of every From field).
    pub from: Vec<Mailbox>,
    /// Sender.
    pub sender: Vec<Mailbox>,
    /// Reply-To.
    pub reply_to: Vec<Mailbox>,
    /// To.
    pub to: Vec<Mailbox>,
    /// Cc.
    pub cc: Vec<Mailbox>,
}

impl Addresses {
    pub(crate) fn extract(headers: &Headers) -> Self {
        let field = |name| {
            headers
                .all(name)
                .flat_map(|field| parse_address_list(&field.raw))
                .collect()
        };
        Self {
            from: field("From"),
            sender: field("Sender"),
            reply_to: field("Reply-To"),
            to: field("To"),
            cc: field("Cc"),
        }
    }
}

/// SpamAssassin's `Name:first:addr`: the first address of the first field
/// named `name` (raw value), if it has one.
#[must_use]
pub fn first_field_address(headers: &Headers, name: &str) -> Option<String> {
    let field = headers.all(name).next()?;
    parse_address_list(&field.raw)
        .into_iter()
        .next()
        .map(|mailbox| mailbox.address)
}

/// A mailbox address: a quoted or plain local part, `@`, a domain or an
/// address literal.
const MAIL: &str =
    r#"(?:"(?:[^"\\]|\\.)*"|[^@\s<>()\[\],:;]+)@(?:[^"\s<>()\[\],:;]+|\[[0-9:.]+\])"#;

static MAIL_AT_START: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"\A{MAIL}")));
static MAIL_EXACT: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"\A{MAIL}\z")));
static MAIL_IN_ANGLES: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"<({MAIL})>")));

fn regex(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(&format!("(?-u){pattern}")).expect("valid built-in address pattern")
}

fn is_space(byte: u8) -> bool {
    crate::analysis::date::is_space(byte)
}

fn skip_spaces(text: &[u8], mut at: usize) -> usize {
    while text.get(at).copied().is_some_and(is_space) {
        at += 1;
    }
    at
}

/// Length of a quoted string starting at `at` (which holds `"`), closing quote
/// included; `None` when it is not closed.
fn quoted_len(text: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        match text.get(i)? {
            b'"' => return Some(i + 1 - at),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// A phrase: quoted strings and runs of anything but `" , ; <`. Returns its end.
fn phrase_end(text: &[u8], start: usize) -> usize {
    let mut i = start;
    loop {
        match text.get(i) {
            Some(b'"') => match quoted_len(text, i) {
                Some(len) => i += len,
                None => return i,
            },
            Some(b',' | b';' | b'<') | None => return i,
            Some(_) => i += 1,
        }
    }
}

/// After an entry: an optional `(comment)` without nesting, then `,`, `;` or
/// the end. Returns the comment and where the next entry starts.
fn entry_tail(text: &[u8], at: usize) -> Option<(Option<&[u8]>, usize)> {
    let mut i = skip_spaces(text, at);
    let mut comment = None;
    if text.get(i) == Some(&b'(') {
        let start = i + 1;
        let mut j = start;
        loop {
            match text.get(j) {
                Some(b')') => break,
                Some(b'(') | None => return None,
                Some(b'\\') => j += 2,
                Some(_) => j += 1,
            }
        }
        comment = text.get(start..j);
        i = skip_spaces(text, j + 1);
    }
    match text.get(i) {
        Some(b',' | b';') => Some((comment, i + 1)),
        None => Some((comment, i)),
        Some(_) => None,
    }
}

/// One list entry as SpamAssassin's relaxed parser splits it.
struct Entry<'a> {
    phrase: Option<&'a [u8]>,
    angle: Option<&'a [u8]>,
    plain: Option<&'a [u8]>,
    comment: Option<&'a [u8]>,
}

/// Parses the entry at the start of `text`, returning it and its length.
fn entry(text: &[u8]) -> Option<(Entry<'_>, usize)> {
    let start = skip_spaces(text, 0);
    // `[phrase] <address>`, possibly followed by more `<…>` enclosures.
    let phrase_stop = phrase_end(text, start);
    let open = skip_spaces(text, phrase_stop);
    if text.get(open) == Some(&b'<') {
        let inner_start = open + 1;
        if let Some(close) = text
            .get(inner_start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'>'))
        {
            let inner = text
                .get(inner_start..inner_start + close)
                .unwrap_or_default();
            let mut after = inner_start + close + 1;
            loop {
                let next = skip_spaces(text, after);
                if text.get(next) != Some(&b'<') {
                    break;
                }
                match text
                    .get(next..)
                    .and_then(|rest| rest.iter().position(|&b| b == b'>'))
                {
                    Some(len) => after = next + len + 1,
                    None => break,
                }
            }
            if let Some((comment, end)) = entry_tail(text, after) {
                let phrase = text.get(start..phrase_stop).filter(|p| !p.is_empty());
                return Some((
                    Entry {
                        phrase,
                        angle: Some(trim(inner)),
                        plain: None,
                        comment,
                    },
                    end,
                ));
            }
        }
    }
    // A bare address.
    if let Some(found) = text.get(start..).and_then(|rest| MAIL_AT_START.find(rest)) {
        let after = start + found.end();
        if let Some((comment, end)) = entry_tail(text, after) {
            return Some((
                Entry {
                    phrase: None,
                    angle: None,
                    plain: text.get(start..after),
                    comment,
                },
                end,
            ));
        }
    }
    // A phrase alone.
    if phrase_stop > start
        && let Some((comment, end)) = entry_tail(text, phrase_stop)
    {
        return Some((
            Entry {
                phrase: text.get(start..phrase_stop),
                angle: None,
                plain: None,
                comment,
            },
            end,
        ));
    }
    None
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |e| e + 1);
    bytes.get(start..end).unwrap_or_default()
}

/// Removes `(comments)` without nesting.
fn strip_comments(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while let Some(&byte) = text.get(i) {
        if byte == b'(' {
            let mut j = i + 1;
            let mut closed = None;
            while let Some(&b) = text.get(j) {
                match b {
                    b')' => {
                        closed = Some(j);
                        break;
                    }
                    b'(' => break,
                    b'\\' => j += 2,
                    _ => j += 1,
                }
            }
            if let Some(end) = closed {
                i = end + 1;
                continue;
            }
        }
        out.push(byte);
        i += 1;
    }
    out
}

/// The phrase with quotes removed (and unescaped) and comments outside quotes
/// dropped.
fn clean_phrase(phrase: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(phrase.len());
    let mut i = 0;
    while i < phrase.len() {
        if phrase.get(i) == Some(&b'"') {
            let len = quoted_len(phrase, i).unwrap_or(phrase.len() - i);
            let inner = phrase
                .get(i + 1..i + len.saturating_sub(1).max(1))
                .unwrap_or_default();
            let mut k = 0;
            while let Some(&b) = inner.get(k) {
                if b == b'\\' {
                    if let Some(&next) = inner.get(k + 1) {
                        out.push(next);
                    }
                    k += 2;
                } else {
                    out.push(b);
                    k += 1;
                }
            }
            i += len;
        } else {
            let end = phrase
                .get(i..)
                .and_then(|rest| rest.iter().position(|&b| b == b'"'))
                .map_or(phrase.len(), |p| i + p);
            out.extend(strip_comments(phrase.get(i..end).unwrap_or_default()));
            i = end;
        }
    }
    out
}

/// SpamAssassin's sanity checks on a parsed address.
fn plausible(address: &[u8]) -> bool {
    !address.starts_with(b"\"\"@") && address.iter().filter(|&&b| b == b'"').count() != 1
}

/// A host name with at least two labels of letters, digits and hyphens and an
/// alphabetic top-level label (an approximation of SpamAssassin's check
/// against the list of top-level domains).
fn looks_like_fqdn(host: &[u8]) -> bool {
    let labels: Vec<&[u8]> = host.split(|&b| b == b'.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                && !label.starts_with(b"-")
                && !label.ends_with(b"-")
        })
        && labels.last().is_some_and(|tld| {
            tld.len() >= 2 && (tld.iter().all(u8::is_ascii_alphabetic) || tld.starts_with(b"xn--"))
        })
}

/// Keeps `local@domain`, dropping anything from a second `@` on.
fn cut_at_second_at(address: &[u8]) -> &[u8] {
    match address.iter().position(|&b| b == b'@') {
        Some(first) => {
            let end = address
                .get(first + 1..)
                .and_then(|rest| rest.iter().position(|&b| b == b'@'))
                .map_or(address.len(), |p| first + 1 + p);
            address.get(..end).unwrap_or(address)
        }
        None => address,
    }
}

/// Parses an address-list header value (raw, undecoded) the way
/// SpamAssassin's `:addr` does; entries without a usable address are dropped.
///
/// ```
/// use spamgauge::analysis::address::parse_address_list;
/// let found = parse_address_list(r#" "Doe, J." <j@example.com>, foo bar@example.org"#);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].address, "j@example.com");
/// ```
#[must_use]
pub fn parse_address_list(raw: &str) -> Vec<Mailbox> {
    parse_address_entries(raw)
        .into_iter()
        .filter_map(|(name, address)| {
            Some(Mailbox {
                name,
                address: address?,
            })
        })
        .collect()
}

/// Every entry of an address-list value as `(display name, address)`, like
/// [`parse_address_list`] but keeping the entries that have no usable
/// address (SpamAssassin's `parse_header_addresses`, which Bayes tokenizes
/// names from).
pub(crate) fn parse_address_entries(raw: &str) -> Vec<(Option<String>, Option<String>)> {
    let mut text: Vec<u8> = trim_end(raw.as_bytes()).to_vec();
    // Escaped backslashes are dropped, which keeps the scanning simple.
    remove_double_backslashes(&mut text);
    reduce_group(&mut text);
    let mut results = Vec::new();
    let mut rest: &[u8] = &text;
    // Every entry consumes at least one byte, so this loop is linear.
    while rest.iter().any(|&b| !is_space(b)) {
        let Some((entry, len)) = entry(rest) else {
            break;
        };
        if len == 0 {
            break;
        }
        rest = rest.get(len..).unwrap_or_default();
        results.push(resolve(&entry));
    }
    // Whatever could not be parsed may still hold `<address>`es.
    if rest.contains(&b'@') {
        for caps in MAIL_IN_ANGLES.captures_iter(rest) {
            let Some(found) = caps.get(1) else { continue };
            if plausible(found.as_bytes()) {
                results.push((None, Some(lossy(cut_at_second_at(found.as_bytes())))));
            }
        }
    }
    results
}

fn resolve(entry: &Entry<'_>) -> (Option<String>, Option<String>) {
    let mut address: Option<Vec<u8>> = match (entry.angle, entry.plain) {
        (Some(inner), _) => {
            let inner = strip_comments(inner);
            MAIL_EXACT.is_match(&inner).then_some(inner)
        }
        (None, Some(plain)) => Some(plain.to_vec()),
        (None, None) => None,
    };
    if address.as_deref().is_some_and(|a| !plausible(a)) {
        address = None;
    }
    let mut phrase = entry.phrase.map(clean_phrase);
    if let Some(text) = phrase.as_deref() {
        let host_ok = text
            .iter()
            .position(|&b| b == b'@')
            .and_then(|at| text.get(at + 1..))
            .map(|after| {
                let end = after.iter().position(|&b| b == b'@').unwrap_or(after.len());
                after.get(..end).unwrap_or_default()
            })
            .is_some_and(looks_like_fqdn);
        if address.is_none() && MAIL_EXACT.is_match(text) && plausible(text) && host_ok {
            address = phrase.take();
        } else if text.is_empty() || address.as_deref() == Some(text) {
            phrase = None;
        }
    }
    let name = phrase
        .or_else(|| entry.comment.map(<[u8]>::to_vec))
        .map(|bytes| decode_words(&lossy(&bytes)))
        .map(|name| name.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|name| !name.is_empty());
    (name, address.map(|a| lossy(cut_at_second_at(&a))))
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(0, |e| e + 1);
    bytes.get(..end).unwrap_or_default()
}

fn remove_double_backslashes(text: &mut Vec<u8>) {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while let Some(&byte) = text.get(i) {
        if byte == b'\\' && text.get(i + 1) == Some(&b'\\') {
            i += 2;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    *text = out;
}

/// `group: a, b;` → `a, b;` and `group:;` → nothing: the text up to the last
/// colon of a leading run free of `" ( ) < >` is dropped.
fn reduce_group(text: &mut Vec<u8>) {
    let run = text
        .iter()
        .position(|b| matches!(b, b'"' | b'(' | b')' | b'<' | b'>'))
        .unwrap_or(text.len());
    let Some(colon) = text
        .get(..run)
        .and_then(|head| head.iter().rposition(|&b| b == b':'))
    else {
        return;
    };
    if colon == 0 {
        return;
    }
    let rest = skip_spaces(text, colon + 1);
    if text.get(rest) == Some(&b';') {
        text.clear();
    } else {
        text.drain(..rest);
    }
}

/// Decodes RFC 2047 encoded words in a display name.
fn decode_words(text: &str) -> String {
    if !text.contains("=?") {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'=') && bytes.get(i + 1) == Some(&b'?') {
            let mut stream = MessageStream::new(bytes.get(i + 1..).unwrap_or_default());
            if let Some(word) = stream.decode_rfc2047() {
                out.push_str(&word);
                i += 1 + stream.offset();
                continue;
            }
        }
        let ch = text.get(i..).and_then(|rest| rest.chars().next());
        match ch {
            Some(c) => {
                out.push(c);
                i += c.len_utf8();
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addrs(raw: &str) -> Vec<String> {
        parse_address_list(raw)
            .into_iter()
            .map(|m| m.address)
            .collect()
    }

    #[test]
    fn common_shapes() {
        assert_eq!(addrs(" a@example.com"), ["a@example.com"]);
        assert_eq!(addrs(" Foo <a@example.com>"), ["a@example.com"]);
        assert_eq!(
            addrs(" \"Doe, J.\" <j@x.org>, b@y.org (Bee)"),
            ["j@x.org", "b@y.org"]
        );
        assert_eq!(addrs(" Foo\n\t<a@example.com>\n"), ["a@example.com"]);
        assert_eq!(addrs(" <>"), Vec::<String>::new());
        assert_eq!(addrs(" a@b@c.com"), ["a@b"]);
    }

    #[test]
    fn spaces_in_addresses() {
        assert!(addrs(" foo bar@example.com").is_empty());
        assert!(addrs(" <a b@example.com>").is_empty());
        assert_eq!(
            addrs(" \"foo bar\"@example.com"),
            ["\"foo bar\"@example.com"]
        );
    }

    #[test]
    fn groups_and_leftovers() {
        assert!(addrs(" undisclosed-recipients:;").is_empty());
        assert_eq!(addrs(" team: a@x.org, b@y.org;"), ["a@x.org", "b@y.org"]);
        assert_eq!(addrs(" Foo <a@x.org> junk"), ["a@x.org"]);
        assert_eq!(addrs(" \"a@x.org\""), ["a@x.org"]);
        assert!(addrs(" \"a@localhost\"").is_empty());
    }

    #[test]
    fn names() {
        let found = parse_address_list(" =?utf-8?q?J=C3=A9r=C3=B4me?= <j@x.org>");
        assert_eq!(
            found.first().and_then(|m| m.name.as_deref()),
            Some("Jérôme")
        );
        let found = parse_address_list(" j@x.org (Jay)");
        assert_eq!(found.first().and_then(|m| m.name.as_deref()), Some("Jay"));
        assert_eq!(found.first().map(Mailbox::domain), Some("x.org"));
    }

    #[test]
    fn hostile_input_is_bounded() {
        let long = "<".repeat(10_000) + &"\"".repeat(10_000) + &"(".repeat(10_000);
        let _ = parse_address_list(&long);
        let many = "a@b.c, ".repeat(5_000);
        assert_eq!(parse_address_list(&many).len(), 5_000);
    }
}
