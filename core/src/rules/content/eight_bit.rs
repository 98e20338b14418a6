//! Encodings that do not fit the text: eight-bit bytes where the message
//! declares seven-bit US-ASCII, and a base64-encoded sender name that plain
//! ASCII would have carried.

use super::conversation::{SUBJECT_ENCODED_B64, SUBJECT_ENCODED_QP};
use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
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
pub(super) const EIGHT_BIT_BODY: Expr = Expr::Match(View::RawBody, r"[\x80-\xff]");

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

/// Whether a byte may not appear unencoded in a header (RFC 2045): a
/// control character other than tab, line feed and carriage return, DEL, or
/// a byte from 0x80 up.
fn illegal_byte(byte: u8) -> bool {
    matches!(byte, 0..=8 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f..)
}

/// SpamAssassin's `check_illegal_chars`: whether the raw values of `name`
/// hold at least `min` bytes that needed MIME encoding, and at least `ratio`
/// of all their bytes. Valid UTF-8 counts as encoded (it may be sent so)
/// unless it also holds control characters. In a Subject, a single cent,
/// pound or registered sign is forgiven.
fn too_many_illegal_chars(context: &RuleContext<'_>, name: &str, ratio: f64, min: usize) -> bool {
    let fields: Vec<_> = context.analysis.headers.all(name).collect();
    let raw: String = fields.iter().map(|field| field.raw.as_str()).collect();
    if !raw.contains(|c: char| !c.is_whitespace()) {
        return false;
    }
    let not_utf8 = fields.iter().any(|field| field.raw_not_utf8);
    // Bytes as written: a value that was not UTF-8 was read one character
    // per byte.
    let (length, illegal, exempt) = if not_utf8 {
        let chars = || raw.chars();
        (
            chars().count(),
            chars()
                .filter(|&c| u8::try_from(c).map_or(true, illegal_byte))
                .count(),
            chars()
                .filter(|c| matches!(c, '\u{a2}' | '\u{a3}' | '\u{ae}'))
                .count(),
        )
    } else {
        let bytes = raw.as_bytes();
        let controls = bytes
            .iter()
            .any(|b| matches!(b, 0..=8 | 0x0b | 0x0c | 0x0e..=0x1f));
        if !raw.is_ascii() && !controls {
            return false;
        }
        (
            bytes.len(),
            bytes.iter().filter(|&&b| illegal_byte(b)).count(),
            bytes
                .iter()
                .filter(|b| matches!(b, 0xa2 | 0xa3 | 0xae))
                .count(),
        )
    };
    let illegal = if name == "Subject" && exempt == 1 && illegal > 0 {
        illegal - 1
    } else {
        illegal
    };
    #[allow(
        clippy::cast_precision_loss,
        reason = "header lengths are far below 2^52"
    )]
    let share = illegal as f64 / length as f64;
    share >= ratio && illegal >= min
}

/// `__SUBJ_ILLEGAL_CHARS`: two or more bytes in the Subject as written that
/// needed MIME encoding.
const SUBJECT_ILLEGAL_CHARS: Expr = Expr::Fact(|c| too_many_illegal_chars(c, "Subject", 0.0, 2));

/// `SUBJ_ILLEGAL_CHARS`: the same, except from Yahoo! addresses (whose
/// webmail long sent raw 8-bit subjects).
const SUBJ_ILLEGAL_CHARS: Expr = Expr::All(&[
    SUBJECT_ILLEGAL_CHARS,
    Expr::Not(&Expr::Match(View::Header("From"), r"(?i)@yahoo\.com\b")),
]);

/// `SUBJECT_NEEDS_ENCODING`: raw 8-bit bytes in a Subject that has no
/// encoded word at all.
const SUBJECT_NEEDS_ENCODING: Expr = Expr::All(&[
    Expr::Not(&SUBJECT_ENCODED_B64),
    Expr::Not(&SUBJECT_ENCODED_QP),
    SUBJECT_ILLEGAL_CHARS,
]);

/// `FROM_ILLEGAL_CHARS`: two or more bytes in the From field as written that
/// needed MIME encoding, making up a fifth of it or more.
const FROM_ILLEGAL_CHARS: Expr = Expr::Fact(|c| too_many_illegal_chars(c, "From", 0.2, 2));

/// Whether the two UTF-8 bytes `lead`, `next` spell a letter SpamAssassin
/// counts as looking like a small "e": accented Latin ones (è é ê ë ē ĕ ė ę
/// ě ȅ ȇ), the Greek lunate epsilon, Cyrillic ones (е ѐ ё є ѳ ҽ ҿ ә ӫ) and
/// a few more of its byte pairs (`\xC8\x80`, `\xD3\x07`), as it lists them.
fn looks_like_e(lead: u8, next: u8) -> bool {
    match lead {
        0xC3 => (0xA8..=0xAB).contains(&next),
        0xC4 => matches!(next, 0x93 | 0x95 | 0x97 | 0x99 | 0x9B),
        0xC8 => matches!(next, 0x80 | 0x85 | 0x87),
        0xCF => next == 0xB5,
        0xD0 => next == 0xB5,
        0xD1 => matches!(next, 0x90 | 0x91 | 0x94 | 0xB3),
        0xD2 => (0xBC..=0xBF).contains(&next),
        0xD3 => matches!(next, 0x07 | 0xA9 | 0xAB),
        _ => false,
    }
}

/// SpamAssassin's cap (`maxhits`) on the count of small "e" of
/// [`mixed_es`].
const MAX_PLAIN_E: usize = 230;
/// Its cap on the count of "e" and look-alikes.
const MAX_E_LIKE: usize = 320;

/// `MIXED_ES` without its image exception: over the body lines, more than
/// 20 small "e", and the "e" and look-alikes together more than 1.4 times
/// and less than 10 times as many (`__LOWER_E`, `__E_LIKE_LETTER`, each
/// counted up to its cap). Text in plain ASCII has no look-alike: both
/// counts then count the same letters, and even capped (230 and 320) the
/// second stays below 1.4 times the first, so such text is not read.
fn mixed_es(analysis: &Analysis) -> bool {
    if analysis.body.lines.iter().all(|line| line.is_ascii()) {
        return false;
    }
    let (mut plain, mut like) = (0_usize, 0_usize);
    for line in &analysis.body.lines {
        let bytes = line.as_bytes();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            if byte == b'e' {
                plain += 1;
                like += 1;
            } else if bytes
                .get(at + 1)
                .is_some_and(|&next| looks_like_e(byte, next))
            {
                like += 1;
                at += 1;
            }
            at += 1;
        }
    }
    let (plain, like) = (plain.min(MAX_PLAIN_E), like.min(MAX_E_LIKE));
    // `like * 10 > plain * 14` is SpamAssassin's `like > plain * 14 / 10`
    // without the division.
    plain > 20 && like * 10 > plain * 14 && like < plain * 10
}

/// `MIXED_ES`: many small "e" replaced by letters that look like one, when
/// the message is not an image with little HTML (`HTML_IMAGE_ONLY_16`).
const MIXED_ES: Expr = Expr::All(&[
    Expr::Fact(|c| mixed_es(c.analysis)),
    Expr::Not(&Expr::Fact(|c| c.fired("HTML_IMAGE_ONLY_16"))),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "MIXED_ES",
            Family::Body,
            [1.0; 4],
            &MIXED_ES,
            text!(
                description: (
                    "Many letters \"e\" written with look-alikes",
                    "Beaucoup de lettres « e » écrites avec des sosies"
                ),
                explanation: (
                    "Many of the text's small letters \"e\" are accented, Greek or Cyrillic letters that look like one. Spammers swap letters this way so that their words, plain to the reader, do not match the words filters look for.",
                    "Une bonne part des « e » minuscules du texte sont des lettres accentuées, grecques ou cyrilliques qui leur ressemblent. Les spammeurs échangent ainsi les lettres pour que leurs mots, lisibles par le lecteur, ne correspondent plus à ceux que cherchent les filtres."
                ),
                fix: (
                    "Write words with their own letters.",
                    "Écrivez les mots avec leurs propres lettres."
                ),
            ),
        ),
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
        content_rule(
            "SUBJ_ILLEGAL_CHARS",
            Family::Header,
            [0.62, 1.105, 0.448, 1.518],
            &SUBJ_ILLEGAL_CHARS,
            text!(
                description: (
                    "Subject has raw characters that should have been encoded",
                    "L'objet contient des caractères bruts qui auraient dû être encodés"
                ),
                explanation: (
                    "The Subject field holds accented letters, symbols or control characters written as raw bytes in an unknown charset. Mail standards require such text to be encoded (=?charset?...?=); mail programs do it, careless bulk-mail tools do not.",
                    "Le champ Subject contient des lettres accentuées, des symboles ou des caractères de contrôle écrits en octets bruts dans un jeu de caractères inconnu. Les normes exigent que ce texte soit encodé (=?charset?...?=) ; les logiciels de messagerie le font, les outils d'envoi en masse négligents non."
                ),
                fix: (
                    "Let your mail library encode the subject (RFC 2047), or send it in UTF-8.",
                    "Laissez votre bibliothèque d'envoi encoder l'objet (RFC 2047), ou envoyez-le en UTF-8."
                ),
            ),
        ),
        content_rule(
            "SUBJECT_NEEDS_ENCODING",
            Family::Header,
            [0.498, 0.1, 0.804, 0.049],
            &SUBJECT_NEEDS_ENCODING,
            text!(
                description: (
                    "Subject has raw 8-bit characters and no encoding at all",
                    "L'objet contient des caractères 8 bits bruts et aucun encodage"
                ),
                explanation: (
                    "The Subject field holds raw bytes that needed encoding, and not a single encoded word: whatever wrote it did not know how to write a subject outside plain ASCII.",
                    "Le champ Subject contient des octets bruts qui devaient être encodés, et pas un seul mot encodé : le programme qui l'a écrit ne savait pas écrire un objet hors de l'ASCII simple."
                ),
                fix: (
                    "Let your mail library encode the subject (RFC 2047), or send it in UTF-8.",
                    "Laissez votre bibliothèque d'envoi encoder l'objet (RFC 2047), ou envoyez-le en UTF-8."
                ),
            ),
        ),
        content_rule(
            "FROM_ILLEGAL_CHARS",
            Family::Header,
            [2.192, 2.059, 0.24, 0.036],
            &FROM_ILLEGAL_CHARS,
            text!(
                description: (
                    "From has many raw characters that should have been encoded",
                    "From contient beaucoup de caractères bruts qui auraient dû être encodés"
                ),
                explanation: (
                    "A fifth or more of the From field is made of raw 8-bit bytes or control characters in an unknown charset, instead of an encoded name. Mail programs encode sender names; spam tools writing names in foreign scripts often do not.",
                    "Un cinquième ou plus du champ From est fait d'octets 8 bits bruts ou de caractères de contrôle dans un jeu de caractères inconnu, au lieu d'un nom encodé. Les logiciels de messagerie encodent le nom de l'expéditeur ; les outils de spam qui écrivent des noms dans des écritures étrangères souvent pas."
                ),
                fix: (
                    "Let your mail library encode the sender's name (RFC 2047), or send it in UTF-8.",
                    "Laissez votre bibliothèque d'envoi encoder le nom de l'expéditeur (RFC 2047), ou envoyez-le en UTF-8."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::rules;
    use crate::analysis::Analysis;
    use crate::config::Limits;
    use crate::engine::Inputs;
    use crate::rules::testing::fired;

    /// The tests of this file that fire on a message with these raw header
    /// lines.
    fn fired_on(header: &[u8]) -> Vec<String> {
        let mut message = b"To: b@example.org\n".to_vec();
        message.extend_from_slice(header);
        message.extend_from_slice(b"\nbody\n");
        let analysis = Analysis::build(&message, &Limits::default()).unwrap_or_default();
        fired(rules(), &analysis, &Inputs::default())
    }

    #[test]
    fn raw_subjects() {
        let raw = fired_on(b"From: a@example.com\nSubject: Caf\xe9 cr\xe8me\n");
        assert_eq!(raw, ["SUBJ_ILLEGAL_CHARS", "SUBJECT_NEEDS_ENCODING"]);
        // One forgiven pound sign, UTF-8, and an encoded word next to raw
        // bytes.
        assert!(fired_on(b"From: a@example.com\nSubject: only \xa3 5\n").is_empty());
        assert!(fired_on("From: a@example.com\nSubject: Café crème\n".as_bytes()).is_empty());
        assert_eq!(
            fired_on(b"From: a@example.com\nSubject: =?utf-8?Q?x?= Caf\xe9 cr\xe8me\n"),
            ["SUBJ_ILLEGAL_CHARS"]
        );
        // Yahoo! senders are spared the first test only.
        assert_eq!(
            fired_on(b"From: a@yahoo.com\nSubject: Caf\xe9 cr\xe8me\n"),
            ["SUBJECT_NEEDS_ENCODING"]
        );
    }

    #[test]
    fn raw_sender_names() {
        assert_eq!(
            fired_on(b"From: \xc0\xc1\xc2\xc3\xc4\xc5 <a@example.com>\nSubject: hi\n"),
            ["FROM_ILLEGAL_CHARS"]
        );
        // Two raw bytes in a long field are less than a fifth of it.
        assert!(
            fired_on(b"From: Jos\xe9 Mar\xeda Garcia Lopez <jose@example.com>\nSubject: hi\n")
                .is_empty()
        );
    }
}
