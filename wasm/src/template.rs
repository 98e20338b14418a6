//! Template mode: score what a template author controls, and nothing else.
//!
//! An HTML (or plain-text) fragment is wrapped into a clean, complete message —
//! every header a well-behaved mailer writes, and by default a text/plain
//! alternative made from the HTML's own visible text, so that the wrapper adds
//! no finding of its own. The result is scored as if SPF, DKIM and DMARC had
//! passed, with the tests that judge the sending path left out; for a fragment,
//! the header and date tests (which would judge our wrapper) are left out too.

use spamgauge::{Analysis, Family, Timestamp};

use crate::types::TemplateKind;

/// Families that never judge content: the relay path, authentication, block
/// lists of the sending host, learned state.
pub const PATH_FAMILIES: [Family; 5] = [
    Family::Relay,
    Family::Auth,
    Family::Dnsbl,
    Family::Reputation,
    Family::Bayes,
];

/// Families that judge the header, which a fragment does not have.
pub const WRAPPER_FAMILIES: [Family; 2] = [Family::Header, Family::Date];

/// What is assumed in template mode.
pub const ASSUMED: [&str; 3] = ["spf=pass", "dkim=pass", "dmarc=pass"];

/// The families left out for a template of this kind.
#[must_use]
pub fn excluded_families(kind: TemplateKind) -> Vec<Family> {
    let mut families = PATH_FAMILIES.to_vec();
    if kind != TemplateKind::Message {
        families.extend(WRAPPER_FAMILIES);
    }
    families
}

/// Guesses what `input` is: a message starts with a header field
/// (`Name: value`, the name in printable ASCII) and has more than one line;
/// anything that starts with `<` after blanks is HTML; the rest is text.
#[must_use]
pub fn guess_kind(input: &[u8]) -> TemplateKind {
    let start = input
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(input.len());
    let trimmed = input.get(start..).unwrap_or_default();
    if trimmed.first() == Some(&b'<') {
        return TemplateKind::Html;
    }
    let first_line = input.split(|&b| b == b'\n').next().unwrap_or_default();
    let name_len = first_line
        .iter()
        .take_while(|&&b| b.is_ascii_graphic() && b != b':')
        .count();
    if name_len > 0 && first_line.get(name_len) == Some(&b':') && input.contains(&b'\n') {
        TemplateKind::Message
    } else if looks_like_html(trimmed) {
        TemplateKind::Html
    } else {
        TemplateKind::Text
    }
}

/// Whether text holds common HTML tags (bounded scan of the first 4 KiB).
fn looks_like_html(input: &[u8]) -> bool {
    let head = input.get(..input.len().min(4096)).unwrap_or_default();
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    [
        "<p", "<div", "<br", "<table", "<a ", "<img", "<span", "<b>", "<html",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// The pieces of the wrapper message.
#[derive(Debug, Clone)]
pub struct Wrapper<'a> {
    /// The fragment, as given.
    pub body: &'a [u8],
    /// Whether the fragment is HTML (else plain text).
    pub html: bool,
    /// The Subject (unencoded).
    pub subject: String,
    /// The From address.
    pub from: String,
    /// The text/plain alternative of an HTML fragment, when one is wanted.
    pub text_alternative: Option<String>,
    /// Seconds since the epoch for the Date field.
    pub now: i64,
}

/// The boundary of the wrapper's multipart/alternative; checked against the
/// body so it never appears inside it.
const BOUNDARY_BASE: &str = "spamgauge-template-boundary";

impl Wrapper<'_> {
    /// The complete message.
    #[must_use]
    pub fn to_message(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() * 2 + 1024);
        let domain = self
            .from
            .rsplit_once('@')
            .map_or("example.com", |(_, domain)| domain);
        push_line(&mut out, &format!("From: {}", self.from));
        push_line(&mut out, "To: recipient@example.org");
        push_line(
            &mut out,
            &format!("Subject: {}", encode_word(&self.subject)),
        );
        push_line(&mut out, &format!("Date: {}", rfc5322_date(self.now)));
        push_line(
            &mut out,
            &format!("Message-ID: <template-preview.{}@{domain}>", self.now),
        );
        push_line(&mut out, "MIME-Version: 1.0");
        let body_type = if self.html { "text/html" } else { "text/plain" };
        match &self.text_alternative {
            Some(text) if self.html => {
                let boundary = boundary_for(self.body, text.as_bytes());
                push_line(
                    &mut out,
                    &format!("Content-Type: multipart/alternative; boundary=\"{boundary}\""),
                );
                push_line(&mut out, "");
                push_line(&mut out, &format!("--{boundary}"));
                push_part(&mut out, "text/plain", text.as_bytes());
                push_line(&mut out, &format!("--{boundary}"));
                push_part(&mut out, "text/html", self.body);
                push_line(&mut out, &format!("--{boundary}--"));
            }
            _ => push_part(&mut out, body_type, self.body),
        }
        out
    }
}

fn push_line(out: &mut Vec<u8>, line: &str) {
    out.extend_from_slice(line.as_bytes());
    out.extend_from_slice(b"\r\n");
}

fn push_part(out: &mut Vec<u8>, content_type: &str, body: &[u8]) {
    push_line(out, &format!("Content-Type: {content_type}; charset=utf-8"));
    push_line(out, "Content-Transfer-Encoding: 8bit");
    push_line(out, "");
    out.extend_from_slice(body);
    if !body.ends_with(b"\n") {
        out.extend_from_slice(b"\r\n");
    }
}

/// A boundary that occurs in neither part.
fn boundary_for(html: &[u8], text: &[u8]) -> String {
    let contains =
        |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    let mut boundary = BOUNDARY_BASE.to_owned();
    let mut n = 0u32;
    while contains(html, boundary.as_bytes()) || contains(text, boundary.as_bytes()) {
        n += 1;
        boundary = format!("{BOUNDARY_BASE}-{n}");
    }
    boundary
}

/// An RFC 2047 encoded word when the text is not plain ASCII.
fn encode_word(text: &str) -> String {
    let single_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if single_line.is_ascii() {
        single_line
    } else {
        format!("=?UTF-8?B?{}?=", base64(single_line.as_bytes()))
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol = |index: u32| char::from(ALPHABET[(index & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = b(0) << 16 | b(1) << 8 | b(2);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

/// `Thu, 01 Jan 1970 00:00:00 +0000` from seconds since the epoch.
#[must_use]
pub fn rfc5322_date(seconds: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day, hour, minute, second) = Timestamp::from_unix(seconds).to_civil();
    let weekday = DAYS
        .get(seconds.div_euclid(86_400).rem_euclid(7) as usize)
        .copied()
        .unwrap_or("Thu");
    let month_name = MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    format!("{weekday}, {day:02} {month_name} {year:04} {hour:02}:{minute:02}:{second:02} +0000")
}

/// The text alternative of an HTML fragment: its own visible text, as the
/// engine renders it, so text and HTML agree.
#[must_use]
pub fn visible_text(analysis: &Analysis) -> Option<String> {
    let model = analysis.html.first()?;
    let text = model.visible.trim();
    (!text.is_empty()).then(|| format!("{text}\r\n"))
}

/// The first `<title>` of the HTML, whitespace collapsed.
#[must_use]
pub fn title(analysis: &Analysis) -> Option<String> {
    let title = analysis.html.first()?.titles.first()?;
    let collapsed = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_html_text_and_messages() {
        assert_eq!(
            guess_kind(b"  <html><body>hi</body></html>"),
            TemplateKind::Html
        );
        assert_eq!(guess_kind(b"Hello <b>you</b>"), TemplateKind::Html);
        assert_eq!(guess_kind(b"Hello there\nbye"), TemplateKind::Text);
        assert_eq!(
            guess_kind(b"Subject: hi\r\nFrom: a@b.c\r\n\r\nbody"),
            TemplateKind::Message
        );
        // Near miss: a colon on a one-line text is not a header.
        assert_eq!(guess_kind(b"Note: hello"), TemplateKind::Text);
        assert_eq!(guess_kind(b"Dear customer: hello\nbye"), TemplateKind::Text);
    }

    #[test]
    fn dates_follow_rfc_5322() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(
            rfc5322_date(1_700_000_000),
            "Tue, 14 Nov 2023 22:13:20 +0000"
        );
        assert_eq!(rfc5322_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 +0000");
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(encode_word("Été"), "=?UTF-8?B?w4l0w6k=?=");
        assert_eq!(encode_word("Plain"), "Plain");
    }

    #[test]
    fn boundary_avoids_the_body() {
        let html = format!("<p>{BOUNDARY_BASE}</p>");
        assert_eq!(
            boundary_for(html.as_bytes(), b""),
            format!("{BOUNDARY_BASE}-1")
        );
        assert_eq!(boundary_for(b"<p>x</p>", b"x"), BOUNDARY_BASE);
    }

    #[test]
    fn wrapper_is_a_complete_message() {
        let wrapper = Wrapper {
            body: b"<p>Hello</p>",
            html: true,
            subject: "Hi".into(),
            from: "News <news@shop.example>".into(),
            text_alternative: Some("Hello\r\n".into()),
            now: 0,
        };
        let message = String::from_utf8(wrapper.to_message()).unwrap_or_default();
        for needle in [
            "From: News <news@shop.example>\r\n",
            "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n",
            "Message-ID: <template-preview.0@shop.example>",
            "multipart/alternative",
            "Content-Type: text/plain; charset=utf-8\r\n",
            "<p>Hello</p>\r\n",
        ] {
            assert!(message.contains(needle), "{needle:?} in {message}");
        }
        let single = Wrapper {
            text_alternative: None,
            ..wrapper
        };
        let message = String::from_utf8(single.to_message()).unwrap_or_default();
        assert!(!message.contains("multipart"));
    }

    #[test]
    fn fragments_exclude_header_tests_messages_do_not() {
        assert!(excluded_families(TemplateKind::Html).contains(&Family::Header));
        assert!(!excluded_families(TemplateKind::Message).contains(&Family::Header));
        assert!(excluded_families(TemplateKind::Message).contains(&Family::Auth));
    }
}
