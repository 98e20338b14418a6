//! `spamgauge score`: reads messages from files, directories or standard input,
//! scores each one and prints a text report or one JSON object per line.

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::Serialize;
use spamgauge::analysis::LimitHit;
use spamgauge::learning::BayesDb;
use spamgauge::learning::awl;
use spamgauge::learning::reputation::{Event, ReputationKey, Verdict};
use spamgauge::report::{Action, ActionKind};
use spamgauge::verdicts::Verdicts;
use spamgauge::{Decision, Engine, Inputs, Lang, Profile, Report, ScoreSet, Timestamp};

use crate::state::State;
use crate::{
    ConfigArg, Failure, LangArg, ProfileArg, display_path, exit, is_stdin, message_files, now,
};

/// Options of `spamgauge score`.
#[derive(Debug, clap::Args)]
pub(crate) struct ScoreArgs {
    /// Print one JSON object per message (JSON Lines) instead of the text report.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    config: ConfigArg,
    /// Which kind of filter decides [default: the configuration's, else inbound].
    #[arg(long, value_enum)]
    profile: Option<ProfileArg>,
    /// Language of descriptions and explanations.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Decision threshold [default: 5.0 inbound, 3.0 outbound].
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    threshold: Option<f64>,
    /// When the messages are received, in RFC 3339 form (e.g. 2026-11-23T10:00:00Z)
    /// [default: the verdicts' `envelope.now`, else the system clock].
    #[arg(long, value_name = "RFC3339", value_parser = now::parse_rfc3339)]
    now: Option<Timestamp>,
    /// Network verdicts for the messages, as JSON: SMTP envelope, SPF/DKIM/DMARC
    /// results and DNS answers (the questions `spamgauge lookups` prints).
    #[arg(long, value_name = "FILE.json")]
    verdicts: Option<PathBuf>,
    /// The Bayes database written by `spamgauge learn` (read only; it must
    /// exist). Bayes is used once it holds 200 spam and 200 ham.
    #[arg(long, value_name = "FILE")]
    bayes_db: Option<PathBuf>,
    /// State kept between runs (auto-whitelist, client reputation), as JSON;
    /// created if missing, updated after scoring.
    #[arg(long, value_name = "FILE.json")]
    state: Option<PathBuf>,
    /// The connecting client's IP: its reputation is checked before each
    /// message and the message recorded as spam or ham (needs --state).
    #[arg(long, value_name = "IP", requires = "state")]
    client_ip: Option<IpAddr>,
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
    action: &'a Action,
    smtp_reply: Option<&'a str>,
    profile: Profile,
    score_set: ScoreSet,
    /// Sorted by name (byte order), so the output does not depend on the order
    /// tests are evaluated in.
    tests: Vec<TestJson<'a>>,
    limits_hit: &'a [LimitHit],
    x_spam_status: String,
    /// Only with `--client-ip`.
    #[serde(skip_serializing_if = "Option::is_none")]
    reputation: Option<ReputationJson>,
}

/// The client's reputation before the message, in `--json` output.
#[derive(Debug, Serialize)]
struct ReputationJson {
    client: IpAddr,
    /// `accept`, `tempfail` or `block`.
    verdict: &'static str,
    /// The SMTP reply to give; `null` when accepting.
    reply: Option<String>,
}

impl ReputationJson {
    fn new(client: IpAddr, verdict: &Verdict) -> Self {
        Self {
            client,
            verdict: verdict_word(verdict),
            reply: verdict.reply(),
        }
    }
}

fn verdict_word(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::Accept => "accept",
        Verdict::TempFail { .. } => "tempfail",
        // `Block`, and whatever refusal a later version adds.
        _ => "block",
    }
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
pub(crate) enum Source<'a> {
    Stdin,
    File(&'a Path),
}

impl<'a> Source<'a> {
    /// A path argument: `-` is standard input.
    pub(crate) fn new(path: &'a Path) -> Self {
        if is_stdin(path) {
            Source::Stdin
        } else {
            Source::File(path)
        }
    }

    /// The name used in output and errors.
    pub(crate) fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_owned(),
            Source::File(path) => display_path(path),
        }
    }

    /// The message's bytes.
    pub(crate) fn read(&self) -> io::Result<Vec<u8>> {
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
    now: Timestamp,
    /// With `--state`: read before the first message, updated after each.
    state: Option<State>,
    /// With `--client-ip`.
    client: Option<IpAddr>,
    json: bool,
    lang: Lang,
    out: W,
    scored: usize,
    failed: usize,
}

pub(crate) fn run(args: &ScoreArgs) -> Result<u8, Failure> {
    let mut config = args.config.read()?;
    if let Some(profile) = args.profile {
        config = config.profile(profile.into());
    }
    if let Some(threshold) = args.threshold {
        config = config.threshold(threshold);
    }
    let engine = args.config.engine(config)?;
    let verdicts = args.verdicts.as_deref().map(read_verdicts).transpose()?;
    let bayes = args.bayes_db.as_deref().map(read_bayes).transpose()?;
    let state = args
        .state
        .as_deref()
        .map(State::load)
        .transpose()
        .map_err(Failure::Fatal)?;
    let now = args
        .now
        .or_else(|| verdicts.as_ref()?.envelope.as_ref()?.now)
        .unwrap_or_else(now::system_now);
    let mut inputs = Inputs::default().now(now);
    if let Some(verdicts) = &verdicts {
        inputs = inputs.verdicts(verdicts);
    }
    if let Some(bayes) = &bayes {
        inputs = inputs.bayes(bayes);
    }
    let mut scorer = Scorer {
        engine,
        inputs,
        now,
        state,
        client: args.client_ip,
        json: args.json,
        lang: args.lang.into(),
        out: BufWriter::new(io::stdout().lock()),
        scored: 0,
        failed: 0,
    };
    let result = scorer.all(&args.paths);
    // What was learned from the messages scored so far is kept even when
    // writing the reports failed (e.g. a closed pipe).
    if let (Some(path), Some(state)) = (&args.state, &mut scorer.state) {
        state.reputation.prune(now);
        state.save(path).map_err(|error| {
            Failure::Fatal(format!("{}: cannot write: {error}", display_path(path)))
        })?;
    }
    result?;
    Ok(if scorer.failed > 0 {
        exit::INPUT
    } else {
        exit::OK
    })
}

/// Reads `--verdicts`; a malformed file is fatal, with the field named.
pub(crate) fn read_verdicts(path: &Path) -> Result<Verdicts, Failure> {
    let text = fs::read_to_string(path)
        .map_err(|error| Failure::Fatal(format!("{}: cannot read: {error}", display_path(path))))?;
    Verdicts::from_json(&text)
        .map_err(|error| Failure::Fatal(format!("{}: {error}", display_path(path))))
}

/// Reads `--bayes-db`, which must exist, and says on standard error when it
/// has not learned enough to be used.
fn read_bayes(path: &Path) -> Result<BayesDb, Failure> {
    let bytes = fs::read(path)
        .map_err(|error| Failure::Fatal(format!("{}: cannot read: {error}", display_path(path))))?;
    let db = BayesDb::from_bytes(&bytes)
        .map_err(|error| Failure::Fatal(format!("{}: {error}", display_path(path))))?;
    if !db.is_usable() {
        let settings = db.settings();
        eprintln!(
            "spamgauge: note: {} has learned {} spam and {} ham; Bayes is used from {} spam \
             and {} ham on, so these messages are scored without it",
            display_path(path),
            db.nspam(),
            db.nham(),
            settings.min_spam,
            settings.min_ham,
        );
    }
    Ok(db)
}

impl<W: Write> Scorer<'_, W> {
    fn all(&mut self, paths: &[PathBuf]) -> Result<(), Failure> {
        for path in paths {
            if !is_stdin(path) && path.is_dir() {
                self.directory(path)?;
            } else {
                self.message(&Source::new(path))?;
            }
        }
        self.out.flush()?;
        Ok(())
    }

    /// Scores every file under `root`, as [`message_files`] lists them.
    fn directory(&mut self, root: &Path) -> Result<(), Failure> {
        for entry in message_files(root) {
            match entry {
                Ok(file) => self.message(&Source::File(&file))?,
                Err((at, error)) => self.fail(&at, &error.to_string()),
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
        let analysis = match self.engine.analyze(&bytes) {
            Ok(analysis) => analysis,
            Err(error) => {
                self.fail(&name, &format!("not a message: {error}"));
                return Ok(());
            }
        };
        let mut inputs = self.inputs;
        let awl_key = self.state.as_ref().and_then(|_| awl::key(&analysis));
        let awl_entry = self
            .state
            .as_ref()
            .zip(awl_key.as_ref())
            .and_then(|(state, key)| state.awl.get(key));
        if let Some(entry) = awl_entry {
            inputs = inputs.awl(entry);
        }
        // The reputation as the client found it when it connected, before
        // this message counts.
        let reputation = self.state.as_ref().zip(self.client).map(|(state, ip)| {
            let verdict = state.reputation.check(&ReputationKey::ip(ip), self.now);
            (ip, verdict)
        });
        let report = self.engine.score(&analysis, &inputs);
        if let Some(state) = &mut self.state {
            if let Some(key) = &awl_key {
                state.awl.store(key, awl::update(awl_entry, &report));
            }
            if let Some(ip) = self.client {
                let event = if report.is_spam {
                    Event::Spam
                } else {
                    Event::Ham
                };
                state
                    .reputation
                    .record(&ReputationKey::ip(ip), event, self.now);
            }
        }
        let reputation = reputation.as_ref().map(|(ip, verdict)| (*ip, verdict));
        if self.json {
            self.write_json(&name, &report, reputation)?;
        } else {
            self.write_text(&name, &report, reputation)?;
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

    fn write_json(
        &mut self,
        name: &str,
        report: &Report,
        reputation: Option<(IpAddr, &Verdict)>,
    ) -> Result<(), Failure> {
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
            action: &report.action,
            smtp_reply: report.smtp_reply.as_deref(),
            profile: report.profile,
            score_set: report.score_set,
            tests,
            limits_hit: &report.limits_hit,
            x_spam_status: report.x_spam_status(),
            reputation: reputation.map(|(ip, verdict)| ReputationJson::new(ip, verdict)),
        };
        serde_json::to_writer(&mut self.out, &message).map_err(io::Error::from)?;
        writeln!(self.out)?;
        Ok(())
    }

    fn write_text(
        &mut self,
        name: &str,
        report: &Report,
        reputation: Option<(IpAddr, &Verdict)>,
    ) -> Result<(), Failure> {
        if self.scored > 0 {
            writeln!(self.out)?;
        }
        writeln!(self.out, "==> {name} <==")?;
        writeln!(self.out, "X-Spam-Status: {}", report.x_spam_status())?;
        writeln!(self.out, "X-Spam-Level: {}", report.x_spam_level())?;
        let labels = TextLabels::new(self.lang);
        let action = &report.action;
        let kind = match action.kind {
            ActionKind::Accept => labels.accept,
            ActionKind::Reject => labels.reject,
            ActionKind::Tempfail => labels.tempfail,
        };
        match &action.cause {
            Some(cause) => writeln!(self.out, "{} {kind} ({cause})", labels.action)?,
            None => writeln!(self.out, "{} {kind}", labels.action)?,
        }
        if let Some(reply) = &report.smtp_reply {
            writeln!(self.out, "{} {reply}", labels.smtp_reply)?;
        }
        if let Some((ip, verdict)) = reputation {
            let word = match verdict {
                Verdict::Accept => labels.accept,
                Verdict::TempFail { .. } => labels.tempfail,
                _ => labels.reject,
            };
            let (label, colon) = (labels.reputation, labels.colon);
            match verdict.reply() {
                Some(reply) => writeln!(self.out, "{label} [{ip}]{colon}{word} — {reply}")?,
                None => writeln!(self.out, "{label} [{ip}]{colon}{word}")?,
            }
        }
        writeln!(self.out)?;
        write!(self.out, "{}", report.to_text(self.lang))?;
        Ok(())
    }
}

/// The lines the CLI adds to the core's text report, in one language.
struct TextLabels {
    action: &'static str,
    accept: &'static str,
    reject: &'static str,
    tempfail: &'static str,
    smtp_reply: &'static str,
    reputation: &'static str,
    /// `: `, or ` : ` in French.
    colon: &'static str,
}

impl TextLabels {
    fn new(lang: Lang) -> Self {
        match lang {
            Lang::Fr => Self {
                action: "Action :",
                accept: "accepter",
                reject: "refuser",
                tempfail: "refuser temporairement",
                smtp_reply: "Réponse SMTP :",
                reputation: "Réputation du client",
                colon: " : ",
            },
            Lang::En => Self {
                action: "Action:",
                accept: "accept",
                reject: "reject",
                tempfail: "tempfail",
                smtp_reply: "SMTP reply:",
                reputation: "Client reputation",
                colon: ": ",
            },
        }
    }
}
