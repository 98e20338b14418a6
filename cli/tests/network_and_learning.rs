//! End-to-end tests of `lookups`, `score --verdicts`, `learn`, `score
//! --bayes-db` and `score --state`.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;
use spamgauge::verdicts::Verdicts;

/// The connecting client of the verdicts tests.
const CLIENT: &str = "203.0.113.7";

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A spam message; `n` makes its Message-ID (and so its identity) unique.
fn spam(n: usize) -> Vec<u8> {
    format!(
        "From: Deals <deals@offers.example>\nTo: you@example.org\n\
         Subject: cheap pills {n}\nDate: Mon, 23 Nov 2026 08:00:00 +0000\n\
         Message-ID: <spam{n}@offers.example>\n\n\
         Buy cheap pills now, limited offer number {n}, click here to win.\n"
    )
    .into_bytes()
}

/// A ham message.
fn ham(n: usize) -> Vec<u8> {
    format!(
        "From: Ann <ann@example.com>\nTo: bob@example.org\n\
         Subject: minutes of meeting {n}\nDate: Mon, 23 Nov 2026 08:00:00 +0000\n\
         Message-ID: <ham{n}@example.com>\n\n\
         Hello Bob, attached are the minutes of our project meeting {n}.\n"
    )
    .into_bytes()
}

fn write_verdicts(dir: &Path, json: &str) -> String {
    let path = dir.join("verdicts.json");
    fs::write(&path, json).expect("write verdicts");
    path_str(&path).to_owned()
}

#[test]
fn lookups_prints_the_dns_questions_as_a_json_array() {
    let dir = scratch("lookups");
    let envelope = dir.join("envelope.json");
    fs::write(
        &envelope,
        format!(r#"{{"client_ip": "{CLIENT}", "mail_from": "a@example.net"}}"#),
    )
    .expect("write envelope");
    let output = spamgauge_with_stdin(
        &["lookups", "--envelope", path_str(&envelope), "-"],
        WITH_DATE,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let questions: Value = serde_json::from_slice(&output.stdout).expect("one JSON array");
    let questions = questions.as_array().expect("array");
    let spamcop = questions
        .iter()
        .find(|q| q["name"] == "7.113.0.203.bl.spamcop.net")
        .expect("the client is asked about in SpamCop");
    assert_eq!(spamcop["type"], "TXT");
    assert_eq!(spamcop["purpose"]["kind"], "dnsbl");
    assert_eq!(spamcop["purpose"]["list"], "spamcop");
    assert_eq!(spamcop["purpose"]["ip"], CLIENT);
    assert!(questions.iter().any(|q| {
        q["name"] == "example.net" && q["type"] == "MX" && q["purpose"]["kind"] == "sender_domain"
    }));

    // Without an envelope, nothing is asked about the client.
    let output = spamgauge_with_stdin(&["lookups", "-"], WITH_DATE);
    assert!(output.status.success(), "{}", stderr(&output));
    let questions: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(
        !questions
            .as_array()
            .expect("array")
            .iter()
            .any(|q| q["purpose"]["kind"] == "dnsbl"),
        "{questions}"
    );
}

#[test]
fn lookups_with_verdicts_prints_the_questions_still_open() {
    let dir = scratch("lookups-follow-up");
    let message = "From: a@example.com\nSubject: offer\n\nSee http://www.shop.example.net/ now\n";
    let open = |verdicts: &str| -> Vec<Value> {
        let path = write_verdicts(&dir, verdicts);
        let output =
            spamgauge_with_stdin(&["lookups", "--verdicts", &path, "-"], message.as_bytes());
        assert!(output.status.success(), "{}", stderr(&output));
        let questions: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        questions.as_array().expect("array").clone()
    };
    let asks = |questions: &[Value], name: &str, rtype: &str| {
        questions
            .iter()
            .any(|q| q["name"] == name && q["type"] == rtype)
    };
    let first = open("{}");
    assert!(
        asks(&first, "example.net", "NS"),
        "the URI domain's name servers"
    );
    assert!(
        asks(&first, "www.shop.example.net", "A"),
        "the URI host's addresses"
    );
    // Answered: the name servers' addresses follow, the NS question is closed.
    let second = open(
        r#"{"dns": [{"name": "example.net", "type": "NS", "answer": ["ns1.host.example.org"]}]}"#,
    );
    assert!(!asks(&second, "example.net", "NS"));
    assert!(asks(&second, "ns1.host.example.org", "A"));
    let third = open(
        r#"{"dns": [{"name": "example.net", "type": "NS", "answer": ["ns1.host.example.org"]},
                    {"name": "ns1.host.example.org", "type": "A", "answer": ["198.51.100.53"]}]}"#,
    );
    let zen = third
        .iter()
        .find(|q| q["name"] == "53.100.51.198.zen.spamhaus.org")
        .expect("the name server's address in ZEN");
    assert_eq!(zen["purpose"]["kind"], "uribl");
    assert_eq!(zen["purpose"]["list"], "zen-uri-ns");
}

#[test]
fn lookups_refuses_a_bad_envelope_naming_the_field() {
    let dir = scratch("lookups-bad");
    let envelope = dir.join("envelope.json");
    fs::write(&envelope, r#"{"client": "203.0.113.7"}"#).expect("write");
    let output = spamgauge_with_stdin(
        &["lookups", "--envelope", path_str(&envelope), "-"],
        WITH_DATE,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let errors = stderr(&output);
    assert!(errors.contains("envelope.json"), "{errors}");
    assert!(errors.contains("unknown field `client`"), "{errors}");
}

/// `score --json` of [`WITH_DATE`] at [`NOW`] with the verdicts file `verdicts`.
fn score_json_with_verdicts(verdicts: &str) -> std::process::Output {
    let args = ["score", "--json", "--now", NOW, "--verdicts", verdicts, "-"];
    spamgauge_with_stdin(&args, WITH_DATE)
}

#[test]
fn a_spamcop_listing_of_the_client_rejects_with_its_reply() {
    let dir = scratch("verdicts-spamcop");
    let verdicts = write_verdicts(
        &dir,
        &format!(
            r#"{{
                "envelope": {{"client_ip": "{CLIENT}", "helo": "mail.example.com"}},
                "dns": [{{"name": "7.113.0.203.bl.spamcop.net", "type": "TXT",
                          "answer": ["Blocked - see https://www.spamcop.net/bl.shtml?{CLIENT}"]}}]
            }}"#
        ),
    );
    let reply = format!("554 5.7.1 Client host [{CLIENT}] blocked using bl.spamcop.net");

    let output = score_json_with_verdicts(&verdicts);
    assert!(output.status.success(), "{}", stderr(&output));
    let message = &json_lines(&output)[0];
    assert_eq!(message["action"]["kind"], "reject", "{message}");
    assert_eq!(message["action"]["cause"], "RCVD_IN_BL_SPAMCOP_NET");
    assert_eq!(message["action"]["reply"]["code"], 554);
    assert_eq!(message["smtp_reply"].as_str(), Some(reply.as_str()));
    assert_eq!(message["score_set"], 1, "a DNS answer is a network verdict");
    assert!(test_names(message).contains(&"RCVD_IN_BL_SPAMCOP_NET".to_owned()));

    let args = ["score", "--now", NOW, "--verdicts", &verdicts, "-"];
    let text = stdout(&spamgauge_with_stdin(&args, WITH_DATE));
    assert!(
        text.contains("\nAction: reject (RCVD_IN_BL_SPAMCOP_NET)\n"),
        "{text}"
    );
    assert!(text.contains(&format!("\nSMTP reply: {reply}\n")), "{text}");

    // Not listed: accepted, no reply.
    let verdicts = write_verdicts(
        &dir,
        &format!(
            r#"{{"envelope": {{"client_ip": "{CLIENT}"}},
                "dns": [{{"name": "7.113.0.203.bl.spamcop.net", "type": "TXT", "answer": "NXDOMAIN"}}]}}"#
        ),
    );
    let message = &json_lines(&score_json_with_verdicts(&verdicts))[0];
    assert_eq!(message["action"]["kind"], "accept", "{message}");
    assert_eq!(message["smtp_reply"], Value::Null);
    let args = [
        "score",
        "--lang",
        "fr",
        "--now",
        NOW,
        "--verdicts",
        &verdicts,
        "-",
    ];
    let text = stdout(&spamgauge_with_stdin(&args, WITH_DATE));
    assert!(text.contains("\nAction : accepter\n"), "{text}");
}

#[test]
fn a_bad_verdicts_file_is_an_error_naming_the_field() {
    let dir = scratch("verdicts-bad");
    let verdicts = write_verdicts(&dir, r#"{"envelope": {"helo_name": "mail.example.com"}}"#);
    let output = spamgauge_with_stdin(&["score", "--verdicts", &verdicts, "-"], WITH_DATE);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing is scored");
    let errors = stderr(&output);
    assert!(errors.contains("envelope.helo_name"), "{errors}");
    assert!(errors.contains("verdicts.json"), "{errors}");

    let verdicts = write_verdicts(
        &dir,
        r#"{"dns": [{"name": "x.example", "type": "A", "answer": ["nope"]}]}"#,
    );
    let output = spamgauge_with_stdin(&["score", "--verdicts", &verdicts, "-"], WITH_DATE);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("dns[0].answer[0]"),
        "{}",
        stderr(&output)
    );

    let missing = dir.join("missing.json");
    let output = spamgauge_with_stdin(&["score", "--verdicts", path_str(&missing), "-"], WITH_DATE);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot read"),
        "{}",
        stderr(&output)
    );
}

/// Writes 3 spam and 3 ham under `dir/spam` and `dir/ham`.
fn corpus(dir: &Path) {
    for (class, make) in [("spam", spam as fn(usize) -> Vec<u8>), ("ham", ham)] {
        fs::create_dir_all(dir.join(class)).expect("mkdir");
        for n in 1..=3 {
            fs::write(dir.join(class).join(format!("{n}.eml")), make(n)).expect("write");
        }
    }
}

fn learn(db: &Path, class: &str, path: &Path) -> std::process::Output {
    spamgauge(&[
        "learn",
        "--db",
        path_str(db),
        class,
        "--now",
        NOW,
        path_str(path),
    ])
}

#[test]
fn learning_is_summarised_and_idempotent() {
    let dir = scratch("learn");
    corpus(&dir);
    let db = dir.join("bayes.db");

    let output = learn(&db, "--spam", &dir.join("spam"));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_contains(
        &stdout(&output),
        &[
            "learned as spam: 3\n",
            "already learned as spam: 0\n",
            "3 spam, 0 ham",
        ],
    );
    let output = learn(&db, "--ham", &dir.join("ham"));
    assert_contains(
        &stdout(&output),
        &[
            "learned as ham: 3\n",
            "3 spam, 3 ham",
            "not used for scoring until it holds 200 spam and 200 ham",
        ],
    );
    let bytes = fs::read(&db).expect("database written");

    // The same messages again: nothing changes, the file is not rewritten.
    let output = learn(&db, "--spam", &dir.join("spam"));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_contains(
        &stdout(&output),
        &[
            "learned as spam: 0\n",
            "already learned as spam: 3\n",
            "(unchanged): 3 spam, 3 ham",
        ],
    );
    assert_eq!(fs::read(&db).expect("database"), bytes);

    // Learned as the other class: the messages move.
    let output = learn(&db, "--ham", &dir.join("spam").join("1.eml"));
    assert_contains(
        &stdout(&output),
        &["relearned (moved from spam to ham): 1\n", "2 spam, 4 ham"],
    );
    let output = learn(&db, "--forget", &dir.join("spam"));
    assert_contains(
        &stdout(&output),
        &["forgotten: 3 (2 spam, 1 ham)\n", "0 spam, 3 ham"],
    );

    // Only the database is left: no temporary file.
    assert_eq!(dir_names(&dir), ["bayes.db", "ham", "spam"]);
}

#[test]
fn learning_skips_what_it_cannot_learn_and_says_why() {
    let dir = scratch("learn-skip");
    corpus(&dir);
    fs::write(dir.join("spam").join("4-empty.eml"), b"").expect("write");
    let db = dir.join("bayes.db");
    let missing = dir.join("missing.eml");
    let output = spamgauge(&[
        "learn",
        "--db",
        path_str(&db),
        "--spam",
        path_str(&dir.join("spam")),
        path_str(&missing),
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_contains(
        &stdout(&output),
        &[
            "learned as spam: 3\n",
            "skipped: 2 (no tokens: 0, unreadable: 1, not a message: 1)",
        ],
    );
    let errors = stderr(&output);
    assert_contains(
        &errors,
        &["4-empty.eml: not a message", "missing.eml: cannot read"],
    );
    // No progress bar when standard error is not a terminal: only the errors.
    assert_eq!(errors.lines().count(), 2, "{errors}");

    // One class only.
    let output = spamgauge(&["learn", "--db", path_str(&db), "--spam", "--ham", "-"]);
    assert_eq!(output.status.code(), Some(2));
    // A file that is not a database is never overwritten.
    fs::write(&db, b"not a database").expect("write");
    let output = learn(&db, "--spam", &dir.join("spam"));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(fs::read(&db).expect("read"), b"not a database");
}

#[test]
fn a_bayes_database_below_200_and_200_is_not_used_and_the_user_is_told() {
    let dir = scratch("bayes-score");
    corpus(&dir);
    let db = dir.join("bayes.db");
    assert!(learn(&db, "--spam", &dir.join("spam")).status.success());
    assert!(learn(&db, "--ham", &dir.join("ham")).status.success());
    let output = spamgauge_with_stdin(
        &[
            "score",
            "--json",
            "--now",
            NOW,
            "--bayes-db",
            path_str(&db),
            "-",
        ],
        &spam(1),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let message = &json_lines(&output)[0];
    assert_eq!(message["score_set"], 0);
    assert!(
        !test_names(message).iter().any(|n| n.starts_with("BAYES_")),
        "{message}"
    );
    let errors = stderr(&output);
    assert!(
        errors.contains("has learned 3 spam and 3 ham") && errors.contains("without it"),
        "{errors}"
    );

    let output = spamgauge_with_stdin(
        &["score", "--bayes-db", path_str(&dir.join("none.db")), "-"],
        &spam(1),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("none.db: cannot read"));
}

fn score_with_state(state: &Path, message: &[u8]) -> Value {
    let output = spamgauge_with_stdin(
        &[
            "score",
            "--json",
            "--now",
            NOW,
            "--state",
            path_str(state),
            "--client-ip",
            "198.51.100.7",
            "-",
        ],
        message,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    json_lines(&output).remove(0)
}

/// The JSON document in the file `path`.
fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("read")).expect("JSON")
}

fn awl_score(message: &Value) -> Option<f64> {
    message["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|test| test["name"] == "AWL")
        .map(|test| test["score"].as_f64().expect("score"))
}

#[test]
fn the_state_file_keeps_the_auto_whitelist_and_the_reputation() {
    let dir = scratch("state");
    let state = dir.join("state.json");
    let key = "ann@example.com|ip=none";

    let first = score_with_state(&state, &ham(1));
    assert_eq!(awl_score(&first), None, "a first message gets no AWL");
    assert_eq!(first["reputation"]["verdict"], "accept", "{first}");
    assert_eq!(first["reputation"]["client"], "198.51.100.7");
    let saved = read_json(&state);
    assert_eq!(saved["awl"][key]["count"], 1, "{saved}");

    // The same score again: the mean does not differ, no AWL hit.
    let second = score_with_state(&state, &ham(1));
    assert_eq!(awl_score(&second), None, "{second}");
    let saved = read_json(&state);
    assert_eq!(saved["awl"][key]["count"], 2, "{saved}");
    let mean = saved["awl"][key]["total"].as_f64().expect("total") / 2.0;

    // A message from the same sender that scores differently is pulled
    // halfway toward the sender's mean.
    let without_date = String::from_utf8(ham(2))
        .expect("UTF-8")
        .replace("Date: Mon, 23 Nov 2026 08:00:00 +0000\n", "");
    let third = score_with_state(&state, without_date.as_bytes());
    assert!(test_names(&third).contains(&"MISSING_DATE".to_owned()));
    let points = third["score"].as_f64().expect("score") - awl_score(&third).unwrap_or(0.0);
    let expected = ((mean - points) * 0.5 * 1000.0).round() / 1000.0;
    assert_eq!(awl_score(&third), Some(expected), "{third}");

    let saved = read_json(&state);
    assert_eq!(saved["awl"][key]["count"], 3, "{saved}");
    assert_eq!(
        saved["reputation"]["subjects"]["ip:198.51.100.7"]["counts"]["ham"]
            .as_f64()
            .map(f64::round),
        Some(3.0),
        "{saved}"
    );
    // Written atomically: no temporary file left beside it.
    assert_eq!(dir_names(&dir), ["state.json"]);
}

#[test]
fn a_bad_state_file_is_refused_and_left_alone() {
    let dir = scratch("state-bad");
    let state = dir.join("state.json");
    fs::write(&state, br#"{"awl": {}, "whitelist": {}}"#).expect("write");
    let output = spamgauge_with_stdin(&["score", "--state", path_str(&state), "-"], &ham(1));
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("whitelist"), "{}", stderr(&output));
    assert_eq!(
        fs::read(&state).expect("read"),
        br#"{"awl": {}, "whitelist": {}}"#
    );

    // --client-ip needs somewhere to keep the reputation.
    let output = spamgauge_with_stdin(&["score", "--client-ip", "198.51.100.7", "-"], &ham(1));
    assert_eq!(output.status.code(), Some(2));
}

/// The README's verdicts example (between its marker comments) is valid and
/// the same document as the core's tested example.
#[test]
fn the_readme_verdicts_example_parses_and_matches_the_core_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = fs::read_to_string(root.join("README.md")).expect("README");
    let start = "<!-- verdicts-example:start -->";
    let end = "<!-- verdicts-example:end -->";
    let from = readme.find(start).expect("start marker") + start.len();
    let to = readme.find(end).expect("end marker");
    let block = readme[from..to].trim();
    let json = block
        .strip_prefix("```json")
        .and_then(|rest| rest.strip_suffix("```"))
        .expect("a ```json block between the markers");
    let verdicts = Verdicts::from_json(json).expect("the README example is valid");
    assert!(verdicts.is_network());
    let readme_value: Value = serde_json::from_str(json).expect("JSON");
    let core_example =
        fs::read_to_string(root.join("core/src/verdicts/example.json")).expect("example.json");
    let core_value: Value = serde_json::from_str(&core_example).expect("JSON");
    assert_eq!(
        readme_value, core_value,
        "keep README.md and core/src/verdicts/example.json in sync"
    );
}

#[test]
fn max_tokens_bounds_the_database() {
    let dir = scratch("learn-max");
    corpus(&dir);
    let db = dir.join("bayes.db");
    let spam_dir = dir.join("spam");
    let unbounded = learn(&db, "--spam", &spam_dir);
    assert!(
        !stdout(&unbounded).contains("expired"),
        "{}",
        stdout(&unbounded)
    );
    let tokens = |summary: &str| -> usize {
        let line = summary
            .lines()
            .find(|line| line.starts_with("database "))
            .expect("database line");
        let words: Vec<&str> = line.split_whitespace().collect();
        let at = words
            .iter()
            .position(|w| w.starts_with("tokens"))
            .expect("tokens");
        words[at - 1].replace(',', "").parse().expect("a count")
    };
    let all = tokens(&stdout(&unbounded));
    assert!(all > 20, "{all}");

    let output = spamgauge(&[
        "learn",
        "--db",
        path_str(&db),
        "--ham",
        "--max-tokens",
        "20",
        "--now",
        NOW,
        path_str(&dir.join("ham")),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stdout(&output);
    assert_contains(&summary, &["expired: ", "3 spam, 3 ham"]);
    assert!(tokens(&summary) <= 20, "{summary}");
}

/// A message submitted by `198.51.100.20` to our MSA `192.0.2.25`, which
/// relayed it to our MX.
const SUBMITTED: &[u8] = b"Received: from msa.example.org (msa.example.org [192.0.2.25]) by mx.example.org (Postfix) with ESMTP id A1\r\n\
Received: from home.example.net (home.example.net [198.51.100.20]) by msa.example.org (Postfix) with ESMTP id B2\r\n\
From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: Lunch\r\n\
Date: Thu, 01 Jan 2026 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nNoon?\r\n";

fn write_config(dir: &Path, json: &str) -> String {
    let path = dir.join("config.json");
    fs::write(&path, json).expect("write config");
    path_str(&path).to_owned()
}

#[test]
fn a_config_file_draws_the_trust_boundary_and_the_options_override_it() {
    let dir = scratch("config");
    let config = write_config(
        &dir,
        r#"{"profile": "outbound", "threshold": 2.5,
            "trusted_networks": ["192.0.2.0/24"], "msa_networks": ["192.0.2.25"]}"#,
    );
    let output = spamgauge_with_stdin(&["score", "--json", "--config", &config, "-"], SUBMITTED);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = &json_lines(&output)[0];
    assert_eq!(report["profile"], "outbound");
    assert_eq!(report["threshold"], 2.5);
    assert!(
        test_names(report).contains(&"ALL_TRUSTED".to_owned()),
        "{report}"
    );

    let output = spamgauge_with_stdin(
        &[
            "score",
            "--json",
            "--config",
            &config,
            "--profile",
            "inbound",
            "--threshold",
            "4",
            "-",
        ],
        SUBMITTED,
    );
    let report = &json_lines(&output)[0];
    assert_eq!(report["profile"], "inbound");
    assert_eq!(report["threshold"], 4.0);

    // The MSA's client is inside the boundary: no DNS list is asked about it.
    let asks_about_home = |args: &[&str]| {
        let output = spamgauge_with_stdin(args, SUBMITTED);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output).contains("20.100.51.198.")
    };
    assert!(asks_about_home(&["lookups", "-"]));
    assert!(!asks_about_home(&["lookups", "--config", &config, "-"]));
}

#[test]
fn a_bad_config_file_is_an_error_naming_the_file_and_the_field() {
    let dir = scratch("config-bad");
    for (json, field) in [
        (r#"{"treshold": 2.5}"#, "treshold"),
        (
            r#"{"msa_networks": ["192.0.2.0/24", "mx.example.org"]}"#,
            "msa_networks[1]",
        ),
    ] {
        let config = write_config(&dir, json);
        let output = spamgauge_with_stdin(&["score", "--config", &config, "-"], SUBMITTED);
        assert_eq!(output.status.code(), Some(1), "{json}");
        assert!(output.stdout.is_empty(), "nothing is scored");
        let errors = stderr(&output);
        assert!(
            errors.contains("config.json") && errors.contains(field),
            "{errors}"
        );
    }
}
