//! Mailer names that no program writes, and Microsoft's MIME library seen
//! on mail handed straight to our exchanger.

use super::conversation::DKIM_EXISTS;
use super::layout::hidden_styles;
use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
use crate::rules::mua::direct_to_mx_without_image;
use crate::rules::{Family, Rule};
use crate::text;

/// Whether the mailer text at a `q` (`after` is what follows it) is one of
/// the spellings SpamAssassin's look-ahead spares: "qmail", "qqmail",
/// "qboxmail", "qi mail", a digit, or a `name=…;` parameter.
fn spared_q(after: &[u8]) -> bool {
    let starts = |prefix: &[u8]| {
        after
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let mail = starts(b"mail") || starts(b"qmail") || starts(b"boxmail");
    let i_mail = starts(b"i")
        && after.get(1).is_some_and(u8::is_ascii_whitespace)
        && after
            .get(2..6)
            .is_some_and(|head| head.eq_ignore_ascii_case(b"mail"));
    let digit = after.first().is_some_and(u8::is_ascii_digit);
    let word = after
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .unwrap_or(after.len());
    let rest = after.get(word..).unwrap_or_default();
    let equals = rest.iter().take_while(|&&b| b == b'=').count();
    let parameter = equals > 0 && rest.get(equals) == Some(&b';');
    mail || i_mail || digit || parameter
}

/// `__XM_RANDOM`: a `q` in X-Mailer followed by a character other than `u`
/// (English words put a "u" after their "q"), outside [`spared_q`].
fn random_mailer(analysis: &Analysis) -> bool {
    let Some(mailer) = analysis.headers.get("X-Mailer") else {
        return false;
    };
    let bytes = mailer.as_bytes();
    bytes.iter().enumerate().any(|(at, &b)| {
        let after = bytes.get(at + 1..).unwrap_or_default();
        b.eq_ignore_ascii_case(&b'q')
            && after
                .first()
                .is_some_and(|b| !b.eq_ignore_ascii_case(&b'u'))
            && !spared_q(after)
    })
}

/// `XM_RANDOM`: an X-Mailer that looks like random letters, outside
/// replies, mailers written in capitals or very long, AspQMail, and HTML
/// hiding three or more elements.
const XM_RANDOM: Expr = Expr::All(&[
    Expr::Fact(|c| random_mailer(c.analysis)),
    Expr::Not(&field_exists!("In-Reply-To")),
    Expr::Not(&Expr::Match(View::Header("X-Mailer"), r"\A[^a-z]+\n?\z")),
    Expr::Not(&Expr::Match(View::Header("X-Mailer"), r"\AAspQMail")),
    Expr::Not(&Expr::Match(View::Header("X-Mailer"), r".{50}")),
    // Last: it reads the HTML sources.
    Expr::Not(&Expr::Fact(|c| hidden_styles(c.analysis) > 2)),
]);

/// `MIMEOLE_DIRECT_TO_MX`: an X-MimeOLE field (Microsoft's MIME library) on
/// mail the sender's own machine handed straight to our exchanger, with no
/// image and no DKIM signature.
const MIMEOLE_DIRECT_TO_MX: Expr = Expr::All(&[
    field_exists!("X-MimeOLE"),
    Expr::Fact(|c| direct_to_mx_without_image(c.analysis).is_some()),
    Expr::Not(&DKIM_EXISTS),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "XM_RANDOM",
            Family::Header,
            [1.0; 4],
            &XM_RANDOM,
            text!(
                description: (
                    "X-Mailer looks like random letters",
                    "X-Mailer ressemble à des lettres au hasard"
                ),
                explanation: (
                    "The X-Mailer field, which names the program that wrote the message, holds a \"q\" not followed by \"u\", as in random strings rather than product names. Bulk-mail tools fill the field with random text to vary their messages.",
                    "Le champ X-Mailer, qui nomme le programme ayant écrit le message, contient un « q » non suivi d'un « u », comme dans des chaînes aléatoires plutôt que des noms de produits. Les outils d'envoi en masse remplissent ce champ de texte aléatoire pour varier leurs messages."
                ),
                fix: (
                    "Let X-Mailer name your real mail program, or leave it out.",
                    "Laissez X-Mailer nommer votre vrai logiciel de messagerie, ou omettez-le."
                ),
            ),
        ),
        content_rule(
            "MIMEOLE_DIRECT_TO_MX",
            Family::Relay,
            [1.0; 4],
            &MIMEOLE_DIRECT_TO_MX,
            text!(
                description: (
                    "Microsoft mail library, sent straight to our mail server",
                    "Bibliothèque de messagerie Microsoft, envoyée directement à notre serveur"
                ),
                explanation: (
                    "The message carries the X-MimeOLE field of Microsoft's desktop mail programs, yet the sender's own machine handed it straight to our mail exchanger instead of going through its provider's server, and no DKIM signature vouches for it. Infected Windows machines send spam this way.",
                    "Le message porte le champ X-MimeOLE des logiciels de messagerie de bureau de Microsoft, mais la machine de l'expéditeur l'a remis directement à notre serveur au lieu de passer par le serveur de son fournisseur, et aucune signature DKIM ne le cautionne. Les machines Windows infectées envoient du spam ainsi."
                ),
                fix: (
                    "Send through your provider's mail server.",
                    "Envoyez par le serveur de messagerie de votre fournisseur."
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

    /// The tests of this file that fire on a message with these header
    /// lines.
    fn fired_on(header: &str) -> Vec<String> {
        let message = format!("{header}From: a@example.com\nSubject: hi\n\nbody\n");
        fired(rules(), &analyse(&message), &Inputs::default())
    }

    #[test]
    fn random_mailers() {
        assert_eq!(fired_on("X-Mailer: Xqzvbnt 4.2\n"), ["XM_RANDOM"]);
        for spared in [
            "X-Mailer: QUALCOMM Windows Eudora\n",
            "X-Mailer: qmail-inject\n",
            "X-Mailer: Foxmail q1\n",
            "X-Mailer: AspQMail 1.0\n",
            "X-Mailer: XQZV 42\n",
            "X-Mailer: Xqzvbnt 4.2\nIn-Reply-To: <1@example.com>\n",
        ] {
            assert!(fired_on(spared).is_empty(), "{spared}");
        }
    }

    #[test]
    fn mimeole_straight_to_mx() {
        let received = "Received: from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n";
        let mimeole = "X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1106\n";
        assert_eq!(
            fired_on(&format!("{received}{mimeole}")),
            ["MIMEOLE_DIRECT_TO_MX"]
        );
        assert!(fired_on(received).is_empty());
        assert!(fired_on(&format!("{received}{mimeole}DKIM-Signature: v=1\n")).is_empty());
    }
}
