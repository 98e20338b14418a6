//! Header traces of bulk-mail software: mailer names and field shapes that
//! real mail programs do not write, fields only spam tools add, and
//! identifiers or relay names that do not hold together.

use super::conversation::{REFERENCES_ONLY_MAILER, all_trusted};
use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
use crate::analysis::address::parse_address_list;
use crate::analysis::uri::{is_domain_valid, trim_domain};
use crate::rules::{Family, Rule};
use crate::{Localized, text};

/// An X-Mailer naming eGroups' old posting robot, which bulk senders copied.
const RATWARE_EGROUPS: Expr = Expr::Match(View::Header("X-Mailer"), "eGroups Message Poster");

/// A Received field naming a Telesp DSL host of Brazil in parentheses, right
/// after a host name whose last label is two characters other than `br`.
/// The alternatives spell out "two characters, but not `br`".
const FORGED_TELESP_RCVD: Expr = Expr::Match(
    View::Header("Received"),
    r"\.(?:[^b\n].|b[^r\n]) \([0-9]+-[0-9]+-[0-9]+-[0-9]+\.dsl\.telesp\.net\.br ",
);

/// `FORGED_MUA_THEBAT_BOUN`: The Bat! in X-Mailer and a multipart boundary,
/// but not the boundary The Bat! writes (ten dashes and upper-case
/// hexadecimal digits, quoted), and no Mailman on the way (Mailman rewrites
/// the boundary).
const FORGED_MUA_THEBAT_BOUN: Expr = Expr::All(&[
    Expr::Match(View::Header("X-Mailer"), r"\AThe Bat!"),
    Expr::Match(View::Header("Content-Type"), r"(?i)boundary"),
    Expr::Not(&Expr::Match(
        View::Header("Content-Type"),
        r#"boundary="-{10}[A-F0-9]{4,}""#,
    )),
    Expr::Not(&Expr::Match(View::Header("X-Mailman-Version"), r"[0-9]")),
]);

/// `XM_LIGHT_HEAVY`: an X-Mailer calling itself a "light", "lite",
/// "standard", "business", "pro", "professional", "educational" or
/// "personal" edition, and no X-BeenThere field (Mailman's). A "lite" right
/// after `::` (a Perl module name) does not count: the first alternative
/// before it spells out "a word boundary, but not after two colons".
const XM_LIGHT_HEAVY: Expr = Expr::All(&[
    Expr::Match(
        View::Header("X-Mailer"),
        concat!(
            r"(?i)(?:(?:\A|[^0-9A-Za-z_:]|(?:\A|[^:]):)lite\b",
            r"|\b(?:light|standard|business|pro(?:fessional)?|educational|personal)\b)",
        ),
    ),
    Expr::Not(&field_exists!("X-BeenThere")),
]);

/// `AXB_XMAILER_MIMEOLE_OL_024C2`: the X-Mailer and X-MimeOLE of one Outlook
/// Express 6 build, copied together by a family of spam tools.
const OUTLOOK_EXPRESS_2600: Expr = Expr::All(&[
    Expr::Match(
        View::Header("X-Mailer"),
        r"Microsoft Outlook Express 6\.00\.2600\.0000",
    ),
    Expr::Match(
        View::Header("X-MimeOLE"),
        r"Produced By Microsoft MimeOLE V6\.00\.2600\.0000",
    ),
]);

/// A field whose name only bulk-mail tools write (names as written, case
/// included).
const HEADER_SPAM: Expr = Expr::Match(
    View::AllHeaders,
    concat!(
        r"(?m)^(?:Alternate-Recipient|Antivirus|Approved|Delivery-Notification",
        r"|Disclose-Recipients|Error-path|Language|Location|Mime-Subversion",
        r"|Newsletter-ID|PID|Rot|UID|X-BounceTrace|X-CS-IP|X-Company-Address",
        r"|X-Company-City|X-Company-Country|X-Company-State|X-Company-Zip",
        r"|X-E(?:[Mm]ail)?|X-Encoding|X-Originating-Company|X-RMD-Text|X-SG4",
        r"|X-SP-Track-ID|X-Webmail-Time|X-bounce-to):"
    ),
);

/// The (first) From address starts with three to fifty digits followed by
/// something other than a digit or `@`.
const FROM_STARTS_WITH_NUMS: Expr = Expr::Match(View::Addresses("From"), r"\A[0-9]{3,50}[^0-9@]");

/// `__SANE_MSGID`: some message ID reads `<left@right>`, neither side with
/// angle brackets, backslashes, blanks, control line breaks or 8-bit bytes.
const SANE_MESSAGE_ID: Expr = Expr::Match(
    View::MessageIds,
    r"(?m)^<[^<>\\ \t\n\r\x0b\x80-\xff]+@[^<>\\ \t\n\r\x0b\x80-\xff]+>\s*$",
);

/// `INVALID_MSGID`: a message ID is given, but none has the `<left@right>`
/// shape nor a comment in parentheses.
const INVALID_MSGID: Expr = Expr::All(&[
    Expr::Match(View::MessageIds, r"\S"),
    Expr::Not(&SANE_MESSAGE_ID),
    Expr::Not(&Expr::Match(View::MessageIds, r"(?m)\(.*\)")),
]);

/// `FAKE_REPLY_C`: a reply Subject ("Re:", "Sv:", "Vs:", "Aw:"), no
/// References field, from a mailer that always writes References in replies.
const FAKE_REPLY_C: Expr = Expr::All(&[
    Expr::Match(View::Header("Subject"), r"\A(?:R[eE]|S[vV]|V[sS]|A[wW]):"),
    field_missing!("References"),
    REFERENCES_ONLY_MAILER,
]);

/// `FSL_HELO_BARE_IP_1`: the newest external relay, not authenticated,
/// greeted with a bare IPv4 address (outside 127/8) instead of a name, and
/// not every relay is trusted. The first octet's alternatives spell out
/// "one to three digits, but not 127".
const FSL_HELO_BARE_IP_1: Expr = Expr::All(&[
    Expr::Match(
        View::RelaysExternal,
        concat!(
            r"(?i)\A[^\]]+ helo=(?:[0-9]{1,2}|[02-9][0-9]{2}|1[013-9][0-9]|12[0-689])",
            r"\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3} [^\]]*auth= "
        ),
    ),
    Expr::Not(&Expr::Fact(all_trusted)),
]);

/// `RATWARE_EFROM`: the envelope sender is built from the first recipient's
/// address, as `domain.user@` (say `example.com=bob@bulk.example` for
/// bob@example.com), the registered domain opening a word, any one
/// character between, any case. SRS-rewritten senders (`SRS0=…`) are
/// forwarders' and do not count.
fn envelope_from_recipient(analysis: &Analysis) -> Option<(String, String)> {
    let to = analysis.addresses.to.first()?;
    let envelope = analysis.relays.envelope_from(&analysis.headers)?;
    let sender = parse_address_list(&envelope).into_iter().next()?.address;
    let srs = sender.get(..4).is_some_and(|head| {
        head.get(..3)
            .is_some_and(|srs| srs.eq_ignore_ascii_case("SRS"))
            && head.as_bytes().get(3).is_some_and(u8::is_ascii_digit)
            && sender.as_bytes().get(4).is_some_and(|b| b"=+-".contains(b))
    });
    if to.address.is_empty() || sender.is_empty() || srs {
        return None;
    }
    // The user part: everything before the first `@`.
    let (user, domain) = to.address.split_once('@')?;
    if user.is_empty() || domain.is_empty() {
        return None;
    }
    let lower = sender.to_ascii_lowercase();
    let tail = format!("{}@", user.to_ascii_lowercase());
    // The cheap test first: the recipient's user name and `@`.
    if !lower.contains(&tail) {
        return None;
    }
    let domain = trim_domain(&domain.to_ascii_lowercase());
    if !is_domain_valid(&domain) {
        return None;
    }
    let bytes = lower.as_bytes();
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let built = lower.match_indices(domain.as_str()).any(|(at, _)| {
        // A word boundary before the domain.
        let first = bytes.get(at).is_some_and(word);
        let before = at
            .checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_some_and(word);
        let after = at + domain.len();
        first != before
            && bytes.get(after).is_some_and(|b| *b != b'\n')
            && lower
                .get(after + 1..)
                .is_some_and(|rest| rest.starts_with(&tail))
    });
    built.then(|| (to.address.clone(), sender))
}

pub(super) fn rules() -> Vec<Rule> {
    let header = |name, scores, when, text| content_rule(name, Family::Header, scores, when, text);
    vec![
        Rule::new(
            "RATWARE_EFROM",
            Family::Header,
            [0.1; 4],
            text!(
                description: (
                    "Envelope sender made from the recipient's address",
                    "Expéditeur d'enveloppe fabriqué à partir de l'adresse du destinataire"
                ),
                explanation: (
                    "The envelope sender (where bounces go) is the recipient's own domain and user name glued together, such as example.com=bob@… for bob@example.com. Bulk-mail software builds it this way to match bounces to its address list; ordinary mail does not.",
                    "L'expéditeur d'enveloppe (où vont les retours d'erreur) est le domaine et le nom d'utilisateur du destinataire collés ensemble, comme example.com=bob@… pour bob@example.com. Les logiciels d'envoi en masse le fabriquent ainsi pour rattacher les retours à leur liste ; le courrier ordinaire, non."
                ),
                fix: (
                    "Use a fixed bounce address, or variable envelope return paths in the standard (SRS/VERP) form your mailing software offers.",
                    "Utilisez une adresse de retour fixe, ou les adresses de retour variables au format standard (SRS/VERP) que propose votre logiciel d'envoi."
                ),
            ),
            |context| {
                let (to, sender) = envelope_from_recipient(context.analysis)?;
                Some(Localized::new(
                    format!("envelope sender {sender} for recipient {to}"),
                    format!("expéditeur d'enveloppe {sender} pour le destinataire {to}"),
                ))
            },
        ),
        header(
            "RATWARE_EGROUPS",
            [1.898, 1.258, 1.406, 1.621],
            &RATWARE_EGROUPS,
            text!(
                description: (
                    "X-Mailer names eGroups' posting robot",
                    "X-Mailer nomme le robot d'envoi d'eGroups"
                ),
                explanation: (
                    "The X-Mailer field says \"eGroups Message Poster\", the robot of a mailing-list service that closed long ago. Bulk-mail programs kept writing it to pass as list mail.",
                    "Le champ X-Mailer indique « eGroups Message Poster », le robot d'un service de listes de diffusion fermé depuis longtemps. Des logiciels d'envoi en masse ont continué à l'écrire pour se faire passer pour du courrier de liste."
                ),
                fix: (
                    "Let your mail software name itself in X-Mailer, or leave the field out.",
                    "Laissez votre logiciel de messagerie se nommer lui-même dans X-Mailer, ou omettez ce champ."
                ),
            ),
        ),
        header(
            "FORGED_TELESP_RCVD",
            [2.499, 2.499, 2.499, 1.841],
            &FORGED_TELESP_RCVD,
            text!(
                description: (
                    "Received field with a forged Brazilian DSL host",
                    "Champ Received avec un hôte DSL brésilien falsifié"
                ),
                explanation: (
                    "A Received field shows a host name outside Brazil next to a Telesp DSL address from Brazil. Real servers do not record such a pair; spam software writes it to fake the path the message took.",
                    "Un champ Received montre un nom d'hôte hors du Brésil accolé à une adresse DSL brésilienne de Telesp. Les vrais serveurs n'inscrivent pas une telle paire ; les logiciels de spam l'écrivent pour maquiller le chemin suivi par le message."
                ),
                fix: (
                    "Never write Received fields yourself: each server on the way adds its own.",
                    "N'écrivez jamais vous-même de champs Received : chaque serveur sur le chemin ajoute le sien."
                ),
            ),
        ),
        header(
            "FORGED_MUA_THEBAT_BOUN",
            [3.046, 3.22, 3.207, 3.399],
            &FORGED_MUA_THEBAT_BOUN,
            text!(
                description: (
                    "Claims to be The Bat!, but its MIME boundary is not The Bat!'s",
                    "Se dit écrit avec The Bat!, mais sa frontière MIME n'est pas celle de The Bat!"
                ),
                explanation: (
                    "The X-Mailer field names The Bat!, a mail program that always writes its MIME boundaries the same way: ten dashes followed by hexadecimal digits. This message's boundary has another shape, so it was built by a different program borrowing The Bat!'s name.",
                    "Le champ X-Mailer nomme The Bat!, un logiciel de messagerie qui écrit toujours ses frontières MIME de la même façon : dix tirets suivis de chiffres hexadécimaux. La frontière de ce message a une autre forme : il a donc été fabriqué par un autre programme qui emprunte le nom de The Bat!."
                ),
                fix: (
                    "Do not name in X-Mailer a program you are not using.",
                    "N'indiquez pas dans X-Mailer un programme que vous n'utilisez pas."
                ),
            ),
        ),
        header(
            "XM_LIGHT_HEAVY",
            [1.0; 4],
            &XM_LIGHT_HEAVY,
            text!(
                description: (
                    "X-Mailer names a special edition of a mail program",
                    "X-Mailer nomme une édition spéciale d'un logiciel de messagerie"
                ),
                explanation: (
                    "The X-Mailer field calls the sending program a \"light\", \"lite\", \"pro\", \"business\", \"personal\" or similar edition. Many bulk-mail programs sold to spammers name themselves this way; ordinary mail programs rarely do.",
                    "Le champ X-Mailer présente le logiciel d'envoi comme une édition « light », « lite », « pro », « business », « personal » ou équivalente. Beaucoup de logiciels d'envoi en masse vendus aux spammeurs se nomment ainsi ; les logiciels de messagerie ordinaires rarement."
                ),
                fix: (
                    "Leave X-Mailer out, or let a mainstream mail library write it.",
                    "Omettez X-Mailer, ou laissez une bibliothèque de messagerie courante l'écrire."
                ),
            ),
        ),
        header(
            "AXB_XMAILER_MIMEOLE_OL_024C2",
            [1.0; 4],
            &OUTLOOK_EXPRESS_2600,
            text!(
                description: (
                    "X-Mailer and X-MimeOLE of one Outlook Express 6 build, often copied",
                    "X-Mailer et X-MimeOLE d'une version d'Outlook Express 6 souvent copiée"
                ),
                explanation: (
                    "The message names Outlook Express 6.00.2600.0000 in both X-Mailer and X-MimeOLE. That build was common, but spam tools copied exactly this pair into their messages, so it counts a little against the message.",
                    "Le message nomme Outlook Express 6.00.2600.0000 à la fois dans X-Mailer et dans X-MimeOLE. Cette version était répandue, mais des outils de spam ont copié exactement cette paire dans leurs messages ; elle compte donc un peu contre le message."
                ),
                fix: (
                    "Use a current mail program; do not copy another program's fields.",
                    "Utilisez un logiciel de messagerie à jour ; ne copiez pas les champs d'un autre programme."
                ),
            ),
        ),
        header(
            "HEADER_SPAM",
            [2.499, 2.499, 1.994, 0.585],
            &HEADER_SPAM,
            text!(
                description: (
                    "Has a header field only bulk-mail tools write",
                    "A un champ d'en-tête que seuls les outils d'envoi en masse écrivent"
                ),
                explanation: (
                    "The header has a field such as X-Company-Address, X-Encoding, Mime-Subversion or X-SP-Track-ID. No standard and no common mail program defines these names; they are left by particular bulk-mail programs.",
                    "L'en-tête contient un champ comme X-Company-Address, X-Encoding, Mime-Subversion ou X-SP-Track-ID. Aucune norme ni aucun logiciel de messagerie courant ne définit ces noms ; ils sont laissés par certains logiciels d'envoi en masse."
                ),
                fix: (
                    "Remove the non-standard fields your sending tool adds, or change tools.",
                    "Retirez les champs non standard qu'ajoute votre outil d'envoi, ou changez d'outil."
                ),
            ),
        ),
        header(
            "FROM_STARTS_WITH_NUMS",
            [2.801, 0.553, 1.201, 0.738],
            &FROM_STARTS_WITH_NUMS,
            text!(
                description: (
                    "From address starts with three or more digits",
                    "L'adresse From commence par trois chiffres ou plus"
                ),
                explanation: (
                    "The sender's address begins with a run of digits followed by letters, as in 12345john@example.com. Addresses generated in bulk for throw-away accounts often look like this; people rarely choose them.",
                    "L'adresse de l'expéditeur commence par une suite de chiffres suivie de lettres, comme 12345jean@example.com. Les adresses générées en masse pour des comptes jetables ont souvent cette forme ; les gens les choisissent rarement."
                ),
                fix: (
                    "Send from an address made of a name or a role (news@, jean.dupont@).",
                    "Envoyez depuis une adresse formée d'un nom ou d'une fonction (news@, jean.dupont@)."
                ),
            ),
        ),
        header(
            "INVALID_MSGID",
            [2.602, 1.167, 1.328, 0.568],
            &INVALID_MSGID,
            text!(
                description: ("Malformed Message-Id", "Message-Id mal formé"),
                explanation: (
                    "The message has an identifier, but not in the required <unique-part@domain> form: the angle brackets or the @ are missing, or it holds spaces or 8-bit characters. Mail programs and servers always get this right; home-made sending scripts often do not.",
                    "Le message a un identifiant, mais pas sous la forme exigée <partie-unique@domaine> : il manque les chevrons ou le @, ou il contient des espaces ou des caractères 8 bits. Les logiciels et serveurs de messagerie le font toujours correctement ; les scripts d'envoi artisanaux souvent pas."
                ),
                fix: (
                    "Let your mail library or outgoing server create the Message-Id, e.g. <20260101.1234@example.com>.",
                    "Laissez votre bibliothèque d'envoi ou votre serveur sortant créer le Message-Id, par exemple <20260101.1234@example.com>."
                ),
            ),
        ),
        header(
            "FAKE_REPLY_C",
            [0.688, 0.001, 2.553, 1.486],
            &FAKE_REPLY_C,
            text!(
                description: (
                    "Looks like a reply, but lacks the References field its mailer writes",
                    "Ressemble à une réponse, sans le champ References qu'écrit son logiciel"
                ),
                explanation: (
                    "The subject starts with a reply marker such as \"Re:\", and the message names a mail program (Outlook Express, Mutt, Gnus…) that always records the message being answered in a References field. There is none, so the \"reply\" was made up to look like an ongoing conversation.",
                    "L'objet commence par une marque de réponse comme « Re: », et le message nomme un logiciel (Outlook Express, Mutt, Gnus…) qui note toujours le message auquel il répond dans un champ References. Il n'y en a pas : la « réponse » a été inventée pour faire croire à une conversation en cours."
                ),
                fix: (
                    "Do not put \"Re:\" in the subject of a message that answers nothing; real replies made with the mail program's reply button are fine.",
                    "Ne mettez pas « Re: » dans l'objet d'un message qui ne répond à rien ; les vraies réponses faites avec le bouton Répondre du logiciel ne posent pas de problème."
                ),
            ),
        ),
        content_rule(
            "FSL_HELO_BARE_IP_1",
            Family::Relay,
            [2.598, 1.426, 3.099, 2.347],
            &FSL_HELO_BARE_IP_1,
            text!(
                description: (
                    "The sending host greeted with a bare IP address",
                    "L'hôte d'envoi s'est présenté avec une simple adresse IP"
                ),
                explanation: (
                    "The machine that handed the message to our network introduced itself (HELO) with a bare IP address instead of its name, and did not log in. Mail servers greet with their host name; infected computers and cheap spam tools often do not.",
                    "La machine qui a remis le message à notre réseau s'est présentée (HELO) avec une simple adresse IP au lieu de son nom, sans s'authentifier. Les serveurs de messagerie se présentent par leur nom d'hôte ; les ordinateurs infectés et les outils de spam bon marché souvent pas."
                ),
                fix: (
                    "Configure the sending server to greet with its fully qualified host name (the one its address resolves to), or send through your provider's server with authentication.",
                    "Configurez le serveur d'envoi pour qu'il se présente avec son nom d'hôte complet (celui de son adresse en DNS inverse), ou envoyez par le serveur de votre fournisseur avec authentification."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::rules;
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    /// Whether `name` fires on a message with these extra header lines.
    fn fires(name: &str, header: &str) -> bool {
        let message = format!(
            "{header}From: a@example.com\nTo: b@example.org\nSubject: hi\nMessage-ID: <1@example.com>\n\nbody\n"
        );
        fired(rules(), &analyse(&message), &Inputs::default())
            .iter()
            .any(|hit| hit == name)
    }

    #[test]
    fn envelope_sender_from_recipient() {
        // b@example.org as `example.org=b@`, any separator, any case.
        assert!(fires(
            "RATWARE_EFROM",
            "Return-Path: <example.org=b@bulk.example.net>\n"
        ));
        assert!(fires(
            "RATWARE_EFROM",
            "Return-Path: <x-Example.org.B@bulk.example.net>\n"
        ));
        // Another user, the domain inside a word, or an SRS forwarder.
        assert!(!fires(
            "RATWARE_EFROM",
            "Return-Path: <example.org=c@bulk.example.net>\n"
        ));
        assert!(!fires(
            "RATWARE_EFROM",
            "Return-Path: <xexample.org=b@bulk.example.net>\n"
        ));
        assert!(!fires(
            "RATWARE_EFROM",
            "Return-Path: <SRS0=example.org=b@fwd.example.net>\n"
        ));
    }

    #[test]
    fn mailer_names() {
        assert!(fires(
            "RATWARE_EGROUPS",
            "X-Mailer: eGroups Message Poster\n"
        ));
        assert!(!fires("RATWARE_EGROUPS", "X-Mailer: eGroups Poster\n"));
        for edition in [
            "Mailer Pro 2.1",
            "Super Mailer Lite",
            "X:lite",
            "BulkSender Business Edition",
        ] {
            assert!(
                fires("XM_LIGHT_HEAVY", &format!("X-Mailer: {edition}\n")),
                "{edition}"
            );
        }
        for other in ["Mail::Sender::lite", "Proton 1.0", "Mutt 1.5", "Lightning"] {
            assert!(
                !fires("XM_LIGHT_HEAVY", &format!("X-Mailer: {other}\n")),
                "{other}"
            );
        }
        assert!(!fires(
            "XM_LIGHT_HEAVY",
            "X-Mailer: Mailer Pro\nX-BeenThere: list@example.org\n"
        ));
        let pair = "X-Mailer: Microsoft Outlook Express 6.00.2600.0000\nX-MimeOLE: Produced By Microsoft MimeOLE V6.00.2600.0000\n";
        assert!(fires("AXB_XMAILER_MIMEOLE_OL_024C2", pair));
        assert!(!fires(
            "AXB_XMAILER_MIMEOLE_OL_024C2",
            &pair.replace("V6.00.2600.0000", "V6.00.2800.1106")
        ));
    }

    #[test]
    fn the_bat_boundary() {
        let bat = "X-Mailer: The Bat! (v1.62r)\nMIME-Version: 1.0\n";
        assert!(fires(
            "FORGED_MUA_THEBAT_BOUN",
            &format!("{bat}Content-Type: multipart/alternative; boundary=\"=_NextPart_000\"\n")
        ));
        assert!(!fires(
            "FORGED_MUA_THEBAT_BOUN",
            &format!(
                "{bat}Content-Type: multipart/alternative; boundary=\"----------1A2B3C4D5E\"\n"
            )
        ));
        assert!(!fires(
            "FORGED_MUA_THEBAT_BOUN",
            &format!("{bat}Content-Type: text/plain\n")
        ));
    }

    #[test]
    fn telesp_received() {
        let forged = "Received: from mail.example.de (200-1-2-3.dsl.telesp.net.br [200.1.2.3]) by mx.example.org; Mon, 2 Jan 2006 12:00:00 +0000\n";
        assert!(fires("FORGED_TELESP_RCVD", forged));
        let genuine = forged.replace("mail.example.de", "host.example.com.br");
        assert!(!fires("FORGED_TELESP_RCVD", &genuine));
    }

    #[test]
    fn spam_tool_fields() {
        assert!(fires("HEADER_SPAM", "X-Company-Address: 1 Main St\n"));
        assert!(fires("HEADER_SPAM", "X-EMail: a@example.com\n"));
        // Names are matched as written, and only whole names.
        assert!(!fires("HEADER_SPAM", "x-company-address: 1 Main St\n"));
        assert!(!fires("HEADER_SPAM", "X-Encodings: none\n"));
    }

    #[test]
    fn digits_first_sender() {
        let from = |address: &str| {
            let message = format!("From: {address}\nTo: b@example.org\nSubject: hi\n\nbody\n");
            fired(rules(), &analyse(&message), &Inputs::default())
                .contains(&"FROM_STARTS_WITH_NUMS".to_owned())
        };
        assert!(from("12345john@example.com"));
        assert!(from("Sales <007bond@example.com>"));
        assert!(!from("12john@example.com"));
        assert!(!from("123456@example.com"));
        assert!(!from("john123@example.com"));
    }

    #[test]
    fn message_id_shape() {
        let with_id = |id: &str| {
            let message = format!(
                "From: a@example.com\nTo: b@example.org\nSubject: hi\nMessage-ID: {id}\n\nbody\n"
            );
            fired(rules(), &analyse(&message), &Inputs::default())
                .contains(&"INVALID_MSGID".to_owned())
        };
        assert!(with_id("12345.example.com"));
        assert!(with_id("<12345 @example.com>"));
        assert!(with_id("<12345example.com>"));
        assert!(!with_id("<12345@example.com>"));
        assert!(!with_id("<12345@example.com> (added by mx)"));
        assert!(!with_id("abc (comment)"));
        // No identifier at all is another test's business.
        assert!(!fires("INVALID_MSGID", ""));
    }

    #[test]
    fn reply_without_references() {
        let oe = "X-Mailer: Microsoft Outlook Express 6.00.2600.0000\n";
        let reply = |extra: &str, subject: &str| {
            let message = format!(
                "{extra}From: a@example.com\nTo: b@example.org\nSubject: {subject}\n\nbody\n"
            );
            fired(rules(), &analyse(&message), &Inputs::default())
                .contains(&"FAKE_REPLY_C".to_owned())
        };
        assert!(reply(oe, "Re: your order"));
        assert!(reply("User-Agent: Mutt/1.5\n", "AW: Termin"));
        assert!(!reply(
            &format!("{oe}References: <1@example.com>\n"),
            "Re: your order"
        ));
        assert!(!reply(oe, "your order"));
        assert!(reply(oe, "RE: your order"));
        assert!(!reply(oe, "Fwd: your order"));
        assert!(!reply(
            "X-Mailer: Microsoft Outlook, Build 10.0.2627\n",
            "Re: your order"
        ));
    }

    #[test]
    fn bare_ip_greeting() {
        let received = |helo: &str| {
            format!(
                "Received: from {helo} (unknown [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1; Mon, 2 Jan 2006 12:00:00 +0000\n"
            )
        };
        assert!(fires("FSL_HELO_BARE_IP_1", &received("198.51.100.2")));
        assert!(fires("FSL_HELO_BARE_IP_1", &received("10.0.0.1")));
        assert!(!fires("FSL_HELO_BARE_IP_1", &received("127.0.0.1")));
        assert!(!fires("FSL_HELO_BARE_IP_1", &received("pc.example.org")));
        assert!(!fires("FSL_HELO_BARE_IP_1", &received("[198.51.100.2]")));
    }
}
