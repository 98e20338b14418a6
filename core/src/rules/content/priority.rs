//! `XPRIO`: an X-Priority field on mail that nothing else marks as ordinary
//! correspondence, list mail or a known sending service.
//!
//! SpamAssassin's meta keeps only the messages without any of two dozen
//! signs of legitimate mail; each is a sub-rule below. It also stands aside
//! when DKIM, SPF or a DNS allow list vouch for the sender, so it is
//! registered after those tests (see [`super::late_rules`]).

use super::conversation::{
    DKIM_EXISTS, RDNS_MAIL_MESSY, RDNS_MX_MESSY, RDNS_SMTP_MESSY, VIA_ML, all_trusted,
    envelope_sender_matches_relay,
};
use super::eight_bit::EIGHT_BIT_BODY;
use super::{Expr, View, content_rule};
use crate::rules::freemail::tiny_font;
use crate::rules::{Family, Rule, RuleContext};
use crate::text;

/// `__CT_ENCRYPTED`: a PGP/MIME or S/MIME encrypted message.
pub(super) const ENCRYPTED: Expr = Expr::Match(
    View::Header("Content-Type"),
    r"\Amultipart/(?:x-)?(?:pgp-)?encrypted|application/(?:x-)?pkcs7-mime",
);

/// `__HAS_IMG_SRC`: an `<img src=` on a source line that does not start with
/// `>` (quoted text).
const IMAGE_SOURCE: Expr = Expr::Match(View::RawBody, r"(?im)^[^>].*?<img src=");

/// `__NAKED_TO`: one To field holding a bare address, without a name or
/// angle brackets.
const NAKED_TO: Expr = Expr::Match(View::Header("To"), r"\A[^\s<>]+@[^\s<>]+\n?\z");

/// `__TO___LOWER`: a field named `to` in lower case (or ending so, such as
/// `reply-to`) with a value of five or more non-blank characters.
pub(super) const TO_LOWER_CASE: Expr = Expr::Match(View::AllHeaders, r"to: \S{5}");

/// `__FROM_WORDY`: a From address made of capitalised words joined by dots
/// (`Best.Deals.Today@`).
const FROM_WORDY: Expr = Expr::Match(
    View::Addresses("From"),
    r"\A(?:(?:[A-Z][A-Za-z]+|or|&)\.)+[A-Z][A-Za-z]+@",
);

/// `__FROM_WEB_DAEMON`: a From address of a web server account.
const FROM_WEB_DAEMON: Expr = Expr::Match(
    View::Addresses("From"),
    r"(?i)(?:apache|www|web|tomcat|\biis\b).*@",
);

/// `__PDS_RDNS_MTA`: the newest external relay's reverse DNS name has a
/// word ending in "mta", "mail", "mx" or "smtp".
const RDNS_MTA: Expr = Expr::Match(
    View::RelaysExternal,
    r"(?i)\A[^\]]+ rdns=\S*(?:mta|mail|mx|smtp)\b\S* ",
);

/// `__RDNS_SHORT`: the newest external relay's reverse DNS name is 4 to 14
/// characters long.
const RDNS_SHORT: Expr = Expr::Match(View::RelaysExternal, r"\A[^\]]+ rdns=\S{4,14} ");

/// Tests that vouch for the sender (they run in the network score sets).
const VOUCHED: [&str; 5] = [
    "DKIM_SIGNED",
    "DKIM_VALID",
    "DKIM_VALID_AU",
    "RCVD_IN_DNSWL_NONE",
    "SPF_PASS",
];

fn vouched(context: &RuleContext<'_>) -> bool {
    VOUCHED.iter().any(|name| context.fired(name))
}

/// `XPRIO`: an X-Priority field and none of the signs of legitimate mail.
const XPRIO: Expr = Expr::All(&[
    field_exists!("X-Priority"),
    Expr::Not(&Expr::Any(&[
        ENCRYPTED,
        Expr::Fact(all_trusted),
        field_exists!("Errors-To"),
        IMAGE_SOURCE,
        RDNS_MAIL_MESSY,
        VIA_ML,
        Expr::Match(View::Header("X-Mailer"), r"\APHPMailer\b"),
        Expr::Fact(|c| tiny_font(c.analysis)),
        field_exists!("X-PHP-Script"),
        field_exists!("List-Unsubscribe"),
        NAKED_TO,
        field_exists!("Thread-Index"),
        field_exists!("X-MS-TNEF-Correlator"),
        field_exists!("Sender"),
        Expr::Fact(|c| c.analysis.relays.unparseable > 0),
        RDNS_MTA,
        RDNS_SMTP_MESSY,
        RDNS_MX_MESSY,
        TO_LOWER_CASE,
        FROM_WORDY,
        Expr::Fact(envelope_sender_matches_relay),
        DKIM_EXISTS,
        FROM_WEB_DAEMON,
        RDNS_SHORT,
        EIGHT_BIT_BODY,
        field_exists!("X-Sender"),
        Expr::Fact(vouched),
    ])),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![content_rule(
        "XPRIO",
        Family::Header,
        [1.0; 4],
        &XPRIO,
        text!(
            description: (
                "Has an X-Priority field, and nothing marks it as ordinary mail",
                "A un champ X-Priority, et rien ne le signale comme du courrier ordinaire"
            ),
            explanation: (
                "The message sets a priority (X-Priority), and shows none of the signs of ordinary correspondence, a mailing list or a known sending service: no DKIM signature, no list fields, no reply threading, no mail server name on the sending host. Bulk-mail tools often mark their messages urgent to catch the eye.",
                "Le message fixe une priorité (X-Priority) et ne présente aucun des signes d'une correspondance ordinaire, d'une liste de diffusion ou d'un service d'envoi connu : ni signature DKIM, ni champs de liste, ni fil de discussion, ni nom de serveur de messagerie pour l'hôte d'envoi. Les outils d'envoi en masse marquent souvent leurs messages comme urgents pour attirer l'œil."
            ),
            fix: (
                "Do not set X-Priority on bulk mail; sign your mail with DKIM and send through a server whose name says it is one.",
                "Ne fixez pas X-Priority sur des envois en nombre ; signez votre courrier avec DKIM et envoyez-le par un serveur dont le nom indique qu'il en est un."
            ),
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::rules;
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    /// Whether XPRIO fires on a message with these extra header lines and
    /// this body.
    fn fires(header: &str, body: &str) -> bool {
        let message = format!(
            "{header}From: Sales <a@example.com>\nTo: Bob <b@example.org>\nSubject: hi\n\n{body}\n"
        );
        !fired(rules(), &analyse(&message), &Inputs::default()).is_empty()
    }

    #[test]
    fn priority_on_plain_mail() {
        assert!(fires("X-Priority: 1\n", "Buy now"));
        assert!(!fires("", "Buy now"));
    }

    #[test]
    fn signs_of_legitimate_mail() {
        for header in [
            "List-Unsubscribe: <mailto:leave@example.com>\n",
            "DKIM-Signature: v=1; d=example.com\n",
            "Sender: list@example.com\n",
            "X-Mailer: PHPMailer 5.2\n",
            "Reply-to: someone@example.com\n",
            "Received: from mail.example.com (mail.example.com [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n",
        ] {
            assert!(
                !fires(&format!("X-Priority: 1\n{header}"), "Buy now"),
                "{header}"
            );
        }
        assert!(!fires("X-Priority: 1\n", "see <img src=\"x.png\">"));
        // Quoted text does not count.
        assert!(fires("X-Priority: 1\n", "> <img src=\"x.png\">"));
        assert!(!fires("X-Priority: 1\n", "caf\u{e9}"));
    }
}
