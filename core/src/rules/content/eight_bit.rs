//! Encodings that do not fit the text: eight-bit bytes where the message
//! declares seven-bit US-ASCII, and a base64-encoded sender name that plain
//! ASCII would have carried.

use super::{Expr, View, content_rule};
use crate::analysis::address::parse_address_list;
use crate::parse::ctype;
use crate::rules::{Family, Rule, RuleContext};
use crate::text;

/// `__CT_TEXT_PLAIN`: the message's own Content-Type is `text/plain`.
pub(super) const PLAIN_TEXT_MESSAGE: Expr =
    Expr::Match(View::Header("Content-Type"), r"(?i)\Atext/plain\b");

/// `__CTE`: the message has a Content-Transfer-Encoding field (an empty
/// pattern matches any present field).
const HAS_TRANSFER_ENCODING: Expr = Expr::Match(View::Header("Content-Transfer-Encoding"), "");

/// `__L_CTE_7BIT`: the Content-Transfer-Encoding is exactly `7bit`, in lower
/// case.
const SEVEN_BIT_ENCODING: Expr =
    Expr::Match(View::Header("Content-Transfer-Encoding"), r"\A7bit\n?\z");

/// `__L_BODY_8BITS`: a byte from 0x80 up in the source of a text part.
const EIGHT_BIT_BODY: Expr = Expr::Match(View::RawBody, r"[\x80-\xff]");

/// `CTE_8BIT_MISMATCH`: a plain-text message that says it is 7-bit (or says
/// nothing, which means 7-bit) but carries 8-bit bytes.
const CTE_8BIT_MISMATCH: Expr = Expr::All(&[
    PLAIN_TEXT_MESSAGE,
    Expr::Any(&[Expr::Not(&HAS_TRANSFER_ENCODING), SEVEN_BIT_ENCODING]),
    EIGHT_BIT_BODY,
]);

/// `PP_MIME_FAKE_ASCII_TEXT`: a plain-text leaf declared US-ASCII (or with no
/// charset) whose body as transmitted holds a NUL, a carriage return or a byte
/// from 0x80 up. The type is read from the part's own Content-Type, as
/// SpamAssassin's MIME checks do: a multipart type without a boundary, which
/// the MIME tree reads as text, does not count.
fn fake_ascii_text(context: &RuleContext<'_>) -> bool {
    context.analysis.mime.nodes.iter().any(|node| {
        node.is_leaf
            && ctype::parse_last(node.raw_content_type.as_deref()).mime_type == "text/plain"
            && node
                .charset
                .as_deref()
                .is_none_or(|charset| charset == "us-ascii")
            && node.raw_outside_ascii
    })
}

const PP_MIME_FAKE_ASCII_TEXT: Expr = Expr::Fact(fake_ascii_text);

/// `__FROM_ENCODED_B64`: the From field holds an RFC 2047 base64 word.
const FROM_ENCODED_BASE64: Expr = Expr::Match(View::RawHeader("From"), r"(?i)=\?\S+\?b\?");

/// `__FROM_NEEDS_MIME2`: a decoded display name of the From field holds a
/// control character (other than tab, line feed or carriage return), DEL or a
/// non-ASCII byte, which does need encoding.
fn from_name_needs_encoding(context: &RuleContext<'_>) -> bool {
    context
        .analysis
        .headers
        .all("From")
        .flat_map(|field| parse_address_list(&field.raw))
        .filter_map(|mailbox| mailbox.name)
        .any(|name| {
            name.bytes()
                .any(|byte| matches!(byte, 0..=8 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f..))
        })
}

/// `FROM_EXCESS_BASE64`: a base64-encoded From whose names are plain ASCII.
const FROM_EXCESS_BASE64: Expr = Expr::All(&[
    FROM_ENCODED_BASE64,
    Expr::Not(&Expr::Fact(from_name_needs_encoding)),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "CTE_8BIT_MISMATCH",
            Family::Mime,
            [1.0; 4],
            &CTE_8BIT_MISMATCH,
            text!(
                description: (
                    "Says 7-bit but the text has 8-bit bytes",
                    "Se dit en 7 bits mais le texte contient des octets 8 bits"
                ),
                explanation: (
                    "The message is plain text declared (or, with no Content-Transfer-Encoding, assumed) to be 7-bit, yet its text holds bytes from 0x80 up. Mailers that follow the MIME rules encode such text or declare it 8-bit; carelessly built bulk mail does not.",
                    "Le message est du texte brut déclaré (ou, sans Content-Transfer-Encoding, supposé) en 7 bits, mais son texte contient des octets à partir de 0x80. Les logiciels qui suivent les règles MIME encodent ce texte ou le déclarent en 8 bits ; les envois de masse bâclés, non."
                ),
                fix: (
                    "Declare Content-Transfer-Encoding: 8bit, or encode the text as quoted-printable or base64.",
                    "Déclarez Content-Transfer-Encoding: 8bit, ou encodez le texte en quoted-printable ou base64."
                ),
            ),
        ),
        content_rule(
            "PP_MIME_FAKE_ASCII_TEXT",
            Family::Mime,
            [1.0; 4],
            &PP_MIME_FAKE_ASCII_TEXT,
            text!(
                description: (
                    "Text declared US-ASCII holds other bytes",
                    "Texte déclaré US-ASCII contenant d'autres octets"
                ),
                explanation: (
                    "A plain-text part declares the US-ASCII charset (or no charset, which means US-ASCII), yet as sent it holds bytes that US-ASCII text cannot contain: bytes from 0x80 up, a NUL or a carriage return. The charset is false, which is common in spam written with foreign or hand-made tools.",
                    "Une partie en texte brut déclare le jeu de caractères US-ASCII (ou aucun, ce qui vaut US-ASCII), mais telle qu'envoyée elle contient des octets impossibles en US-ASCII : octets à partir de 0x80, NUL ou retour chariot. Le jeu de caractères est faux, ce qui est courant dans le spam écrit avec des outils étrangers ou artisanaux."
                ),
                fix: (
                    "Declare the charset the text really uses (for example charset=utf-8).",
                    "Déclarez le jeu de caractères réellement utilisé (par exemple charset=utf-8)."
                ),
            ),
        ),
        content_rule(
            "FROM_EXCESS_BASE64",
            Family::Header,
            [0.001; 4],
            &FROM_EXCESS_BASE64,
            text!(
                description: (
                    "Sender name base64-encoded for no reason",
                    "Nom de l'expéditeur encodé en base64 sans raison"
                ),
                explanation: (
                    "The From field encodes the sender's name in base64, yet the decoded name is plain ASCII that needed no encoding. Ordinary mailers encode only names with accents or other non-ASCII characters; bulk-mail tools encode everything, which also hides the name from simple filters.",
                    "Le champ From encode le nom de l'expéditeur en base64, alors que le nom décodé est en ASCII simple qui n'avait pas besoin d'encodage. Les logiciels de messagerie ordinaires n'encodent que les noms accentués ou non ASCII ; les outils d'envoi de masse encodent tout, ce qui cache aussi le nom aux filtres simples."
                ),
                fix: (
                    "Write an ASCII sender name as it is, without encoding.",
                    "Écrivez tel quel un nom d'expéditeur en ASCII, sans encodage."
                ),
            ),
        ),
    ]
}
