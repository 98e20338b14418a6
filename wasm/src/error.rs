//! Errors at the JS boundary: every caller mistake becomes a JS `Error` whose
//! message names the offending argument or field.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::convert::{keys_to_snake, message_to_camel, path_to_camel};
use wasm_bindgen::{JsCast, JsValue};

/// A caller mistake, kept as plain Rust data until it crosses the boundary
/// (so that the conversion logic is unit-testable on the host).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    message: String,
}

impl ApiError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// An error about `field` of the argument `what`, e.g.
    /// "invalid config: `limits.maxParts`: must be at least 1".
    pub fn field(what: &str, field: &str, problem: impl fmt::Display) -> Self {
        if field.is_empty() || field == "." {
            Self::new(format!("invalid {what}: {problem}"))
        } else {
            Self::new(format!("invalid {what}: `{field}`: {problem}"))
        }
    }

    /// The message.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// The one place that turns a Rust error into a JS value: a plain `Error`
/// (so `instanceof Error` holds and `message` is set).
impl From<ApiError> for JsValue {
    fn from(error: ApiError) -> Self {
        js_sys::Error::new(&error.message).into()
    }
}

/// Reads `value` (a JS object) into `T`, strictly: unknown fields, wrong types,
/// out-of-range and non-finite numbers are errors naming the field path.
/// `undefined` and `null` mean "all defaults".
///
/// Values cross as JSON text, read by `serde_json` (already linked in by the
/// core). `serde-wasm-bindgen` was tried first and dropped: for a struct it
/// reads only the declared keys, so `#[serde(deny_unknown_fields)]` never sees
/// a misspelt field. What `JSON.stringify` would silently change (NaN and
/// Infinity become `null`, functions vanish, a `Date` becomes a string) is
/// rejected first by `check_plain`.
pub fn from_js<T: DeserializeOwned + Default>(what: &str, value: &JsValue) -> Result<T, ApiError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    check_plain(what, value, &mut String::new(), 0)?;
    let json = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|json| json.as_string())
        .ok_or_else(|| ApiError::field(what, "", "cannot be read as JSON"))?;
    from_json_text(what, &json)
}

/// The host-testable half of [`from_js`]: JSON text with camelCase keys into
/// the core's snake_case `T`.
pub fn from_json_text<T: DeserializeOwned>(what: &str, json: &str) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|error| ApiError::field(what, "", strip_position(&error.to_string())))?;
    let value = keys_to_snake(what, value, "")?;
    from_deserializer(what, value)
}

/// How deep `check_plain` walks (our inputs are three levels deep at most);
/// also stops on circular values.
const MAX_DEPTH: usize = 16;

/// Rejects what JSON cannot carry faithfully, naming the path.
fn check_plain(
    what: &str,
    value: &JsValue,
    path: &mut String,
    depth: usize,
) -> Result<(), ApiError> {
    let fail = |path: &str, problem: &str| Err(ApiError::field(what, path, problem));
    if depth > MAX_DEPTH {
        return fail(path, "nested too deeply (or circular)");
    }
    if let Some(number) = value.as_f64() {
        return if number.is_finite() {
            Ok(())
        } else {
            let shown = match number {
                n if n.is_nan() => "NaN",
                n if n > 0.0 => "Infinity",
                _ => "-Infinity",
            };
            fail(path, &format!("{shown} is not a finite number"))
        };
    }
    if value.is_string() || value.as_bool().is_some() || value.is_null() || value.is_undefined() {
        return Ok(());
    }
    if js_sys::Array::is_array(value) {
        let array: &js_sys::Array = value.unchecked_ref();
        for (index, item) in array.iter().enumerate() {
            let len = path.len();
            path.push_str(&format!("[{index}]"));
            check_plain(what, &item, path, depth + 1)?;
            path.truncate(len);
        }
        return Ok(());
    }
    if !value.is_object() {
        let kind = value.js_typeof().as_string().unwrap_or_default();
        return fail(path, &format!("invalid type: {kind}"));
    }
    let prototype = js_sys::Object::get_prototype_of(value);
    if !(prototype.is_null()
        || prototype == js_sys::Object::get_prototype_of(&js_sys::Object::new()))
    {
        return fail(path, "invalid type: expected a plain object");
    }
    let object: &js_sys::Object = value.unchecked_ref();
    for entry in js_sys::Object::entries(object).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&key);
        check_plain(what, &pair.get(1), path, depth + 1)?;
        path.truncate(len);
    }
    Ok(())
}

/// The host twin of [`from_js`], over any serde deserializer (unit tests use
/// `serde_json`).
pub fn from_deserializer<'de, T, D>(what: &str, deserializer: D) -> Result<T, ApiError>
where
    T: DeserializeOwned,
    D: serde::Deserializer<'de>,
    D::Error: fmt::Display,
{
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let problem = message_to_camel(&strip_position(&error.inner().to_string()));
        ApiError::field(what, &path_to_camel(&error.path().to_string()), problem)
    })
}

/// serde_json ends its messages with "at line 1 column 42": a position in our
/// own JSON text, meaningless to the caller.
fn strip_position(message: &str) -> String {
    message
        .rsplit_once(" at line ")
        .map_or(message, |(message, _)| message)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_name_the_path() {
        let error = ApiError::field("config", "limits.maxParts", "must be at least 1");
        assert_eq!(
            error.message(),
            "invalid config: `limits.maxParts`: must be at least 1"
        );
    }

    #[test]
    fn root_errors_have_no_path() {
        let error = ApiError::field("config", ".", "expected an object");
        assert_eq!(error.message(), "invalid config: expected an object");
    }
}
