//! camelCase for JS, snake_case for the core.
//!
//! The core's serde types (config, verdicts, report, lookups) use snake_case
//! field names, as its JSON files and the CLI do. Rather than mirror every one
//! of them here (and drift when the core grows), JS values are converted at the
//! boundary: object keys camelCase → snake_case on the way in, snake_case →
//! camelCase on the way out, and field paths in error messages back to the
//! caller's camelCase.
//!
//! Data-keyed maps keep their keys: the only one in the inputs is
//! `EngineConfig.scores` (test names such as `MISSING_DATE`); the outputs have
//! none. A key with an underscore is refused on the way in, so the snake_case
//! spelling of a field is an unknown field in JS, as it should be.

use serde_json::{Map, Value};

use crate::error::ApiError;

/// Fields whose value is a map keyed by data, whose keys are kept.
const DATA_MAPS: [&str; 1] = ["scores"];

/// `snake_case` → `camelCase`.
#[must_use]
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

/// `camelCase` → `snake_case`.
#[must_use]
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Rewrites the keys of a JS input for the core; `path` names the value in
/// errors (camelCase, as the caller wrote it).
pub fn keys_to_snake(what: &str, value: Value, path: &str) -> Result<Value, ApiError> {
    match value {
        Value::Object(map) => {
            let data_map = DATA_MAPS.contains(&path);
            let mut out = Map::with_capacity(map.len());
            for (key, item) in map {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let new_key = if data_map {
                    key
                } else if key.contains('_') {
                    return Err(ApiError::field(
                        what,
                        &child,
                        format!(
                            "unknown field `{key}` (did you mean `{}`?)",
                            camel_case(&key)
                        ),
                    ));
                } else {
                    snake_case(&key)
                };
                let item = keys_to_snake(what, item, if data_map { "" } else { &child })?;
                out.insert(new_key, item);
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| keys_to_snake(what, item, &format!("{path}[{i}]")))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other),
    }
}

/// Rewrites the keys of a core output for JS, and turns `-0` into `0`.
#[must_use]
pub fn keys_to_camel(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, item)| (camel_case(&key), keys_to_camel(item)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(keys_to_camel).collect()),
        Value::Number(n) if n.as_f64() == Some(0.0) && n.is_f64() => Value::from(0),
        other => other,
    }
}

/// A core field path (`dns_lists[2].zone`, `scores.MISSING_DATE`) in the
/// caller's camelCase (`dnsLists[2].zone`, `scores.MISSING_DATE`).
#[must_use]
pub fn path_to_camel(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut previous = "";
    for (i, segment) in path.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        let (name, rest) = segment
            .find('[')
            .map_or((segment, ""), |at| segment.split_at(at));
        if DATA_MAPS.contains(&previous) {
            out.push_str(name);
        } else {
            out.push_str(&camel_case(name));
        }
        out.push_str(rest);
        previous = name;
    }
    out
}

/// A serde message in the caller's camelCase: the field names quoted in
/// "unknown field `x`, expected one of `a`, `b`" and "missing field `x`".
/// Other messages are left alone (variant names are values, not fields).
#[must_use]
pub fn message_to_camel(message: &str) -> String {
    if !(message.starts_with("unknown field") || message.starts_with("missing field")) {
        return message.to_owned();
    }
    let mut out = String::with_capacity(message.len());
    for (i, piece) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(&camel_case(piece));
        } else {
            out.push_str(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn names_convert_both_ways() {
        assert_eq!(camel_case("max_message_bytes"), "maxMessageBytes");
        assert_eq!(snake_case("maxMessageBytes"), "max_message_bytes");
        assert_eq!(snake_case("type"), "type");
        assert_eq!(camel_case("x"), "x");
    }

    #[test]
    fn input_keys_become_snake_except_data_maps() {
        let value = json!({"dnsLists": [{"fullHost": true}], "scores": {"MISSING_DATE": 1},
            "limits": {"maxParts": 3}});
        let converted = keys_to_snake("config", value, "").ok();
        assert_eq!(
            converted,
            Some(
                json!({"dns_lists": [{"full_host": true}], "scores": {"MISSING_DATE": 1},
                "limits": {"max_parts": 3}})
            )
        );
    }

    #[test]
    fn snake_case_input_keys_are_unknown_fields() {
        let error = keys_to_snake("verdicts", json!({"envelope": {"client_ip": "x"}}), "")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "invalid verdicts: `envelope.client_ip`: unknown field `client_ip` (did you mean `clientIp`?)"
            )
        );
    }

    #[test]
    fn output_keys_become_camel_and_negative_zero_goes() {
        let value = json!({"raw_score": -0.0, "smtp_reply": null, "hits": [{"is_x": 1.5}]});
        let converted = keys_to_camel(value);
        assert_eq!(
            converted,
            json!({"rawScore": 0, "smtpReply": null, "hits": [{"isX": 1.5}]})
        );
        assert_eq!(
            converted.to_string(),
            r#"{"hits":[{"isX":1.5}],"rawScore":0,"smtpReply":null}"#
        );
    }

    #[test]
    fn paths_and_messages_speak_camel_case() {
        assert_eq!(
            path_to_camel("dns_lists[2].full_host"),
            "dnsLists[2].fullHost"
        );
        assert_eq!(path_to_camel("scores.MISSING_DATE"), "scores.MISSING_DATE");
        assert_eq!(
            message_to_camel("unknown field `helo_name`, expected one of `client_ip`, `helo`"),
            "unknown field `heloName`, expected one of `clientIp`, `helo`"
        );
        // Near miss: variant names are values and stay as written.
        assert_eq!(
            message_to_camel("unknown variant `sender_domain`, expected `x`"),
            "unknown variant `sender_domain`, expected `x`"
        );
    }
}
