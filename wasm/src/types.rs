//! The JS-facing data: serde structs with camelCase names, mirrored one for one
//! by the TypeScript interfaces in `typescript.rs`. Inputs deny unknown fields;
//! outputs are built from the core's types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use spamgauge::analysis::LimitHit;
use spamgauge::config::ScoreOverride;
use spamgauge::rules::Rule;
use spamgauge::{Config, ConfigError, Decision, Family, Hit, Lang, Limits, Localized, Profile};

use crate::error::ApiError;

/// `EngineConfig` in TypeScript.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EngineConfig {
    /// `"inbound"` (default) or `"outbound"`.
    pub profile: Option<Profile>,
    /// The decision threshold.
    pub threshold: Option<f64>,
    /// Score overrides by test name: a number, or four numbers (one per set).
    pub scores: Option<BTreeMap<String, ScoreOverride>>,
    /// Tests that never run.
    pub disabled: Option<Vec<String>>,
    /// Bounds on the work done per message.
    pub limits: Option<LimitsConfig>,
}

/// `Limits` in TypeScript: every field optional, defaults as in the core.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LimitsConfig {
    /// Bytes of the raw message that are parsed.
    pub max_message_bytes: Option<usize>,
    /// Decoded bytes kept per MIME part.
    pub max_part_bytes: Option<usize>,
    /// Depth of nested multiparts.
    pub max_mime_depth: Option<usize>,
    /// MIME parts kept.
    pub max_parts: Option<usize>,
    /// Header fields kept.
    pub max_headers: Option<usize>,
    /// URIs kept.
    pub max_uris: Option<usize>,
    /// HTML tag events processed per HTML part.
    pub max_html_tags: Option<usize>,
}

impl LimitsConfig {
    fn into_limits(self) -> Limits {
        let mut limits = Limits::default();
        let fields = [
            (&mut limits.max_message_bytes, self.max_message_bytes),
            (&mut limits.max_part_bytes, self.max_part_bytes),
            (&mut limits.max_mime_depth, self.max_mime_depth),
            (&mut limits.max_parts, self.max_parts),
            (&mut limits.max_headers, self.max_headers),
            (&mut limits.max_uris, self.max_uris),
            (&mut limits.max_html_tags, self.max_html_tags),
        ];
        for (slot, value) in fields {
            if let Some(value) = value {
                *slot = value;
            }
        }
        limits
    }
}

impl EngineConfig {
    /// The core configuration.
    pub fn to_core(&self) -> Config {
        let mut config = Config::default();
        if let Some(profile) = self.profile {
            config = config.profile(profile);
        }
        if let Some(threshold) = self.threshold {
            config = config.threshold(threshold);
        }
        for (test, score) in self.scores.iter().flatten() {
            config = match *score {
                ScoreOverride::All(score) => config.score(test.clone(), score),
                ScoreOverride::PerSet(scores) => config.scores_per_set(test.clone(), scores),
            };
        }
        for test in self.disabled.iter().flatten() {
            config = config.disable(test.clone());
        }
        if let Some(limits) = self.limits {
            config = config.limits(limits.into_limits());
        }
        config
    }

    /// Rewrites a core configuration error in JS terms: the field path in
    /// camelCase, as the caller wrote it.
    pub fn explain_error(&self, error: &ConfigError) -> ApiError {
        match error {
            ConfigError::UnknownTest(test) => {
                let field = if self.scores.as_ref().is_some_and(|s| s.contains_key(test)) {
                    format!("scores.{test}")
                } else {
                    "disabled".to_owned()
                };
                ApiError::field("config", &field, format!("unknown test `{test}`"))
            }
            ConfigError::InvalidScore { test } => {
                ApiError::field("config", &format!("scores.{test}"), "not a finite number")
            }
            ConfigError::InvalidThreshold(value) => ApiError::field(
                "config",
                "threshold",
                format!("{value} is not a finite number"),
            ),
            ConfigError::InvalidLimit { name, min } => ApiError::field(
                "config",
                &format!("limits.{}", camel_case(name)),
                format!("must be at least {min}"),
            ),
            other => ApiError::field("config", "", other),
        }
    }
}

/// `snake_case` → `camelCase`, for the core's limit names.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `ScoreOptions` in TypeScript.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScoreOptions {
    /// The current time, in seconds since the Unix epoch.
    pub now: Option<i64>,
}

/// `TemplateOptions` in TypeScript.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TemplateOptions {
    /// What the input is; guessed when absent.
    pub kind: Option<TemplateKind>,
    /// The Subject of the wrapper message (default: the HTML `<title>`).
    pub subject: Option<String>,
    /// The From address of the wrapper message.
    pub from: Option<String>,
    /// Whether the wrapper adds a text/plain alternative (default: true).
    pub text_part: Option<bool>,
    /// The current time, in seconds since the Unix epoch.
    pub now: Option<i64>,
}

/// What a template is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TemplateKind {
    /// An HTML fragment or document: wrapped into a message.
    Html,
    /// Plain text: wrapped into a message.
    Text,
    /// A complete RFC 5322 message: scored as is.
    Message,
}

/// A language code, `"en"` or `"fr"`.
pub fn parse_lang(lang: Option<&str>) -> Result<Lang, ApiError> {
    match lang {
        None | Some("en") => Ok(Lang::En),
        Some("fr") => Ok(Lang::Fr),
        Some(other) => Err(ApiError::new(format!(
            "invalid lang: expected \"en\" or \"fr\", got {other:?}"
        ))),
    }
}

/// `Report` in TypeScript.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportOut {
    /// The total (clamped to 0 … 15 for the outbound profile).
    pub score: f64,
    /// The sum of the hits' scores before clamping.
    pub raw_score: f64,
    /// The decision threshold.
    pub threshold: f64,
    /// Whether the message is spam.
    pub is_spam: bool,
    /// `"ham"` or `"spam"`.
    pub decision: Decision,
    /// `"inbound"` or `"outbound"`.
    pub profile: Profile,
    /// SpamAssassin's score set, 0 … 3.
    pub score_set: usize,
    /// Every test that fired, in evaluation order.
    pub hits: Vec<HitOut>,
    /// Limits that cut the scan.
    pub limits_hit: Vec<LimitHitOut>,
    /// Set in template mode: what was assumed and left out.
    pub template: Option<TemplateInfo>,
}

impl ReportOut {
    /// From the core's report.
    pub fn new(report: &spamgauge::Report, template: Option<TemplateInfo>) -> Self {
        // `+ 0.0` turns a negative zero (the sum of no hits) into 0, so JS
        // shows `0`, not `-0`.
        Self {
            score: report.score + 0.0,
            raw_score: report.raw_score + 0.0,
            threshold: report.threshold,
            is_spam: report.is_spam,
            decision: report.decision,
            profile: report.profile,
            score_set: report.score_set.index(),
            hits: report.hits.iter().map(HitOut::new).collect(),
            limits_hit: report.limits_hit.iter().map(LimitHitOut::new).collect(),
            template,
        }
    }
}

/// `Hit` in TypeScript.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HitOut {
    /// The test's name.
    pub name: String,
    /// The score it added.
    pub score: f64,
    /// What the test looks at.
    pub family: Family,
    /// Whether the test is spamgauge's rather than SpamAssassin's.
    pub ours: bool,
    /// One line: what the test detects.
    pub description: Localized,
    /// What it means that it fired.
    pub explanation: Localized,
    /// How a legitimate sender makes it stop firing.
    pub fix: Localized,
    /// Why it fired on this message.
    pub evidence: Localized,
}

impl HitOut {
    fn new(hit: &Hit) -> Self {
        Self {
            name: hit.name.clone(),
            score: hit.score,
            family: hit.family,
            ours: hit.ours,
            description: hit.description.clone(),
            explanation: hit.explanation.clone(),
            fix: hit.fix.clone(),
            evidence: hit.evidence.clone(),
        }
    }
}

/// `LimitHit` in TypeScript.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitHitOut {
    /// The limit's name, as in `EngineConfig.limits` (camelCase).
    pub limit: String,
    /// The configured bound.
    pub bound: usize,
    /// Where it was hit.
    pub at: String,
}

impl LimitHitOut {
    fn new(hit: &LimitHit) -> Self {
        Self {
            limit: camel_case(&hit.limit),
            bound: hit.bound,
            at: hit.at.clone(),
        }
    }
}

/// `TemplateInfo` in TypeScript.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateInfo {
    /// What the input was taken for.
    pub kind: TemplateKind,
    /// Results assumed rather than checked, e.g. `"spf=pass"`.
    pub assumed: Vec<String>,
    /// Families of tests left out: they judge the sending path or the wrapper,
    /// not the content.
    pub excluded_families: Vec<Family>,
}

/// `TestInfo` in TypeScript: one test as the engine runs it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestInfo {
    /// The test's name.
    pub name: String,
    /// What it looks at.
    pub family: Family,
    /// Effective scores in the four score sets.
    pub scores: [f64; 4],
    /// Needs network verdicts (sets 1 and 3 only).
    pub net: bool,
    /// Needs Bayes (sets 2 and 3 only).
    pub learn: bool,
    /// spamgauge's own test rather than SpamAssassin's.
    pub ours: bool,
    /// A policy test: the message is rejected whatever the score.
    pub rejects: bool,
    /// Tests that must fire for this one to run.
    pub requires: Vec<String>,
    /// One line: what the test detects.
    pub description: Localized,
    /// What it means that it fired.
    pub explanation: Localized,
    /// How a legitimate sender makes it stop firing.
    pub fix: Localized,
}

impl TestInfo {
    /// From a registered rule.
    pub fn new(rule: &Rule) -> Self {
        Self {
            name: rule.name.to_string(),
            family: rule.family,
            scores: rule.scores.0,
            net: rule.flags.net,
            learn: rule.flags.learn,
            ours: rule.flags.ours,
            rejects: rule.flags.rejects,
            requires: rule.requires.iter().map(ToString::to_string).collect(),
            description: rule.text.description.clone(),
            explanation: rule.text.explanation.clone(),
            fix: rule.text.fix.clone(),
        }
    }
}

/// `Explanation` in TypeScript: one test's texts in one language.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The test's name.
    pub name: String,
    /// The language of the texts.
    pub lang: Lang,
    /// What it looks at.
    pub family: Family,
    /// Effective scores in the four score sets.
    pub scores: [f64; 4],
    /// spamgauge's own test rather than SpamAssassin's.
    pub ours: bool,
    /// One line: what the test detects.
    pub description: String,
    /// What it means that it fired.
    pub explanation: String,
    /// How a legitimate sender makes it stop firing.
    pub fix: String,
}

impl Explanation {
    /// From a registered rule, in `lang`.
    pub fn new(rule: &Rule, lang: Lang) -> Self {
        Self {
            name: rule.name.to_string(),
            lang,
            family: rule.family,
            scores: rule.scores.0,
            ours: rule.flags.ours,
            description: rule.text.description.get(lang).to_owned(),
            explanation: rule.text.explanation.get(lang).to_owned(),
            fix: rule.text.fix.get(lang).to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::from_deserializer;

    fn config(json: &str) -> Result<EngineConfig, ApiError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        from_deserializer("config", &mut deserializer)
    }

    #[test]
    fn camel_case_converts_limit_names() {
        assert_eq!(camel_case("max_message_bytes"), "maxMessageBytes");
        assert_eq!(camel_case("x"), "x");
    }

    #[test]
    fn config_reads_camel_case_fields() {
        let parsed = config(
            r#"{"profile":"outbound","threshold":2.5,"scores":{"MISSING_DATE":[1,2,3,4]},
                "disabled":["MISSING_DATE"],"limits":{"maxParts":7}}"#,
        )
        .map(|c| c.to_core());
        let core = parsed.as_ref().map_err(ToString::to_string);
        let core = core.as_ref().ok();
        assert_eq!(core.map(|c| c.profile), Some(Profile::Outbound));
        assert_eq!(core.and_then(|c| c.threshold), Some(2.5));
        assert_eq!(core.map(|c| c.limits.max_parts), Some(7));
        assert_eq!(
            core.map(|c| c.limits.max_uris),
            Some(Limits::default().max_uris)
        );
        assert!(core.is_some_and(|c| c.disabled.contains("MISSING_DATE")));
    }

    #[test]
    fn unknown_nested_field_is_named() {
        let error = config(r#"{"limits":{"maxPart":7}}"#)
            .err()
            .map(|e| e.to_string());
        let error = error.unwrap_or_default();
        assert!(
            error.starts_with("invalid config: `limits.maxPart`"),
            "{error}"
        );
        assert!(error.contains("unknown field `maxPart`"), "{error}");
    }

    #[test]
    fn snake_case_field_is_unknown() {
        let error = config(r#"{"limits":{"max_parts":7}}"#)
            .err()
            .map(|e| e.to_string());
        assert!(error.is_some_and(|e| e.contains("unknown field `max_parts`")));
    }

    #[test]
    fn wrong_type_is_named_with_its_path() {
        let error = config(r#"{"limits":{"maxParts":"7"}}"#)
            .err()
            .map(|e| e.to_string());
        let error = error.unwrap_or_default();
        assert!(
            error.starts_with("invalid config: `limits.maxParts`"),
            "{error}"
        );
    }

    #[test]
    fn core_errors_are_renamed_to_js_fields() {
        let cfg = EngineConfig::default();
        let limit = cfg.explain_error(&ConfigError::InvalidLimit {
            name: "max_html_tags",
            min: 1,
        });
        assert_eq!(
            limit.message(),
            "invalid config: `limits.maxHtmlTags`: must be at least 1"
        );
        let unknown = cfg.explain_error(&ConfigError::UnknownTest("NOPE".into()));
        assert_eq!(
            unknown.message(),
            "invalid config: `disabled`: unknown test `NOPE`"
        );
    }

    #[test]
    fn unknown_test_in_scores_names_the_key() {
        let cfg = config(r#"{"scores":{"NOPE":1}}"#).unwrap_or_default();
        let error = cfg.explain_error(&ConfigError::UnknownTest("NOPE".into()));
        assert_eq!(
            error.message(),
            "invalid config: `scores.NOPE`: unknown test `NOPE`"
        );
    }

    #[test]
    fn lang_is_checked() {
        assert_eq!(parse_lang(None), Ok(Lang::En));
        assert_eq!(parse_lang(Some("fr")), Ok(Lang::Fr));
        assert!(parse_lang(Some("de")).is_err());
    }
}
