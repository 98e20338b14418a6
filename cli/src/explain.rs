//! `spamgauge explain TEST`: everything known about one test.

use std::io::{self, Write};

use serde::Serialize;
use spamgauge::Lang;
use spamgauge::rules::Rule;

use crate::tests_list::TestJson;
use crate::{ConfigArg, Failure, LangArg};

/// How many close names an unknown test name suggests, at most.
const MAX_SUGGESTIONS: usize = 5;

/// Names at least this similar (Jaro-Winkler) are suggested.
const SIMILARITY: f64 = 0.85;

/// Options of `spamgauge explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// The test's name, e.g. MIME_HTML_ONLY (case does not matter).
    #[arg(value_name = "TEST")]
    test: String,
    /// Language of the texts.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    config: ConfigArg,
}

#[derive(Debug, Serialize)]
struct ExplainJson<'a> {
    /// What `spamgauge tests --json` says of the test.
    #[serde(flatten)]
    test: TestJson<'a>,
    explanation: &'a str,
    fix: &'a str,
}

pub(crate) fn run(args: &ExplainArgs) -> Result<(), Failure> {
    let engine = args.config.engine(args.config.read()?)?;
    let rules = engine.rules();
    let rule = rules
        .iter()
        .find(|rule| rule.name == args.test.as_str())
        .or_else(|| {
            rules
                .iter()
                .find(|rule| rule.name.eq_ignore_ascii_case(&args.test))
        })
        .ok_or_else(|| Failure::Fatal(unknown_test(&args.test, rules)))?;
    let lang: Lang = args.lang.into();
    let mut out = io::stdout().lock();
    if args.json {
        let json = ExplainJson {
            test: TestJson::new(rule, lang),
            explanation: rule.text.explanation.get(lang),
            fix: rule.text.fix.get(lang),
        };
        serde_json::to_writer(&mut out, &json).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", explanation_text(rule, lang))?;
    }
    out.flush()?;
    Ok(())
}

fn explanation_text(rule: &Rule, lang: Lang) -> String {
    let labels = match lang {
        Lang::En => [
            "Family:",
            "Origin:",
            "Scores (set 0 local / 1 network / 2 Bayes / 3 network + Bayes):",
            "What it means:",
            "How to fix it:",
        ],
        Lang::Fr => [
            "Famille :",
            "Origine :",
            "Scores (jeu 0 local / 1 réseau / 2 Bayes / 3 réseau + Bayes) :",
            "Ce que cela signifie :",
            "Comment y remédier :",
        ],
    };
    let [family, origin, scores, meaning, fix] = labels;
    let origin_text = match (lang, rule.flags.ours) {
        (Lang::En, false) => "SpamAssassin 4.0.1 test",
        (Lang::En, true) => "spamgauge's own test (SpamAssassin has none like it)",
        (Lang::Fr, false) => "test de SpamAssassin 4.0.1",
        (Lang::Fr, true) => "test propre à spamgauge (SpamAssassin n'en a pas d'équivalent)",
    };
    let score_text = rule
        .scores
        .0
        .iter()
        .map(|score| crate::decimal(*score, lang))
        .collect::<Vec<_>>()
        .join(" / ");
    format!(
        "{name} — {description}\n\n\
         {family} {family_name}\n\
         {origin} {origin_text}\n\
         {scores}\n    {score_text}\n\n\
         {meaning}\n{explanation}\n\n\
         {fix}\n{fix_text}\n",
        name = rule.name,
        description = rule.text.description.get(lang),
        family_name = rule.family,
        explanation = crate::indent_wrapped(rule.text.explanation.get(lang)),
        fix_text = crate::indent_wrapped(rule.text.fix.get(lang)),
    )
}

/// The error for a name no test has, with the closest names.
fn unknown_test(name: &str, rules: &[Rule]) -> String {
    let wanted = name.to_ascii_uppercase();
    let mut close: Vec<(f64, &str)> = rules
        .iter()
        .map(|rule| {
            let similarity = if rule.name.contains(wanted.as_str()) && !wanted.is_empty() {
                1.0
            } else {
                strsim::jaro_winkler(&wanted, &rule.name)
            };
            (similarity, rule.name.as_ref())
        })
        .filter(|(similarity, _)| *similarity >= SIMILARITY)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    close.truncate(MAX_SUGGESTIONS);
    if close.is_empty() {
        format!("unknown test `{name}`; `spamgauge tests` lists them all")
    } else {
        let names: Vec<&str> = close.iter().map(|(_, name)| *name).collect();
        format!("unknown test `{name}`; close names: {}", names.join(", "))
    }
}
