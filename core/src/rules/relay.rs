//! Relay tests: what the host that handed the message to our network looks
//! like (sa-semantics §2.10). SpamAssassin reads the reverse DNS name from the
//! Received field our own MTA wrote; it never looks it up itself, and neither
//! do we.
//!
//! Scored during the SMTP dialogue, the message has no Received field of ours
//! yet: when the caller hands in an external client in the envelope
//! ([`Verdicts::external_client`]), that client is the host judged. Without
//! one, the newest external hop of the Received chain is, as in SpamAssassin.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Relay;
use crate::rules::content::{Expr, View, content_rule};
use crate::rules::html::Signals;
use crate::rules::{Family, Rule, RuleContext};
use crate::verdicts::ExternalClient;
use crate::{Localized, text};

fn compile(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(pattern).expect("valid built-in rDNS pattern")
}

/// Names that say a host is a fixed server, which outweighs any dynamic look.
static STATIC_HINT: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)fix|static|dedicated|mail-mail|outbound-mail|smtp"));

/// Reverse DNS names typical of dynamically addressed consumer lines. Our own
/// reading of what SpamAssassin's RDNS_DYNAMIC looks for (§2.10): the client
/// address spelled out in the name, access technology words next to numbers,
/// hexadecimal addresses, `dyn`/`dynamic`, `res`/`client` labels, and a few
/// providers' pool naming schemes.
static DYNAMIC_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // Four numbers in a row (an IPv4 address), then at least two labels.
        r"[0-9]+[^0-9][0-9]+[^0-9][0-9]+[^0-9][0-9]+.*\..+\..",
        // An access technology word, later followed by two number groups.
        r"(?i)(?:cm|catv|docsis|cable|dsl|dhcp|cpe|node).*[0-9]+[^0-9]+[0-9]",
        // Numbers, then an access technology label.
        r"(?i)[0-9]+[^0-9]+[0-9]+.*\.(?:docsis|cable|dsl|adsl|dhcp|cpe)\.",
        // The address in hexadecimal as the first label.
        r"^0x[0-9a-f]{8}\.",
        // A `dyn` or `dynamic` label or label part.
        r"(?i).[-.]dyn(?:amic)?(?:[-.]|[0-9])",
        // Residential and client pools.
        r"(?i).[-.](?:res|resnet|client)[-.]",
        r"(?i).[-.](?:docsis|dhcp|cpe|catv)[-.]",
        // The address split across the first labels.
        r"^[0-9]+\..*[0-9]+[^0-9][0-9]+[^0-9][0-9]+[^0-9]",
        // Providers' pools.
        r"(?i).[0-9].*\.client2\.attbi\.com",
        r"(?i)^cpe[0-9].*\.rogers\.com",
        r"(?i)^[a-z]{2}-.+-[0-9]{1,3}\.[a-z]{3,8}\.adelphia\.net",
        r"^[a-z][A-F0-9]+\.dip\.",
        r"(?i)^yahoobb",
        r".\.dyn\.optonline\.net",
        r"(?i)^[a-z]+-[0-9]{1,3}-[0-9]{1,5}\.roadrunner",
        r"(?i)^[a-z-]+[0-9]+[a-z]{3}\.[a-z0-9]+\...\.comcast",
        r"(?i)^h[0-9]+n[0-9]+fls.+\.telia\.com",
        r"(?i)^cm-[a-z]+[0-9]+-[0-9]+-[0-9]+\.cm\.vtr",
        r"(?i).\.cm\.chello\.no",
        r"(?i)^[a-z][0-9]+\.upc-[a-z]\.chello\.nl",
        r"(?i)^[a-z]{2}[0-9]+\.user\.veloxzone\.",
        r"(?i).[0-9]+-[0-9]+-cust[0-9]+\.[a-z]{4,6}\.broadband\.ntl\.com",
        r"(?i).-[a-z][0-9]+\.[a-z]{6}\.tds\.net",
        r"(?i)^[0-9]+\.cps\.",
        r"(?i).-[a-z][0-9]+-[0-9]+\.",
        r"(?i)^[a-z][0-9]+\.ppp\.asahi-net\.or\.jp",
    ]
    .into_iter()
    .map(compile)
    .collect()
});

/// Whether `rdns` looks like a dynamically addressed host.
pub(crate) fn looks_dynamic(rdns: &str) -> bool {
    !rdns.is_empty()
        && !STATIC_HINT.is_match(rdns)
        && DYNAMIC_PATTERNS.iter().any(|re| re.is_match(rdns))
}

/// The receiving MTAs that never record a reverse DNS name: an empty one
/// from them says nothing about the client.
fn never_records_rdns(received: &str) -> bool {
    ["(CommuniGate Pro", "(Lotus Domino "].iter().any(|marker| {
        received.match_indices(marker).any(|(at, _)| {
            // `by HOST (marker`: the word before must follow ` by `.
            received
                .get(..at)
                .and_then(|before| before.strip_suffix(' '))
                .and_then(|before| before.rsplit_once(' '))
                .is_some_and(|(head, host)| head.ends_with("by") && !host.is_empty())
        })
    })
}

/// The host that handed the message to our network.
pub(crate) enum Client<'a> {
    /// Given by the caller in the envelope.
    Envelope(ExternalClient<'a>),
    /// The newest external hop of the Received chain.
    Received(&'a Relay),
}

/// The envelope's external client if the caller gave one, else the last
/// external relay of the Received chain.
pub(crate) fn client<'a>(context: &RuleContext<'a>) -> Option<Client<'a>> {
    let envelope = context.inputs.verdicts.and_then(|v| v.envelope.as_ref());
    let boundary = &context.analysis.relays.boundary;
    match envelope.and_then(|e| e.external_client_within(boundary)) {
        Some(client) => Some(Client::Envelope(client)),
        None => context
            .analysis
            .relays
            .last_external()
            .map(Client::Received),
    }
}

/// SpamAssassin's `X-Spam-Relays-External`, newest first. The caller's
/// external client, when given, is the newest relay: scored during the SMTP
/// dialogue, our own Received field does not exist yet. Built once per
/// scoring.
pub(crate) fn external_relays<'a>(context: &RuleContext<'a>) -> Cow<'a, str> {
    match context.inputs.scratch {
        Some(scratch) => Cow::Borrowed(
            scratch
                .relays_external
                .get_or_init(|| relays_external(context)),
        ),
        None => Cow::Owned(relays_external(context)),
    }
}

/// [`external_relays`], built.
fn relays_external(context: &RuleContext<'_>) -> String {
    let received = context.analysis.relays.external_string();
    let Some(Client::Envelope(client)) = client(context) else {
        return received;
    };
    let relay = Relay::external_client(
        &client.ip.to_string(),
        client.rdns.unwrap_or_default(),
        client.helo.unwrap_or_default(),
    );
    if received.is_empty() {
        relay.to_string()
    } else {
        format!("{relay} {received}")
    }
}

fn rdns_none(context: &RuleContext<'_>) -> Option<Localized> {
    match client(context)? {
        Client::Envelope(client) => {
            if client.rdns.is_some() {
                return None;
            }
            let ip = client.ip;
            Some(match client.helo.filter(|helo| !helo.is_empty()) {
                Some(helo) => Localized::new(
                    format!("client {ip} (HELO {helo}) has no reverse DNS name"),
                    format!("le client {ip} (HELO {helo}) n'a pas de nom DNS inverse"),
                ),
                None => Localized::new(
                    format!("client {ip} has no reverse DNS name"),
                    format!("le client {ip} n'a pas de nom DNS inverse"),
                ),
            })
        }
        Client::Received(relay) => {
            // Only here: these MTAs leave the name out of the Received field
            // they write, which says nothing about the client. An envelope
            // states the name (or its absence) outright.
            if !relay.rdns.is_empty()
                || context
                    .analysis
                    .headers
                    .all("Received")
                    .any(|field| never_records_rdns(&field.decoded))
            {
                return None;
            }
            let ip = &relay.ip;
            Some(if relay.by.is_empty() {
                Localized::new(
                    format!("{ip} has no reverse DNS name"),
                    format!("{ip} n'a pas de nom DNS inverse"),
                )
            } else {
                let by = &relay.by;
                Localized::new(
                    format!("{ip}, received by {by}, has no reverse DNS name"),
                    format!("{ip}, reçu par {by}, n'a pas de nom DNS inverse"),
                )
            })
        }
    }
}

fn rdns_dynamic(context: &RuleContext<'_>) -> Option<Localized> {
    let (rdns, ip) = match client(context)? {
        // An external envelope client is never authenticated.
        Client::Envelope(client) => (client.rdns?.to_owned(), client.ip.to_string()),
        Client::Received(relay) if !relay.authenticated() => (relay.rdns.clone(), relay.ip.clone()),
        Client::Received(_) => return None,
    };
    looks_dynamic(&rdns).then(|| {
        Localized::new(
            format!("{rdns} ({ip}) looks like a dynamic address"),
            format!("{rdns} ({ip}) ressemble à une adresse dynamique"),
        )
    })
}

/// `__HELO_STATIC_*`: HELO names of static hosts at Rogers, SendGrid,
/// Comcast Business and Salesforce, whose digits look dynamic but are not.
const HELO_STATIC_HOST: Expr = Expr::Any(&[
    Expr::Match(
        View::RelaysExternal,
        r"(?i)\A[^\]]+ helo=cmr-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}\S+\.rogers\.com[^\]]+ auth= ",
    ),
    Expr::Match(
        View::RelaysExternal,
        r"(?i)\A[^\]]+ helo=o[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}\.outbound-mail\.sendgrid\.net\s[^\]]+ auth= ",
    ),
    Expr::Match(
        View::RelaysExternal,
        r"(?i)\A[^\]]+ helo=[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}-static\.hfc\.comcastbusiness\.net\s[^\]]+ auth= ",
    ),
    Expr::Match(
        View::RelaysExternal,
        r"(?i)\A[^\]]+ helo=smtp-\w+\.core[0-9]\.sfdc-\w+\.mta\.salesforce\.com\s[^\]]+ auth= ",
    ),
]);

/// HELO_DYNAMIC_SPLIT_IP: the newest external relay's HELO starts with
/// digits and a dot, then holds three more numbers each followed by a
/// separator, as a dynamic address does split into a name.
const HELO_DYNAMIC_SPLIT_IP: Expr = Expr::Match(
    View::RelaysExternal,
    r"\A[^\]]+ helo=[0-9]+\.\S+[0-9]+[^0-9\s][0-9]+[^0-9\s][0-9]+[^0-9\s]",
);

/// HELO_DYNAMIC_IPADDR: a HELO starting with a letter and holding four
/// numbers apart (an address written into a name), in a domain of two
/// labels or more, not marked static.
const HELO_DYNAMIC_IPADDR: Expr = Expr::All(&[
    Expr::Match(
        View::RelaysExternal,
        r"(?i)\A[^\]]+ helo=[a-z]\S*[0-9]+[^0-9\s][0-9]+[^0-9\s][0-9]+[^0-9\s][0-9]+[^0-9\s][^.]*\.\S+\.\S+[^\]]+ auth= ",
    ),
    Expr::Not(&Expr::Match(
        View::RelaysExternal,
        r"(?i)\A[^\]]+ helo=[^\s\]]+[-.]static[-.]",
    )),
    Expr::Not(&HELO_STATIC_HOST),
]);

/// HELO_DYNAMIC_IPADDR2: a HELO starting with an address's four numbers
/// (`1-2-3-4.`), not marked static or mail, and not already a split one.
const HELO_DYNAMIC_IPADDR2: Expr = Expr::All(&[
    Expr::Match(
        View::RelaysExternal,
        r"(?i)\A[^\]]+ helo=[0-9]{1,3}(?:[\Wx_][0-9]{1,3}){3}[^0-9\s][^\s.]*\.\S+\.\S+[^\]]+ auth= ",
    ),
    Expr::Not(&Expr::Match(
        View::RelaysExternal,
        r"(?i)\A[^\]]+ helo=[^\s\]]+[-.](?:static|mail|smtp|mx)[0-9]*[-.]",
    )),
    Expr::Not(&HELO_DYNAMIC_SPLIT_IP),
]);

/// HELO_DYNAMIC_HCC: a HELO with numbers in a cable, DSL or DHCP domain.
const HELO_DYNAMIC_HCC: Expr = Expr::All(&[
    Expr::Match(
        View::RelaysExternal,
        r"(?i)\A[^\]]+ helo=\S*[0-9]+[^0-9\s]+[0-9]+\S*\.(?:docsis|cable|dsl|adsl|dhcp|cpe)\.[^\]]+ auth= ",
    ),
    Expr::Not(&HELO_STATIC_HOST),
]);

/// HELO_DYNAMIC_DIALIN: a HELO such as `p5A1B2C3D.dip.`, a dial-in name.
const HELO_DYNAMIC_DIALIN: Expr =
    Expr::Match(View::RelaysExternal, r"\A[^\]]+ helo=[a-z][A-F0-9]+\.dip\.");

/// HELO_DYNAMIC_HEXIP: a HELO starting with an address in hexadecimal.
const HELO_DYNAMIC_HEXIP: Expr =
    Expr::Match(View::RelaysExternal, r"\A[^\]]+ helo=0x[a-f0-9]{8}\.");

/// HELO_DYNAMIC_CHELLO_NL: a HELO of a UPC Chello subscriber.
const HELO_DYNAMIC_CHELLO_NL: Expr = Expr::Match(
    View::RelaysExternal,
    r"(?i)\A[^\]]+ helo=[a-z][0-9]+\.upc-[a-z]\.chello\.nl[^\]]+ auth= ",
);

/// HELO_DYNAMIC_HOME_NL: a HELO of a home.nl subscriber.
const HELO_DYNAMIC_HOME_NL: Expr = Expr::Match(
    View::RelaysExternal,
    r"(?i)\A[^\]]+ helo=[a-z]{2}[0-9]+-\S\.\S+[0-9]\.[a-z]{2}\.home\.nl[^\]]+ auth= ",
);

/// HELO_LH_HOME: a HELO in the `.home` or `.lan` pseudo-domains of home
/// networks.
const HELO_LH_HOME: Expr = Expr::Match(
    View::RelaysExternal,
    r"(?i)\A[^\]]+ helo=\S+\.(?:home|lan) ",
);

/// HELO_OEM: a HELO of `pc` or `oem…`, a fresh Windows installation's name.
const HELO_OEM: Expr = Expr::Match(View::RelaysExternal, r"(?i)\A[^\]]+ helo=(?:pc|oem\S*) ");

/// FSL_HELO_DEVICE: the HELO of a home router's default name.
const FSL_HELO_DEVICE: Expr = Expr::Match(
    View::RelaysExternal,
    r"(?i)\bhelo=(?:(?:dsl)?device|speedtouch)\.lan\b",
);

/// TVD_RCVD_IP: the newest Received field starts `from` and an address
/// (digits in four groups, any separator).
const TVD_RCVD_IP: Expr = Expr::Match(
    View::Header("Received"),
    r"\Afrom\s+(?:[0-9]+[^0-9a-zA-Z\s]){3}[0-9]+[.\s]",
);

/// TVD_RCVD_IP4: the newest Received field starts `from` and a dotted
/// address.
const TVD_RCVD_IP4: Expr = Expr::Match(
    View::Header("Received"),
    r"\Afrom\s+(?:[0-9]+\.){3}[0-9]+\s",
);

/// RCVD_DOUBLE_IP_SPAM: a Received field from an address to an address,
/// without any name, in one of two shapes spam tools write.
const RCVD_DOUBLE_IP_SPAM: Expr = Expr::Any(&[
    Expr::Match(
        View::Header("Received"),
        r"from \[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\] by [0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3} with",
    ),
    Expr::Match(
        View::Header("Received"),
        r"from\s+[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\s+by\s+[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3};",
    ),
]);

/// Whether one dotted part of an IPv4 address is valid: one to three
/// digits, at most 255.
fn valid_octet(part: &str) -> bool {
    (1..=3).contains(&part.len())
        && part.bytes().all(|b| b.is_ascii_digit())
        && part.parse::<u16>().is_ok_and(|value| value <= 255)
}

/// Whether `address`, four dot-separated runs of digits, cannot be a
/// sending host's: an octet above 255 or too long, a first octet of 0 or of
/// 224 and above (multicast, reserved), or one of the ranges kept for
/// documentation (192.0.2/24, 198.51.100/24, 203.0.113/24).
fn illegal_ip(address: &str) -> bool {
    let parts: Vec<&str> = address.split('.').collect();
    if parts.len() != 4
        || parts
            .iter()
            .any(|part| part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let first = parts.first().copied().unwrap_or_default();
    let documentation = ["192.0.2.", "198.51.100.", "203.0.113."]
        .iter()
        .any(|prefix| address.starts_with(prefix));
    let reserved = first == "0"
        || (first.len() == 3
            && first.starts_with('2')
            && first.parse::<u16>().is_ok_and(|value| value >= 224));
    documentation || reserved || !parts.iter().all(|part| valid_octet(part))
}

/// RCVD_ILLEGAL_IP: an untrusted relay's address or the name it was received
/// by is a dotted address no host on the Internet can have (see
/// [`illegal_ip`]). The envelope's client is not read: a connection cannot
/// come from such an address.
fn received_illegal_ip(context: &RuleContext<'_>) -> Option<Localized> {
    let relay = context
        .analysis
        .relays
        .untrusted
        .iter()
        .find(|relay| illegal_ip(&relay.ip) || illegal_ip(&relay.by))?;
    let address = if illegal_ip(&relay.ip) {
        &relay.ip
    } else {
        &relay.by
    };
    Some(Localized::new(
        format!("a Received field names {address}"),
        format!("un champ Received nomme {address}"),
    ))
}

/// The relay tests written as patterns over the relay chain.
fn pattern_rules() -> Vec<Rule> {
    vec![
        Rule::new(
            "RCVD_ILLEGAL_IP",
            Family::Relay,
            [1.3; 4],
            text!(
                description: (
                    "Received field names an address no host can have",
                    "Un champ Received nomme une adresse qu'aucun hôte ne peut avoir"
                ),
                explanation: (
                    "A Received field written outside our network names an IP address that cannot belong to a host on the Internet: an invalid one, a reserved or multicast one, or one kept for documentation. The relay history was forged.",
                    "Un champ Received écrit hors de notre réseau nomme une adresse IP qui ne peut appartenir à un hôte d'Internet : une adresse invalide, réservée ou de multidiffusion, ou réservée à la documentation. L'historique des relais a été falsifié."
                ),
                fix: (
                    "Send through a mail server that records the real addresses.",
                    "Envoyez par un serveur de messagerie qui enregistre les vraies adresses."
                ),
            ),
            received_illegal_ip,
        ),
        content_rule(
            "HELO_STATIC_HOST",
            Family::Relay,
            [-0.001; 4],
            &HELO_STATIC_HOST,
            text!(
                description: (
                    "HELO names a known static host",
                    "Le HELO nomme un hôte statique connu"
                ),
                explanation: (
                    "The server that handed the message to us announced itself with the name of a known static mail host (Rogers, SendGrid, Comcast Business, Salesforce), whose digits only look like those of a home connection. Informational.",
                    "Le serveur qui nous a remis le message s'est annoncé avec le nom d'un hôte de messagerie statique connu (Rogers, SendGrid, Comcast Business, Salesforce), dont les chiffres ne font que ressembler à ceux d'une connexion domestique. Pour information."
                ),
                fix: (
                    "Nothing to do.",
                    "Rien à faire."
                ),
            ),
        ),
        content_rule(
            "HELO_DYNAMIC_SPLIT_IP",
            Family::Relay,
            [3.031, 2.893, 4.225, 3.482],
            &HELO_DYNAMIC_SPLIT_IP,
            text!(
                description: (
                    "HELO is an address split into a name",
                    "Le HELO est une adresse découpée en nom"
                ),
                explanation: (
                    "The server that handed the message to us announced a name starting with the numbers of an IP address, as providers name dynamic home connections. Home connections, not mail servers, use such names; infected home computers send spam this way.",
                    "Le serveur qui nous a remis le message s'est annoncé avec un nom commençant par les nombres d'une adresse IP, comme les fournisseurs nomment les connexions domestiques dynamiques. Ce sont des connexions domestiques, pas des serveurs de messagerie, qui portent de tels noms ; les ordinateurs domestiques infectés envoient du spam ainsi."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "HELO_DYNAMIC_IPADDR",
            Family::Relay,
            [2.633, 3.243, 3.680, 1.951],
            &HELO_DYNAMIC_IPADDR,
            text!(
                description: (
                    "HELO holds an address, as dynamic hosts' names do",
                    "Le HELO contient une adresse, comme les noms d'hôtes dynamiques"
                ),
                explanation: (
                    "The server that handed the message to us announced a name with the four numbers of an IP address in it, as providers name dynamic home connections. Home connections, not mail servers, use such names; infected home computers send spam this way.",
                    "Le serveur qui nous a remis le message s'est annoncé avec un nom contenant les quatre nombres d'une adresse IP, comme les fournisseurs nomment les connexions domestiques dynamiques. Ce sont des connexions domestiques, pas des serveurs de messagerie, qui portent de tels noms ; les ordinateurs domestiques infectés envoient du spam ainsi."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "HELO_DYNAMIC_IPADDR2",
            Family::Relay,
            [2.815, 3.888, 3.728, 3.607],
            &HELO_DYNAMIC_IPADDR2,
            text!(
                description: (
                    "HELO starts with an address, as dynamic hosts' names do",
                    "Le HELO commence par une adresse, comme les noms d'hôtes dynamiques"
                ),
                explanation: (
                    "The server that handed the message to us announced a name starting with the four numbers of an IP address, as providers name dynamic home connections. Home connections, not mail servers, use such names; infected home computers send spam this way.",
                    "Le serveur qui nous a remis le message s'est annoncé avec un nom commençant par les quatre nombres d'une adresse IP, comme les fournisseurs nomment les connexions domestiques dynamiques. Ce sont des connexions domestiques, pas des serveurs de messagerie, qui portent de tels noms ; les ordinateurs domestiques infectés envoient du spam ainsi."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "HELO_DYNAMIC_HCC",
            Family::Relay,
            [4.299, 2.514, 2.931, 2.762],
            &HELO_DYNAMIC_HCC,
            text!(
                description: (
                    "HELO names a cable or DSL connection",
                    "Le HELO nomme une connexion câble ou DSL"
                ),
                explanation: (
                    "The server that handed the message to us announced a numbered name in a cable, DSL or DHCP domain. Home connections, not mail servers, use such names; infected home computers send spam this way.",
                    "Le serveur qui nous a remis le message s'est annoncé avec un nom numéroté dans un domaine câble, DSL ou DHCP. Ce sont des connexions domestiques, pas des serveurs de messagerie, qui portent de tels noms ; les ordinateurs domestiques infectés envoient du spam ainsi."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "HELO_DYNAMIC_DIALIN",
            Family::Relay,
            [2.629, 3.233, 2.186, 1.366],
            &HELO_DYNAMIC_DIALIN,
            text!(
                description: (
                    "HELO names a dial-in connection",
                    "Le HELO nomme une connexion commutée"
                ),
                explanation: (
                    "The server that handed the message to us announced a dial-in name (a letter, hexadecimal digits, then .dip.). Home connections, not mail servers, use such names; infected home computers send spam this way.",
                    "Le serveur qui nous a remis le message s'est annoncé avec un nom de connexion commutée (une lettre, des chiffres hexadécimaux, puis .dip.). Ce sont des connexions domestiques, pas des serveurs de messagerie, qui portent de tels noms ; les ordinateurs domestiques infectés envoient du spam ainsi."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "HELO_DYNAMIC_HEXIP",
            Family::Relay,
            [2.321, 0.511, 1.773, 1.789],
            &HELO_DYNAMIC_HEXIP,
            text!(
                description: (
                    "HELO starts with an address in hexadecimal",
                    "Le HELO commence par une adresse en hexadécimal"
                ),
                explanation: (
                    "The server that handed the message to us announced a name starting with an IP address written in hexadecimal (0x…). Home connections, not mail servers, use such names; infected home computers send spam this way.",
                    "Le serveur qui nous a remis le message s'est annoncé avec un nom commençant par une adresse IP écrite en hexadécimal (0x…). Ce sont des connexions domestiques, pas des serveurs de messagerie, qui portent de tels noms ; les ordinateurs domestiques infectés envoient du spam ainsi."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "HELO_DYNAMIC_CHELLO_NL",
            Family::Relay,
            [2.412, 1.918, 2.019, 2.428],
            &HELO_DYNAMIC_CHELLO_NL,
            text!(
                description: (
                    "HELO names a UPC Chello home connection",
                    "Le HELO nomme une connexion domestique UPC Chello"
                ),
                explanation: (
                    "The server that handed the message to us announced the name of a UPC Chello subscriber line in the Netherlands. Home connections, not mail servers, use such names; infected home computers send spam this way.",
                    "Le serveur qui nous a remis le message s'est annoncé avec le nom d'une ligne d'abonné UPC Chello aux Pays-Bas. Ce sont des connexions domestiques, pas des serveurs de messagerie, qui portent de tels noms ; les ordinateurs domestiques infectés envoient du spam ainsi."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "HELO_DYNAMIC_HOME_NL",
            Family::Relay,
            [2.385, 1.530, 1.024, 1.459],
            &HELO_DYNAMIC_HOME_NL,
            text!(
                description: (
                    "HELO names a home.nl home connection",
                    "Le HELO nomme une connexion domestique home.nl"
                ),
                explanation: (
                    "The server that handed the message to us announced the name of a home.nl subscriber line in the Netherlands. Home connections, not mail servers, use such names; infected home computers send spam this way.",
                    "Le serveur qui nous a remis le message s'est annoncé avec le nom d'une ligne d'abonné home.nl aux Pays-Bas. Ce sont des connexions domestiques, pas des serveurs de messagerie, qui portent de tels noms ; les ordinateurs domestiques infectés envoient du spam ainsi."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "HELO_LH_HOME",
            Family::Relay,
            [0.001, 2.023, 0.537, 1.736],
            &HELO_LH_HOME,
            text!(
                description: (
                    "HELO ends in .home or .lan",
                    "Le HELO se termine par .home ou .lan"
                ),
                explanation: (
                    "The server that handed the message to us announced a name in .home or .lan, names used inside home networks that mean nothing on the Internet.",
                    "Le serveur qui nous a remis le message s'est annoncé avec un nom en .home ou .lan, des noms utilisés dans les réseaux domestiques qui ne signifient rien sur Internet."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "HELO_OEM",
            Family::Relay,
            [2.899, 2.899, 1.234, 0.270],
            &HELO_OEM,
            text!(
                description: (
                    "HELO is a fresh Windows PC's default name",
                    "Le HELO est le nom par défaut d'un PC Windows neuf"
                ),
                explanation: (
                    "The server that handed the message to us announced itself as \"pc\" or \"oem…\", the default names of newly installed Windows computers, not of mail servers.",
                    "Le serveur qui nous a remis le message s'est annoncé comme « pc » ou « oem… », les noms par défaut des ordinateurs Windows fraîchement installés, pas des serveurs de messagerie."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "FSL_HELO_DEVICE",
            Family::Relay,
            [0.1; 4],
            &FSL_HELO_DEVICE,
            text!(
                description: (
                    "HELO is a home router's default name",
                    "Le HELO est le nom par défaut d'un routeur domestique"
                ),
                explanation: (
                    "A server on the way announced itself as device.lan, dsldevice.lan or speedtouch.lan, the default names of home DSL routers.",
                    "Un serveur sur le trajet s'est annoncé comme device.lan, dsldevice.lan ou speedtouch.lan, les noms par défaut des routeurs DSL domestiques."
                ),
                fix: (
                    "Give the sending server a proper name in its own domain and have it announce that name in HELO.",
                    "Donnez au serveur d'envoi un vrai nom dans son propre domaine et faites-lui annoncer ce nom dans le HELO."
                ),
            ),
        ),
        content_rule(
            "TVD_RCVD_IP",
            Family::Relay,
            [0.001; 4],
            &TVD_RCVD_IP,
            text!(
                description: (
                    "Newest Received field is from a bare address",
                    "Le dernier champ Received vient d'une adresse nue"
                ),
                explanation: (
                    "The newest Received field starts with \"from\" and an IP address instead of a host name. Informational.",
                    "Le champ Received le plus récent commence par « from » et une adresse IP au lieu d'un nom d'hôte. Pour information."
                ),
                fix: (
                    "Have the sending server use its name, not its address, when it introduces itself.",
                    "Faites utiliser au serveur d'envoi son nom, pas son adresse, lorsqu'il se présente."
                ),
            ),
        ),
        content_rule(
            "TVD_RCVD_IP4",
            Family::Relay,
            [0.001; 4],
            &TVD_RCVD_IP4,
            text!(
                description: (
                    "Newest Received field is from a dotted address",
                    "Le dernier champ Received vient d'une adresse pointée"
                ),
                explanation: (
                    "The newest Received field starts with \"from\" and a dotted IP address instead of a host name. Informational.",
                    "Le champ Received le plus récent commence par « from » et une adresse IP pointée au lieu d'un nom d'hôte. Pour information."
                ),
                fix: (
                    "Have the sending server use its name, not its address, when it introduces itself.",
                    "Faites utiliser au serveur d'envoi son nom, pas son adresse, lorsqu'il se présente."
                ),
            ),
        ),
        content_rule(
            "RCVD_DOUBLE_IP_SPAM",
            Family::Relay,
            [2.411, 2.777, 1.912, 1.808],
            &RCVD_DOUBLE_IP_SPAM,
            text!(
                description: (
                    "Received field from an address to an address, as spam tools write",
                    "Champ Received d'une adresse vers une adresse, comme l'écrivent les outils de spam"
                ),
                explanation: (
                    "A Received field names both hosts by bare IP address only, in a shape real mail servers do not write but spam tools forging a relay history do.",
                    "Un champ Received ne nomme les deux hôtes que par leur adresse IP nue, sous une forme que les vrais serveurs de messagerie n'écrivent pas mais que les outils de spam qui inventent un historique de relais écrivent."
                ),
                fix: (
                    "Send through a mail server that writes standard Received fields.",
                    "Envoyez par un serveur de messagerie qui écrit des champs Received standard."
                ),
            ),
        ),
    ]
}

pub(crate) fn rules() -> Vec<Rule> {
    let mut rules = pattern_rules();
    rules.extend(client_rules());
    rules
}

/// The tests of the newest external relay's names and of the envelope's
/// client.
fn client_rules() -> Vec<Rule> {
    vec![
        Rule::new(
            "RDNS_NONE",
            Family::Relay,
            [2.399, 1.274, 1.228, 0.793],
            text!(
                description: (
                    "The host that delivered the message has no reverse DNS",
                    "L'hôte qui a remis le message n'a pas de DNS inverse"
                ),
                explanation: (
                    "The server that handed this message to our network had no host name for its IP address (no PTR record) when our server checked. Real mail servers almost always have one; machines infected to send spam often do not.",
                    "Le serveur qui a remis ce message à notre réseau n'avait pas de nom associé à son adresse IP (pas d'enregistrement PTR) lors de la vérification par notre serveur. Les vrais serveurs de messagerie en ont presque toujours un ; les machines infectées qui envoient du spam, souvent pas."
                ),
                fix: (
                    "Ask whoever runs the sending IP address (your hosting provider or ISP) to publish a PTR record naming the mail server, matching its HELO name.",
                    "Demandez au gestionnaire de l'adresse IP d'envoi (votre hébergeur ou fournisseur d'accès) de publier un enregistrement PTR au nom du serveur de messagerie, identique à son nom HELO."
                ),
            ),
            rdns_none,
        ),
        Rule::new(
            "RDNS_DYNAMIC",
            Family::Relay,
            [2.639, 0.363, 1.663, 0.982],
            text!(
                description: (
                    "Delivered by a host whose name looks like a dynamic address",
                    "Remis par un hôte dont le nom évoque une adresse dynamique"
                ),
                explanation: (
                    "The reverse DNS name of the server that handed this message to our network looks like a home or dial-up connection (the IP address spelled out, \"dsl\", \"dyn\", \"cable\" and the like). Mail sent straight from such lines is mostly from infected computers.",
                    "Le nom DNS inverse du serveur qui a remis ce message à notre réseau ressemble à celui d'une connexion résidentielle (adresse IP écrite dans le nom, « dsl », « dyn », « cable », etc.). Le courrier envoyé directement depuis ces lignes vient surtout d'ordinateurs infectés."
                ),
                fix: (
                    "Send through your provider's mail server with authentication (port 587), or give the sending host a fixed address with a reverse DNS name that reads like a server (e.g. mail.example.com).",
                    "Envoyez via le serveur de votre fournisseur avec authentification (port 587), ou donnez à l'hôte d'envoi une adresse fixe dont le nom DNS inverse ressemble à un serveur (par exemple mail.example.com)."
                ),
            ),
            rdns_dynamic,
        ),
        Rule::new(
            "DYN_RDNS_AND_INLINE_IMAGE",
            Family::Relay,
            [1.345, 1.344, 1.434, 1.168],
            text!(
                description: (
                    "Delivered from a dynamic address, with an image part",
                    "Remis depuis une adresse dynamique, avec une partie image"
                ),
                explanation: (
                    "The host that handed this message to our network looks like a home or dial-up connection, and the message carries an image. Infected home computers send image spam this way, the text drawn in the picture where filters cannot read it.",
                    "L'hôte qui a remis ce message à notre réseau ressemble à une connexion résidentielle, et le message contient une image. Les ordinateurs domestiques infectés envoient ainsi du spam en image, le texte dessiné dans l'image où les filtres ne le lisent pas."
                ),
                fix: (
                    "Send through your provider's mail server with authentication (port 587).",
                    "Envoyez par le serveur de votre fournisseur avec authentification (port 587)."
                ),
            ),
            |context| {
                Signals::image_attachment(context.analysis).then(|| {
                    Localized::new(
                        "a dynamic-looking client and an image part",
                        "un client d'allure dynamique et une partie image",
                    )
                })
            },
        )
        .requires("RDNS_DYNAMIC"),
    ]
}

/// KHOP_HELO_FCRDNS: the client that handed the message over has a reverse
/// DNS name, and its HELO name does not begin with that name (ignoring case).
/// Mail that came through a list, is "freemail-safe", or whose sender is
/// vouched for (SPF pass, valid DKIM signature, authenticated client) is
/// exempt, as are clients with short names (4 to 14 characters), which are
/// mostly a provider's own well-known hosts.
fn helo_not_rdns(context: &RuleContext<'_>) -> Option<Localized> {
    let (rdns, helo, ip) = match client(context)? {
        Client::Envelope(client) => (client.rdns?, client.helo?, client.ip.to_string()),
        Client::Received(relay) if !relay.authenticated() => {
            (relay.rdns.as_str(), relay.helo.as_str(), relay.ip.clone())
        }
        // An authenticated client vouches for the sender.
        Client::Received(_) => return None,
    };
    if rdns.is_empty() || rdns.contains(char::is_whitespace) || helo.is_empty() {
        return None;
    }
    if helo.to_lowercase().starts_with(&rdns.to_lowercase()) {
        return None;
    }
    if (4..=14).contains(&rdns.chars().count()) {
        return None;
    }
    let vouched = context.fired("SPF_PASS") || context.fired("DKIM_VALID");
    let analysis = context.analysis;
    if vouched
        || crate::rules::lists::via_mailing_list(analysis)
        || crate::rules::freemail::freemail_safe(analysis)
    {
        return None;
    }
    Some(Localized::new(
        format!("{ip} is named {rdns} but said HELO {helo}"),
        format!("{ip} s'appelle {rdns} mais s'est présenté en HELO sous le nom {helo}"),
    ))
}

/// Relay tests that read the authentication results: registered after them.
pub(crate) fn after_auth_rules() -> Vec<Rule> {
    vec![Rule::new(
        "KHOP_HELO_FCRDNS",
        Family::Relay,
        [1.0, 1.0, 1.0, 1.0],
        text!(
            description: (
                "The delivering host's HELO name differs from its reverse DNS name",
                "Le nom HELO de l'hôte expéditeur diffère de son nom DNS inverse"
            ),
            explanation: (
                "The server that handed this message to our network introduced itself (HELO/EHLO) under a name that is not the name its IP address resolves to. Well-run mail servers greet with their own name; spam software often makes one up or borrows a well-known one.",
                "Le serveur qui a remis ce message à notre réseau s'est présenté (HELO/EHLO) sous un nom qui n'est pas celui de son adresse IP. Les serveurs bien configurés se présentent sous leur propre nom ; les logiciels de spam en inventent souvent un ou empruntent celui d'un service connu."
            ),
            fix: (
                "Configure the sending server to greet with its fully qualified name, the same one its IP address's PTR record gives (e.g. HELO mail.example.com for a PTR of mail.example.com).",
                "Configurez le serveur d'envoi pour qu'il se présente sous son nom complet, celui que donne l'enregistrement PTR de son adresse IP (par exemple HELO mail.example.com pour un PTR mail.example.com)."
            ),
        ),
        helo_not_rdns,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analysis;
    use crate::analysis::TrustBoundary;
    use crate::config::Limits;
    use crate::engine::Inputs;
    use crate::rules::ScoreSet;
    use crate::rules::testing;
    use crate::verdicts::{Envelope, Verdicts};

    #[test]
    fn dynamic_client_and_image() {
        let engine = crate::Engine::new(crate::Config::default()).unwrap();
        let hits = |rdns: &str, ctype: &str| {
            let message = format!(
                "Received: from pc ({rdns} [198.51.100.7]) by mx.example.org (Postfix) with SMTP id A1\nFrom: a@example.com\nContent-Type: {ctype}\n\nbody\n"
            );
            let report = engine
                .check(message.as_bytes(), &Inputs::default())
                .unwrap();
            report.hit("DYN_RDNS_AND_INLINE_IMAGE").is_some()
        };
        assert!(hits("dsl-198-51-100-7.dyn.example.net", "image/jpeg"));
        assert!(!hits("dsl-198-51-100-7.dyn.example.net", "text/plain"));
        assert!(!hits("mail.example.net", "image/jpeg"));
    }

    fn fired(received: &[&str]) -> Vec<String> {
        fired_with(received, None)
    }

    /// The relay tests that fire on a message with these Received fields,
    /// scored with verdicts holding `envelope` when given, else with none.
    fn fired_with(received: &[&str], envelope: Option<Envelope>) -> Vec<String> {
        fired_within(received, envelope, &TrustBoundary::default())
    }

    /// [`fired_with`], with the trust boundary `boundary`.
    fn fired_within(
        received: &[&str],
        envelope: Option<Envelope>,
        boundary: &TrustBoundary,
    ) -> Vec<String> {
        let mut message = String::new();
        for line in received {
            message.push_str("Received: ");
            message.push_str(line);
            message.push('\n');
        }
        message.push_str("From: a@example.com\n\nbody\n");
        let verdicts = envelope.map(|envelope| Verdicts {
            envelope: Some(envelope),
            ..Verdicts::default()
        });
        let inputs = match &verdicts {
            Some(verdicts) => Inputs::default().verdicts(verdicts),
            None => Inputs::default(),
        };
        let analysis = Analysis::build_within(message.as_bytes(), &Limits::default(), boundary)
            .expect("a valid message");
        testing::fired(client_rules(), &analysis, &inputs)
    }

    #[test]
    fn configured_networks_decide_whether_the_client_is_judged() {
        let setup = |trusted: &str| TrustBoundary::new(&[trusted.to_owned()], &[]).expect("valid");
        // Our own relay: the Received chain is read instead.
        assert!(
            fired_within(
                &[NAMED_HOP],
                Some(client("203.0.113.7", None)),
                &setup("203.0.113.0/24")
            )
            .is_empty()
        );
        // A private client outside the configured networks is external.
        assert_eq!(
            fired_within(
                &[NAMED_HOP],
                Some(client("192.168.1.9", None)),
                &setup("203.0.113.0/24")
            ),
            ["RDNS_NONE"]
        );
    }

    fn client(ip: &str, rdns: Option<&str>) -> Envelope {
        Envelope {
            client_ip: ip.parse().ok(),
            client_rdns: rdns.map(Into::into),
            helo: Some("helo.example.com".into()),
            ..Envelope::default()
        }
    }

    const NAMED_HOP: &str =
        "from helo (mail.example.com [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1";
    const UNNAMED_HOP: &str =
        "from helo (unknown [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1";

    #[test]
    fn envelope_client_is_judged_first() {
        // The client the caller saw has no name: the upstream hop does not matter.
        for rdns in [None, Some(""), Some("unknown")] {
            assert_eq!(
                fired_with(&[NAMED_HOP], Some(client("203.0.113.7", rdns))),
                ["RDNS_NONE"],
                "{rdns:?}"
            );
        }
        assert_eq!(
            fired_with(&[], Some(client("203.0.113.7", None))),
            ["RDNS_NONE"]
        );
        // Named client: neither test fires, even behind an unnamed hop.
        assert!(
            fired_with(
                &[UNNAMED_HOP],
                Some(client("203.0.113.7", Some("mail.example.org")))
            )
            .is_empty()
        );
        // The envelope states the name: a Domino hop upstream changes nothing.
        let domino = "from a ([198.51.100.2]) by notes.example.net (Lotus Domino Release 5.0.8) with ESMTP id A1";
        assert_eq!(
            fired_with(&[domino], Some(client("203.0.113.7", None))),
            ["RDNS_NONE"]
        );
        assert!(fired(&[domino]).is_empty());
    }

    #[test]
    fn envelope_client_dynamic_name() {
        assert_eq!(
            fired_with(
                &[NAMED_HOP],
                Some(client("203.0.113.7", Some("203-0-113-7.dsl.example.net")))
            ),
            ["RDNS_DYNAMIC"]
        );
        assert!(
            fired_with(
                &[NAMED_HOP],
                Some(client(
                    "203.0.113.7",
                    Some("203-0-113-7.static.example.net")
                ))
            )
            .is_empty()
        );
    }

    #[test]
    fn trusted_envelope_client_falls_back_to_received() {
        // Authenticated or private: not external, so the Received chain is read.
        let mut authenticated = client("203.0.113.7", None);
        authenticated.authenticated = true;
        assert_eq!(
            fired_with(&[UNNAMED_HOP], Some(authenticated)),
            ["RDNS_NONE"]
        );
        assert_eq!(
            fired_with(&[UNNAMED_HOP], Some(client("192.168.1.9", None))),
            ["RDNS_NONE"]
        );
        assert!(fired_with(&[NAMED_HOP], Some(client("192.168.1.9", None))).is_empty());
        // No envelope: the Received chain, as before.
        assert_eq!(fired_with(&[UNNAMED_HOP], None), ["RDNS_NONE"]);
        assert!(fired_with(&[], None).is_empty());
    }

    #[test]
    fn rdns_none() {
        assert_eq!(
            fired(&[
                "from helo (unknown [203.0.113.7]) by mx.example.net (Postfix) with ESMTP id A1"
            ]),
            ["RDNS_NONE"]
        );
        assert!(fired(&["from helo (mail.example.com [203.0.113.7]) by mx.example.net (Postfix) with ESMTP id A1"]).is_empty());
        // Behind a private hop, the public hop is still the first external.
        assert_eq!(
            fired(&[
                "from gw (gw.example.net [10.0.0.1]) by mx.example.net (Postfix) with ESMTP id A1",
                "from helo ([203.0.113.7]) by gw.example.net (8.12.0/8.12.0) with ESMTP id B2",
            ]),
            ["RDNS_NONE"]
        );
        // Everything private: no external relay.
        assert!(
            fired(&[
                "from helo (unknown [192.168.1.2]) by mx.example.net (Postfix) with ESMTP id A1"
            ])
            .is_empty()
        );
        // Domino never records the name.
        assert!(fired(&[
            "from helo ([203.0.113.7]) by notes.example.net (Lotus Domino Release 5.0.8) with ESMTP id A1"
        ])
        .is_empty());
    }

    #[test]
    fn rdns_dynamic() {
        let line = |rdns: &str| {
            format!("from helo ({rdns} [203.0.113.7]) by mx.example.net (Postfix) with ESMTP id A1")
        };
        for dynamic in [
            "203-0-113-7.dsl.example.net",
            "c-24-5-6-7.hsd1.ca.comcast.net",
            "pool-1.dyn.example.org",
            "host.res.example.com",
            "0xcb007107.example.dk",
            "cpe123-45.example.net",
        ] {
            assert_eq!(fired(&[&line(dynamic)]), ["RDNS_DYNAMIC"], "{dynamic}");
        }
        for fixed in [
            "mail.example.com",
            "203-0-113-7.static.example.net",
            "smtp1.dyn.example.org",
            "dyn.example.org",
        ] {
            assert!(fired(&[&line(fixed)]).is_empty(), "{fixed}");
        }
        let authenticated = "from helo (203-0-113-7.dsl.example.net [203.0.113.7]) by mx.example.net (Postfix) with ESMTPSA id A1";
        // Authenticated: trusted, so not even external.
        assert!(fired(&[authenticated]).is_empty());
    }

    #[test]
    fn domino_marker_needs_by() {
        assert!(never_records_rdns(
            "from a ([1.2.3.4]) by host (Lotus Domino Release 5)"
        ));
        assert!(!never_records_rdns(
            "from a (Lotus Domino Release 5) ([1.2.3.4])"
        ));
    }

    /// Whether KHOP_HELO_FCRDNS fires on a message with this Received field
    /// and these extra header lines.
    fn helo_mismatch(received: &str, extra: &str) -> bool {
        let message = format!("Received: {received}\n{extra}From: a@example.com\n\nbody\n");
        let analysis = Analysis::build(message.as_bytes(), &Limits::default()).unwrap_or_default();
        let inputs = Inputs::default();
        let context = RuleContext {
            analysis: &analysis,
            inputs: &inputs,
            set: ScoreSet::LOCAL,
            hits: &[],
        };
        after_auth_rules()
            .iter()
            .any(|rule| (rule.check)(&context).is_some())
    }

    #[test]
    fn helo_differs_from_rdns() {
        let hop = "from friendly.example.org (host-7.isp.example.net [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1";
        assert!(helo_mismatch(hop, ""));
        // Through a list: exempt.
        assert!(!helo_mismatch(hop, "List-Id: <l.example.com>\n"));
    }

    #[test]
    fn helo_matching_or_short_rdns_does_not_fire() {
        // The HELO begins with the rDNS name, in another case.
        assert!(!helo_mismatch(
            "from HOST-7.ISP.example.net (host-7.isp.example.net [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1",
            ""
        ));
        // A 14-character rDNS name is short enough to be exempt.
        assert!(!helo_mismatch(
            "from friendly.example.org (mx1.example.nl [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1",
            ""
        ));
        // No rDNS name at all.
        assert!(!helo_mismatch(UNNAMED_HOP, ""));
    }

    /// The pattern tests that fire on a message with these Received fields.
    fn fired_patterns(received: &[&str]) -> Vec<String> {
        let mut message = String::new();
        for line in received {
            message.push_str(&format!("Received: {line}\n"));
        }
        message.push_str("From: a@example.com\n\nbody\n");
        testing::fired(
            pattern_rules(),
            &testing::analyse(&message),
            &Inputs::default(),
        )
    }

    /// The HELO tests that fire on a Received field from `helo` at a public
    /// address.
    fn from_helo(helo: &str) -> Vec<String> {
        fired_patterns(&[&format!(
            "from {helo} (unknown [198.51.100.7]) by mx.example.org (Postfix) with ESMTP id A1"
        )])
        .into_iter()
        .filter(|name| name.contains("HELO"))
        .collect()
    }

    #[test]
    fn dynamic_helo_names() {
        assert_eq!(
            from_helo("84.198-51-100.dyn.example.net"),
            ["HELO_DYNAMIC_SPLIT_IP"]
        );
        assert_eq!(
            from_helo("host198-51-100-7.dyn.example.net"),
            ["HELO_DYNAMIC_IPADDR"]
        );
        assert!(from_helo("host198-51-100-7.static.example.net").is_empty());
        assert_eq!(
            from_helo("198-51-100-7.dyn.example.net"),
            ["HELO_DYNAMIC_IPADDR2"]
        );
        assert!(from_helo("198-51-100-7.mail.example.net").is_empty());
        assert_eq!(
            from_helo("cpe12-34.cable.example.net"),
            ["HELO_DYNAMIC_HCC"]
        );
        assert!(from_helo("cpe.cable.example.net").is_empty());
        assert_eq!(
            from_helo("pABCDEF0E.dip.t-dialin.net"),
            ["HELO_DYNAMIC_DIALIN"]
        );
        assert!(from_helo("mail.dip.example.net").is_empty());
        assert_eq!(from_helo("0xc6336407.example.net"), ["HELO_DYNAMIC_HEXIP"]);
        assert!(from_helo("0xc63364.example.net").is_empty());
        assert_eq!(
            from_helo("a123.upc-b.chello.nl"),
            ["HELO_DYNAMIC_CHELLO_NL"]
        );
        assert!(from_helo("mail.upc-b.chello.nl").is_empty());
        assert_eq!(
            from_helo("cp12345-a.gouda1.nb.home.nl"),
            ["HELO_DYNAMIC_HOME_NL"]
        );
        assert!(from_helo("mail.home.nl").is_empty());
    }

    #[test]
    fn static_helo_names() {
        let sendgrid = from_helo("o1-2-3-4.outbound-mail.sendgrid.net");
        assert_eq!(sendgrid, ["HELO_STATIC_HOST"]);
        let comcast = from_helo("198-51-100-7-static.hfc.comcastbusiness.net");
        assert_eq!(comcast, ["HELO_STATIC_HOST"]);
    }

    #[test]
    fn home_helo_names() {
        assert_eq!(from_helo("myhost.home"), ["HELO_LH_HOME"]);
        assert_eq!(from_helo("laptop.lan"), ["HELO_LH_HOME"]);
        assert!(from_helo("laptop.lane.example.com").is_empty());
        assert_eq!(from_helo("OEMComputer"), ["HELO_OEM"]);
        assert_eq!(from_helo("pc"), ["HELO_OEM"]);
        assert!(from_helo("pc1").is_empty());
        assert_eq!(
            from_helo("dsldevice.lan"),
            ["HELO_LH_HOME", "FSL_HELO_DEVICE"]
        );
        assert!(from_helo("device.lane").is_empty());
    }

    #[test]
    fn received_from_addresses() {
        assert_eq!(
            fired_patterns(&[
                "from 93.184.216.34 (unknown [93.184.216.34]) by mx.example.org (Postfix) with ESMTP id A1"
            ]),
            ["TVD_RCVD_IP", "TVD_RCVD_IP4"]
        );
        assert_eq!(
            fired_patterns(&[
                "from 198-51-100-7.example.net (unknown [93.184.216.34]) by mx.example.org (Postfix) with ESMTP id A1"
            ]),
            ["TVD_RCVD_IP"]
        );
        assert!(
            fired_patterns(&["from mail.example.net (unknown [93.184.216.34]) by mx.example.org (Postfix) with ESMTP id A1"])
                .is_empty()
        );
        assert_eq!(
            fired_patterns(&["from [93.184.216.34] by 93.184.216.35 with SMTP id A1"]),
            ["RCVD_DOUBLE_IP_SPAM"]
        );
        assert!(
            !fired_patterns(&["from [93.184.216.34] by mx.example.org with SMTP id A1"])
                .contains(&"RCVD_DOUBLE_IP_SPAM".to_owned())
        );
    }

    #[test]
    fn illegal_addresses() {
        assert!(illegal_ip("198.51.100.7"));
        assert!(illegal_ip("0.1.2.3"));
        assert!(illegal_ip("224.1.2.3"));
        assert!(illegal_ip("1.2.3.256"));
        assert!(illegal_ip("1.2.0003.4"));
        assert!(!illegal_ip("93.184.216.34"));
        assert!(!illegal_ip("223.255.255.1"));
        assert!(!illegal_ip("mx.example.org"));
        let hits = |ip: &str| {
            fired_patterns(&[&format!(
                "from mail.example.net (mail.example.net [{ip}]) by mx.example.org (Postfix) with ESMTP id A1"
            )])
            .contains(&"RCVD_ILLEGAL_IP".to_owned())
        };
        assert!(hits("203.0.113.9"));
        assert!(!hits("93.184.216.34"));
    }
}
