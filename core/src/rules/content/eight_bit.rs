//! Eight-bit bytes where the message declares seven-bit US-ASCII text.

use super::{Expr, View, content_rule};
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
/// from 0x80 up.
fn fake_ascii_text(context: &RuleContext<'_>) -> bool {
    context.analysis.mime.nodes.iter().any(|node| {
        node.is_leaf
            && node.ctype == "text/plain"
            && node
                .charset
                .as_deref()
                .is_none_or(|charset| charset == "us-ascii")
            && node.raw_outside_ascii
    })
}

const PP_MIME_FAKE_ASCII_TEXT: Expr = Expr::Fact(fake_ascii_text);

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
    ]
}
