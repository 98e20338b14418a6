//! Automatic answers to a message sent earlier (SpamAssassin's VBounce
//! plugin rules): virus-scanner notices, challenge-response requests and
//! out-of-office replies. They score little themselves; other tests read
//! ANY_BOUNCE_MESSAGE to spare mail that no person wrote.
//!
//! SpamAssassin's fourth kind, BOUNCE_MESSAGE (a delivery failure for mail
//! that left through one of the site's own relays), needs the list of those
//! relays (`welcomelist_bounce_relays`); spamgauge has no such setting, and
//! without it SpamAssassin never fires the test either, so it is not here.

use super::{Expr, View, content_rule};
use crate::rules::{Family, Rule, RuleContext};
use crate::{Localized, text};

/// Subjects of virus scanners' and content filters' notices, most anchored
/// at the start: Norton, McAfee, InterScan, MailMarshal, Symantec, RAV,
/// GWAVA, Antigen, Domino, amavisd, Inflex and others, in their wording.
const VIRUS_NOTICE_SUBJECT: Expr = Expr::Match(
    View::Header("Subject"),
    concat!(
        r"\A(?:MailMarshal has detected possible spam in your message",
        r"|Norton Anti.?Virus (?:failed to scan an attachment in a message you sent|detected and quarantined)",
        r"|EMAIL REJECTED",
        r"|Virusmelding\n?\z",
        r"|Warning - You sent a Virus Infected Email to ",
        r"|Disallowed attachment type found",
        r"|(?i:Warning:\s*E-?mail virus(?:es)? detected|Virus detected |Failed to clean virus\b",
        r"|Content violation|Virus Alert\b|Antigen found\b|VIRUS IN YOUR MAIL ",
        r"|Scan.?Mail Message: .{0,30} virus found )",
        r"|NAV detected a virus in a document ",
        r"|InterScan (?:MSS for SMTP has delivered a message|NT Alert)",
        r"|McAfee GroupShield Alert",
        r"|Report to Sender",
        r"|RAV Anti.?Virus scan results",
        r"|Virus to sender",
        r"|MMS Notification",
        r"|Message Undeliverable: Possible Junk/Spam Mail Identified\n?\z",
        r"|Undeliverable mail, invalid characters in header",
        r"|Banned or potentially offensive material",
        r"|Delivery (?:warning|error) report id=",
        r"|The MIME information you requested",
        r"|Symantec (?:AVF detected |E-Mail-Proxy )",
        r"|Virus Found in message",
        r"|Inflex scan report \[",
        r"|\[Mail Delivery .{20,100} infected attachment +removed",
        r"|GWAVA Sender Notification \(RBL block\)\n?\z",
        r"|\[MailServer Notification\]",
        r"|(?i:\*\*\*\s*Mensagem Bloqueada))",
        // Unanchored ones.
        r"|(?i:\bRe: ?Wicked screensaver\b)",
        r"|\bFile type Forbidden\b",
        r"|AntiVirus scan results",
        r"|Blocked Message \(RBL block\)\n?\z",
    ),
);

/// The same notices known by other header fields: the sender, MessageLabs'
/// alert address, a scanner as the mail program, and a French security
/// notice whose encoded Subject starts the raw field.
const VIRUS_NOTICE_FIELDS: Expr = Expr::Any(&[
    Expr::Match(
        View::Header("From"),
        r"Security.?Scan Anti.?Virus|\blutherh@stratcom.com\b|(?i:\bmailsweeper\b)",
    ),
    Expr::Match(
        View::Header("Return-Path"),
        r"(?i)alert@notification\.messagelabs\.com",
    ),
    Expr::Match(View::Header("X-Mailer"), r"\ABitDefender VShield"),
    Expr::Match(
        View::RawHeader("Subject"),
        r"\A=?iso-8859-1?Q?Messagerie_.{1,100}_=3A_probl=E8me_de_s=E9curit=E9=2E?=",
    ),
]);

/// Scanners' notices recognised by their text.
const VIRUS_NOTICE_TEXT: Expr = Expr::Any(&[
    Expr::Match(
        View::Body,
        concat!(
            r"a potentially executable attachment ",
            r"|\bhas stripped one or more attachments from the following message\b",
            r"|message contains file attachments that are not permitted",
            r"|host \S+ said: 5[0-9]{2}\s+Error: Message content rejected",
            r"|bevatte bijlage besmet welke besmet was met een virus",
            r"|Mail.?Marshal Rule: Inbound Messages : Block Dangerous Attachments",
            r"|The mail message \S+ \S+ you sent to \S+ contains the virus",
            r"|Reason: Rejected by filter",
            r"|MAILsweeper has found that a \S+ \S+ \S+ \S+ one or more virus",
            r"|\bV I R U S\b",
            r"|Attachment.{0,40}was Deleted|the infected attachment",
            r"|> TVqQAAMAAAAEAAAA",
            r"|\bThe attachment was quarantined\b",
            r"|\bGROUP securiQ.Wall\b",
            r"|(?i:antivirus system report|the antivirus module has|illegal attachment",
            r"|Unrepairable Virus Detected|\bblocked by Mailsweeper\b",
            r"|\bvirus scanner deleted your message\b)",
        ),
    ),
    // Line starts.
    Expr::Match(
        View::Body,
        r"(?m)^Found virus \S+ in file \S|\A(?:Reporting-MTA: Norton Anti.?Virus Gateway|Incident Information:)",
    ),
    // Majordomo's answer to a command it did not understand.
    Expr::All(&[
        Expr::Match(View::Header("Subject"), r"\AMajordomo results: "),
        Expr::Match(View::RawBody, r"\*\*\*\* Help for [mM]ajordomo@"),
        Expr::Match(
            View::RawBody,
            r"\*\*\*\* Command '.{0,80}' not recognized\b",
        ),
    ]),
]);

/// VBOUNCE_MESSAGE: a virus scanner's or content filter's notice. (The
/// site's own relays, SpamAssassin's `__MY_SERVERS_FOUND`, are never known
/// here, so the notice is never recognised as an answer to our own mail.)
const VIRUS_BOUNCE: Expr =
    Expr::Any(&[VIRUS_NOTICE_SUBJECT, VIRUS_NOTICE_FIELDS, VIRUS_NOTICE_TEXT]);

/// `__CHALLENGE_RESPONSE`: a challenge-response system asks the sender to
/// prove they are a person (UOL, Spam Arrest, Boxtrapper, TMDA, 0spam,
/// MailInBlack and others), by its header fields or links.
pub(super) const CHALLENGE_RESPONSE: Expr = Expr::Any(&[
    Expr::Match(
        View::Header("Subject"),
        concat!(
            r"\A(?:Your email requires verification verify:\S|Please Verify Your Email Address",
            r"|Unverified email to |\*\*Message you sent blocked by our bulk email filter\*\*\n?\z)",
            r"|\[Qurb .[0-9]+\]\n?\z",
        ),
    ),
    Expr::Match(
        View::Header("From"),
        r"\bAntiSpam UOL\b|<confirm-\S+@spamguard\.vanquish\.com>",
    ),
    Expr::Match(
        View::Header("Return-Path"),
        concat!(
            r"(?i)<(?:spamblocker-challenge|spambush|apd\.sspam|spamhippo|devnull-quarantine)@",
            r"|@(?:spamstomp\.com|ipermitmail\.com)>\n?\z",
            r"|<bounce\S+@\S+\.getresponse\.com>",
        ),
    ),
    Expr::Match(View::Header("Message-Id"), r"@\S+-tmda-confirm>\n?\z"),
    Expr::Match(
        View::Header("Content-Type"),
        r"mUlTiPaRtBoUnDaRy_MailInBlack",
    ),
    Expr::Match(View::Header("Precedence"), r"spam"),
    Expr::Match(View::Header("X-AskVersion"), r"[0-9]"),
    Expr::Match(View::Header("X-Spamazoid-MD"), r"[0-9]"),
    Expr::Match(View::Header("Spamlion"), r"\S"),
    Expr::Match(View::Header("X-ExiSpam"), r"ExiSpam"),
    field_exists!("X-Spamarrest-noauth"),
    field_exists!("X-Boxtrapper"),
    field_exists!("X-Bluebottle-Request"),
    Expr::All(&[
        Expr::Match(View::Uri, r"\Ahttp://www\.0spam\.com/v"),
        Expr::Match(View::Addresses("From"), r"\Averify@0spam.com\n?\z"),
    ]),
    Expr::All(&[
        Expr::Match(View::Uri, r"\Ahttp://si20.com/auth"),
        Expr::Match(View::Addresses("From"), r"\Asiweb@si20\.com"),
    ]),
]);

/// `auto-replied` or `auto-generated` in Auto-Submitted, unless it is the
/// `(rejected)` kind, which is a bounce rather than an automatic reply.
fn auto_submitted_reply(context: &RuleContext<'_>) -> bool {
    const REJECTED: &[u8] = b" (rejected)";
    let Some(value) = context.analysis.headers.get("Auto-Submitted") else {
        return false;
    };
    let lower = value.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    ["auto-replied", "auto-generated"].iter().any(|word| {
        lower.match_indices(word).any(|(at, _)| {
            let starts_word = at == 0
                || !bytes
                    .get(at - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            let after = bytes.get(at + word.len()..).unwrap_or_default();
            starts_word && !after.starts_with(REJECTED)
        })
    })
}

/// `__BOUNCE_OOO_ARHDR`: a header field marking the message as an automatic
/// reply.
const AUTO_REPLY_FIELD: Expr = Expr::Any(&[
    Expr::Match(View::Header("X-Autoreply"), r"(?i)\byes"),
    Expr::Match(View::Header("Precedence"), r"(?i)\bauto_reply"),
    Expr::Match(View::Header("X-Precedence"), r"(?i)\bauto_reply"),
    Expr::Fact(auto_submitted_reply),
]);

/// OOOBOUNCE_MESSAGE: an automatic reply saying the person is out of the
/// office, by its Subject, its text, or an "Automatic reply:" Subject with
/// away wording in the text.
const OUT_OF_OFFICE: Expr = Expr::All(&[
    AUTO_REPLY_FIELD,
    Expr::Any(&[
        Expr::Match(
            View::Header("Subject"),
            r"\A(?:R.ponse automatique d'absence du bureau|Out Of Office\b)| \(away from the office\)\n?\z",
        ),
        Expr::Match(
            View::Body,
            r"\bI ?.m away until .{10,20} and am unable to read your message\b|\bI am currently out of the office\b",
        ),
        Expr::All(&[
            Expr::Match(
                View::Header("Subject"),
                r"\AAutoma(?:tic reply|attinen vastaus|tisch antwoord):",
            ),
            Expr::Match(
                View::Body,
                r"(?i)\b(?:out of (?:the )?office|on (?:vacation|holiday)|olen lomalla|return to (?:the )?office)\b",
            ),
        ]),
    ]),
]);

/// The three kinds, scored 0.1 each as SpamAssassin does.
const KINDS: [&str; 3] = ["VBOUNCE_MESSAGE", "CRBOUNCE_MESSAGE", "OOOBOUNCE_MESSAGE"];

/// ANY_BOUNCE_MESSAGE: one of the kinds above fired (they are registered
/// before it).
pub(super) fn any_bounce(context: &RuleContext<'_>) -> bool {
    KINDS.iter().any(|name| context.fired(name))
}

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "VBOUNCE_MESSAGE",
            Family::Header,
            [0.1; 4],
            &VIRUS_BOUNCE,
            text!(
                description: (
                    "Virus-scanner or content-filter notice about a message",
                    "Avis d'un antivirus ou d'un filtre au sujet d'un message"
                ),
                explanation: (
                    "The message is an automatic notice from a virus scanner or content filter saying it stopped a message, usually one sent in your name by a virus elsewhere. It is not spam itself, but it is backscatter you did not ask for. Informational.",
                    "Le message est un avis automatique d'un antivirus ou d'un filtre de contenu disant qu'il a arrêté un message, le plus souvent envoyé en votre nom par un virus ailleurs. Ce n'est pas un spam en soi, mais un retour non sollicité. Pour information."
                ),
                fix: (
                    "Scanners should not notify the (usually forged) sender of a virus; nothing to do for the recipient.",
                    "Un antivirus ne devrait pas prévenir l'expéditeur (le plus souvent usurpé) d'un virus ; rien à faire pour le destinataire."
                ),
            ),
        ),
        content_rule(
            "CRBOUNCE_MESSAGE",
            Family::Header,
            [0.1; 4],
            &CHALLENGE_RESPONSE,
            text!(
                description: (
                    "Challenge-response request",
                    "Demande de vérification anti-spam (défi-réponse)"
                ),
                explanation: (
                    "The message is a challenge from an anti-spam system asking the sender to prove they are a person before their mail is delivered. When the sender was forged, it lands on someone who never wrote. Informational.",
                    "Le message est un défi d'un système anti-spam qui demande à l'expéditeur de prouver qu'il est une personne avant de remettre son courrier. Quand l'expéditeur était usurpé, il arrive chez quelqu'un qui n'a rien écrit. Pour information."
                ),
                fix: (
                    "Nothing to do for the recipient; challenge-response systems should not challenge forged senders.",
                    "Rien à faire pour le destinataire ; ces systèmes ne devraient pas défier des expéditeurs usurpés."
                ),
            ),
        ),
        content_rule(
            "OOOBOUNCE_MESSAGE",
            Family::Header,
            [0.1; 4],
            &OUT_OF_OFFICE,
            text!(
                description: (
                    "Out-of-office automatic reply",
                    "Réponse automatique d'absence"
                ),
                explanation: (
                    "The message is marked as an automatic reply and says its author is away or out of the office. Informational.",
                    "Le message est marqué comme réponse automatique et dit que son auteur est absent. Pour information."
                ),
                fix: (
                    "Nothing to do.",
                    "Rien à faire."
                ),
            ),
        ),
        Rule::new(
            "ANY_BOUNCE_MESSAGE",
            Family::Header,
            [0.1; 4],
            text!(
                description: (
                    "An automatic answer to a message, not written by a person",
                    "Une réponse automatique à un message, pas écrite par une personne"
                ),
                explanation: (
                    "The message is a virus-scanner notice, a challenge-response request or an out-of-office reply: software answering a message, often one sent under a forged sender. Informational; other tests use it to spare such mail.",
                    "Le message est un avis d'antivirus, une demande de vérification anti-spam ou une réponse d'absence : un logiciel qui répond à un message, souvent envoyé sous un expéditeur usurpé. Pour information ; d'autres tests s'en servent pour épargner ce courrier."
                ),
                fix: (
                    "Nothing to do.",
                    "Rien à faire."
                ),
            ),
            |context| {
                let kind = KINDS.iter().find(|name| context.fired(name))?;
                Some(Localized::new(
                    format!("{kind} fired"),
                    format!("{kind} s'est déclenché"),
                ))
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::Config;
    use crate::rules::testing::engine_fired;

    /// The bounce tests the whole engine fires on a message (ANY_BOUNCE_MESSAGE
    /// reads the others' hits).
    fn hits(header: &str, body: &str) -> Vec<String> {
        let message = format!("From: a@example.com\nTo: b@example.org\n{header}\n{body}\n");
        engine_fired(Config::default(), &message)
            .into_iter()
            .filter(|name| name.contains("BOUNCE"))
            .collect()
    }

    #[test]
    fn virus_notices() {
        let both = ["VBOUNCE_MESSAGE", "ANY_BOUNCE_MESSAGE"];
        assert_eq!(hits("Subject: Virus Alert from the gateway\n", "x"), both);
        assert_eq!(
            hits(
                "Subject: Norton AntiVirus detected and quarantined a file\n",
                "x"
            ),
            both
        );
        assert_eq!(
            hits("Subject: hello\n", "We removed the infected attachment."),
            both
        );
        assert_eq!(
            hits("Subject: hello\n", "Found virus W32/X in file a.exe"),
            both
        );
        // Near misses: the wording must open the Subject, with its case.
        assert!(hits("Subject: Fwd: Report to Sender\n", "x").is_empty());
        assert!(hits("Subject: report to sender\n", "x").is_empty());
        assert!(hits("Subject: hello\n", "We found no virus in the file.").is_empty());
    }

    #[test]
    fn challenge_response() {
        assert_eq!(
            hits("Subject: Please Verify Your Email Address\n", "x"),
            ["CRBOUNCE_MESSAGE", "ANY_BOUNCE_MESSAGE"]
        );
        assert_eq!(
            hits("Subject: hi\nX-Boxtrapper: yes\n", "x"),
            ["CRBOUNCE_MESSAGE", "ANY_BOUNCE_MESSAGE"]
        );
        assert!(hits("Subject: Re: Please Verify Your Email Address\n", "x").is_empty());
    }

    #[test]
    fn out_of_office() {
        let reply = "Auto-Submitted: auto-replied\n";
        assert_eq!(
            hits(
                &format!("{reply}Subject: Out Of Office until Monday\n"),
                "x"
            ),
            ["OOOBOUNCE_MESSAGE", "ANY_BOUNCE_MESSAGE"]
        );
        assert_eq!(
            hits(
                &format!("{reply}Subject: Automatic reply: meeting\n"),
                "I am on vacation this week."
            ),
            ["OOOBOUNCE_MESSAGE", "ANY_BOUNCE_MESSAGE"]
        );
        // Without the automatic-reply mark, or a rejection notice.
        assert!(hits("Subject: Out Of Office until Monday\n", "x").is_empty());
        assert!(
            hits(
                "Auto-Submitted: auto-replied (rejected)\nSubject: Out Of Office\n",
                "x"
            )
            .is_empty()
        );
    }
}
