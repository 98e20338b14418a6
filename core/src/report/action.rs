//! What to do with the message during the SMTP dialogue: accept it, refuse it
//! (5xx) or ask the client to retry later (4xx), with the reply to give.
//!
//! The engine only ever recommends refusing *during* the dialogue, so the
//! sending server keeps the message and tells its user: it never suggests
//! accepting and then bouncing, which would send backscatter to forged
//! senders.
//!
//! Precedence, first match wins:
//! 1. the connecting client is listed by a DNS list marked `rejects` (or, for
//!    a domain list marked `rejects`, a URI domain is);
//! 2. a test flagged `rejects` fired (the policy tests), in evaluation order;
//! 3. the message is spam under the profile's rule;
//! 4. only when [`Replies::tempfail_on_temperror`] is set: SPF for MAIL FROM or
//!    DMARC ended in a temporary error (the sender may pass once its DNS
//!    answers);
//! 5. accept.
//!
//! A list that refuses to answer (`*_BLOCKED`) never rejects.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::config::Config;
use crate::engine::Inputs;
use crate::error::ConfigError;
use crate::lookups::{ListKind, Setup};
use crate::report::Report;
use crate::rules::dnsbl::client_listing;
use crate::rules::policy::{self, Policy, Refusal};
use crate::rules::uribl::listed_subject;
use crate::verdicts::DmarcResult;

/// Accept, reject or tempfail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    /// Accept the message (reply as usual, 250).
    #[default]
    Accept,
    /// Refuse it permanently (5xx) during the SMTP dialogue.
    Reject,
    /// Refuse it temporarily (4xx): the client retries later.
    Tempfail,
}

/// One SMTP reply: `554 5.7.1 text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SmtpReply {
    /// The reply code (RFC 5321), e.g. 554.
    pub code: u16,
    /// The enhanced status code (RFC 3463), e.g. `5.7.1`.
    pub enhanced: String,
    /// The text.
    pub text: String,
}

impl SmtpReply {
    /// A reply.
    pub fn new(code: u16, enhanced: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            code,
            enhanced: enhanced.into(),
            text: text.into(),
        }
    }
}

impl fmt::Display for SmtpReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.code, self.enhanced, self.text)
    }
}

/// The recommended action.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Action {
    /// Accept, reject or tempfail.
    pub kind: ActionKind,
    /// The reply to give; `None` when accepting.
    pub reply: Option<SmtpReply>,
    /// The test that decided (`None` when accepting, or for a spam score).
    pub cause: Option<String>,
}

impl Action {
    /// Accept.
    #[must_use]
    pub fn accept() -> Self {
        Self::default()
    }

    fn refuse(kind: ActionKind, reply: SmtpReply, cause: Option<&str>) -> Self {
        Self {
            kind,
            reply: Some(reply),
            cause: cause.map(str::to_owned),
        }
    }
}

/// A configurable reply: code, enhanced code and a text with `{placeholders}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ReplyTemplate {
    /// The reply code.
    pub code: u16,
    /// The enhanced status code.
    pub enhanced: String,
    /// The text; placeholders are replaced by their values.
    pub text: String,
}

impl ReplyTemplate {
    /// A template.
    pub fn new(code: u16, enhanced: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            code,
            enhanced: enhanced.into(),
            text: text.into(),
        }
    }

    fn render(&self, values: &[(&str, &str)]) -> SmtpReply {
        let mut text = self.text.clone();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), &sanitize(value));
        }
        SmtpReply::new(self.code, self.enhanced.clone(), text)
    }

    fn validate(&self, field: &str, class: u16) -> Result<(), ConfigError> {
        let invalid = |reason: String| ConfigError::Invalid {
            field: format!("replies.{field}"),
            reason,
        };
        if self.code / 100 != class {
            return Err(invalid(format!(
                "code {} is not a {class}xx code",
                self.code
            )));
        }
        let parts: Vec<&str> = self.enhanced.split('.').collect();
        let numeric = parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
        if !numeric || parts.first() != Some(&class.to_string().as_str()) {
            return Err(invalid(format!(
                "enhanced code {:?} is not {class}.x.y",
                self.enhanced
            )));
        }
        if self.text.is_empty()
            || self.text.len() > 400
            || self.text.chars().any(|c| c.is_control() || !c.is_ascii())
        {
            return Err(invalid(
                "text must be 1 to 400 printable ASCII characters".to_owned(),
            ));
        }
        Ok(())
    }
}

/// Values from the message go into a reply line: printable ASCII only, and
/// short, so that no header or file name can break the SMTP dialogue.
fn sanitize(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(120)
        .collect()
}

/// The replies the engine recommends ([`crate::Config::replies`]). Defaults
/// follow the hosting providers' Postfix conventions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Replies {
    /// The client is listed by a rejecting DNS list; `{ip}`, `{zone}`,
    /// `{list}`, `{test}`. The default value is `554 5.7.1 Client host [{ip}]
    /// blocked using {zone}`.
    pub client_blocked: ReplyTemplate,
    /// A URI domain is listed by a rejecting domain list; `{domain}`, `{zone}`,
    /// `{list}`, `{test}`. The default value is `554 5.7.1 Message content
    /// rejected: {domain} blocked using {zone}`.
    pub uri_blocked: ReplyTemplate,
    /// Sender under a refused TLD; `{sender}`, `{tld}`. The default value is
    /// `554 5.7.1 <{sender}>: Sender address rejected: We reject all .{tld}
    /// domains`.
    pub sender_tld: ReplyTemplate,
    /// Sender on the block list; `{sender}`, `{reason}`. The default value is
    /// `554 5.7.1 <{sender}>: Sender address rejected: {reason}`.
    pub sender_blocked: ReplyTemplate,
    /// Forbidden attachment; `{filename}`. The default value is `554 5.7.1
    /// Message content rejected: forbidden attachment {filename}`.
    pub attachment: ReplyTemplate,
    /// Any other test flagged `rejects`; `{test}`. The default value is `554
    /// 5.7.1 Message rejected by local policy ({test})`.
    pub policy: ReplyTemplate,
    /// Spam; `{score}`, `{required}`. The default value is `554 5.7.1 Message
    /// rejected as spam (score {score}, required {required})`.
    pub spam: ReplyTemplate,
    /// Temporary failure; `{check}`. The default value is `451 4.7.1
    /// Temporary failure checking the sender ({check}), try again later`.
    pub tempfail: ReplyTemplate,
    /// Tempfail a message that would otherwise be accepted when SPF for
    /// MAIL FROM or DMARC ended in a temporary error. The default value is
    /// `false`: a DNS hiccup at the sender should not delay mail that passed
    /// every other check.
    pub tempfail_on_temperror: bool,
}

impl Default for Replies {
    fn default() -> Self {
        let reject = |text: &str| ReplyTemplate::new(554, "5.7.1", text);
        Self {
            client_blocked: reject("Client host [{ip}] blocked using {zone}"),
            uri_blocked: reject("Message content rejected: {domain} blocked using {zone}"),
            sender_tld: reject("<{sender}>: Sender address rejected: We reject all .{tld} domains"),
            sender_blocked: reject("<{sender}>: Sender address rejected: {reason}"),
            attachment: reject("Message content rejected: forbidden attachment {filename}"),
            policy: reject("Message rejected by local policy ({test})"),
            spam: reject("Message rejected as spam (score {score}, required {required})"),
            tempfail: ReplyTemplate::new(
                451,
                "4.7.1",
                "Temporary failure checking the sender ({check}), try again later",
            ),
            tempfail_on_temperror: false,
        }
    }
}

impl Replies {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        for (field, template) in [
            ("client_blocked", &self.client_blocked),
            ("uri_blocked", &self.uri_blocked),
            ("sender_tld", &self.sender_tld),
            ("sender_blocked", &self.sender_blocked),
            ("attachment", &self.attachment),
            ("policy", &self.policy),
            ("spam", &self.spam),
        ] {
            template.validate(field, 5)?;
        }
        self.tempfail.validate("tempfail", 4)
    }
}

/// Turns a scored report into an action; built once with the engine.
#[derive(Debug, Clone)]
pub(crate) struct Decider {
    setup: Setup,
    policy: Policy,
    replies: Replies,
}

impl Decider {
    pub(crate) fn new(config: &Config) -> Result<Self, ConfigError> {
        config.policy.validate()?;
        config.replies.validate()?;
        Ok(Self {
            setup: Setup::new(config)?,
            policy: config.policy.clone(),
            replies: config.replies.clone(),
        })
    }

    pub(crate) fn setup(&self) -> &Setup {
        &self.setup
    }

    /// The action for `report`; `rejects(name)` tells whether the test named
    /// `name` is flagged `rejects`.
    pub(crate) fn decide(
        &self,
        report: &Report,
        analysis: &Analysis,
        inputs: &Inputs<'_>,
        rejects: impl Fn(&str) -> bool,
    ) -> Action {
        let fired = |name: &str| report.hit(name).is_some();
        let replies = &self.replies;
        if let Some(verdicts) = inputs.verdicts {
            let setup = &self.setup;
            for list in setup.lists.0.iter().filter(|l| l.rejects) {
                if !list.tests.iter().any(|t| !t.blocked && fired(&t.name)) {
                    continue;
                }
                let zone = list.zone();
                match list.kind {
                    ListKind::Ip => {
                        if let Some((ip, test)) = client_listing(list, setup, analysis, verdicts) {
                            let ip = ip.to_string();
                            let reply = replies.client_blocked.render(&[
                                ("ip", &ip),
                                ("zone", &zone),
                                ("list", list.label()),
                                ("test", &test.name),
                            ]);
                            return Action::refuse(ActionKind::Reject, reply, Some(&test.name));
                        }
                    }
                    ListKind::Domain | ListKind::NameServerIp | ListKind::HostIp => {
                        if let Some((domain, test)) =
                            listed_subject(list, setup, analysis, verdicts)
                        {
                            let reply = replies.uri_blocked.render(&[
                                ("domain", &domain),
                                ("zone", &zone),
                                ("list", list.label()),
                                ("test", &test.name),
                            ]);
                            return Action::refuse(ActionKind::Reject, reply, Some(&test.name));
                        }
                    }
                }
            }
        }
        let envelope = inputs.verdicts.and_then(|v| v.envelope.as_ref());
        if let Some(hit) = report.hits.iter().find(|hit| rejects(&hit.name)) {
            let refusal = match hit.name.as_str() {
                "POLICY_SENDER_TLD" => policy::blocked_tld(&self.policy, analysis, envelope),
                "POLICY_SENDER_BLOCKED" => policy::blocked_sender(&self.policy, analysis, envelope),
                "POLICY_ATTACHMENT" => policy::blocked_attachment(&self.policy, analysis),
                _ => None,
            };
            let reply = match refusal {
                Some(Refusal::Tld { sender, tld }) => replies
                    .sender_tld
                    .render(&[("sender", &sender), ("tld", &tld)]),
                Some(Refusal::Sender { sender, reason }) => replies
                    .sender_blocked
                    .render(&[("sender", &sender), ("reason", &reason.text().en)]),
                Some(Refusal::Attachment { filename, .. }) => {
                    replies.attachment.render(&[("filename", &filename)])
                }
                None => replies.policy.render(&[("test", &hit.name)]),
            };
            return Action::refuse(ActionKind::Reject, reply, Some(&hit.name));
        }
        if report.is_spam {
            let score = format!("{:.1}", report.score);
            let required = format!("{:.1}", report.threshold);
            let reply = replies
                .spam
                .render(&[("score", &score), ("required", &required)]);
            return Action::refuse(ActionKind::Reject, reply, None);
        }
        if replies.tempfail_on_temperror {
            let dmarc_temperror = inputs
                .verdicts
                .and_then(|v| v.auth.dmarc)
                .is_some_and(|d| d.result == DmarcResult::Temperror);
            let check = if fired("T_SPF_TEMPERROR") {
                Some("SPF temperror")
            } else if dmarc_temperror {
                Some("DMARC temperror")
            } else {
                None
            };
            if let Some(check) = check {
                let reply = replies.tempfail.render(&[("check", check)]);
                let cause = fired("T_SPF_TEMPERROR").then_some("T_SPF_TEMPERROR");
                return Action::refuse(ActionKind::Tempfail, reply, cause);
            }
        }
        Action::accept()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_replies_are_valid() {
        Replies::default().validate().expect("defaults");
    }

    #[test]
    fn invalid_replies_name_the_field() {
        let mut replies = Replies::default();
        replies.spam.code = 450;
        let err = replies.validate().expect_err("4xx reject");
        assert!(err.to_string().contains("replies.spam"), "{err}");
        let mut replies = Replies::default();
        replies.tempfail.enhanced = "5.7.1".into();
        assert!(replies.validate().is_err());
        let mut replies = Replies::default();
        replies.attachment.text = "line\r\nbreak".into();
        assert!(replies.validate().is_err());
    }

    #[test]
    fn rendered_values_cannot_break_the_line() {
        let reply = Replies::default()
            .attachment
            .render(&[("filename", "a\r\n250 ok.exe")]);
        assert_eq!(
            reply.to_string(),
            "554 5.7.1 Message content rejected: forbidden attachment a??250 ok.exe"
        );
    }
}
