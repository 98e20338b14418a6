//! How the message is packed rather than what it says: text after the end
//! of a multipart, plain ASCII text needlessly wrapped in base64, base64
//! lines longer than encoders write, a MIME-Version that is not 1.0, and
//! words glued together.

use super::conversation::ISO_2022_JP;
use super::layout::SPACE_RATIO;
use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
use crate::analysis::mime::MimeNode;
use crate::rules::{Family, Rule};
use crate::text;

/// `T_TVD_MIME_EPI`: some multipart has text after its closing boundary.
const MIME_EPILOGUE: Expr = Expr::Fact(|c| c.analysis.mime.nodes.iter().any(|node| node.epilogue));

/// Charset names SpamAssassin reads as plain ASCII: any containing one of
/// these (so "us" alone is enough).
const ASCII_CHARSETS: [&str; 11] = [
    "us-ascii",
    "ansi_x3.4-1968",
    "iso-ir-6",
    "ansi_x3.4-1986",
    "iso_646.irv:1991",
    "ascii",
    "iso646-us",
    "us",
    "ibm367",
    "cp367",
    "csascii",
];

/// SpamAssassin's `mime_base64_encoded_text` for one part: a text part in
/// base64, with no charset or an ASCII one, not declared an attachment or
/// inline.
fn base64_ascii_text(node: &MimeNode) -> bool {
    let charset = node.charset.as_deref().unwrap_or_default();
    node.ctype.starts_with("text")
        && node
            .transfer_encoding
            .as_deref()
            .is_some_and(|cte| cte.contains("base64"))
        && (charset.is_empty() || ASCII_CHARSETS.iter().any(|name| charset.contains(name)))
        && !node.raw_disposition.as_deref().is_some_and(|value| {
            let value = value.trim_start().to_ascii_lowercase();
            value.starts_with("attachment") || value.starts_with("inline")
        })
}

/// `MIME_BASE64_TEXT`: [`base64_ascii_text`] for some part.
const MIME_BASE64_TEXT: Expr = Expr::Fact(|c| c.analysis.mime.nodes.iter().any(base64_ascii_text));

/// SpamAssassin's `check_base64_length` value: the longest line, line feed
/// included, of the leaves whose transfer encoding is exactly base64 (but
/// calendar invitations).
fn longest_base64_line(analysis: &Analysis) -> usize {
    analysis
        .mime
        .nodes
        .iter()
        .filter(|node| {
            node.is_leaf
                && node.ctype != "application/ics"
                && node.transfer_encoding.as_deref() == Some("base64")
        })
        .map(|node| node.raw_longest_line)
        .max()
        .unwrap_or(0)
}

/// `BOGUS_MIME_VERSION`: a MIME-Version whose first line does not say 1.0
/// as a whole number, or says it glued to more text.
const BOGUS_MIME_VERSION: Expr = Expr::Any(&[
    Expr::All(&[
        Expr::Match(View::Header("MIME-Version"), r"\A[^\n]"),
        Expr::Not(&Expr::Match(
            View::Header("MIME-Version"),
            r"\A[^\n]*\b1\.0\b",
        )),
    ]),
    Expr::Match(View::Header("MIME-Version"), r"\A1\.0\S"),
]);

/// `TVD_SPACE_RATIO`: words glued together, in text without Japanese
/// escapes, a UTF-8 base64 Subject or runs of 8-bit bytes.
const TVD_SPACE_RATIO: Expr = Expr::All(&[
    SPACE_RATIO,
    Expr::Not(&Expr::Match(
        View::RawHeader("Subject"),
        r"(?i)=\?UTF-?8\?B\?",
    )),
    Expr::Not(&ISO_2022_JP),
    Expr::Not(&Expr::Match(View::Body, r"(?:[\x80-\xff].?){4}")),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "T_TVD_MIME_EPI",
            Family::Mime,
            [0.01; 4],
            &MIME_EPILOGUE,
            text!(
                description: (
                    "Text after the end of the MIME parts",
                    "Texte après la fin des parties MIME"
                ),
                explanation: (
                    "A multipart message goes on after its closing boundary line (the \"epilogue\"), where mail readers show nothing. Mail programs leave it empty; some bulk-mail tools put text there. This is a test rule with a token weight.",
                    "Un message multipart continue après sa ligne de fin de délimiteur (l'« épilogue »), là où les logiciels de messagerie n'affichent rien. Les logiciels de messagerie le laissent vide ; certains outils d'envoi en masse y mettent du texte. C'est une règle d'essai au poids symbolique."
                ),
                fix: (
                    "End the message with the closing boundary line.",
                    "Terminez le message par la ligne de fin de délimiteur."
                ),
            ),
        ),
        content_rule(
            "MIME_BASE64_TEXT",
            Family::Mime,
            [0.001, 0.001, 0.001, 1.741],
            &MIME_BASE64_TEXT,
            text!(
                description: (
                    "Plain ASCII text needlessly encoded in base64",
                    "Texte ASCII simple encodé en base64 sans nécessité"
                ),
                explanation: (
                    "A text part in plain ASCII (no charset, or US-ASCII) is encoded in base64, which only makes sense for binary data or other alphabets. Encoding hides the words from simple filters; mail programs send such text as it is.",
                    "Une partie texte en ASCII simple (sans jeu de caractères, ou US-ASCII) est encodée en base64, ce qui n'a de sens que pour des données binaires ou d'autres alphabets. L'encodage cache les mots aux filtres simples ; les logiciels de messagerie envoient ce texte tel quel."
                ),
                fix: (
                    "Send plain ASCII text as 7bit or quoted-printable.",
                    "Envoyez le texte ASCII simple en 7bit ou en quoted-printable."
                ),
            ),
        ),
        content_rule(
            "BASE64_LENGTH_78_79",
            Family::Mime,
            [0.1; 4],
            &Expr::Fact(|c| (78..=79).contains(&longest_base64_line(c.analysis))),
            text!(
                description: (
                    "Base64 lines of 77 or 78 characters",
                    "Lignes base64 de 77 ou 78 caractères"
                ),
                explanation: (
                    "A base64-encoded part has lines one or two characters longer than the 76 every encoder writes. Such lines come from home-made encoders of bulk-mail tools.",
                    "Une partie encodée en base64 a des lignes d'un ou deux caractères de plus que les 76 qu'écrit tout encodeur. Ces lignes viennent d'encodeurs maison d'outils d'envoi en masse."
                ),
                fix: (
                    "Let a standard mail library encode attachments (76 characters a line).",
                    "Laissez une bibliothèque d'envoi standard encoder les pièces jointes (76 caractères par ligne)."
                ),
            ),
        ),
        content_rule(
            "BASE64_LENGTH_79_INF",
            Family::Mime,
            [1.379, 2.019, 0.583, 1.502],
            &Expr::Fact(|c| longest_base64_line(c.analysis) >= 79),
            text!(
                description: (
                    "Base64 lines of 78 characters or more",
                    "Lignes base64 de 78 caractères ou plus"
                ),
                explanation: (
                    "A base64-encoded part has lines of 78 characters or more, beyond the 76 every encoder writes and the line length mail standards advise. Such lines come from home-made encoders of bulk-mail tools.",
                    "Une partie encodée en base64 a des lignes de 78 caractères ou plus, au-delà des 76 qu'écrit tout encodeur et de la longueur de ligne que conseillent les normes. Ces lignes viennent d'encodeurs maison d'outils d'envoi en masse."
                ),
                fix: (
                    "Let a standard mail library encode attachments (76 characters a line).",
                    "Laissez une bibliothèque d'envoi standard encoder les pièces jointes (76 caractères par ligne)."
                ),
            ),
        ),
        content_rule(
            "BOGUS_MIME_VERSION",
            Family::Mime,
            [1.0; 4],
            &BOGUS_MIME_VERSION,
            text!(
                description: (
                    "MIME-Version is not 1.0",
                    "MIME-Version ne vaut pas 1.0"
                ),
                explanation: (
                    "The MIME-Version field says something other than 1.0, the only version there has ever been, or glues 1.0 to more text. Mail programs write \"MIME-Version: 1.0\"; tools that forge headers get it wrong.",
                    "Le champ MIME-Version indique autre chose que 1.0, la seule version qui ait jamais existé, ou colle 1.0 à d'autres caractères. Les logiciels de messagerie écrivent « MIME-Version: 1.0 » ; les outils qui forgent des en-têtes se trompent."
                ),
                fix: (
                    "Write \"MIME-Version: 1.0\", or let your mail library write it.",
                    "Écrivez « MIME-Version: 1.0 », ou laissez votre bibliothèque d'envoi l'écrire."
                ),
            ),
        ),
        content_rule(
            "TVD_SPACE_RATIO",
            Family::Body,
            [0.001; 4],
            &TVD_SPACE_RATIO,
            text!(
                description: (
                    "Text with almost no spaces between words",
                    "Texte presque sans espaces entre les mots"
                ),
                explanation: (
                    "No line of the text has even one space for every ten other characters: words are glued together or replaced by one long token, in plain ASCII text. Spam does this to break up the words filters look for.",
                    "Aucune ligne du texte n'a ne serait-ce qu'une espace pour dix autres caractères : les mots sont collés ou remplacés par un long jeton, dans un texte ASCII simple. Le spam procède ainsi pour casser les mots que cherchent les filtres."
                ),
                fix: (
                    "Send readable text with normal spacing, not text that is encoded, obfuscated or made of a single link.",
                    "Envoyez un texte lisible avec des espaces normales, pas un texte encodé, masqué ou réduit à un seul lien."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    /// The tests of this file that fire on a message with these header lines
    /// and this body.
    fn fired_on(header: &str, body: &str) -> Vec<String> {
        let message = format!("From: a@example.com\nSubject: hi\n{header}\n{body}\n");
        fired(rules(), &analyse(&message), &Inputs::default())
    }

    const MIXED: &str = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n";

    #[test]
    fn epilogue() {
        let parts = "--b\nContent-Type: text/plain\n\nHello there, how are you\n--b--\n";
        assert_eq!(
            fired_on(MIXED, &format!("{parts}hidden words\n")),
            ["T_TVD_MIME_EPI"]
        );
        assert!(fired_on(MIXED, &format!("{parts}\n.\n")).is_empty());
    }

    #[test]
    fn base64_text() {
        let part = |headers: &str| {
            fired_on(
                MIXED,
                &format!(
                    "--b\n{headers}Content-Transfer-Encoding: base64\n\nSGVsbG8gdGhlcmUsIGhvdyBhcmUgeW91\n--b--\n"
                ),
            )
        };
        assert_eq!(part("Content-Type: text/plain\n"), ["MIME_BASE64_TEXT"]);
        assert_eq!(
            part("Content-Type: text/plain; charset=us-ascii\n"),
            ["MIME_BASE64_TEXT"]
        );
        assert!(part("Content-Type: text/plain; charset=utf-8\n").is_empty());
        assert!(part("Content-Type: text/plain\nContent-Disposition: inline\n").is_empty());
    }

    #[test]
    fn base64_line_lengths() {
        let attached = |width: usize| {
            let line = "QUFB".repeat(width / 4) + &"=".repeat(width % 4);
            fired_on(
                MIXED,
                &format!(
                    "--b\nContent-Type: text/plain\n\nsee attached\n--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n{line}\n{line}\n--b--\n"
                ),
            )
        };
        assert!(attached(76).is_empty());
        assert_eq!(attached(77), ["BASE64_LENGTH_78_79"]);
        assert_eq!(
            attached(78),
            ["BASE64_LENGTH_78_79", "BASE64_LENGTH_79_INF"]
        );
        assert_eq!(attached(100), ["BASE64_LENGTH_79_INF"]);
    }

    #[test]
    fn mime_versions() {
        let version = |value: &str| fired_on(&format!("MIME-Version: {value}\n"), "hello there");
        assert!(version("1.0").is_empty());
        assert!(version("1.0 (produced by Mailer 2)").is_empty());
        assert_eq!(version("1.1"), ["BOGUS_MIME_VERSION"]);
        assert_eq!(version("1.0x"), ["BOGUS_MIME_VERSION"]);
    }

    #[test]
    fn glued_words() {
        let glued = "Thisisatextwithoutanyspacesatallbetweenthewords\nAndanotherlinejustlikeit\n";
        assert_eq!(fired_on("", glued), ["TVD_SPACE_RATIO"]);
        assert!(fired_on("", "This is a text with spaces between the words\n").is_empty());
        assert!(
            fired_on(
                "Content-Type: text/plain; charset=utf-8\n",
                &format!("{glued}ééééé\n")
            )
            .is_empty()
        );
    }
}
