//! END_FUTURE_EMAILS: the pushy opt-out wording of bulk mail ("to stop
//! receiving these emails", "if you would prefer not to get our mailings"),
//! unless the header shows the marks of a few known mailers.

use super::{Expr, View, content_rule};
use crate::rules::{Family, Rule, RuleContext};
use crate::text;

/// What is stopped: "these", "our", "(any) future" or "(any) further", then
/// mail, mailings, messages, alerts, PSAs, marketing or notices (singular or
/// plural, "e-mail" and "ad-mail" spellings included).
macro_rules! what_is_stopped {
    () => {
        r"(?:these|our|(?:any )?(?:future|further)) (?:(?:e|ad)?-?m(?:ail(?:ing)?|es+[age]{3})|alert|psa|marketing|notice)[- ]?(?:ad|update)?s?\b"
    };
}

/// Between the verb and [`what_is_stopped`]: "get", "receive(ing)", "or", or
/// up to four `a-zzz` words then "from". (The last form is literally `a-`
/// followed by `z`s: SpamAssassin's pattern meant a letter range but spells a
/// literal one, and the test is reproduced as it behaves.)
macro_rules! bridge {
    () => {
        r"(?:get |receiv(?:ing|e) |or |(?:a-z{1,30} ){0,4}from )?"
    };
}

/// The verbs that need no exception: "end", "cease", "discontinue",
/// "remove(d)", "exclude yourself", "forgo"; "would/you/you'd … not … to";
/// "do … not … to" except "do not wish to".
const PLAIN_VERBS: Expr = Expr::Match(
    View::Body,
    concat!(
        r"(?i)\b(?:end|cease|discontinue|remove|removed|exclude yourself|fore?go",
        r"|(?:would|you|you'd) (?:not (?:wish|want|like|desire)|(?:prefer|wish|want|like|desire) not) to",
        r"|do (?:not (?:want|like|desire)|(?:prefer|wish|want|like|desire) not) to",
        r")[- ]",
        bridge!(),
        what_is_stopped!()
    ),
);

/// "stop …" in every form but "stop receiving these …", handled below.
const STOP: Expr = Expr::Match(
    View::Body,
    concat!(
        r"(?i)\bstop(?:-",
        bridge!(),
        r"| (?:get |receive |or |(?:a-z{1,30} ){0,4}from )?)",
        what_is_stopped!()
    ),
);

/// "stop receiving …", where "these alerts…" and "these emails…" do not count
/// (a notification service's own wording): the alternatives of
/// [`what_is_stopped`] after "these" are spelled out without those two.
const STOP_RECEIVING: Expr = Expr::Match(
    View::Body,
    concat!(
        r"(?i)\bstop receiving (?:",
        r"(?:our|(?:any )?(?:future|further)) (?:(?:e|ad)?-?m(?:ail(?:ing)?|es+[age]{3})|alert|psa|marketing|notice)[- ]?(?:ad|update)?s?\b",
        r"|these (?:",
        r"(?:(?:ad)?-?m(?:ail(?:ing)?|es+[age]{3})|e-m(?:ail(?:ing)?|es+[age]{3})|em(?:ailing|es+[age]{3})|psa|marketing|notice)[- ]?(?:ad|update)?s?\b",
        r"|(?:email|alert)(?:[- ](?:ad|update)?s?|(?:ad|update)s?)?\b",
        r"))"
    ),
);

/// "do not wish to …", except "do not wish to receive" followed within 20
/// word characters or blanks by "emails". The exception is checked over the
/// whole text rather than at the same place (a lookahead `regex` lacks): it
/// differs only for a text with both an excepted and a counted phrase.
const DO_NOT_WISH: Expr = Expr::All(&[
    Expr::Match(
        View::Body,
        concat!(r"(?i)\bdo not wish to[- ]", bridge!(), what_is_stopped!()),
    ),
    Expr::Not(&Expr::Match(
        View::Body,
        r"(?i)\bdo not wish to receive [\w\s]{0,20}emails",
    )),
]);

/// A Subject written in RFC 2047 base64.
const SUBJECT_BASE64: Expr = Expr::Match(View::RawHeader("Subject"), r"(?i)=\?\S+\?b\?");

/// A field (other than the first) whose name is written in an unusual case,
/// as some mailers do.
const LOWER_CASE_FIELD_NAMES: Expr = Expr::Match(
    View::AllHeaders,
    r"\n(?:Message-id|Content-type|X-MSMail-priority|from|subject|to|cc|Disposition-notification-to):",
);

/// Mailers known to write such field names: JavaMail, Outlook for Mac, Apple
/// Mail, Lotus Notes message IDs.
const KNOWN_LOWER_CASE_MAILER: Expr = Expr::Any(&[
    Expr::Match(View::Header("Message-ID"), r"\.JavaMail\."),
    Expr::Match(
        View::Header("User-Agent"),
        r"\AMicrosoft-Outlook-Express-Mac",
    ),
    Expr::Match(
        View::Header("User-Agent"),
        r"\AMicrosoft-MacOutlook/(?:[0-9]+\.){3}",
    ),
    Expr::Match(
        View::Header("Message-ID"),
        r"\A<[0-9A-F]{8}-(?:[0-9A-F]{4}-){3}[0-9A-F]{12}@\S+>\n?\z",
    ),
    Expr::Match(
        View::Header("Message-ID"),
        r"\A<?[0-9A-F]{8}\.[0-9A-F]{2,5}%[a-zA-Z]",
    ),
    Expr::Match(
        View::Header("Message-ID"),
        r"\A<?OF[0-9A-F]{8}\.[0-9A-F]{8}-ON[0-9A-F]{8}\.[0-9A-F]{8}(?:-[0-9A-F]{8}\.[0-9A-F]{8})?@",
    ),
]);

/// "to: " in lower case followed by five non-blanks, anywhere in the header.
const LOWER_CASE_TO: Expr = Expr::Match(View::AllHeaders, r"to: \S{5}");

/// SpamAssassin leaves the test out when DKIM signatures were checked
/// (`!__DKIM_DEPENDABLE && !DKIM_SIGNED`), which it does only with network
/// tests: here, when the caller supplied DKIM results.
pub(super) fn dkim_unchecked(context: &RuleContext<'_>) -> bool {
    context
        .inputs
        .verdicts
        .is_none_or(|verdicts| verdicts.auth.dkim.is_none())
}

const END_FUTURE_EMAILS: Expr = Expr::All(&[
    Expr::Any(&[PLAIN_VERBS, STOP, STOP_RECEIVING, DO_NOT_WISH]),
    Expr::Not(&SUBJECT_BASE64),
    Expr::Not(&LOWER_CASE_FIELD_NAMES),
    Expr::Not(&KNOWN_LOWER_CASE_MAILER),
    Expr::Not(&LOWER_CASE_TO),
    Expr::Fact(dkim_unchecked),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![content_rule(
        "END_FUTURE_EMAILS",
        Family::Body,
        [1.0; 4],
        &END_FUTURE_EMAILS,
        text!(
            description: (
                "Insistent wording about ending future emails",
                "Formule insistante pour arrêter les prochains courriels"
            ),
            explanation: (
                "The text tells the reader how to stop \"these emails\" or \"future mailings\" in the words bulk senders use (\"if you would prefer not to receive our emails\", \"to stop receiving these messages\"). Spam carries such lines to look legitimate.",
                "Le texte explique comment arrêter « ces courriels » ou « les prochains envois » avec les formules des envois de masse (« if you would prefer not to receive our emails », « to stop receiving these messages »). Le spam porte ces lignes pour paraître légitime."
            ),
            fix: (
                "Offer unsubscription with a List-Unsubscribe header field and a plain link, and sign the mail with DKIM.",
                "Proposez le désabonnement par un champ List-Unsubscribe et un simple lien, et signez le courriel avec DKIM."
            ),
        ),
    )]
}
