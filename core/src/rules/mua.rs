//! Mail-program (MUA) tests: header fields that real Microsoft mail programs
//! write, and that spam software imitating them gets wrong.

use crate::analysis::Analysis;
use crate::rules::{Family, Rule, RuleContext};
use crate::{Localized, text};

/// The X-MimeOLE value of one Outlook Express 6 build that wrote the
/// Message-Id field with this spelling itself.
const MIMEOLE_OE6_SP1: &str = "Produced By Microsoft MimeOLE V6.00.2800.1106";

/// Whether the first X-Mailer value says Outlook Express with a version.
fn outlook_express(analysis: &Analysis) -> Option<&str> {
    let mailer = analysis.headers.first("X-Mailer")?;
    let version = mailer.strip_prefix("Microsoft Outlook Express ")?;
    version
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some(mailer)
}

/// MSOE_MID_WRONG_CASE: Outlook Express in X-Mailer, yet the message-id field
/// is spelled `Message-Id` (Outlook Express writes `Message-ID`), and it is
/// not the first field; one OE build that did write it so is exempt.
fn msoe_mid_wrong_case(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    let mailer = outlook_express(analysis)?;
    let spelled = analysis
        .headers
        .fields
        .iter()
        .skip(1)
        .any(|field| field.name == "Message-Id");
    let mut mimeole = analysis.headers.all("X-MimeOLE");
    let exempt = match (mimeole.next(), mimeole.next()) {
        (Some(only), None) => only.decoded.trim_end() == MIMEOLE_OE6_SP1,
        _ => false,
    };
    (spelled && !exempt).then(|| {
        Localized::new(
            format!("X-Mailer: {mailer}, but the field is spelled \"Message-Id\""),
            format!("X-Mailer : {mailer}, mais le champ s'écrit « Message-Id »"),
        )
    })
}

/// MISSING_MIMEOLE: an X-MSMail-Priority field (written by Outlook and
/// Outlook Express) without the X-MimeOLE field those programs add with it.
/// Senders known to write the first without the second are exempt: SquirrelMail,
/// Outlook 2007 to 2016, CommuniGate Pro's MAPI connector, mail handed over by
/// T-Online, base64-encoded parts, and DKIM-signed mail.
fn missing_mimeole(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    let headers = &analysis.headers;
    if !headers.exists("X-MSMail-Priority") || headers.exists("X-MimeOLE") {
        return None;
    }
    let mailers = headers.get("X-Mailer").unwrap_or_default();
    let squirrelmail = mailers.match_indices("SquirrelMail").any(|(at, word)| {
        !mailers
            .as_bytes()
            .get(at + word.len())
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    });
    let recent_outlook = {
        let rest = mailers.strip_prefix("Microsoft ").unwrap_or_default();
        let rest = rest.strip_prefix("Office ").unwrap_or(rest);
        [
            "Outlook 12.0",
            "Outlook 14.0",
            "Outlook 15.0",
            "Outlook 16.0",
        ]
        .iter()
        .any(|version| rest.starts_with(version))
    };
    let communigate = mailers.contains("CommuniGate Pro MAPI");
    let t_online = analysis.relays.external.iter().any(|relay| {
        relay.rdns.len() > ".t-online.de".len() && relay.rdns.ends_with(".t-online.de")
    });
    let base64 = analysis.mime.nodes.iter().any(|node| {
        node.transfer_encoding
            .as_deref()
            .is_some_and(|cte| cte.to_ascii_lowercase().contains("base64"))
    });
    let dkim = headers.exists("DKIM-Signature");
    if squirrelmail || recent_outlook || communigate || t_online || base64 || dkim {
        return None;
    }
    let priority = headers
        .first("X-MSMail-Priority")
        .unwrap_or_default()
        .trim();
    Some(Localized::new(
        format!("X-MSMail-Priority: {priority}, no X-MimeOLE field"),
        format!("X-MSMail-Priority : {priority}, aucun champ X-MimeOLE"),
    ))
}

/// Reads a run of at least four lower-case hexadecimal digits at the start of
/// `text`, returning what follows.
fn hex_run(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !matches!(c, '0'..='9' | 'a'..='f'))
        .unwrap_or(text.len());
    (end >= 4).then(|| text.get(end..).unwrap_or_default())
}

/// Whether `id` holds an Outlook-style message identifier:
/// `<hex$hex$hex@host>`, each hexadecimal run at least four digits long.
fn outlook_hash_id(id: &str) -> bool {
    id.match_indices('<').any(|(at, _)| {
        let shape = || -> Option<bool> {
            let rest = hex_run(id.get(at + 1..)?)?;
            let rest = hex_run(rest.strip_prefix('$')?)?;
            let rest = hex_run(rest.strip_prefix('$')?)?;
            let host = rest.strip_prefix('@')?;
            let word = host.split(char::is_whitespace).next().unwrap_or_default();
            Some(word.char_indices().any(|(i, c)| i > 0 && c == '>'))
        };
        shape().unwrap_or(false)
    })
}

/// RATWARE_MS_HASH: a message identifier in the form Microsoft mail programs
/// use, while no X-MimeOLE field names a Microsoft program and no Received
/// field shows a Microsoft Exchange server: the identifier was imitated.
fn ratware_ms_hash(context: &RuleContext<'_>) -> Option<Localized> {
    let headers = &context.analysis.headers;
    let id = [
        "X-Message-Id",
        "Resent-Message-Id",
        "X-Original-Message-ID",
        "Message-Id",
    ]
    .iter()
    .flat_map(|name| headers.all(name))
    .map(|field| field.decoded.trim())
    .find(|id| outlook_hash_id(id))?;
    let mimeole_ms = headers
        .first("X-MimeOLE")
        .is_some_and(|value| value.starts_with("Produced By Microsoft MimeOLE"));
    let exchange = headers
        .all("Received")
        .any(|field| field.decoded.contains("with Microsoft Exchange Server"));
    (!mimeole_ms && !exchange).then(|| {
        Localized::new(
            format!("Outlook-style message ID {id} without a Microsoft X-MimeOLE"),
            format!("identifiant de message de style Outlook {id} sans X-MimeOLE de Microsoft"),
        )
    })
}

/// SpamAssassin's MESSAGEID: the first non-empty value among the fields list
/// managers move the original identifier to, then Message-Id.
fn first_message_id(analysis: &Analysis) -> Option<&str> {
    [
        "X-Message-Id",
        "Resent-Message-Id",
        "X-Original-Message-ID",
        "Message-Id",
    ]
    .iter()
    .flat_map(|name| analysis.headers.all(name))
    .map(|field| field.decoded.as_str())
    .find(|value| !value.is_empty())
}

/// The time stamp Outlook writes in its message identifiers,
/// `<xxxxTTTTTTTT$xxxxxxxx$xxxxxxxx@…>`: the 8 hexadecimal digits `T`.
fn outlook_time_token(id: &str) -> Option<i64> {
    let rest = id.trim_start().strip_prefix('<')?;
    let is_hex = |part: &str| part.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let head = rest.get(..12).filter(|part| is_hex(part))?;
    let rest = rest.get(12..)?.strip_prefix('$')?;
    rest.get(..8).filter(|part| is_hex(part))?;
    let rest = rest.get(8..)?.strip_prefix('$')?;
    rest.get(..8).filter(|part| is_hex(part))?;
    rest.get(8..)?.strip_prefix('@')?;
    i64::from_str_radix(head.get(4..)?, 16).ok()
}

/// The Outlook time token a date maps to (Outlook counts in units of about
/// 430 seconds from an epoch of its own); an unparsable or missing date counts
/// as the Unix epoch, as in SpamAssassin.
fn expected_token(value: Option<String>) -> i64 {
    let seconds = value
        .as_deref()
        .and_then(crate::analysis::date::parse_rfc822_date)
        .map_or(0, |time| time.unix());
    // Truncated like Perl's int().
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let token = (seconds as f64).mul_add(0.002_328_306_436_538_7, 27_111_902.832_984_9) as i64;
    token
}

/// MSGID_OUTLOOK_INVALID: an Outlook-form message identifier whose embedded
/// time is more than 250 units (about 30 hours) from both the Date field and
/// the first date in the Received fields.
fn msgid_outlook_invalid(context: &RuleContext<'_>) -> Option<Localized> {
    const FUDGE: i64 = 250;
    let headers = &context.analysis.headers;
    let id = first_message_id(context.analysis)?;
    let token = outlook_time_token(id)?;
    let from_date = token - expected_token(headers.get("Date"));
    if from_date.abs() < FUDGE {
        return None;
    }
    let from_received = token - expected_token(headers.get("Received"));
    (from_received.abs() >= FUDGE).then(|| {
        let id = id.trim();
        Localized::new(
            format!("message ID {id}: its time is {from_date} units from the Date field, {from_received} from the Received fields"),
            format!("identifiant {id} : son heure est à {from_date} unités du champ Date, à {from_received} des champs Received"),
        )
    })
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        Rule::new(
            "MSGID_OUTLOOK_INVALID",
            Family::Header,
            [3.899, 3.899, 3.899, 3.899],
            text!(
                description: (
                    "Outlook-style message ID whose built-in time does not match the date",
                    "Identifiant de message de style Outlook dont l'heure intégrée ne correspond pas à la date"
                ),
                explanation: (
                    "Microsoft Outlook writes the time of sending into its message identifiers. Here the identifier has Outlook's form, but that time is far from both the Date field and the dates our servers recorded: the identifier was made up by software imitating Outlook.",
                    "Microsoft Outlook inscrit l'heure d'envoi dans ses identifiants de message. Ici l'identifiant a la forme de ceux d'Outlook, mais cette heure est loin à la fois du champ Date et des dates notées par nos serveurs : l'identifiant a été inventé par un logiciel qui imite Outlook."
                ),
                fix: (
                    "Let the mail program create the Message-ID itself; do not copy or generate identifiers in Outlook's form.",
                    "Laissez le logiciel de messagerie créer lui-même le Message-ID ; ne copiez ni ne fabriquez d'identifiants au format d'Outlook."
                ),
            ),
            msgid_outlook_invalid,
        ),
        Rule::new(
            "RATWARE_MS_HASH",
            Family::Header,
            [1.0, 1.0, 1.0, 1.0],
            text!(
                description: (
                    "Outlook-style message ID, but not written by a Microsoft program",
                    "Identifiant de message de style Outlook, sans programme Microsoft"
                ),
                explanation: (
                    "The message identifier has the form Microsoft Outlook and Exchange give it (three hexadecimal numbers separated by dollar signs), yet the message carries neither the X-MimeOLE field those programs add nor a Received field from an Exchange server. Bulk-mail software copies the form to look like ordinary Outlook mail.",
                    "L'identifiant du message a la forme que lui donnent Microsoft Outlook et Exchange (trois nombres hexadécimaux séparés par des dollars), mais le message ne porte ni le champ X-MimeOLE qu'ajoutent ces programmes ni de champ Received venant d'un serveur Exchange. Les logiciels d'envoi en masse copient cette forme pour ressembler à du courrier Outlook ordinaire."
                ),
                fix: (
                    "Let your own mail software create the Message-ID (e.g. <unique-id@your-domain>) rather than imitating Outlook's.",
                    "Laissez votre logiciel de messagerie créer lui-même le Message-ID (par exemple <identifiant-unique@votre-domaine>) au lieu d'imiter celui d'Outlook."
                ),
            ),
            ratware_ms_hash,
        ),
        Rule::new(
            "MSOE_MID_WRONG_CASE",
            Family::Header,
            [0.993, 3.373, 0.96, 2.584],
            text!(
                description: (
                    "Claims to be Outlook Express, but spells Message-Id the wrong way",
                    "Se dit écrit avec Outlook Express, mais écrit Message-Id de travers"
                ),
                explanation: (
                    "The X-Mailer field says the message was written with Outlook Express, which always names its message identifier field \"Message-ID\". Here it is spelled \"Message-Id\", so the message was most likely built by another program pretending to be Outlook Express, a classic trick of spam software.",
                    "Le champ X-Mailer indique que le message a été écrit avec Outlook Express, qui nomme toujours son champ d'identifiant « Message-ID ». Ici il s'écrit « Message-Id » : le message a très probablement été fabriqué par un autre programme qui se fait passer pour Outlook Express, une ruse classique des logiciels de spam."
                ),
                fix: (
                    "Do not set an X-Mailer field naming a program you are not using; let your real mail software write its own fields.",
                    "N'indiquez pas dans X-Mailer un programme que vous n'utilisez pas ; laissez votre vrai logiciel de messagerie écrire ses propres champs."
                ),
            ),
            msoe_mid_wrong_case,
        ),
        Rule::new(
            "MISSING_MIMEOLE",
            Family::Header,
            [0.392, 1.843, 0.571, 1.899],
            text!(
                description: (
                    "Has an X-MSMail-Priority field but no X-MimeOLE field",
                    "A un champ X-MSMail-Priority mais pas de champ X-MimeOLE"
                ),
                explanation: (
                    "Microsoft Outlook and Outlook Express write X-MSMail-Priority together with X-MimeOLE. A message with the first and not the second was most likely made by software imitating them.",
                    "Microsoft Outlook et Outlook Express écrivent X-MSMail-Priority en même temps que X-MimeOLE. Un message qui a le premier sans le second a très probablement été fabriqué par un logiciel qui les imite."
                ),
                fix: (
                    "Do not add Microsoft-specific fields such as X-MSMail-Priority by hand; use the standard Importance or Priority fields, or let the mail program write its own.",
                    "N'ajoutez pas à la main de champs propres à Microsoft comme X-MSMail-Priority ; utilisez les champs standard Importance ou Priority, ou laissez le logiciel de messagerie écrire les siens."
                ),
            ),
            missing_mimeole,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Limits;

    fn fired(header: &str) -> Vec<String> {
        let message = format!("From: a@example.com\n{header}Subject: hi\n\nbody\n");
        let analysis = Analysis::build(message.as_bytes(), &Limits::default()).unwrap_or_default();
        let inputs = crate::engine::Inputs::default();
        let context = RuleContext {
            analysis: &analysis,
            inputs: &inputs,
            set: crate::rules::ScoreSet::LOCAL,
            hits: &[],
        };
        rules()
            .into_iter()
            .filter(|rule| (rule.check)(&context).is_some())
            .map(|rule| rule.name.into_owned())
            .collect()
    }

    #[test]
    fn outlook_express_message_id_case() {
        let oe = "X-Mailer: Microsoft Outlook Express 6.00.2600.0000\nX-MimeOLE: Produced By Microsoft MimeOLE V6.00.2600.0000\n";
        assert_eq!(
            fired(&format!("{oe}Message-Id: <1@example.com>\n")),
            ["MSOE_MID_WRONG_CASE"]
        );
        assert!(fired(&format!("{oe}Message-ID: <1@example.com>\n")).is_empty());
        // The one OE build that wrote it so.
        assert!(
            fired(&format!(
                "X-Mailer: Microsoft Outlook Express 6.00.2800.1106\nX-MimeOLE: {MIMEOLE_OE6_SP1}\nMessage-Id: <1@example.com>\n"
            ))
            .is_empty()
        );
        // Not Outlook Express.
        assert!(fired("X-Mailer: Mutt 1.5\nMessage-Id: <1@example.com>\n").is_empty());
    }

    #[test]
    fn priority_without_mimeole() {
        assert_eq!(
            fired("X-MSMail-Priority: Normal\nX-Mailer: Microsoft Outlook Express 6.00\n"),
            ["MISSING_MIMEOLE"]
        );
        for exempt in [
            "X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1106\n",
            "X-Mailer: SquirrelMail/1.4.3\n",
            "X-Mailer: Microsoft Office Outlook 12.0\n",
            "DKIM-Signature: v=1; d=example.com\n",
            "Content-Transfer-Encoding: base64\n",
        ] {
            assert!(
                fired(&format!("X-MSMail-Priority: Normal\n{exempt}")).is_empty(),
                "{exempt}"
            );
        }
        assert!(fired("X-Mailer: Microsoft Outlook Express 6.00\n").is_empty());
    }

    #[test]
    fn outlook_hash_ids() {
        assert!(outlook_hash_id("<000a01c2$3f4e5d60$0100a8c0@pc>"));
        assert!(outlook_hash_id("x <1234$abcd$ef01@h> y"));
        for id in [
            "<000A01C2$3F4E5D60$0100A8C0@pc>",
            "<123$abcd$ef01@h>",
            "<1234$abcd$ef01@>",
            "<1234$abcd$ef01@h",
            "<1234.abcd.ef01@h>",
        ] {
            assert!(!outlook_hash_id(id), "{id}");
        }
    }

    #[test]
    fn imitated_outlook_ids() {
        let id = "Message-ID: <000a01c2$3f4e5d60$0100a8c0@pc>\n";
        assert_eq!(fired(id), ["RATWARE_MS_HASH"]);
        assert!(
            fired(&format!(
                "{id}X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1106\n"
            ))
            .is_empty()
        );
        assert!(
            fired(&format!(
                "Received: from a ([192.0.2.1]) by b with Microsoft Exchange Server id 1\n{id}"
            ))
            .is_empty()
        );
    }

    #[test]
    fn outlook_time_tokens() {
        assert_eq!(
            outlook_time_token("<000101c60fe8$0100a8c0$0100a8c0@pc>"),
            Some(0x01c60fe8)
        );
        for id in [
            "<000101C60FE8$0100a8c0$0100a8c0@pc>",
            "<00101c60fe8$0100a8c0$0100a8c0@pc>",
            "<000101c60fe8$0100a8c0$0100a8c0pc>",
            "x<000101c60fe8$0100a8c0$0100a8c0@pc>",
        ] {
            assert_eq!(outlook_time_token(id), None, "{id}");
        }
    }

    #[test]
    fn outlook_id_time_against_date() {
        let date = "Date: Mon, 2 Jan 2006 15:04:05 -0700\nX-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1106\n";
        // The token matches the Date field (2006-01-02).
        let good = format!("{date}Message-ID: <000101c60fe8$0100a8c0$0100a8c0@pc>\n");
        assert!(fired(&good).is_empty());
        // 300 units off, about 36 hours.
        let bad = format!("{date}Message-ID: <000101c61114$0100a8c0$0100a8c0@pc>\n");
        assert_eq!(fired(&bad), ["MSGID_OUTLOOK_INVALID"]);
        // Within 250 units of a Received date: still plausible.
        let relayed = "Received: from a by b; Wed, 4 Jan 2006 03:04:05 -0700\nMessage-ID: <000101c61116$0100a8c0$0100a8c0@pc>\nDate: Mon, 2 Jan 2006 15:04:05 -0700\nX-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1106\n";
        assert!(fired(relayed).is_empty());
    }
}
