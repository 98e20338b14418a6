//! Link tests: what the URIs of the message look like (not block lists, which
//! are in `uribl.rs`). Like SpamAssassin's `uri` tests, they read every
//! canonical variant of every URI ([`Uri::cleaned`]).

use crate::analysis::Uri;
use crate::rules::{Family, Rule, RuleContext};
use crate::{Localized, text};

/// The host part of an `http://` or `https://` URI (scheme in any case):
/// everything after `//`, up to the end. `None` for other schemes.
fn after_http_scheme(uri: &str) -> Option<&str> {
    let lower_scheme = |len: usize| uri.get(..len).map(str::to_ascii_lowercase);
    if lower_scheme(7).as_deref() == Some("http://") {
        uri.get(7..)
    } else if lower_scheme(8).as_deref() == Some("https://") {
        uri.get(8..)
    } else {
        None
    }
}

/// Splits a leading run of ASCII digits off `text`.
fn digits(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

/// NUMERIC_HTTP_ADDR: the host is only digits and dots (a dotted or a bare
/// decimal address), then the end or one of `:/?#`.
fn numeric_host(uri: &str) -> bool {
    let Some(rest) = after_http_scheme(uri) else {
        return false;
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    end > 0
        && rest
            .get(end..)
            .is_none_or(|tail| tail.is_empty() || tail.starts_with([':', '/', '?', '#']))
}

/// NORMAL_HTTP_TO_IP: the host begins with four dot-separated decimal numbers
/// that are not in a private, loopback or link-local range, and what follows
/// them neither continues the name (a letter, digit, `_`, `.` or `-`).
fn public_dotted_quad(uri: &str) -> Option<String> {
    let rest = after_http_scheme(uri)?;
    let mut numbers = Vec::with_capacity(4);
    let mut tail = rest;
    for index in 0..4 {
        if index > 0 {
            tail = tail.strip_prefix('.')?;
        }
        let (number, after) = digits(tail);
        if number.is_empty() {
            return None;
        }
        numbers.push(number);
        tail = after;
    }
    if tail
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return None;
    }
    // Private (10/8, 172.16/12, 192.168/16), loopback and link-local
    // addresses, judged on the text as written.
    let second = numbers.get(1).copied().unwrap_or_default();
    let private = match numbers.first().copied().unwrap_or_default() {
        "10" | "127" => true,
        "169" => second == "254",
        "172" => second.parse::<u32>().is_ok_and(|n| (16..=31).contains(&n)) && second.len() == 2,
        "192" => second == "168",
        _ => false,
    };
    (!private).then(|| numbers.join("."))
}

/// The first URI variant `matches` accepts, for evidence.
fn first_match(uris: &[Uri], matches: impl Fn(&str) -> bool) -> Option<&str> {
    uris.iter()
        .flat_map(|uri| uri.cleaned.iter())
        .find(|variant| matches(variant))
        .map(String::as_str)
}

/// Shortens a URI for evidence.
fn shown(uri: &str) -> String {
    const MAX: usize = 80;
    if uri.chars().count() <= MAX {
        uri.to_owned()
    } else {
        let mut short: String = uri.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

fn numeric_http_addr(context: &RuleContext<'_>) -> Option<Localized> {
    let uri = shown(first_match(&context.analysis.uris, numeric_host)?);
    Some(Localized::new(
        format!("link to a numeric address: {uri}"),
        format!("lien vers une adresse numérique : {uri}"),
    ))
}

fn normal_http_to_ip(context: &RuleContext<'_>) -> Option<Localized> {
    let uri = first_match(&context.analysis.uris, |uri| {
        public_dotted_quad(uri).is_some()
    })?;
    let ip = public_dotted_quad(uri).unwrap_or_default();
    let uri = shown(uri);
    Some(Localized::new(
        format!("link to the public IP address {ip}: {uri}"),
        format!("lien vers l'adresse IP publique {ip} : {uri}"),
    ))
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        Rule::new(
            "NUMERIC_HTTP_ADDR",
            Family::Uri,
            [0.0, 0.001, 0.001, 1.242],
            text!(
                description: (
                    "A web link points to a numeric address instead of a name",
                    "Un lien web pointe vers une adresse numérique au lieu d'un nom"
                ),
                explanation: (
                    "A link in the message gives its server as digits only (an IP address, sometimes written as one large number) rather than a domain name. Legitimate senders link to their own named sites; a bare number hides who runs the server and dodges domain block lists.",
                    "Un lien du message désigne son serveur uniquement par des chiffres (une adresse IP, parfois écrite comme un seul grand nombre) au lieu d'un nom de domaine. Les expéditeurs légitimes renvoient vers leurs sites nommés ; un simple nombre cache qui gère le serveur et échappe aux listes de blocage de domaines."
                ),
                fix: (
                    "Link to the site by its domain name (e.g. https://www.example.com/offer), never by its IP address.",
                    "Faites pointer les liens vers le nom de domaine du site (par exemple https://www.example.com/offre), jamais vers son adresse IP."
                ),
            ),
            numeric_http_addr,
        ),
        Rule::new(
            "NORMAL_HTTP_TO_IP",
            Family::Uri,
            [0.159, 0.001, 0.795, 0.001],
            text!(
                description: (
                    "A web link points to a public IP address written as a.b.c.d",
                    "Un lien web pointe vers une adresse IP publique écrite sous la forme a.b.c.d"
                ),
                explanation: (
                    "A link in the message names its server by a public IPv4 address in dotted form rather than by a domain name. This is common in spam and phishing sent from hijacked machines, and rare in mail from real businesses.",
                    "Un lien du message désigne son serveur par une adresse IPv4 publique en notation pointée plutôt que par un nom de domaine. C'est fréquent dans le spam et l'hameçonnage envoyés depuis des machines piratées, et rare dans le courrier des vraies entreprises."
                ),
                fix: (
                    "Give the web server a domain name and use it in every link.",
                    "Donnez un nom de domaine au serveur web et utilisez-le dans tous les liens."
                ),
            ),
            normal_http_to_ip,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_hosts() {
        for uri in [
            "http://192.0.2.7/",
            "HTTPS://3221225991",
            "http://198.51.100.4:8080/x",
            "http://1.2.3?x",
            "http://10.0.0.1#top",
        ] {
            assert!(numeric_host(uri), "{uri}");
        }
        for uri in [
            "http://192.0.2.7.example.com/",
            "http://user@192.0.2.7/",
            "ftp://192.0.2.7/",
            "http://example.com/192.0.2.7",
            "http:///path",
        ] {
            assert!(!numeric_host(uri), "{uri}");
        }
    }

    #[test]
    fn public_quads() {
        for (uri, ip) in [
            ("http://198.51.100.4/", "198.51.100.4"),
            ("Http://203.0.113.9:81/x", "203.0.113.9"),
            ("http://100.1.2.3", "100.1.2.3"),
            ("http://172.32.0.1/", "172.32.0.1"),
            ("http://192.0.2.1@host/", "192.0.2.1"),
        ] {
            assert_eq!(public_dotted_quad(uri).as_deref(), Some(ip), "{uri}");
        }
        for uri in [
            "http://10.1.2.3/",
            "http://127.0.0.1/",
            "http://169.254.0.1/",
            "http://172.16.0.1/",
            "http://172.31.255.255/",
            "http://192.168.1.1/",
            "http://198.51.100.4.example.com/",
            "http://198.51.100.4-x/",
            "http://198.51.100/",
            "http://198.51.100.4x/",
            "ftp://198.51.100.4/",
        ] {
            assert_eq!(public_dotted_quad(uri), None, "{uri}");
        }
    }
}
