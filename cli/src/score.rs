//! `spamgauge score`: reads messages from files, directories or standard input,
//! scores each one and prints a text report or one JSON object per line.

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use spamgauge::analysis::LimitHit;
use spamgauge::{Config, Decision, Engine, Inputs, Lang, Profile, Report, ScoreSet, Timestamp};
use walkdir::WalkDir;

use crate::{Failure, LangArg, ProfileArg, display_path, exit, is_stdin, now};

/// Options of `spamgauge score`.
#[derive(Debug, clap::Args)]
pub(crate) struct ScoreArgs {
    /// Print one JSON object per message (JSON Lines) instead of the text report.
    #[arg(long)]
    json: bool,
    /// Which kind of filter decides.
    #[arg(long, value_enum, default_value_t = ProfileArg::Inbound)]
    profile: ProfileArg,
    /// Language of descriptions and explanations.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Decision threshold [default: 5.0 inbound, 3.0 outbound].
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    threshold: Option<f64>,
    /// When the messages are received, in RFC 3339 form (e.g. 2026-11-23T10:00:00Z)
    /// [default: the system clock].
    #[arg(long, value_name = "RFC3339", value_parser = now::parse_rfc3339)]
    now: Option<Timestamp>,
    /// Message files, directories (walked recursively, in name order) or `-` for
    /// standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// One message in `--json` output. Field order is the output order.
#[derive(Debug, Serialize)]
struct MessageJson<'a> {
    path: String,
    score: f64,
    threshold: f64,
    is_spam: bool,
    decision: Decision,
    profile: Profile,
    score_set: ScoreSet,
    /// Sorted by name (byte order), so the output does not depend on the order
    /// tests are evaluated in.
    tests: Vec<TestJson<'a>>,
    limits_hit: &'a [LimitHit],
    x_spam_status: String,
}

/// One test that fired, in `--json` output.
#[derive(Debug, Serialize)]
struct TestJson<'a> {
    name: &'a str,
    score: f64,
    family: &'a str,
    description: &'a str,
    evidence: &'a str,
}

/// Where a message comes from.
enum Source<'a> {
    Stdin,
    File(&'a Path),
}

impl Source<'_> {
    fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_owned(),
            Source::File(path) => display_path(path),
        }
    }

    fn read(&self) -> io::Result<Vec<u8>> {
        match self {
            Source::Stdin => {
                let mut bytes = Vec::new();
                io::stdin().lock().read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            Source::File(path) => fs::read(path),
        }
    }
}

/// Everything shared while scoring the inputs of one command.
struct Scorer<'a, W: Write> {
    engine: Engine,
    inputs: Inputs<'a>,
    json: bool,
    lang: Lang,
    out: W,
    scored: usize,
    failed: usize,
}

pub(crate) fn run(args: &ScoreArgs) -> Result<u8, Failure> {
    let mut config = Config::default().profile(args.profile.into());
    if let Some(threshold) = args.threshold {
        config = config.threshold(threshold);
    }
    let engine = Engine::new(config).map_err(|error| Failure::Fatal(error.to_string()))?;
    let now = args.now.unwrap_or_else(now::system_now);
    let mut scorer = Scorer {
        engine,
        inputs: Inputs::default().now(now),
        json: args.json,
        lang: args.lang.into(),
        out: BufWriter::new(io::stdout().lock()),
        scored: 0,
        failed: 0,
    };
    for path in &args.paths {
        if is_stdin(path) {
            scorer.message(&Source::Stdin)?;
        } else if path.is_dir() {
            scorer.directory(path)?;
        } else {
            scorer.message(&Source::File(path))?;
        }
    }
    scorer.out.flush()?;
    Ok(if scorer.failed > 0 {
        exit::INPUT
    } else {
        exit::OK
    })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

impl<W: Write> Scorer<'_, W> {
    /// Scores every file under `root`, in name order at each level. Hidden
    /// files and directories (name starting with `.`) are skipped, as
    /// `.gitattributes` or editor files are not messages; `root` itself is
    /// always walked.
    fn directory(&mut self, root: &Path) -> Result<(), Failure> {
        let walk = WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walk {
            match entry {
                // `is_file` follows symbolic links: a link to a message is scored,
                // a link to a directory is not walked (no cycles).
                Ok(entry) if entry.path().is_file() => {
                    self.message(&Source::File(entry.path()))?;
                }
                Ok(_) => {}
                Err(error) => {
                    let at = error.path().unwrap_or(root);
                    self.fail(&display_path(at), &error.to_string());
                }
            }
        }
        Ok(())
    }

    fn message(&mut self, source: &Source<'_>) -> Result<(), Failure> {
        let name = source.name();
        let bytes = match source.read() {
            Ok(bytes) => bytes,
            Err(error) => {
                self.fail(&name, &format!("cannot read: {error}"));
                return Ok(());
            }
        };
        let report = match self.engine.check(&bytes, &self.inputs) {
            Ok(report) => report,
            Err(error) => {
                self.fail(&name, &format!("not a message: {error}"));
                return Ok(());
            }
        };
        if self.json {
            self.write_json(&name, &report)?;
        } else {
            self.write_text(&name, &report)?;
        }
        // Keep reports and errors in order when both go to a terminal.
        self.out.flush()?;
        self.scored += 1;
        Ok(())
    }

    fn fail(&mut self, name: &str, message: &str) {
        // Reports already written come before the error.
        let _ = self.out.flush();
        eprintln!("spamgauge: {name}: {message}");
        self.failed += 1;
    }

    fn write_json(&mut self, name: &str, report: &Report) -> Result<(), Failure> {
        let mut tests: Vec<TestJson<'_>> = report
            .hits
            .iter()
            .map(|hit| TestJson {
                name: &hit.name,
                score: hit.score,
                family: hit.family.as_str(),
                description: hit.description.get(self.lang),
                evidence: hit.evidence.get(self.lang),
            })
            .collect();
        // Stable: a test that fired twice keeps its evaluation order.
        tests.sort_by(|a, b| a.name.cmp(b.name));
        let message = MessageJson {
            path: name.to_owned(),
            score: report.score,
            threshold: report.threshold,
            is_spam: report.is_spam,
            decision: report.decision,
            profile: report.profile,
            score_set: report.score_set,
            tests,
            limits_hit: &report.limits_hit,
            x_spam_status: report.x_spam_status(),
        };
        serde_json::to_writer(&mut self.out, &message).map_err(io::Error::from)?;
        writeln!(self.out)?;
        Ok(())
    }

    fn write_text(&mut self, name: &str, report: &Report) -> Result<(), Failure> {
        if self.scored > 0 {
            writeln!(self.out)?;
        }
        writeln!(self.out, "==> {name} <==")?;
        writeln!(self.out, "X-Spam-Status: {}", report.x_spam_status())?;
        writeln!(self.out, "X-Spam-Level: {}", report.x_spam_level())?;
        writeln!(self.out)?;
        write!(self.out, "{}", report.to_text(self.lang))?;
        Ok(())
    }
}
