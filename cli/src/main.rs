//! `spamgauge`: score messages, explain tests and list them from the command line.
//!
//! The engine itself (`spamgauge` crate) does no I/O; this binary is where files,
//! standard input and the clock live.

mod explain;
mod files;
mod learn;
mod lookups;
mod now;
mod score;
mod state;
mod tests_list;

use std::io;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use spamgauge::{Lang, Profile};

/// Exit codes, documented in the README and in `--help`.
mod exit {
    /// Every input was scored or learned (whatever the verdicts).
    pub const OK: u8 = 0;
    /// Nothing could be done: a bad option value, an unknown test, an
    /// unreadable or invalid verdicts, envelope, state or Bayes file, a state
    /// or database that cannot be written.
    pub const FAILURE: u8 = 1;
    /// The command line could not be parsed (clap's own code).
    pub const USAGE: u8 = 2;
    /// Some inputs could not be read or are not messages; all others were scored.
    pub const INPUT: u8 = 3;
}

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  every input was scored or learned (spam or not)
  1  nothing was done: invalid option value, unknown test, unreadable or
     invalid --verdicts, --envelope, --state or --bayes-db/--db file, or a
     state or database file that could not be written
  2  the command line could not be parsed
  3  some inputs could not be read or are not messages; the others were
     scored or learned";

/// Scores e-mail messages with SpamAssassin 4.0.1's tests and explains why.
#[derive(Debug, Parser)]
#[command(name = "spamgauge", version, about, after_help = EXIT_CODES_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scores messages: files, directories (walked recursively, in name order) or `-` for standard input.
    Score(score::ScoreArgs),
    /// Explains one test: what it detects, what it means, how to fix it, its scores.
    Explain(explain::ExplainArgs),
    /// Lists every test with its scores in the four score sets.
    Tests(tests_list::TestsArgs),
    /// Prints, as JSON, the DNS questions that matter for one message: resolve
    /// them and pass the answers to `score --verdicts`.
    Lookups(lookups::LookupsArgs),
    /// Teaches the Bayes database messages known to be spam or ham, or makes
    /// it forget them.
    Learn(learn::LearnArgs),
}

/// `--lang`: the language of descriptions and explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
enum LangArg {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::En => Lang::En,
            LangArg::Fr => Lang::Fr,
        }
    }
}

/// `--profile`: which kind of filter decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
enum ProfileArg {
    /// SpamAssassin's inbound filter: spam at or above the threshold (5.0 by default).
    #[default]
    Inbound,
    /// Outbound filter: score clamped to 0…15, blocked above the threshold (3.0 by default).
    Outbound,
}

impl From<ProfileArg> for Profile {
    fn from(profile: ProfileArg) -> Self {
        match profile {
            ProfileArg::Inbound => Profile::Inbound,
            ProfileArg::Outbound => Profile::Outbound,
        }
    }
}

/// What went wrong for the whole command.
#[derive(Debug)]
enum Failure {
    /// A message for the user; exit code 1.
    Fatal(String),
    /// Writing to standard output failed.
    Output(io::Error),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Output(error)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version requests are not errors.
            let code = if error.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            // Nothing better to do if the terminal is gone.
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Score(args) => score::run(&args),
        Command::Explain(args) => explain::run(&args).map(|()| exit::OK),
        Command::Tests(args) => tests_list::run(&args).map(|()| exit::OK),
        Command::Lookups(args) => lookups::run(&args),
        Command::Learn(args) => learn::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`spamgauge score … | head`) is the reader's choice.
        Err(Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::from(exit::OK)
        }
        Err(Failure::Output(error)) => {
            eprintln!("spamgauge: cannot write the output: {error}");
            ExitCode::from(exit::FAILURE)
        }
        Err(Failure::Fatal(message)) => {
            eprintln!("spamgauge: {message}");
            ExitCode::from(exit::FAILURE)
        }
    }
}

/// Paths as given on the command line, for messages and JSON.
fn display_path(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A number with one language's decimal separator, as short as it can be
/// (`2.739`, `1.8`; `2,739` in French).
fn decimal(value: f64, lang: Lang) -> String {
    let text = value.to_string();
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

/// Columns of the wrapped paragraphs of `explain`.
const WIDTH: usize = 76;

/// A paragraph wrapped at [`WIDTH`] columns at spaces, each line indented by
/// four spaces; a word longer than a line stays whole.
fn indent_wrapped(text: &str) -> String {
    const INDENT: &str = "    ";
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::from(INDENT);
    for word in text.split_whitespace() {
        let width = line.chars().count();
        if width > INDENT.len() && width + 1 + word.chars().count() > WIDTH {
            lines.push(std::mem::replace(&mut line, String::from(INDENT)));
        }
        if line.len() > INDENT.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

/// Whether a file or directory is hidden (name starting with `.`): such
/// entries are skipped when a directory is walked.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Every file under `root` (taken as a message), in name order at each
/// level. Hidden files and directories are skipped, as `.gitattributes` or
/// editor files are not messages; `root` itself is always walked. An entry
/// that cannot be listed comes as an error with its path, as displayed.
fn message_files(
    root: &std::path::Path,
) -> impl Iterator<Item = Result<std::path::PathBuf, (String, walkdir::Error)>> + '_ {
    let walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    walk.filter_map(move |entry| match entry {
        // `is_file` follows symbolic links: a link to a message is taken, a
        // link to a directory is not walked (no cycles).
        Ok(entry) if entry.path().is_file() => Some(Ok(entry.into_path())),
        Ok(_) => None,
        Err(error) => Some(Err((display_path(error.path().unwrap_or(root)), error))),
    })
}

/// `--config` and `--rules`: the engine's configuration and the site's own
/// rule files.
#[derive(Debug, clap::Args)]
struct ConfigArg {
    /// The engine's configuration, as JSON (the fields of the library's
    /// `Config`: trusted_networks, msa_networks, scores, dns_lists, limits, …)
    /// [default: the built-in defaults].
    #[arg(long, value_name = "FILE.json")]
    config: Option<std::path::PathBuf>,
    /// A rule file in SpamAssassin's language (local.cf: header, body,
    /// rawbody, uri, meta, score, describe, tflags), read after the
    /// configuration's own rules. Repeatable.
    #[arg(long = "rules", value_name = "FILE.cf")]
    rules: Vec<std::path::PathBuf>,
}

impl ConfigArg {
    /// The configuration in the file, or the default one, with the rule
    /// files' texts appended to its custom rules.
    fn read(&self) -> Result<spamgauge::Config, Failure> {
        let mut config = self.config.as_deref().map_or_else(
            || Ok(spamgauge::Config::default()),
            |path| files::read_json(path).map_err(Failure::Fatal),
        )?;
        for path in &self.rules {
            let text = std::fs::read_to_string(path).map_err(|error| {
                Failure::Fatal(format!("{}: cannot read: {error}", display_path(path)))
            })?;
            config = config.custom_rules(text);
        }
        Ok(config)
    }

    /// The engine built from `config` (as [`read`](Self::read) returned
    /// it); an error names the file it came from, and the line of a rule
    /// file.
    fn engine(&self, config: spamgauge::Config) -> Result<spamgauge::Engine, Failure> {
        let own_rules = config.custom_rules.len().saturating_sub(self.rules.len());
        spamgauge::Engine::new(config).map_err(|error| {
            let rule_file = match &error {
                spamgauge::ConfigError::CustomRule { file, .. } => file
                    .checked_sub(own_rules)
                    .and_then(|at| self.rules.get(at)),
                _ => None,
            };
            Failure::Fatal(match (rule_file, &error, &self.config) {
                (
                    Some(path),
                    spamgauge::ConfigError::CustomRule {
                        line,
                        rule,
                        problem,
                        ..
                    },
                    _,
                ) => {
                    let rule = rule
                        .as_deref()
                        .map(|rule| format!(" rule `{rule}`:"))
                        .unwrap_or_default();
                    format!("{}:{line}:{rule} {problem}", display_path(path))
                }
                (_, _, Some(path)) => format!("{}: {error}", display_path(path)),
                (_, _, None) => error.to_string(),
            })
        })
    }
}

/// A path argument: `-` means standard input.
fn is_stdin(path: &std::path::Path) -> bool {
    path == std::path::Path::new("-")
}
