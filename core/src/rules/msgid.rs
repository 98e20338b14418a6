//! Message-ID tests: identifiers whose shape does not match the mail program
//! the message claims to come from, and identifiers added by a server on the
//! way rather than by the sender's program.

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;
use crate::rules::content::{Expr, View, content_rule};
use crate::rules::mua::{message_ids, names_outlook_express};
use crate::rules::received_chain::received_fields_removed;
use crate::rules::{Family, Rule, RuleContext, builtin_regex};
use crate::{Localized, text};

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| builtin_regex($re));
    };
}

// Whole identifiers, one value at a time.
pattern!(
    OE_HOTMAIL_ID,
    r"^<[-0-9A-Za-z]{7}[0-9A-Za-z]{20}@hotmail\.com>$"
);
pattern!(
    OE_DOLLAR_ID,
    r"^<(?:[0-9a-f]{12}|[0-9a-f]{8})\$[0-9a-f]{8}\$[0-9a-f]{8}@\S+>$"
);
pattern!(VISTA_ID, r"^<[0-9A-F]{32}@\S+>$");
pattern!(IMS_ID, r"^<[0-9A-F]{36,40}@\S+>$");
pattern!(OIMO_ID, r"^<[A-P]{28}\.[-0-9A-Za-z_.]+@\S+>$");
pattern!(
    MICROSOFT_CLOUD_ID,
    r"(?i)^<[0-9a-z]{30,45}@[^>]*\.(?:outlook|exchangelabs).com>$"
);
pattern!(
    HOTMAIL_DAV_ID,
    r"^<[A-Z]{3}[0-9]+-(?:DAV|SMTP)[0-9]+[0-9A-Z]{25}@phx\.gbl>$"
);
pattern!(
    SYMPATICO_ID,
    r"^<BAYC[0-9]+-PASMTP[0-9]+[0-9A-Z]{25}@CEZ\.ICE>$"
);
pattern!(GROUPS_IO_ID, r"^<[0-9A-Fa-f]+\.[0-9A-Fa-f]+@groups.io>$");
pattern!(ADDRESS_ID, r"(?m)^<.+@.+>$");
// The whole List-Unsubscribe text (every value and its line break).
pattern!(
    LIST_REMAILER_UNSUBSCRIBE,
    r"<mailto:(?:leave-\S+|\S+-unsubscribe)@\S+>\n?\z"
);
// Outlook builds that may write other identifier shapes.
pattern!(OUTLOOK_3416, r"^Microsoft Outlook, Build 10.0.3416$");
pattern!(
    OUTLOOK_EXPRESS_3790,
    r"^Microsoft Outlook Express 6.00.3790.3959$"
);
pattern!(
    FREE_MAIL_ID_DOMAIN,
    r"@[a-z0-9.-]+\.(?:yahoo|wanadoo)(?:\.[a-z]{2,3}){1,2}>"
);
pattern!(FROM_HOTMAIL, r"(?i)@hotmail\.com(?-u:\b)");
pattern!(
    EUDORA_MAILER,
    r"^QUALCOMM Windows Eudora (?:Pro |Light )?Version [3-6]\."
);
pattern!(
    EUDORA_ID,
    r"^<(?:[0-9]{1,2}\.){3,5}[0-9]{14}\.[0-9a-f]{8}@\S+(?:\sport\s[0-9]+)?>$"
);

/// Whether some MESSAGEID value matches `re`.
fn any_id(analysis: &Analysis, re: &Regex) -> bool {
    message_ids(analysis).any(|id| re.is_match(id))
}

/// SpamAssassin's `__UNUSABLE_MSGID`: identifiers that relays, list managers
/// or providers rewrote, so that their shape says nothing about the sender's
/// program.
fn unusable_message_id(analysis: &Analysis) -> bool {
    let headers = &analysis.headers;
    let received = headers.get("Received").unwrap_or_default();
    let groups_io_gated = any_id(analysis, &GROUPS_IO_ID)
        && headers
            .get("X-Orig-Message-Id")
            .is_some_and(|value| ADDRESS_ID.is_match(&value));
    any_id(analysis, &MICROSOFT_CLOUD_ID)
        || list_remailer(analysis)
        || received_fields_removed(analysis)
        || received.contains("/CWT/DCE)")
        || received.contains("iPlanet Messaging Server")
        || any_id(analysis, &HOTMAIL_DAV_ID)
        || (any_id(analysis, &SYMPATICO_ID) && groups_io_gated)
}

/// SpamAssassin's `__LYRIS_EZLM_REMAILER`: the last List-Unsubscribe value
/// is the `leave-…@` or `…-unsubscribe@` address of a Lyris or ezmlm list.
pub(crate) fn list_remailer(analysis: &Analysis) -> bool {
    analysis
        .headers
        .get("List-Unsubscribe")
        .is_some_and(|value| LIST_REMAILER_UNSUBSCRIBE.is_match(&value))
}

/// The X-Mailer value, when there is exactly one.
fn only_mailer(analysis: &Analysis) -> Option<&str> {
    let mut mailers = analysis.headers.all("X-Mailer");
    match (mailers.next(), mailers.next()) {
        (Some(only), None) => Some(only.decoded.as_str()),
        _ => None,
    }
}

/// Which Outlook the X-Mailer names, when its identifiers have a known shape
/// the message's does not have. `None` when the message is not one.
fn forged_outlook(analysis: &Analysis) -> Option<String> {
    let first = analysis.headers.first("X-Mailer")?;
    let only = only_mailer(analysis);
    if only.is_some_and(|mailer| {
        OUTLOOK_3416.is_match(mailer) || OUTLOOK_EXPRESS_3790.is_match(mailer)
    }) || any_id(analysis, &VISTA_ID)
    {
        return None;
    }
    let outlook_express = analysis
        .headers
        .all("X-Mailer")
        .map(|field| field.decoded.as_str())
        .find(|mailer| names_outlook_express(mailer));
    let unusable = || unusable_message_id(analysis);
    let oe_shaped = || any_id(analysis, &OE_HOTMAIL_ID) || any_id(analysis, &OE_DOLLAR_ID);
    if let Some(mailer) = outlook_express
        && !oe_shaped()
        && !unusable()
    {
        return Some(mailer.to_owned());
    }
    let dollars_outlook = [
        "Microsoft Outlook 8.",
        "Microsoft Outlook CWS, Build 9.",
        "Microsoft Outlook, Build 10.",
    ]
    .iter()
    .any(|prefix| first.starts_with(prefix));
    let other_shape =
        || message_ids(analysis).any(|id| id.starts_with("<!~!")) || any_id(analysis, &IMS_ID);
    if dollars_outlook && !any_id(analysis, &OE_DOLLAR_ID) && !other_shape() && !unusable() {
        return Some(first.to_owned());
    }
    (only == Some("Outlook")).then(|| "Outlook".to_owned())
}

/// FORGED_MUA_OUTLOOK: X-Mailer names Outlook or Outlook Express, but the
/// message identifier has none of the shapes those programs write.
fn forged_mua_outlook(context: &RuleContext<'_>) -> Option<Localized> {
    Some(not_its_form(&forged_outlook(context.analysis)?))
}

/// FORGED_MUA_IMS: X-Mailer names Microsoft's Internet Mail Service, whose
/// identifiers are 36 to 40 upper-case hexadecimal digits, and the
/// identifier is not one.
fn forged_mua_ims(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    let mailer = analysis
        .headers
        .all("X-Mailer")
        .map(|field| field.decoded.as_str())
        .find(|mailer| mailer.contains("Internet Mail Service"))?;
    (!any_id(analysis, &IMS_ID) && !unusable_message_id(analysis)).then(|| not_its_form(mailer))
}

/// FORGED_MUA_OIMO: X-Mailer names Outlook IMO, whose identifiers are 28
/// letters A to P, a dot and a word; the identifier is neither that nor
/// Outlook Express's form.
fn forged_mua_oimo(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    let mailer = analysis
        .headers
        .all("X-Mailer")
        .map(|field| field.decoded.as_str())
        .find(|mailer| mailer.contains("Outlook IMO"))?;
    let own_shape = any_id(analysis, &OIMO_ID) || any_id(analysis, &OE_DOLLAR_ID);
    (!own_shape && !unusable_message_id(analysis)).then(|| not_its_form(mailer))
}

fn not_its_form(mailer: &str) -> Localized {
    Localized::new(
        format!("X-Mailer: {mailer}, but the message ID is not in its form"),
        format!("X-Mailer : {mailer}, mais l'identifiant du message n'a pas sa forme"),
    )
}

/// MSGID_FROM_MTA_HEADER: a Message-ID field above a Received field, i.e.
/// added by a server on the way because the sender's program wrote none.
/// Yahoo! and Wanadoo identifiers, and Hotmail senders, are exempt: their
/// servers add the field themselves.
fn msgid_from_mta(context: &RuleContext<'_>) -> Option<Localized> {
    let headers = &context.analysis.headers;
    let fields = &headers.fields;
    let id_at = fields
        .iter()
        .position(|field| field.name.eq_ignore_ascii_case("Message-Id"))?;
    let received_below = fields
        .iter()
        .skip(id_at + 1)
        .any(|field| field.name.eq_ignore_ascii_case("Received"));
    let free_mail_id = headers
        .get("Message-Id")
        .is_some_and(|ids| FREE_MAIL_ID_DOMAIN.is_match(&ids));
    let hotmail_sender = headers
        .get("From")
        .is_some_and(|from| FROM_HOTMAIL.is_match(&from));
    (received_below && !free_mail_id && !hotmail_sender).then(|| {
        let id = fields
            .get(id_at)
            .map(|field| field.decoded.as_str())
            .unwrap_or_default();
        Localized::new(
            format!("Message-ID {id} sits above a Received field"),
            format!("le Message-ID {id} se trouve au-dessus d'un champ Received"),
        )
    })
}

/// FORGED_MUA_EUDORA: X-Mailer names Eudora 3 to 6 for Windows, whose
/// identifiers are dotted numbers, a 14-digit time stamp and 8 hexadecimal
/// digits; the identifier is not one, nor one a server or list rewrote, and
/// the message came through no list and got no server-made identifier.
fn forged_mua_eudora(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    let mailer = analysis
        .headers
        .first("X-Mailer")
        .filter(|mailer| EUDORA_MAILER.is_match(mailer))?;
    let excused = any_id(analysis, &EUDORA_ID)
        || unusable_message_id(analysis)
        || context.fired("MAILING_LIST_MULTI")
        || context.fired("MSGID_FROM_MTA_HEADER");
    (!excused).then(|| not_its_form(mailer))
}

/// MSGID_SPAM_CAPS: a Message-ID whose part before the `@` is capital
/// letters only (`<QWERTYZ@…>`), outside two old web mail services that
/// wrote such identifiers.
const MSGID_SPAM_CAPS: Expr = Expr::All(&[
    Expr::Match(View::Header("Message-ID"), r"\A\s*<?[A-Z]+@"),
    Expr::Not(&Expr::Match(
        View::Header("Message-ID"),
        r"\A\s*<?[A-Z]+@(?:mailcity|whowhere)\.com",
    )),
]);

/// MSGID_YAHOO_CAPS: a Message-ID of capital letters at yahoo.com, which
/// Yahoo!'s servers never wrote.
const MSGID_YAHOO_CAPS: Expr = Expr::Match(View::Header("Message-ID"), r"<[A-Z]+@yahoo.com>");

/// TT_MSGID_TRUNC: a Message-ID cut short after `[` and digits, with no
/// closing `>`.
const TT_MSGID_TRUNC: Expr =
    Expr::Match(View::Header("Message-Id"), r"\A\s*<?[^<>\s]+\[[0-9]+\n?\z");

/// FORGED_MSGID_YAHOO: a message identifier at yahoo.com on mail whose
/// From is not at yahoo.com.
const FORGED_MSGID_YAHOO: Expr = Expr::All(&[
    Expr::Match(View::MessageIds, r"(?i)@yahoo\.com\b"),
    Expr::Not(&Expr::Match(View::Header("From"), r"(?i)@yahoo\.com\b")),
]);

/// FORGED_MSGID_EXCITE: a message identifier at excite.com on mail that no
/// excite.com server handled.
const FORGED_MSGID_EXCITE: Expr = Expr::All(&[
    Expr::Match(View::MessageIds, r"(?i)@excite\.com\b"),
    Expr::Not(&Expr::Match(
        View::Header("Received"),
        r"(?i)\.excite\.com\b",
    )),
]);

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "FORGED_MSGID_YAHOO",
            Family::Header,
            [0.1; 4],
            &FORGED_MSGID_YAHOO,
            text!(
                description: (
                    "Message-ID claims Yahoo! but the sender is elsewhere",
                    "Le Message-ID se réclame de Yahoo! mais l'expéditeur est ailleurs"
                ),
                explanation: (
                    "The message identifier ends in @yahoo.com, as if Yahoo! Mail had written it, but the From address is not at yahoo.com. Spam software borrows Yahoo!'s name for its identifiers.",
                    "L'identifiant du message se termine par @yahoo.com, comme si Yahoo! Mail l'avait écrit, mais l'adresse From n'est pas chez yahoo.com. Les logiciels de spam empruntent le nom de Yahoo! pour leurs identifiants."
                ),
                fix: (
                    "Let the server that really sends the message write its Message-ID.",
                    "Laissez le serveur qui envoie vraiment le message écrire son Message-ID."
                ),
            ),
        ),
        content_rule(
            "FORGED_MSGID_EXCITE",
            Family::Header,
            [2.399, 1.899, 1.649, 0.528],
            &FORGED_MSGID_EXCITE,
            text!(
                description: (
                    "Message-ID claims Excite but no Excite server handled the message",
                    "Le Message-ID se réclame d'Excite mais aucun serveur d'Excite n'a traité le message"
                ),
                explanation: (
                    "The message identifier ends in @excite.com, as if Excite's mail service had written it, yet no Received field shows an excite.com server. The identifier was made up.",
                    "L'identifiant du message se termine par @excite.com, comme si le service de messagerie d'Excite l'avait écrit, mais aucun champ Received ne montre de serveur excite.com. L'identifiant a été inventé."
                ),
                fix: (
                    "Let the server that really sends the message write its Message-ID.",
                    "Laissez le serveur qui envoie vraiment le message écrire son Message-ID."
                ),
            ),
        ),
        content_rule(
            "MSGID_SPAM_CAPS",
            Family::Header,
            [2.366, 1.997, 3.099, 3.099],
            &MSGID_SPAM_CAPS,
            text!(
                description: (
                    "Message-ID is capital letters before the @",
                    "L'identifiant du message est en majuscules avant le @"
                ),
                explanation: (
                    "The part of the message identifier before the @ is made of capital letters only, such as <QWERTYZ@example.com>. Mail programs and servers build identifiers from the time, counters and random digits; a run of capitals is the mark of bulk-mail software.",
                    "La partie de l'identifiant du message avant le @ n'est faite que de majuscules, comme <QWERTYZ@example.com>. Les logiciels et serveurs de messagerie construisent les identifiants à partir de l'heure, de compteurs et de chiffres aléatoires ; une suite de majuscules est la marque d'un logiciel d'envoi en masse."
                ),
                fix: (
                    "Let your mail library or outgoing server write the Message-ID.",
                    "Laissez votre bibliothèque d'envoi ou votre serveur sortant écrire le Message-ID."
                ),
            ),
        ),
        content_rule(
            "MSGID_YAHOO_CAPS",
            Family::Header,
            [0.797, 1.413, 2.278, 1.411],
            &MSGID_YAHOO_CAPS,
            text!(
                description: (
                    "Message-ID of capital letters at yahoo.com",
                    "Identifiant du message en majuscules chez yahoo.com"
                ),
                explanation: (
                    "The message identifier is capital letters followed by @yahoo.com. Yahoo!'s servers never wrote identifiers of that shape: the sender made it up to look like Yahoo! mail.",
                    "L'identifiant du message est fait de majuscules suivies de @yahoo.com. Les serveurs de Yahoo! n'ont jamais écrit d'identifiants de cette forme : l'expéditeur l'a inventé pour ressembler à du courrier Yahoo!."
                ),
                fix: (
                    "Let the server that really sends the message write its Message-ID.",
                    "Laissez le serveur qui envoie vraiment le message écrire son Message-ID."
                ),
            ),
        ),
        content_rule(
            "TT_MSGID_TRUNC",
            Family::Header,
            [0.748, 0.023, 1.434, 1.448],
            &TT_MSGID_TRUNC,
            text!(
                description: (
                    "Message-Id cut short",
                    "Message-Id tronqué"
                ),
                explanation: (
                    "The message identifier stops after a \"[\" and digits, without its closing \">\": it was cut short by the program that wrote it. Bulk-mail software that fills a fixed-size template does this.",
                    "L'identifiant du message s'arrête après un « [ » et des chiffres, sans son « > » fermant : le programme qui l'a écrit l'a tronqué. Les logiciels d'envoi en masse qui remplissent un modèle de taille fixe font cela."
                ),
                fix: (
                    "Let your mail library write a complete Message-Id, such as <unique-string@your-domain>.",
                    "Laissez votre bibliothèque d'envoi écrire un Message-Id complet, comme <chaîne-unique@votre-domaine>."
                ),
            ),
        ),
        Rule::new(
            "FORGED_MUA_OUTLOOK",
            Family::Header,
            [3.999, 2.785, 2.5, 1.927],
            text!(
                description: (
                    "Claims to be Outlook, but the message ID says otherwise",
                    "Se dit écrit avec Outlook, mais l'identifiant du message dit autre chose"
                ),
                explanation: (
                    "The X-Mailer field names Microsoft Outlook or Outlook Express, which build their message identifiers in a fixed form. This message's identifier has another form, so it was written by a different program pretending to be Outlook, a habit of spam software.",
                    "Le champ X-Mailer nomme Microsoft Outlook ou Outlook Express, qui construisent leurs identifiants de message selon une forme fixe. L'identifiant de ce message a une autre forme : il a donc été écrit par un autre programme qui se fait passer pour Outlook, une habitude des logiciels de spam."
                ),
                fix: (
                    "Do not set an X-Mailer field naming a program you are not using; let your real mail software write its own fields.",
                    "N'indiquez pas dans X-Mailer un programme que vous n'utilisez pas ; laissez votre vrai logiciel de messagerie écrire ses propres champs."
                ),
            ),
            forged_mua_outlook,
        ),
        Rule::new(
            "FORGED_MUA_IMS",
            Family::Header,
            [2.399, 2.399, 2.399, 1.943],
            text!(
                description: (
                    "Claims to be Microsoft's Internet Mail Service, but the message ID says otherwise",
                    "Se dit envoyé par Internet Mail Service de Microsoft, mais l'identifiant du message dit autre chose"
                ),
                explanation: (
                    "The X-Mailer field names Microsoft's Internet Mail Service (Exchange), which writes message identifiers of 36 to 40 hexadecimal digits. This message's identifier is not one, so another program borrowed the name.",
                    "Le champ X-Mailer nomme Internet Mail Service (Exchange) de Microsoft, qui écrit des identifiants de message de 36 à 40 chiffres hexadécimaux. L'identifiant de ce message n'en est pas un : un autre programme a emprunté ce nom."
                ),
                fix: (
                    "Do not set an X-Mailer field naming a program you are not using; let your real mail software write its own fields.",
                    "N'indiquez pas dans X-Mailer un programme que vous n'utilisez pas ; laissez votre vrai logiciel de messagerie écrire ses propres champs."
                ),
            ),
            forged_mua_ims,
        ),
        Rule::new(
            "FORGED_MUA_OIMO",
            Family::Header,
            [2.6, 2.599, 2.599, 2.599],
            text!(
                description: (
                    "Claims to be Outlook IMO, but the message ID says otherwise",
                    "Se dit écrit avec Outlook IMO, mais l'identifiant du message dit autre chose"
                ),
                explanation: (
                    "The X-Mailer field names Microsoft Outlook in Internet-only mode, which builds its message identifiers in a fixed form. This message's identifier has another form, so another program borrowed the name.",
                    "Le champ X-Mailer nomme Microsoft Outlook en mode Internet seul, qui construit ses identifiants de message selon une forme fixe. L'identifiant de ce message a une autre forme : un autre programme a emprunté ce nom."
                ),
                fix: (
                    "Do not set an X-Mailer field naming a program you are not using; let your real mail software write its own fields.",
                    "N'indiquez pas dans X-Mailer un programme que vous n'utilisez pas ; laissez votre vrai logiciel de messagerie écrire ses propres champs."
                ),
            ),
            forged_mua_oimo,
        ),
        Rule::new(
            "MSGID_FROM_MTA_HEADER",
            Family::Header,
            [0.401, 0.001, 0.473, 0.001],
            text!(
                description: (
                    "The Message-ID was added by a server on the way",
                    "Le Message-ID a été ajouté par un serveur en chemin"
                ),
                explanation: (
                    "The Message-ID field sits above a Received field: it was added by a mail server that relayed the message, because the sending program wrote none. Ordinary mail programs always write one; bulk-mail scripts often do not.",
                    "Le champ Message-ID se trouve au-dessus d'un champ Received : il a été ajouté par un serveur qui a relayé le message, car le programme d'envoi n'en avait pas écrit. Les logiciels de messagerie ordinaires en écrivent toujours un ; les scripts d'envoi en masse souvent pas."
                ),
                fix: (
                    "Have the sending program write a Message-ID field (e.g. <unique-id@your-domain>) in every message.",
                    "Faites écrire un champ Message-ID (par exemple <identifiant-unique@votre-domaine>) dans chaque message par le programme d'envoi."
                ),
            ),
            msgid_from_mta,
        ),
        // After MSGID_FROM_MTA_HEADER, whose hit it reads.
        Rule::new(
            "FORGED_MUA_EUDORA",
            Family::Header,
            [2.828, 2.51, 1.962, 0.001],
            text!(
                description: (
                    "Claims to be Eudora, but the message ID says otherwise",
                    "Se dit écrit avec Eudora, mais l'identifiant du message dit autre chose"
                ),
                explanation: (
                    "The X-Mailer field names Eudora for Windows, which builds its message identifiers from numbers and a time stamp in a fixed form. This message's identifier has another form, so another program borrowed Eudora's name.",
                    "Le champ X-Mailer nomme Eudora pour Windows, qui construit ses identifiants de message à partir de nombres et d'un horodatage selon une forme fixe. L'identifiant de ce message a une autre forme : un autre programme a emprunté le nom d'Eudora."
                ),
                fix: (
                    "Do not set an X-Mailer field naming a program you are not using; let your real mail software write its own fields.",
                    "N'indiquez pas dans X-Mailer un programme que vous n'utilisez pas ; laissez votre vrai logiciel de messagerie écrire ses propres champs."
                ),
            ),
            forged_mua_eudora,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing;

    /// The tests of this family firing on a message with these header lines
    /// under one Received field.
    fn fired(header: &str) -> Vec<String> {
        let message = format!(
            "Received: from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n{header}From: a@example.com\nSubject: hi\n\nbody\n"
        );
        testing::fired(rules(), &testing::analyse(&message), &Inputs::default())
    }

    const OE: &str = "X-Mailer: Microsoft Outlook Express 6.00.2600.0000\n";

    #[test]
    fn outlook_express_with_a_foreign_id() {
        assert_eq!(
            fired(&format!("{OE}Message-ID: <20030101.abc@example.com>\n")),
            ["FORGED_MUA_OUTLOOK"]
        );
        assert!(
            fired(&format!(
                "{OE}Message-ID: <000a01c2b1e5$3f4e5d60$0100a8c0@pc>\n"
            ))
            .is_empty()
        );
        // An Exchange-rewritten identifier says nothing about the program.
        assert!(
            fired(&format!(
                "{OE}Message-ID: <0123456789ABCDEF0123456789ABCDEF@example.com>\n"
            ))
            .is_empty()
        );
    }

    #[test]
    fn other_outlook_mailers() {
        let id = "Message-ID: <20030101.abc@example.com>\n";
        assert_eq!(
            fired(&format!(
                "X-Mailer: Microsoft Outlook, Build 10.0.2627\n{id}"
            )),
            ["FORGED_MUA_OUTLOOK"]
        );
        assert_eq!(
            fired(&format!("X-Mailer: Outlook\n{id}")),
            ["FORGED_MUA_OUTLOOK"]
        );
        // Builds known to write other identifiers, and other programs.
        assert!(
            fired(&format!(
                "X-Mailer: Microsoft Outlook, Build 10.0.3416\n{id}"
            ))
            .is_empty()
        );
        assert!(fired(&format!("X-Mailer: Outlook Web Access\n{id}")).is_empty());
        assert!(fired(&format!("X-Mailer: Mutt 1.5\n{id}")).is_empty());
    }

    #[test]
    fn outlook_imo() {
        let imo = "X-Mailer: Microsoft Outlook IMO, Build 9.0.2416 (9.0.2911.0)\n";
        assert_eq!(
            fired(&format!("{imo}Message-ID: <20030101.abc@example.com>\n")),
            ["FORGED_MUA_OIMO"]
        );
        assert!(
            fired(&format!(
                "{imo}Message-ID: <ABCDEFGHIJKLMNOPABCDEFGHIJKL.joe@example.com>\n"
            ))
            .is_empty()
        );
    }

    #[test]
    fn internet_mail_service() {
        let ims = "X-Mailer: Internet Mail Service (5.5.2653.19)\n";
        assert_eq!(
            fired(&format!("{ims}Message-ID: <20030101.abc@example.com>\n")),
            ["FORGED_MUA_IMS"]
        );
        assert!(
            fired(&format!(
                "{ims}Message-ID: <0123456789ABCDEF0123456789ABCDEF01234567@example.com>\n"
            ))
            .is_empty()
        );
    }

    #[test]
    fn message_id_above_received() {
        let message = "Message-ID: <1@example.com>\nReceived: from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\nFrom: a@example.com\n\nbody\n";
        let analysis = testing::analyse(message);
        assert_eq!(
            testing::fired(rules(), &analysis, &Inputs::default()),
            ["MSGID_FROM_MTA_HEADER"]
        );
        // Below the Received field, or a Yahoo! identifier.
        assert!(fired("Message-ID: <1@example.com>\n").is_empty());
        let yahoo = message.replace("<1@example.com>", "<1@web1.mail.yahoo.com>");
        assert!(testing::fired(rules(), &testing::analyse(&yahoo), &Inputs::default()).is_empty());
    }

    #[test]
    fn eudora_ids() {
        let eudora = "X-Mailer: QUALCOMM Windows Eudora Version 5.1\n";
        assert_eq!(
            fired(&format!("{eudora}Message-ID: <20030101.abc@example.com>\n")),
            ["FORGED_MUA_EUDORA"]
        );
        assert!(
            fired(&format!(
                "{eudora}Message-ID: <5.1.0.14.2.20030101123456.00a1b2c3@mail.example.com>\n"
            ))
            .is_empty()
        );
        assert!(
            fired("X-Mailer: QUALCOMM Windows Eudora Version 7.1\nMessage-ID: <1@example.com>\n")
                .is_empty()
        );
        // A server-made identifier, seen by the whole engine.
        let engine = crate::Engine::new(crate::Config::default()).unwrap_or_else(|e| panic!("{e}"));
        let check = |message: &str| {
            engine
                .check(message.as_bytes(), &Inputs::default())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let server_made = format!(
            "Message-ID: <1@example.com>\nReceived: from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n{eudora}From: a@example.com\nSubject: hi\n\nbody\n"
        );
        testing::assert_hits(
            &check(&server_made),
            &["MSGID_FROM_MTA_HEADER"],
            &["FORGED_MUA_EUDORA"],
        );
        let own = server_made.replacen("Message-ID: <1@example.com>\n", "", 1);
        let own = own.replace("Subject: hi", "Subject: hi\nMessage-ID: <1@example.com>");
        testing::assert_hits(&check(&own), &["FORGED_MUA_EUDORA"], &[]);
    }

    #[test]
    fn capital_identifiers() {
        let check = |id: &str| fired(&format!("Message-ID: {id}\n"));
        assert_eq!(check("<QWERTYZ@example.com>"), ["MSGID_SPAM_CAPS"]);
        assert_eq!(
            check("<ABCDEF@yahoo.com>"),
            ["FORGED_MSGID_YAHOO", "MSGID_SPAM_CAPS", "MSGID_YAHOO_CAPS"]
        );
        assert!(check("<QWERTYZ@mailcity.com>").is_empty());
        assert!(check("<QWERTy@example.com>").is_empty());
        assert_eq!(check("<20030101.ABC@yahoo.com>"), ["FORGED_MSGID_YAHOO"]);
    }

    #[test]
    fn truncated_identifier() {
        assert_eq!(
            fired("Message-Id: <200301011200.h01ABCD[12345\n"),
            ["TT_MSGID_TRUNC"]
        );
        assert!(fired("Message-Id: <200301011200.h01ABCD[12345]@example.com>\n").is_empty());
    }

    #[test]
    fn borrowed_webmail_identifiers() {
        assert_eq!(
            fired("Message-ID: <20030101.12345@yahoo.com>\n"),
            ["FORGED_MSGID_YAHOO"]
        );
        let yahoo = "Message-ID: <20030101.12345@yahoo.com>\nFrom: b@yahoo.com\n";
        assert!(!fired(yahoo).contains(&"FORGED_MSGID_YAHOO".to_owned()));
        assert_eq!(
            fired("Message-ID: <20030101.12345@excite.com>\n"),
            ["FORGED_MSGID_EXCITE"]
        );
        let excite = "Received: from a (b [203.0.113.1]) by mx1.excite.com with SMTP id 1\nMessage-ID: <20030101.12345@excite.com>\n";
        assert!(!fired(excite).contains(&"FORGED_MSGID_EXCITE".to_owned()));
    }
}
