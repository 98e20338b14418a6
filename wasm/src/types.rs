//! The JS-facing data. Inputs are the core's serde types (config, verdicts)
//! plus the option structs here, all read with unknown fields denied; outputs
//! are the core's types. Keys are converted to camelCase at the boundary
//! (`convert`); the TypeScript interfaces in `typescript.rs` mirror the result.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use spamgauge::learning::AwlEntry;
use spamgauge::rules::Rule;
use spamgauge::verdicts::Verdicts;
use spamgauge::{Config, ConfigError, Family, Lang, Localized, Timestamp};

use crate::convert::{camel_case, keys_to_camel, path_to_camel};
use crate::error::ApiError;

/// Rewrites a core configuration error in JS terms: the field path in
/// camelCase, as the caller wrote it.
pub fn explain_config_error(config: &Config, error: &ConfigError) -> ApiError {
    match error {
        ConfigError::UnknownTest(test) => {
            let field = if config.scores.contains_key(test) {
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
        ConfigError::Invalid { field, reason } => {
            ApiError::field("config", &path_to_camel(field), reason)
        }
        ConfigError::CustomRule {
            file,
            line,
            rule,
            problem,
        } => {
            let rule = rule
                .as_deref()
                .map(|rule| format!(", rule `{rule}`"))
                .unwrap_or_default();
            ApiError::field(
                "config",
                &format!("customRules[{file}]"),
                format!("line {line}{rule}: {problem}"),
            )
        }
        other => ApiError::field("config", "", other),
    }
}

/// A time: seconds since the Unix epoch, or RFC 3339 text.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Now {
    /// Whole seconds since the Unix epoch.
    Seconds(i64),
    /// RFC 3339, e.g. `2026-01-01T00:00:00Z`.
    Text(String),
}

impl Now {
    /// The timestamp, or an error naming `field`.
    pub fn timestamp(&self, what: &str, field: &str) -> Result<Timestamp, ApiError> {
        match self {
            Now::Seconds(seconds) => Ok(Timestamp::from_unix(*seconds)),
            Now::Text(text) => {
                Timestamp::parse_rfc3339(text).map_err(|error| ApiError::field(what, field, error))
            }
        }
    }
}

/// `ScoreOptions` in TypeScript.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreOptions {
    /// The current time.
    pub now: Option<Now>,
    /// Envelope, authentication results and DNS answers.
    pub verdicts: Option<Verdicts>,
    /// The sender's stored auto-whitelist entry.
    pub awl: Option<AwlEntry>,
}

/// `TemplateOptions` in TypeScript.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateOptions {
    /// What the input is; guessed when absent.
    pub kind: Option<TemplateKind>,
    /// The Subject of the wrapper message (default: the HTML `<title>`).
    pub subject: Option<String>,
    /// The From address of the wrapper message.
    pub from: Option<String>,
    /// Whether the wrapper adds a text/plain alternative (default: true).
    pub text_part: Option<bool>,
    /// The current time.
    pub now: Option<Now>,
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

/// A core output as a JS-ready JSON value: camelCase keys, no `-0`.
pub fn output<T: Serialize>(value: &T) -> Result<Value, ApiError> {
    serde_json::to_value(value)
        .map(keys_to_camel)
        .map_err(|error| ApiError::new(format!("cannot convert the result: {error}")))
}

/// A report as JS sees it: the core's report, plus `template` (null unless
/// template mode).
pub fn report_output(
    report: &spamgauge::Report,
    template: Option<&TemplateInfo>,
) -> Result<Value, ApiError> {
    let mut value = output(report)?;
    let template = output(&template)?;
    if let Value::Object(map) = &mut value {
        // A limit is named as the caller names it in `EngineConfig.limits`.
        if let Some(Value::Array(limits)) = map.get_mut("limitsHit") {
            for limit in limits.iter_mut() {
                if let Some(Value::String(name)) = limit.get_mut("limit") {
                    *name = camel_case(name);
                }
            }
        }
        map.insert("template".to_owned(), template);
    }
    Ok(value)
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
    use crate::error::from_json_text;

    fn config(json: &str) -> Result<Config, ApiError> {
        from_json_text("config", json)
    }

    #[test]
    fn config_reads_camel_case_fields() {
        let core = config(
            r#"{"profile":"outbound","threshold":2.5,"scores":{"MISSING_DATE":[1,2,3,4]},
                "disabled":["MISSING_DATE"],"limits":{"maxParts":7},"trustedAuthservIds":["mx.example"]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(core.threshold, Some(2.5));
        assert_eq!(core.limits.max_parts, 7);
        assert!(core.disabled.contains("MISSING_DATE"));
        assert_eq!(core.trusted_authserv_ids, vec!["mx.example".to_owned()]);
    }

    #[test]
    fn unknown_nested_field_is_named_in_camel_case() {
        let error = config(r#"{"limits":{"maxPart":7}}"#)
            .err()
            .map(|e| e.to_string());
        let error = error.unwrap_or_default();
        assert!(
            error.starts_with("invalid config: `limits.maxPart`"),
            "{error}"
        );
        assert!(
            error.contains("unknown field `maxPart`, expected one of `maxMessageBytes`"),
            "{error}"
        );
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
            error.starts_with("invalid config: `limits.maxParts`: invalid type"),
            "{error}"
        );
    }

    #[test]
    fn core_errors_are_renamed_to_js_fields() {
        let cfg = Config::default();
        let limit = explain_config_error(
            &cfg,
            &ConfigError::InvalidLimit {
                name: "max_html_tags",
                min: 1,
            },
        );
        assert_eq!(
            limit.message(),
            "invalid config: `limits.maxHtmlTags`: must be at least 1"
        );
        let unknown = explain_config_error(&cfg, &ConfigError::UnknownTest("NOPE".into()));
        assert_eq!(
            unknown.message(),
            "invalid config: `disabled`: unknown test `NOPE`"
        );
        let invalid = explain_config_error(
            &cfg,
            &ConfigError::Invalid {
                field: "dns_lists[2].zone".into(),
                reason: "empty".into(),
            },
        );
        assert_eq!(
            invalid.message(),
            "invalid config: `dnsLists[2].zone`: empty"
        );
        let config = Config::default().custom_rules("\nbody LOCAL_X /(?=a)/\n");
        let rule = spamgauge::Engine::new(config.clone()).expect_err("a look-around");
        assert_eq!(
            explain_config_error(&config, &rule).message(),
            "invalid config: `customRules[0]`: line 2, rule `LOCAL_X`: the regex uses a \
             look-around, which needs a backtracking engine"
        );
    }

    #[test]
    fn verdicts_read_camel_case() {
        let options: ScoreOptions = from_json_text(
            "options",
            r#"{"now":"2026-01-01T00:00:00Z","verdicts":{"envelope":{"clientIp":"203.0.113.7","mailFrom":"a@example.com"},
                "auth":{"spf":"pass","spfHelo":"none"}}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let verdicts = options.verdicts.unwrap_or_default();
        assert!(verdicts.is_network());
        assert_eq!(
            options.now.map(|now| now.timestamp("options", "now")),
            Some(Ok(Timestamp::from_unix(1_767_225_600)))
        );
        let error = from_json_text::<ScoreOptions>(
            "options",
            r#"{"verdicts":{"dns":[{"name":"x.example","type":"A","answer":["nope"]}]}}"#,
        );
        // Serde accepts it; the core's validation (run by the engine layer) does not.
        assert!(error.is_ok());
    }

    #[test]
    fn lang_is_checked() {
        assert_eq!(parse_lang(None), Ok(Lang::En));
        assert_eq!(parse_lang(Some("fr")), Ok(Lang::Fr));
        assert!(parse_lang(Some("de")).is_err());
    }
}
