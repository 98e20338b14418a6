//! Mail-program (MUA) tests: header fields that real Microsoft mail programs
//! write, and that spam software imitating them gets wrong.

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;
use crate::rules::content::{Expr, View, content_rule};
use crate::rules::{Family, Rule, RuleContext, builtin_regex};
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

/// Whether `mailer` names Outlook Express 4, 5 or 6 (`Outlook Express 6.`,
/// not preceded by a word character).
pub(crate) fn names_outlook_express(mailer: &str) -> bool {
    mailer.match_indices("Outlook Express ").any(|(at, word)| {
        let word_before = mailer
            .get(..at)
            .and_then(|before| before.bytes().last())
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
        let version = mailer.as_bytes().get(at + word.len()..);
        !word_before && matches!(version, Some([b'4'..=b'6', b'.', ..]))
    })
}

/// `__OE_MUA`: the first X-Mailer value naming Outlook Express 4 to 6.
fn outlook_express_mailer(analysis: &Analysis) -> Option<&str> {
    analysis
        .headers
        .all("X-Mailer")
        .map(|field| field.decoded.as_str())
        .find(|mailer| names_outlook_express(mailer))
}

/// SpamAssassin's `__ANY_OUTLOOK_MUA`: the first X-Mailer value begins
/// `Microsoft Outlook` or `Microsoft Office Outlook` (a whole word).
pub(crate) fn outlook_mailer(analysis: &Analysis) -> Option<&str> {
    analysis.headers.first("X-Mailer").filter(|mailer| {
        let rest = mailer.strip_prefix("Microsoft ").unwrap_or_default();
        let rest = rest.strip_prefix("Office ").unwrap_or(rest);
        rest.strip_prefix("Outlook").is_some_and(|after| {
            !after
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    })
}

/// `__DOS_RELAYED_EXT`: at least two Received fields at or below the first
/// one written outside our network (SpamAssassin's `ALL-EXTERNAL` view): the
/// message crossed another relay before the one that handed it to us.
pub(crate) fn relayed_outside(analysis: &Analysis) -> bool {
    let received = analysis.headers.all("Received").count();
    received.saturating_sub(analysis.relays.internal_received) >= 2
}

/// The client that handed the message straight to our mail exchanger with
/// no image part (SpamAssassin's `__DOS_DIRECT_TO_MX && !__ANY_IMAGE_ATTACH`):
/// the only external relay, no other Received field from outside, no list
/// fields.
pub(crate) fn direct_to_mx_without_image(analysis: &Analysis) -> Option<&str> {
    let client = direct_to_mx(analysis)?;
    let image = analysis.mime.nodes.iter().any(|node| {
        node.raw_content_type.as_deref().is_some_and(|ctype| {
            let lower = ctype.to_ascii_lowercase();
            lower.match_indices("image/").any(|(at, _)| {
                !lower
                    .as_bytes()
                    .get(..at)
                    .and_then(<[u8]>::last)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            })
        })
    });
    (!image).then_some(client)
}

/// `__DOS_DIRECT_TO_MX`: the only external relay handed the message
/// straight to our mail exchanger (no other Received field from outside, no
/// list fields); its address.
pub(crate) fn direct_to_mx(analysis: &Analysis) -> Option<&str> {
    let relays = &analysis.relays;
    let [client] = relays.external.as_slice() else {
        return None;
    };
    let list = ["List-ID", "List-Unsubscribe", "Mailing-List"]
        .iter()
        .any(|name| analysis.headers.exists(name));
    (!relayed_outside(analysis) && !list).then_some(client.ip.as_str())
}

fn straight_from(mailer: &str, ip: &str) -> Localized {
    Localized::new(
        format!("X-Mailer: {mailer}, sent straight from {ip}"),
        format!("X-Mailer : {mailer}, envoyé directement depuis {ip}"),
    )
}

/// DOS_OE_TO_MX: written with Outlook Express, yet handed straight to our
/// mail exchanger by the sender's own machine. People using Outlook Express
/// send through their provider's server.
fn outlook_express_to_mx(context: &RuleContext<'_>) -> Option<Localized> {
    let mailer = outlook_express_mailer(context.analysis)?;
    let ip = direct_to_mx_without_image(context.analysis)?;
    Some(straight_from(mailer, ip))
}

/// DOS_OUTLOOK_TO_MX: the same for Outlook (not Outlook Express).
fn outlook_to_mx(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    let mailer = outlook_mailer(analysis)?;
    if outlook_express_mailer(analysis).is_some() {
        return None;
    }
    let ip = direct_to_mx_without_image(analysis)?;
    Some(straight_from(mailer, ip))
}

/// FORGED_OUTLOOK_HTML (with MIME_HTML_ONLY required): Outlook in X-Mailer,
/// yet the message is HTML only, which Outlook never sends (it always adds
/// a plain-text alternative). Yahoo! Groups' bulk mail is exempt.
fn outlook_html_only(context: &RuleContext<'_>) -> Option<Localized> {
    let analysis = context.analysis;
    let mailer = outlook_mailer(analysis)?;
    let yahoo_groups = analysis
        .headers
        .all("Received")
        .any(|field| YAHOO_GROUPS_BULK.is_match(&field.decoded));
    (!yahoo_groups).then(|| {
        Localized::new(
            format!("X-Mailer: {mailer}, but only an HTML part"),
            format!("X-Mailer : {mailer}, mais seulement une partie HTML"),
        )
    })
}

/// Yahoo! Groups' own bulk hand-over.
static YAHOO_GROUPS_BULK: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"from \[\S+\] by \S+\.(?:groups|scd|dcn)\.yahoo\.com with NNFMP")
});

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

/// SpamAssassin's MESSAGEID: the non-empty values of the fields list
/// managers move the original identifier to, then of Message-Id.
pub(crate) fn message_ids(analysis: &Analysis) -> impl Iterator<Item = &str> {
    [
        "X-Message-Id",
        "Resent-Message-Id",
        "X-Original-Message-ID",
        "Message-Id",
    ]
    .into_iter()
    .flat_map(|name| analysis.headers.all(name))
    .map(|field| field.decoded.as_str())
    .filter(|value| !value.is_empty())
}

/// An Outlook-form message identifier that no Received field from a Microsoft
/// Exchange server explains (`__MSGID_DOLLARS_OK && !__RCVD_WITH_EXCHANGE`).
fn outlook_id_without_exchange(analysis: &Analysis) -> Option<&str> {
    let id = message_ids(analysis).find(|id| outlook_hash_id(id))?;
    let exchange = analysis
        .headers
        .all("Received")
        .any(|field| field.decoded.contains("with Microsoft Exchange Server"));
    (!exchange).then_some(id.trim())
}

/// RATWARE_MS_HASH: a message identifier in the form Microsoft mail programs
/// use, while no X-MimeOLE field names a Microsoft program and no Received
/// field shows a Microsoft Exchange server: the identifier was imitated.
fn ratware_ms_hash(context: &RuleContext<'_>) -> Option<Localized> {
    let id = outlook_id_without_exchange(context.analysis)?;
    let mimeole_ms = context
        .analysis
        .headers
        .first("X-MimeOLE")
        .is_some_and(|value| value.starts_with("Produced By Microsoft MimeOLE"));
    (!mimeole_ms).then(|| {
        Localized::new(
            format!("Outlook-style message ID {id} without a Microsoft X-MimeOLE"),
            format!("identifiant de message de style Outlook {id} sans X-MimeOLE de Microsoft"),
        )
    })
}

/// RATWARE_OUTLOOK_NONAME: a message identifier in the form Microsoft mail
/// programs use, no X-Mailer field at all (Outlook always names itself) and
/// no Received field from a Microsoft Exchange server.
fn ratware_outlook_noname(context: &RuleContext<'_>) -> Option<Localized> {
    let id = outlook_id_without_exchange(context.analysis)?;
    (!context.analysis.headers.exists("X-Mailer")).then(|| {
        Localized::new(
            format!("Outlook-style message ID {id}, no X-Mailer field"),
            format!("identifiant de message de style Outlook {id}, aucun champ X-Mailer"),
        )
    })
}

/// SpamAssassin's MESSAGEID read as one value: the first of [`message_ids`].
fn first_message_id(analysis: &Analysis) -> Option<&str> {
    message_ids(analysis).next()
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

/// THEBAT_UNREG: The Bat! naming itself unregistered, a copy that spam
/// software imitates.
const THEBAT_UNREG: Expr = Expr::Match(View::Header("X-Mailer"), r"\AThe Bat! .{0,20} UNREG\n?\z");

/// X_MAILER_CME_6543_MSN: one mailer name used by a spam tool only.
const X_MAILER_CME_6543_MSN: Expr =
    Expr::Match(View::Header("X-Mailer"), r"\ACME-V6\.5\.4\.3; MSN\s*\z");

/// RATWARE_MPOP_WEBMAIL: the mailer name of a spam tool posing as web mail.
const RATWARE_MPOP_WEBMAIL: Expr = Expr::Match(View::Header("X-Mailer"), r"(?i)mPOP Web-Mail");

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "THEBAT_UNREG",
            Family::Header,
            [2.599, 1.843, 2.324, 1.524],
            &THEBAT_UNREG,
            text!(
                description: (
                    "X-Mailer claims an unregistered copy of The Bat!",
                    "X-Mailer annonce une copie non enregistrée de The Bat!"
                ),
                explanation: (
                    "The X-Mailer field names The Bat! and marks it UNREG, an unregistered copy. Real users of the program rarely send with such copies; spam software copies this mailer name.",
                    "Le champ X-Mailer nomme The Bat! et le marque UNREG, copie non enregistrée. Les vrais utilisateurs du logiciel envoient rarement avec de telles copies ; les logiciels de spam recopient ce nom de logiciel."
                ),
                fix: (
                    "Register the program, or let X-Mailer name the program really used.",
                    "Enregistrez le logiciel, ou laissez X-Mailer nommer le logiciel réellement utilisé."
                ),
            ),
        ),
        content_rule(
            "X_MAILER_CME_6543_MSN",
            Family::Header,
            [2.886, 2.004, 3.002, 3.348],
            &X_MAILER_CME_6543_MSN,
            text!(
                description: (
                    "X-Mailer of a known spam tool (CME-V6.5.4.3)",
                    "X-Mailer d'un outil de spam connu (CME-V6.5.4.3)"
                ),
                explanation: (
                    "The X-Mailer field reads \"CME-V6.5.4.3; MSN\", the name a known bulk-mail tool writes; no mail program in ordinary use does.",
                    "Le champ X-Mailer indique « CME-V6.5.4.3; MSN », le nom qu'écrit un outil d'envoi en masse connu ; aucun logiciel de messagerie d'usage courant ne l'écrit."
                ),
                fix: (
                    "Let X-Mailer name the program really used.",
                    "Laissez X-Mailer nommer le logiciel réellement utilisé."
                ),
            ),
        ),
        content_rule(
            "RATWARE_MPOP_WEBMAIL",
            Family::Header,
            [1.153, 1.338, 1.229, 1.999],
            &RATWARE_MPOP_WEBMAIL,
            text!(
                description: (
                    "X-Mailer of a bulk-mail tool (mPOP Web-Mail)",
                    "X-Mailer d'un outil d'envoi en masse (mPOP Web-Mail)"
                ),
                explanation: (
                    "The X-Mailer field names mPOP Web-Mail, a name written by bulk-mail software posing as web mail.",
                    "Le champ X-Mailer nomme mPOP Web-Mail, un nom écrit par un logiciel d'envoi en masse qui se fait passer pour une messagerie web."
                ),
                fix: (
                    "Let X-Mailer name the program really used.",
                    "Laissez X-Mailer nommer le logiciel réellement utilisé."
                ),
            ),
        ),
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
            "RATWARE_OUTLOOK_NONAME",
            Family::Header,
            [1.0, 1.0, 1.0, 1.0],
            text!(
                description: (
                    "Outlook-style message ID, but no mail program named",
                    "Identifiant de message de style Outlook, sans logiciel nommé"
                ),
                explanation: (
                    "The message identifier has the form Microsoft Outlook gives it, yet the message has no X-Mailer field, which Outlook always writes, and did not come through an Exchange server. Bulk-mail software copies the identifier's form without the rest.",
                    "L'identifiant du message a la forme que lui donne Microsoft Outlook, mais le message n'a pas de champ X-Mailer, qu'Outlook écrit toujours, et n'est pas passé par un serveur Exchange. Les logiciels d'envoi en masse copient la forme de l'identifiant sans le reste."
                ),
                fix: (
                    "Let your own mail software create the Message-ID rather than imitating Outlook's.",
                    "Laissez votre logiciel de messagerie créer lui-même le Message-ID au lieu d'imiter celui d'Outlook."
                ),
            ),
            ratware_outlook_noname,
        ),
        Rule::new(
            "DOS_OE_TO_MX",
            Family::Header,
            [2.602, 3.086, 2.265, 2.523],
            text!(
                description: (
                    "Outlook Express mail delivered straight to our mail server",
                    "Courrier d'Outlook Express remis directement à notre serveur"
                ),
                explanation: (
                    "The message says it was written with Outlook Express, yet it came to our mail server directly from the sender's own machine instead of through a provider's outgoing server. Desktop mail programs do not deliver mail themselves; spam software posing as them does.",
                    "Le message se dit écrit avec Outlook Express, mais il est arrivé à notre serveur directement depuis la machine de l'expéditeur au lieu de passer par le serveur d'envoi d'un fournisseur. Les logiciels de messagerie de bureau ne livrent pas eux-mêmes le courrier ; les logiciels de spam qui s'en donnent l'apparence, si."
                ),
                fix: (
                    "Send through your provider's or organisation's outgoing mail server (with authentication), not straight to the recipient's server.",
                    "Envoyez par le serveur d'envoi de votre fournisseur ou de votre organisation (avec authentification), pas directement au serveur du destinataire."
                ),
            ),
            outlook_express_to_mx,
        ),
        Rule::new(
            "DOS_OUTLOOK_TO_MX",
            Family::Header,
            [2.636, 1.449, 1.737, 2.845],
            text!(
                description: (
                    "Outlook mail delivered straight to our mail server",
                    "Courrier d'Outlook remis directement à notre serveur"
                ),
                explanation: (
                    "The message says it was written with Microsoft Outlook, yet it came to our mail server directly from the sender's own machine instead of through a provider's or company's outgoing server. Outlook does not deliver mail itself; spam software posing as it does.",
                    "Le message se dit écrit avec Microsoft Outlook, mais il est arrivé à notre serveur directement depuis la machine de l'expéditeur au lieu de passer par le serveur d'envoi d'un fournisseur ou d'une entreprise. Outlook ne livre pas lui-même le courrier ; les logiciels de spam qui s'en donnent l'apparence, si."
                ),
                fix: (
                    "Send through your provider's or organisation's outgoing mail server (with authentication), not straight to the recipient's server.",
                    "Envoyez par le serveur d'envoi de votre fournisseur ou de votre organisation (avec authentification), pas directement au serveur du destinataire."
                ),
            ),
            outlook_to_mx,
        ),
        Rule::new(
            "FORGED_OUTLOOK_HTML",
            Family::Header,
            [0.001, 0.001, 0.001, 0.021],
            text!(
                description: (
                    "Claims to be Outlook, but has only an HTML part",
                    "Se dit écrit avec Outlook, mais n'a qu'une partie HTML"
                ),
                explanation: (
                    "The X-Mailer field names Microsoft Outlook, which always sends HTML together with a plain-text version. This message has HTML only, so it was most likely built by other software borrowing Outlook's name.",
                    "Le champ X-Mailer nomme Microsoft Outlook, qui envoie toujours le HTML accompagné d'une version en texte brut. Ce message n'a que du HTML : il a très probablement été fabriqué par un autre logiciel qui emprunte le nom d'Outlook."
                ),
                fix: (
                    "Send a plain-text alternative with HTML (multipart/alternative), and do not name a program you are not using in X-Mailer.",
                    "Joignez une version en texte brut au HTML (multipart/alternative), et n'indiquez pas dans X-Mailer un programme que vous n'utilisez pas."
                ),
            ),
            outlook_html_only,
        )
        .requires("MIME_HTML_ONLY"),
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
        // Tests that need another one to have fired are tried apart.
        rules()
            .into_iter()
            .filter(|rule| rule.requires.is_empty() && (rule.check)(&context).is_some())
            .map(|rule| rule.name.into_owned())
            .collect()
    }

    #[test]
    fn outlook_sending_html_only() {
        let rule = rules()
            .into_iter()
            .find(|rule| rule.name == "FORGED_OUTLOOK_HTML")
            .map(|rule| (rule.requires.clone(), rule.check));
        let Some((requires, check)) = rule else {
            panic!("FORGED_OUTLOOK_HTML is registered");
        };
        assert_eq!(requires, ["MIME_HTML_ONLY"]);
        let fires = |header: &str| {
            let analysis = crate::rules::testing::analyse(&format!("{header}\nbody\n"));
            let inputs = crate::engine::Inputs::default();
            check(&RuleContext {
                analysis: &analysis,
                inputs: &inputs,
                set: crate::rules::ScoreSet::LOCAL,
                hits: &[],
            })
            .is_some()
        };
        assert!(fires("X-Mailer: Microsoft Outlook, Build 10.0.2627\n"));
        assert!(fires(
            "X-Mailer: Microsoft Outlook Express 6.00.2600.0000\n"
        ));
        assert!(!fires("X-Mailer: Mutt 1.5\n"));
        assert!(!fires(
            "X-Mailer: Microsoft Outlook, Build 10.0.2627\nReceived: from [192.0.2.1] by n1.groups.yahoo.com with NNFMP\n"
        ));
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
        assert_eq!(fired(id), ["RATWARE_MS_HASH", "RATWARE_OUTLOOK_NONAME"]);
        assert_eq!(
            fired(&format!(
                "{id}X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1106\n"
            )),
            ["RATWARE_OUTLOOK_NONAME"]
        );
        assert_eq!(
            fired(&format!(
                "{id}X-Mailer: Microsoft Outlook, Build 10.0.2627\n"
            )),
            ["RATWARE_MS_HASH"]
        );
        assert!(
            fired(&format!(
                "Received: from a ([192.0.2.1]) by b with Microsoft Exchange Server id 1\n{id}"
            ))
            .is_empty()
        );
    }

    /// The tests of this family firing on a message with these Received
    /// fields and header lines.
    fn fired_received(received: &[&str], header: &str) -> Vec<String> {
        let mut message = String::new();
        for line in received {
            message.push_str(&format!("Received: {line}\n"));
        }
        fired(&format!("{message}{header}Message-ID: <1@example.com>\n"))
    }

    const DIRECT: &str =
        "from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1";
    const OE6: &str = "X-Mailer: Microsoft Outlook Express 6.00.2600.0000\nX-MimeOLE: Produced By Microsoft MimeOLE V6.00.2600.0000\n";

    #[test]
    fn outlook_express_straight_to_mx() {
        assert_eq!(fired_received(&[DIRECT], OE6), ["DOS_OE_TO_MX"]);
        // Through the sender's provider: two Received fields from outside.
        let provider =
            "from pc ([192.168.1.5]) by smtp.example.org (8.12.0/8.12.0) with ESMTP id B2";
        assert!(fired_received(&[DIRECT, provider], OE6).is_empty());
        // A list, or another program.
        assert!(fired_received(&[DIRECT], &format!("{OE6}List-Id: <l.example.org>\n")).is_empty());
        assert!(fired_received(&[DIRECT], "X-Mailer: Mutt 1.5\n").is_empty());
    }

    #[test]
    fn outlook_straight_to_mx() {
        let outlook = "X-Mailer: Microsoft Outlook, Build 10.0.2627\nX-MimeOLE: Produced By Microsoft MimeOLE V6.00.2600.0000\n";
        assert_eq!(fired_received(&[DIRECT], outlook), ["DOS_OUTLOOK_TO_MX"]);
        assert!(fired_received(&[], outlook).is_empty());
        // Outlook Express has its own test.
        assert_eq!(fired_received(&[DIRECT], OE6), ["DOS_OE_TO_MX"]);
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
        let date = "Date: Mon, 2 Jan 2006 15:04:05 -0700\nX-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1106\nX-Mailer: Microsoft Outlook, Build 10.0.2627\n";
        // The token matches the Date field (2006-01-02).
        let good = format!("{date}Message-ID: <000101c60fe8$0100a8c0$0100a8c0@pc>\n");
        assert!(fired(&good).is_empty());
        // 300 units off, about 36 hours.
        let bad = format!("{date}Message-ID: <000101c61114$0100a8c0$0100a8c0@pc>\n");
        assert_eq!(fired(&bad), ["MSGID_OUTLOOK_INVALID"]);
        // Within 250 units of a Received date: still plausible.
        let relayed = format!(
            "Received: from a by b; Wed, 4 Jan 2006 03:04:05 -0700\nMessage-ID: <000101c61116$0100a8c0$0100a8c0@pc>\n{date}"
        );
        assert!(fired(&relayed).is_empty());
    }

    #[test]
    fn spam_tool_mailers() {
        assert_eq!(
            fired("X-Mailer: The Bat! (v1.52f) UNREG\n"),
            ["THEBAT_UNREG"]
        );
        assert!(fired("X-Mailer: The Bat! (v1.52f) Business\n").is_empty());
        assert_eq!(
            fired("X-Mailer: CME-V6.5.4.3; MSN\n"),
            ["X_MAILER_CME_6543_MSN"]
        );
        assert!(fired("X-Mailer: CME-V6.5.4.4; MSN\n").is_empty());
        assert_eq!(
            fired("X-Mailer: MPOP Web-Mail 2.19\n"),
            ["RATWARE_MPOP_WEBMAIL"]
        );
        assert!(fired("X-Mailer: mPOP WebMail 2.19\n").is_empty());
    }
}
