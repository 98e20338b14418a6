//! Flattens the verdict case table (`core/tests/cases/verdicts.json`) for the C
//! test `test_cases.c`, which has no JSON parser, and adds what the Rust API
//! gives for each case, so that C can check it gets identical results.
//!
//! `cargo run -p spamgauge-ffi --example case_table -- OUTPUT`
//!
//! Each case is twelve fields, each written as its length in decimal, a newline,
//! the bytes and a newline: name, config JSON ("{}" when none), message,
//! verdicts JSON ("" when none), "1" when the case is ready (the analysis facts
//! it `requires` exist) else "0", expected hits and absent tests (one per line),
//! expected action, expected reply ("" when none), expected reply prefix, the
//! report as JSON from the Rust API, and the questions still open given the
//! case's verdicts (`Engine::follow_up`) as JSON from the Rust API.

use std::io::Write;
use std::process::ExitCode;

use serde::Deserialize;
use spamgauge::verdicts::Verdicts;
use spamgauge::{Analysis, Config, Engine, Inputs};

#[derive(Deserialize)]
struct Table {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    message: String,
    #[serde(default)]
    config: Option<serde_json::Value>,
    #[serde(default)]
    verdicts: Option<serde_json::Value>,
    #[serde(default)]
    requires: Vec<String>,
    expect: Expect,
}

#[derive(Deserialize)]
struct Expect {
    #[serde(default)]
    hits: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    action: String,
    #[serde(default)]
    reply: Option<String>,
    #[serde(default)]
    reply_starts_with: Option<String>,
}

/// As core/tests/verdict_cases.rs: a case runs once the facts it needs exist.
fn ready(requires: &[String], analysis: &Analysis) -> Result<bool, String> {
    for need in requires {
        let present = match need.as_str() {
            "mime" => analysis.mime.nodes.iter().any(|n| n.filename.is_some()),
            "relays" => {
                !analysis.relays.untrusted.is_empty() || !analysis.relays.trusted.is_empty()
            }
            "addresses" => !analysis.addresses.from.is_empty(),
            "uris" => !analysis.uris.is_empty(),
            other => return Err(format!("unknown requirement {other}")),
        };
        if !present {
            return Ok(false);
        }
    }
    Ok(true)
}

fn field(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(format!("{}\n", bytes.len()).as_bytes());
    out.extend_from_slice(bytes);
    out.push(b'\n');
}

fn case_fields(case: &Case, out: &mut Vec<u8>) -> Result<(), String> {
    let config_json = case
        .config
        .as_ref()
        .map_or_else(|| "{}".to_owned(), ToString::to_string);
    let verdicts_json = case
        .verdicts
        .as_ref()
        .map_or_else(String::new, ToString::to_string);
    let engine = Engine::new(Config::from_json(&config_json).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let analysis = engine
        .analyze(case.message.as_bytes())
        .map_err(|e| e.to_string())?;
    let verdicts = if verdicts_json.is_empty() {
        None
    } else {
        Some(Verdicts::from_json(&verdicts_json).map_err(|e| e.to_string())?)
    };
    let inputs = match &verdicts {
        Some(verdicts) => Inputs::default().verdicts(verdicts),
        None => Inputs::default(),
    };
    let report = engine.score(&analysis, &inputs);
    let report_json = serde_json::to_vec(&report).map_err(|e| e.to_string())?;
    let follow_up = engine.follow_up(&analysis, verdicts.as_ref().unwrap_or(&Verdicts::default()));
    let follow_up_json = serde_json::to_vec(&follow_up).map_err(|e| e.to_string())?;
    let ready = ready(&case.requires, &analysis)?;
    field(out, case.name.as_bytes());
    field(out, config_json.as_bytes());
    field(out, case.message.as_bytes());
    field(out, verdicts_json.as_bytes());
    field(out, if ready { b"1" } else { b"0" });
    field(out, case.expect.hits.join("\n").as_bytes());
    field(out, case.expect.absent.join("\n").as_bytes());
    field(out, case.expect.action.as_bytes());
    field(out, case.expect.reply.as_deref().unwrap_or("").as_bytes());
    field(
        out,
        case.expect
            .reply_starts_with
            .as_deref()
            .unwrap_or("")
            .as_bytes(),
    );
    field(out, &report_json);
    field(out, &follow_up_json);
    Ok(())
}

fn main() -> ExitCode {
    let Some(output) = std::env::args_os().nth(1) else {
        eprintln!("usage: case_table OUTPUT");
        return ExitCode::from(2);
    };
    let table: Table =
        match serde_json::from_str(include_str!("../../core/tests/cases/verdicts.json")) {
            Ok(table) => table,
            Err(e) => {
                eprintln!("case_table: verdicts.json: {e}");
                return ExitCode::FAILURE;
            }
        };
    let mut out = Vec::new();
    for case in &table.cases {
        if let Err(e) = case_fields(case, &mut out) {
            eprintln!("case_table: {}: {e}", case.name);
            return ExitCode::FAILURE;
        }
    }
    let written = std::fs::File::create(&output).and_then(|mut file| file.write_all(&out));
    match written {
        Ok(()) => {
            println!("case_table: {} cases", table.cases.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("case_table: {}: {e}", output.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}
