//! How the To field is written: Microsoft's mail programs put every address
//! in angle brackets, software imitating them often does not.

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;
use crate::rules::content::envelope_sender_matches_relay;
use crate::rules::lists::via_mailing_list;
use crate::rules::msgid::list_remailer;
use crate::rules::mua::outlook_mailer;
use crate::rules::{Family, Rule, RuleContext, builtin_regex};
use crate::{Localized, text};

/// A well-formed Outlook Thread-Index: base64 of 22 or 27 bytes.
static THREAD_INDEX: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^A[0-9A-Za-z][0-9A-Za-z+/]{27}(?:[0-9A-Za-z+/]{20})?(?:[AQgw]==|[0-9A-Za-z+/]{7}|[0-9A-Za-z+/]{13}[AEIMQUYcgkosw048]=)$",
    )
});

/// Links about unsubscribing, subscriptions, abuse or opting out.
static UNSUBSCRIBE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)(?-u:\b)(?:(?:un)?subscri(?:ber?|ptions?)|abuses?|opt(?:ing)?.?out)(?-u:\b)",
    )
});

/// An RFC 2047 quoted-printable encoded word.
static ENCODED_QP: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"(?i)=\?\S+\?Q\?"));

/// "Undisclosed recipients" in English, French or Italian.
static UNDISCLOSED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)(?-u:\b)(?:undisclosed[-\s]recipients|destinataires inconnus|destinatari nascosti)(?-u:\b)",
    )
});

/// `__THREAD_INDEX_GOOD`: a well-formed Outlook Thread-Index.
pub(crate) fn thread_index_good(analysis: &Analysis) -> bool {
    analysis
        .headers
        .get("Thread-Index")
        .is_some_and(|value| THREAD_INDEX.is_match(value.trim_end_matches('\n')))
}

/// `__TO_UNDISCLOSED`: the To field says the recipients are undisclosed.
pub(crate) fn to_undisclosed(analysis: &Analysis) -> bool {
    analysis
        .headers
        .get("To")
        .is_some_and(|to| UNDISCLOSED.is_match(&to))
}

/// Whether the To text (every value and its line break) has no address in
/// angle brackets: no `>` closing the text or followed by a comma. Without a
/// To field at all, none has.
pub(crate) fn to_without_brackets(to: Option<&str>) -> bool {
    to.is_none_or(|to| !to.contains(">,") && !to.strip_suffix('\n').unwrap_or(to).ends_with('>'))
}

/// The mail program the message names when it is Outlook or says it used
/// Microsoft's MIME library.
fn outlook_named(analysis: &Analysis) -> Option<&str> {
    let headers = &analysis.headers;
    let outlook = outlook_mailer(analysis);
    outlook.or_else(|| {
        headers
            .first("X-MimeOLE")
            .filter(|mimeole| mimeole.starts_with("Produced By Microsoft MimeOLE"))
    })
}

/// `__NAME_EQ_EMAIL`: the raw From shows an address, then (after quotes or
/// blanks) the same address in angle brackets: `a@b.example <a@b.example>`.
fn name_repeats_address(from_raw: &str) -> bool {
    let is_local = |c: char| c.is_ascii_alphanumeric() || "_+.-".contains(c);
    let lower = from_raw.to_ascii_lowercase();
    lower.match_indices('<').any(|(open, _)| {
        let inside = lower.get(open + 1..).unwrap_or_default().trim_start();
        let Some(close) = inside.find('>') else {
            return false;
        };
        let address = inside.get(..close).unwrap_or_default();
        let before = lower
            .get(..open)
            .unwrap_or_default()
            .trim_end_matches(|c: char| c.is_ascii_whitespace() || "\"'`".contains(c));
        let shaped = address.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && local.chars().all(is_local)
                && domain.rsplit_once('.').is_some_and(|(head, tld)| {
                    !head.is_empty()
                        && head
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
                        && tld.len() >= 2
                        && tld.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                })
        });
        shaped && before.ends_with(address)
    })
}

/// SpamAssassin's `__NOT_SPOOFED`: the sender is vouched for (SPF pass, a
/// valid DKIM signature), the client authenticated, or every hop is ours.
pub(crate) fn not_spoofed(context: &RuleContext<'_>) -> bool {
    let relays = &context.analysis.relays;
    let vouched = context.fired("SPF_PASS") || context.fired("DKIM_VALID");
    let client_unauthenticated = relays
        .last_external()
        .is_some_and(|relay| !relay.authenticated());
    let all_trusted =
        !relays.trusted.is_empty() && relays.untrusted.is_empty() && relays.unparseable == 0;
    vouched || !client_unauthenticated || all_trusted
}

/// Signs that the message is an ordinary reply, list mail or a real
/// Exchange/Outlook message: any of them keeps TO_NO_BRKTS_MSFT quiet.
fn legitimate_signs(context: &RuleContext<'_>) -> bool {
    let analysis = context.analysis;
    let headers = &analysis.headers;
    let raw_matches =
        |name: &str, re: &Regex| headers.all(name).any(|field| re.is_match(&field.raw));
    via_mailing_list(analysis)
        || list_remailer(analysis)
        || thread_index_good(analysis)
        || headers
            .get("X-MimeOLE")
            .is_some_and(|value| value.contains("Produced By Microsoft Exchange V"))
        || analysis
            .uris
            .iter()
            .flat_map(|uri| &uri.cleaned)
            .any(|uri| UNSUBSCRIBE_LINK.is_match(uri))
        || not_spoofed(context)
        || headers.exists("List-Unsubscribe")
        || headers
            .all("From")
            .any(|field| name_repeats_address(&field.raw))
        || raw_matches("Subject", &ENCODED_QP)
        || ["Thread-Index", "References", "In-Reply-To"]
            .iter()
            .any(|name| headers.exists(name))
        || raw_matches("From", &ENCODED_QP)
        || envelope_sender_matches_relay(context)
}

/// TO_NO_BRKTS_MSFT: the message names Outlook (or Microsoft's MIME
/// library), but its To field has no address in angle brackets, which
/// Outlook always writes; unless it is addressed to "undisclosed
/// recipients" or shows signs of ordinary mail.
fn to_no_brackets_microsoft(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    let to = analysis.headers.get("To");
    if !to_without_brackets(to.as_deref()) || to_undisclosed(analysis) {
        return None;
    }
    let program = outlook_named(analysis)?;
    if legitimate_signs(context) {
        return None;
    }
    let to = to
        .as_deref()
        .and_then(|to| to.lines().next())
        .unwrap_or_default();
    Some(Localized::new(
        format!("{program}, yet To: {to} has no angle brackets"),
        format!("{program}, mais To : {to} n'a pas de chevrons"),
    ))
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![Rule::new(
        "TO_NO_BRKTS_MSFT",
        Family::Header,
        [1.0, 1.0, 1.0, 1.0],
        text!(
            description: (
                "Claims to be from Outlook, but To has no angle brackets",
                "Se dit écrit avec Outlook, mais To n'a pas de chevrons"
            ),
            explanation: (
                "The message names Microsoft Outlook or Microsoft's mail library, which always write recipients as \"Name <address>\" with angle brackets. Here the To field has a bare address instead, and nothing about the message looks like a reply, list mail or a sender vouched for: it was most likely built by other software imitating Outlook.",
                "Le message nomme Microsoft Outlook ou la bibliothèque de messagerie de Microsoft, qui écrivent toujours les destinataires sous la forme « Nom <adresse> », avec des chevrons. Ici le champ To contient une adresse nue, et rien dans le message ne ressemble à une réponse, à du courrier de liste ou à un expéditeur authentifié : il a très probablement été fabriqué par un autre logiciel qui imite Outlook."
            ),
            fix: (
                "Do not name Outlook in X-Mailer unless Outlook wrote the message; let the real mail program write the header fields.",
                "N'indiquez pas Outlook dans X-Mailer si ce n'est pas lui qui a écrit le message ; laissez le vrai logiciel de messagerie écrire les champs d'en-tête."
            ),
        ),
        to_no_brackets_microsoft,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing;

    const HOP: &str = "Received: from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n";
    const OUTLOOK: &str = "X-Mailer: Microsoft Outlook Express 6.00.2600.0000\n";

    fn fired(header: &str) -> Vec<String> {
        let message = format!("{HOP}{header}From: a@example.com\nSubject: hi\n\nbody\n");
        testing::fired(rules(), &testing::analyse(&message), &Inputs::default())
    }

    #[test]
    fn outlook_without_brackets() {
        assert_eq!(
            fired(&format!("{OUTLOOK}To: b@example.org\n")),
            ["TO_NO_BRKTS_MSFT"]
        );
        assert_eq!(
            fired("X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2600.0000\nTo: b@example.org\n"),
            ["TO_NO_BRKTS_MSFT"]
        );
    }

    #[test]
    fn brackets_or_ordinary_mail() {
        assert!(fired(&format!("{OUTLOOK}To: Bob <b@example.org>\n")).is_empty());
        assert!(
            fired(&format!(
                "{OUTLOOK}To: b@example.org, Carol <c@example.org>\n"
            ))
            .is_empty()
        );
        assert!(fired(&format!("{OUTLOOK}To: undisclosed-recipients:;\n")).is_empty());
        assert!(
            fired(&format!(
                "{OUTLOOK}To: b@example.org\nIn-Reply-To: <1@example.org>\n"
            ))
            .is_empty()
        );
        assert!(
            fired(&format!(
                "{OUTLOOK}To: b@example.org\nList-Id: <l.example.org>\n"
            ))
            .is_empty()
        );
        assert!(fired("X-Mailer: Mutt 1.5\nTo: b@example.org\n").is_empty());
    }

    #[test]
    fn name_equal_to_address() {
        assert!(name_repeats_address(" \"a@b.example\" <a@b.example>\n"));
        assert!(name_repeats_address(" A@B.example <a@b.example>"));
        assert!(!name_repeats_address(" \"Al\" <a@b.example>"));
        assert!(!name_repeats_address(" a@b.example <c@b.example>"));
    }

    #[test]
    fn missing_to_has_no_brackets() {
        assert!(to_without_brackets(None));
        assert!(to_without_brackets(Some("b@example.org\n")));
        assert!(!to_without_brackets(Some("<b@example.org>\n")));
        assert!(!to_without_brackets(Some(
            "<b@example.org>, c@example.org\n"
        )));
    }
}
