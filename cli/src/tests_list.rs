//! `spamgauge tests`: every test the engine runs, with its scores.

use std::io::{self, Write};

use serde::Serialize;
use spamgauge::Lang;
use spamgauge::rules::Rule;

use crate::{ConfigArg, Failure, LangArg};

/// Options of `spamgauge tests`.
#[derive(Debug, clap::Args)]
pub(crate) struct TestsArgs {
    /// Print one JSON object per test (JSON Lines) instead of a table.
    #[arg(long)]
    json: bool,
    /// Language of the descriptions.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    #[command(flatten)]
    config: ConfigArg,
}

/// One test as JSON (`spamgauge explain --json` adds its other texts).
#[derive(Debug, Serialize)]
pub(crate) struct TestJson<'a> {
    name: &'a str,
    family: &'a str,
    ours: bool,
    /// Scores in sets 0 (local), 1 (network), 2 (Bayes), 3 (network and Bayes).
    scores: [f64; 4],
    description: &'a str,
}

impl<'a> TestJson<'a> {
    pub(crate) fn new(rule: &'a Rule, lang: Lang) -> Self {
        Self {
            name: &rule.name,
            family: rule.family.as_str(),
            ours: rule.flags.ours,
            scores: rule.scores.0,
            description: rule.text.description.get(lang),
        }
    }
}

pub(crate) fn run(args: &TestsArgs) -> Result<(), Failure> {
    let engine = args.config.engine(args.config.read()?)?;
    let mut rules: Vec<&Rule> = engine.rules().iter().collect();
    rules.sort_by(|a, b| a.name.cmp(&b.name));
    let lang: Lang = args.lang.into();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        for rule in rules {
            serde_json::to_writer(&mut out, &TestJson::new(rule, lang)).map_err(io::Error::from)?;
            writeln!(out)?;
        }
    } else {
        let width = rules
            .iter()
            .map(|rule| rule.name.len())
            .max()
            .unwrap_or(0)
            .max(4);
        let (name, family, description) = match lang {
            Lang::En => ("test", "family", "description"),
            Lang::Fr => ("test", "famille", "description"),
        };
        writeln!(
            out,
            "{name:<width$} {family:<10} {:>7} {:>7} {:>7} {:>7}  {description}",
            "set0", "set1", "set2", "set3"
        )?;
        for rule in rules {
            let [s0, s1, s2, s3] = rule.scores.0;
            writeln!(
                out,
                "{:<width$} {:<10} {s0:>7} {s1:>7} {s2:>7} {s3:>7}  {}",
                rule.name,
                rule.family.as_str(),
                rule.text.description.get(lang)
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
