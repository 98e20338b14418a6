//! End-to-end tests of the `spamgauge` binary.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;
use spamgauge::{Config, Engine};

#[test]
fn json_output_has_one_object_per_message_with_the_documented_fields() {
    let dir = samples();
    let output = spamgauge(&["score", "--json", "--now", NOW, dir.to_str().expect("path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let messages = json_lines(&output);
    let names: Vec<String> = messages
        .iter()
        .map(|m| {
            let path = m["path"].as_str().expect("path");
            Path::new(path)
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        ["ham-plain.eml", "malformed.eml", "spam-html-image.eml"]
    );
    for message in &messages {
        assert!(message["score"].is_f64(), "{message}");
        assert_eq!(message["threshold"], 5.0);
        assert!(message["is_spam"].is_boolean());
        assert_eq!(message["profile"], "inbound");
        assert_eq!(message["score_set"], 0);
        assert!(message["limits_hit"].is_array());
        assert!(
            message["x_spam_status"]
                .as_str()
                .expect("status")
                .contains("tests=")
        );
        for test in message["tests"].as_array().expect("tests") {
            assert!(test["name"].is_string(), "{test}");
            assert!(test["score"].is_f64(), "{test}");
            assert!(test["description"].is_string(), "{test}");
        }
        let names = test_names(message);
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "tests are sorted by name");
        let total: f64 = message["tests"]
            .as_array()
            .expect("tests")
            .iter()
            .map(|test| test["score"].as_f64().expect("score"))
            .sum();
        let score = message["score"].as_f64().expect("score");
        // The total is rounded to three decimals, as SpamAssassin does.
        assert!((total - score).abs() <= 0.0005 + 1e-9, "{message}");
    }
}

#[test]
fn json_descriptions_follow_the_language() {
    let engine = Engine::new(Config::default()).expect("engine");
    let rule = engine
        .rule("MISSING_DATE")
        .expect("MISSING_DATE is built in");
    for (lang, expected) in [
        ("en", &rule.text.description.en),
        ("fr", &rule.text.description.fr),
    ] {
        let output = spamgauge_with_stdin(
            &["score", "--json", "--lang", lang, "--now", NOW, "-"],
            NO_DATE,
        );
        let messages = json_lines(&output);
        let test = messages[0]["tests"]
            .as_array()
            .expect("tests")
            .iter()
            .find(|test| test["name"] == "MISSING_DATE")
            .expect("MISSING_DATE fired")
            .clone();
        assert_eq!(test["description"].as_str(), Some(expected.as_str()));
    }
}

#[test]
fn stdin_is_read_for_a_dash() {
    let output = spamgauge_with_stdin(&["score", "--json", "--now", NOW, "-"], NO_DATE);
    assert!(output.status.success(), "{}", stderr(&output));
    let messages = json_lines(&output);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["path"], "-");
    assert!(test_names(&messages[0]).contains(&"MISSING_DATE".to_owned()));

    let output = spamgauge_with_stdin(&["score", "--json", "--now", NOW, "-"], WITH_DATE);
    assert!(!test_names(&json_lines(&output)[0]).contains(&"MISSING_DATE".to_owned()));
}

#[test]
fn directories_are_walked_recursively_in_name_order_skipping_hidden_files() {
    let dir = scratch("walk");
    fs::create_dir_all(dir.join("b/inner")).expect("mkdir");
    fs::create_dir_all(dir.join("a")).expect("mkdir");
    fs::create_dir_all(dir.join(".git")).expect("mkdir");
    for file in [
        "b/inner/3.eml",
        "b/2.eml",
        "a/1.eml",
        "c.eml",
        ".hidden.eml",
        ".git/x",
    ] {
        fs::write(dir.join(file), WITH_DATE).expect("write");
    }
    let output = spamgauge(&["score", "--json", "--now", NOW, dir.to_str().expect("path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let paths: Vec<String> = json_lines(&output)
        .iter()
        .map(|m| {
            let path = Path::new(m["path"].as_str().expect("path"));
            path.strip_prefix(&dir)
                .expect("under the root")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(paths, ["a/1.eml", "b/2.eml", "b/inner/3.eml", "c.eml"]);
}

#[test]
fn a_bad_input_among_good_ones_is_reported_and_the_others_are_scored() {
    let dir = scratch("bad");
    fs::write(dir.join("1-good.eml"), NO_DATE).expect("write");
    fs::write(dir.join("2-empty.eml"), b"").expect("write");
    fs::write(
        dir.join("3-not-mail.txt"),
        b"just some words\nno header here\n",
    )
    .expect("write");
    fs::write(dir.join("4-good.eml"), WITH_DATE).expect("write");
    let missing = dir.join("missing.eml");
    let output = spamgauge(&[
        "score",
        "--json",
        "--now",
        NOW,
        dir.to_str().expect("path"),
        missing.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let scored: Vec<String> = json_lines(&output)
        .iter()
        .map(|m| m["path"].as_str().expect("path").to_owned())
        .collect();
    assert_eq!(scored.len(), 2, "{scored:?}");
    assert!(scored[0].ends_with("1-good.eml") && scored[1].ends_with("4-good.eml"));
    let errors = stderr(&output);
    assert!(errors.contains("2-empty.eml: not a message"), "{errors}");
    assert!(errors.contains("3-not-mail.txt: not a message"), "{errors}");
    assert!(errors.contains("missing.eml: cannot read"), "{errors}");
    assert_eq!(errors.lines().count(), 3, "{errors}");
}

#[test]
fn only_good_inputs_exit_zero_even_for_spam() {
    let output = spamgauge_with_stdin(
        &["score", "--threshold", "0.5", "--json", "--now", NOW, "-"],
        NO_DATE,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json_lines(&output)[0]["is_spam"], true);
}

#[test]
fn text_report_shows_status_table_and_explanations() {
    // A threshold no message reaches, so that the verdict does not depend on
    // which other tests fire.
    let args = ["score", "--threshold", "100", "--now", NOW, "-"];
    let output = spamgauge_with_stdin(&args, NO_DATE);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("==> - <==\nX-Spam-Status: No, score="),
        "{text}"
    );
    assert!(text.contains("\nX-Spam-Level: "), "{text}");
    assert!(text.contains("\nContent analysis details:   ("), "{text}");
    assert!(text.contains(" 2.7 MISSING_DATE "), "{text}");
    assert!(text.contains("Verdict: not spam"), "{text}");
    assert!(text.contains("How to fix it:"), "{text}");

    let args = [
        "score",
        "--lang",
        "fr",
        "--threshold",
        "100",
        "--now",
        NOW,
        "-",
    ];
    let output = spamgauge_with_stdin(&args, NO_DATE);
    let text = stdout(&output);
    assert!(text.contains("Verdict : pas du spam"), "{text}");
    assert!(text.contains("Comment y remédier :"), "{text}");
}

#[test]
fn outbound_profile_and_threshold_are_applied() {
    let output = spamgauge_with_stdin(
        &[
            "score",
            "--json",
            "--profile",
            "outbound",
            "--now",
            NOW,
            "-",
        ],
        WITH_DATE,
    );
    let message = &json_lines(&output)[0];
    assert_eq!(message["profile"], "outbound");
    assert_eq!(message["threshold"], 3.0);
    let output = spamgauge_with_stdin(
        &["score", "--json", "--threshold", "-1.5", "--now", NOW, "-"],
        WITH_DATE,
    );
    assert_eq!(json_lines(&output)[0]["threshold"], -1.5);
}

#[test]
fn bad_option_values_are_refused() {
    let output = spamgauge_with_stdin(&["score", "--now", "yesterday", "-"], NO_DATE);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("RFC 3339"), "{}", stderr(&output));
    assert!(output.stdout.is_empty());

    let output = spamgauge_with_stdin(&["score", "--threshold", "NaN", "-"], NO_DATE);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("threshold"), "{}", stderr(&output));

    let output = spamgauge(&["score"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn explain_in_french_gives_the_french_texts_and_the_four_scores() {
    let engine = Engine::new(Config::default()).expect("engine");
    let rule = engine
        .rule("MISSING_DATE")
        .expect("MISSING_DATE is built in");
    let output = spamgauge(&["explain", "missing_date", "--lang", "fr"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!("MISSING_DATE — {}\n", rule.text.description.fr)),
        "{text}"
    );
    assert!(text.contains("Comment y remédier :"), "{text}");
    let first_words: String = rule
        .text
        .fix
        .fr
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains(&first_words), "{text}");
    let scores: Vec<String> = rule
        .scores
        .0
        .iter()
        .map(|s| s.to_string().replace('.', ","))
        .collect();
    assert!(text.contains(&scores.join(" / ")), "{text}");

    let output = spamgauge(&["explain", "MISSING_DATE", "--json"]);
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["scores"], serde_json::json!(rule.scores.0));
    assert_eq!(
        json["explanation"].as_str(),
        Some(rule.text.explanation.en.as_str())
    );
}

#[test]
fn explain_of_an_unknown_test_suggests_close_names() {
    let output = spamgauge(&["explain", "MISING_DATE"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let errors = stderr(&output);
    assert!(errors.contains("unknown test `MISING_DATE`"), "{errors}");
    assert!(errors.contains("MISSING_DATE"), "{errors}");

    let output = spamgauge(&["explain", "QQQQQQQQ"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("spamgauge tests"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn tests_lists_every_test_sorted_with_four_scores() {
    let engine = Engine::new(Config::default()).expect("engine");
    let output = spamgauge(&["tests", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let tests = json_lines(&output);
    assert_eq!(tests.len(), engine.rules().len());
    let names: Vec<&str> = tests
        .iter()
        .map(|t| t["name"].as_str().expect("name"))
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    for test in &tests {
        assert_eq!(
            test["scores"].as_array().expect("scores").len(),
            4,
            "{test}"
        );
    }
    let text = stdout(&spamgauge(&["tests"]));
    assert!(text.starts_with("test "), "{text}");
    assert_eq!(text.lines().count(), engine.rules().len() + 1);
}
