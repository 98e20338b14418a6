//! End-to-end tests of `--rules`: a site's own rule files on `score`,
//! `lookups` and `learn`.

mod common;

use std::fs;
use std::path::Path;

use common::{
    NO_DATE, NOW, json_lines, scratch, spamgauge, spamgauge_with_stdin, stderr, test_names,
};

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).expect("write rule file");
    path.to_str().expect("UTF-8 path").to_owned()
}

#[test]
fn tests_and_explain_list_and_explain_local_rules() {
    let dir = scratch("rules-list");
    let rules = write(
        &dir,
        "local.cf",
        "body LOCAL_PROMO /promo code/i
describe LOCAL_PROMO Mentions a promo code
",
    );
    let output = spamgauge(&["tests", "--json", "--rules", &rules]);
    assert!(output.status.success(), "{}", stderr(&output));
    let listed = json_lines(&output);
    let local = listed
        .iter()
        .find(|test| test["name"] == "LOCAL_PROMO")
        .expect("the local rule is listed");
    assert_eq!(local["description"], "Mentions a promo code", "{local}");
    assert!(listed.iter().any(|test| test["name"] == "MISSING_DATE"));
    let output = spamgauge(&["explain", "local_promo", "--rules", &rules]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("Mentions a promo code"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // Without the file, the name is unknown.
    assert_eq!(
        spamgauge(&["explain", "LOCAL_PROMO"]).status.code(),
        Some(1)
    );
}

#[test]
fn rule_files_add_tests_and_score_overrides() {
    let dir = scratch("rules");
    let first = write(
        &dir,
        "local.cf",
        "# the site's rules\nbody __LOCAL_HELLO /^hello\\b/i\nscore MISSING_DATE 3\n",
    );
    let second = write(
        &dir,
        "more.cf",
        "meta LOCAL_HELLO_NO_DATE __LOCAL_HELLO && MISSING_DATE\n\
         score LOCAL_HELLO_NO_DATE 2.5\n\
         describe LOCAL_HELLO_NO_DATE Greets without a date\n\
         lang fr describe LOCAL_HELLO_NO_DATE Salue sans date\n",
    );
    let output = spamgauge_with_stdin(
        &[
            "score", "--json", "--lang", "fr", "--rules", &first, "--rules", &second, "-",
        ],
        NO_DATE,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report = &json_lines(&output)[0];
    let names = test_names(report);
    assert!(
        names.contains(&"LOCAL_HELLO_NO_DATE".to_owned()),
        "{report}"
    );
    assert!(!names.iter().any(|name| name.starts_with("__")), "{report}");
    // MISSING_DATE 3 (overridden), MISSING_MID 0.552, LOCAL_HELLO_NO_DATE 2.5,
    // two informational -0.001.
    assert_eq!(report["score"].as_f64(), Some(6.05), "{report}");
    let hit = report["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|test| test["name"] == "LOCAL_HELLO_NO_DATE")
        .expect("local hit");
    assert_eq!(hit["description"], "Salue sans date", "{hit}");
}

#[test]
fn a_bad_rule_file_is_an_error_naming_the_file_and_the_line() {
    let dir = scratch("rules-bad");
    let good = write(&dir, "good.cf", "body LOCAL_A /a/\n");
    let bad = write(&dir, "bad.cf", "\nbody LOCAL_B /(?<=a)b/\n");
    let db = dir.join("bayes.json");
    for args in [
        vec!["score", "--rules", &good, "--rules", &bad, "-"],
        vec!["lookups", "--rules", &bad, "-"],
        vec![
            "learn",
            "--db",
            db.to_str().expect("path"),
            "--spam",
            "--now",
            NOW,
            "--rules",
            &bad,
            "-",
        ],
    ] {
        let output = spamgauge_with_stdin(&args, NO_DATE);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let error = stderr(&output);
        assert!(
            error.contains(&format!(
                "{bad}:2: rule `LOCAL_B`: the regex uses a look-around"
            )),
            "{error}"
        );
    }
    let output = spamgauge(&[
        "score",
        "--rules",
        &dir.join("none.cf").display().to_string(),
        "-",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("none.cf: cannot read"),
        "{}",
        stderr(&output)
    );
}

/// The README's rule file (between its marker comments) is read, and its
/// rules fire as it says.
#[test]
fn the_readme_rule_file_works() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = fs::read_to_string(root.join("README.md")).expect("README");
    let start = "<!-- rules-example:start -->";
    let from = readme.find(start).expect("start marker") + start.len();
    let to = readme
        .find("<!-- rules-example:end -->")
        .expect("end marker");
    let rules = readme[from..to]
        .trim()
        .strip_prefix("```text")
        .and_then(|rest| rest.strip_suffix("```"))
        .expect("a ```text block between the markers");
    let dir = scratch("rules-readme");
    let path = write(&dir, "local.cf", rules);
    let message = b"From: billing@shop.example\nTo: a@example.org\nSubject: Invoice 42\n\
Date: Mon, 23 Nov 2026 09:00:00 +0000\nMessage-ID: <42@shop.example>\n\n\
Your invoice is due: please pay now at https://bit.ly/abc\n";
    let output = spamgauge_with_stdin(
        &["score", "--json", "--now", NOW, "--rules", &path, "-"],
        message,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let names = test_names(&json_lines(&output)[0]);
    for name in ["LOCAL_INVOICE_SUBJ", "LOCAL_INVOICE_PUSH"] {
        assert!(names.contains(&name.to_owned()), "{name} in {names:?}");
    }
}

#[test]
fn address_lists_from_rule_files_and_the_configuration() {
    let dir = scratch("rules-lists");
    let rules = write(
        &dir,
        "lists.cf",
        "whitelist_from *@partner.example\nblocklist_to trap@*\n",
    );
    let config = write(
        &dir,
        "config.json",
        r#"{"address_lists": {"unblocklist_from": [], "welcomelist_to": ["bob@site.example"]}}"#,
    );
    let message: &[u8] =
        b"From: Ann <ann@partner.example>\nTo: bob@site.example, trap@site.example\nSubject: hi\n\nhello\n";
    let output = spamgauge_with_stdin(
        &[
            "score", "--json", "--config", &config, "--rules", &rules, "-",
        ],
        message,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report = &json_lines(&output)[0];
    let names = test_names(report);
    for name in [
        "USER_IN_WELCOMELIST",
        "USER_IN_BLOCKLIST_TO",
        "USER_IN_WELCOMELIST_TO",
    ] {
        assert!(names.contains(&name.to_owned()), "{name}: {report}");
    }
    assert!(!names.contains(&"USER_IN_BLOCKLIST".to_owned()), "{report}");
    // Without the lists, none fires.
    let output = spamgauge_with_stdin(&["score", "--json", "-"], message);
    let names = test_names(&json_lines(&output)[0]);
    assert!(!names.iter().any(|name| name.starts_with("USER_IN_")));
}
