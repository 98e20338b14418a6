//! Replays a case table (`core/tests/cases/verdicts.json`) natively and prints,
//! for each case, the report, the DNS questions and those still open given the
//! case's verdicts, exactly as the npm package returns them (same conversion
//! code, compiled for the host). The Node tests compare the WebAssembly results
//! with this output, field for field.
//!
//! ```text
//! cargo run -p spamgauge-wasm --example native_reports -- core/tests/cases/verdicts.json
//! ```

use std::process::ExitCode;

use serde_json::{Value, json};
use spamgauge::verdicts::Verdicts;
use spamgauge::{Analysis, Config, Engine, Inputs};
use spamgauge_wasm::types::{output, report_output};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: native_reports CASES.json");
        return ExitCode::FAILURE;
    };
    match run(&path) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("native_reports: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let cases = table
        .get("cases")
        .and_then(Value::as_array)
        .ok_or("no `cases` array")?;
    let mut out = Vec::new();
    for case in cases {
        let name = case.get("name").and_then(Value::as_str).unwrap_or_default();
        let message = case
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let config = match case.get("config") {
            Some(config) => Config::from_json(&config.to_string())?,
            None => Config::default(),
        };
        let engine = Engine::new(config)?;
        let analysis = engine.analyze(message.as_bytes())?;
        let verdicts = case
            .get("verdicts")
            .filter(|v| !v.is_null())
            .map(|v| Verdicts::from_json(&v.to_string()))
            .transpose()?;
        let mut inputs = Inputs::default();
        if let Some(verdicts) = &verdicts {
            inputs = inputs.verdicts(verdicts);
        }
        let report = engine.score(&analysis, &inputs);
        let envelope = verdicts
            .as_ref()
            .and_then(|v| v.envelope.clone())
            .unwrap_or_default();
        let follow_up =
            engine.follow_up(&analysis, verdicts.as_ref().unwrap_or(&Verdicts::default()));
        let requires: Vec<&str> = case
            .get("requires")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        out.push(json!({
            "name": name,
            "ready": ready(&requires, &analysis),
            "report": report_output(&report, None)?,
            "lookups": output(&engine.lookups(&analysis, &envelope))?,
            "followUp": output(&follow_up)?,
        }));
    }
    Ok(Value::Array(out))
}

/// Whether the facts a case needs from other modules are extracted yet (as
/// `core/tests/verdict_cases.rs` decides).
fn ready(requires: &[&str], analysis: &Analysis) -> bool {
    requires.iter().all(|need| match *need {
        "mime" => analysis.mime.nodes.iter().any(|n| n.filename.is_some()),
        "relays" => !analysis.relays.untrusted.is_empty() || !analysis.relays.trusted.is_empty(),
        "addresses" => !analysis.addresses.from.is_empty(),
        "uris" => !analysis.uris.is_empty(),
        _ => false,
    })
}
