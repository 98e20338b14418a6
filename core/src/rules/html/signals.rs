//! Sub-tests the HTML tests exclude on (sa-semantics §1.7, §1.8, §1.12):
//! newsletter wording, mailing-list and robot senders, attachments.

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;

/// Newsletter, subscription and opt-out wording in the body (`__SUBSCRIPTION_INFO`).
static SUBSCRIPTION_WORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:",
        r"e?-?news-?letters?",
        r"|(?:un)?subscri(?:b|pt)",
        r"|(?:un)?regist(?:er|ration)",
        r"|you(?:r| are| were) subscri",
        r"|opt(?:ing)?[ -]?out\b",
        r"|further info",
        r"|you do ?n[o']t (?:wish|want)",
        r"|remov(?:e|ed|al|ing)\b.{1,12}\blists?\b",
        r"|(?:to|on) your (?:white|safe)[ -]?list",
        r")",
    ))
    .expect("valid regex")
});

/// A `Precedence` of `list` or `bulk`.
static LIST_PRECEDENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:list|bulk)\b").expect("valid regex"));

/// A Return-Path of a list manager: `x-request@`, `x-bounces@`, `x-admin@`,
/// `x-owner@`, `owner-x@`.
static LIST_RETURN_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[^@]+-(?:request|bounces|admin|owner)|owner-[^@]+)(?:@|$)")
        .expect("valid regex")
});

/// A robot-like mailbox anywhere in the header (`__SENDER_BOT`): the local
/// part (or its last few characters before `@`) names a daemon, a bounce
/// handler, a no-reply address, a newsletter or a generic role.
static ROBOT_MAILBOX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:",
        r"(?:do)?[-_.]?no(?:t)?[-_.]?repl(?:y|ies)",
        r"|bounces?|daemon|mailer|subscri\w*|reports?|contact",
        r"|respon(?:d|se|der)s?\b",
        r"|\b(?:root|news|nobody|agent|robot|bot|www|web|out|sender|sending)\b",
        r"|(?:post|web|host)master|manag\w*",
        r")[^@ >]{0,5}@\w",
    ))
    .expect("valid regex")
});

/// An image MIME type anywhere in a Content-Type value.
static IMAGE_TYPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bimage/").expect("valid regex"));

/// The reasons `T_REMOTE_IMAGE` stays quiet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Signals {
    /// `__SUBSCRIPTION_INFO`: the body talks about subscribing or opting out.
    pub subscription_info: bool,
    /// `__VIA_ML`: the message came through a mailing list.
    pub via_mailing_list: bool,
    /// `__SENDER_BOT`: a robot-like mailbox appears in the header.
    pub sender_bot: bool,
    /// `__ANY_IMAGE_ATTACH`: some MIME part is an image.
    pub image_attachment: bool,
}

/// The address of a header value: the text between `<` and `>` if any, else
/// the trimmed value.
fn address(value: &str) -> &str {
    match (value.find('<'), value.rfind('>')) {
        (Some(open), Some(close)) if open < close => value.get(open + 1..close).unwrap_or(""),
        _ => value.trim(),
    }
}

impl Signals {
    /// Reads the signals from a message.
    pub(crate) fn of(analysis: &Analysis) -> Self {
        let headers = &analysis.headers;
        let via_mailing_list = headers
            .get("Precedence")
            .is_some_and(|p| LIST_PRECEDENCE.is_match(&p))
            || headers.exists("List-Id")
            || headers.exists("List-Post")
            || headers.exists("Mailing-List")
            || headers
                .all("Return-Path")
                .any(|f| LIST_RETURN_PATH.is_match(address(&f.decoded)));
        let sender_bot = headers
            .fields
            .iter()
            .any(|f| ROBOT_MAILBOX.is_match(&f.decoded));
        Self {
            subscription_info: analysis
                .body
                .lines
                .iter()
                .any(|line| SUBSCRIPTION_WORDING.is_match(line)),
            via_mailing_list,
            sender_bot,
            image_attachment: analysis.mime.nodes.iter().any(|n| {
                n.raw_content_type
                    .as_deref()
                    .is_some_and(|ct| IMAGE_TYPE.is_match(ct))
            }),
        }
    }

    /// `__MIME_ATTACHMENT`: some MIME part is declared an attachment.
    pub(crate) fn mime_attachment(analysis: &Analysis) -> bool {
        analysis.mime.nodes.iter().any(|n| {
            n.disposition
                .as_deref()
                .is_some_and(|d| d.to_lowercase().contains("attachment"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording() {
        for hit in [
            "Subscribe to our newsletter",
            "click here to unsubscribe",
            "To opt-out of future mailings",
            "you are subscribed as x",
            "to be removed from this list",
            "If you do not wish to receive",
            "add us to your whitelist",
        ] {
            assert!(SUBSCRIPTION_WORDING.is_match(hit), "{hit}");
        }
        for miss in [
            "Buy cheap watches now",
            "the list of prices",
            "optical outlet",
        ] {
            assert!(!SUBSCRIPTION_WORDING.is_match(miss), "{miss}");
        }
    }

    #[test]
    fn robots() {
        for hit in [
            "From: <noreply@x.test>",
            "From: do-not-reply@x.test",
            "Return-Path: <bounces+123@x.test>",
            "Sender: MAILER-DAEMON@x.test",
            "From: news@x.test",
            "Reply-To: postmaster@x.test",
        ] {
            assert!(ROBOT_MAILBOX.is_match(hit), "{hit}");
        }
        for miss in [
            "From: alice@x.test",
            "To: bob.smith@x.test",
            "newsroom at x.test",
        ] {
            assert!(!ROBOT_MAILBOX.is_match(miss), "{miss}");
        }
    }

    #[test]
    fn list_return_path() {
        assert!(LIST_RETURN_PATH.is_match(address("<users-request@lists.test>")));
        assert!(LIST_RETURN_PATH.is_match(address("owner-users@lists.test")));
        assert!(!LIST_RETURN_PATH.is_match(address("<alice@x.test>")));
    }
}
