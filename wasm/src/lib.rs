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

use crate::engine::Scorer;
use crate::error::{ApiError, from_js};
use crate::types::{EngineConfig, ScoreOptions, TemplateOptions, parse_lang};

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
    let json = serde_json::to_string(value)
        .map_err(|error| ApiError::new(format!("cannot convert the result: {error}")))?;
    js_sys::JSON::parse(&json)
        .map_err(|_| ApiError::new("cannot convert the result: JSON.parse failed"))
}

thread_local! {
    /// The engine behind the free functions, built on first use.
    static DEFAULT: OnceCell<Result<Scorer, ApiError>> = const { OnceCell::new() };
}

fn with_default<T>(f: impl FnOnce(&Scorer) -> Result<T, ApiError>) -> Result<T, ApiError> {
    panic::check_poisoned()?;
    DEFAULT.with(
        |cell| match cell.get_or_init(|| Scorer::new(&EngineConfig::default())) {
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
        let config: EngineConfig = from_js("config", &config.unwrap_or(JsValue::UNDEFINED))?;
        Ok(Self {
            scorer: Scorer::new(&config)?,
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

    /// Scores one message (a string or raw bytes).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, ApiError> {
        panic::check_poisoned()?;
        score_with(&self.scorer, &message, options)
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
) -> Result<JsValue, ApiError> {
    let bytes = message_bytes("message", message)?;
    let options: ScoreOptions = from_js("options", &options.unwrap_or(JsValue::UNDEFINED))?;
    to_js(&scorer.score(&bytes, &options)?)
}

fn score_template_with(
    scorer: &Scorer,
    template: &JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, ApiError> {
    let bytes = message_bytes("template", template)?;
    let options: TemplateOptions = from_js("options", &options.unwrap_or(JsValue::UNDEFINED))?;
    to_js(&scorer.score_template(&bytes, &options)?)
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
    with_default(|scorer| score_with(scorer, &message, options))
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
