//! Free-mail tests: senders at public webmail providers (SpamAssassin's
//! `Plugin/FreeMail.pm`, `20_freemail.cf` and the metas of `72_active.cf`
//! built on them), and the "freemail-safe" exemption other families
//! (KHOP_HELO_FCRDNS) share.
//!
//! Which domains are free mail is configuration ([`Freemail`]).

mod body_emails;
mod checks;
mod default_domains;
mod domains;

use crate::analysis::Analysis;
use crate::rules::lists::{ListMark, list_marks};

pub(crate) use checks::{rules, tiny_font};
pub use default_domains::DEFAULT_FREEMAIL_DOMAINS;
pub use domains::Freemail;

/// Whether a body line quotes a forwarded or original message the way mail
/// programs introduce one: three dashes, at most one blank, then "Forwarded
/// message", "Original message" or the Finnish "Alkuperäinen viesti", in any
/// case.
fn introduces_forward(line: &str) -> bool {
    // Lower-casing neither makes nor removes dashes: most lines are settled
    // before it.
    if !line.contains("---") {
        return false;
    }
    let lower = line.to_lowercase();
    // Every start of three dashes, overlapping ones included.
    (0..lower.len())
        .filter(|&at| lower.get(at..).is_some_and(|rest| rest.starts_with("---")))
        .any(|at| {
            let rest = lower.get(at + 3..).unwrap_or_default();
            let rest = match rest.chars().next() {
                Some(c) if c.is_whitespace() => rest.get(c.len_utf8()..).unwrap_or_default(),
                _ => rest,
            };
            [
                "forwarded message",
                "original message",
                "alkuperäinen viesti",
            ]
            .iter()
            .any(|phrase| rest.starts_with(phrase))
        })
}

/// SpamAssassin's `__freemail_safe`: the message quotes a forwarded message,
/// carries a List-Id, Mailing-List, X-Mailing-List or X-Mailman-Version field,
/// or was handed over by a host of a few large senders known to relay
/// free-mail users' mail legitimately.
pub(crate) fn freemail_safe(analysis: &Analysis) -> bool {
    let listed = list_marks(analysis).iter().any(|mark| {
        matches!(
            mark,
            ListMark::ListId
                | ListMark::MailingList
                | ListMark::XMailingList
                | ListMark::XMailmanVersion
        )
    });
    let known_relay = analysis.relays.last_external().is_some_and(|relay| {
        [".tfbnw.net", ".ebay.com", ".tieto.com"]
            .iter()
            .any(|suffix| relay.rdns.len() > suffix.len() && relay.rdns.ends_with(suffix))
    });
    listed
        || known_relay
        || analysis
            .body
            .lines
            .iter()
            .any(|line| introduces_forward(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_introductions() {
        for line in [
            "---------- Forwarded message ----------",
            "-----Original Message-----",
            "--- original message",
            "----- Alkuperäinen viesti -----",
        ] {
            assert!(introduces_forward(line), "{line}");
        }
        for line in [
            "-- Forwarded message",
            "---  Original Message",
            "Original message follows",
        ] {
            assert!(!introduces_forward(line), "{line}");
        }
    }
}
