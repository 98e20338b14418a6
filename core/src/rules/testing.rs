//! Helpers shared by the unit tests of the test families: run a family's
//! tests over one message and see what fires.

use crate::analysis::Analysis;
use crate::config::Limits;
use crate::engine::Inputs;
use crate::rules::{Evidence, Rule, RuleContext, ScoreSet};
use crate::{Config, Engine, Report};

/// The analysis of `message` with the default limits (empty when it is not a
/// message at all).
pub(crate) fn analyse(message: &str) -> Analysis {
    Analysis::build(message.as_bytes(), &Limits::default()).unwrap_or_default()
}

/// What a check sees: `analysis` and `inputs`, score set 0, no earlier hit.
fn context<'a>(analysis: &'a Analysis, inputs: &'a Inputs<'a>) -> RuleContext<'a> {
    RuleContext {
        analysis,
        inputs,
        set: ScoreSet::LOCAL,
        hits: &[],
    }
}

/// The names of the `rules` that fire over `analysis` and `inputs`, in order.
pub(crate) fn fired(rules: Vec<Rule>, analysis: &Analysis, inputs: &Inputs<'_>) -> Vec<String> {
    let context = context(analysis, inputs);
    rules
        .into_iter()
        .filter(|rule| (rule.check)(&context).is_some())
        .map(|rule| rule.name.into_owned())
        .collect()
}

/// The evidence of the test `name` among `rules`, when it fires over
/// `analysis` with no inputs.
pub(crate) fn evidence(rules: Vec<Rule>, name: &str, analysis: &Analysis) -> Option<Evidence> {
    let rule = rules.into_iter().find(|rule| rule.name == name)?;
    let inputs = Inputs::default();
    (rule.check)(&context(analysis, &inputs)).map(|fired| fired.evidence)
}

/// Asserts that every test of `hit` fired in `report` and none of `silent`.
#[track_caller]
pub(crate) fn assert_hits(report: &Report, hit: &[&str], silent: &[&str]) {
    for name in hit {
        assert!(report.hit(name).is_some(), "{name} in {:?}", report.hits);
    }
    for name in silent {
        assert!(report.hit(name).is_none(), "{name}");
    }
}

/// The names of the tests the whole engine, built from `config`, fires on
/// `message` with no inputs, in report order (for tests that read other
/// tests' hits).
pub(crate) fn engine_fired(config: Config, message: &str) -> Vec<String> {
    let engine = Engine::new(config).expect("a valid configuration");
    let report = engine
        .check(message.as_bytes(), &Inputs::default())
        .expect("a message");
    report.hits.into_iter().map(|hit| hit.name).collect()
}
