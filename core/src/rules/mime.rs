//! MIME structure tests (sa-semantics §1.3, §1.4, §2.4).

use std::collections::HashMap;

use crate::analysis::Analysis;
use crate::i18n::{Lang, group_digits};
use crate::rules::content::{Expr, View, content_rule};
use crate::rules::{Evidence, Family, Rule, RuleFlags};
use crate::{Localized, text};

/// The longest quoted-printable line SpamAssassin lets pass, line feed not
/// counted: RFC 5322's 78 rather than RFC 2045's 76, which some common
/// mailers exceed by two.
const QP_MAX_LINE: usize = 78;

/// CTYPE_001C_B: a multipart boundary of the form Outlook writes, with the
/// zeros and the trailing 0 a spam tool imitating it leaves.
const CTYPE_001C_B: Expr = Expr::Match(
    View::Header("Content-Type"),
    r#"multipart.{0,200}boundary="----=_NextPart_000_0000_01C[0-9A-F]{5}\.[0-9A-F]{7}0""#,
);

/// MIME_BOUND_DD_DIGITS: a boundary of two dashes then digits only.
const MIME_BOUND_DD_DIGITS: Expr =
    Expr::Match(View::Header("Content-Type"), r#"boundary="--[0-9]+""#);

/// MIME_BOUND_DIGITS_15: a boundary of 15 digits or more, nothing else.
const MIME_BOUND_DIGITS_15: Expr =
    Expr::Match(View::Header("Content-Type"), r#"boundary="[0-9]{15,}""#);

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "CTYPE_001C_B",
            Family::Mime,
            [0.001; 4],
            &CTYPE_001C_B,
            text!(
                description: (
                    "MIME boundary imitating Outlook's, with telltale zeros",
                    "Délimiteur MIME imitant celui d'Outlook, avec des zéros révélateurs"
                ),
                explanation: (
                    "The multipart boundary copies the form Outlook writes (----=_NextPart_000_…) but with zeros and a final 0 where Outlook puts varying digits, as a known spam tool writes it. Informational.",
                    "Le délimiteur multipart copie la forme qu'écrit Outlook (----=_NextPart_000_…) mais avec des zéros et un 0 final là où Outlook met des chiffres variables, comme l'écrit un outil de spam connu. Pour information."
                ),
                fix: (
                    "Let your mail library choose the MIME boundary.",
                    "Laissez votre bibliothèque d'envoi choisir le délimiteur MIME."
                ),
            ),
        ),
        content_rule(
            "MIME_BOUND_DD_DIGITS",
            Family::Mime,
            [3.016, 0.349, 2.417, 1.373],
            &MIME_BOUND_DD_DIGITS,
            text!(
                description: (
                    "MIME boundary is two dashes then digits",
                    "Délimiteur MIME fait de deux tirets et de chiffres"
                ),
                explanation: (
                    "The multipart boundary is two dashes followed by digits only. Mail programs build boundaries with letters and punctuation; this form is written by spam software.",
                    "Le délimiteur multipart est fait de deux tirets suivis uniquement de chiffres. Les logiciels de messagerie construisent leurs délimiteurs avec des lettres et de la ponctuation ; cette forme est écrite par des logiciels de spam."
                ),
                fix: (
                    "Let your mail library choose the MIME boundary.",
                    "Laissez votre bibliothèque d'envoi choisir le délimiteur MIME."
                ),
            ),
        ),
        content_rule(
            "MIME_BOUND_DIGITS_15",
            Family::Mime,
            [0.1; 4],
            &MIME_BOUND_DIGITS_15,
            text!(
                description: (
                    "MIME boundary is 15 digits or more",
                    "Délimiteur MIME de 15 chiffres ou plus"
                ),
                explanation: (
                    "The multipart boundary is a long run of digits and nothing else, a form some bulk-mail software writes.",
                    "Le délimiteur multipart est une longue suite de chiffres et rien d'autre, une forme qu'écrivent certains logiciels d'envoi en masse."
                ),
                fix: (
                    "Let your mail library choose the MIME boundary.",
                    "Laissez votre bibliothèque d'envoi choisir le délimiteur MIME."
                ),
            ),
        ),
        Rule::new(
            "MIME_HTML_ONLY",
            Family::Mime,
            [0.1; 4],
            text!(
                description: ("Message only has text/html MIME parts", "Le message ne contient que des parties MIME text/html"),
                explanation: (
                    "The message has HTML parts but no plain-text version. Most mail programs send HTML together with a plain-text alternative; HTML alone is more common in bulk and spam mail.",
                    "Le message contient des parties HTML mais aucune version en texte brut. La plupart des logiciels de messagerie envoient le HTML accompagné d'une version texte ; le HTML seul se voit davantage dans les envois en masse et le spam."
                ),
                fix: (
                    "Send the message as multipart/alternative with a text/plain version of the same content next to the HTML one.",
                    "Envoyez le message en multipart/alternative, avec une version text/plain du même contenu à côté de la version HTML."
                ),
            ),
            html_only,
        ),
        Rule::new(
            "MIME_HTML_ONLY_MULTI",
            Family::Mime,
            [0.0, 0.001, 0.001, 0.001],
            text!(
                description: ("Multipart message only has text/html MIME parts", "Message multipart ne contenant que des parties text/html"),
                explanation: (
                    "The message announces itself as multipart/alternative, which promises several versions of the same content, yet it only carries HTML.",
                    "Le message se présente comme multipart/alternative, ce qui annonce plusieurs versions du même contenu, mais il ne contient que du HTML."
                ),
                fix: (
                    "Put a text/plain version of the content next to the HTML one inside the multipart/alternative, or send a plain text/html message.",
                    "Ajoutez une version text/plain du contenu à côté de la version HTML dans le multipart/alternative, ou envoyez un simple message text/html."
                ),
            ),
            |ctx| {
                let ctype = ctx.analysis.headers.get("Content-Type")?;
                ctype.to_ascii_lowercase().contains("multipart/alternative").then(|| {
                    Localized::new(
                        "top-level type is multipart/alternative, yet only HTML parts",
                        "type principal multipart/alternative, mais uniquement des parties HTML",
                    )
                })
            },
        )
        .requires("MIME_HTML_ONLY"),
        Rule::new(
            "MPART_ALT_DIFF",
            Family::Mime,
            [2.246, 0.724, 0.595, 0.79],
            text!(
                description: ("HTML and text parts are different", "Les parties HTML et texte sont différentes"),
                explanation: (
                    "In a multipart/alternative message the text and HTML parts should say the same thing. Here none of the HTML words appear in the text part: spammers often put a harmless text to fool filters next to the HTML that readers actually see.",
                    "Dans un message multipart/alternative, les parties texte et HTML devraient dire la même chose. Ici, aucun mot de la partie HTML ne figure dans la partie texte : les spammeurs placent souvent un texte anodin, destiné aux filtres, à côté du HTML que le lecteur voit réellement."
                ),
                fix: (
                    "Generate the text/plain part from the same content as the HTML part (most mailing tools can do it automatically), instead of a placeholder text.",
                    "Produisez la partie text/plain à partir du même contenu que la partie HTML (la plupart des outils d'envoi savent le faire automatiquement), plutôt qu'un texte de remplacement."
                ),
            ),
            |ctx| {
                let diff = alt_difference(ctx.analysis)?;
                (diff.madiff > 99.0 && diff.madiff <= 100.0).then(|| diff.evidence())
            },
        ),
        Rule::new(
            "MPART_ALT_DIFF_COUNT",
            Family::Mime,
            [2.799, 1.483, 1.199, 1.112],
            text!(
                description: ("HTML and text parts are different", "Les parties HTML et texte sont différentes"),
                explanation: (
                    "In a multipart/alternative message the text part has more than three times as many distinct words as the HTML part, so the two versions do not carry the same content: a trick to feed filters a text that readers never see.",
                    "Dans un message multipart/alternative, la partie texte contient plus de trois fois plus de mots distincts que la partie HTML : les deux versions ne portent donc pas le même contenu, une ruse pour montrer aux filtres un texte que le lecteur ne voit jamais."
                ),
                fix: (
                    "Make the text/plain part a faithful version of the HTML part, generated from the same content.",
                    "Faites de la partie text/plain une version fidèle de la partie HTML, produite à partir du même contenu."
                ),
            ),
            |ctx| {
                let diff = alt_difference(ctx.analysis)?;
                let (html, text) = (diff.last_html_words, diff.last_text_words);
                (html > 1 && text as f64 / html as f64 > 3.0).then(|| {
                    let count = |n: usize, lang| group_digits(n as u64, lang);
                    Localized::new(
                        format!(
                            "multipart/alternative: {} distinct words in the text part, {} in the HTML part",
                            count(text, Lang::En),
                            count(html, Lang::En)
                        ),
                        format!(
                            "multipart/alternative : {} mots distincts dans la partie texte, {} dans la partie HTML",
                            count(text, Lang::Fr),
                            count(html, Lang::Fr)
                        ),
                    )
                })
            },
        ),
        Rule::new(
            "MISSING_MIME_HB_SEP",
            Family::Mime,
            [0.001; 4],
            text!(
                description: ("Missing blank line between MIME header and body", "Ligne vide absente entre l'en-tête et le corps d'une partie MIME"),
                explanation: (
                    "A MIME part's header runs straight into its content without the blank line the standard requires. Mail programs always write it; hand-made or broken mailing software forgets it.",
                    "L'en-tête d'une partie MIME enchaîne directement sur son contenu, sans la ligne vide qu'exige la norme. Les logiciels de messagerie l'écrivent toujours ; les programmes d'envoi bricolés ou défectueux l'oublient."
                ),
                fix: (
                    "Fix the software that builds the message so that every MIME part header ends with an empty line, or use a standard mail library.",
                    "Corrigez le programme qui fabrique le message pour que chaque en-tête de partie MIME se termine par une ligne vide, ou utilisez une bibliothèque de messagerie standard."
                ),
            ),
            |ctx| {
                ctx.analysis.findings.missing_mime_hb_sep.then(|| {
                    Localized::new(
                        "a MIME part's content starts right after its header",
                        "le contenu d'une partie MIME commence juste après son en-tête",
                    )
                })
            },
        ),
        Rule::new(
            "MISSING_HB_SEP",
            Family::Header,
            [0.0; 4],
            text!(
                description: ("Missing blank line between message header and body", "Ligne vide absente entre l'en-tête et le corps du message"),
                explanation: (
                    "The message header is not followed by the blank line that separates it from the body, so part of the body may be read as header. Mail programs always write it.",
                    "L'en-tête du message n'est pas suivi de la ligne vide qui le sépare du corps, si bien qu'une partie du corps risque d'être lue comme de l'en-tête. Les logiciels de messagerie l'écrivent toujours."
                ),
                fix: (
                    "End the header with an empty line before the body, as every standard mail library does.",
                    "Terminez l'en-tête par une ligne vide avant le corps, comme le fait toute bibliothèque de messagerie standard."
                ),
            ),
            |ctx| {
                ctx.analysis.findings.missing_hb_sep.then(|| {
                    Localized::new(
                        "no blank line after the header",
                        "pas de ligne vide après l'en-tête",
                    )
                })
            },
        ),
        Rule::new(
            "MIME_QP_LONG_LINE",
            Family::Mime,
            [0.001; 4],
            text!(
                description: (
                    "Quoted-printable line longer than 78 characters",
                    "Ligne quoted-printable de plus de 78 caractères"
                ),
                explanation: (
                    "A part encoded as quoted-printable has a line longer than 78 characters. The encoding exists precisely to keep lines short (76 characters at most), so encoders never produce this; hand-made messages do. It weighs almost nothing on its own.",
                    "Une partie encodée en quoted-printable contient une ligne de plus de 78 caractères. Cet encodage sert justement à garder des lignes courtes (76 caractères au plus) : les encodeurs ne produisent jamais cela, les messages bricolés si. Seul, ce test ne pèse presque rien."
                ),
                fix: (
                    "Let a mail library encode the text, or break encoded lines with soft line breaks (\"=\" at the end of the line).",
                    "Laissez une bibliothèque de messagerie encoder le texte, ou coupez les lignes encodées par des sauts de ligne doux (« = » en fin de ligne)."
                ),
            ),
            |ctx| {
                let node = ctx.analysis.mime.nodes.iter().find(|node| {
                    node.is_leaf
                        && node.transfer_encoding.as_deref() == Some("quoted-printable")
                        && node.raw_longest_line > QP_MAX_LINE + 1
                })?;
                let length = node.raw_longest_line - 1;
                Some(Localized::new(
                    format!("a quoted-printable line of {length} characters"),
                    format!("une ligne quoted-printable de {length} caractères"),
                ))
            },
        ),
        Rule::new(
            "SG_MALFORMED_HEADER",
            Family::Header,
            [0.5; 4],
            text!(
                description: ("Header lines that are not header fields (spamgauge test)", "Lignes d'en-tête qui ne sont pas des champs (test propre à spamgauge)"),
                explanation: (
                    "A spamgauge test, not a SpamAssassin one. The message header contains lines that are neither a \"Name: value\" field nor the continuation of one. Mail programs never write such lines; they come from broken or hand-made sending software, or from a body that starts without the blank line after the header.",
                    "Test propre à spamgauge, absent de SpamAssassin. L'en-tête du message contient des lignes qui ne sont ni un champ « Nom: valeur » ni la suite d'un tel champ. Les logiciels de messagerie n'en écrivent jamais ; elles viennent d'un programme d'envoi défectueux ou bricolé, ou d'un corps qui commence sans la ligne vide après l'en-tête."
                ),
                fix: (
                    "Write every header line as \"Name: value\" (continuation lines start with a space or a tab) and end the header with an empty line; a standard mail library does both.",
                    "Écrivez chaque ligne d'en-tête sous la forme « Nom: valeur » (les lignes de suite commencent par une espace ou une tabulation) et terminez l'en-tête par une ligne vide ; une bibliothèque de messagerie standard fait les deux."
                ),
            ),
            malformed_header,
        )
        .flags(RuleFlags {
            ours: true,
            ..RuleFlags::default()
        }),
    ]
}

/// `check_for_mime_html_only`: the top-level type is text/html, or the tree
/// has HTML parts and no other text part.
fn html_only(ctx: &crate::rules::RuleContext<'_>) -> Option<Evidence> {
    let analysis = ctx.analysis;
    if analysis.headers.get("Content-Type").is_some_and(|ctype| {
        ctype
            .get(..9)
            .is_some_and(|t| t.eq_ignore_ascii_case("text/html"))
    }) {
        return Some(Localized::new(
            "the message's type is text/html",
            "le type du message est text/html",
        ));
    }
    let html = analysis
        .mime
        .nodes
        .iter()
        .filter(|node| node.ctype == "text/html")
        .count();
    let text = analysis
        .mime
        .nodes
        .iter()
        .filter(|node| node.ctype != "text/html" && node.ctype.starts_with("text"))
        .count();
    (html > 0 && text == 0).then(|| {
        let parts = |lang| group_digits(html as u64, lang);
        Localized::new(
            format!(
                "{} text/html part{}, no other text part",
                parts(Lang::En),
                if html == 1 { "" } else { "s" }
            ),
            format!(
                "{} partie{} text/html, aucune autre partie texte",
                parts(Lang::Fr),
                if html == 1 { "" } else { "s" }
            ),
        )
    })
}

fn malformed_header(ctx: &crate::rules::RuleContext<'_>) -> Option<Evidence> {
    let lines = &ctx.analysis.findings.malformed_header_lines;
    let first = lines.first()?;
    let shown: String = first.chars().take(60).collect();
    let more = lines.len() - 1;
    let (en_more, fr_more) = match more {
        0 => (String::new(), String::new()),
        1 => (" and 1 more".to_owned(), " et 1 autre".to_owned()),
        n => (format!(" and {n} more"), format!(" et {n} autres")),
    };
    Some(Localized::new(
        format!("header line \"{shown}\"{en_more}"),
        format!("ligne d'en-tête « {shown} »{fr_more}"),
    ))
}

/// What `_multipart_alternative_difference` computes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct AltDifference {
    /// Largest share (percent) of HTML words missing from the text part.
    madiff: f64,
    /// For the part giving `madiff`: distinct HTML words and how many of them
    /// the text part covers.
    max_html_words: usize,
    max_html_covered: usize,
    /// Whether the HTML of that part was images only (no word).
    max_image_only: bool,
    /// Distinct HTML and text words of the last alternative with HTML words.
    last_html_words: usize,
    last_text_words: usize,
}

impl AltDifference {
    fn evidence(&self) -> Evidence {
        if self.max_image_only {
            return Localized::new(
                "multipart/alternative: the HTML part has images but no words",
                "multipart/alternative : la partie HTML contient des images mais aucun mot",
            );
        }
        let n = |v: usize, lang| group_digits(v as u64, lang);
        Localized::new(
            format!(
                "multipart/alternative: {} of {} HTML words appear in the text part",
                n(self.max_html_covered, Lang::En),
                n(self.max_html_words, Lang::En)
            ),
            format!(
                "multipart/alternative : {} des {} mots HTML figurent dans la partie texte",
                n(self.max_html_covered, Lang::Fr),
                n(self.max_html_words, Lang::Fr)
            ),
        )
    }
}

/// Perl's `/\w/` on a word: a letter, digit or underscore.
fn has_word_char(word: &str) -> bool {
    word.chars().any(|c| c.is_alphanumeric() || c == '_')
}

fn count_words<'a>(text: &'a str, into: &mut HashMap<&'a str, usize>) {
    for word in text.split(char::is_whitespace).filter(|w| has_word_char(w)) {
        *into.entry(word).or_default() += 1;
    }
}

/// Compares the words of the HTML and text renderings under every
/// multipart/alternative node (sa-semantics §1.4). `None` when no
/// alternative has HTML words.
fn alt_difference(analysis: &Analysis) -> Option<AltDifference> {
    let mime = &analysis.mime;
    let is_alternative = |ctype: &str| {
        ctype
            .strip_prefix("multipart/alternative")
            .is_some_and(|rest| {
                rest.chars()
                    .next()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            })
    };
    let alternatives: Vec<usize> = mime
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| is_alternative(&node.ctype))
        .map(|(i, _)| i)
        .collect();
    if alternatives.is_empty()
        || mime.content_summary() == ["multipart/alternative", "text/html", "text/calendar"]
    {
        return None;
    }
    const IMAGE_MARKER: &str = "\n";
    let mut result: Option<AltDifference> = None;
    for alternative in alternatives {
        let mut html: HashMap<&str, usize> = HashMap::new();
        let mut text: HashMap<&str, usize> = HashMap::new();
        for (index, node) in mime.subtree(alternative) {
            let is_text = node.ctype.strip_prefix("text").is_some_and(|rest| {
                rest.chars()
                    .next()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            });
            if !is_text {
                continue;
            }
            let Some(part) = analysis.body.part(index) else {
                continue;
            };
            if part.is_html {
                count_words(&part.rendered, &mut html);
                let has_image = part
                    .html
                    .and_then(|model| analysis.html.get(model))
                    .is_some_and(|model| model.inside.contains_key("img"));
                if html.is_empty() && has_image {
                    html.insert(IMAGE_MARKER, 1);
                }
            } else {
                count_words(&part.rendered, &mut text);
            }
        }
        let original = html.len();
        if original == 0 {
            continue;
        }
        let image_only = html.contains_key(IMAGE_MARKER);
        let left = html
            .iter()
            .filter(|&(word, &count)| {
                text.get(word)
                    .is_none_or(|&t| count as f64 - t as f64 >= 1.0)
            })
            .count();
        let diff = left as f64 / original as f64 * 100.0;
        let current = result.get_or_insert(AltDifference {
            madiff: 0.0,
            max_html_words: original,
            max_html_covered: original - left,
            max_image_only: image_only,
            last_html_words: 0,
            last_text_words: 0,
        });
        current.last_html_words = original;
        current.last_text_words = text.len();
        if diff > current.madiff {
            current.madiff = diff;
            current.max_html_words = original;
            current.max_html_covered = original - left;
            current.max_image_only = image_only;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::analysis::{Body, HtmlModel};
    use crate::config::Limits;
    use crate::engine::{Engine, Inputs};

    fn fired(raw: &[u8]) -> Vec<String> {
        let engine = Engine::new(Config::default()).unwrap();
        let report = engine.check(raw, &Inputs::default()).unwrap();
        report.hits.iter().map(|hit| hit.name.clone()).collect()
    }

    fn fires(raw: &[u8], name: &str) -> bool {
        fired(raw).iter().any(|hit| hit == name)
    }

    #[test]
    fn quoted_printable_long_lines() {
        let message = |encoding: &str, line: usize| {
            format!(
                "From: a@example.com\nSubject: s\nMIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: {encoding}\n\n{}\nend\n",
                "a".repeat(line)
            )
        };
        assert!(fires(
            message("quoted-printable", 79).as_bytes(),
            "MIME_QP_LONG_LINE"
        ));
        // 78 characters are allowed, and other encodings are not checked.
        assert!(!fires(
            message("quoted-printable", 78).as_bytes(),
            "MIME_QP_LONG_LINE"
        ));
        assert!(!fires(message("7bit", 200).as_bytes(), "MIME_QP_LONG_LINE"));
    }

    const HTML_ONLY: &[u8] =
        b"From: a@example.com\nSubject: s\nContent-Type: text/html\n\n<p>hi</p>\n";

    #[test]
    fn html_only_top_level() {
        assert!(fires(HTML_ONLY, "MIME_HTML_ONLY"));
        assert!(!fires(
            b"From: a@example.com\nContent-Type: text/plain\n\n<p>hi</p>\n",
            "MIME_HTML_ONLY"
        ));
    }

    #[test]
    fn html_only_in_a_multipart() {
        let html = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>hi</p>\n--b\nContent-Type: image/png\n\nxx\n--b--\n";
        assert!(fires(html, "MIME_HTML_ONLY"));
        // A text attachment counts as text (dispositions are ignored).
        let with_text = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>hi</p>\n--b\nContent-Type: text/enriched\nContent-Disposition: attachment\n\nxx\n--b--\n";
        assert!(!fires(with_text, "MIME_HTML_ONLY"));
    }

    #[test]
    fn html_only_multi_needs_set_1() {
        let raw = b"From: a@example.com\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>hi</p>\n--b--\n";
        // Score 0 in set 0: registered, not run.
        assert!(!fires(raw, "MIME_HTML_ONLY_MULTI"));
        let engine =
            Engine::new(Config::default().scores_per_set("MIME_HTML_ONLY_MULTI", [1.0; 4]))
                .unwrap();
        let hit = |raw: &[u8]| {
            engine
                .check(raw, &Inputs::default())
                .unwrap()
                .hits
                .iter()
                .any(|hit| hit.name == "MIME_HTML_ONLY_MULTI")
        };
        assert!(hit(raw));
        let mixed = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>hi</p>\n--b--\n";
        assert!(!hit(mixed));
    }

    fn alternative(text: &str, html: &str) -> Vec<u8> {
        format!(
            "From: a@example.com\nSubject: s\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\n{text}\n--b\nContent-Type: text/html\n\n{html}\n--b--\n"
        )
        .into_bytes()
    }

    /// The analysis of `raw` with hand-made HTML renderings (the HTML parser
    /// is another module's work).
    fn with_html(raw: &[u8], rendered: &str, img: bool) -> Analysis {
        let mut analysis = Analysis::build(raw, &Limits::default()).unwrap();
        for model in &mut analysis.html {
            model.rendered = rendered.to_owned();
            model.visible = rendered.to_owned();
            if img {
                model.inside.insert("img".to_owned(), 0);
            }
        }
        analysis.body = Body::render(&analysis.mime, &analysis.html, analysis.headers.subject());
        analysis
    }

    #[test]
    fn alt_diff_when_no_html_word_is_in_the_text() {
        let raw = alternative("cheap stuff here", "<p>buy now friend</p>");
        let analysis = with_html(&raw, "buy now friend", false);
        let diff = alt_difference(&analysis).unwrap();
        assert_eq!(diff.madiff, 100.0);
        assert_eq!(
            diff.evidence().en,
            "multipart/alternative: 0 of 3 HTML words appear in the text part"
        );
        // Near miss: one HTML word is in the text part.
        let raw = alternative("buy stuff here", "<p>buy now friend</p>");
        let analysis = with_html(&raw, "buy now friend", false);
        let diff = alt_difference(&analysis).unwrap();
        assert!(diff.madiff < 99.0, "{diff:?}");
    }

    #[test]
    fn alt_diff_image_only_marker() {
        let raw = alternative("hello there", "<img src=x>");
        let diff = alt_difference(&with_html(&raw, "", true)).unwrap();
        assert_eq!(diff.madiff, 100.0);
        assert!(diff.max_image_only);
        // Near miss: an empty HTML part without an image is skipped.
        let raw = alternative("hello there", "<p></p>");
        assert!(alt_difference(&with_html(&raw, "", false)).is_none());
    }

    #[test]
    fn alt_diff_skips_exchange_invites() {
        let raw = b"From: a@example.com\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>x</p>\n--b\nContent-Type: text/calendar\n\nBEGIN\n--b--\n";
        assert!(alt_difference(&with_html(raw, "meeting", false)).is_none());
    }

    #[test]
    fn alt_diff_count() {
        let raw = alternative("one two three four five six seven", "<p>one two</p>");
        let diff = alt_difference(&with_html(&raw, "one two", false)).unwrap();
        assert_eq!((diff.last_html_words, diff.last_text_words), (2, 7));
        let raw = alternative("one two three four five six", "<p>one two</p>");
        let diff = alt_difference(&with_html(&raw, "one two", false)).unwrap();
        assert!(diff.last_text_words as f64 / diff.last_html_words as f64 <= 3.0);
    }

    #[test]
    fn separator_and_malformed_rules() {
        let good = b"From: a@example.com\nSubject: s\n\nbody\n";
        let names = fired(good);
        assert!(
            !names
                .iter()
                .any(|n| n == "MISSING_MIME_HB_SEP" || n == "SG_MALFORMED_HEADER")
        );

        let bad_part = b"From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nhello\n--b--\n";
        assert!(fires(bad_part, "MISSING_MIME_HB_SEP"));

        let bad_header = b"From: a@example.com\nthis is not a field\nSubject: s\n\nbody\n";
        assert!(fires(bad_header, "SG_MALFORMED_HEADER"));
        // MISSING_HB_SEP scores 0: registered but never run by default.
        assert!(!fires(
            b"From: a@example.com\nSubject: s\n",
            "MISSING_HB_SEP"
        ));
        let engine = Engine::new(Config::default().score("MISSING_HB_SEP", 1.0)).unwrap();
        let report = engine
            .check(b"From: a@example.com\nSubject: s\n", &Inputs::default())
            .unwrap();
        assert!(report.hits.iter().any(|hit| hit.name == "MISSING_HB_SEP"));
    }

    #[test]
    fn html_model_is_consumed_per_part() {
        // Sanity: the hand-made model lands in the body lines.
        let analysis = with_html(HTML_ONLY, "hi there", false);
        assert_eq!(analysis.body.lines, ["s\n", "hi there"]);
        assert!(analysis.html.iter().all(|m: &HtmlModel| m.node == 0));
    }

    fn fired_ctype(ctype: &str) -> Vec<String> {
        let message = format!(
            "From: a@example.com\nSubject: hi\nMIME-Version: 1.0\nContent-Type: {ctype}\n\nbody\n"
        );
        crate::rules::testing::fired(
            rules(),
            &crate::rules::testing::analyse(&message),
            &Inputs::default(),
        )
        .into_iter()
        .filter(|name| name.starts_with("CTYPE_") || name.starts_with("MIME_BOUND_"))
        .collect()
    }

    #[test]
    fn boundaries() {
        assert_eq!(
            fired_ctype(
                "multipart/alternative; boundary=\"----=_NextPart_000_0000_01C2A9B3.4D5E6F70\""
            ),
            ["CTYPE_001C_B"]
        );
        assert!(
            fired_ctype(
                "multipart/alternative; boundary=\"----=_NextPart_000_0001_01C2A9B3.4D5E6F70\""
            )
            .is_empty()
        );
        assert_eq!(
            fired_ctype("multipart/mixed; boundary=\"--1234567\""),
            ["MIME_BOUND_DD_DIGITS"]
        );
        assert!(fired_ctype("multipart/mixed; boundary=\"--12345a\"").is_empty());
        assert_eq!(
            fired_ctype("multipart/mixed; boundary=\"123456789012345\""),
            ["MIME_BOUND_DIGITS_15"]
        );
        assert!(fired_ctype("multipart/mixed; boundary=\"12345678901234\"").is_empty());
    }
}
