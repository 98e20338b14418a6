//! What the relay chain says as a whole (sa-semantics §2.8): mail that only
//! crossed trusted hosts, mail never relayed, mail without any Received field.
//! Informational tests with small negative scores.

use crate::rules::{Family, Rule, RuleContext};
use crate::verdicts::is_private;
use crate::{Localized, text};

/// Whether the envelope's SMTP client (when given) is trusted: `None`
/// without a client.
fn client_trusted(context: &RuleContext<'_>) -> Option<bool> {
    let envelope = context.inputs.verdicts?.envelope.as_ref()?;
    let ip = envelope.client_ip?;
    let boundary = &context.analysis.relays.boundary;
    Some(
        boundary
            .standing(Some(ip), is_private(ip), envelope.authenticated)
            .trusted,
    )
}

/// How many relays the message crossed when every one of them is trusted
/// (at least one, none unparseable; the envelope's client, when given, is
/// the newest relay); `None` otherwise. ALL_TRUSTED's condition.
pub(crate) fn trusted_relays_only(context: &RuleContext<'_>) -> Option<usize> {
    let relays = &context.analysis.relays;
    let client = client_trusted(context);
    let trusted = relays.trusted.len() + usize::from(client == Some(true));
    (client != Some(false) && trusted > 0 && relays.untrusted.is_empty() && relays.unparseable == 0)
        .then_some(trusted)
}

fn all_trusted(context: &RuleContext<'_>) -> Option<Localized> {
    trusted_relays_only(context).map(|trusted| {
        Localized::new(
            format!("{trusted} relay(s), all trusted"),
            format!("{trusted} relais, tous de confiance"),
        )
    })
}

/// NO_RELAYS: no relay at all and no unparseable Received field.
fn no_relays(context: &RuleContext<'_>) -> Option<Localized> {
    let relays = &context.analysis.relays;
    let client = context
        .inputs
        .verdicts
        .and_then(|v| v.envelope.as_ref())
        .is_some_and(|e| e.client_ip.is_some());
    (!client && relays.trusted.is_empty() && relays.untrusted.is_empty() && relays.unparseable == 0)
        .then(|| Localized::new("no relay found", "aucun relais trouvé"))
}

fn no_received(context: &RuleContext<'_>) -> Option<Localized> {
    (context.analysis.headers.all("Received").next().is_none())
        .then(|| Localized::new("no Received field", "aucun champ Received"))
}

/// UNPARSEABLE_RELAY: some Received field matched none of the shapes the
/// relay parser knows (neither a relay nor a line known to describe none).
fn unparseable_relay(context: &RuleContext<'_>) -> Option<Localized> {
    match context.analysis.relays.unparseable {
        0 => None,
        1 => Some(Localized::new(
            "1 Received field not understood",
            "1 champ Received incompris",
        )),
        count => Some(Localized::new(
            format!("{count} Received fields not understood"),
            format!("{count} champs Received incompris"),
        )),
    }
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        Rule::new(
            "ALL_TRUSTED",
            Family::Relay,
            [-1.0; 4],
            text!(
                description: (
                    "Passed through trusted hosts only",
                    "N'est passé que par des hôtes de confiance"
                ),
                explanation: (
                    "Every server that handled this message is one we trust: our own network, a private address, or a client that logged in. It was written and sent from inside.",
                    "Tous les serveurs par lesquels ce message est passé sont de confiance : notre propre réseau, une adresse privée ou un client authentifié. Il a été écrit et envoyé de l'intérieur."
                ),
                fix: (
                    "Nothing to do: this lowers the score.",
                    "Rien à faire : cela abaisse le score."
                ),
            ),
            all_trusted,
        ),
        Rule::new(
            "NO_RELAYS",
            Family::Relay,
            [-0.001; 4],
            text!(
                description: (
                    "Not relayed through any server",
                    "N'a été relayé par aucun serveur"
                ),
                explanation: (
                    "No Received field names a server that passed the message on: it was handed over locally, not sent across the network. Informational.",
                    "Aucun champ Received ne nomme un serveur qui aurait transmis le message : il a été remis localement, pas envoyé par le réseau. Pour information."
                ),
                fix: (
                    "Nothing to do.",
                    "Rien à faire."
                ),
            ),
            no_relays,
        ),
        Rule::new(
            "NO_RECEIVED",
            Family::Relay,
            [-0.001; 4],
            text!(
                description: (
                    "No Received field",
                    "Aucun champ Received"
                ),
                explanation: (
                    "Every server that passes a message on adds a Received field; this message has none, so it never crossed a mail server. Informational.",
                    "Chaque serveur qui transmet un message y ajoute un champ Received ; ce message n'en a aucun, il n'est donc passé par aucun serveur de messagerie. Pour information."
                ),
                fix: (
                    "Nothing to do.",
                    "Rien à faire."
                ),
            ),
            no_received,
        ),
        Rule::new(
            "NO_HEADERS_MESSAGE",
            Family::Header,
            [0.001; 4],
            text!(
                description: (
                    "Message lacks most of the fields mail carries",
                    "Le message n'a pas la plupart des champs d'un courriel"
                ),
                explanation: (
                    "The message has no Date:, no To:, no Message-Id: and no Received field, and crossed no server: it is hardly a mail message at all, more often a damaged file or a piece of one. Informational.",
                    "Le message n'a ni Date:, ni To:, ni Message-Id:, ni champ Received, et n'est passé par aucun serveur : ce n'est guère un courriel, plus souvent un fichier abîmé ou un morceau de message. Pour information."
                ),
                fix: (
                    "Hand over the whole message, header included.",
                    "Transmettez le message entier, en-tête compris."
                ),
            ),
            |_| {
                Some(Localized::new(
                    "no Date:, To:, Message-Id: nor Received field, no relay",
                    "ni Date:, ni To:, ni Message-Id:, ni champ Received, aucun relais",
                ))
            },
        )
        .requires("MISSING_DATE")
        .requires("MISSING_HEADERS")
        .requires("MISSING_MID")
        .requires("NO_RECEIVED")
        .requires("NO_RELAYS"),
        Rule::new(
            "UNPARSEABLE_RELAY",
            Family::Relay,
            [0.001; 4],
            text!(
                description: (
                    "A Received field could not be read",
                    "Un champ Received est illisible"
                ),
                explanation: (
                    "One of the Received fields, which each server adds when it passes the message on, has a shape no known mail server writes, so the host it describes cannot be judged. Informational: odd but harmless servers do this too.",
                    "L'un des champs Received, que chaque serveur ajoute en transmettant le message, a une forme qu'aucun serveur de messagerie connu n'écrit : l'hôte qu'il décrit ne peut donc pas être jugé. Pour information : des serveurs inhabituels mais inoffensifs le font aussi."
                ),
                fix: (
                    "Have the mail server write standard Received fields (\"from HELO (rDNS [IP]) by host with ESMTP id …\").",
                    "Faites écrire au serveur de messagerie des champs Received standard (« from HELO (rDNS [IP]) by hôte with ESMTP id … »)."
                ),
            ),
            unparseable_relay,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing;

    fn fired(received: &str) -> Vec<String> {
        let message = format!("Received: {received}\nFrom: a@example.com\nSubject: hi\n\nbody\n");
        testing::fired(rules(), &testing::analyse(&message), &Inputs::default())
            .into_iter()
            .filter(|name| name == "UNPARSEABLE_RELAY")
            .collect()
    }

    #[test]
    fn unparseable_relay() {
        assert_eq!(
            fired("from weird thing (something) by mx.example.net with SMTP"),
            ["UNPARSEABLE_RELAY"]
        );
        // A relay, and a line known to describe no handover.
        assert!(
            fired("from a.example (a.example [203.0.113.1]) by mx.example.net with ESMTP id 1")
                .is_empty()
        );
        assert!(fired("by mx.example.net (Postfix, from userid 1002) id DABBD1BED3").is_empty());
    }

    #[test]
    fn no_headers_message() {
        let engine = crate::Engine::new(crate::Config::default()).unwrap_or_else(|e| panic!("{e}"));
        let check = |message: &str| {
            engine
                .check(message.as_bytes(), &Inputs::default())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        testing::assert_hits(
            &check("From: a@example.com\nSubject: hi\n\nbody\n"),
            &["NO_HEADERS_MESSAGE"],
            &[],
        );
        // Any one of the fields is enough to keep it silent.
        for field in [
            "Date: Mon, 2 Jan 2006 12:00:00 +0000\n",
            "To: b@example.org\n",
            "Message-Id: <1@example.com>\n",
            "Received: by mx.example.net (Postfix, from userid 1002) id DABBD1BED3\n",
        ] {
            let report = check(&format!(
                "{field}From: a@example.com\nSubject: hi\n\nbody\n"
            ));
            testing::assert_hits(&report, &[], &["NO_HEADERS_MESSAGE"]);
        }
    }
}
