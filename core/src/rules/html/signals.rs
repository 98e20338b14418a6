//! Sub-tests the HTML tests exclude on (sa-semantics §1.7, §1.8, §1.12):
//! newsletter wording, mailing-list and robot senders, attachments.

use std::sync::LazyLock;

use regex::Regex;
use regex::bytes::Regex as BytesRegex;

use crate::analysis::Analysis;

/// Newsletter, subscription and opt-out wording in the body
/// (`__SUBSCRIPTION_INFO`), matched per body line on bytes with ASCII-only
/// classes, as SpamAssassin's `/aa` regexes. Only the first word needs a word
/// boundary before it; between "opt" and "out" there may be one character or
/// `ing`, so "opt-out" and "opt out" count but "opting out" does not.
static SUBSCRIPTION_WORDING: LazyLock<BytesRegex> = LazyLock::new(|| {
    let phrases = [
        // (e)newsletter(s)
        r"e?newsletters?",
        // (un)subscribe, (un)subscribed, (un)registered…
        r"(?:un)?(?:subscrib|register)",
        // "your subscription", "you are subscribed"
        r"you(?:r| are) subscri(?:b|ption)",
        r"opt(?:.|ing)?out\b",
        r"further info",
        // "you don't wish", "you do not want"
        r"you do ?n[o']t w(?:ish|ant)",
        // "remove me from list", "removed from lists"
        r"remov\w{1,3}.{1,9}\blists?\b",
        r"to your white.?list",
    ];
    BytesRegex::new(&format!(r"(?i-u)\b(?:{})", phrases.join("|"))).expect("valid regex")
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

/// A robot-like mailbox anywhere in the header (`__SENDER_BOT`), matched on
/// all fields as `Name: value` lines: a robot word, then at most five
/// characters other than `@`, space and `>` (and one more `s`), then `@` and a
/// word character. Words of the second list must start a word; `bot`, `web`
/// and `www` must also end one (so `robot@` and `webmaster@` count, but
/// `website@` does not, and `Subscriber_Services78044@` is too far from its
/// robot word).
static ROBOT_MAILBOX: LazyLock<BytesRegex> = LazyLock::new(|| {
    let anywhere = [
        // no-reply, noreply, not_reply, no.replies
        r"not?\W?repl[yi]",
        r"bounce",
        r"contact",
        r"daemon",
        r"subscri",
        r"report",
        // respond, responder(s), response(s)
        r"respon[ds]e?r?s?\b",
    ];
    let word_start = [
        r"root",
        r"news",
        r"nobody",
        r"agent",
        r"(?:post|web)?master",
        r"manag",
        r"send(?:er|ing)?",
        r"out",
        r"(?:bot|web|www)\b",
    ];
    BytesRegex::new(&format!(
        r"(?i-u)(?:{}|\b(?:{}))[^@ >]{{0,5}}s?@\w",
        anywhere.join("|"),
        word_start.join("|")
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
        let all_fields: String = headers
            .fields
            .iter()
            .map(|f| format!("{}: {}\n", f.name, f.decoded))
            .collect();
        let sender_bot = ROBOT_MAILBOX.is_match(all_fields.as_bytes());
        Self {
            subscription_info: analysis
                .body
                .lines
                .iter()
                .any(|line| SUBSCRIPTION_WORDING.is_match(line.as_bytes())),
            via_mailing_list,
            sender_bot,
            image_attachment: Self::image_attachment(analysis),
        }
    }

    /// `__ANY_IMAGE_ATTACH`: some MIME part is an image.
    pub(crate) fn image_attachment(analysis: &Analysis) -> bool {
        analysis.mime.nodes.iter().any(|n| {
            n.raw_content_type
                .as_deref()
                .is_some_and(|ct| IMAGE_TYPE.is_match(ct))
        })
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
            "remove me from list",
            "If you do not wish to receive",
            "add us to your whitelist",
            "manage your subscription",
            "opt out now",
        ] {
            assert!(SUBSCRIPTION_WORDING.is_match(hit.as_bytes()), "{hit}");
        }
        for miss in [
            "Buy cheap watches now",
            "the list of prices",
            "optical outlet",
            // One character, or `ing`, between "opt" and "out", not both.
            "opting out",
            "the news letter",
            // More than nine characters between the two words.
            "to be removed from this list",
        ] {
            assert!(!SUBSCRIPTION_WORDING.is_match(miss.as_bytes()), "{miss}");
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
            "From: webmaster@x.test",
            "From: Subscribers@x.test",
            "From: my-bot@x.test",
        ] {
            assert!(ROBOT_MAILBOX.is_match(hit.as_bytes()), "{hit}");
        }
        for miss in [
            "From: alice@x.test",
            "To: bob.smith@x.test",
            "newsroom at x.test",
            // The robot word is more than six characters before the `@`.
            "From: Subscriber_Services78044@juno.test",
            // `web` must end a word.
            "From: website@x.test",
            "From: MAILER@x.test",
            // `bot` must start a word too.
            "From: info.robot@x.test",
        ] {
            assert!(!ROBOT_MAILBOX.is_match(miss.as_bytes()), "{miss}");
        }
    }

    #[test]
    fn list_return_path() {
        assert!(LIST_RETURN_PATH.is_match(address("<users-request@lists.test>")));
        assert!(LIST_RETURN_PATH.is_match(address("owner-users@lists.test")));
        assert!(!LIST_RETURN_PATH.is_match(address("<alice@x.test>")));
    }
}
