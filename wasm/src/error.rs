//! Errors at the JS boundary: every caller mistake becomes a JS `Error` whose
//! message names the offending argument or field.

use std::fmt;

use serde::de::DeserializeOwned;

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
impl From<ApiError> for wasm_bindgen::JsValue {
    fn from(error: ApiError) -> Self {
        js_sys::Error::new(&error.message).into()
    }
}

/// Reads `value` (a JS object) into `T`, strictly: unknown fields, wrong types
/// and out-of-range numbers are errors naming the field path. `undefined` and
/// `null` mean "all defaults".
pub fn from_js<T: DeserializeOwned + Default>(
    what: &str,
    value: wasm_bindgen::JsValue,
) -> Result<T, ApiError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let deserializer = serde_wasm_bindgen::Deserializer::from(value);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|error| ApiError::field(what, &error.path().to_string(), error.inner()))
}

/// The host twin of [`from_js`], over any serde deserializer (unit tests use
/// `serde_json`).
pub fn from_deserializer<'de, T, D>(what: &str, deserializer: D) -> Result<T, ApiError>
where
    T: DeserializeOwned,
    D: serde::Deserializer<'de>,
    D::Error: fmt::Display,
{
    serde_path_to_error::deserialize(deserializer)
        .map_err(|error| ApiError::field(what, &error.path().to_string(), error.inner()))
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
