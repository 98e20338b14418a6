//! The engine as the JS API sees it, in plain Rust (host-testable): built once
//! from a core [`Config`] (`EngineConfig` in JS), it scores messages and templates and explains its
//! tests. The `#[wasm_bindgen]` layer in `lib.rs` only converts values.

use std::cell::OnceCell;

use spamgauge::learning::BayesDb;
use spamgauge::lookups::Question;
use spamgauge::verdicts::{
    DkimResult, DkimSignature, Dmarc, DmarcResult, Envelope, SpfResult, Verdicts,
};
use spamgauge::{Analysis, Config, Engine, Family, Inputs, Lang, Report};

use crate::error::ApiError;
use crate::template::{self, Wrapper};
use crate::types::{
    Explanation, ScoreOptions, TemplateInfo, TemplateKind, TemplateOptions, TestInfo,
    explain_config_error,
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
    pub fn new(config: Config) -> Result<Self, ApiError> {
        let engine =
            Engine::new(config.clone()).map_err(|error| explain_config_error(&config, &error))?;
        Ok(Self {
            config,
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

    /// Phase 1: the analysis of a raw message; an input that is not a message
    /// at all is an error.
    pub fn analyze(&self, message: &[u8]) -> Result<Analysis, ApiError> {
        self.engine
            .analyze(message)
            .map_err(|error| ApiError::field("message", "", error))
    }

    /// Scores a raw message with the caller's verdicts, time, AWL entry and
    /// Bayes database.
    pub fn score(
        &self,
        message: &[u8],
        options: &ScoreOptions,
        bayes: Option<&BayesDb>,
    ) -> Result<Report, ApiError> {
        if let Some(verdicts) = &options.verdicts {
            verdicts
                .validate()
                .map_err(|error| verdicts_error("options", "verdicts", &error))?;
        }
        let mut inputs = Inputs::default();
        if let Some(now) = &options.now {
            inputs = inputs.now(now.timestamp("options", "now")?);
        }
        if let Some(verdicts) = &options.verdicts {
            inputs = inputs.verdicts(verdicts);
        }
        if let Some(bayes) = bayes {
            inputs = inputs.bayes(bayes);
        }
        if let Some(awl) = options.awl {
            inputs = inputs.awl(awl);
        }
        Ok(self.engine.score(&self.analyze(message)?, &inputs))
    }

    /// The DNS questions to resolve for a message (between the two phases).
    pub fn lookups(&self, message: &[u8], envelope: &Envelope) -> Result<Vec<Question>, ApiError> {
        Ok(self.engine.lookups(&self.analyze(message)?, envelope))
    }

    /// The questions still open once some are answered: those of `lookups`
    /// and those that follow from the answers in `verdicts` (the second round
    /// of URI lookups), less those already answered.
    pub fn follow_up(
        &self,
        message: &[u8],
        verdicts: &Verdicts,
    ) -> Result<Vec<Question>, ApiError> {
        verdicts
            .validate()
            .map_err(|error| verdicts_error("verdicts", "", &error))?;
        Ok(self.engine.follow_up(&self.analyze(message)?, verdicts))
    }

    /// Scores a template (HTML or text fragment, or a complete message) for
    /// its content only.
    pub fn score_template(
        &self,
        input: &[u8],
        options: &TemplateOptions,
    ) -> Result<(Report, TemplateInfo), ApiError> {
        let kind = options.kind.unwrap_or_else(|| template::guess_kind(input));
        if input.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::new("invalid template: it is empty"));
        }
        let now = options
            .now
            .as_ref()
            .map(|now| now.timestamp("options", "now"))
            .transpose()?;
        let wrapper_time = now.map_or(DEFAULT_TEMPLATE_TIME, |now| now.unix());
        let message = match kind {
            TemplateKind::Message => input.to_vec(),
            TemplateKind::Html | TemplateKind::Text => {
                self.wrap(input, kind, options, wrapper_time)
            }
        };
        let engine = self.template_engine(kind)?;
        let analysis = engine
            .analyze(&message)
            .map_err(|error| ApiError::field("template", "", error))?;
        let verdicts = assumed_verdicts(&analysis);
        let mut inputs = Inputs::default().verdicts(&verdicts);
        if let Some(now) = now {
            inputs = inputs.now(now);
        }
        let report = engine.score(&analysis, &inputs);
        let info = TemplateInfo {
            kind,
            assumed: template::ASSUMED.iter().map(|s| (*s).to_owned()).collect(),
            excluded_families: template::excluded_families(kind),
        };
        Ok((report, info))
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

/// The verdicts a template is scored with: SPF, DKIM (an author-domain
/// signature) and DMARC pass for the From domain. They select the network
/// score set, as on a real receiving server.
fn assumed_verdicts(analysis: &Analysis) -> Verdicts {
    let domain = analysis
        .addresses
        .from
        .first()
        .and_then(|mailbox| mailbox.address.rsplit_once('@'))
        .map_or("example.com", |(_, domain)| domain)
        .to_ascii_lowercase();
    let mut verdicts = Verdicts::default();
    let mut envelope = Envelope::default();
    envelope.mail_from = analysis.addresses.from.first().map(|m| m.address.clone());
    verdicts.envelope = Some(envelope);
    verdicts.auth.spf = Some(SpfResult::Pass);
    verdicts.auth.dkim = Some(vec![DkimSignature::new(domain, DkimResult::Pass)]);
    verdicts.auth.dmarc = Some(Dmarc::new(DmarcResult::Pass, None));
    verdicts
}

/// A core verdicts error about the argument `what`, whose verdicts are at
/// `path` in it ("" for the argument itself), with the field path in camelCase.
fn verdicts_error(what: &str, path: &str, error: &spamgauge::verdicts::VerdictsError) -> ApiError {
    match error {
        spamgauge::verdicts::VerdictsError::Invalid { field, message } => {
            let field = crate::convert::path_to_camel(field);
            let full = if path.is_empty() {
                field
            } else {
                format!("{path}.{field}")
            };
            ApiError::field(what, &full, message)
        }
        other => ApiError::field(what, path, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HAM: &[u8] = b"From: Alice <alice@example.com>\r\nTo: bob@example.org\r\n\
Subject: lunch\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: <1@example.com>\r\n\
\r\nSee you at noon.\r\n";

    fn scorer() -> Scorer {
        Scorer::new(Config::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn scores_a_message() {
        let report = scorer().score(HAM, &ScoreOptions::default(), None);
        assert!(report.is_ok_and(|r| !r.is_spam));
    }

    #[test]
    fn missing_date_fires_and_near_miss_does_not() {
        let scorer = scorer();
        let without = b"From: a@example.com\r\nSubject: x\r\n\r\nhi\r\n";
        let fired = scorer.score(without, &ScoreOptions::default(), None);
        assert!(fired.is_ok_and(|r| r.hits.iter().any(|h| h.name == "MISSING_DATE")));
        let clean = scorer.score(HAM, &ScoreOptions::default(), None);
        assert!(clean.is_ok_and(|r| r.hits.iter().all(|h| h.name != "MISSING_DATE")));
    }

    #[test]
    fn not_a_message_is_an_error() {
        let error = scorer().score(b"", &ScoreOptions::default(), None).err();
        assert_eq!(
            error.map(|e| e.to_string()),
            Some("invalid message: the message is empty".to_owned())
        );
    }

    #[test]
    fn follow_up_asks_what_follows_from_the_answers() {
        let scorer = scorer();
        let message = b"From: a@example.com\r\n\r\nsee http://shop.example.net/\r\n";
        let asks = |verdicts: &str, name: &str| {
            let verdicts = Verdicts::from_json(verdicts).unwrap_or_else(|e| panic!("{e}"));
            let questions = scorer.follow_up(message, &verdicts);
            let questions = questions.unwrap_or_else(|e| panic!("{e}"));
            questions.iter().any(|q| q.name == name)
        };
        assert!(!asks("{}", "ns1.host.example"));
        let answered =
            r#"{"dns": [{"name": "example.net", "type": "NS", "answer": ["ns1.host.example"]}]}"#;
        assert!(asks(answered, "ns1.host.example"));
        // As the JS boundary reads them: deserialised, not yet validated.
        let bad = r#"{"dns": [{"name": "ns1.host.example", "type": "A", "answer": ["nope"]}]}"#;
        let bad: Verdicts = serde_json::from_str(bad).unwrap_or_else(|e| panic!("{e}"));
        let error = scorer.follow_up(message, &bad).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("invalid verdicts: `dns[0].answer[0]`: \"nope\" is not an IPv4 address")
        );
    }

    #[test]
    fn template_fragment_leaves_header_tests_out() {
        let scorer = scorer();
        // The wrapper has a Date, but even a header test firing on it would be
        // excluded: MISSING_DATE is in the header family.
        let report =
            scorer.score_template(b"<p>Hello <b>there</b></p>", &TemplateOptions::default());
        let (report, info) = report.unwrap_or_else(|e| panic!("{e}"));
        assert!(report.hits.iter().all(|h| h.family != Family::Header));
        assert_eq!(report.score_set.index(), 1, "assumed verdicts: network set");
        assert_eq!(info.kind, TemplateKind::Html);
        assert!(info.excluded_families.contains(&Family::Header));
    }

    #[test]
    fn template_message_keeps_header_tests() {
        let scorer = scorer();
        let message = b"From: a@example.com\r\nSubject: x\r\n\r\nhi\r\n";
        let (report, _) = scorer
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
        let error = Scorer::new(Config::default().threshold(f64::NAN))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("invalid config: `threshold`: NaN is not a finite number")
        );
    }
}
