//! # spamgauge-wasm — the spamgauge engine for JavaScript
//!
//! The npm package `spamgauge`: the pure, I/O-free engine compiled to
//! WebAssembly with `wasm-bindgen`, for Node and browsers alike (one ES module
//! build, see `wasm/README.md`).
//!
//! ## Key types
//!
//! * [`JsEngine`] (`Engine` in JS) — built once from an `EngineConfig`, reused
//!   for every message: `score`, `scoreTemplate`, `explain`, `tests`.
//! * Free functions `score`, `scoreTemplate`, `explain`, `tests` use a default
//!   engine built on first use.
//! * Values cross the boundary as serde structs (`types`), converted with
//!   JSON text (see `error::from_js` for why) and mirrored by the TypeScript interfaces of
//!   `typescript.rs`; unknown fields and bad values throw an `Error` naming the
//!   field.
//! * Panics become `Error`s (`panic`), never opaque traps.
//!
//! The logic lives in plain Rust ([`engine::Scorer`], [`template`], [`types`])
//! and is unit-tested on the host; this file only converts JS values.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod convert;
pub mod engine;
pub mod error;
pub mod panic;
pub mod template;
pub mod types;
mod typescript;

use std::cell::OnceCell;

use js_sys::{Array, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use spamgauge::learning::bayes::{self, Class};
use spamgauge::verdicts::{Envelope, Verdicts};
use spamgauge::{Config, Timestamp};

use crate::engine::Scorer;
use crate::error::{ApiError, from_js};
use crate::types::{Now, ScoreOptions, TemplateOptions, output, parse_lang, report_output};

/// Runs when the module is instantiated: installs the panic hook.
#[wasm_bindgen(start, skip_typescript)]
pub fn start() {
    panic::install_hook();
}

/// Reads a message argument: a string (encoded as UTF-8) or a `Uint8Array`
/// (raw bytes, e.g. a Node `Buffer`).
fn message_bytes(what: &str, value: &JsValue) -> Result<Vec<u8>, ApiError> {
    if let Some(text) = value.as_string() {
        Ok(text.into_bytes())
    } else if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        Ok(bytes.to_vec())
    } else {
        Err(ApiError::new(format!(
            "invalid {what}: expected a string or a Uint8Array, got {}",
            js_type(value)
        )))
    }
}

/// A short name of a JS value's type, for error messages.
fn js_type(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if Array::is_array(value) {
        "an array".to_owned()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// Converts an output struct into a plain JS object, through JSON text (one
/// `JSON.parse` call is cheaper than building the object field by field
/// across the boundary; absent values are `null`).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, ApiError> {
    let json = serde_json::to_string(&output(value)?)
        .map_err(|error| ApiError::new(format!("cannot convert the result: {error}")))?;
    js_sys::JSON::parse(&json)
        .map_err(|_| ApiError::new("cannot convert the result: JSON.parse failed"))
}

thread_local! {
    /// The engine behind the free functions, built on first use.
    static DEFAULT: OnceCell<Result<Scorer, ApiError>> = const { OnceCell::new() };
}

fn json_to_js(value: &serde_json::Value) -> Result<JsValue, ApiError> {
    js_sys::JSON::parse(&value.to_string())
        .map_err(|_| ApiError::new("cannot convert the result: JSON.parse failed"))
}

fn with_default<T>(f: impl FnOnce(&Scorer) -> Result<T, ApiError>) -> Result<T, ApiError> {
    panic::check_poisoned()?;
    DEFAULT.with(
        |cell| match cell.get_or_init(|| Scorer::new(Config::default())) {
            Ok(scorer) => f(scorer),
            Err(error) => Err(error.clone()),
        },
    )
}

/// A compiled engine: build it once, score many messages.
#[wasm_bindgen(js_name = Engine)]
#[derive(Debug)]
pub struct JsEngine {
    scorer: Scorer,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Builds an engine. Throws an `Error` naming the field on any unknown
    /// field or bad value.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "EngineConfig")] config: Option<JsValue>,
    ) -> Result<JsEngine, ApiError> {
        panic::check_poisoned()?;
        let config: Config = from_js("config", &config.unwrap_or(JsValue::UNDEFINED))?;
        Ok(Self {
            scorer: Scorer::new(config)?,
        })
    }

    /// The decision threshold.
    #[wasm_bindgen(getter)]
    pub fn threshold(&self) -> f64 {
        self.scorer.engine().threshold()
    }

    /// `"inbound"` or `"outbound"`.
    #[wasm_bindgen(getter, unchecked_return_type = "Profile")]
    pub fn profile(&self) -> String {
        match self.scorer.engine().profile() {
            spamgauge::Profile::Outbound => "outbound".to_owned(),
            _ => "inbound".to_owned(),
        }
    }

    /// Scores one message (a string or raw bytes), with optional verdicts,
    /// time and AWL entry, and an optional Bayes database.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, ApiError> {
        panic::check_poisoned()?;
        score_with(&self.scorer, &message, options, None)
    }

    /// Like `score`, with a Bayes database: once it has learned enough spam
    /// and ham (`bayes.isUsable`), the BAYES_ tests run and the Bayes score
    /// sets (2 and 3) apply.
    #[wasm_bindgen(js_name = scoreWithBayes, unchecked_return_type = "Report")]
    pub fn score_with_bayes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
        bayes: &JsBayesDb,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, ApiError> {
        panic::check_poisoned()?;
        score_with(&self.scorer, &message, options, Some(bayes))
    }

    /// The DNS questions that matter for this message: resolve them and pass
    /// the answers in `verdicts.dns` to `score`.
    #[wasm_bindgen(unchecked_return_type = "Question[]")]
    pub fn lookups(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Envelope")] envelope: Option<JsValue>,
    ) -> Result<JsValue, ApiError> {
        panic::check_poisoned()?;
        lookups_with(&self.scorer, &message, envelope)
    }

    /// The questions still open given the verdicts so far: those of `lookups`
    /// and those that follow from the answers in `verdicts.dns` (a URI
    /// domain's name servers, then their addresses, then Spamhaus ZEN), less
    /// those answered. Add the answers and call again until it returns `[]`;
    /// then `score`.
    #[wasm_bindgen(js_name = followUp, unchecked_return_type = "Question[]")]
    pub fn follow_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Verdicts")] verdicts: Option<JsValue>,
    ) -> Result<JsValue, ApiError> {
        panic::check_poisoned()?;
        follow_up_with(&self.scorer, &message, verdicts)
    }

    /// Scores a template — an HTML or text fragment, or a complete message —
    /// for what its content causes, as if SPF, DKIM and DMARC passed.
    #[wasm_bindgen(js_name = scoreTemplate, unchecked_return_type = "Report")]
    pub fn score_template(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] template: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TemplateOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, ApiError> {
        panic::check_poisoned()?;
        score_template_with(&self.scorer, &template, options)
    }

    /// One test's description, explanation and fix, in `lang` (default `"en"`).
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] test: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Lang")] lang: Option<JsValue>,
    ) -> Result<JsValue, ApiError> {
        panic::check_poisoned()?;
        explain_with(&self.scorer, &test, lang)
    }

    /// Every test this engine runs, in evaluation order.
    #[wasm_bindgen(unchecked_return_type = "TestInfo[]")]
    pub fn tests(&self) -> Result<JsValue, ApiError> {
        panic::check_poisoned()?;
        to_js(&self.scorer.tests())
    }
}

fn score_with(
    scorer: &Scorer,
    message: &JsValue,
    options: Option<JsValue>,
    bayes: Option<&JsBayesDb>,
) -> Result<JsValue, ApiError> {
    let bytes = message_bytes("message", message)?;
    let options: ScoreOptions = from_js("options", &options.unwrap_or(JsValue::UNDEFINED))?;
    let report = scorer.score(&bytes, &options, bayes.map(|db| &db.db))?;
    json_to_js(&report_output(&report, None)?)
}

fn lookups_with(
    scorer: &Scorer,
    message: &JsValue,
    envelope: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    let bytes = message_bytes("message", message)?;
    let envelope: Envelope = from_js("envelope", &envelope.unwrap_or(JsValue::UNDEFINED))?;
    to_js(&scorer.lookups(&bytes, &envelope)?)
}

fn follow_up_with(
    scorer: &Scorer,
    message: &JsValue,
    verdicts: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    let bytes = message_bytes("message", message)?;
    let verdicts: Verdicts = from_js("verdicts", &verdicts.unwrap_or(JsValue::UNDEFINED))?;
    to_js(&scorer.follow_up(&bytes, &verdicts)?)
}

fn score_template_with(
    scorer: &Scorer,
    template: &JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    let bytes = message_bytes("template", template)?;
    let options: TemplateOptions = from_js("options", &options.unwrap_or(JsValue::UNDEFINED))?;
    let (report, info) = scorer.score_template(&bytes, &options)?;
    json_to_js(&report_output(&report, Some(&info))?)
}

fn explain_with(
    scorer: &Scorer,
    test: &JsValue,
    lang: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    let test = test.as_string().ok_or_else(|| {
        ApiError::new(format!(
            "invalid test: expected a test name (a string), got {}",
            js_type(test)
        ))
    })?;
    let lang = match lang {
        None => None,
        Some(value) if value.is_undefined() || value.is_null() => None,
        Some(value) => Some(value.as_string().ok_or_else(|| {
            ApiError::new(format!(
                "invalid lang: expected \"en\" or \"fr\", got {}",
                js_type(&value)
            ))
        })?),
    };
    let lang = parse_lang(lang.as_deref())?;
    to_js(&scorer.explain(&test, lang)?)
}

/// Scores one message with the default engine.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn score(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    with_default(|scorer| score_with(scorer, &message, options, None))
}

/// The DNS questions to resolve for a message, with the default engine.
#[wasm_bindgen(unchecked_return_type = "Question[]")]
pub fn lookups(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Envelope")] envelope: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    with_default(|scorer| lookups_with(scorer, &message, envelope))
}

/// The questions still open given the verdicts so far, with the default
/// engine (see `Engine.followUp`).
#[wasm_bindgen(js_name = followUp, unchecked_return_type = "Question[]")]
pub fn follow_up(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Verdicts")] verdicts: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    with_default(|scorer| follow_up_with(scorer, &message, verdicts))
}

/// Scores a template with the default engine (see `Engine.scoreTemplate`).
#[wasm_bindgen(js_name = scoreTemplate, unchecked_return_type = "Report")]
pub fn score_template(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] template: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TemplateOptions")] options: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    with_default(|scorer| score_template_with(scorer, &template, options))
}

/// One test's texts in `lang` (default `"en"`), from the default engine.
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(
    #[wasm_bindgen(unchecked_param_type = "string")] test: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Lang")] lang: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    with_default(|scorer| explain_with(scorer, &test, lang))
}

/// Every built-in test, in evaluation order.
#[wasm_bindgen(unchecked_return_type = "TestInfo[]")]
pub fn tests() -> Result<JsValue, ApiError> {
    with_default(|scorer| to_js(&scorer.tests()))
}

/// The package version (the crate's).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Panics on purpose: the boundary test checks that this reaches JS as an
/// `Error` and poisons the module. Not part of the public API.
#[wasm_bindgen(js_name = __panicForTests, skip_typescript)]
pub fn panic_for_tests() -> Result<(), ApiError> {
    panic::panic_for_tests()
}

/// A Bayes token database: load it from bytes, learn from messages, pass it to
/// `score`, save it back to bytes.
#[wasm_bindgen(js_name = BayesDb)]
#[derive(Debug, Default)]
pub struct JsBayesDb {
    db: bayes::BayesDb,
}

#[wasm_bindgen(js_class = BayesDb)]
impl JsBayesDb {
    /// An empty database.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<JsBayesDb, ApiError> {
        panic::check_poisoned()?;
        Ok(Self::default())
    }

    /// Reads a database saved by `save()`; a truncated or foreign input is an
    /// `Error`.
    pub fn load(bytes: &[u8]) -> Result<JsBayesDb, ApiError> {
        panic::check_poisoned()?;
        bayes::BayesDb::from_bytes(bytes)
            .map(|db| Self { db })
            .map_err(|error| ApiError::field("Bayes database", "", error))
    }

    /// The database as bytes, to store.
    pub fn save(&self) -> Result<Vec<u8>, ApiError> {
        panic::check_poisoned()?;
        Ok(self.db.to_bytes())
    }

    /// Learns a message as `"spam"` or `"ham"`; `now` (seconds or RFC 3339)
    /// stamps its tokens. Returns what happened: `"learned"`, `"relearned"`,
    /// `"already_learned"` or `"no_tokens"`.
    #[wasm_bindgen(unchecked_return_type = "LearnOutcome")]
    pub fn learn(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
        #[wasm_bindgen(unchecked_param_type = "\"spam\" | \"ham\"")] class: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | string")] now: Option<JsValue>,
    ) -> Result<JsValue, ApiError> {
        panic::check_poisoned()?;
        let class = match class.as_string().as_deref() {
            Some("spam") => Class::Spam,
            Some("ham") => Class::Ham,
            _ => {
                return Err(ApiError::new(format!(
                    "invalid class: expected \"spam\" or \"ham\", got {}",
                    describe(&class)
                )));
            }
        };
        let now = match now {
            Some(value) if !(value.is_undefined() || value.is_null()) => {
                let now: Now = from_js_now(&value)?;
                now.timestamp("now", "")?
            }
            _ => Timestamp::from_unix(0),
        };
        let bytes = message_bytes("message", &message)?;
        with_default(|scorer| {
            let analysis = scorer.analyze(&bytes)?;
            let tokens = bayes::Tokenizer::default().tokens(&analysis);
            to_js(&self.db.learn(&tokens, class, now))
        })
    }

    /// Messages learned as spam.
    #[wasm_bindgen(getter)]
    pub fn nspam(&self) -> u32 {
        self.db.nspam()
    }

    /// Messages learned as ham.
    #[wasm_bindgen(getter)]
    pub fn nham(&self) -> u32 {
        self.db.nham()
    }

    /// Distinct tokens stored.
    #[wasm_bindgen(getter)]
    pub fn tokens(&self) -> usize {
        self.db.len()
    }

    /// Whether enough spam and ham were learned for the BAYES_ tests to run
    /// (SpamAssassin: 200 of each by default).
    #[wasm_bindgen(getter, js_name = isUsable)]
    pub fn is_usable(&self) -> bool {
        self.db.is_usable()
    }
}

/// A value for error messages: a string quoted, else its type.
fn describe(value: &JsValue) -> String {
    value
        .as_string()
        .map_or_else(|| js_type(value), |text| format!("{text:?}"))
}

fn from_js_now(value: &JsValue) -> Result<Now, ApiError> {
    if let Some(seconds) = value.as_f64() {
        if seconds.fract() == 0.0 && seconds.abs() < 9.0e15 {
            // Exact: |seconds| < 2^53.
            #[allow(
                clippy::cast_possible_truncation,
                reason = "checked integral and in range"
            )]
            return Ok(Now::Seconds(seconds as i64));
        }
        return Err(ApiError::new(format!(
            "invalid now: {seconds} is not a whole number of seconds"
        )));
    }
    value.as_string().map(Now::Text).ok_or_else(|| {
        ApiError::new(format!(
            "invalid now: expected seconds since the epoch or RFC 3339 text, got {}",
            js_type(value)
        ))
    })
}
