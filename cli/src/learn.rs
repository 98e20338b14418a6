//! `spamgauge learn`: teaches the Bayes database messages known to be spam or
//! ham, or makes it forget them, then writes it back atomically.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use spamgauge::analysis::date::parse_rfc822_date;
use spamgauge::i18n::group_digits;
use spamgauge::learning::BayesDb;
use spamgauge::learning::bayes::{Class, ForgetOutcome, LearnOutcome, Tokenizer};
use spamgauge::{Engine, Lang, Timestamp};

use crate::score::Source;
use crate::{ConfigArg, Failure, display_path, exit, files, is_stdin, message_files, now};

/// Options of `spamgauge learn`.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("class").required(true).multiple(false))]
pub(crate) struct LearnArgs {
    /// The Bayes database; created if missing, replaced atomically.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    #[command(flatten)]
    config: ConfigArg,
    /// Learn the messages as spam.
    #[arg(long, group = "class")]
    spam: bool,
    /// Learn the messages as ham (wanted mail).
    #[arg(long, group = "class")]
    ham: bool,
    /// Forget the messages (learned earlier as spam or ham).
    #[arg(long, group = "class")]
    forget: bool,
    /// Keep the database to about N tokens: expiry removes the oldest ones
    /// beyond it [default: 150000, as SpamAssassin].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_tokens: Option<u32>,
    /// The current time, in RFC 3339 form, for messages without a usable Date:
    /// field and for expiry [default: the system clock].
    #[arg(long, value_name = "RFC3339", value_parser = now::parse_rfc3339)]
    now: Option<Timestamp>,
    /// Message files, directories (walked recursively, in name order) or `-`
    /// for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// What to do with each message.
#[derive(Debug, Clone, Copy)]
enum Task {
    Learn(Class),
    Forget,
}

/// Why a message was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    NoTokens,
    Unreadable,
    NotAMessage,
}

/// Counts for the summary.
#[derive(Debug, Default)]
struct Summary {
    learned: usize,
    relearned: usize,
    already: usize,
    forgotten_spam: usize,
    forgotten_ham: usize,
    not_learned: usize,
    no_tokens: usize,
    unreadable: usize,
    not_a_message: usize,
}

impl Summary {
    fn changed(&self) -> bool {
        self.learned + self.relearned + self.forgotten_spam + self.forgotten_ham > 0
    }

    fn input_errors(&self) -> usize {
        self.unreadable + self.not_a_message
    }

    fn skipped(&self) -> usize {
        self.no_tokens + self.unreadable + self.not_a_message
    }

    fn count(&mut self, skip: Skip) {
        match skip {
            Skip::NoTokens => self.no_tokens += 1,
            Skip::Unreadable => self.unreadable += 1,
            Skip::NotAMessage => self.not_a_message += 1,
        }
    }
}

/// A class as a word.
fn class_word(class: Class) -> &'static str {
    match class {
        Class::Spam => "spam",
        Class::Ham => "ham",
    }
}

/// A count with thousands separators.
fn count(n: usize) -> String {
    group_digits(u64::try_from(n).unwrap_or(u64::MAX), Lang::En)
}

pub(crate) fn run(args: &LearnArgs) -> Result<u8, Failure> {
    let task = if args.spam {
        Task::Learn(Class::Spam)
    } else if args.ham {
        Task::Learn(Class::Ham)
    } else {
        Task::Forget
    };
    let now = args.now.unwrap_or_else(now::system_now);
    let mut db = load(&args.db)?;
    if let Some(max) = args.max_tokens {
        let mut settings = *db.settings();
        settings.max_tokens = usize::try_from(max).unwrap_or(usize::MAX);
        // SpamAssassin never expires below 100,000 tokens; a smaller bound
        // asked for explicitly lowers that floor to what expiry aims for.
        settings.min_tokens_kept = settings.min_tokens_kept.min(settings.max_tokens / 4 * 3);
        db = db.with_settings(settings);
    }

    let mut summary = Summary::default();
    let sources = collect(&args.paths, &mut summary);
    let engine = args.config.engine(args.config.read()?)?;
    let tokenizer = Tokenizer::default();
    let bar = progress_bar(sources.len());
    for path in &sources {
        let source = Source::new(path);
        let name = source.name();
        bar.set_message(name.clone());
        if let Err(skip) = one(
            &engine,
            &tokenizer,
            &mut db,
            task,
            &source,
            now,
            &mut summary,
        ) {
            summary.count(skip.0);
            bar.suspend(|| eprintln!("spamgauge: {name}: {}", skip.1));
        }
        bar.inc(1);
    }
    bar.finish_and_clear();

    let expiry_wanted = args
        .max_tokens
        .is_some_and(|max| db.len() > usize::try_from(max).unwrap_or(usize::MAX));
    let expired = if db.expiry_due(now) || expiry_wanted {
        let outcome = db.expire(now);
        outcome.expired + outcome.evicted
    } else {
        0
    };
    if summary.changed() || expired > 0 {
        files::write_atomically(&args.db, &db.to_bytes()).map_err(|error| {
            Failure::Fatal(format!("{}: cannot write: {error}", display_path(&args.db)))
        })?;
    }
    write_summary(&summary, task, &db, &args.db, expired)?;
    Ok(if summary.input_errors() > 0 {
        exit::INPUT
    } else {
        exit::OK
    })
}

/// Reads the database; a missing file is a new, empty one.
fn load(path: &Path) -> Result<BayesDb, Failure> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(BayesDb::new()),
        Err(error) => {
            return Err(Failure::Fatal(format!(
                "{}: cannot read: {error}",
                display_path(path)
            )));
        }
    };
    BayesDb::from_bytes(&bytes)
        .map_err(|error| Failure::Fatal(format!("{}: {error}", display_path(path))))
}

/// Every message to learn, in order (`-` is standard input); directories are
/// walked as `score` walks them. Entries that cannot be listed count as
/// unreadable.
fn collect(paths: &[PathBuf], summary: &mut Summary) -> Vec<PathBuf> {
    let mut sources = Vec::new();
    for path in paths {
        if is_stdin(path) || !path.is_dir() {
            sources.push(path.clone());
            continue;
        }
        for entry in message_files(path) {
            match entry {
                Ok(file) => sources.push(file),
                Err((at, error)) => {
                    eprintln!("spamgauge: {at}: {error}");
                    summary.count(Skip::Unreadable);
                }
            }
        }
    }
    sources
}

/// A progress bar on standard error, drawn only when it is a terminal.
fn progress_bar(len: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(u64::try_from(len).unwrap_or(u64::MAX)),
        ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {eta} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// Learns or forgets one message.
fn one(
    engine: &Engine,
    tokenizer: &Tokenizer,
    db: &mut BayesDb,
    task: Task,
    source: &Source<'_>,
    now: Timestamp,
    summary: &mut Summary,
) -> Result<(), (Skip, String)> {
    let bytes = source
        .read()
        .map_err(|error| (Skip::Unreadable, format!("cannot read: {error}")))?;
    let analysis = engine
        .analyze(&bytes)
        .map_err(|error| (Skip::NotAMessage, format!("not a message: {error}")))?;
    let tokens = tokenizer.tokens(&analysis);
    match task {
        Task::Learn(class) => {
            // The message's own date dates its tokens, as when it arrived; a
            // date in the future (forged, or a wrong clock) counts as now, so
            // that expiry never keeps its tokens forever.
            let when = analysis
                .headers
                .first("Date")
                .and_then(parse_rfc822_date)
                .map_or(now, |date| date.min(now));
            match db.learn(&tokens, class, when) {
                LearnOutcome::Learned => summary.learned += 1,
                LearnOutcome::Relearned => summary.relearned += 1,
                LearnOutcome::AlreadyLearned => summary.already += 1,
                // `NoTokens`, and any outcome a later version adds, changes
                // nothing.
                _ => return Err((Skip::NoTokens, "skipped: no tokens to learn".to_owned())),
            }
        }
        Task::Forget => match db.forget(&tokens) {
            ForgetOutcome::Forgotten(Class::Spam) => summary.forgotten_spam += 1,
            ForgetOutcome::Forgotten(Class::Ham) => summary.forgotten_ham += 1,
            _ => summary.not_learned += 1,
        },
    }
    Ok(())
}

fn write_summary(
    summary: &Summary,
    task: Task,
    db: &BayesDb,
    path: &Path,
    expired: usize,
) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match task {
        Task::Learn(class) => {
            let (class, other) = (class_word(class), class_word(class.other()));
            writeln!(out, "learned as {class}: {}", summary.learned)?;
            writeln!(
                out,
                "relearned (moved from {other} to {class}): {}",
                summary.relearned
            )?;
            writeln!(out, "already learned as {class}: {}", summary.already)?;
        }
        Task::Forget => {
            writeln!(
                out,
                "forgotten: {} ({} spam, {} ham)",
                summary.forgotten_spam + summary.forgotten_ham,
                summary.forgotten_spam,
                summary.forgotten_ham
            )?;
            writeln!(out, "not learned before: {}", summary.not_learned)?;
        }
    }
    writeln!(
        out,
        "skipped: {} (no tokens: {}, unreadable: {}, not a message: {})",
        summary.skipped(),
        summary.no_tokens,
        summary.unreadable,
        summary.not_a_message
    )?;
    if expired > 0 {
        writeln!(out, "expired: {} old tokens", count(expired))?;
    }
    let state = if summary.changed() || expired > 0 {
        "written"
    } else {
        "unchanged"
    };
    writeln!(
        out,
        "database {} ({state}): {} spam, {} ham, {} tokens{}",
        display_path(path),
        db.nspam(),
        db.nham(),
        count(db.len()),
        if db.is_usable() {
            String::new()
        } else {
            format!(
                "; not used for scoring until it holds {} spam and {} ham",
                db.settings().min_spam,
                db.settings().min_ham
            )
        }
    )?;
    out.flush()?;
    Ok(())
}
