//! Header and format tests: missing fields, addresses (sa-semantics §2.4–2.6).

use crate::rules::{Family, Rule};
use crate::{Localized, text};

pub(crate) fn rules() -> Vec<Rule> {
    vec![Rule::new(
        "MISSING_DATE",
        Family::Header,
        [2.739, 1.396, 1.8, 1.36],
        text!(
            description: ("Missing Date: header", "En-tête Date: absent"),
            explanation: (
                "The message has no Date: header. Every mail program adds one when the message is written, so its absence suggests software that builds messages by hand, as bulk senders do.",
                "Le message n'a pas d'en-tête Date:. Tout logiciel de messagerie en ajoute un à la rédaction ; son absence évoque un programme qui fabrique les messages à la main, comme le font les expéditeurs en masse."
            ),
            fix: (
                "Let your mail library add a Date: header, in RFC 5322 form (e.g. \"Mon, 23 Nov 2026 10:00:00 +0100\"), when the message is created.",
                "Laissez votre bibliothèque d'envoi ajouter un en-tête Date: au format RFC 5322 (par exemple « Mon, 23 Nov 2026 10:00:00 +0100 ») à la création du message."
            ),
        ),
        |context| {
            (!context.analysis.headers.exists("Date")).then(|| {
                Localized::new(
                    "no Date: field in the header",
                    "aucun champ Date: dans l'en-tête",
                )
            })
        },
    )]
}
