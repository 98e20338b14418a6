//! Whether a person seems to have written the message: a sender with a
//! full name, and no sign of a robot, a list or an automatic answer
//! (SpamAssassin's `__NOT_A_PERSON` and `__KHOP_NO_FULL_NAME`), and the tests
//! built on them.

use std::sync::LazyLock;

use regex::Regex;

use super::advertising::FROM_ENCODED_QP;
use super::bounces::{CHALLENGE_RESPONSE, any_bounce};
use super::conversation::{DKIM_EXISTS, NOT_SPOOFED, VIA_ML, envelope_sender_matches_relay};
use super::fraud::{
    HAS_ERRORS_TO, HAS_LIST_UNSUBSCRIBE, HAS_SENDER, HAS_X_LOOP, HTML_COMMENT, UNSUBSCRIBE_LINK,
};
use super::layout::SUBSCRIPTION_INFO;
use super::unsubscribe::dkim_unchecked;
use super::{Expr, View, content_rule};
use crate::rules::html::Signals;
use crate::rules::mua::relayed_outside;
use crate::rules::relay::external_relays;
use crate::rules::{Family, Rule, RuleContext, builtin_regex};
use crate::text;

/// `__NOT_A_PERSON`: an automatic answer, a list, a robot sender, or
/// newsletter wording. Cheapest conditions first.
pub(super) const NOT_A_PERSON: Expr = Expr::Any(&[
    // `__VACATION`: the Subject of an away notice or a confirmation.
    Expr::Match(
        View::Header("Subject"),
        r"(?i)\b(?:vacatio|away|out.of.offic|auto.?re|confirm)",
    ),
    Expr::Fact(any_bounce),
    HAS_LIST_UNSUBSCRIBE,
    // `__MSGID_LIST`: a list manager's message ID (`-word#host.tld@`).
    Expr::Match(View::Header("Message-ID"), r"-\w+#[\w.]+\.\w{2,4}@"),
    CHALLENGE_RESPONSE,
    VIA_ML,
    UNSUBSCRIBE_LINK,
    // `__UNSUB_EMAIL`: an address about unsubscribing or abuse in the text.
    Expr::Match(
        View::Body,
        r"(?i)\b(?:(?:un)?subscri(?:ber?|ptions?)|abuses?|opt(?:ing)?.?out)\b[-a-z_0-9.+=]{0,60}@[a-z0-9][-a-z_0-9.]{4,20}(?:[^a-z_0-9.-]|\z)",
    ),
    Expr::Fact(|c| Signals::of(c.analysis).sender_bot),
    SUBSCRIPTION_INFO,
]);

/// `__FROM_NEEDS_MIME`: a display name written in the raw From with a byte
/// that needs MIME encoding (a control character other than tab, line feed
/// and carriage return, DEL, or a byte from 0x80 up). The name is the text
/// outside the angle brackets, or the comment when there are none.
fn raw_from_name_needs_mime(context: &RuleContext<'_>) -> bool {
    let needs_mime =
        |c: char| matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f') || c >= '\x7f';
    context.analysis.headers.all("From").any(|field| {
        let raw = field.raw.as_str();
        let mut depth = 0usize;
        let bracketed = raw.contains('<');
        raw.chars().any(|c| {
            match c {
                '<' | '(' => depth += 1,
                '>' | ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            let in_name = if bracketed { depth == 0 } else { depth > 0 };
            in_name && needs_mime(c)
        })
    })
}

/// `__FROM_FULL_NAME`: the From display name starts like a first and last
/// name: a character other than a small letter, digit, punctuation, control
/// or blank, more non-punctuation, then punctuation or blanks and another
/// such character ("John Smith", "J. Smith"). Bytes from 0x80 count as
/// letters, as in SpamAssassin's byte-wise classes.
pub(super) const FROM_FULL_NAME: Expr = Expr::Match(
    View::Names("From"),
    r"\A[^a-z[:punct:][:cntrl:]0-9\s][^[:punct:][:cntrl:]0-9\s]*[[:punct:]\s]+[^a-z[:punct:][:cntrl:]0-9\s]",
);

/// `__KHOP_NO_FULL_NAME`: a From without a full name, which does not look
/// like robot or list mail either.
pub(super) const NO_FULL_NAME: Expr = Expr::Not(&Expr::Any(&[
    FROM_FULL_NAME,
    FROM_ENCODED_QP,
    Expr::Fact(raw_from_name_needs_mime),
    NOT_A_PERSON,
]));

/// Whether `value` holds the four numbers of an address in order (or
/// reversed), each pair apart by one character that is not a digit:
/// `198-51-100-7` or `7.100.51.198` for 198.51.100.7.
fn spells_address(value: &str, parts: &[&str; 4]) -> bool {
    let bytes = value.as_bytes();
    let matches_at = |mut at: usize, order: &mut dyn Iterator<Item = &&str>| {
        for (i, part) in order.enumerate() {
            if i > 0 {
                if bytes.get(at).is_none_or(u8::is_ascii_digit) {
                    return false;
                }
                at += 1;
            }
            if !bytes
                .get(at..)
                .is_some_and(|rest| rest.starts_with(part.as_bytes()))
            {
                return false;
            }
            at += part.len();
        }
        true
    };
    (0..bytes.len())
        .any(|at| matches_at(at, &mut parts.iter()) || matches_at(at, &mut parts.iter().rev()))
}

/// `__IP_IN_RELAY`: the newest external relay's reverse DNS name or HELO
/// spells out its IPv4 address, forwards or backwards (a consumer line's
/// generated name).
fn address_in_relay_name(context: &RuleContext<'_>) -> bool {
    let relays = external_relays(context);
    let Some(first) = relays.strip_prefix("[ ip=") else {
        return false;
    };
    let Some((ip, rest)) = first.split_once(' ') else {
        return false;
    };
    let numbers: Vec<&str> = ip.split('.').collect();
    let Ok(parts) = <[&str; 4]>::try_from(numbers) else {
        return false;
    };
    if !parts
        .iter()
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    // The fields of the first relay only, up to its closing bracket (the
    // values hold no blank nor bracket: the relay string cleans them).
    let own = rest.split(']').next().unwrap_or_default();
    own.split(' ')
        .filter_map(|field| {
            field
                .strip_prefix("rdns=")
                .or_else(|| field.strip_prefix("helo="))
        })
        .any(|value| spells_address(value, &parts))
}

/// NO_FM_NAME_IP_HOSTN: a sender without a full name, handed over directly
/// by a host whose name is its own address.
const NO_NAME_IP_HOST: Expr = Expr::All(&[
    Expr::Fact(address_in_relay_name),
    Expr::Not(&Expr::Fact(|c| relayed_outside(c.analysis))),
    NO_FULL_NAME,
]);

/// `__LOCAL_PP_NONPPURL`: a link whose host, after its first label, is not
/// `paypal.com` (`http://x.example.net`, but not `http://www.paypal.com`).
fn link_outside_paypal(context: &RuleContext<'_>) -> bool {
    static HOST: LazyLock<Regex> =
        LazyLock::new(|| builtin_regex(r"(?i)https?://[a-z0-9_-]+\.([a-z0-9_.-]+)"));
    context
        .analysis
        .uris
        .iter()
        .flat_map(|uri| &uri.cleaned)
        .flat_map(|uri| HOST.captures_iter(uri))
        .any(|found| {
            found.get(1).is_some_and(|rest| {
                !rest
                    .as_str()
                    .get(..10)
                    .is_some_and(|head| head.eq_ignore_ascii_case("paypal.com"))
            })
        })
}

/// COMPENSATION: the text speaks of compensation, and nothing marks the
/// message as list mail, a newsletter, an automatic answer, a vouched-for
/// sender or a reply through the sender's own servers.
const COMPENSATION: Expr = Expr::All(&[
    Expr::Match(
        View::Body,
        r"(?i)\b(?:compensat(?:e|ion)|recompensed?|ausgleich)\b",
    ),
    Expr::Not(&Expr::Any(&[
        HAS_LIST_UNSUBSCRIBE,
        HAS_X_LOOP,
        HAS_ERRORS_TO,
        HAS_SENDER,
        DKIM_EXISTS,
        // `__OPERA_MID_NON_OP`: a Message-ID shaped like Opera's, `<xx.`,
        // without Opera's `op`.
        Expr::Match(View::Header("Message-ID"), r"\A<[^o][^p]\."),
        HTML_COMMENT,
        UNSUBSCRIBE_LINK,
        NOT_SPOOFED,
        Expr::Fact(envelope_sender_matches_relay),
        // `__DKIM_DEPENDABLE`: DKIM signatures were checked (only with the
        // caller's DKIM results, see `dkim_unchecked`).
        Expr::Not(&Expr::Fact(dkim_unchecked)),
        // `__FB_S_STOCK`.
        Expr::Match(View::Body, r"(?i)\bstock"),
        Expr::Fact(link_outside_paypal),
        NOT_A_PERSON,
        SUBSCRIPTION_INFO,
    ])),
]);

/// Tests that read the authentication tests' hits (`__NOT_SPOOFED`):
/// registered after them.
pub(super) fn late_rules() -> Vec<Rule> {
    vec![content_rule(
        "COMPENSATION",
        Family::Body,
        [1.0; 4],
        &COMPENSATION,
        text!(
            description: (
                "Talks of compensation, with no sign of legitimate bulk mail",
                "Parle de compensation, sans signe d'un envoi de masse légitime"
            ),
            explanation: (
                "The text speaks of compensation (or recompense), and the message has none of the marks of a real organisation's mail: no unsubscribe link or list field, no signature, no sender the servers vouch for. Fake refund, settlement and payout offers are worded this way.",
                "Le texte parle de compensation (ou de dédommagement), et le message n'a aucune des marques du courrier d'une vraie organisation : ni lien ni champ de désabonnement, ni signature, ni expéditeur garanti par les serveurs. Les fausses offres de remboursement, d'indemnisation ou de paiement sont formulées ainsi."
            ),
            fix: (
                "Send from a domain that publishes SPF and signs with DKIM, through your own servers.",
                "Envoyez depuis un domaine qui publie SPF et signe avec DKIM, par vos propres serveurs."
            ),
        ),
    )]
}

pub(super) fn rules() -> Vec<Rule> {
    vec![content_rule(
        "NO_FM_NAME_IP_HOSTN",
        Family::Relay,
        [1.0; 4],
        &NO_NAME_IP_HOST,
        text!(
            description: (
                "No From name, sent straight from a host named after its address",
                "From sans nom, envoyé directement par un hôte nommé d'après son adresse"
            ),
            explanation: (
                "The From field has no real name, nothing suggests list or automatic mail, and the message came straight from a machine whose name spells out its own IP address, as providers name home connections. Infected home computers send spam this way; people's mail goes through their provider's server and carries their name.",
                "Le champ From n'a pas de vrai nom, rien n'indique un envoi de liste ou automatique, et le message vient directement d'une machine dont le nom reprend sa propre adresse IP, comme les fournisseurs nomment les connexions domestiques. Les ordinateurs domestiques infectés envoient du spam ainsi ; le courrier des personnes passe par le serveur de leur fournisseur et porte leur nom."
            ),
            fix: (
                "Send through your provider's or organisation's mail server, and put your name in the From field.",
                "Envoyez par le serveur de messagerie de votre fournisseur ou de votre organisation, et mettez votre nom dans le champ From."
            ),
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::rules::testing::engine_fired;

    const HOST: &str = "Received: from pc (pool-198-51-100-7.dsl.example.net [198.51.100.7]) by mx.example.org (Postfix) with SMTP id A1\n";

    /// Whether the whole engine fires `name` (the tests here read the
    /// bounce tests' hits).
    fn fires(name: &str, message: &str) -> bool {
        engine_fired(Config::default(), message)
            .iter()
            .any(|fired| fired == name)
    }

    fn no_name_ip_host(received: &str, from: &str, extra: &str) -> bool {
        let message = format!(
            "{received}From: {from}\nTo: b@example.org\nSubject: hi\n{extra}\nhello there\n"
        );
        fires("NO_FM_NAME_IP_HOSTN", &message)
    }

    #[test]
    fn compensation() {
        let message = |body: &str, extra: &str| {
            format!(
                "{HOST}From: Ann Smith <a@example.com>\nTo: b@example.org\nSubject: hi\n{extra}\n{body}\n"
            )
        };
        let claim = "You are entitled to compensation.";
        assert!(fires("COMPENSATION", &message(claim, "")));
        assert!(!fires(
            "COMPENSATION",
            &message("You are entitled to a refund.", "")
        ));
        assert!(!fires(
            "COMPENSATION",
            &message(claim, "Sender: list@example.com\n")
        ));
        assert!(!fires(
            "COMPENSATION",
            &message(&format!("{claim} http://www.example.net/"), "")
        ));
        assert!(fires(
            "COMPENSATION",
            &message(&format!("{claim} http://www.paypal.com/"), "")
        ));
    }

    #[test]
    fn address_spelled() {
        let parts = ["198", "51", "100", "7"];
        assert!(spells_address("pool-198-51-100-7.example", &parts));
        assert!(spells_address("7.100.51.198.in-addr.example", &parts));
        assert!(spells_address("x1198x51x100x77", &parts));
        assert!(!spells_address("198-51-100.example", &parts));
        assert!(!spells_address("198--51-100-7", &parts));
    }

    #[test]
    fn no_name_from_address_host() {
        assert!(no_name_ip_host(HOST, "a@example.com", ""));
        assert!(no_name_ip_host(HOST, "ann <a@example.com>", ""));
        // A full name, a list, an automatic answer, or a host with another name.
        assert!(!no_name_ip_host(HOST, "Ann Smith <a@example.com>", ""));
        assert!(!no_name_ip_host(
            HOST,
            "a@example.com",
            "List-Unsubscribe: <mailto:x@example.com>\n"
        ));
        assert!(!no_name_ip_host(
            HOST,
            "a@example.com",
            "X-Boxtrapper: yes\n"
        ));
        let named = HOST.replace("pool-198-51-100-7.dsl", "smtp");
        assert!(!no_name_ip_host(&named, "a@example.com", ""));
        // Relayed by another host before ours.
        let relayed = format!(
            "{HOST}Received: from a (a.example [203.0.113.1]) by pool (Postfix) with SMTP id A0\n"
        );
        assert!(!no_name_ip_host(&relayed, "a@example.com", ""));
    }
}
