//! The result of scoring one message: every test that fired, with its texts
//! and evidence, the total, the threshold and the decision.

pub mod action;
mod status;
mod text;

use serde::{Deserialize, Serialize};

use crate::analysis::LimitHit;
use crate::config::Profile;
use crate::i18n::Localized;
use crate::rules::{Evidence, Family, Rule, ScoreSet};

pub use action::{Action, ActionKind, SmtpReply};

/// The outbound profile reports scores clamped to this range.
const OUTBOUND_SCORE_RANGE: (f64, f64) = (0.0, 15.0);

/// One test that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Hit {
    /// The test's name (SpamAssassin's, or ours when `ours` is set).
    pub name: String,
    /// The score it added.
    pub score: f64,
    /// What the test looks at.
    pub family: Family,
    /// Whether the test is ours rather than SpamAssassin's.
    pub ours: bool,
    /// One line: what the test detects.
    pub description: Localized,
    /// What it means that it fired.
    pub explanation: Localized,
    /// How a legitimate sender makes it stop firing.
    pub fix: Localized,
    /// Why it fired on this message.
    pub evidence: Evidence,
}

impl Hit {
    pub(crate) fn new(rule: &Rule, score: f64, evidence: Evidence) -> Self {
        Self {
            name: rule.name.to_string(),
            score,
            family: rule.family,
            ours: rule.flags.ours,
            description: rule.text.description.clone(),
            explanation: rule.text.explanation.clone(),
            fix: rule.text.fix.clone(),
            evidence,
        }
    }
}

/// What the engine concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Decision {
    /// Below the threshold.
    Ham,
    /// At or above the threshold (inbound), above it (outbound).
    Spam,
}

/// The scored, explained result for one message.
#[must_use]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// The total: the sum of the hits' scores, rounded to three decimals (and,
    /// for the outbound profile, clamped to 0 … 15).
    pub score: f64,
    /// The sum of the hits' scores before any clamping.
    pub raw_score: f64,
    /// The decision threshold.
    pub threshold: f64,
    /// Whether the message is spam under the profile's rule.
    pub is_spam: bool,
    /// The decision.
    pub decision: Decision,
    /// The profile that decided.
    pub profile: Profile,
    /// The score set used.
    pub score_set: ScoreSet,
    /// Every test that fired, in evaluation order.
    pub hits: Vec<Hit>,
    /// Limits that cut the scan.
    pub limits_hit: Vec<LimitHit>,
    /// What to do with the message during the SMTP dialogue.
    pub action: Action,
    /// The SMTP reply line to give (`554 5.7.1 …`); `None` when accepting.
    pub smtp_reply: Option<String>,
}

impl Report {
    pub(crate) fn new(
        hits: Vec<Hit>,
        profile: Profile,
        threshold: f64,
        score_set: ScoreSet,
        limits_hit: Vec<LimitHit>,
    ) -> Self {
        let raw_score = round3(hits.iter().map(|hit| hit.score).sum());
        let (score, is_spam) = match profile {
            Profile::Inbound => (raw_score, raw_score >= threshold),
            Profile::Outbound => {
                let clamped = raw_score.clamp(OUTBOUND_SCORE_RANGE.0, OUTBOUND_SCORE_RANGE.1);
                (clamped, clamped > threshold)
            }
        };
        Self {
            score,
            raw_score,
            threshold,
            is_spam,
            decision: if is_spam {
                Decision::Spam
            } else {
                Decision::Ham
            },
            profile,
            score_set,
            hits,
            limits_hit,
            action: Action::accept(),
            smtp_reply: None,
        }
    }

    /// The hit named `name`, if that test fired.
    #[must_use]
    pub fn hit(&self, name: &str) -> Option<&Hit> {
        self.hits.iter().find(|hit| hit.name == name)
    }
}

/// SpamAssassin rounds the total with `sprintf("%.3f") + 0`, which never leaves
/// a negative zero (and an empty `f64` sum is `-0.0`): adding `0.0` makes it `+0.0`.
fn round3(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0 + 0.0
}
