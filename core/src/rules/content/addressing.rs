//! How the message is addressed, with what comes with it: a To field
//! without angle brackets next to a percentage or a lone image, a sender
//! writing to itself straight to our mail exchanger, a bare link under a
//! malformed message ID.

use super::conversation::{
    DKIM_EXISTS, ISO_2022_JP, LONG_LINE, NOT_SPOOFED, RDNS_MX_MESSY, SUBJECT_ENCODED_B64, THREADED,
    VIA_ML, envelope_sender_matches_relay,
};
use super::fraud::{
    BUGGED_IMAGE, HAS_LIST_UNSUBSCRIBE, HAS_SENDER, HAS_THREAD_INDEX, HTML_COMMENT, LINKED_IMAGE,
    QUOTED_PRINTABLE, STYLE_TAG, TO_UNDISCLOSED, UNSUBSCRIBE_LINK,
};
use super::layout::{TO_EQ_FROM, URI_ONLY_BODY};
use super::misspaced::envelope_matches_from;
use super::persons::{FROM_FULL_NAME, NO_FULL_NAME};
use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
use crate::rules::html::Signals;
use crate::rules::mua::direct_to_mx;
use crate::rules::to_format::{thread_index_good, to_without_brackets};
use crate::rules::{Family, Rule};
use crate::text;

/// `__TO_NO_ARROWS_R`: no To address in angle brackets (or no To at all).
const TO_NO_ARROWS: Expr =
    Expr::Fact(|c| to_without_brackets(c.analysis.headers.get("To").as_deref()));

/// `__THREAD_INDEX_GOOD`.
const THREAD_INDEX_GOOD: Expr = Expr::Fact(|c| thread_index_good(c.analysis));

/// `URI_HEX`: a link whose host holds a run of six or more hexadecimal
/// digits standing as a word, unless three letters a–f come within its
/// first fifteen characters (which reads as a word rather than a number).
fn hex_host(uri: &str) -> bool {
    let lower = uri.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '&', '#']).next().unwrap_or_default();
    let bytes = rest.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let hex = |b: &u8| b.is_ascii_hexdigit();
    (0..=host.len()).any(|at| {
        // A word boundary before: the start follows `//`.
        let starts = bytes.get(at).copied().is_some_and(word)
            && !at
                .checked_sub(1)
                .and_then(|i| bytes.get(i))
                .copied()
                .is_some_and(word);
        if !starts {
            return false;
        }
        let run = bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| hex(b))
            .count();
        let ends = !bytes.get(at + run).copied().is_some_and(word);
        let wordy = (0..=12).any(|lead| {
            bytes
                .get(at..at + lead)
                .is_some_and(|head| head.iter().all(hex))
                && bytes
                    .get(at + lead..at + lead + 3)
                    .is_some_and(|letters| letters.iter().all(|b| (b'a'..=b'f').contains(b)))
        });
        run >= 6 && ends && !wordy
    })
}

/// Exactly one base64-encoded GIF, PNG or JPEG part (SpamAssassin's
/// `image_count('all', 1, 1)`).
fn one_image(analysis: &Analysis) -> bool {
    let images = analysis.mime.nodes.iter().filter(|node| {
        node.is_leaf
            && matches!(
                node.ctype.as_str(),
                "image/gif" | "image/png" | "image/jpg" | "image/jpeg"
            )
            && node
                .transfer_encoding
                .as_deref()
                .is_some_and(|cte| cte.trim().eq_ignore_ascii_case("base64"))
    });
    images.take(2).count() == 1
}

/// TO_NO_BRKTS_PCNT: a To without angle brackets and a percentage in the
/// text, with none of the marks of list, reply or real-sender mail.
const TO_NO_BRACKETS_PERCENT: Expr = Expr::All(&[
    TO_NO_ARROWS,
    // `__FB_NUM_PERCNT`.
    Expr::Match(View::Body, r"[0-9]\s?%"),
    Expr::Not(&Expr::Any(&[
        SUBJECT_ENCODED_B64,
        HAS_LIST_UNSUBSCRIBE,
        field_exists!("X-Mailer"),
        DKIM_EXISTS,
        THREADED,
        VIA_ML,
        THREAD_INDEX_GOOD,
        RDNS_MX_MESSY,
        LONG_LINE,
        QUOTED_PRINTABLE,
        HTML_COMMENT,
        STYLE_TAG,
        LINKED_IMAGE,
        ISO_2022_JP,
        // `__IMS_MSGID`: an IMS message ID, 36 to 40 hexadecimal capitals.
        Expr::Match(View::MessageIds, r"(?m)^<[A-F0-9]{36,40}@\S+>$"),
        UNSUBSCRIBE_LINK,
        Expr::Fact(|c| {
            c.analysis
                .uris
                .iter()
                .flat_map(|uri| &uri.cleaned)
                .any(|uri| hex_host(uri))
        }),
        // `__MAIL_LINK`: an address in a link's query.
        Expr::Match(View::Uri, r"(?i)\?.{0,200}\w@[\w-]{1,20}.\w\w\w?\b"),
        BUGGED_IMAGE,
        Expr::Fact(envelope_sender_matches_relay),
        Expr::Fact(envelope_matches_from),
        Expr::Fact(|c| Signals::of(c.analysis).sender_bot),
        NO_FULL_NAME,
    ])),
]);

/// TO_NO_BRKTS_HTML_IMG: a To without angle brackets on an HTML message
/// with a single image.
const TO_NO_BRACKETS_HTML_IMAGE: Expr = Expr::All(&[
    TO_NO_ARROWS,
    Expr::Fact(|c| c.fired("HTML_MESSAGE")),
    Expr::Fact(|c| one_image(c.analysis)),
    Expr::Not(&Expr::Any(&[
        TO_UNDISCLOSED,
        // `__FM_TO_ALL_NUMS`: From and To users are all digits.
        Expr::All(&[
            Expr::Match(View::Addresses("From"), r"\A[0-9]+@"),
            Expr::Match(View::Addresses("To"), r"\A[0-9]+@"),
        ]),
        FROM_FULL_NAME,
        HAS_THREAD_INDEX,
        DKIM_EXISTS,
        HAS_SENDER,
        THREADED,
        LONG_LINE,
    ])),
]);

/// TO_EQ_FM_DIRECT_MX: the sender writes to itself, handed straight to our
/// mail exchanger, not from Exchange nor with attachments.
const TO_EQ_FROM_DIRECT_MX: Expr = Expr::All(&[
    Expr::Fact(|c| direct_to_mx(c.analysis).is_some()),
    TO_EQ_FROM,
    Expr::Not(&Expr::Any(&[
        THREAD_INDEX_GOOD,
        // `__IS_EXCH`.
        Expr::Match(
            View::Header("X-MimeOLE"),
            r"Produced By Microsoft Exchange V",
        ),
        Expr::Match(View::Header("Content-Type"), r"(?i)multipart/mixed"),
    ])),
]);

/// URI_ONLY_MSGID_MALF: a body that is only a link, and a message ID whose
/// host has no dot.
const URI_ONLY_MSGID_MALFORMED: Expr = Expr::All(&[
    // `__MSGID_NOFQDN2`.
    Expr::Match(View::Header("Message-ID"), r"(?m)<.*@[A-Za-z0-9]+>"),
    URI_ONLY_BODY,
    Expr::Not(&Expr::Any(&[
        field_exists!("Reply-To"),
        DKIM_EXISTS,
        Expr::Match(View::Header("Message-ID"), r"\.JavaMail\."),
        Expr::Match(View::Uri, r"(?i)\Amailto:"),
        NOT_SPOOFED,
        Expr::Fact(envelope_sender_matches_relay),
    ])),
]);

/// Registered after the HTML, free-mail and authentication tests they read.
pub(super) fn late_rules() -> Vec<Rule> {
    let rule = |name, when, text| content_rule(name, Family::Header, [1.0; 4], when, text);
    vec![
        rule(
            "TO_NO_BRKTS_PCNT",
            &TO_NO_BRACKETS_PERCENT,
            text!(
                description: (
                    "To without angle brackets, and a percentage",
                    "To sans chevrons, et un pourcentage"
                ),
                explanation: (
                    "The To field is a bare address, the text quotes a percentage, and nothing marks the message as list mail, a reply or mail from a named, identifiable sender. Bulk offers (\"50% off\", \"3.9% rate\") are sent this way by tools that write bare addresses.",
                    "Le champ To est une adresse nue, le texte cite un pourcentage, et rien n'indique un envoi de liste, une réponse ou un expéditeur nommé et identifiable. Les offres en masse (« -50 % », « taux de 3,9 % ») sont envoyées ainsi par des outils qui écrivent des adresses nues."
                ),
                fix: (
                    "Address recipients as \"Name <address>\" and send through a mail program or list manager that identifies you.",
                    "Adressez les destinataires sous la forme « Nom <adresse> » et envoyez par un logiciel de messagerie ou de liste qui vous identifie."
                ),
            ),
        ),
        rule(
            "TO_NO_BRKTS_HTML_IMG",
            &TO_NO_BRACKETS_HTML_IMAGE,
            text!(
                description: (
                    "To without angle brackets, HTML with a single image",
                    "To sans chevrons, HTML avec une seule image"
                ),
                explanation: (
                    "The To field is a bare address and the message is HTML carrying exactly one image, from a sender with no full name. Image spam is built this way: the words drawn in a picture filters cannot read.",
                    "Le champ To est une adresse nue et le message est du HTML contenant exactement une image, d'un expéditeur sans nom complet. Le spam en image est construit ainsi : les mots dessinés dans une image que les filtres ne lisent pas."
                ),
                fix: (
                    "Put the message's words in text rather than in an image, and address recipients as \"Name <address>\".",
                    "Mettez les mots du message dans le texte plutôt que dans une image, et adressez les destinataires sous la forme « Nom <adresse> »."
                ),
            ),
        ),
        rule(
            "TO_EQ_FM_DIRECT_MX",
            &TO_EQ_FROM_DIRECT_MX,
            text!(
                description: (
                    "From and To are the same address, sent straight to our mail server",
                    "From et To sont la même adresse, envoyé directement à notre serveur"
                ),
                explanation: (
                    "The message claims to be from the recipient to themselves, yet it was handed straight to our mail exchanger by an outside host rather than through the recipient's own outgoing server. Spam forges the recipient as sender this way.",
                    "Le message prétend venir du destinataire à lui-même, mais il a été remis directement à notre serveur de réception par un hôte extérieur, et non par le serveur d'envoi du destinataire. Le spam usurpe ainsi le destinataire comme expéditeur."
                ),
                fix: (
                    "Send notes to yourself through your own outgoing mail server.",
                    "Envoyez-vous des notes par votre propre serveur d'envoi."
                ),
            ),
        ),
        rule(
            "URI_ONLY_MSGID_MALF",
            &URI_ONLY_MSGID_MALFORMED,
            text!(
                description: (
                    "Only a link, and a malformed Message-ID",
                    "Seulement un lien, et un Message-ID mal formé"
                ),
                explanation: (
                    "The text is little more than a link, and the Message-ID ends in a host name without a dot, which mail programs do not write, from a sender no server vouches for. Spam tools send bare links this way.",
                    "Le texte n'est guère plus qu'un lien, et le Message-ID se termine par un nom d'hôte sans point, ce que les logiciels de messagerie n'écrivent pas, d'un expéditeur qu'aucun serveur ne garantit. Les outils de spam envoient ainsi des liens nus."
                ),
                fix: (
                    "Let the mail server write the Message-ID with its full host name, and say a few words around the link.",
                    "Laissez le serveur de messagerie écrire le Message-ID avec son nom d'hôte complet, et accompagnez le lien de quelques mots."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::rules::testing::engine_fired;

    const DIRECT: &str = "Received: from pc (pc.example.net [198.51.100.7]) by mx.example.org (Postfix) with SMTP id A1\n";

    fn fires(name: &str, message: &str) -> bool {
        engine_fired(Config::default(), message)
            .iter()
            .any(|fired| fired == name)
    }

    #[test]
    fn hex_hosts() {
        assert!(hex_host("http://a1b2c3d4e5.example.com/"));
        assert!(hex_host("https://www.123456.example/x"));
        assert!(!hex_host("http://www.example.com/123456"));
        assert!(!hex_host("http://deadbeef12.example.com/"));
        assert!(!hex_host("ftp://123456.example/"));
    }

    #[test]
    fn bare_to_and_percentage() {
        let message = |to: &str, body: &str| {
            format!(
                "{DIRECT}From: Ann Smith <ann@example.com>\nTo: {to}\nSubject: rates\nMessage-ID: <1@pc.example.net>\n\n{body}\n"
            )
        };
        assert!(fires(
            "TO_NO_BRKTS_PCNT",
            &message("b@example.org", "Rates from 3.9% only")
        ));
        assert!(!fires(
            "TO_NO_BRKTS_PCNT",
            &message("Bob <b@example.org>", "Rates from 3.9% only")
        ));
        assert!(!fires(
            "TO_NO_BRKTS_PCNT",
            &message("b@example.org", "Rates are low")
        ));
    }

    #[test]
    fn bare_to_and_one_image() {
        let message = |images: usize| {
            let mut parts = String::from(
                "--b\nContent-Type: text/html\n\n<html><body><img src=\"cid:1\"></body></html>\n",
            );
            for _ in 0..images {
                parts.push_str("--b\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlhAQABAAAAACw=\n");
            }
            format!(
                "{DIRECT}From: ann@example.com\nTo: b@example.org\nSubject: hi\nMIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n{parts}--b--\n"
            )
        };
        assert!(fires("TO_NO_BRKTS_HTML_IMG", &message(1)));
        assert!(!fires("TO_NO_BRKTS_HTML_IMG", &message(2)));
        assert!(!fires("TO_NO_BRKTS_HTML_IMG", &message(0)));
    }

    #[test]
    fn to_self_direct_to_mx() {
        let message =
            |from: &str| format!("{DIRECT}From: {from}\nTo: b@example.org\nSubject: hi\n\nhello\n");
        assert!(fires("TO_EQ_FM_DIRECT_MX", &message("Bob <B@example.org>")));
        assert!(!fires("TO_EQ_FM_DIRECT_MX", &message("ann@example.org")));
        let relayed = format!(
            "{DIRECT}Received: from a (a.example [203.0.113.1]) by pc.example.net with SMTP id A0\nFrom: b@example.org\nTo: b@example.org\n\nhello\n"
        );
        assert!(!fires("TO_EQ_FM_DIRECT_MX", &relayed));
    }

    #[test]
    fn link_and_malformed_message_id() {
        let message = |id: &str| {
            format!(
                "{DIRECT}From: ann@example.com\nTo: b@example.org\nSubject: hi\nMessage-ID: <{id}>\n\nhttp://www.example.net/x\n"
            )
        };
        assert!(fires("URI_ONLY_MSGID_MALF", &message("123@pc")));
        assert!(!fires(
            "URI_ONLY_MSGID_MALF",
            &message("123@pc.example.net")
        ));
    }
}
