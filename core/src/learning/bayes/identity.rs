//! How a learned message is recognised when it comes back, as SpamAssassin
//! 4.0.1 does (`Plugin/Bayes.pm` learning and forgetting, `Message.pm`
//! message ids).
//!
//! SpamAssassin records each learned message under a generated id: the SHA-1
//! of the last To field, the last Date field and a SHA-1 of the pristine body,
//! followed by `@sa_generated`. Received fields and the Message-ID play no
//! part, so a copy that was relayed again, or re-sent with a new Message-ID
//! by a relay, is the same message; a copy with another Date or body is not.
//! Before learning it also looks the message up under its Message-ID (what
//! older versions recorded), so both ids are kept here, in that order.

use crate::analysis::Analysis;

/// The suffix SpamAssassin gives its generated message ids.
const GENERATED_SUFFIX: &str = "@sa_generated";

/// The value SpamAssassin's scalar `get_header` gives: the last field of
/// that name, decoded, followed by a line break; empty when there is none.
fn last_header(analysis: &Analysis, name: &str) -> String {
    analysis
        .headers
        .last(name)
        .map(|value| format!("{value}\n"))
        .unwrap_or_default()
}

/// The id SpamAssassin records a learned message under
/// (`Message::generate_msgid`): `sha1hex(To "\0" Date "\0" body digest)`
/// followed by `@sa_generated`.
///
/// ```
/// use spamgauge::learning::bayes::generated_msgid;
/// use spamgauge::{Config, Engine};
/// let engine = Engine::new(Config::default())?;
/// let first = engine.analyze(b"Received: from a\nTo: x@example.com\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nhello\n")?;
/// let resent = engine.analyze(b"Received: from b\nMessage-ID: <new@relay>\nTo: x@example.com\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nhello\n")?;
/// assert_eq!(generated_msgid(&first), generated_msgid(&resent));
/// assert!(generated_msgid(&first).ends_with("@sa_generated"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn generated_msgid(analysis: &Analysis) -> String {
    let mut sha = sha1_smol::Sha1::new();
    sha.update(last_header(analysis, "To").as_bytes());
    sha.update(b"\0");
    sha.update(last_header(analysis, "Date").as_bytes());
    sha.update(b"\0");
    sha.update(analysis.pristine_body_digest.as_bytes());
    format!("{}{GENERATED_SUFFIX}", sha.digest())
}

/// The message's own id (`Message::get_msgid`): what the last Message-ID
/// field holds between its outer angle brackets, if it has them.
#[must_use]
pub fn header_msgid(analysis: &Analysis) -> Option<String> {
    let value = last_header(analysis, "Message-ID");
    let inner = value
        .trim_start()
        .strip_prefix('<')?
        .trim_end()
        .strip_suffix('>')?;
    (!inner.is_empty()).then(|| inner.to_owned())
}

/// The 64-bit key a message id is stored under: the first eight bytes of
/// its SHA-1.
#[must_use]
pub fn msgid_key(msgid: &str) -> u64 {
    let digest = sha1_smol::Sha1::from(msgid).digest().bytes();
    digest[..8]
        .iter()
        .fold(0u64, |acc, &byte| acc << 8 | u64::from(byte))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Limits;

    fn analyse(message: &str) -> Analysis {
        Analysis::build(message.as_bytes(), &Limits::default()).unwrap()
    }

    #[test]
    fn identity_reads_to_date_and_body_only() {
        let base = "To: x@example.com\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nhello\n";
        let id = generated_msgid(&analyse(base));
        let relayed = format!("Received: from elsewhere\nMessage-ID: <other@host>\n{base}");
        assert_eq!(generated_msgid(&analyse(&relayed)), id);
        let crlf = base.replace('\n', "\r\n");
        assert_eq!(generated_msgid(&analyse(&crlf)), id);
        for changed in [
            base.replace("hello", "hullo"),
            base.replace("Jan 2024", "Feb 2024"),
            base.replace("x@", "y@"),
        ] {
            assert_ne!(generated_msgid(&analyse(&changed)), id, "{changed}");
        }
        // The last To counts, as SpamAssassin's scalar get_header.
        let two = format!("To: first@example.com\n{base}");
        let two_swapped = base.replacen(
            "To: x@example.com\n",
            "To: x@example.com\nTo: first@example.com\n",
            1,
        );
        assert_eq!(generated_msgid(&analyse(&two)), id);
        assert_ne!(generated_msgid(&analyse(&two_swapped)), id);
    }

    #[test]
    fn header_id_needs_angle_brackets() {
        let id = |field: &str| header_msgid(&analyse(&format!("{field}\nFrom: a@b\n\nx\n")));
        assert_eq!(id("Message-ID: <a@b>").as_deref(), Some("a@b"));
        assert_eq!(id("Message-Id:  <a@b> ").as_deref(), Some("a@b"));
        assert_eq!(id("Message-ID: a@b"), None);
        assert_eq!(id("Message-ID: <>"), None);
        assert_eq!(
            id("Message-ID: <old@x>\nMessage-ID: <new@x>").as_deref(),
            Some("new@x")
        );
        assert_eq!(id("Subject: none"), None);
    }

    #[test]
    fn keys_differ_by_id() {
        assert_eq!(msgid_key("a@b"), msgid_key("a@b"));
        assert_ne!(msgid_key("a@b"), msgid_key("a@c"));
    }
}
