//! Hosts and registrable domains, cut the way SpamAssassin's
//! `RegistryBoundaries` cuts them (sa-semantics §6.3): one label at a time
//! down to a TLD, a 2- or 3-label registry suffix or an RFC 1480 `.us`
//! locality form. The suffix lists come from the ICANN section of the Public
//! Suffix List (see `data/README.md`), not from SpamAssassin's data files.

use std::collections::HashSet;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use super::idn;

/// The three suffix sets, parsed once from `data/` (see `data/README.md`).
struct Lists {
    tlds: HashSet<&'static str>,
    two: HashSet<&'static str>,
    three: HashSet<&'static str>,
}

fn parse_list(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect()
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| Lists {
    tlds: parse_list(include_str!("data/tlds.txt")),
    two: parse_list(include_str!("data/suffixes2.txt")),
    three: parse_list(include_str!("data/suffixes3.txt")),
});

/// Two-letter codes of the RFC 1480 `<locality>.<state>.us` delegations.
const US_STATES: [&str; 54] = [
    "ak", "al", "ar", "az", "ca", "co", "ct", "dc", "de", "fl", "ga", "gu", "hi", "ia", "id", "il",
    "in", "ks", "ky", "la", "ma", "md", "me", "mi", "mn", "mo", "ms", "mt", "nc", "nd", "ne", "nh",
    "nj", "nm", "nv", "ny", "oh", "ok", "or", "pa", "pr", "ri", "sc", "sd", "tn", "tx", "ut", "va",
    "vi", "vt", "wa", "wi", "wv", "wy",
];

fn is_us_state(code: &str) -> bool {
    US_STATES.contains(&code)
}

/// Whether `tld` (one label, any case, ACE form for IDNs) is a delegated
/// top-level domain.
///
/// ```
/// use spamgauge::analysis::uri::is_valid_tld;
/// assert!(is_valid_tld("com"));
/// assert!(is_valid_tld("UK"));
/// assert!(!is_valid_tld("html"));
/// ```
#[must_use]
pub fn is_valid_tld(tld: &str) -> bool {
    if tld.bytes().any(|b| b.is_ascii_uppercase()) {
        LISTS.tlds.contains(tld.to_ascii_lowercase().as_str())
    } else {
        LISTS.tlds.contains(tld)
    }
}

/// The registrable domain of `host` as SpamAssassin computes it for URIBL
/// lookups: `www.foo.com` → `foo.com`, `a.b.co.uk` → `b.co.uk`; an IP literal
/// is its own domain. `None` when the host is not a valid name under a known
/// TLD.
///
/// ```
/// use spamgauge::analysis::uri::registrable_domain;
/// assert_eq!(registrable_domain("www.Foo.com").as_deref(), Some("foo.com"));
/// assert_eq!(registrable_domain("a.b.co.uk").as_deref(), Some("b.co.uk"));
/// assert_eq!(registrable_domain("192.0.2.1").as_deref(), Some("192.0.2.1"));
/// assert_eq!(registrable_domain("localhost"), None);
/// ```
#[must_use]
pub fn registrable_domain(host: &str) -> Option<String> {
    let host = idn::to_ascii(host);
    if is_ip_literal(&host) {
        return Some(host);
    }
    if !is_fqdn_valid(&host) || !is_domain_valid_ascii(&host) {
        return None;
    }
    Some(trim_domain(&host))
}

/// `IS_IP_ADDRESS`: a dotted-quad IPv4 address in canonical decimal form or an
/// IPv6 address (no brackets).
pub(crate) fn is_ip_literal(host: &str) -> bool {
    host.parse::<Ipv4Addr>().is_ok() || (host.contains(':') && host.parse::<Ipv6Addr>().is_ok())
}

/// Whether an IPv4 literal is in the ranges URIBL lookups skip: 10/8, 127/8,
/// 169.254/16, 172.16/12, 192.168/16 and 100.64/10.
pub(crate) fn is_private_ipv4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    matches!(
        (a, b),
        (10 | 127, _) | (169, 254) | (172, 16..=31) | (192, 168) | (100, 64..=127)
    )
}

/// `Util::is_fqdn_valid` on an ASCII host: at least two labels of 1–63
/// characters `[a-z0-9_-]`, no label starting or ending with `-`, no `_` in
/// the last two labels, 253 characters at most (trailing dots ignored).
pub(crate) fn is_fqdn_valid(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let count = labels.len();
    labels.iter().enumerate().all(|(index, label)| {
        let bytes = label.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return false;
        };
        let edge_ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
        let inner_ok = |b: u8| edge_ok(b) || b == b'-';
        let top_two = index + 2 >= count;
        bytes.len() <= 63
            && edge_ok(first)
            && edge_ok(last)
            && bytes.iter().all(|&b| inner_ok(b))
            && !(top_two && bytes.contains(&b'_'))
    })
}

/// `RegistryBoundaries::is_domain_valid`: the name has a dot and its last
/// label is a known TLD (converted to ACE first).
pub(crate) fn is_domain_valid(name: &str) -> bool {
    is_domain_valid_ascii(&idn::to_ascii(name))
}

fn is_domain_valid_ascii(name: &str) -> bool {
    if name.bytes().any(|b| b.is_ascii_whitespace()) {
        return false;
    }
    match name.rsplit_once('.') {
        Some((_, tld)) if !tld.is_empty() => LISTS.tlds.contains(tld),
        _ => false,
    }
}

/// `RegistryBoundaries::trim_domain` on a lower-case ASCII name: strip leading
/// labels until the rest is a TLD, a listed 2- or 3-level suffix or a `.us`
/// locality, then put the last stripped label back.
pub(crate) fn trim_domain(name: &str) -> String {
    // Squeeze runs of dots, drop leading and trailing ones.
    let labels: Vec<&str> = name.split('.').filter(|label| !label.is_empty()).collect();
    if labels.is_empty() {
        return String::new();
    }
    let lists = &*LISTS;
    let mut start = 0;
    while labels.len() - start > 1 {
        let rest = &labels[start..];
        let stop = match rest {
            [_, _] => lists.two.contains(rest.join(".").as_str()),
            [_, state, "us"] => is_us_state(state),
            [_, _, _] => lists.three.contains(rest.join(".").as_str()),
            [first, second, state, "us"] => {
                ((*first == "pvt" && *second == "k12") || *first == "ci" || *first == "co")
                    && is_us_state(state)
            }
            _ => false,
        };
        if stop {
            break;
        }
        start += 1;
    }
    labels[start.saturating_sub(1)..].join(".")
}

/// `RegistryBoundaries::uri_to_domain`: the (registrable domain, host) of one
/// cleaned URI, if it names a valid host.
pub(crate) fn uri_to_domain(uri: &str) -> Option<(String, String)> {
    let uri = uri.to_ascii_lowercase();
    if ["javascript:", "cid:", "file:"]
        .iter()
        .any(|scheme| uri.starts_with(scheme))
    {
        return None;
    }
    let host_part: &str = if let Some(rest) = uri.strip_prefix("mailto:") {
        let rest = rest.split('?').next().unwrap_or_default();
        if rest.matches('@').count() > 1 {
            return None;
        }
        rest.split_once('@')?.1
    } else {
        // Drop the scheme, then the path, query and fragment, the userinfo
        // and the port.
        let mut rest = uri.as_str();
        let scheme_len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
        if scheme_len > 0 && rest.as_bytes().get(scheme_len) == Some(&b':') {
            rest = &rest[scheme_len + 1..];
            let slashes = rest.bytes().take(2).take_while(|&b| b == b'/').count();
            rest = &rest[slashes..];
        }
        if let Some(cut) = rest.find(['/', '?', '#']) {
            rest = &rest[..cut];
        }
        if let Some(at) = rest.rfind('@') {
            rest = &rest[at + 1..];
        }
        if let Some(colon) = rest.rfind(':')
            && rest[colon + 1..].bytes().all(|b| b.is_ascii_digit())
        {
            rest = &rest[..colon];
        }
        rest
    };
    if has_printable_escape(host_part) {
        return None;
    }
    let host = idn::to_ascii(host_part);
    if is_ip_literal(&host) {
        return Some((host.clone(), host));
    }
    if !is_fqdn_valid(&host) || !is_domain_valid_ascii(&host) {
        return None;
    }
    Some((trim_domain(&host), host))
}

/// A `%xx` escape of a printable ASCII character (0x21–0x7E, lower-case hex):
/// such a host is skipped, its decoded variant is examined instead.
fn has_printable_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(3).any(|window| {
        let [b'%', high, low] = *window else {
            return false;
        };
        let hex = |b: u8| matches!(b, b'0'..=b'9' | b'a'..=b'f');
        matches!(high, b'2'..=b'7')
            && hex(low)
            && !(high == b'2' && low == b'0')
            && !(high == b'7' && low == b'f')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domain(host: &str) -> Option<String> {
        registrable_domain(host)
    }

    #[test]
    fn registrable_domains() {
        assert_eq!(domain("www.foo.com").as_deref(), Some("foo.com"));
        assert_eq!(domain("foo.com").as_deref(), Some("foo.com"));
        assert_eq!(domain("a.b.co.uk").as_deref(), Some("b.co.uk"));
        assert_eq!(domain("b.co.uk").as_deref(), Some("b.co.uk"));
        // A bare registry suffix is its own domain.
        assert_eq!(domain("co.uk").as_deref(), Some("co.uk"));
        // Registry suffixes only: hosting providers' private suffixes are not
        // boundaries, so a block list sees the provider's domain.
        assert_eq!(domain("x.y.blogspot.com").as_deref(), Some("blogspot.com"));
        assert_eq!(domain("a.b.gov.au").as_deref(), Some("b.gov.au"));
        assert_eq!(domain("foo.github.io").as_deref(), Some("github.io"));
        assert_eq!(domain("WWW.Example.ORG").as_deref(), Some("example.org"));
        // A trailing dot fails SpamAssassin's TLD check.
        assert_eq!(domain("www.example.org."), None);
        assert_eq!(domain("www..example.org").as_deref(), None);
    }

    #[test]
    fn us_localities() {
        // <locality>.<state>.us is the suffix: one more label is the domain.
        assert_eq!(domain("www.city.ny.us").as_deref(), Some("www.city.ny.us"));
        assert_eq!(
            domain("a.www.city.ny.us").as_deref(),
            Some("www.city.ny.us")
        );
        assert_eq!(domain("a.b.zz.us").as_deref(), Some("zz.us"));
        assert_eq!(
            domain("www.school.pvt.k12.ca.us").as_deref(),
            Some("school.pvt.k12.ca.us")
        );
        assert_eq!(
            domain("www.fire.ci.la.ca.us").as_deref(),
            Some("fire.ci.la.ca.us")
        );
    }

    #[test]
    fn ip_hosts_are_their_own_domain() {
        assert_eq!(domain("192.0.2.7").as_deref(), Some("192.0.2.7"));
        assert_eq!(domain("2001:db8::1").as_deref(), Some("2001:db8::1"));
        // Leading zeros are not a canonical IPv4 literal, and "7" is no TLD.
        assert_eq!(domain("192.0.2.07"), None);
    }

    #[test]
    fn invalid_hosts() {
        for host in [
            "localhost",
            "foo.invalidtld",
            "-foo.com",
            "foo-.com",
            "foo_bar.com",
            "a..com",
            "",
            ".",
            "foo.html",
            "a.b.123",
        ] {
            assert_eq!(domain(host), None, "{host}");
        }
        assert_eq!(domain("a_b.foo.com").as_deref(), Some("foo.com"));
        let long = format!("{}.com", "a".repeat(64));
        assert_eq!(domain(&long), None);
        let ok = format!("{}.com", "a".repeat(63));
        assert_eq!(domain(&ok), Some(ok.clone()));
    }

    #[test]
    fn tlds() {
        assert!(is_valid_tld("com"));
        assert!(is_valid_tld("xn--p1ai"));
        assert!(is_valid_tld("Museum"));
        assert!(!is_valid_tld("exe"));
        assert!(!is_valid_tld(""));
        assert!(!is_valid_tld("co.uk"));
    }

    #[test]
    fn uri_hosts() {
        let pair = |uri: &str| uri_to_domain(uri);
        assert_eq!(
            pair("http://user:pw@WWW.Foo.com:8080/x?y#z"),
            Some(("foo.com".into(), "www.foo.com".into()))
        );
        assert_eq!(
            pair("mailto:someone@mail.example.co.uk?subject=hi"),
            Some(("example.co.uk".into(), "mail.example.co.uk".into()))
        );
        assert_eq!(pair("mailto:a@b@example.com"), None);
        assert_eq!(pair("javascript:foo.com"), None);
        assert_eq!(pair("cid:part1@example.com"), None);
        assert_eq!(pair("http://www%2eexample.com/"), None);
        assert_eq!(
            pair("http://www%20example.com/"),
            None,
            "space escape kept, not a valid host"
        );
        assert_eq!(
            pair("http://192.0.2.1/"),
            Some(("192.0.2.1".into(), "192.0.2.1".into()))
        );
        assert_eq!(
            pair("domainkeys:example.net"),
            Some(("example.net".into(), "example.net".into()))
        );
        assert_eq!(pair("#top"), None);
    }

    #[test]
    fn private_ranges() {
        for ip in [
            "10.1.2.3",
            "127.0.0.1",
            "169.254.1.1",
            "172.31.0.1",
            "192.168.0.1",
            "100.64.0.1",
        ] {
            assert!(is_private_ipv4(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["11.1.2.3", "172.32.0.1", "100.128.0.1", "192.0.2.1"] {
            assert!(!is_private_ipv4(ip.parse().unwrap()), "{ip}");
        }
    }
}
