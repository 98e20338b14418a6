//! Received-chain tests: the HELO names clients gave, and Received fields that
//! a big free-mail provider would never have written.
//!
//! The HELO tests read the first relay of `X-Spam-Relays-External` (the host
//! that handed the message to our network), as SpamAssassin's header rules
//! do; see [`external_relays`] for the SMTP-time case.

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;
use crate::analysis::address::parse_address_list;
use crate::analysis::received::{IP, is_private};
use crate::rules::html::Signals;
use crate::rules::relay::external_relays;
use crate::rules::{Family, Rule, RuleContext, RuleText, builtin_regex};
use crate::{Localized, text};

/// What follows `helo=` in the first relay of the external relay string:
/// the HELO name, then the rest of the string. `None` without external relay.
fn after_first_helo(relays: &str) -> Option<&str> {
    let first = relays
        .find(']')
        .and_then(|end| relays.get(..end))
        .unwrap_or(relays);
    let at = first.find(" helo=")?;
    relays.get(at + " helo=".len()..)
}

/// The first external relay's HELO name, as written in the relay string.
fn helo_word(after_helo: &str) -> &str {
    after_helo.split(' ').next().unwrap_or_default()
}

/// A test on the HELO name of the host that handed the message over.
/// `check` sees the text after `helo=` (the name, then the rest of the relay
/// string) and says whether the test fires.
fn external_helo_rule(
    name: &'static str,
    scores: [f64; 4],
    text: RuleText,
    check: fn(&str) -> bool,
) -> Rule {
    Rule::new(name, Family::Relay, scores, text, move |context| {
        let relays = external_relays(context);
        let after = after_first_helo(&relays)?;
        check(after).then(|| helo_evidence(helo_word(after)))
    })
}

fn helo_evidence(helo: &str) -> Localized {
    Localized::new(
        format!("the delivering host said HELO {helo:?}"),
        format!("l'hôte expéditeur s'est présenté en HELO sous le nom {helo:?}"),
    )
}

/// FSL_HELO_NON_FQDN_1: a HELO name of letters, digits, `-` and `_` only.
fn helo_single_label(after_helo: &str) -> bool {
    let word = helo_word(after_helo);
    word.len() < after_helo.len()
        && !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// HELO_LOCALHOST: the HELO name `localhost`, in any case.
fn helo_localhost(after_helo: &str) -> bool {
    after_helo
        .get(.."localhost ".len())
        .is_some_and(|start| start.eq_ignore_ascii_case("localhost "))
}

/// `__HELO_NO_DOMAIN`: some non-empty text without a dot, then a blank,
/// right after `helo=`. With an empty HELO the text runs on into the next
/// fields (`by=` …), as SpamAssassin's pattern does.
fn helo_no_domain(after_helo: &str) -> bool {
    let undotted = after_helo.find('.').unwrap_or(after_helo.len());
    after_helo
        .get(1..undotted)
        .is_some_and(|text| text.contains(' '))
}

/// `__HELO_HIGHPROFILE`: the HELO name holds a big provider's name followed
/// by a dot and a word character (`mx.yahoo.com`, `gmail.x`).
fn helo_high_profile(after_helo: &str) -> bool {
    const PROVIDERS: [&str; 9] = [
        "hotmail",
        "gmail",
        "google",
        "yahoo",
        "msn",
        "microsoft",
        "outlook",
        "paypal",
        "xxx",
    ];
    let helo = helo_word(after_helo).to_ascii_lowercase();
    PROVIDERS.iter().any(|provider| {
        helo.match_indices(provider).any(|(at, _)| {
            helo.get(at + provider.len()..).is_some_and(|rest| {
                rest.strip_prefix('.').is_some_and(|rest| {
                    rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
            })
        })
    })
}

/// HELO names of free-mail and portal sites that spam software borrows.
const BORROWED_DOTCOMS: [&str; 16] = [
    "msn",
    "yahoo",
    "yourwebsite",
    "lycos",
    "excite",
    "cs",
    "aol",
    "localhost",
    "koreanmail",
    "allexecs",
    "mydomain",
    "juno",
    "eudoramail",
    "compuserve",
    "desertmail",
    "caramail",
];

/// RCVD_FAKE_HELO_DOTCOM: a Received field that begins `from NAME.com (`,
/// NAME one of [`BORROWED_DOTCOMS`]: a client greeting with a big site's
/// bare domain, which real servers of those sites never do.
fn fake_helo_dotcom(context: &RuleContext<'_>) -> Option<Localized> {
    let field = context.analysis.headers.all("Received").find(|field| {
        field
            .decoded
            .strip_prefix("from ")
            .and_then(|rest| rest.split_once(".com ("))
            .is_some_and(|(name, _)| BORROWED_DOTCOMS.contains(&name))
    })?;
    let helo = field
        .decoded
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    Some(helo_evidence(&helo))
}

/// HELO names of big providers whose real servers always have reverse DNS.
const DOTCOM_HELOS: [&str; 11] = [
    "lycos.com",
    "lycos.co.uk",
    "hotmail.com",
    "localhost.com",
    "excite.com",
    "caramail.com",
    "cs.com",
    "aol.com",
    "msn.com",
    "yahoo.com",
    "drizzle.com",
];

/// Whether `helo` is one of [`DOTCOM_HELOS`] or a host under one.
fn dotcom_helo(helo: &str) -> bool {
    let helo = helo.to_ascii_lowercase();
    DOTCOM_HELOS.iter().any(|domain| {
        helo.strip_suffix(domain)
            .is_some_and(|head| head.is_empty() || head.ends_with('.'))
    })
}

/// NO_RDNS_DOTCOM_HELO: SpamAssassin looks at each untrusted public relay in
/// turn and keeps the verdict of the last (oldest) one: it fires when that
/// relay greeted with a big provider's name and certainly has no reverse DNS.
fn no_rdns_dotcom_helo(context: &RuleContext<'_>) -> Option<Localized> {
    let relay = context
        .analysis
        .relays
        .untrusted
        .iter()
        .rev()
        .find(|relay| !relay.ip_private)?;
    (relay.no_reverse_dns && dotcom_helo(&relay.helo)).then(|| {
        let (ip, helo) = (&relay.ip, &relay.helo);
        Localized::new(
            format!("{ip} said HELO {helo} but has no reverse DNS"),
            format!("{ip} s'est présenté en HELO sous le nom {helo} mais n'a pas de DNS inverse"),
        )
    })
}

/// Whether `text` is a public IPv4 address.
fn public_ipv4(text: &str) -> bool {
    text.parse::<core::net::Ipv4Addr>().is_ok() && !is_private(text)
}

/// RCVD_HELO_IP_MISMATCH: an untrusted relay greeted with a public IPv4
/// address outside the /24 of the address it connected from.
fn helo_ip_mismatch(context: &RuleContext<'_>) -> Option<Localized> {
    let relay = context.analysis.relays.untrusted.iter().find(|relay| {
        if !public_ipv4(&relay.helo) || !public_ipv4(&relay.ip) || relay.helo == relay.ip {
            return false;
        }
        // The first three octets with their dots.
        let prefix_len = relay
            .helo
            .match_indices('.')
            .nth(2)
            .map_or(relay.helo.len(), |(at, _)| at + 1);
        !relay
            .helo
            .get(..prefix_len)
            .is_some_and(|prefix| relay.ip.starts_with(prefix))
    })?;
    let (ip, helo) = (&relay.ip, &relay.helo);
    Some(Localized::new(
        format!("{ip} said HELO {helo}"),
        format!("{ip} s'est présenté en HELO sous le nom {helo}"),
    ))
}

/// Received forms that Yahoo!'s own servers write: webmail, the new webmail,
/// authenticated SMTP, Yahoo! Groups, and "mail this story" senders.
static YAHOO_OWN_RECEIVED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"by web\S+\.mail\S*\.yahoo\.com via HTTP".to_owned(),
        r"by sonic\S+\.consmr\.mail\S*\.yahoo\.com with HTTP".to_owned(),
        r"by smtp\S+\.yahoo\.com with SMTP".to_owned(),
        format!(r"from \[{IP}\] by \S+\.(?:groups|scd|dcn)\.yahoo\.com with NNFMP"),
        r"by [0-9A-Za-z_]+\.[0-9A-Za-z_]+\.yahoo\.com \([0-9]+\.[0-9]+\.[0-9]+/[0-9]+\.[0-9]+\.[0-9]+\)(?: with ESMTP)? id [0-9A-Za-z_]"
            .to_owned(),
    ]
    .iter()
    .map(|pattern| builtin_regex(pattern))
    .collect()
});

/// Yahoo!'s bulk "news story" mailer, exempt when the sender is
/// `@reply.yahoo.com`.
static YAHOO_BULK_MAILER: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?-u:\b)mailer[0-9]+\.bulk\.scd\.yahoo\.com(?-u:\b)"));

/// A message whose Received fields a list manager or gateway removed, so that
/// forged-Received tests cannot judge it: an ezmlm list that strips them,
/// MSN Groups, or no Received field at all.
pub(crate) fn received_fields_removed(analysis: &Analysis) -> bool {
    let headers = &analysis.headers;
    let Some(received) = headers.get("Received") else {
        return true;
    };
    let ezmlm = headers.get("Mailing-List").is_some_and(|list| {
        list.lines().any(|line| {
            line.strip_prefix("contact ")
                .and_then(|rest| rest.strip_suffix("; run by ezmlm"))
                .is_some_and(address_shaped)
        })
    });
    if ezmlm {
        let delivered = headers.get("Delivered-To").unwrap_or_default();
        let list_delivery = delivered.lines().any(|line| {
            line.strip_prefix("mailing list ")
                .and_then(|rest| rest.split(' ').next())
                .is_some_and(address_shaped)
        });
        if list_delivery && QMAIL_INVOKED.is_match(&received) {
            return true;
        }
    }
    MSN_GROUPS.is_match(&received)
}

/// `\S+@\S+`: something, an at sign, something, without blanks.
fn address_shaped(text: &str) -> bool {
    !text.contains(char::is_whitespace)
        && text
            .match_indices('@')
            .any(|(at, _)| at > 0 && at + 1 < text.len())
}

/// qmail's own Received line with its date, as an ezmlm list host writes it.
static QMAIL_INVOKED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"qmail [0-9]+ invoked (?:from network|by .{3,20})\); [0-9]+ ... [0-9]+")
});

/// MSN Groups' hand-over, after which the earlier Received fields are gone.
static MSN_GROUPS: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"from groups\.msn\.com \(\S+\.msn\.com "));

/// A relay string with a `rdns=` name under `yahoo.com`.
static YAHOO_RDNS: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r" rdns=\S+\.yahoo\.com "));

/// The first From address when it ends with `domain` (ignoring case), not
/// preceded by a letter, digit or `_`: `a@yahoo.com`, `a@x.yahoo.com`.
fn sender_under<'a>(analysis: &'a Analysis, domain: &str) -> Option<&'a str> {
    let from = analysis.addresses.from.first()?.address.as_str();
    let lower = from.to_ascii_lowercase();
    let head = lower.strip_suffix(domain)?;
    let word_before = head
        .bytes()
        .last()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    (!word_before).then_some(from)
}

/// FORGED_YAHOO_RCVD: the sender is at yahoo.com, but no Received field shows
/// one of Yahoo!'s servers handing the message on.
fn forged_yahoo_received(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    let from = sender_under(analysis, "yahoo.com")?;
    if received_fields_removed(analysis) {
        return None;
    }
    let headers = &analysis.headers;
    let resent = headers.get("Resent-From").is_some_and(|v| !v.is_empty())
        && headers.get("Resent-To").is_some_and(|v| !v.is_empty());
    let received = resent
        .then(|| headers.get("X-Received"))
        .flatten()
        .filter(|value| !value.is_empty())
        .or_else(|| headers.get("Received"))
        .unwrap_or_default();
    let received = received.split_whitespace().collect::<Vec<_>>().join(" ");
    let relays = &analysis.relays;
    let first_untrusted = relays.untrusted.first().map(ToString::to_string);
    let yahoo_relay = YAHOO_RDNS.is_match(&relays.trusted_string())
        || first_untrusted.is_some_and(|relay| YAHOO_RDNS.is_match(&relay));
    let yahoo_received = YAHOO_OWN_RECEIVED.iter().any(|re| re.is_match(&received))
        || (YAHOO_BULK_MAILER.is_match(&received)
            && from.to_ascii_lowercase().ends_with("@reply.yahoo.com"));
    (!yahoo_relay && !yahoo_received).then(|| {
        Localized::new(
            format!("From: {from}, but no Received field from a Yahoo! server"),
            format!("From : {from}, mais aucun champ Received d'un serveur de Yahoo!"),
        )
    })
}

/// Received forms of Hotmail's and Outlook.com's own servers, each with the
/// field that must come with it: `true` for an X-Originating-IP address,
/// `false` for an X-OriginatorOrg naming Hotmail or Outlook.
static HOTMAIL_OWN_RECEIVED: LazyLock<Vec<(Regex, bool)>> = LazyLock::new(|| {
    [
        (
            r"from (?:\S*\.)?hotmail.com \(\S+\.hotmail(?:\.msn)?\.com[ )]".to_owned(),
            true,
        ),
        (
            r"from \S*\.outbound\.protection\.outlook\.com \(\S+\.outbound\.protection\.outlook\.com[ )]"
                .to_owned(),
            false,
        ),
        (
            format!(r"from \S*\.(?:eur|nam)prd[0-9]+\.prod\.outlook\.com \({IP}\)"),
            false,
        ),
        (format!(r"from \S*\.hotmail.com \(\[{IP}\][ ):]"), true),
        (
            r"from \S+ by \S+\.hotmail(?:\.msn)?\.com with HTTP;".to_owned(),
            true,
        ),
        (r"from \[66\.218.\S+\] by \S+\.yahoo\.com".to_owned(), true),
    ]
    .into_iter()
    .map(|(pattern, needs_ip)| (builtin_regex(&pattern), needs_ip))
    .collect()
});

/// A Received field greeting as Hotmail (`from`, `HELO` or `helo=` a name
/// ending in hotmail.com).
static HOTMAIL_NAMED: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?:from |HELO |helo=)\S*hotmail\.com(?-u:\b)"));

/// Hotmail's pick-up of its own webmail.
static HOTMAIL_PICKUP: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"from mail pickup service by hotmail\.com with Microsoft SMTPSVC;")
});

static ANY_IP: LazyLock<Regex> = LazyLock::new(|| builtin_regex(IP));

/// The To address at groups.msn.com: the list's name.
static MSN_GROUP_TO: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)<(\S+)@groups\.msn\.com>"));

/// The MSN Groups server that picked the message up.
static MSN_GROUP_PICKUP: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"from mail pickup service by (p[0-9][0-9]\.groups\.msn\.com)(?-u:\b)")
});

/// Mail an MSN group sent out (which Hotmail passes on without its usual
/// Received field): to the group, picked up by an MSN Groups server, with
/// the group's identifier and bounce address (or, for notifications, the
/// server's identifier).
fn via_msn_groups(analysis: &Analysis, received: &str) -> bool {
    let headers = &analysis.headers;
    let to = headers.get("To").unwrap_or_default();
    let Some(list) = MSN_GROUP_TO.captures(&to).and_then(|c| c.get(1)) else {
        return false;
    };
    let Some(server) = MSN_GROUP_PICKUP.captures(received).and_then(|c| c.get(1)) else {
        return false;
    };
    let ids = headers.get("Message-Id").unwrap_or_default();
    let list = regex::escape(list.as_str());
    if list == "notifications" {
        let server = regex::escape(server.as_str());
        return Regex::new(&format!(r"^<\S+@{server}>")).is_ok_and(|re| re.is_match(&ids));
    }
    let id_ok =
        Regex::new(&format!(r"^<{list}-\S+@groups\.msn\.com>")).is_ok_and(|re| re.is_match(&ids));
    let bounce = analysis
        .envelope_from()
        .and_then(|raw| parse_address_list(raw).into_iter().next())
        .map(|mailbox| mailbox.address)
        .unwrap_or_default();
    id_ok
        && Regex::new(&format!(r"{list}-bounce@groups\.msn\.com"))
            .is_ok_and(|re| re.is_match(&bounce))
}

/// FORGED_HOTMAIL_RCVD2: the sender is at hotmail.com, but no Received field
/// shows Hotmail's servers (with the fields they add), and none even claims
/// to be Hotmail.
fn forged_hotmail_received(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    // Only a sender at hotmail.com can fire: the Received fields are read
    // only for one.
    let from = sender_under(analysis, "hotmail.com")?;
    let headers = &analysis.headers;
    let received = headers.get("Received").unwrap_or_default();
    let received = received.split_whitespace().collect::<Vec<_>>().join(" ");
    if HOTMAIL_PICKUP.is_match(&received)
        || via_msn_groups(analysis, &received)
        || received_fields_removed(analysis)
    {
        return None;
    }
    let originating_ip = headers
        .get("X-Originating-Ip")
        .is_some_and(|value| ANY_IP.is_match(&value));
    let originator_org = headers
        .get("X-OriginatorOrg")
        .is_some_and(|value| value.contains("hotmail.com") || value.contains("msonline-outlook"));
    let own = HOTMAIL_OWN_RECEIVED.iter().any(|(re, needs_ip)| {
        (if *needs_ip {
            originating_ip
        } else {
            originator_org
        }) && re.is_match(&received)
    });
    if own || HOTMAIL_NAMED.is_match(&received) {
        return None;
    }
    Some({
        Localized::new(
            format!("From: {from}, but no Received field from a Hotmail server"),
            format!("From : {from}, mais aucun champ Received d'un serveur de Hotmail"),
        )
    })
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        Rule::new(
            "RCVD_FAKE_HELO_DOTCOM",
            Family::Relay,
            [2.799, 2.389, 2.605, 1.189],
            text!(
                description: (
                    "A client greeted with the bare domain of a big web site",
                    "Un client s'est présenté sous le domaine nu d'un grand site"
                ),
                explanation: (
                    "One of the servers that passed this message on introduced itself (HELO) as \"yahoo.com\", \"aol.com\", \"msn.com\" or another big site's bare domain. Those sites' real servers use their own host names; spam software borrows the domain to look respectable.",
                    "Un des serveurs qui ont transmis ce message s'est présenté (HELO) sous le nom « yahoo.com », « aol.com », « msn.com » ou le domaine nu d'un autre grand site. Les vrais serveurs de ces sites utilisent leur propre nom d'hôte ; les logiciels de spam empruntent ce domaine pour paraître respectables."
                ),
                fix: (
                    "Configure the sending server to greet with its own fully qualified host name.",
                    "Configurez le serveur d'envoi pour qu'il se présente sous son propre nom d'hôte complet."
                ),
            ),
            fake_helo_dotcom,
        ),
        Rule::new(
            "NO_RDNS_DOTCOM_HELO",
            Family::Relay,
            [3.1, 0.433, 3.099, 0.823],
            text!(
                description: (
                    "Greeted as a big free-mail provider, but has no reverse DNS",
                    "Se présente comme un grand fournisseur de messagerie, mais sans DNS inverse"
                ),
                explanation: (
                    "A server that passed this message on introduced itself (HELO) as a host of Hotmail, Yahoo!, AOL, MSN, Lycos or a similar provider, yet its IP address has no host name at all. Those providers' servers always have one: the name was borrowed.",
                    "Un serveur qui a transmis ce message s'est présenté (HELO) comme une machine de Hotmail, Yahoo!, AOL, MSN, Lycos ou d'un fournisseur semblable, alors que son adresse IP n'a aucun nom. Les serveurs de ces fournisseurs en ont toujours un : le nom a été emprunté."
                ),
                fix: (
                    "Greet with the sending server's own name, and have its IP address's owner publish a PTR record for it.",
                    "Présentez le serveur d'envoi sous son propre nom, et faites publier un enregistrement PTR pour son adresse IP par son gestionnaire."
                ),
            ),
            no_rdns_dotcom_helo,
        ),
        Rule::new(
            "RCVD_HELO_IP_MISMATCH",
            Family::Relay,
            [1.68, 1.186, 2.362, 2.368],
            text!(
                description: (
                    "A client greeted with an IP address that is not its own",
                    "Un client s'est présenté sous une adresse IP qui n'est pas la sienne"
                ),
                explanation: (
                    "A server that passed this message on introduced itself (HELO) with an IP address in a different network from the address it actually connected from. A real server that greets with an address gives its own; a different one is a lie meant to mislead filters.",
                    "Un serveur qui a transmis ce message s'est présenté (HELO) avec une adresse IP d'un autre réseau que celle d'où il s'est réellement connecté. Un vrai serveur qui se présente par une adresse donne la sienne ; une autre est un mensonge destiné à tromper les filtres."
                ),
                fix: (
                    "Configure the sending server to greet with its host name, or with its own address in brackets.",
                    "Configurez le serveur d'envoi pour qu'il se présente sous son nom d'hôte, ou sous sa propre adresse entre crochets."
                ),
            ),
            helo_ip_mismatch,
        ),
        external_helo_rule(
            "FSL_HELO_NON_FQDN_1",
            [2.361, 0.001, 1.783, 0.001],
            text!(
                description: (
                    "The delivering host greeted with a name that has no domain",
                    "L'hôte expéditeur s'est présenté sous un nom sans domaine"
                ),
                explanation: (
                    "The server that handed this message to our network introduced itself (HELO) with a bare machine name, without any domain (for example \"pc01\"). Mail servers must greet with their full name; home computers sending spam directly often do not.",
                    "Le serveur qui a remis ce message à notre réseau s'est présenté (HELO) sous un simple nom de machine, sans domaine (par exemple « pc01 »). Les serveurs de messagerie doivent se présenter sous leur nom complet ; les ordinateurs personnels qui envoient du spam directement ne le font souvent pas."
                ),
                fix: (
                    "Configure the sending server to greet with its fully qualified host name (e.g. mail.example.com).",
                    "Configurez le serveur d'envoi pour qu'il se présente sous son nom d'hôte complet (par exemple mail.example.com)."
                ),
            ),
            helo_single_label,
        ),
        external_helo_rule(
            "HELO_LOCALHOST",
            [2.639, 3.603, 2.915, 3.828],
            text!(
                description: (
                    "The delivering host greeted as \"localhost\"",
                    "L'hôte expéditeur s'est présenté comme « localhost »"
                ),
                explanation: (
                    "The server that handed this message to our network, over the Internet, introduced itself (HELO) as \"localhost\", the name every machine gives itself. No real mail server greets another so; infected computers and badly written spam software do.",
                    "Le serveur qui a remis ce message à notre réseau, par Internet, s'est présenté (HELO) comme « localhost », le nom que toute machine se donne à elle-même. Aucun vrai serveur de messagerie ne se présente ainsi à un autre ; les ordinateurs infectés et les logiciels de spam mal écrits, si."
                ),
                fix: (
                    "Configure the sending server to greet with its fully qualified host name.",
                    "Configurez le serveur d'envoi pour qu'il se présente sous son nom d'hôte complet."
                ),
            ),
            helo_localhost,
        ),
        external_helo_rule(
            "HELO_NO_DOMAIN",
            [1.0, 1.0, 1.0, 1.0],
            text!(
                description: (
                    "The delivering host's HELO name has no dot",
                    "Le nom HELO de l'hôte expéditeur n'a pas de point"
                ),
                explanation: (
                    "The server that handed this message to our network introduced itself (HELO) with a name containing no dot, so no domain at all. Mail servers greet with their full name; home computers sending spam directly often do not.",
                    "Le serveur qui a remis ce message à notre réseau s'est présenté (HELO) sous un nom sans aucun point, donc sans domaine. Les serveurs de messagerie se présentent sous leur nom complet ; les ordinateurs personnels qui envoient du spam directement ne le font souvent pas."
                ),
                fix: (
                    "Configure the sending server to greet with its fully qualified host name (e.g. mail.example.com).",
                    "Configurez le serveur d'envoi pour qu'il se présente sous son nom d'hôte complet (par exemple mail.example.com)."
                ),
            ),
            |after| helo_no_domain(after) && !helo_localhost(after),
        ),
        Rule::new(
            "SHORT_HELO_AND_INLINE_IMAGE",
            Family::Relay,
            [0.1; 4],
            text!(
                description: (
                    "HELO name without a dot, and an image part",
                    "Nom HELO sans point, et une partie image"
                ),
                explanation: (
                    "The server that handed this message to our network greeted (HELO) with a name that has no dot, as home computers sending directly do, and the message carries an image, which image spam uses to show text that filters cannot read.",
                    "Le serveur qui a remis ce message à notre réseau s'est présenté (HELO) sous un nom sans point, comme le font les ordinateurs personnels qui envoient directement, et le message contient une image, ce que le spam en image utilise pour montrer un texte que les filtres ne lisent pas."
                ),
                fix: (
                    "Send through a mail server that greets with its full host name.",
                    "Envoyez par un serveur de messagerie qui se présente sous son nom d'hôte complet."
                ),
            ),
            |context| {
                let relays = external_relays(context);
                let after = after_first_helo(&relays)?;
                (helo_no_domain(after) && Signals::image_attachment(context.analysis)).then(|| {
                    let helo = helo_word(after);
                    Localized::new(
                        format!("HELO {helo:?} and an image part"),
                        format!("HELO {helo:?} et une partie image"),
                    )
                })
            },
        ),
        external_helo_rule(
            "PDS_HP_HELO_NORDNS",
            [1.0, 1.0, 1.0, 1.0],
            text!(
                description: (
                    "Greeted as a big provider's server, but has no reverse DNS",
                    "Se présente comme un serveur d'un grand fournisseur, mais sans DNS inverse"
                ),
                explanation: (
                    "The server that handed this message to our network introduced itself (HELO) with the name of a big provider such as Gmail, Hotmail, Yahoo! or PayPal, yet its IP address has no host name. Those providers' servers always have one: the name was borrowed.",
                    "Le serveur qui a remis ce message à notre réseau s'est présenté (HELO) sous le nom d'un grand fournisseur comme Gmail, Hotmail, Yahoo! ou PayPal, alors que son adresse IP n'a aucun nom. Les serveurs de ces fournisseurs en ont toujours un : le nom a été emprunté."
                ),
                fix: (
                    "Greet with the sending server's own name, and have its IP address's owner publish a PTR record for it.",
                    "Présentez le serveur d'envoi sous son propre nom, et faites publier un enregistrement PTR pour son adresse IP par son gestionnaire."
                ),
            ),
            helo_high_profile,
        )
        .requires("RDNS_NONE"),
        Rule::new(
            "FORGED_YAHOO_RCVD",
            Family::Relay,
            [2.397, 1.022, 2.599, 1.63],
            text!(
                description: (
                    "From a yahoo.com address, but not sent through Yahoo!",
                    "D'une adresse yahoo.com, mais pas envoyé par Yahoo!"
                ),
                explanation: (
                    "The sender's address is at yahoo.com, but none of the Received fields shows one of Yahoo!'s mail servers passing the message on. Mail from a Yahoo! account goes through Yahoo!'s servers; this message was sent from elsewhere under a Yahoo! address.",
                    "L'adresse de l'expéditeur est chez yahoo.com, mais aucun des champs Received ne montre un serveur de Yahoo! transmettant le message. Le courrier d'un compte Yahoo! passe par les serveurs de Yahoo! ; ce message a été envoyé d'ailleurs sous une adresse Yahoo!."
                ),
                fix: (
                    "Send mail from a Yahoo! address through Yahoo!'s own servers (webmail or authenticated SMTP), or use an address of the domain you actually send from.",
                    "Envoyez le courrier d'une adresse Yahoo! par les serveurs de Yahoo! (webmail ou SMTP authentifié), ou utilisez une adresse du domaine d'où vous envoyez réellement."
                ),
            ),
            forged_yahoo_received,
        ),
        Rule::new(
            "FORGED_HOTMAIL_RCVD2",
            Family::Relay,
            [0.001, 1.187, 0.698, 0.874],
            text!(
                description: (
                    "From a hotmail.com address, but not sent through Hotmail",
                    "D'une adresse hotmail.com, mais pas envoyé par Hotmail"
                ),
                explanation: (
                    "The sender's address is at hotmail.com, but none of the Received fields shows one of Hotmail's servers passing the message on. Mail from a Hotmail account goes through Hotmail's servers; this message was sent from elsewhere under a Hotmail address.",
                    "L'adresse de l'expéditeur est chez hotmail.com, mais aucun des champs Received ne montre un serveur de Hotmail transmettant le message. Le courrier d'un compte Hotmail passe par les serveurs de Hotmail ; ce message a été envoyé d'ailleurs sous une adresse Hotmail."
                ),
                fix: (
                    "Send mail from a Hotmail address through Microsoft's own servers, or use an address of the domain you actually send from.",
                    "Envoyez le courrier d'une adresse Hotmail par les serveurs de Microsoft, ou utilisez une adresse du domaine d'où vous envoyez réellement."
                ),
            ),
            forged_hotmail_received,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing;

    /// The tests of this family that need no other test, firing on a message
    /// with these header lines.
    fn fired(header: &str) -> Vec<String> {
        let message = format!("{header}Subject: hi\n\nbody\n");
        let independent = rules().into_iter().filter(|rule| rule.requires.is_empty());
        testing::fired(
            independent.collect(),
            &testing::analyse(&message),
            &Inputs::default(),
        )
    }

    fn hop(from: &str) -> String {
        format!(
            "Received: from {from} by mx.example.net (Postfix) with ESMTP id A1\nFrom: a@example.com\n"
        )
    }

    #[test]
    fn short_helo_and_image() {
        let image = "Content-Type: image/gif\n";
        let short = hop("pc01 (host.example.org [198.51.100.2])");
        assert!(
            fired(&format!("{short}{image}")).contains(&"SHORT_HELO_AND_INLINE_IMAGE".to_owned())
        );
        assert!(!fired(&short).contains(&"SHORT_HELO_AND_INLINE_IMAGE".to_owned()));
        let full = hop("pc01.example.org (host.example.org [198.51.100.2])");
        assert!(
            !fired(&format!("{full}{image}")).contains(&"SHORT_HELO_AND_INLINE_IMAGE".to_owned())
        );
    }

    #[test]
    fn borrowed_dotcom_helo() {
        assert_eq!(
            fired(&hop("yahoo.com (host.example.org [198.51.100.2])")),
            ["RCVD_FAKE_HELO_DOTCOM"]
        );
        assert!(fired(&hop("mail.yahoo.com (host.example.org [198.51.100.2])")).is_empty());
        assert!(fired(&hop("example.com (host.example.org [198.51.100.2])")).is_empty());
    }

    #[test]
    fn dotcom_helo_without_rdns() {
        assert_eq!(
            fired(&hop("smtp1.hotmail.com (unknown [198.51.100.2])")),
            ["NO_RDNS_DOTCOM_HELO"]
        );
        // A name recorded, or a HELO that only ends like one.
        assert!(fired(&hop("smtp1.hotmail.com (host.example.org [198.51.100.2])")).is_empty());
        assert!(fired(&hop("nothotmail.com (unknown [198.51.100.2])")).is_empty());
        // Exim does not look the name up: no name says nothing.
        let exim = "Received: from hotmail.com ([198.51.100.2]) by mx.example.net with esmtp (Exim 4.50) id 1abc\nFrom: a@example.com\n";
        assert!(fired(exim).is_empty());
    }

    #[test]
    fn helo_ip_mismatch_needs_another_network() {
        assert_eq!(
            fired(&hop("203.0.113.9 (host.example.org [198.51.100.2])")),
            ["RCVD_HELO_IP_MISMATCH"]
        );
        // Same /24, private, or its own address.
        assert!(fired(&hop("198.51.100.9 (host.example.org [198.51.100.2])")).is_empty());
        assert!(fired(&hop("192.168.1.9 (host.example.org [198.51.100.2])")).is_empty());
        assert!(fired(&hop("198.51.100.2 (host.example.org [198.51.100.2])")).is_empty());
    }

    #[test]
    fn glued_helo_is_not_an_address() {
        // `ip([ip])`: the whole glued text is the HELO, not an address.
        let line = "Received: from 68.17.46.205([217.125.101.38]) by mx.example.net(JetMail 2.5.3.0) with SMTP id zzzz1\nFrom: a@example.com\n";
        let analysis = testing::analyse(line);
        let relay = analysis.relays.last_external().cloned().unwrap_or_default();
        assert_eq!(relay.ip, "217.125.101.38");
        assert_eq!(relay.helo, "68.17.46.205!!217.125.101.38!!");
        assert!(!fired(line).contains(&"RCVD_HELO_IP_MISMATCH".to_owned()));
    }

    #[test]
    fn external_helo_shapes() {
        assert_eq!(
            fired(&hop("pc01 (host.example.org [198.51.100.2])")),
            ["FSL_HELO_NON_FQDN_1", "HELO_NO_DOMAIN"]
        );
        assert_eq!(
            fired(&hop("localhost (host.example.org [198.51.100.2])")),
            ["FSL_HELO_NON_FQDN_1", "HELO_LOCALHOST"]
        );
        assert!(fired(&hop("mail.example.org (host.example.org [198.51.100.2])")).is_empty());
        // Behind a private hop only: no external relay at all.
        assert!(fired(&hop("pc01 (host.example.org [192.168.1.2])")).is_empty());
    }

    #[test]
    fn empty_helo_runs_into_the_next_fields() {
        assert!(helo_no_domain(" by=mx ident= envfrom="));
        assert!(!helo_no_domain(" by=mx.example.net ident="));
        assert!(!helo_no_domain("a.b by=mx"));
    }

    #[test]
    fn high_profile_helo_names() {
        assert!(helo_high_profile("mx1.Gmail.com by=x"));
        assert!(helo_high_profile("yahoo.x by=x"));
        assert!(!helo_high_profile("yahoo by=x"));
        assert!(!helo_high_profile("mail.example.com by=x.yahoo.com"));
    }

    #[test]
    fn high_profile_helo_requires_no_rdns() {
        let rule = || {
            rules()
                .into_iter()
                .filter(|rule| rule.name == "PDS_HP_HELO_NORDNS")
                .collect::<Vec<_>>()
        };
        assert_eq!(
            rule().first().map(|r| r.requires.clone()),
            Some(vec!["RDNS_NONE".into()])
        );
        let analysis = testing::analyse(&hop("mx.gmail.com (unknown [198.51.100.2])"));
        assert_eq!(
            testing::fired(rule(), &analysis, &Inputs::default()),
            ["PDS_HP_HELO_NORDNS"]
        );
        let analysis = testing::analyse(&hop("mx.example.com (unknown [198.51.100.2])"));
        assert!(testing::fired(rule(), &analysis, &Inputs::default()).is_empty());
    }

    fn hotmail_forged(header: &str) -> bool {
        fired(header).contains(&"FORGED_HOTMAIL_RCVD2".to_owned())
    }

    #[test]
    fn hotmail_sender_through_elsewhere() {
        let outside = "Received: from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n";
        let from = "From: someone@hotmail.com\n";
        assert!(hotmail_forged(&format!("{outside}{from}")));
        // Hotmail's own hop, with the X-Originating-IP it adds.
        let own = "Received: from hotmail.com (f1.law1.hotmail.com [198.51.100.9]) by mx.example.net (Postfix) with ESMTP id A1\nX-Originating-IP: [192.0.2.7]\n";
        assert!(!hotmail_forged(&format!("{own}{from}")));
        // Claiming to be Hotmail is another test's business.
        let claims = "Received: from mx1.hotmail.com (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n";
        assert!(!hotmail_forged(&format!("{claims}{from}")));
        assert!(!hotmail_forged(&format!("{outside}From: a@example.com\n")));
    }

    const YAHOO_FROM: &str = "From: someone@yahoo.com\n";

    #[test]
    fn yahoo_sender_through_elsewhere() {
        let outside = "Received: from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n";
        assert!(fired(&format!("{outside}{YAHOO_FROM}")).contains(&"FORGED_YAHOO_RCVD".to_owned()));
        let webmail = "Received: from [198.51.100.2] by web1.mail.example.yahoo.com via HTTP; Wed, 12 Feb 2003 14:22:21 PST\n";
        assert!(
            !fired(&format!("{outside}{webmail}{YAHOO_FROM}"))
                .contains(&"FORGED_YAHOO_RCVD".to_owned())
        );
        let yahoo_hop = "Received: from mta1.mail.yahoo.com (mta1.mail.yahoo.com [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n";
        assert!(
            !fired(&format!("{yahoo_hop}{YAHOO_FROM}")).contains(&"FORGED_YAHOO_RCVD".to_owned())
        );
        // Not a Yahoo! sender, or no Received field to judge.
        assert!(
            !fired(&format!("{outside}From: a@notyahoo.com\n"))
                .contains(&"FORGED_YAHOO_RCVD".to_owned())
        );
        assert!(!fired(YAHOO_FROM).contains(&"FORGED_YAHOO_RCVD".to_owned()));
    }
}
