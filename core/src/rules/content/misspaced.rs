//! A From field whose display name runs into the address with no blank,
//! `Name<user@example.com>`: mail programs always put a space there, some
//! bulk-mail tools do not (SpamAssassin's FROM_MISSP_* tests).

use super::conversation::{DKIM_EXISTS, NOT_SPOOFED};
use super::fraud::{
    BUGGED_IMAGE, HAS_LIST_UNSUBSCRIBE, HTML_COMMENT, QUOTED_PRINTABLE, UNSUBSCRIBE_LINK,
};
use super::layout::FROM_TO_SAME_DOMAIN;
use super::priority::TO_LOWER_CASE;
use super::{Expr, View, content_rule};
use crate::analysis::address::parse_address_list;
use crate::rules::{Family, Rule, RuleContext, RuleText};
use crate::text;

/// `__FROM_RUNON`: in the decoded From, non-blank text glued to a `<` that
/// opens an address.
const FROM_RUNON: Expr = Expr::Match(View::Header("From"), r"\S<\w");

/// `__FROM_RUNON_UNCODED`: the same in the From as written, unless the glued
/// text is the end of an encoded word (`?=`), which the decoding may
/// legitimately leave without a blank.
fn from_runon_uncoded(context: &RuleContext<'_>) -> bool {
    context.analysis.headers.all("From").any(|field| {
        let raw = field.raw.as_bytes();
        raw.iter().enumerate().any(|(at, &byte)| {
            let word_after = raw
                .get(at + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            let before = at.checked_sub(1).and_then(|i| raw.get(i));
            let glued = before.is_some_and(|b| !b.is_ascii_whitespace());
            let encoded_end = at >= 2 && raw.get(at - 2..at) == Some(b"?=");
            byte == b'<' && word_after && glued && !encoded_end
        })
    })
}

/// `__ENV_AND_HDR_FROM_MATCH`: the envelope sender's first address is the
/// From's first address, ignoring case (two missing ones match too).
pub(super) fn envelope_matches_from(context: &RuleContext<'_>) -> bool {
    let analysis = context.analysis;
    let envelope = analysis
        .relays
        .envelope_from(&analysis.headers)
        .and_then(|raw| parse_address_list(&raw).into_iter().next())
        .map(|mailbox| mailbox.address)
        .unwrap_or_default();
    let from = analysis
        .addresses
        .from
        .first()
        .map(|mailbox| mailbox.address.as_str())
        .unwrap_or_default();
    envelope.eq_ignore_ascii_case(from)
}

/// `__RCD_RDNS_MTA_MESSY`: the newest external relay's reverse DNS name
/// contains "mta", in any case.
const RDNS_MTA_MESSY: Expr = Expr::Match(View::RelaysExternal, r"(?i)\A[^\]]+ rdns=\S*mta");

/// `__MTLANDROID_MUA`: Motorola's Android mail client.
const ANDROID_MAILER: Expr = Expr::Match(
    View::Header("X-Mailer"),
    r"\bMotorola android mail [0-9]+\.[0-9]",
);

/// Mail programs that do write `Name<address>`: Motorola's Android client,
/// Xerox WorkCentre scanners, PHP's mail function, Amadeus and NetEase Flash
/// Mail (`__MTLANDROID_MUA`, `__XEROXWORKCTR_MUA`, `__PHP_MUA`,
/// `__AMADEUSMS_MUA`, `__FLASHMAIL_MUA`).
const RUNON_MAILER: Expr = Expr::Any(&[
    ANDROID_MAILER,
    Expr::Match(
        View::Header("X-Mailer"),
        concat!(
            r"\A(?:WorkCentre [^0-9]?[0-9][0-9.][0-9]+|PHP\s?v?/?[0-9]\.|PHP[0-9]\n?\z",
            r"|Amadeus Messaging Server|NetEase Flash Mail [0-9])",
        ),
    ),
]);

/// `__RCVD_ZIXMAIL`: an untrusted relay greeted as ZixMail's outbound
/// server.
fn via_zixmail(context: &RuleContext<'_>) -> bool {
    context
        .analysis
        .relays
        .untrusted
        .iter()
        .any(|relay| relay.helo == "smtpout.zixmail.net")
}

/// FROM_MISSP_EH_MATCH: the glued From, and the envelope sender is the From
/// address.
const FROM_MISSP_EH_MATCH: Expr = Expr::All(&[
    Expr::Fact(from_runon_uncoded),
    Expr::Fact(envelope_matches_from),
    Expr::Not(&Expr::Any(&[
        RDNS_MTA_MESSY,
        UNSUBSCRIBE_LINK,
        HTML_COMMENT,
        TO_LOWER_CASE,
        QUOTED_PRINTABLE,
        FROM_TO_SAME_DOMAIN,
        BUGGED_IMAGE,
        DKIM_EXISTS,
        Expr::Fact(via_zixmail),
        RUNON_MAILER,
    ])),
]);

/// FROM_MISSP_FREEMAIL: the glued From, at a free-mail provider (or with a
/// free-mail Reply-To).
const FROM_MISSP_FREEMAIL: Expr = Expr::All(&[
    FROM_RUNON,
    Expr::Fact(|c| c.fired("FREEMAIL_FROM") || c.fired("FREEMAIL_REPLYTO")),
    Expr::Not(&Expr::Any(&[FROM_TO_SAME_DOMAIN, ANDROID_MAILER])),
]);

/// FROM_MISSP_REPLYTO: the glued From, with a Reply-To.
const FROM_MISSP_REPLYTO: Expr = Expr::All(&[
    FROM_RUNON,
    field_exists!("Reply-To"),
    Expr::Not(&Expr::Any(&[
        NOT_SPOOFED,
        RDNS_MTA_MESSY,
        TO_LOWER_CASE,
        HTML_COMMENT,
        UNSUBSCRIBE_LINK,
        QUOTED_PRINTABLE,
        Expr::Match(View::Header("Content-Type"), r"(?i)multipart/alternative"),
        // `__JM_REACTOR_DATE`.
        Expr::Match(View::Header("Date"), r" \+0000\n?\z"),
        // `__PLING_QUERY`.
        Expr::Match(View::Header("Subject"), r"\?.*!|!.*\?"),
        HAS_LIST_UNSUBSCRIBE,
    ])),
]);

/// The texts, which differ only in what comes with the glued From.
fn missp_text(
    description: (&'static str, &'static str),
    with: (&'static str, &'static str),
) -> RuleText {
    let (with_en, with_fr) = with;
    let (description_en, description_fr) = description;
    text!(
        description: (description_en, description_fr),
        explanation: (
            format!("The From field runs the sender's name into the address with no space (Name<user@example.com>), which mail programs never write but some bulk-mail tools do; {with_en}."),
            format!("Le champ From colle le nom de l'expéditeur à l'adresse sans espace (Nom<utilisateur@exemple.com>), ce que les logiciels de messagerie n'écrivent jamais mais que certains outils d'envoi en masse font ; {with_fr}.")
        ),
        fix: (
            "Let the mail program write the From field (\"Name <address>\", with a space).",
            "Laissez le logiciel de messagerie écrire le champ From (« Nom <adresse> », avec une espace)."
        ),
    )
}

/// Registered after the free-mail and authentication tests they read.
pub(super) fn late_rules() -> Vec<Rule> {
    let rule = |name, when, text| content_rule(name, Family::Header, [1.0; 4], when, text);
    vec![
        rule(
            "FROM_MISSP_EH_MATCH",
            &FROM_MISSP_EH_MATCH,
            missp_text(
                (
                    "From name glued to the address, envelope sender the same",
                    "Nom de From collé à l'adresse, même expéditeur d'enveloppe",
                ),
                (
                    "the envelope sender repeats the From address, as such tools set both at once",
                    "l'expéditeur d'enveloppe reprend l'adresse de From, comme ces outils fixent les deux à la fois",
                ),
            ),
        ),
        rule(
            "FROM_MISSP_FREEMAIL",
            &FROM_MISSP_FREEMAIL,
            missp_text(
                (
                    "From name glued to the address, at a free-mail provider",
                    "Nom de From collé à l'adresse, chez un fournisseur gratuit",
                ),
                (
                    "the address (or the reply address) is at a free-mail provider, whose web mail writes the field properly",
                    "l'adresse (ou l'adresse de réponse) est chez un fournisseur gratuit, dont la messagerie web écrit le champ correctement",
                ),
            ),
        ),
        rule(
            "FROM_MISSP_REPLYTO",
            &FROM_MISSP_REPLYTO,
            missp_text(
                (
                    "From name glued to the address, with a Reply-To",
                    "Nom de From collé à l'adresse, avec un Reply-To",
                ),
                (
                    "replies are sent elsewhere with a Reply-To, and no server vouches for the sender",
                    "les réponses sont envoyées ailleurs avec un Reply-To, et aucun serveur ne garantit l'expéditeur",
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::Config;
    use crate::rules::freemail::Freemail;
    use crate::rules::testing::engine_fired;

    /// The FROM_MISSP_* tests the whole engine fires (they read the
    /// free-mail tests' hits), with one free-mail domain.
    fn hits(header: &str) -> Vec<String> {
        let message = format!(
            "{header}Received: from pc (unknown [203.0.113.9]) by mx.example.org (Postfix) with SMTP id A1\nTo: b@example.org\nSubject: hi\n\nhello\n"
        );
        let config = Config::default().freemail(Freemail::default().domains(["free.example"]));
        engine_fired(config, &message)
            .into_iter()
            .filter(|name| name.starts_with("FROM_MISSP"))
            .collect()
    }

    #[test]
    fn glued_from() {
        assert_eq!(
            hits(
                "From: Ann<ann@free.example>\nReturn-Path: <ann@free.example>\nReply-To: x@other.example\n"
            ),
            [
                "FROM_MISSP_EH_MATCH",
                "FROM_MISSP_FREEMAIL",
                "FROM_MISSP_REPLYTO"
            ]
        );
        assert_eq!(
            hits("From: Ann<ann@biz.example>\nReturn-Path: <bulk@biz.example>\n"),
            Vec::<String>::new()
        );
        // With the space, or after an encoded word.
        assert!(hits("From: Ann <ann@free.example>\nReturn-Path: <ann@free.example>\nReply-To: x@other.example\n").is_empty());
        assert!(
            hits("From: =?utf-8?Q?Ann?=<ann@biz.example>\nReturn-Path: <ann@biz.example>\n")
                .is_empty()
        );
    }
}
