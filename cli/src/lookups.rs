//! `spamgauge lookups FILE`: the DNS questions that matter for one message, as
//! JSON, for the caller to resolve and hand back to `score --verdicts`. With
//! `--verdicts`, the questions still unanswered, including those that follow
//! from the answers given (the second round of URI lookups): loop until it
//! prints `[]`.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use spamgauge::verdicts::Envelope;

use crate::score::{Source, read_verdicts};
use crate::{ConfigArg, Failure, exit, files};

/// Options of `spamgauge lookups`.
#[derive(Debug, clap::Args)]
pub(crate) struct LookupsArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// The SMTP envelope, as JSON (the `envelope` object of the verdicts
    /// schema): its client is the connecting relay.
    #[arg(long, value_name = "FILE.json", conflicts_with = "verdicts")]
    envelope: Option<PathBuf>,
    /// Verdicts resolved so far (the schema of `score --verdicts`, envelope
    /// included): prints only the questions they leave unanswered.
    #[arg(long, value_name = "FILE.json")]
    verdicts: Option<PathBuf>,
    /// The message file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    path: PathBuf,
}

pub(crate) fn run(args: &LookupsArgs) -> Result<u8, Failure> {
    let envelope: Envelope = match &args.envelope {
        Some(path) => files::read_json(path).map_err(Failure::Fatal)?,
        None => Envelope::default(),
    };
    let verdicts = args.verdicts.as_deref().map(read_verdicts).transpose()?;
    let engine = args.config.engine(args.config.read()?)?;
    let source = Source::new(&args.path);
    let name = source.name();
    let bytes = match source.read() {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("spamgauge: {name}: cannot read: {error}");
            return Ok(exit::INPUT);
        }
    };
    let analysis = match engine.analyze(&bytes) {
        Ok(analysis) => analysis,
        Err(error) => {
            eprintln!("spamgauge: {name}: not a message: {error}");
            return Ok(exit::INPUT);
        }
    };
    let questions = match &verdicts {
        Some(verdicts) => engine.follow_up(&analysis, verdicts),
        None => engine.lookups(&analysis, &envelope),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    // A JSON array with one question per line: valid JSON, and still easy
    // to read or grep.
    if questions.is_empty() {
        writeln!(out, "[]")?;
    } else {
        writeln!(out, "[")?;
        for (i, question) in questions.iter().enumerate() {
            write!(out, "  ")?;
            serde_json::to_writer(&mut out, question).map_err(io::Error::from)?;
            writeln!(out, "{}", if i + 1 < questions.len() { "," } else { "" })?;
        }
        writeln!(out, "]")?;
    }
    out.flush()?;
    Ok(exit::OK)
}
