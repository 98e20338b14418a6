//! Mailing-list tests: header fields that list managers add.
//!
//! [`list_marks`] also serves other families: SpamAssassin exempts mail that
//! came through a list from several tests (KHOP_HELO_FCRDNS, the freemail
//! tests), with the same marks.

use crate::analysis::Analysis;
use crate::analysis::address::first_field_address;
use crate::rules::{Family, Rule};
use crate::{Localized, text};

/// One sign that a message went through a list manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListMark {
    /// An `X-Loop:` field.
    XLoop,
    /// An `X-Mailing-List:` field.
    XMailingList,
    /// An `X-Mailman-Version:` field.
    XMailmanVersion,
    /// An `X-BeenThere:` field.
    XBeenThere,
    /// A `List-Unsubscribe:` field.
    ListUnsubscribe,
    /// `Precedence:` says `list` or `bulk`.
    BulkPrecedence,
    /// A `List-Id:` field.
    ListId,
    /// A `List-Post:` field.
    ListPost,
    /// A `Mailing-List:` field.
    MailingList,
    /// The Return-Path address is a list's (`…-request@`, `owner-…@`, …).
    ListReturnPath,
}

impl ListMark {
    /// How the mark reads in evidence (the same in both languages: field names).
    const fn label(self) -> &'static str {
        match self {
            ListMark::XLoop => "X-Loop",
            ListMark::XMailingList => "X-Mailing-List",
            ListMark::XMailmanVersion => "X-Mailman-Version",
            ListMark::XBeenThere => "X-BeenThere",
            ListMark::ListUnsubscribe => "List-Unsubscribe",
            ListMark::BulkPrecedence => "Precedence: list/bulk",
            ListMark::ListId => "List-Id",
            ListMark::ListPost => "List-Post",
            ListMark::MailingList => "Mailing-List",
            ListMark::ListReturnPath => "Return-Path",
        }
    }

    /// Whether this mark is one SpamAssassin counts as "via a mailing list"
    /// (`__VIA_ML`) rather than only towards MAILING_LIST_MULTI.
    pub(crate) const fn via_list(self) -> bool {
        matches!(
            self,
            ListMark::BulkPrecedence
                | ListMark::ListId
                | ListMark::ListPost
                | ListMark::MailingList
                | ListMark::ListReturnPath
        )
    }
}

/// Whether `word` appears in `text` as a whole word (ASCII letters, digits and
/// `_` are word characters), ignoring case.
fn has_word(text: &str, word: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    lower.match_indices(word).any(|(at, _)| {
        let before = at.checked_sub(1).and_then(|i| bytes.get(i));
        let after = bytes.get(at + word.len());
        !before.is_some_and(|b| is_word(*b)) && !after.is_some_and(|b| is_word(*b))
    })
}

/// Whether an address's local part is a list's administrative one: it ends in
/// `-request`, `-bounces`, `-admin` or `-owner` (after at least one character),
/// or starts with `owner-` (followed by at least one character).
fn is_list_return_path(address: &str) -> bool {
    let local = address
        .split('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let suffixed = ["-request", "-bounces", "-admin", "-owner"]
        .iter()
        .any(|suffix| local.len() > suffix.len() && local.ends_with(suffix));
    let prefixed = local.len() > "owner-".len() && local.starts_with("owner-");
    suffixed || prefixed
}

/// The list-manager marks the message carries, in a fixed order.
pub(crate) fn list_marks(analysis: &Analysis) -> Vec<ListMark> {
    let headers = &analysis.headers;
    let mut marks = Vec::new();
    for (mark, field) in [
        (ListMark::XLoop, "X-Loop"),
        (ListMark::XMailingList, "X-Mailing-List"),
        (ListMark::XMailmanVersion, "X-Mailman-Version"),
        (ListMark::XBeenThere, "X-BeenThere"),
        (ListMark::ListUnsubscribe, "List-Unsubscribe"),
    ] {
        if headers.exists(field) {
            marks.push(mark);
        }
    }
    if headers
        .get("Precedence")
        .is_some_and(|value| has_word(&value, "list") || has_word(&value, "bulk"))
    {
        marks.push(ListMark::BulkPrecedence);
    }
    for (mark, field) in [
        (ListMark::ListId, "List-Id"),
        (ListMark::ListPost, "List-Post"),
        (ListMark::MailingList, "Mailing-List"),
    ] {
        if headers.exists(field) {
            marks.push(mark);
        }
    }
    if first_field_address(headers, "Return-Path").is_some_and(|a| is_list_return_path(&a)) {
        marks.push(ListMark::ListReturnPath);
    }
    marks
}

/// SpamAssassin's `__VIA_ML`: a bulk/list Precedence, a List-Id, List-Post or
/// Mailing-List field, or a list's Return-Path.
pub(crate) fn via_mailing_list(analysis: &Analysis) -> bool {
    list_marks(analysis).iter().any(|mark| mark.via_list())
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![Rule::new(
        "MAILING_LIST_MULTI",
        Family::Header,
        [-1.0, -1.0, -1.0, -1.0],
        text!(
            description: (
                "Several header fields show the message came through a list manager",
                "Plusieurs champs d'en-tête montrent que le message est passé par un gestionnaire de listes"
            ),
            explanation: (
                "The message carries at least three of the fields that mailing-list software such as Mailman or ezmlm adds (List-Id, List-Unsubscribe, X-BeenThere, a bulk Precedence, a list's bounce address…). Discussion lists and newsletters people subscribed to look like this, so the score is lowered.",
                "Le message porte au moins trois des champs qu'ajoutent les logiciels de listes de diffusion comme Mailman ou ezmlm (List-Id, List-Unsubscribe, X-BeenThere, une priorité « bulk », l'adresse de retour d'une liste…). Les listes de discussion et les lettres d'information auxquelles on s'est abonné ressemblent à cela ; le score est donc abaissé."
            ),
            fix: (
                "Nothing to fix: this test lowers the score. List operators get it by sending through a real list manager that adds the standard List-* fields (RFC 2369, RFC 2919).",
                "Rien à corriger : ce test abaisse le score. Les gestionnaires de listes l'obtiennent en envoyant par un vrai logiciel de listes qui ajoute les champs List-* standard (RFC 2369, RFC 2919)."
            ),
        ),
        |context| {
            let marks = list_marks(context.analysis);
            (marks.len() > 2).then(|| {
                let names = marks
                    .iter()
                    .map(|mark| mark.label())
                    .collect::<Vec<_>>()
                    .join(", ");
                Localized::new(
                    format!("{} list marks: {names}", marks.len()),
                    format!("{} marques de liste : {names}", marks.len()),
                )
            })
        },
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Limits;

    fn analysis(header: &str) -> Analysis {
        let message = format!("From: a@example.com\nSubject: hi\n{header}\nbody\n");
        Analysis::build(message.as_bytes(), &Limits::default()).unwrap_or_default()
    }

    fn fires(header: &str) -> bool {
        let analysis = analysis(header);
        let inputs = crate::engine::Inputs::default();
        let context = crate::rules::RuleContext {
            analysis: &analysis,
            inputs: &inputs,
            set: crate::rules::ScoreSet::LOCAL,
            hits: &[],
        };
        rules().iter().any(|rule| (rule.check)(&context).is_some())
    }

    #[test]
    fn three_marks_fire() {
        assert!(fires(
            "List-Id: <l.example.com>\nList-Unsubscribe: <mailto:x@example.com>\nX-BeenThere: l@example.com\n"
        ));
        assert!(fires(
            "Return-Path: <users-request@example.com>\nPrecedence: bulk\nX-Loop: l@example.com\n"
        ));
    }

    #[test]
    fn two_marks_do_not() {
        assert!(!fires(
            "List-Id: <l.example.com>\nList-Unsubscribe: <mailto:x@example.com>\n"
        ));
        // "bulky" is not the word "bulk"; "request@" has nothing before the dash.
        assert!(!fires(
            "List-Id: <l.example.com>\nPrecedence: bulky\nReturn-Path: <-request@example.com>\n"
        ));
    }

    #[test]
    fn list_return_paths() {
        for address in [
            "users-request@example.com",
            "Foo-Bounces@example.com",
            "x-admin",
            "owner-list@example.com",
        ] {
            assert!(is_list_return_path(address), "{address}");
        }
        for address in [
            "request@example.com",
            "owner-@example.com",
            "user@list-request.example.com",
            "admins@example.com",
        ] {
            assert!(!is_list_return_path(address), "{address}");
        }
    }

    #[test]
    fn via_list_marks() {
        assert!(via_mailing_list(&analysis("Precedence: list\n")));
        assert!(!via_mailing_list(&analysis("X-BeenThere: x@example.com\n")));
    }
}
