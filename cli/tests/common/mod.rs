//! Helpers shared by the end-to-end tests of the `spamgauge` binary.
#![allow(dead_code)] // Each test binary uses a different subset.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub const NOW: &str = "2026-11-23T10:00:00Z";

/// A message every engine flags: it has no Date: field.
pub const NO_DATE: &[u8] = b"From: a@example.com\nTo: b@example.org\nSubject: hi\n\nHello\n";

/// A message with the usual fields.
pub const WITH_DATE: &[u8] = b"From: a@example.com\nTo: b@example.org\nSubject: hi\n\
Date: Mon, 23 Nov 2026 09:00:00 +0000\nMessage-ID: <1@example.com>\n\nHello\n";

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples")
}

/// A fresh directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

pub fn spamgauge(args: &[&str]) -> Output {
    spamgauge_with_stdin(args, b"")
}

pub fn spamgauge_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spamgauge"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run spamgauge");
    // The child may exit without reading its input (a usage error): a closed
    // pipe is then expected, and what it printed is what the test checks.
    let _ = child.stdin.take().expect("stdin").write_all(stdin);
    child.wait_with_output().expect("wait for spamgauge")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 errors")
}

pub fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

pub fn test_names(message: &Value) -> Vec<String> {
    message["tests"]
        .as_array()
        .expect("tests array")
        .iter()
        .map(|test| test["name"].as_str().expect("name").to_owned())
        .collect()
}

/// The names in a directory, sorted.
pub fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list directory")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Asserts that `text` contains each of `parts`, showing `text` when not.
#[track_caller]
pub fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} not in:\n{text}");
    }
}
