//! Free-mail addresses written in the body, as SpamAssassin's FreeMail
//! plugin collects them to compare with Reply-To and From: `mailto:` links
//! of `<a>` tags and addresses in the rendered text, leaving out addresses
//! inside links and addresses that introduce a quote ("joe@example.com
//! wrote:") or close an angle bracket. Too many addresses, or too many free
//! ones, and the body is not used at all.

use std::sync::LazyLock;

use regex::Regex;

use super::domains::FreemailMatcher;
use crate::analysis::Analysis;
use crate::analysis::uri::{UriSource, is_valid_tld};

/// Unique body addresses at which the body is given up (SpamAssassin's
/// `freemail_max_body_emails`).
const MAX_BODY_EMAILS: usize = 5;
/// Unique free-mail body addresses at which the body is given up
/// (`freemail_max_body_freemails`).
const MAX_BODY_FREEMAILS: usize = 3;
/// Addresses collected at most from links, then in all.
const LINK_EMAILS_CAP: usize = 20;
const ALL_EMAILS_CAP: usize = 40;

const LOCAL_CHARS: &str = r"a-z0-9!#$%&'*+/=?^_`{|}~-";

fn compile(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(pattern).expect("valid built-in pattern")
}

/// An address: dot-separated runs of local-part characters, `@`, one to
/// four labels followed by a dot, then a last label (checked as a TLD).
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)[{LOCAL_CHARS}]+(?:\.[{LOCAL_CHARS}]+)*@(?:[a-z0-9](?:[a-z0-9-]{{0,59}}[a-z0-9])?\.){{1,4}}[a-z0-9-]+"
    ))
});

/// A web link with an address (or an encoded `@`) inside.
static LINK_WITH_AT: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)<?https?://\S{0,255}(?:@|%40)\S{0,255}"));

/// What may follow an address that is not one offered to write to: `>`, or
/// a short word and a colon ("wrote:"), unless the word names a way to
/// reach someone.
static QUOTE_TAIL: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)^(?:>|\s{1,10}([a-z]{2,11}):)"));

/// The address `EMAIL` found, lower-cased, if its last label is a valid
/// TLD and its local part is at most 64 characters.
fn accepted(email: &str) -> Option<String> {
    let (local, domain) = email.split_once('@')?;
    let tld = domain.rsplit('.').next()?;
    (local.len() <= 64 && is_valid_tld(tld)).then(|| email.to_lowercase())
}

/// Whether the address ending at `end` of `line` introduces a quote or
/// closes a bracket, and so is not counted.
fn quote_tail(line: &str, end: usize) -> bool {
    QUOTE_TAIL
        .captures(line.get(end..).unwrap_or_default())
        .is_some_and(|caps| {
            caps.get(1).is_none_or(|word| {
                let word = word.as_str().to_ascii_lowercase();
                ![
                    "fax", "facsi", "tel", "phone", "email", "e-mail", "mail", "-mail",
                ]
                .iter()
                .any(|reach| word.starts_with(reach))
            })
        })
}

/// The addresses of one body line that count.
fn line_emails(line: &str) -> Vec<String> {
    // Every address has an `@`, and blanking links never adds one: most
    // lines are settled without running the patterns.
    if !line.contains('@') {
        return Vec::new();
    }
    let line = LINK_WITH_AT.replace_all(line, " ");
    EMAIL
        .find_iter(&line)
        .filter(|found| {
            let mailto = line
                .get(..found.start())
                .is_some_and(|before| before.to_ascii_lowercase().ends_with("mailto:"));
            mailto || !quote_tail(&line, found.end())
        })
        .filter_map(|found| accepted(found.as_str()))
        .collect()
}

/// The free-mail addresses of the body, or `None` when the body holds too
/// many addresses or free-mail addresses to be used.
pub(crate) fn body_freemails(
    analysis: &Analysis,
    matcher: &FreemailMatcher,
) -> Option<Vec<String>> {
    let mut emails: Vec<String> = Vec::new();
    let push = |email: String, emails: &mut Vec<String>| {
        if !emails.contains(&email) {
            emails.push(email);
        }
    };
    for uri in &analysis.uris {
        let linked = uri
            .sources
            .iter()
            .any(|s| matches!(s, UriSource::Tag(tag) if tag == "a"));
        let parsed = uri.sources.contains(&UriSource::Parsed);
        let Some(rest) = uri
            .raw
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
            .and_then(|_| uri.raw.get(7..))
        else {
            continue;
        };
        if !linked || parsed {
            continue;
        }
        if let Some(found) = EMAIL.find(rest).filter(|found| found.start() == 0)
            && let Some(email) = accepted(found.as_str())
        {
            push(email, &mut emails);
            if emails.len() >= LINK_EMAILS_CAP {
                break;
            }
        }
    }
    'lines: for line in &analysis.body.lines {
        for email in line_emails(line) {
            push(email, &mut emails);
            if emails.len() >= ALL_EMAILS_CAP {
                break 'lines;
            }
        }
    }
    let mut freemails = Vec::new();
    for (seen, email) in emails.into_iter().enumerate() {
        if seen + 1 == MAX_BODY_EMAILS {
            return None;
        }
        if matcher.is_freemail(&email) {
            if freemails.len() + 1 == MAX_BODY_FREEMAILS {
                return None;
            }
            freemails.push(email);
        }
    }
    Some(freemails)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_linked_addresses_do_not_count() {
        assert_eq!(
            line_emails("write to Joe@Example.com today"),
            ["joe@example.com"]
        );
        assert!(line_emails("joe@example.com wrote:").is_empty());
        assert!(line_emails("<joe@example.com>").is_empty());
        assert_eq!(
            line_emails("joe@example.com  email: x"),
            ["joe@example.com"]
        );
        assert!(line_emails("see http://host/?u=joe@example.com").is_empty());
        assert!(line_emails("joe@example.notatld").is_empty());
        assert_eq!(
            line_emails("a@example.com, b@example.org"),
            ["a@example.com", "b@example.org"]
        );
    }
}
