//! The engine as the JS API sees it, in plain Rust (host-testable): built once
//! from an [`EngineConfig`], it scores messages and templates and explains its
//! tests. The `#[wasm_bindgen]` layer in `lib.rs` only converts values.

use std::cell::OnceCell;

use spamgauge::{Config, Engine, Family, Inputs, Lang, Timestamp};

use crate::error::ApiError;
use crate::template::{self, Wrapper};
use crate::types::{
    EngineConfig, Explanation, ReportOut, ScoreOptions, TemplateInfo, TemplateKind,
    TemplateOptions, TestInfo,
};

/// The date used for a template's wrapper when the caller gives no `now`
/// (any fixed date works: without `now` the date tests do not run).
const DEFAULT_TEMPLATE_TIME: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

/// The default From of a template's wrapper.
const DEFAULT_TEMPLATE_FROM: &str = "Template Preview <preview@example.com>";

/// An engine and the two template variants of it, built on first use.
#[derive(Debug)]
pub struct Scorer {
    config: Config,
    engine: Engine,
    /// Template engine for complete messages (path families left out).
    template_message: OnceCell<Engine>,
    /// Template engine for fragments (header and date families left out too).
    template_fragment: OnceCell<Engine>,
}

impl Scorer {
    /// Builds the engine; configuration errors name the JS field.
    pub fn new(config: &EngineConfig) -> Result<Self, ApiError> {
        let core = config.to_core();
        let engine = Engine::new(core.clone()).map_err(|error| config.explain_error(&error))?;
        Ok(Self {
            config: core,
            engine,
            template_message: OnceCell::new(),
            template_fragment: OnceCell::new(),
        })
    }

    /// The core engine.
    #[must_use]
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Scores a raw message.
    pub fn score(&self, message: &[u8], options: &ScoreOptions) -> Result<ReportOut, ApiError> {
        let mut inputs = Inputs::default();
        if let Some(now) = options.now {
            inputs = inputs.now(Timestamp::from_unix(now));
        }
        let report = self
            .engine
            .check(message, &inputs)
            .map_err(|error| ApiError::field("message", "", error))?;
        Ok(ReportOut::new(&report, None))
    }

    /// Scores a template (HTML or text fragment, or a complete message) for
    /// its content only.
    pub fn score_template(
        &self,
        input: &[u8],
        options: &TemplateOptions,
    ) -> Result<ReportOut, ApiError> {
        let kind = options.kind.unwrap_or_else(|| template::guess_kind(input));
        if input.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::new("invalid template: it is empty"));
        }
        let now = options.now.unwrap_or(DEFAULT_TEMPLATE_TIME);
        let message = match kind {
            TemplateKind::Message => input.to_vec(),
            TemplateKind::Html | TemplateKind::Text => self.wrap(input, kind, options, now),
        };
        let engine = self.template_engine(kind)?;
        let mut inputs = Inputs::default();
        if let Some(now) = options.now {
            inputs = inputs.now(Timestamp::from_unix(now));
        }
        // The assumed SPF/DKIM/DMARC passes become verdicts once the core's
        // verdicts API carries them; until then the auth family is left out.
        let report = engine
            .check(&message, &inputs)
            .map_err(|error| ApiError::field("template", "", error))?;
        let info = TemplateInfo {
            kind,
            assumed: template::ASSUMED.iter().map(|s| (*s).to_owned()).collect(),
            excluded_families: template::excluded_families(kind),
        };
        Ok(ReportOut::new(&report, Some(info)))
    }

    /// The wrapper message of a fragment.
    fn wrap(
        &self,
        input: &[u8],
        kind: TemplateKind,
        options: &TemplateOptions,
        now: i64,
    ) -> Vec<u8> {
        let html = kind == TemplateKind::Html;
        let mut wrapper = Wrapper {
            body: input,
            html,
            subject: options.subject.clone().unwrap_or_default(),
            from: options
                .from
                .clone()
                .unwrap_or_else(|| DEFAULT_TEMPLATE_FROM.to_owned()),
            text_alternative: None,
            now,
        };
        let wants_text = html && options.text_part.unwrap_or(true);
        if html && (wants_text || options.subject.is_none()) {
            // A first pass over the HTML alone gives its visible text (the text
            // alternative) and its <title> (the default Subject).
            if let Ok(analysis) = self.engine.analyze(&wrapper.to_message()) {
                if wants_text {
                    wrapper.text_alternative = template::visible_text(&analysis);
                }
                if options.subject.is_none() {
                    wrapper.subject = template::title(&analysis).unwrap_or_default();
                }
            }
        }
        if wrapper.subject.is_empty() {
            wrapper.subject = "Template preview".to_owned();
        }
        wrapper.to_message()
    }

    fn template_engine(&self, kind: TemplateKind) -> Result<&Engine, ApiError> {
        let cell = match kind {
            TemplateKind::Message => &self.template_message,
            TemplateKind::Html | TemplateKind::Text => &self.template_fragment,
        };
        if let Some(engine) = cell.get() {
            return Ok(engine);
        }
        let excluded = template::excluded_families(kind);
        let config = self
            .engine
            .rules()
            .iter()
            .filter(|rule| excluded.contains(&rule.family))
            .fold(self.config.clone(), |config, rule| {
                config.disable(rule.name.to_string())
            });
        let engine = Engine::new(config).map_err(|error| ApiError::new(error.to_string()))?;
        Ok(cell.get_or_init(|| engine))
    }

    /// Every test, in evaluation order.
    #[must_use]
    pub fn tests(&self) -> Vec<TestInfo> {
        self.engine.rules().iter().map(TestInfo::new).collect()
    }

    /// One test's texts in one language.
    pub fn explain(&self, test: &str, lang: Lang) -> Result<Explanation, ApiError> {
        self.engine
            .rule(test)
            .map(|rule| Explanation::new(rule, lang))
            .ok_or_else(|| ApiError::field("test", "", format!("unknown test `{test}`")))
    }

    /// The families a template of this kind leaves out.
    #[must_use]
    pub fn excluded(kind: TemplateKind) -> Vec<Family> {
        template::excluded_families(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HAM: &[u8] = b"From: Alice <alice@example.com>\r\nTo: bob@example.org\r\n\
Subject: lunch\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: <1@example.com>\r\n\
\r\nSee you at noon.\r\n";

    fn scorer() -> Scorer {
        Scorer::new(&EngineConfig::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn scores_a_message() {
        let report = scorer().score(HAM, &ScoreOptions::default());
        assert!(report.is_ok_and(|r| !r.is_spam && r.template.is_none()));
    }

    #[test]
    fn missing_date_fires_and_near_miss_does_not() {
        let scorer = scorer();
        let without = b"From: a@example.com\r\nSubject: x\r\n\r\nhi\r\n";
        let fired = scorer.score(without, &ScoreOptions::default());
        assert!(fired.is_ok_and(|r| r.hits.iter().any(|h| h.name == "MISSING_DATE")));
        let clean = scorer.score(HAM, &ScoreOptions::default());
        assert!(clean.is_ok_and(|r| r.hits.iter().all(|h| h.name != "MISSING_DATE")));
    }

    #[test]
    fn not_a_message_is_an_error() {
        let error = scorer().score(b"", &ScoreOptions::default()).err();
        assert_eq!(
            error.map(|e| e.to_string()),
            Some("invalid message: the message is empty".to_owned())
        );
    }

    #[test]
    fn template_fragment_leaves_header_tests_out() {
        let scorer = scorer();
        // The wrapper has a Date, but even a header test firing on it would be
        // excluded: MISSING_DATE is in the header family.
        let report =
            scorer.score_template(b"<p>Hello <b>there</b></p>", &TemplateOptions::default());
        let report = report.unwrap_or_else(|e| panic!("{e}"));
        assert!(report.hits.iter().all(|h| h.family != Family::Header));
        let info = report.template.unwrap_or_else(|| panic!("template info"));
        assert_eq!(info.kind, TemplateKind::Html);
        assert!(info.excluded_families.contains(&Family::Header));
    }

    #[test]
    fn template_message_keeps_header_tests() {
        let scorer = scorer();
        let message = b"From: a@example.com\r\nSubject: x\r\n\r\nhi\r\n";
        let report = scorer
            .score_template(message, &TemplateOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(report.hits.iter().any(|h| h.name == "MISSING_DATE"));
    }

    #[test]
    fn empty_template_is_an_error() {
        assert!(
            scorer()
                .score_template(b"  \n", &TemplateOptions::default())
                .is_err()
        );
    }

    #[test]
    fn explain_knows_its_tests() {
        let scorer = scorer();
        let fr = scorer
            .explain("MISSING_DATE", Lang::Fr)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(fr.description.contains("absent"));
        let error = scorer
            .explain("NOPE", Lang::En)
            .err()
            .map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("invalid test: unknown test `NOPE`"));
    }

    #[test]
    fn bad_config_names_the_field() {
        let config = EngineConfig {
            threshold: Some(f64::NAN),
            ..EngineConfig::default()
        };
        let error = Scorer::new(&config).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("invalid config: `threshold`: NaN is not a finite number")
        );
    }
}
