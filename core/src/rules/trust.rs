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
    ]
}
