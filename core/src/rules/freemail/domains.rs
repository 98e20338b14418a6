//! Which addresses are free mail: the configured domain list with
//! SpamAssassin's wildcards, the configured exceptions, and the role and
//! machine-made local parts SpamAssassin never counts (`Plugin/FreeMail.pm`,
//! `_is_freemail`).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::default_domains::DEFAULT_FREEMAIL_DOMAINS;
use crate::error::ConfigError;

/// Free-mail providers, as SpamAssassin's `freemail_domains` and
/// `freemail_welcomelist` settings.
///
/// ```
/// use spamgauge::rules::freemail::Freemail;
/// use spamgauge::{Config, Engine};
/// let freemail = Freemail::default().domains(["example.com", "mail.example.*"]);
/// assert!(Engine::new(Config::default().freemail(freemail)).is_ok());
/// let bad = Freemail::default().domains(["not a domain"]);
/// assert!(Engine::new(Config::default().freemail(bad)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Freemail {
    /// Free-mail domains, matched against the whole domain of an address,
    /// case-insensitively. Letters, digits, `.` and `-`, plus two
    /// wildcards: `*` for any run of characters except a dot, `?` for any
    /// one character (`yahoo.*`, `hotmail.co.??`). The default value is
    /// [`DEFAULT_FREEMAIL_DOMAINS`], our own list of large providers, not
    /// SpamAssassin's.
    pub domains: Vec<String>,
    /// Addresses or domains never counted as free mail, exactly (no
    /// wildcards). The default value is empty.
    pub welcomelist: Vec<String>,
}

impl Default for Freemail {
    fn default() -> Self {
        Self {
            domains: DEFAULT_FREEMAIL_DOMAINS
                .iter()
                .map(|&domain| domain.to_owned())
                .collect(),
            welcomelist: Vec::new(),
        }
    }
}

impl Freemail {
    /// Replaces the domain list.
    #[must_use]
    pub fn domains<I, S>(mut self, domains: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.domains = domains.into_iter().map(Into::into).collect();
        self
    }

    /// Replaces the exceptions.
    #[must_use]
    pub fn welcomelist<I, S>(mut self, entries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.welcomelist = entries.into_iter().map(Into::into).collect();
        self
    }

    /// Reads the domains of every `freemail_domains` line of a SpamAssassin
    /// configuration text (other lines are ignored), for deployments that
    /// load SpamAssassin's own list.
    ///
    /// ```
    /// use spamgauge::rules::freemail::Freemail;
    /// let cf = "# comment\nfreemail_domains a.example b.*\nscore X 1\n";
    /// assert_eq!(Freemail::domains_from_cf(cf), ["a.example", "b.*"]);
    /// ```
    #[must_use]
    pub fn domains_from_cf(text: &str) -> Vec<String> {
        text.lines()
            .filter_map(|line| line.trim().strip_prefix("freemail_domains"))
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .flat_map(str::split_whitespace)
            .map(str::to_owned)
            .collect()
    }
}

/// A compiled [`Freemail`] configuration.
#[derive(Debug, Default)]
pub(crate) struct FreemailMatcher {
    exact: HashSet<String>,
    wildcards: Vec<Wildcard>,
    welcomelist: HashSet<String>,
}

/// A domain pattern with `*` or `?`, and the literal text before its first
/// and after its last wildcard: a domain that does not start and end with
/// those cannot match, which most domains show in a few byte comparisons.
#[derive(Debug)]
struct Wildcard {
    pattern: String,
    prefix: String,
    suffix: String,
}

impl Wildcard {
    fn new(pattern: String) -> Self {
        let is_wildcard = |c: char| matches!(c, '*' | '?');
        let prefix = pattern.find(is_wildcard).map_or("", |at| &pattern[..at]);
        let suffix = pattern
            .rfind(is_wildcard)
            .map_or("", |at| &pattern[at + 1..]);
        Self {
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
            pattern,
        }
    }

    /// Whether `domain` matches the pattern in full. The literal ends are
    /// ASCII and each stands for itself, so they are compared as bytes.
    fn matches(&self, domain: &str) -> bool {
        domain.len() >= self.prefix.len() + self.suffix.len()
            && domain.starts_with(&self.prefix)
            && domain.ends_with(&self.suffix)
            && wildcard_match(&self.pattern, domain)
    }
}

impl FreemailMatcher {
    pub(crate) fn new(config: &Freemail) -> Result<Self, ConfigError> {
        let mut matcher = Self::default();
        for (i, domain) in config.domains.iter().enumerate() {
            let valid = !domain.is_empty()
                && domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | '?'));
            if !valid {
                return Err(invalid(
                    format!("freemail.domains[{i}]"),
                    format!("`{domain}`: only letters, digits, `.`, `-`, `*` and `?` are allowed"),
                ));
            }
            let domain = domain.to_ascii_lowercase();
            if domain.contains(['*', '?']) {
                matcher.wildcards.push(Wildcard::new(domain));
            } else {
                matcher.exact.insert(domain);
            }
        }
        for (i, entry) in config.welcomelist.iter().enumerate() {
            if !joins_two_words(entry) {
                return Err(invalid(
                    format!("freemail.welcomelist[{i}]"),
                    format!("`{entry}` is neither an address nor a domain"),
                ));
            }
            matcher.welcomelist.insert(entry.to_lowercase());
        }
        Ok(matcher)
    }

    /// Whether the lower-cased `address` is free mail.
    pub(crate) fn is_freemail(&self, address: &str) -> bool {
        if address.is_empty() || self.welcomelist.contains(address) {
            return false;
        }
        let domain = address
            .rsplit_once('@')
            .map_or(address, |(_, domain)| domain);
        if self.welcomelist.contains(domain) || role_or_generated(address) {
            return false;
        }
        self.exact.contains(domain)
            || address.match_indices('@').any(|(at, _)| {
                let after = &address[at + 1..];
                self.wildcards.iter().any(|pattern| pattern.matches(after))
            })
    }
}

fn invalid(field: String, reason: String) -> ConfigError {
    ConfigError::Invalid { field, reason }
}

/// A word character, `.` or `@`, and a word character in a row: what
/// SpamAssassin requires of a welcomelist entry.
fn joins_two_words(entry: &str) -> bool {
    let chars: Vec<char> = entry.chars().collect();
    let word = |c: &char| c.is_alphanumeric() || *c == '_';
    chars
        .windows(3)
        .any(|w| word(&w[0]) && matches!(w[1], '.' | '@') && word(&w[2]))
}

/// Whether `text` matches `pattern` in full: `*` stands for any run of
/// characters other than a dot, `?` for any one character.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // Positions in the text reachable after each pattern prefix.
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for &p in &pattern {
        let mut next = vec![false; text.len() + 1];
        for at in 0..=text.len() {
            if !reachable[at] {
                continue;
            }
            match p {
                '*' => {
                    next[at] = true;
                    let mut end = at;
                    while end < text.len() && text[end] != '.' {
                        end += 1;
                        next[end] = true;
                    }
                }
                '?' => {
                    if at < text.len() && text[at] != '\n' {
                        next[at + 1] = true;
                    }
                }
                c => {
                    if text.get(at) == Some(&c) {
                        next[at + 1] = true;
                    }
                }
            }
        }
        reachable = next;
    }
    reachable[text.len()]
}

/// Role mailboxes and machine-made local parts that are never counted as a
/// person's free-mail address: administrative names, undisclosed
/// recipients, bounce and list-request addresses, message-id-like hex
/// names, forwarding addresses with `=` signs.
static ROLE_OR_GENERATED: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(concat!(
        r"(?i)^(?:",
        r"abuse|support|sales|info|helpdesk|contact|kontakt|postmaster|hostmaster|domainmaster",
        r"|undisclosed.*",
        r"|request-[0-9a-f]{16}",
        r"|bounce-|bounced-",
        r"|[0-9a-f]{8}\.[0-9a-f]{8}",
        r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        r"|.+=.+=.+",
        r")@"
    ))
    .expect("valid built-in pattern")
});

fn role_or_generated(address: &str) -> bool {
    ROLE_OR_GENERATED.is_match(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(domains: &[&str], welcomelist: &[&str]) -> FreemailMatcher {
        FreemailMatcher::new(
            &Freemail::default()
                .domains(domains.iter().copied())
                .welcomelist(welcomelist.iter().copied()),
        )
        .unwrap()
    }

    #[test]
    fn exact_and_wildcard_domains() {
        let m = matcher(
            &["mail.example", "yahoo.*", "hotmail.co.??", "*.isp.example"],
            &[],
        );
        assert!(m.is_freemail("joe@mail.example"));
        assert!(!m.is_freemail("joe@sub.mail.example"));
        assert!(m.is_freemail("joe@yahoo.fr"));
        assert!(!m.is_freemail("joe@yahoo.co.uk"), "`*` stops at a dot");
        assert!(m.is_freemail("joe@hotmail.co.uk"));
        assert!(!m.is_freemail("joe@hotmail.co.u"));
        assert!(m.is_freemail("joe@host.isp.example"));
        assert!(!m.is_freemail("joe@isp.example.com"));
        assert!(!m.is_freemail(""));
    }

    #[test]
    fn exceptions_and_role_addresses() {
        let m = matcher(&["mail.example"], &["boss@mail.example", "other.example"]);
        assert!(!m.is_freemail("boss@mail.example"));
        assert!(m.is_freemail("joe@mail.example"));
        for role in [
            "info@mail.example",
            "Postmaster@mail.example",
            "undisclosed-recipients@mail.example",
            "request-0123456789abcdef@mail.example",
            "bounce-@mail.example",
            "0123abcd.89abcdef@mail.example",
            "0123abcd-0123-4567-89ab-0123456789ab@mail.example",
            "a=b=c@mail.example",
        ] {
            assert!(!m.is_freemail(role), "{role}");
        }
        assert!(m.is_freemail("bounce-joe@mail.example"));
        assert!(m.is_freemail("information@mail.example"));
    }

    #[test]
    fn bad_entries_are_typed_errors() {
        for (domains, welcomelist) in [
            (vec!["exa mple.com"], vec![]),
            (vec!["example.com/"], vec![]),
            (vec![""], vec![]),
            (vec!["ok.example"], vec!["nodot"]),
        ] {
            let (domains, welcomelist): (Vec<&str>, Vec<&str>) = (domains, welcomelist);
            let config = Freemail::default()
                .domains(domains)
                .welcomelist(welcomelist);
            assert!(
                matches!(
                    FreemailMatcher::new(&config),
                    Err(ConfigError::Invalid { .. })
                ),
                "{config:?}"
            );
        }
        assert!(FreemailMatcher::new(&Freemail::default()).is_ok());
    }
}
