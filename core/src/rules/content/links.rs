//! Links shaped by bulk-mail tools: host names made of hexadecimal tokens,
//! very long hexadecimal paths, "try it" host names under an unrelated
//! domain, and links that carry the recipient's own address after a page
//! name, as phishing kits write them to pre-fill a fake login form.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
use crate::rules::{Family, Rule};
use crate::text;

/// Compiles one of this file's constant byte patterns.
fn compile(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(&format!("(?-u){pattern}")).expect("valid built-in pattern")
}

/// What follows `http://` or `https://` (scheme in any case), else `None`.
fn after_scheme(uri: &str) -> Option<&str> {
    ["http://", "https://"].iter().find_map(|scheme| {
        uri.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .and_then(|_| uri.get(scheme.len()..))
    })
}

/// Whether the byte is a word byte (`\w` under `/aa`).
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `URI_HEX`: before the first `/`, `?`, `&` or `#`, a word of six or more
/// hexadecimal digits, no three letters in a row among its first fifteen
/// characters (so "deadbeef" or "facade" words do not count).
fn hex_host(uri: &str) -> bool {
    let Some(rest) = after_scheme(uri) else {
        return false;
    };
    let end = rest.find(['/', '?', '&', '#']).unwrap_or(rest.len());
    let host = rest.as_bytes().get(..end).unwrap_or_default();
    host.split(|&b| !word_byte(b)).any(|word| {
        word.len() >= 6
            && word.iter().all(u8::is_ascii_hexdigit)
            && !word
                .windows(3)
                .take(13)
                .any(|three| three.iter().all(u8::is_ascii_alphabetic))
    })
}

/// `LONG_HEX_URI`: a path segment of 128 lower-case hexadecimal digits or
/// more, in a message whose body is longer than 1,024 bytes.
const LONG_HEX_URI: Expr = Expr::All(&[
    Expr::Match(View::Uri, r"/[0-9a-f]{128}"),
    Expr::Fact(|c| c.analysis.pristine_body_len > 1024),
]);

/// `text` starts with `prefix`, ASCII case ignored.
fn starts_ci(text: &[u8], prefix: &[u8]) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The call-to-action words a "try it" host name starts with, each with the
/// continuations SpamAssassin spares (`trytr.codeschool`, `get.adobe`,
/// `checkout`, `learning`, `visitor`, `my.account`, …).
const ACTION_WORDS: [(&str, &[&str]); 11] = [
    ("try", &["r.codeschool"]),
    ("start", &[]),
    ("get", &[".adobe"]),
    ("save", &[]),
    ("check", &["out"]),
    ("act", &[]),
    ("compare", &[]),
    ("join", &[]),
    ("learn", &["ing"]),
    ("request", &[]),
    ("visit", &["or", ".vermont"]),
];

/// What may not follow "my" in a "try it" host name.
const MY_SPARED: [&str; 10] = [
    "sub",
    "turbotax",
    "news.apple",
    "a.godaddy",
    "account",
    "support",
    "build",
    "blob",
    "image",
    "photo",
];

/// `__URI_TRY_3LD`: a host name starting with a call to action ("try",
/// "get", "join", "my…", …), whose later labels end in `.com` or `.net`, no
/// label starting with "list-manage" or being "lt".
fn try_it_host(uri: &str) -> bool {
    let Some(rest) = after_scheme(uri) else {
        return false;
    };
    let rest = rest.as_bytes();
    let action = ACTION_WORDS.iter().any(|(word, spared)| {
        starts_ci(rest, word.as_bytes())
            && !spared
                .iter()
                .any(|tail| starts_ci(rest.get(word.len()..).unwrap_or_default(), tail.as_bytes()))
    }) || starts_ci(rest, b"my")
        && rest.get(2).is_some_and(|&b| word_byte(b))
        && !MY_SPARED
            .iter()
            .any(|tail| starts_ci(rest.get(2..).unwrap_or_default(), tail.as_bytes()));
    let Some(dot) = rest.iter().position(|&b| b == b'.') else {
        return false;
    };
    let mut labels = rest.get(dot + 1..).unwrap_or_default();
    action && {
        // One or more labels, each followed by a dot, then "com" or "net"
        // as a whole word.
        let mut found = false;
        while let Some(end) = labels.iter().position(|&b| b == b'.' || b == b'/') {
            let (label, after) = labels.split_at(end);
            if label.is_empty()
                || after.first() != Some(&b'.')
                || starts_ci(label, b"list-manage")
                || label.eq_ignore_ascii_case(b"lt")
            {
                break;
            }
            labels = after.get(1..).unwrap_or_default();
            if ["com", "net"].iter().any(|tld| {
                starts_ci(labels, tld.as_bytes()) && !labels.get(3).is_some_and(|&b| word_byte(b))
            }) {
                found = true;
                break;
            }
        }
        found
    }
}

/// `__HDR_CASE_REVERSED`: a header field name (but DomainKey-Signature)
/// with a lower-case letter followed by a capital before its first dash.
fn camel_case_field(analysis: &Analysis) -> bool {
    analysis.headers.fields.iter().any(|field| {
        let name = field.name.as_bytes();
        let head = name
            .split(|&b| b == b'-' || b.is_ascii_whitespace())
            .next()
            .unwrap_or_default();
        !name.starts_with(b"DomainKey")
            && head
                .windows(2)
                .any(|pair| pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase())
    })
}

/// `URI_TRY_3LD`: a "try it" link, outside mail with Errors-To or
/// References, from Alibaba's or Apple's relays, with camel-case field
/// names, eC-Messenger, charity appeals or links to universities.
const URI_TRY_3LD: Expr = Expr::All(&[
    Expr::Fact(|c| {
        c.analysis
            .uris
            .iter()
            .flat_map(|uri| &uri.cleaned)
            .any(|uri| try_it_host(uri))
    }),
    Expr::Not(&Expr::Any(&[
        field_exists!("Errors-To"),
        Expr::Match(
            View::RelaysExternal,
            r"\srdns=\S+\.(?:alibaba|apple)\.com\s",
        ),
        Expr::Fact(|c| camel_case_field(c.analysis)),
        Expr::Match(View::Header("X-Mailer"), r"\beC-Messenger\b"),
        Expr::Match(
            View::Body,
            r"(?i)\b(?:charit(?:y|[ai]ble)|orphans?|homeless|orphelins|sans\sabri)\b",
        ),
        Expr::Match(View::Uri, r"(?i)\Ahttps?://(?:[^./]+\.)+edu/"),
        field_exists!("References"),
    ])),
]);

/// `__GB_CUSTOM_HTM_URI0`: what precedes the address: a page, then `#` or
/// `?&e=`.
static BEFORE_ADDRESS_PAGE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\Ahttps?://.{10,128}(?:\.html?|\.php|/)?(?:#|\?&e=)\z"));

/// `__GB_CUSTOM_HTM_URI1`: a link inside the link, then `#`.
static BEFORE_ADDRESS_REDIRECT: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\Ahttps?://.{10,64}=https?://.{4,64}#\z"));

/// `__GB_CUSTOM_HTM_URI2`: `email=`, `audit#` or `wapp#` (but
/// `blockeremail=`, checked apart).
static BEFORE_ADDRESS_PARAMETER: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\Ahttps?://.{10,256}(?:/\?)?(?:email=|audit#|wapp#)\z"));

/// `__GB_DRUPAL_URI`: a file of a Drupal site, then `#`.
static BEFORE_ADDRESS_DRUPAL: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\Ahttps?://.{10,64}/default/files/@?#\z"));

/// Whether `uri` ends with `address` (ASCII case ignored) after one of the
/// `GB_CUSTOM_HTM_URI` prefixes. Every occurrence of the address is tried,
/// as a backtracking match would.
fn carries_address(uri: &str, address: &str) -> bool {
    let (bytes, wanted) = (uri.as_bytes(), address.as_bytes());
    (0..bytes.len().saturating_sub(wanted.len() - 1)).any(|at| {
        let before = bytes.get(..at).unwrap_or_default();
        bytes
            .get(at..at + wanted.len())
            .is_some_and(|here| here.eq_ignore_ascii_case(wanted))
            && (BEFORE_ADDRESS_PAGE.is_match(before)
                || BEFORE_ADDRESS_REDIRECT.is_match(before)
                || BEFORE_ADDRESS_PARAMETER.is_match(before)
                    && !before
                        .get(before.len().saturating_sub(13)..)
                        .is_some_and(|tail| tail.eq_ignore_ascii_case(b"blockeremail="))
                || BEFORE_ADDRESS_DRUPAL.is_match(before))
    })
}

/// `GB_CUSTOM_HTM_URI`: a link whose end is the first To address (the value
/// SpamAssassin captures as `GB_TO_ADDR`) after a page name, a redirect, an
/// `email=` parameter or a Drupal file.
fn link_to_recipient(analysis: &Analysis) -> bool {
    let Some(address) = analysis
        .addresses
        .to
        .iter()
        .map(|mailbox| mailbox.address.as_str())
        .find(|address| !address.is_empty())
    else {
        return false;
    };
    analysis
        .uris
        .iter()
        .flat_map(|uri| &uri.cleaned)
        .any(|uri| carries_address(uri, address))
}

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "LONG_HEX_URI",
            Family::Uri,
            [1.0; 4],
            &LONG_HEX_URI,
            text!(
                description: (
                    "Link with a very long hexadecimal code",
                    "Lien avec un très long code hexadécimal"
                ),
                explanation: (
                    "A link's path holds 128 hexadecimal digits or more in a row, in a message of some length. Such codes identify the recipient or carry encrypted tracking data; bulk-mail and phishing tools generate them per message.",
                    "Le chemin d'un lien contient 128 chiffres hexadécimaux ou plus d'affilée, dans un message d'une certaine longueur. De tels codes identifient le destinataire ou portent des données de suivi chiffrées ; les outils d'envoi en masse et d'hameçonnage les génèrent à chaque message."
                ),
                fix: (
                    "Use short links; keep tracking identifiers short.",
                    "Utilisez des liens courts ; gardez les identifiants de suivi courts."
                ),
            ),
        ),
        content_rule(
            "URI_HEX",
            Family::Uri,
            [0.1; 4],
            &Expr::Fact(|c| {
                c.analysis
                    .uris
                    .iter()
                    .flat_map(|uri| &uri.cleaned)
                    .any(|uri| hex_host(uri))
            }),
            text!(
                description: (
                    "Link host name has a long hexadecimal sequence",
                    "Le nom d'hôte d'un lien contient une longue suite hexadécimale"
                ),
                explanation: (
                    "A link's host name holds a word of six or more hexadecimal digits (such as 3f9a07c2). Such names are generated by machines, one per campaign or per recipient, to dodge block lists.",
                    "Le nom d'hôte d'un lien contient un mot de six chiffres hexadécimaux ou plus (comme 3f9a07c2). De tels noms sont générés par des machines, un par campagne ou par destinataire, pour échapper aux listes de blocage."
                ),
                fix: (
                    "Link to your own, readable domain name.",
                    "Faites pointer vos liens vers votre propre nom de domaine, lisible."
                ),
            ),
        ),
        content_rule(
            "URI_TRY_3LD",
            Family::Uri,
            [1.0; 4],
            &URI_TRY_3LD,
            text!(
                description: (
                    "\"Try it\" link under a suspicious host name",
                    "Lien « essayez » sous un nom d'hôte suspect"
                ),
                explanation: (
                    "A link's host name starts with a call to action (\"try\", \"get\", \"join\", \"save\", \"my…\") followed by further labels of a .com or .net domain, as in try-now.offers.example.com. Bulk senders register such names by the thousand.",
                    "Le nom d'hôte d'un lien commence par une incitation (« try », « get », « join », « save », « my… ») suivie d'autres étiquettes d'un domaine en .com ou .net, comme try-now.offers.example.com. Les expéditeurs en masse enregistrent de tels noms par milliers."
                ),
                fix: (
                    "Link to your own plain domain name.",
                    "Faites pointer vos liens vers votre propre nom de domaine, sans détour."
                ),
            ),
        ),
        content_rule(
            "GB_CUSTOM_HTM_URI",
            Family::Uri,
            [1.0; 4],
            &Expr::Fact(|c| link_to_recipient(c.analysis)),
            text!(
                description: (
                    "Link ends with the recipient's address",
                    "Un lien se termine par l'adresse du destinataire"
                ),
                explanation: (
                    "A link ends with the recipient's e-mail address, after a page name and # or an email= parameter. Phishing kits build such links so that their fake login page shows the victim's own address and looks genuine.",
                    "Un lien se termine par l'adresse électronique du destinataire, après un nom de page et # ou un paramètre email=. Les kits d'hameçonnage fabriquent de tels liens pour que leur fausse page de connexion affiche l'adresse de la victime et paraisse authentique."
                ),
                fix: (
                    "Do not put the recipient's address in links; identify them with an opaque token.",
                    "Ne mettez pas l'adresse du destinataire dans les liens ; identifiez-le par un jeton opaque."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    #[test]
    fn hexadecimal_hosts() {
        assert!(hex_host("http://3f9a07c2.example.com/x"));
        assert!(hex_host("HTTPS://www.0123456789.example.net"));
        assert!(hex_host("http://12ab34.example.com/"));
        // Three letters in a row, too short, or after the path.
        assert!(!hex_host("http://deadbeef.example.com/"));
        assert!(!hex_host("http://12ab3.example.com/"));
        assert!(!hex_host("http://example.com/3f9a07c2"));
        assert!(!hex_host("ftp://3f9a07c2.example.com/"));
    }

    #[test]
    fn try_it_hosts() {
        for hit in [
            "http://trynow.offers.example.com/",
            "https://GetIt.deals.example.net",
            "http://mydeal.x.example.com/a",
        ] {
            assert!(try_it_host(hit), "{hit}");
        }
        for miss in [
            "http://checkout.shop.example.com/",
            "http://myaccount.bank.example.com/",
            "http://trynow.example.org/",
            "http://trynow.lt.example.com/",
            "http://example.com/trynow.x.example.com",
            "http://join.comcast.example.org/",
        ] {
            assert!(!try_it_host(miss), "{miss}");
        }
        let on = |header: &str| {
            let message = format!(
                "From: a@example.com\n{header}Subject: hi\n\nhttp://trynow.offers.example.com/\n"
            );
            fired(rules(), &analyse(&message), &Inputs::default())
        };
        assert_eq!(on(""), ["URI_TRY_3LD"]);
        assert!(on("References: <1@example.com>\n").is_empty());
        assert!(on("MailScanner-ID: 1\n").is_empty());
    }

    #[test]
    fn long_hexadecimal_paths() {
        let on = |path: &str, filler: usize| {
            let message = format!(
                "From: a@example.com\nSubject: hi\n\nhttp://example.net/{path}\n{}\n",
                "Some words. ".repeat(filler)
            );
            fired(rules(), &analyse(&message), &Inputs::default())
        };
        let hex = "0123456789abcdef".repeat(8);
        assert_eq!(on(&hex, 100), ["LONG_HEX_URI"]);
        // A short body, or one digit short.
        assert!(on(&hex, 10).is_empty());
        assert!(on(&hex[1..], 100).is_empty());
    }

    #[test]
    fn recipient_in_links() {
        let on = |link: &str| {
            let message = format!(
                "From: a@example.com\nTo: Bob <Bob@example.org>\nSubject: hi\n\nLog in: {link}\n"
            );
            fired(rules(), &analyse(&message), &Inputs::default())
        };
        assert_eq!(
            on("http://phish.example.net/login.html#bob@example.org"),
            ["GB_CUSTOM_HTM_URI"]
        );
        assert_eq!(
            on("https://phish.example.net/verify/?email=bob@example.org"),
            ["GB_CUSTOM_HTM_URI"]
        );
        assert!(on("https://phish.example.net/verify/?blockeremail=bob@example.org").is_empty());
        assert!(on("https://phish.example.net/verify/?user=bob@example.org").is_empty());
        assert!(on("http://phish.example.net/login.html#alice@example.org").is_empty());
    }
}
