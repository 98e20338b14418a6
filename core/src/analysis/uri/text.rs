//! URIs in rendered text (sa-semantics §6.3, source 1): SpamAssassin's
//! Thunderbird/Outlook hybrid tokenizer over each body line.
//!
//! SpamAssassin writes it as one Perl regex with look-behind, look-ahead and
//! bounded quantifiers whose backtracking decides the result (a run longer
//! than 2,048 bytes is no match at all rather than a cut one). The `regex`
//! crate has no look-around, so the three alternatives are matched here by a
//! scanner that reproduces that backtracking outcome exactly: at each start
//! position, the known-scheme alternative, then mail, then schemeless. The
//! "next delimiter" searches are cached, so a line costs time linear in its
//! length whatever it contains.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{canon, domain};

/// Longest run after a scheme, in bytes.
const MAX_RUN: usize = 2048;
/// Longest local part and domain of a bare mail address, in bytes.
const MAX_MAIL_PART: usize = 251;
/// Longest host before the TLD dot of a schemeless URI, in bytes.
const MAX_SCHEMELESS_HOST: usize = 252;

const ESC: u8 = 0x1B;
const NBSP: u8 = 0xA0;

/// Perl's `\s` on bytes.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Bytes that end a URI.
fn is_end(b: u8) -> bool {
    matches!(
        b,
        b'>' | b'<' | b'"' | b'`' | b'}' | b']' | b'{' | b'[' | b'|' | ESC | NBSP
    ) || is_space(b)
}

/// Bytes that end a mail address: the URI ones, `,` `(` `'` and non-ASCII.
fn is_mail_end(b: u8) -> bool {
    is_end(b) || matches!(b, b',' | b'(' | b'\'') || b >= 0x80
}

fn is_mail_end_or_at(b: u8) -> bool {
    is_mail_end(b) || b == b'@'
}

/// Bytes after which a URI may start (besides a word boundary).
fn is_start(b: u8) -> bool {
    matches!(
        b,
        b'>' | b'<' | b'"' | b'\'' | b'`' | b',' | b'{' | b'[' | b'(' | b'|' | ESC | NBSP
    ) || is_space(b)
}

/// Bytes after which a schemeless URI may start.
fn is_schemeless_start(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'"'
            | b'#'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b'/'
            | b':'
            | b';'
            | b'<'
            | b'='
            | b'>'
            | b'?'
            | b'@'
            | b'['
            | b'\\'
            | b']'
            | b'^'
            | b'`'
            | b'{'
            | b'|'
            | b'}'
            | b'~'
            | ESC
            | NBSP
    ) || is_space(b)
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')
}

/// First position at or after `from` whose byte satisfies a predicate,
/// remembering the last answer so overlapping queries cost nothing.
struct NextFinder {
    pred: fn(u8) -> bool,
    /// No byte in `lo..hi` satisfies `pred`; `hi` does, or is the end.
    cached: Option<(usize, usize)>,
    /// Bytes examined so far (tests bound the work with it).
    work: usize,
}

impl NextFinder {
    fn new(pred: fn(u8) -> bool) -> Self {
        Self {
            pred,
            cached: None,
            work: 0,
        }
    }

    fn next(&mut self, line: &[u8], from: usize) -> usize {
        let pred = self.pred;
        let work = &mut self.work;
        let mut scan = |start: usize, end: usize| {
            let found = line
                .get(start..end)
                .and_then(|slice| slice.iter().position(|&b| pred(b)))
                .map(|offset| start + offset);
            *work += found.unwrap_or(end).saturating_sub(start) + 1;
            found
        };
        match self.cached {
            Some((lo, hi)) if lo <= from && from <= hi => hi,
            Some((lo, hi)) if from < lo => {
                // A short step back: only the gap needs looking at.
                if let Some(found) = scan(from, lo) {
                    return found;
                }
                self.cached = Some((from, hi));
                hi
            }
            _ => {
                let hi = scan(from, line.len()).unwrap_or(line.len()).max(from);
                self.cached = Some((from, hi));
                hi
            }
        }
    }
}

/// Which alternative matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// `http://`, `https://`, `ftp://`, `www.`, `ftp.`.
    Scheme,
    /// `mailto:` or `local@domain`.
    Mail,
    /// `host.tld`; the host's byte range.
    Schemeless(Range<usize>),
}

/// Every match of the tokenizer in one line, left to right: (range, kind).
pub(crate) fn scan(line: &[u8]) -> Vec<(Range<usize>, Found)> {
    scan_counted(line).0
}

/// A byte every match holds: `:` after a scheme or in `mailto:`, `.`
/// after `www`/`ftp` or before a TLD, `@` in an address.
fn is_trigger(b: u8) -> bool {
    matches!(b, b':' | b'.' | b'@')
}

/// The finders the alternatives share while one line is scanned.
struct Finders {
    ends: NextFinder,
    mail_ends: NextFinder,
    mail_ats: NextFinder,
    /// Bytes examined by the schemeless alternative.
    work: usize,
}

impl Finders {
    fn new() -> Self {
        Self {
            ends: NextFinder::new(is_end),
            mail_ends: NextFinder::new(is_mail_end),
            mail_ats: NextFinder::new(is_mail_end_or_at),
            work: 0,
        }
    }

    /// The end and kind of the match starting at `p`, if one does.
    fn match_at(&mut self, line: &[u8], p: usize) -> Option<(usize, Found)> {
        if !starts_here(line, p) {
            return None;
        }
        known_scheme(line, p, &mut self.ends)
            .map(|end| (end, Found::Scheme))
            .or_else(|| {
                mail(line, p, &mut self.mail_ends, &mut self.mail_ats).map(|end| (end, Found::Mail))
            })
            .or_else(|| {
                schemeless(line, p, &mut self.ends, &mut self.work)
                    .map(|(end, host)| (end, Found::Schemeless(host)))
            })
    }

    fn work(&self) -> usize {
        self.work + self.ends.work + self.mail_ends.work + self.mail_ats.work
    }
}

/// [`scan`], with the number of bytes examined.
///
/// Each alternative reads no blank (Perl's `\s`) before the trigger byte
/// it needs (the scheme's letters, an address's local part, a host's
/// bytes): a match can only start where the next trigger comes before the
/// next blank. The positions before that blank are skipped unexamined, so
/// most words of running text cost two cached look-ups.
fn scan_counted(line: &[u8]) -> (Vec<(Range<usize>, Found)>, usize) {
    let mut work = 0;
    let mut finders = Finders::new();
    let mut triggers = NextFinder::new(is_trigger);
    let mut blanks = NextFinder::new(is_space);
    let mut found = Vec::new();
    let mut p = 0;
    while p < line.len() {
        let trigger = triggers.next(line, p);
        if trigger >= line.len() {
            break;
        }
        let blank = blanks.next(line, p);
        if blank < trigger {
            p = blank + 1;
            work += 1;
            continue;
        }
        if let Some((end, kind)) = finders.match_at(line, p) {
            found.push((p..end, kind));
            p = end.max(p + 1);
            continue;
        }
        p += 1;
        work += 1;
    }
    work += finders.work() + triggers.work + blanks.work;
    (found, work)
}

/// A word boundary, a start delimiter before, or an ISO-2022 shift
/// (`ESC ( x`) before.
fn starts_here(line: &[u8], p: usize) -> bool {
    let Some(&current) = line.get(p) else {
        return false;
    };
    let previous = p.checked_sub(1).and_then(|i| line.get(i)).copied();
    let boundary = previous.is_some_and(is_word) != is_word(current);
    let shift = p >= 3
        && line.get(p - 3) == Some(&ESC)
        && line.get(p - 2) == Some(&b'(')
        && line.get(p - 1) != Some(&b'\n');
    boundary || previous.is_some_and(is_start) || shift
}

fn starts_with_ignore_case(line: &[u8], p: usize, prefix: &[u8]) -> bool {
    line.get(p..p + prefix.len())
        .is_some_and(|slice| slice.eq_ignore_ascii_case(prefix))
}

/// Length of a run `from..end` if it is 1..=`max` bytes.
fn run(from: usize, end: usize, max: usize) -> Option<usize> {
    let len = end.checked_sub(from)?;
    (1..=max).contains(&len).then_some(end)
}

fn known_scheme(line: &[u8], p: usize, ends: &mut NextFinder) -> Option<usize> {
    // Every known scheme starts with h, f or w: most positions stop here.
    if !matches!(line.get(p), Some(b'h' | b'H' | b'f' | b'F' | b'w' | b'W')) {
        return None;
    }
    let prefix = if starts_with_ignore_case(line, p, b"https://") {
        8
    } else if starts_with_ignore_case(line, p, b"http://") {
        7
    } else if starts_with_ignore_case(line, p, b"ftp://") {
        6
    } else if starts_with_ignore_case(line, p, b"www") {
        let digits = line
            .get(p + 3..)
            .unwrap_or_default()
            .iter()
            .take(3)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 2 || line.get(p + 3 + digits) != Some(&b'.') {
            return None;
        }
        4 + digits
    } else if starts_with_ignore_case(line, p, b"ftp.") {
        4
    } else {
        return None;
    };
    let from = p + prefix;
    run(from, ends.next(line, from), MAX_RUN)
}

fn mail(
    line: &[u8],
    p: usize,
    mail_ends: &mut NextFinder,
    mail_ats: &mut NextFinder,
) -> Option<usize> {
    if starts_with_ignore_case(line, p, b"mailto:") {
        let from = p + 7;
        if let Some(end) = run(from, mail_ends.next(line, from), MAX_RUN) {
            return Some(end);
        }
    }
    let at = mail_ats.next(line, p);
    run(p, at, MAX_MAIL_PART)?;
    if line.get(at) != Some(&b'@') {
        return None;
    }
    run(at + 1, mail_ends.next(line, at + 1), MAX_MAIL_PART)
}

fn schemeless(
    line: &[u8],
    p: usize,
    ends: &mut NextFinder,
    work: &mut usize,
) -> Option<(usize, Range<usize>)> {
    let previous_ok = p == 0 || line.get(p - 1).copied().is_some_and(is_schemeless_start);
    if !previous_ok || !line.get(p)?.is_ascii_alphanumeric() {
        return None;
    }
    // Only reached at the start of a run of host bytes (the byte before is a
    // delimiter), so runs are walked once each.
    let run_end = p + line
        .get(p..)?
        .iter()
        .take_while(|&&b| is_host_byte(b))
        .count();
    *work += run_end - p;
    // The host must end at the run's end, or just before one trailing dot.
    let host_end = if line.get(run_end - 1) == Some(&b'.') {
        run_end - 1
    } else {
        run_end
    };
    let host = line.get(p..host_end)?;
    let dot = host.iter().rposition(|&b| b == b'.')?;
    if dot == 0 || dot > MAX_SCHEMELESS_HOST {
        return None;
    }
    let tld = std::str::from_utf8(host.get(dot + 1..)?).ok()?;
    if tld.is_empty() || !domain::is_valid_tld(tld) {
        return None;
    }
    let mut at = run_end;
    if line.get(at) == Some(&b':') {
        let digits = line
            .get(at + 1..)
            .unwrap_or_default()
            .iter()
            .take(6)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(1..=5).contains(&digits) {
            return None;
        }
        at += 1 + digits;
    }
    let end = if line.get(at) == Some(&b'/') {
        run(at + 1, ends.next(line, at + 1), MAX_RUN)?
    } else if line.get(at).is_none_or(|&b| is_end(b)) {
        at
    } else {
        return None;
    };
    Some((end, p..host_end))
}

/// A URI kept from the text, with SpamAssassin's scheme fix-ups applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextUri {
    /// The URI as found, after trailing-punctuation trimming.
    pub(crate) found: String,
    /// The URI with the scheme SpamAssassin adds (`http://`, `ftp://`,
    /// `mailto:`): the key of the URI list.
    pub(crate) uri: String,
    /// No scheme in the text.
    pub(crate) schemeless: bool,
    /// A bare domain MUAs do not turn into a link.
    pub(crate) unlinked: bool,
}

static MAIL_MISPARSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:skype|e?-?mail)?:+").unwrap_or_else(|error| unreachable!("{error}"))
});

const TRAILING: &str = "-~!@#^&*()_+=:;'?,.";

/// The URIs of one line, after SpamAssassin's post-processing; `seen` holds
/// the raw matches already handled in this message.
pub(crate) fn uris_in_line(line: &str, seen: &mut HashSet<String>, out: &mut Vec<TextUri>) {
    let bytes = line.as_bytes();
    // Every alternative needs one of these: `:` after a scheme or in
    // `mailto:`, `.` after `www`/`ftp` or before a TLD, `@` in an address.
    // A line with none of them is settled without the scanner.
    if !bytes.iter().any(|&b| matches!(b, b':' | b'.' | b'@')) {
        return;
    }
    for (range, kind) in scan(bytes) {
        let raw = String::from_utf8_lossy(bytes.get(range).unwrap_or_default());
        let mut raw = raw.into_owned();
        // A ")" ends the URI unless a "(" comes before it.
        let open = raw.find('(').unwrap_or(raw.len());
        if let Some(close) = raw[..open].rfind(')') {
            raw.truncate(close);
        }
        let kept = raw.trim_end_matches(|c| TRAILING.contains(c)).len();
        raw.truncate(kept);
        if !seen.insert(raw.clone()) {
            continue;
        }
        if let Some(text) = post_process(raw, &kind, bytes) {
            out.push(text);
        }
    }
}

fn post_process(raw: String, kind: &Found, line: &[u8]) -> Option<TextUri> {
    if *kind == Found::Mail && !raw.contains('@') {
        return None;
    }
    if let Found::Schemeless(host) = kind {
        let host = String::from_utf8_lossy(line.get(host.clone())?).to_ascii_lowercase();
        if !domain::is_fqdn_valid(&host) {
            return None;
        }
    }
    let lower = raw.to_ascii_lowercase();
    if lower.starts_with("cid:") || lower.starts_with("mid:") || is_bare_scheme(&raw) {
        return None;
    }
    let has_scheme = ["http:", "https:", "ftp:", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    let mut text = TextUri {
        found: raw.clone(),
        uri: raw.clone(),
        schemeless: !has_scheme,
        unlinked: false,
    };
    if !has_scheme {
        let www = lower.strip_prefix("www").is_some_and(|rest| {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            digits <= 2 && rest.as_bytes().get(digits) == Some(&b'.')
        });
        let slash_before_at = raw
            .find('/')
            .zip(raw.rfind('@'))
            .is_some_and(|(slash, at)| at > slash + 1);
        if lower.starts_with("ftp.") {
            text.uri = format!("ftp://{raw}");
        } else if www || slash_before_at {
            text.uri = format!("http://{raw}");
        } else if let Some(at) = raw.find('@') {
            if !raw[at + 1..].chars().skip(1).any(|c| c == '.') || raw.contains("&nbsp;") {
                return None;
            }
            let stripped = MAIL_MISPARSE.replace(&raw, "");
            text.uri = format!("mailto:{stripped}");
        } else {
            if !raw.contains('.') {
                return None;
            }
            text.uri = format!("http://{raw}");
            text.unlinked = true;
        }
    }
    if text.uri[..text.uri.len().min(7)].eq_ignore_ascii_case("mailto:") {
        if canon::has_escape(&text.uri) {
            text.uri = canon::url_decode(&text.uri);
        }
        let at = text.uri.find('@')?;
        let host = &text.uri[at + 1..];
        let host = &host[..host.find(['?', '&', '>']).unwrap_or(host.len())];
        let mut host = host;
        while let Some(shorter) = host.strip_suffix("%20") {
            host = shorter;
        }
        if !domain::is_domain_valid(host) {
            return None;
        }
    }
    Some(text)
}

/// `scheme:`, `scheme:/` or `scheme://` and nothing else.
fn is_bare_scheme(raw: &str) -> bool {
    let Some((scheme, rest)) = raw.split_once(':') else {
        return false;
    };
    !scheme.is_empty()
        && scheme.bytes().all(is_word)
        && rest.len() <= 2
        && rest.bytes().all(|b| b == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The raw matches of a line, as text.
    fn matches(line: &str) -> Vec<String> {
        scan(line.as_bytes())
            .into_iter()
            .map(|(range, _)| line[range].to_owned())
            .collect()
    }

    #[test]
    fn lines_without_colon_dot_or_at_have_no_match() {
        // What `uris_in_line` relies on to skip the scanner.
        for line in [
            "www example com",
            "http//example/com",
            "mailto joe example com",
            "ftp example",
            "wwwexample com http https ftp mailto",
            "joe at example dot com (see) [here] <there>",
        ] {
            assert!(matches(line).is_empty(), "{line}");
        }
        assert!(!matches("www.example.com").is_empty());
    }

    /// The kept URIs (with scheme) of a line.
    fn uris(line: &str) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        uris_in_line(line, &mut seen, &mut out);
        out.into_iter().map(|t| t.uri).collect()
    }

    #[test]
    fn known_schemes() {
        assert_eq!(
            uris("see http://example.com/x now\n"),
            ["http://example.com/x"]
        );
        assert_eq!(uris("HTTPS://Example.com\n"), ["HTTPS://Example.com"]);
        assert_eq!(
            uris("get ftp://ftp.example.org/f\n"),
            ["ftp://ftp.example.org/f"]
        );
        assert_eq!(uris("go www.example.com\n"), ["http://www.example.com"]);
        assert_eq!(uris("go www2.example.com\n"), ["http://www2.example.com"]);
        assert_eq!(uris("go ftp.example.com/x\n"), ["ftp://ftp.example.com/x"]);
        // Three digits after www: not the known-scheme form, but still a
        // schemeless host.
        assert_eq!(
            uris("go www123.example.com\n"),
            ["http://www123.example.com"]
        );
    }

    #[test]
    fn start_conditions() {
        // Inside a word: no boundary before "http".
        assert!(
            matches("xhttp://example.com\n")
                .iter()
                .all(|m| !m.starts_with("http"))
        );
        assert_eq!(matches("<http://example.com>"), ["http://example.com"]);
        assert_eq!(matches("(http://example.com)"), ["http://example.com)"]);
        // After an ISO-2022 shift "ESC ( B", a word may start inside a word.
        assert_eq!(
            matches("\x1b(Bhttp://example.com\n"),
            ["http://example.com"]
        );
        assert_eq!(matches("\x1bxBhttp://example.com\n"), ["example.com"]);
    }

    #[test]
    fn end_delimiters() {
        assert_eq!(matches("http://a.com/x\"y"), ["http://a.com/x"]);
        assert_eq!(matches("http://a.com/x|y"), ["http://a.com/x"]);
        assert_eq!(matches("http://a.com/x]y"), ["http://a.com/x"]);
        assert_eq!(matches("http://a.com/x'y"), ["http://a.com/x'y"]);
    }

    #[test]
    fn nbsp_byte_cuts_inside_utf8() {
        // U+00A0 is C2 A0: the A0 byte ends the URI, the C2 stays (lossy).
        assert_eq!(uris("http://a.com/x\u{a0}y\n"), ["http://a.com/x\u{fffd}"]);
    }

    #[test]
    fn too_long_run_is_no_match() {
        let ok = format!("http://a.com/{}\n", "x".repeat(2048 - 6));
        assert_eq!(uris(&ok).len(), 1);
        // 2,049 bytes: neither the scheme form nor the schemeless one matches.
        let long = format!("http://a.com/{}\n", "x".repeat(2049));
        assert!(uris(&long).is_empty());
        // 2,048 after "a.com/": the scheme form is too long, the schemeless
        // form (path of 2,048) is not.
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        uris_in_line(
            &format!("http://a.com/{}\n", "x".repeat(2048)),
            &mut seen,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert!(out[0].unlinked);
    }

    #[test]
    fn trailing_punctuation_and_parentheses() {
        assert_eq!(
            uris("visit http://example.com/x.\n"),
            ["http://example.com/x"]
        );
        assert_eq!(
            uris("visit http://example.com/?!,\n"),
            ["http://example.com/"]
        );
        assert_eq!(
            uris("(see http://example.com/a)\n"),
            ["http://example.com/a"]
        );
        assert_eq!(
            uris("http://en.wikipedia.org/wiki/Foo_(bar)\n"),
            ["http://en.wikipedia.org/wiki/Foo_(bar"]
        );
        assert_eq!(uris("http://a.com/x)y)z\n"), ["http://a.com/x)y"]);
    }

    #[test]
    fn mail_addresses() {
        assert_eq!(
            uris("write to john@example.com today\n"),
            ["mailto:john@example.com"]
        );
        assert_eq!(
            uris("mailto:john@example.com\n"),
            ["mailto:john@example.com"]
        );
        assert_eq!(
            uris("email:john@example.com\n"),
            ["mailto:john@example.com"]
        );
        assert_eq!(uris("a,john@example.com,b\n"), ["mailto:john@example.com"]);
        // No dot after the @, an invalid TLD, a non-ASCII byte.
        assert!(uris("vi@gra\n").is_empty());
        assert!(uris("john@example.invalidtld\n").is_empty());
        assert!(uris("john@exämple.com\n").is_empty());
        // Escapes are decoded before the TLD check.
        assert_eq!(
            uris("mailto:j%2Edoe@example%2Ecom\n"),
            ["mailto:j.doe@example.com"]
        );
        // The "@" must be there before decoding.
        assert!(uris("mailto:john%40example.com\n").is_empty());
    }

    #[test]
    fn cid_and_empty_schemes_ignored() {
        assert!(uris("[cid:image001.png@01D4986E.E3459640]\n").is_empty());
        assert!(uris("http:// and more\n").is_empty());
        assert!(uris("https:\n").is_empty());
    }

    #[test]
    fn schemeless_hosts() {
        assert_eq!(uris("go to example.com now\n"), ["http://example.com"]);
        assert_eq!(uris("example.com.\n"), ["http://example.com"]);
        assert_eq!(
            uris("example.com:8080/path\n"),
            ["http://example.com:8080/path"]
        );
        assert_eq!(uris("\"example.co.uk/x\"\n"), ["http://example.co.uk/x"]);
        // Not a TLD, not after a delimiter, a bad port, an underscore.
        assert!(uris("file.html\n").is_empty());
        assert!(uris("x.example.com").len() == 1);
        assert!(uris("a%example.com\n").is_empty());
        assert!(uris("example.com:123456\n").is_empty());
        assert!(uris("foo_bar.com\n").is_empty());
        assert!(uris("1.5.\n").is_empty());
    }

    #[test]
    fn unlinked_flag() {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        uris_in_line("example.com www.example.org\n", &mut seen, &mut out);
        assert_eq!(out.len(), 2);
        assert!(out[0].unlinked && out[0].schemeless);
        assert!(!out[1].unlinked && out[1].schemeless);
    }

    #[test]
    fn duplicates_handled_once() {
        assert_eq!(uris("http://a.com http://a.com\n"), ["http://a.com"]);
    }

    /// The matches found by trying every position, none skipped.
    fn scan_every_position(line: &[u8]) -> Vec<(Range<usize>, Found)> {
        let mut finders = Finders::new();
        let mut found = Vec::new();
        let mut p = 0;
        while p < line.len() {
            if let Some((end, kind)) = finders.match_at(line, p) {
                found.push((p..end, kind));
                p = end.max(p + 1);
            } else {
                p += 1;
            }
        }
        found
    }

    #[test]
    fn skipping_to_triggers_misses_no_match() {
        let fixed: &[&[u8]] = &[
            b"see http://example.com/x and www.example.org, mail joe@example.com.",
            b"mailto:a@b.com ftp.example.com ftp://x.y a.b@c.com x@y",
            b"\x1b(Bwww.example.com \xa0example.com\t(a.com) [b.org]",
        ];
        let alphabet: &[&[u8]] = &[
            b" ",
            b"\t",
            b"\n",
            b".",
            b":",
            b"@",
            b"/",
            b"a",
            b"com",
            b"www",
            b"http",
            b"://",
            b"mailto:",
            b"ftp",
            b"(",
            b"\x1b(",
            b"\xa0",
            b"\xc3\xa9",
            b"-",
            b"_",
            b",",
            b"9",
        ];
        let mut next = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d_u64);
        let mut lines: Vec<Vec<u8>> = fixed.iter().map(|l| l.to_vec()).collect();
        for _ in 0..20_000 {
            let pieces = next() % 24;
            lines.push(
                (0..pieces)
                    .flat_map(|_| alphabet[(next() % alphabet.len() as u64) as usize].iter())
                    .copied()
                    .collect(),
            );
        }
        for line in &lines {
            assert_eq!(
                scan(line),
                scan_every_position(line),
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn hostile_line_stays_bounded() {
        // Work is linear: the finders never rescan a run they know.
        for unit in [
            "www.",
            "a@",
            "http://",
            "mailto:",
            "a.com.",
            "x",
            "a.b",
            "(a.com/",
            "@.",
            "mailto:a@",
            "http://www.",
        ] {
            let line = unit.repeat((1 << 20) / unit.len());
            let (_, work) = scan_counted(line.as_bytes());
            assert!(work <= 40 * line.len(), "{unit}: {work} for {}", line.len());
        }
        let line = "http://a.com/ ".repeat(100_000);
        let (found, work) = scan_counted(line.as_bytes());
        assert_eq!(found.len(), 100_000);
        assert!(work <= 10 * line.len());
    }
}
