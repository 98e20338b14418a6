//! Replays `cases/verdicts.json`: message + verdicts → expected tests, action
//! and SMTP reply. The table is data so that the C and JS tests can replay it
//! too. Also checks that the order of DNS answers and authentication results
//! never changes the report.

use proptest::prelude::*;
use serde::Deserialize;
use spamgauge::lookups::Question;
use spamgauge::report::ActionKind;
use spamgauge::verdicts::Verdicts;
use spamgauge::{Analysis, Config, Engine, Inputs, Report};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[allow(dead_code)] // documentation for readers of the file
    about: String,
    cases: Vec<Case>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    message: String,
    #[serde(default)]
    config: Option<serde_json::Value>,
    verdicts: Option<serde_json::Value>,
    expect: Expect,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    hits: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    action: ActionKind,
    #[serde(default)]
    reply: Option<String>,
    #[serde(default)]
    reply_starts_with: Option<String>,
}

fn table() -> Vec<Case> {
    let table: Table =
        serde_json::from_str(include_str!("cases/verdicts.json")).expect("valid table");
    table.cases
}

struct Prepared {
    engine: Engine,
    analysis: Analysis,
    verdicts: Option<Verdicts>,
}

fn prepare(case: &Case) -> Prepared {
    let config = match &case.config {
        Some(value) => {
            Config::from_json(&value.to_string()).unwrap_or_else(|e| panic!("{}: {e}", case.name))
        }
        None => Config::default(),
    };
    let engine = Engine::new(config).unwrap_or_else(|e| panic!("{}: {e}", case.name));
    let analysis = engine
        .analyze(case.message.as_bytes())
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
    let verdicts = case.verdicts.as_ref().map(|value| {
        Verdicts::from_json(&value.to_string()).unwrap_or_else(|e| panic!("{}: {e}", case.name))
    });
    Prepared {
        engine,
        analysis,
        verdicts,
    }
}

fn score(prepared: &Prepared, verdicts: Option<&Verdicts>) -> Report {
    let inputs = match verdicts {
        Some(verdicts) => Inputs::default().verdicts(verdicts),
        None => Inputs::default(),
    };
    prepared.engine.score(&prepared.analysis, &inputs)
}

#[test]
fn verdict_cases() {
    let cases = table();
    assert!(!cases.is_empty(), "no case in the table");
    for case in &cases {
        let prepared = prepare(case);
        let report = score(&prepared, prepared.verdicts.as_ref());
        let names: Vec<&str> = report.hits.iter().map(|h| h.name.as_str()).collect();
        for hit in &case.expect.hits {
            assert!(
                names.contains(&hit.as_str()),
                "{}: {hit} missing from {names:?}",
                case.name
            );
        }
        for absent in &case.expect.absent {
            assert!(
                !names.contains(&absent.as_str()),
                "{}: {absent} fired: {names:?}",
                case.name
            );
        }
        assert_eq!(
            report.action.kind, case.expect.action,
            "{}: {:?}",
            case.name, report.action
        );
        if let Some(prefix) = &case.expect.reply_starts_with {
            let reply = report.smtp_reply.as_deref().unwrap_or_default();
            assert!(reply.starts_with(prefix.as_str()), "{}: {reply}", case.name);
        } else {
            assert_eq!(report.smtp_reply, case.expect.reply, "{}", case.name);
        }
        // The reply is the action's, and a refusal always carries one.
        assert_eq!(
            report.smtp_reply,
            report.action.reply.as_ref().map(ToString::to_string),
            "{}",
            case.name
        );
        assert_eq!(
            report.action.kind == ActionKind::Accept,
            report.smtp_reply.is_none(),
            "{}",
            case.name
        );
    }
    eprintln!("verdict cases: {} ran", cases.len());
}

/// Every question a caller asks, looping as [`Engine::follow_up`] says:
/// ask, answer from the case's answers, ask again until no question asked
/// has an answer there.
fn asked(prepared: &Prepared, verdicts: &Verdicts) -> Vec<Question> {
    let mut known = Verdicts::default();
    known.envelope.clone_from(&verdicts.envelope);
    let mut asked = Vec::new();
    loop {
        let questions = prepared.engine.follow_up(&prepared.analysis, &known);
        let answered: Vec<_> = verdicts
            .dns
            .iter()
            .filter(|a| {
                questions
                    .iter()
                    .any(|q| q.name == a.name && q.rtype == a.rtype)
            })
            .cloned()
            .collect();
        asked.extend(questions);
        if answered.is_empty() {
            return asked;
        }
        known.dns.extend(answered);
    }
}

#[test]
fn lookups_cover_the_answers_of_the_cases() {
    // Every DNS answer a case gives was asked for by the planner (otherwise the
    // case would test an answer the engine never reads).
    for case in table() {
        let prepared = prepare(&case);
        let Some(verdicts) = &prepared.verdicts else {
            continue;
        };
        let questions = asked(&prepared, verdicts);
        for answer in &verdicts.dns {
            if case.name.contains("authenticated client") || case.name.contains("never asked") {
                continue; // deliberately answers a question that was not asked
            }
            assert!(
                questions
                    .iter()
                    .any(|q| q.name == answer.name && q.rtype == answer.rtype),
                "{}: {} {} was not asked",
                case.name,
                answer.name,
                answer.rtype
            );
        }
    }
}

#[test]
fn every_test_is_registered_once() {
    // Checked on the default table and on each case's configuration: a name
    // registered twice would fire (and score) twice.
    let mut configs = vec![Config::default()];
    configs.extend(table().iter().filter_map(|case| {
        let value = case.config.as_ref()?;
        Config::from_json(&value.to_string()).ok()
    }));
    for config in configs {
        let engine = Engine::new(config).expect("engine");
        let mut names: Vec<&str> = engine.rules().iter().map(|r| r.name.as_ref()).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a test is registered twice");
    }
}

/// Reorders a list by sort keys.
fn permute<T: Clone>(items: &[T], keys: &[u64]) -> Vec<T> {
    let mut indexed: Vec<(u64, usize)> = (0..items.len())
        .map(|i| (keys.get(i).copied().unwrap_or(0), i))
        .collect();
    indexed.sort();
    indexed.into_iter().map(|(_, i)| items[i].clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn answer_order_does_not_change_the_report(
        case_index in 0usize..1024,
        keys in proptest::collection::vec(any::<u64>(), 0..16),
        duplicate in proptest::option::of(0usize..16),
    ) {
        let cases = table();
        let case = &cases[case_index % cases.len()];
        let prepared = prepare(case);
        let Some(verdicts) = &prepared.verdicts else { return Ok(()) };
        let expected = score(&prepared, Some(verdicts));
        let mut shuffled = verdicts.clone();
        shuffled.dns = permute(&verdicts.dns, &keys);
        if let Some(dkim) = &verdicts.auth.dkim {
            shuffled.auth.dkim = Some(permute(dkim, &keys));
        }
        // Repeating an answer changes nothing either.
        if let Some(answer) = duplicate.and_then(|i| verdicts.dns.get(i % verdicts.dns.len().max(1))) {
            shuffled.dns.push(answer.clone());
        }
        let got = score(&prepared, Some(&shuffled));
        prop_assert_eq!(got, expected, "{}", case.name);
        // The questions that follow from the answers do not depend on
        // their order either.
        let mut first = asked(&prepared, verdicts);
        let mut second = asked(&prepared, &shuffled);
        first.sort();
        second.sort();
        prop_assert_eq!(first, second, "{}", case.name);
    }
}
