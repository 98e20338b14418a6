//! Forms of header fields that mail written by people seldom has: an empty
//! quoted From name, an apostrophe in the From address or a throwaway domain,
//! short or random-looking Message-IDs, and a cable or DSL greeting name from
//! the delivering host.

use super::{Expr, View, content_rule};
use crate::rules::{Family, Rule};
use crate::text;

/// `FROM_BLANK_NAME`: the From display name is an empty quoted string
/// (`"" <a@example.com>`).
const FROM_BLANK_NAME: Expr = Expr::Match(View::Header("From"), r#"(?:\s|\A)"" <\S+>"#);

/// `APOSTROPHE_FROM`: the From address holds an apostrophe.
const APOSTROPHE_FROM: Expr = Expr::Match(View::Addresses("From"), "'");

/// `TVD_FROM_1`: a From address at a throwaway-looking domain: two
/// characters other than `@` or a digit, three digits, then `.com`, `.net`,
/// `.org`, `.info` or `.biz` at the end (`shop123.com`).
const THROWAWAY_FROM_DOMAIN: Expr = Expr::Match(
    View::Addresses("From"),
    r"(?im)[^@0-9\n]{2}[0-9]{3}\.(?:com|net|org|info|biz)$",
);

/// `MSGID_SHORT`: the only message ID is 1 to 15 characters long, or one has
/// at most four characters between `<` and `@`.
const MSGID_SHORT: Expr = Expr::Match(View::MessageIds, r"\A[^\n]{1,15}\n?\z|<[^\n]{0,4}@");

/// `MSGID_RANDY`: a Message-ID of 12 to 31 lower-case letters, digits, `$`
/// and `-` at a short lower-case host, unless it holds a run of eight hex
/// digits or ten digits, or ends at a host with two non-digits in a row or at
/// an IPv4 address (forms real mailers use).
const MSGID_RANDY: Expr = Expr::All(&[
    Expr::Match(
        View::Header("Message-ID"),
        r"<[a-z0-9][a-z0-9$-]{10,29}[a-z0-9]@[a-z0-9][a-z0-9.]{3,12}[a-z0-9]>",
    ),
    Expr::Not(&Expr::Any(&[
        Expr::Match(View::Header("Message-ID"), r"\b[a-f0-9]{8}\b"),
        Expr::Match(View::Header("Message-ID"), r"[0-9]{10}"),
        Expr::Match(
            View::Header("Message-ID"),
            r"@(?:[^0-9]{2,}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})>",
        ),
    ])),
]);

/// The HELO name of the newest external relay, which did not authenticate,
/// and what follows it in the relay's description: `(?i)` and this prefix
/// start each pattern below.
macro_rules! external_helo {
    ($rest:literal) => {
        concat!(r"(?i)\A[^\]]+ helo=", $rest, r"[^\]]+ auth= ")
    };
}

/// SpamAssassin's `HELO_STATIC_HOST`: a cable host that greets with its
/// static name (Rogers, Comcast Business) or a bulk sender's outbound host
/// (SendGrid, Salesforce), whose names look dynamic.
const HELO_STATIC_HOST: Expr = Expr::Match(
    View::RelaysExternal,
    external_helo!(
        r"(?:cmr-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}\S+\.rogers\.com|o[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}\.outbound-mail\.sendgrid\.net\s|[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,3}-static\.hfc\.comcastbusiness\.net\s|smtp-\w+\.core[0-9]\.sfdc-\w+\.mta\.salesforce\.com\s)"
    ),
);

/// `HELO_DYNAMIC_DHCP`: the newest external relay greets with a name of a
/// cable, DSL or DHCP pool (`cm` — not after `a` nor `smtp` —, `catv`,
/// `docsis`, `cable`, `dsl`, `dhcp`, `cpe`, `node`), numbers after it split
/// by something else, unless it is a known static host.
const HELO_DYNAMIC_DHCP: Expr = Expr::All(&[
    Expr::Match(
        View::RelaysExternal,
        external_helo!(
            r"(?:(?:|\S*[^\sap]|(?:|\S*[^\st])p|(?:|\S*[^\sm])tp|(?:|\S*[^\ss])mtp)cm|\S*(?:catv|docsis|cable|dsl|dhcp|cpe|node))\S*[0-9]+[^0-9\s]+[0-9]+"
        ),
    ),
    Expr::Not(&HELO_STATIC_HOST),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "FROM_BLANK_NAME",
            Family::Header,
            [2.099, 2.099, 2.099, 0.723],
            &FROM_BLANK_NAME,
            text!(
                description: (
                    "From: has an empty quoted name",
                    "From: porte un nom vide entre guillemets"
                ),
                explanation: (
                    "The From: field gives the sender's name as an empty pair of quotes before the address (\"\" <address>). A mail program leaves the name out when there is none; a bulk-mail tool fills in a name template with nothing.",
                    "Le champ From: donne comme nom de l'expéditeur une paire de guillemets vide devant l'adresse (\"\" <adresse>). Un logiciel de messagerie omet le nom quand il n'y en a pas ; un outil d'envoi en masse remplit un modèle de nom avec du vide."
                ),
                fix: (
                    "Give the sender a real name, or write the address alone.",
                    "Donnez un vrai nom à l'expéditeur, ou écrivez l'adresse seule."
                ),
            ),
        ),
        content_rule(
            "APOSTROPHE_FROM",
            Family::Header,
            [0.148, 0.786, 0.651, 0.545],
            &APOSTROPHE_FROM,
            text!(
                description: (
                    "From: address contains an apostrophe",
                    "L'adresse From: contient une apostrophe"
                ),
                explanation: (
                    "The sender's address has an apostrophe in it. Such addresses are legal but rare; they mostly come from address generators that paste names into the local part.",
                    "L'adresse de l'expéditeur contient une apostrophe. C'est permis mais rare ; ces adresses viennent surtout de générateurs qui collent des noms dans la partie locale."
                ),
                fix: (
                    "Send from an address without an apostrophe.",
                    "Envoyez depuis une adresse sans apostrophe."
                ),
            ),
        ),
        content_rule(
            "TVD_FROM_1",
            Family::Header,
            [1.0; 4],
            &THROWAWAY_FROM_DOMAIN,
            text!(
                description: (
                    "From: domain looks like a throwaway (name + 3 digits)",
                    "Le domaine de From: a l'air jetable (nom + 3 chiffres)"
                ),
                explanation: (
                    "The sender's domain ends in a word and three digits before .com, .net, .org, .info or .biz, like shop123.com. Spammers register such numbered domains in series and drop each one once it is blocked.",
                    "Le domaine de l'expéditeur finit par un mot et trois chiffres avant .com, .net, .org, .info ou .biz, comme boutique123.com. Les spammeurs enregistrent ces domaines numérotés en série et abandonnent chacun dès qu'il est bloqué."
                ),
                fix: (
                    "Send from your organisation's lasting domain.",
                    "Envoyez depuis le domaine durable de votre organisation."
                ),
            ),
        ),
        content_rule(
            "MSGID_SHORT",
            Family::Header,
            [0.001, 0.337, 0.001, 0.001],
            &MSGID_SHORT,
            text!(
                description: (
                    "Message-ID is unusually short",
                    "Identifiant de message anormalement court"
                ),
                explanation: (
                    "The message's identifier is at most 15 characters long, or has at most four characters before the @. Mail programs make identifiers long enough to be unique worldwide; very short ones come from hand-made or careless software.",
                    "L'identifiant du message fait au plus 15 caractères, ou n'a pas plus de quatre caractères avant le @. Les logiciels de messagerie font des identifiants assez longs pour être uniques au monde ; les très courts viennent de logiciels bricolés ou négligents."
                ),
                fix: (
                    "Let the mail software generate the Message-ID (a long random part @ your domain).",
                    "Laissez le logiciel d'envoi générer le Message-ID (une longue partie aléatoire @ votre domaine)."
                ),
            ),
        ),
        content_rule(
            "MSGID_RANDY",
            Family::Header,
            [2.196, 2.599, 2.599, 2.599],
            &MSGID_RANDY,
            text!(
                description: (
                    "Message-ID has the random form of a spam tool",
                    "Le Message-ID a la forme aléatoire d'un outil de spam"
                ),
                explanation: (
                    "The Message-ID is a run of random lower-case letters and digits at a short made-up host name, with none of the time stamps, hexadecimal counters or real domain names that mail programs put there.",
                    "Le Message-ID est une suite aléatoire de minuscules et de chiffres devant un court nom d'hôte inventé, sans aucun des horodatages, compteurs hexadécimaux ou vrais noms de domaine qu'y mettent les logiciels de messagerie."
                ),
                fix: (
                    "Let the mail server or program generate the Message-ID, with your own domain after the @.",
                    "Laissez le serveur ou le logiciel de messagerie générer le Message-ID, avec votre propre domaine après le @."
                ),
            ),
        ),
        content_rule(
            "HELO_DYNAMIC_DHCP",
            Family::Relay,
            [2.602, 0.841, 1.537, 0.206],
            &HELO_DYNAMIC_DHCP,
            text!(
                description: (
                    "Delivering host greets with a cable/DSL/DHCP pool name",
                    "L'hôte expéditeur se présente avec un nom de pool câble/DSL/DHCP"
                ),
                explanation: (
                    "The host that handed the message to us introduced itself (HELO) with a name like those providers give to home connections: cable, DSL or DHCP pools, numbered. Mail servers have fixed names; home machines sending mail directly are usually infected and part of a botnet.",
                    "L'hôte qui nous a remis le message s'est présenté (HELO) sous un nom comme ceux que les fournisseurs donnent aux connexions domestiques : pools câble, DSL ou DHCP numérotés. Les serveurs de messagerie ont des noms fixes ; les machines domestiques qui envoient du courrier directement sont le plus souvent infectées et enrôlées dans un botnet."
                ),
                fix: (
                    "Send through your provider's or your organisation's mail server, which greets with its own fixed name.",
                    "Envoyez par le serveur de messagerie de votre fournisseur ou de votre organisation, qui se présente sous son propre nom fixe."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    fn fires(name: &str, header: &str) -> bool {
        let message = format!("{header}\nTo: b@example.org\nSubject: hi\n\nhello\n");
        fired(super::rules(), &analyse(&message), &Inputs::default()).contains(&name.to_owned())
    }

    #[test]
    fn blank_quoted_name() {
        assert!(fires("FROM_BLANK_NAME", "From: \"\" <a@example.com>"));
        assert!(!fires("FROM_BLANK_NAME", "From: \"Ann\" <a@example.com>"));
        assert!(!fires("FROM_BLANK_NAME", "From: a@example.com"));
    }

    #[test]
    fn apostrophe_in_the_address_only() {
        assert!(fires("APOSTROPHE_FROM", "From: Ann <o'hara@example.com>"));
        assert!(!fires(
            "APOSTROPHE_FROM",
            "From: \"Ann O'Hara\" <ohara@example.com>"
        ));
    }

    #[test]
    fn numbered_domains() {
        assert!(fires("TVD_FROM_1", "From: Deals <deals@shop123.com>"));
        assert!(fires("TVD_FROM_1", "From: a@mail.promo456.INFO"));
        assert!(!fires("TVD_FROM_1", "From: a@shop1234x.com"));
        assert!(!fires("TVD_FROM_1", "From: a@shop123.co.uk"));
        assert!(!fires("TVD_FROM_1", "From: a@7123.com"));
    }

    #[test]
    fn short_ids() {
        let with_id = |id: &str| format!("From: a@example.com\nMessage-ID: {id}");
        assert!(fires("MSGID_SHORT", &with_id("<1@x.org>")));
        assert!(fires("MSGID_SHORT", &with_id("<abcd@mail.example.com>")));
        assert!(!fires("MSGID_SHORT", &with_id("<abcde@mail.example.com>")));
        // Two identifiers are never "the only one".
        let two = "From: a@example.com\nX-Message-Id: <12345@x>\nMessage-ID: <67890@y>";
        assert!(!fires("MSGID_SHORT", two));
    }

    #[test]
    fn random_ids() {
        let with_id = |id: &str| format!("From: a@example.com\nMessage-ID: {id}");
        assert!(fires("MSGID_RANDY", &with_id("<qzkwvbnrtpl-x@fo9x3.pq>")));
        // A run of eight hex digits, ten digits, or a real-looking host spare it.
        assert!(!fires("MSGID_RANDY", &with_id("<qz-deadbeef-pl@fo9x3.pq>")));
        assert!(!fires("MSGID_RANDY", &with_id("<qz1234567890pl@fo9x3.pq>")));
        assert!(!fires(
            "MSGID_RANDY",
            &with_id("<qzkwvbnrtplx@mail.example>")
        ));
        assert!(!fires("MSGID_RANDY", &with_id("<Qzkwvbnrtplx@fo9x3.pq>")));
    }

    fn relayed_by(helo: &str) -> String {
        format!(
            "Received: from {helo} (host.example.net [198.51.100.7]) by mx.example.org with SMTP id A1\nFrom: a@example.com"
        )
    }

    #[test]
    fn dynamic_greeting_names() {
        for helo in [
            "dsl-198-51-100-7.example.net",
            "cpe00112233.cable42-7.example.net",
            "c-cm7-12.example.net",
            "node12x4.example.net",
        ] {
            assert!(fires("HELO_DYNAMIC_DHCP", &relayed_by(helo)), "{helo}");
        }
        for helo in [
            // `cm` after `a` or `smtp` is no cable modem.
            "acm12-4.example.net",
            "smtpcm12-4.example.net",
            // The numbers must be split by something else.
            "dsl1234.example.net",
            "mail.example.net",
            // Known static hosts.
            "o1-2-3-4.outbound-mail.sendgrid.net",
            "cmr-1-2-3-4x.rogers.com",
        ] {
            assert!(!fires("HELO_DYNAMIC_DHCP", &relayed_by(helo)), "{helo}");
        }
    }
}
