//! Marks of bulk advertising that combine the text with the header or the
//! HTML: "this ad" wording, ratware message IDs with linked images, hidden
//! text from hosts without reverse DNS.

use super::conversation::{
    HAS_X_CID, SUBJECT_REPLY_OR_FORWARD, THREADED, all_trusted, client_without_rdns,
    envelope_sender_matches_relay,
};
use super::{Expr, View, content_rule};
use crate::rules::{Family, Rule};
use crate::text;

/// "this ad", "this advertisement", "this promo(tion)", with blanks, dashes
/// or underscores between the words.
const THIS_AD_WORDING: Expr = Expr::Match(
    View::Body,
    r"(?i)(?:\b|_)this[-_ ]+(?:ad(?:vert[1il]sement)?|promo(?:tion)?)s?(?:\b|_)",
);

/// `__MOZILLA_MSGID`: a message ID of the form Mozilla mailers write.
const MOZILLA_MESSAGE_ID: Expr = Expr::Match(
    View::MessageIds,
    r"(?m)^<(?:[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}|[0-9A-F]{8}\.[1-9A-F][0-9A-F]{0,7})@\S+>$",
);

/// `__FROM_ENCODED_QP`: a From field with an RFC 2047 quoted-printable word.
pub(super) const FROM_ENCODED_QP: Expr = Expr::Match(View::RawHeader("From"), r"(?i)=\?\S+\?q\?");

/// `__CR_IN_SUBJ`: a carriage return inside the Subject.
const CR_IN_SUBJECT: Expr = Expr::Match(View::RawHeader("Subject"), r"\r");

const THIS_AD: Expr = Expr::All(&[
    THIS_AD_WORDING,
    Expr::Not(&MOZILLA_MESSAGE_ID),
    Expr::Not(&FROM_ENCODED_QP),
    Expr::Not(&CR_IN_SUBJECT),
    Expr::Not(&Expr::Fact(envelope_sender_matches_relay)),
]);

/// `__MSGID_DOLLARS_MAYBE`: a message ID `<word$word$word@host>` whose last
/// word does not start with "localhost". The last alternative spells out
/// "four or more word characters, not starting with `localhost`".
const DOLLAR_MESSAGE_ID: Expr = Expr::Match(
    View::MessageIds,
    concat!(
        r"(?i)<\w{4,}\$\w{4,}\$",
        r"(?:[^\Wl]\w{3,}|l(?:[^\Wo]\w{2,}|o(?:[^\Wc]\w+|c(?:[^\Wa]\w*|a(?:[^\Wl]\w*)?",
        r"|al(?:[^\Wh]\w*)?|alh(?:[^\Wo]\w*)?|alho(?:[^\Ws]\w*)?|alhos(?:[^\Wt]\w*)?))))",
        r"@\S+>"
    ),
);

const MSGID_DOLLARS_URI_IMG: Expr = Expr::All(&[
    DOLLAR_MESSAGE_ID,
    Expr::Match(View::Uri, r"\A\w+://"),
    Expr::Fact(|context| {
        context
            .analysis
            .html
            .iter()
            .any(|part| part.has_linked_image())
    }),
    Expr::Not(&THREADED),
    Expr::Not(&SUBJECT_REPLY_OR_FORWARD),
]);

const NORDNS_LOW_CONTRAST: Expr = Expr::All(&[
    Expr::Fact(|context| context.fired("HTML_FONT_LOW_CONTRAST")),
    Expr::Fact(client_without_rdns),
    Expr::Not(&Expr::Fact(all_trusted)),
    Expr::Not(&HAS_X_CID),
    Expr::Not(&THREADED),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "THIS_AD",
            Family::Body,
            [1.0; 4],
            &THIS_AD,
            text!(
                description: (
                    "Calls itself \"this ad\" or \"this promotion\"",
                    "Se désigne comme « this ad » ou « this promotion »"
                ),
                explanation: (
                    "The text refers to itself as an advertisement or a promotion, and the header does not show a usual mailer or a sender whose domain matches the sending host.",
                    "Le texte se désigne lui-même comme une publicité ou une promotion, et l'en-tête ne montre ni logiciel de messagerie courant ni expéditeur dont le domaine correspond à l'hôte d'envoi."
                ),
                fix: (
                    "Send advertising from a host in the sender's own domain, to recipients who asked for it.",
                    "Envoyez la publicité depuis un hôte du domaine de l'expéditeur, à des destinataires qui l'ont demandée."
                ),
            ),
        ),
        content_rule(
            "MSGID_DOLLARS_URI_IMG",
            Family::Body,
            [1.0; 4],
            &MSGID_DOLLARS_URI_IMG,
            text!(
                description: (
                    "Bulk-mailer message ID with dollar signs, links and a linked image",
                    "Identifiant de message à signes dollar, avec liens et image cliquable"
                ),
                explanation: (
                    "The message ID has the form word$word$word@host that some bulk-mail software writes, the message has links and an image inside a link, and it is not a reply.",
                    "L'identifiant du message a la forme mot$mot$mot@hôte qu'écrivent certains logiciels d'envoi de masse, le message contient des liens et une image dans un lien, et ce n'est pas une réponse."
                ),
                fix: (
                    "Use a mailer that writes standard message IDs.",
                    "Utilisez un logiciel qui écrit des identifiants de message usuels."
                ),
            ),
        ),
        content_rule(
            "NORDNS_LOW_CONTRAST",
            Family::Html,
            [1.0; 4],
            &NORDNS_LOW_CONTRAST,
            text!(
                description: (
                    "Hidden low-contrast text, sent from a host without reverse DNS",
                    "Texte caché peu contrasté, envoyé par un hôte sans DNS inverse"
                ),
                explanation: (
                    "The HTML hides text in a colour close to its background, and the host that delivered the message has no reverse DNS name: two marks of spam sent from compromised machines.",
                    "Le HTML cache du texte dans une couleur proche du fond, et l'hôte qui a remis le message n'a pas de nom DNS inverse : deux marques du spam envoyé depuis des machines compromises."
                ),
                fix: (
                    "Remove hidden text, and send from a server with a PTR record.",
                    "Supprimez le texte caché, et envoyez depuis un serveur doté d'un enregistrement PTR."
                ),
            ),
        ),
    ]
}
