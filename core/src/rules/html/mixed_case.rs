//! Tags written in mixed case in the raw HTML source (`MIXED_*_CASE`,
//! sa-semantics §1.12). These read SpamAssassin's rawbody: the decoded but
//! un-rendered text of every `text/*` or `message/*` leaf.

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;
use crate::i18n::Lang;
use crate::rules::{Evidence, Family, Rule};
use crate::{Localized, text};

use super::count;

/// SpamAssassin caps `__HAS_HREF` and `__HAS_HREF_ONECASE` at 100 matches.
const MAX_HREF_HITS: usize = 100;

static CENTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<([Cc][Ee][Nn][Tt][Ee][Rr])>").expect("valid regex"));
static FONT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<([Ff][Oo][Nn][Tt])[\t\n\x0b\x0c\r ]").expect("valid regex"));
static IMG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<([Ii][Mm][Gg])[\t\n\x0b\x0c\r ]").expect("valid regex"));
static AREA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<([Aa][Rr][Ee][Aa])[\t\n\x0b\x0c\r ]").expect("valid regex"));
/// A line (not a `>` quote) with a link, in any case.
static HREF_ANY_CASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[^>].*?<[Aa] [Hh][Rr][Ee][Ff]=").expect("valid regex"));
/// The same with `<a href=` or `<A HREF=` exactly.
static HREF_ONE_CASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[^>].*?<(?:a href|A HREF)=").expect("valid regex"));
static LYRIS_EZMLM_UNSUBSCRIBE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<mailto:(?:leave-[^\s>]+|[^\s>]+-unsubscribe)@[^\s>]+>\n?$").expect("valid regex")
});

/// Decoded text of the rawbody parts.
fn raw_parts(analysis: &Analysis) -> impl Iterator<Item = &str> {
    analysis.mime.nodes.iter().filter_map(|node| {
        let t = node.effective_type.as_str();
        let textual = t.starts_with("text/") || t.starts_with("message/");
        (node.is_leaf && textual && t != "text/calendar")
            .then_some(node.text.as_deref())
            .flatten()
    })
}

/// The first spelling of `tag` that is neither all lower nor all upper case.
fn mixed_spelling(analysis: &Analysis, tag: &Regex) -> Option<String> {
    raw_parts(analysis).find_map(|text| {
        tag.captures_iter(text).find_map(|c| {
            let word = c.get(1)?.as_str();
            let mixed = word != word.to_ascii_lowercase() && word != word.to_ascii_uppercase();
            mixed.then(|| word.to_owned())
        })
    })
}

fn spelling_evidence(word: &str) -> Evidence {
    Localized::new(
        format!("tag written <{word}"),
        format!("balise écrite <{word}"),
    )
}

fn mixed_rule(name: &'static str, tag: &'static str, re: &'static LazyLock<Regex>) -> Rule {
    Rule::new(
        name,
        Family::Html,
        [1.0; 4],
        text!(
            description: (
                format!("HTML <{tag}> tag written in mixed case"),
                format!("Balise HTML <{tag}> écrite en casse mélangée")
            ),
            explanation: (
                format!("The HTML source writes the <{tag}> tag with a mix of upper- and lower-case letters (like <{}>). Editors and mail programs write tags in one case; mixed case is typical of spam generators trying to dodge filters.", mixed_example(tag)),
                format!("La source HTML écrit la balise <{tag}> en mélangeant majuscules et minuscules (comme <{}>). Les éditeurs et les logiciels de messagerie écrivent les balises dans une seule casse ; la casse mélangée est typique des générateurs de spam qui cherchent à tromper les filtres.", mixed_example(tag))
            ),
            fix: (
                "Write HTML tags all in lower case (or all in upper case), as any HTML editor does.",
                "Écrivez les balises HTML tout en minuscules (ou tout en majuscules), comme le fait tout éditeur HTML."
            ),
        ),
        move |context| mixed_spelling(context.analysis, re).map(|w| spelling_evidence(&w)),
    )
}

/// `center` → `CeNtEr`.
fn mixed_example(tag: &str) -> String {
    tag.chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

pub(super) fn rules() -> Vec<Rule> {
    vec![
        mixed_rule("MIXED_AREA_CASE", "area", &AREA),
        mixed_rule("MIXED_CENTER_CASE", "center", &CENTER),
        mixed_rule("MIXED_FONT_CASE", "font", &FONT),
        mixed_href_case(),
        Rule::new(
            "MIXED_IMG_CASE",
            Family::Html,
            [1.0; 4],
            mixed_rule("MIXED_IMG_CASE", "img", &IMG).text,
            |context| {
                let analysis = context.analysis;
                let javamail = analysis
                    .headers
                    .all("Message-ID")
                    .any(|f| f.decoded.contains(".JavaMail."));
                if javamail {
                    return None;
                }
                mixed_spelling(analysis, &IMG).map(|w| spelling_evidence(&w))
            },
        ),
    ]
}

fn mixed_href_case() -> Rule {
    Rule::new(
        "MIXED_HREF_CASE",
        Family::Html,
        [1.0; 4],
        text!(
            description: (
                "HTML links written as <a href= in mixed case",
                "Liens HTML <a href= écrits en casse mélangée"
            ),
            explanation: (
                "Some lines of the HTML source write links with a mix of upper- and lower-case letters (like <A Href=). Editors write <a href= or <A HREF=; mixed case is typical of spam generators trying to dodge filters.",
                "Certaines lignes de la source HTML écrivent les liens en mélangeant majuscules et minuscules (comme <A Href=). Les éditeurs écrivent <a href= ou <A HREF= ; la casse mélangée est typique des générateurs de spam qui cherchent à tromper les filtres."
            ),
            fix: (
                "Write links as <a href=…> in lower case, as any HTML editor does.",
                "Écrivez les liens sous la forme <a href=…> en minuscules, comme le fait tout éditeur HTML."
            ),
        ),
        |context| {
            let analysis = context.analysis;
            if analysis.headers.exists("List-Id")
                || analysis
                    .headers
                    .all("List-Unsubscribe")
                    .any(|f| LYRIS_EZMLM_UNSUBSCRIBE.is_match(&format!("{}\n", f.decoded)))
            {
                return None;
            }
            let lines = |re: &Regex| {
                raw_parts(analysis)
                    .map(|text| re.find_iter(text).count())
                    .sum::<usize>()
                    .min(MAX_HREF_HITS)
            };
            let any_case = lines(&HREF_ANY_CASE);
            let one_case = lines(&HREF_ONE_CASE);
            (any_case > one_case).then(|| {
                let mixed = any_case - one_case;
                Localized::new(
                    format!(
                        "{} out of {} with links",
                        count(mixed, Lang::En, "line", "lines"),
                        any_case
                    ),
                    format!(
                        "{} sur {} contenant des liens",
                        count(mixed, Lang::Fr, "ligne", "lignes"),
                        any_case
                    ),
                )
            })
        },
    )
}
