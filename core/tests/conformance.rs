//! Conformance with SpamAssassin 4.0.1 on the shared corpus.
//!
//! For every SpamAssassin test the engine implements (non-zero score in set 0),
//! the set of messages it fires on is compared with the set SpamAssassin fired
//! it on (`sa-hits.tsv`, `spamassassin -L`, score set 0). The check fails when a
//! test that SpamAssassin, or spamgauge, fired at least [`MIN_HITS`] times has a
//! Jaccard index (both / either) below [`MIN_JACCARD`].
//!
//! The corpus is found through `SPAMGAUGE_CORPUS`, else at `shared/corpus`
//! beside the workspace or beside one of its parent folders (a worktree);
//! without it the check is skipped with a message.
//! The FREEMAIL tests depend on the list of free-mail domains, which is
//! configuration. Our default list is our own and much shorter than
//! SpamAssassin's, so their semantics are judged with SpamAssassin's list:
//! when its rule files are installed (`/usr/share/spamassassin`, or
//! `SPAMGAUGE_SA_RULES`), the domains of their `freemail_domains` lines are
//! read at test time into [`Freemail`] (a reference, like the corpus, never
//! copied into the repository). Without them those rows are skipped with a
//! message. Either way, the Jaccard indices with the default list are printed.
//!
//! With `SPAMGAUGE_WRITE_CONFORMANCE=1` the table is (re)written to
//! `CONFORMANCE.md` at the workspace root, keeping the hand-written part below
//! [`MARKER`]. It reads 3,000 messages: run it in release mode,
//! `cargo test --release -p spamgauge --test conformance`.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "the harness reads the corpus and the environment; the engine under test does not"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::thread;

use spamgauge::rules::Rule;
use spamgauge::rules::freemail::Freemail;
use spamgauge::{Config, Engine, Inputs, ScoreSet};

/// Tests that fired on fewer messages than this, for SpamAssassin and for us
/// alike, are shown, not judged.
const MIN_HITS: usize = 5;
/// The smallest Jaccard index a judged test may have.
const MIN_JACCARD: f64 = 0.95;
/// Example messages printed per side for a failing test.
const EXAMPLES: usize = 5;
/// SpamAssassin's default `required_score`, to compare verdicts.
const SA_REQUIRED: f64 = 5.0;
/// Everything after this line of CONFORMANCE.md is written by hand and kept.
const MARKER: &str =
    "<!-- Everything below this line is written by hand and kept when the file is regenerated. -->";
const DEFAULT_HAND_WRITTEN: &str = "\n## Known differences\n\nNone recorded yet.\n";
const REGENERATE: &str =
    "SPAMGAUGE_WRITE_CONFORMANCE=1 cargo test --release -p spamgauge --test conformance";

/// One line of `sa-hits.tsv`.
struct Expected {
    path: String,
    label: String,
    sa_score: f64,
    tests: BTreeSet<String>,
}

/// What spamgauge made of one message.
#[derive(Default)]
struct Outcome {
    /// `None` when the file could not be read or is not a message.
    fired: Option<BTreeSet<String>>,
    score: f64,
    error: Option<String>,
}

/// SpamAssassin's files with `freemail_domains` lines (the second is
/// optional).
const SA_FREEMAIL_FILES: [&str; 2] = ["20_freemail_domains.cf", "20_freemail_mailcom_domains.cf"];

/// SpamAssassin's free-mail domains, read from its installed rule files, or
/// `None` when they are not installed.
fn sa_freemail() -> Option<Freemail> {
    let dir = std::env::var_os("SPAMGAUGE_SA_RULES")
        .map_or_else(|| PathBuf::from("/usr/share/spamassassin"), PathBuf::from);
    let main = fs::read_to_string(dir.join(SA_FREEMAIL_FILES[0])).ok()?;
    let mut domains = Freemail::domains_from_cf(&main);
    for file in &SA_FREEMAIL_FILES[1..] {
        if let Ok(text) = fs::read_to_string(dir.join(file)) {
            domains.extend(Freemail::domains_from_cf(&text));
        }
    }
    Some(Freemail::default().domains(domains))
}

/// Metas over a FREEMAIL test whose names do not say so.
const FREEMAIL_METAS: [&str; 1] = ["HK_NAME_FM_MR_MRS"];

/// Tests whose hits depend on the free-mail domain list.
fn depends_on_freemail_list(name: &str) -> bool {
    name.contains("FREEM") || FREEMAIL_METAS.contains(&name)
}

/// One row of the table.
struct Row {
    name: String,
    /// Why the row is shown but not judged, when it is not.
    skipped: Option<&'static str>,
    sa: usize,
    ours: usize,
    both: usize,
    only_sa: Vec<String>,
    only_us: Vec<String>,
}

impl Row {
    fn jaccard(&self) -> f64 {
        let union = self.both + self.only_sa.len() + self.only_us.len();
        if union == 0 {
            1.0
        } else {
            self.both as f64 / union as f64
        }
    }

    /// Judged when SpamAssassin fired it often enough, and also when we fired
    /// it often enough: a test firing on hundreds of messages where
    /// SpamAssassin fired it on none must not pass unnoticed.
    fn judged(&self) -> bool {
        self.skipped.is_none() && (self.sa >= MIN_HITS || self.ours >= MIN_HITS)
    }

    fn fails(&self) -> bool {
        self.judged() && self.jaccard() < MIN_JACCARD
    }

    fn check(&self) -> &'static str {
        match (self.judged(), self.fails()) {
            _ if self.skipped.is_some() => "skipped",
            (false, _) => "not judged",
            (true, false) => "ok",
            (true, true) => "FAIL",
        }
    }
}

fn workspace_root() -> PathBuf {
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    core.parent().unwrap_or(core).to_path_buf()
}

fn corpus_dir(root: &Path) -> PathBuf {
    match std::env::var_os("SPAMGAUGE_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        // Beside the workspace (`/work/main` → `/work/shared`), or beside one
        // of its parents for a worktree (`/work/wt/conf` → `/work/shared`).
        None => root
            .ancestors()
            .skip(1)
            .map(|dir| dir.join("shared/corpus"))
            .find(|dir| dir.join("sa-hits.tsv").is_file())
            .unwrap_or_else(|| root.join("../shared/corpus")),
    }
}

fn read_expected(tsv: &str) -> Result<Vec<Expected>, String> {
    let mut lines = tsv.lines();
    let header = lines.next().unwrap_or_default();
    if header.split('\t').collect::<Vec<_>>() != ["path", "label", "sa_score", "tests"] {
        return Err(format!("unexpected sa-hits.tsv header: {header:?}"));
    }
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [path, label, score, tests] = fields[..] else {
                return Err(format!("malformed sa-hits.tsv line: {line:?}"));
            };
            Ok(Expected {
                path: path.to_owned(),
                label: label.to_owned(),
                sa_score: score
                    .parse()
                    .map_err(|e| format!("bad score in {line:?}: {e}"))?,
                tests: tests
                    .split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect()
}

/// Scores every message, spread over the machine's cores.
fn score_all(engine: &Engine, corpus: &Path, expected: &[Expected]) -> Vec<Outcome> {
    let threads = thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = expected.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        let workers: Vec<_> = expected
            .chunks(chunk)
            .map(|messages| {
                scope.spawn(move || {
                    messages
                        .iter()
                        .map(|message| score_one(engine, &corpus.join(&message.path)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a scoring thread panicked"))
            .collect()
    })
}

fn score_one(engine: &Engine, path: &Path) -> Outcome {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Outcome {
                error: Some(format!("cannot read: {error}")),
                ..Outcome::default()
            };
        }
    };
    match engine.check(&bytes, &Inputs::default()) {
        Ok(report) => Outcome {
            fired: Some(report.hits.iter().map(|hit| hit.name.clone()).collect()),
            score: report.score,
            error: None,
        },
        Err(error) => Outcome {
            error: Some(format!("not a message: {error}")),
            ..Outcome::default()
        },
    }
}

/// The tests compared: SpamAssassin's, scored in set 0.
fn compared(rule: &Rule) -> bool {
    !rule.flags.ours
        && !rule.name.starts_with("SG_")
        && !rule.name.starts_with("__")
        && !rule.flags.net
        && !rule.flags.learn
        && rule.scores.get(ScoreSet::LOCAL) != 0.0
}

fn rows(engine: &Engine, expected: &[Expected], outcomes: &[Outcome]) -> Vec<Row> {
    let mut rows: Vec<Row> = engine
        .rules()
        .iter()
        .filter(|rule| compared(rule))
        .map(|rule| rule.name.to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|name| {
            let mut row = Row {
                name,
                skipped: None,
                sa: 0,
                ours: 0,
                both: 0,
                only_sa: Vec::new(),
                only_us: Vec::new(),
            };
            for (message, outcome) in expected.iter().zip(outcomes) {
                let by_sa = message.tests.contains(&row.name);
                let by_us = outcome
                    .fired
                    .as_ref()
                    .is_some_and(|fired| fired.contains(&row.name));
                row.sa += usize::from(by_sa);
                row.ours += usize::from(by_us);
                match (by_sa, by_us) {
                    (true, true) => row.both += 1,
                    (true, false) => row.only_sa.push(message.path.clone()),
                    (false, true) => row.only_us.push(message.path.clone()),
                    (false, false) => {}
                }
            }
            row
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| test | SpamAssassin | spamgauge | both | only SpamAssassin | only spamgauge | Jaccard | check |\n\
         |---|--:|--:|--:|--:|--:|--:|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {:.3} | {} |",
            row.name,
            row.sa,
            row.ours,
            row.both,
            row.only_sa.len(),
            row.only_us.len(),
            row.jaccard(),
            row.check()
        );
    }
    if rows.is_empty() {
        out.push_str("| (no test implemented yet) | | | | | | | |\n");
    }
    out
}

/// How often spamgauge's decision (threshold 5.0) matches SpamAssassin's.
fn verdicts(expected: &[Expected], outcomes: &[Outcome]) -> String {
    let mut agree = 0;
    let mut spam_missed = 0;
    let mut ham_flagged = 0;
    let mut scored = 0;
    for (message, outcome) in expected.iter().zip(outcomes) {
        if outcome.fired.is_none() {
            continue;
        }
        scored += 1;
        let sa_spam = message.sa_score >= SA_REQUIRED;
        let our_spam = outcome.score >= SA_REQUIRED;
        match (sa_spam, our_spam) {
            (true, false) => spam_missed += 1,
            (false, true) => ham_flagged += 1,
            _ => agree += 1,
        }
    }
    let spam = expected.iter().filter(|m| m.label == "spam").count();
    let ham = expected.iter().filter(|m| m.label == "ham").count();
    format!(
        "- Corpus: {total} messages ({spam} labelled spam, {ham} labelled ham), {scored} scored.\n\
         - Verdicts at 5.0: spamgauge agrees with SpamAssassin on {agree}; SpamAssassin spam that \
         spamgauge passes: {spam_missed}; SpamAssassin ham that spamgauge flags: {ham_flagged}.\n",
        total = expected.len(),
    )
}

fn document(rows: &[Row], summary: &str, hand_written: &str) -> String {
    format!(
        "# Conformance with SpamAssassin 4.0.1\n\n\
         Generated by `core/tests/conformance.rs` — do not edit above the marker line. Regenerate with:\n\n\
         ```sh\n{REGENERATE}\n```\n\n\
         (the corpus is read from `$SPAMGAUGE_CORPUS`, else from `shared/corpus` beside the \
         workspace or one of its parent folders).\n\n\
         For every SpamAssassin test spamgauge implements (non-zero score in score set 0), the \
         messages of the shared corpus it fires on are compared with those SpamAssassin 4.0.1 fired \
         it on (`spamassassin -L`, score set 0, stock rules; `sa-hits.tsv`). spamgauge runs with \
         `Config::default()` and no inputs (score set 0). A test fails the check when SpamAssassin \
         or spamgauge fired it on at least {MIN_HITS} messages and the Jaccard index (both ÷ either) \
         is below {MIN_JACCARD}; tests both fired on fewer messages are shown but not judged.\n\n\
         {summary}\n\
         {table}\n\
         {MARKER}\n{hand_written}",
        table = table(rows),
    )
}

/// The hand-written part of an existing CONFORMANCE.md.
fn hand_written(existing: Option<&str>) -> String {
    existing
        .and_then(|text| text.split_once(MARKER))
        .map(|(_, rest)| rest.trim_start_matches('\n').to_owned())
        .map(|rest| format!("\n{rest}"))
        .unwrap_or_else(|| DEFAULT_HAND_WRITTEN.to_owned())
}

/// The corpus folder and its messages with SpamAssassin's hits, or `None`
/// (after saying so) when the corpus is absent.
fn corpus() -> Option<(PathBuf, Vec<Expected>)> {
    let corpus = corpus_dir(&workspace_root());
    let tsv_path = corpus.join("sa-hits.tsv");
    let Ok(tsv) = fs::read_to_string(&tsv_path) else {
        println!(
            "skipped: SpamAssassin corpus not found at {} (set SPAMGAUGE_CORPUS to the folder \
             holding sa-hits.tsv)",
            tsv_path.display()
        );
        return None;
    };
    let expected = read_expected(&tsv).expect("sa-hits.tsv is readable");
    assert!(!expected.is_empty(), "sa-hits.tsv lists no message");
    Some((corpus, expected))
}

/// Every 10th corpus message, written with CRLF line endings (as a mail
/// server hands it over), gets the same report as written with LF.
#[test]
fn crlf_copies_get_the_same_reports() {
    let Some((corpus, expected)) = corpus() else {
        return;
    };
    let engine = Engine::new(Config::default()).expect("the default configuration is valid");
    let mut compared = 0;
    for message in expected.iter().step_by(10) {
        let lf: Vec<u8> = fs::read(corpus.join(&message.path))
            .expect("corpus message is readable")
            .into_iter()
            .filter(|&byte| byte != b'\r')
            .collect();
        let mut crlf = Vec::with_capacity(lf.len() * 2);
        for &byte in &lf {
            if byte == b'\n' {
                crlf.push(b'\r');
            }
            crlf.push(byte);
        }
        let (Ok(with_lf), Ok(with_crlf)) = (
            engine.check(&lf, &Inputs::default()),
            engine.check(&crlf, &Inputs::default()),
        ) else {
            panic!("{} is not read as a message", message.path);
        };
        assert_eq!(with_lf, with_crlf, "{}", message.path);
        compared += 1;
    }
    assert!(compared >= 100, "only {compared} messages compared");
}

#[test]
fn conformance_with_spamassassin() {
    let root = workspace_root();
    let Some((corpus, expected)) = corpus() else {
        return;
    };

    let sa_freemail = sa_freemail();
    let config = match &sa_freemail {
        Some(freemail) => Config::default().freemail(freemail.clone()),
        None => Config::default(),
    };
    let engine = Engine::new(config).expect("the configuration is valid");
    let outcomes = score_all(&engine, &corpus, &expected);
    assert_eq!(outcomes.len(), expected.len());

    let errors: BTreeMap<&str, &str> = expected
        .iter()
        .zip(&outcomes)
        .filter_map(|(message, outcome)| Some((message.path.as_str(), outcome.error.as_deref()?)))
        .collect();
    let mut rows = rows(&engine, &expected, &outcomes);
    if sa_freemail.is_none() {
        println!(
            "FREEMAIL tests skipped: SpamAssassin's {} not found (install the spamassassin \
             package, or set SPAMGAUGE_SA_RULES to its rules folder)",
            SA_FREEMAIL_FILES[0]
        );
        for row in rows
            .iter_mut()
            .filter(|row| depends_on_freemail_list(&row.name))
        {
            row.skipped = Some("no SpamAssassin free-mail list");
        }
    } else {
        println!("FREEMAIL tests judged with SpamAssassin's free-mail domain list");
    }
    let summary = verdicts(&expected, &outcomes);

    println!("{summary}");
    println!("{}", table(&rows));
    for (path, error) in &errors {
        println!("not scored: {path}: {error}");
    }
    if sa_freemail.is_some() {
        default_list_figures(&corpus, &expected);
    }
    let failures: Vec<&Row> = rows.iter().filter(|row| row.fails()).collect();
    for row in &failures {
        println!(
            "{}: Jaccard {:.3} < {MIN_JACCARD} ({} SpamAssassin hits, {} ours)",
            row.name,
            row.jaccard(),
            row.sa,
            row.ours
        );
        for path in row.only_sa.iter().take(EXAMPLES) {
            println!("    only SpamAssassin: {path}");
        }
        for path in row.only_us.iter().take(EXAMPLES) {
            println!("    only spamgauge:    {path}");
        }
    }

    if std::env::var_os("SPAMGAUGE_WRITE_CONFORMANCE").is_some_and(|v| v == "1") {
        let target = root.join("CONFORMANCE.md");
        let existing = fs::read_to_string(&target).ok();
        let text = document(&rows, &summary, &hand_written(existing.as_deref()));
        fs::write(&target, text).expect("write CONFORMANCE.md");
        println!("wrote {}", target.display());
    }

    // A message the engine refuses counts as one no test fired on: it shows in
    // the Jaccard of every test SpamAssassin fired there.
    let names: Vec<&str> = failures.iter().map(|row| row.name.as_str()).collect();
    assert!(
        names.is_empty(),
        "tests below Jaccard {MIN_JACCARD}: {}",
        names.join(", ")
    );
}

/// Prints, without judging them, the FREEMAIL rows with our default domain
/// list.
fn default_list_figures(corpus: &Path, expected: &[Expected]) {
    let engine = Engine::new(Config::default()).expect("the default configuration is valid");
    let outcomes = score_all(&engine, corpus, expected);
    println!("FREEMAIL tests with the default domain list (shown, not judged):");
    for row in rows(&engine, expected, &outcomes)
        .iter()
        .filter(|row| depends_on_freemail_list(&row.name))
    {
        println!(
            "    {}: Jaccard {:.3} ({} SpamAssassin hits, {} ours)",
            row.name,
            row.jaccard(),
            row.sa,
            row.ours
        );
    }
}

#[test]
fn hand_written_part_is_kept_and_defaults_when_absent() {
    assert_eq!(hand_written(None), DEFAULT_HAND_WRITTEN);
    assert_eq!(hand_written(Some("no marker here")), DEFAULT_HAND_WRITTEN);
    let existing = format!("# old\n| table |\n{MARKER}\n\n## Known differences\n\n- one\n");
    let kept = hand_written(Some(&existing));
    assert_eq!(kept, "\n## Known differences\n\n- one\n");
    let regenerated = document(&[], "summary\n", &kept);
    assert!(regenerated.ends_with(&format!("{MARKER}\n\n## Known differences\n\n- one\n")));
    assert_eq!(hand_written(Some(&regenerated)), kept, "stable across runs");
}

#[test]
fn rows_count_both_sides_and_judge_only_frequent_tests() {
    let row = Row {
        name: "T".to_owned(),
        skipped: None,
        sa: 20,
        ours: 19,
        both: 19,
        only_sa: vec!["a".to_owned()],
        only_us: Vec::new(),
    };
    assert!((row.jaccard() - 0.95).abs() < 1e-12);
    assert!(!row.fails());
    let row = Row {
        only_us: vec!["b".to_owned()],
        ..row
    };
    assert!(row.fails(), "19/21 < 0.95");
    let rare = Row {
        sa: 4,
        ours: 4,
        both: 3,
        ..row
    };
    assert!(!rare.fails(), "3/5, but too rare on both sides to judge");
    assert_eq!(rare.check(), "not judged");
    let ours_only = Row {
        sa: 0,
        ours: 5,
        both: 0,
        only_sa: Vec::new(),
        only_us: vec!["c".to_owned(); 5],
        ..rare
    };
    assert!(
        ours_only.fails(),
        "firing often where SpamAssassin never does is judged"
    );
}

#[test]
fn sa_hits_lines_are_parsed() {
    let tsv = "path\tlabel\tsa_score\ttests\n\
               ham/1.eml\tham\t0.000\tA,B\n\
               spam/2.eml\tspam\t12.500\t\n";
    let expected = read_expected(tsv).expect("parsed");
    assert_eq!(expected.len(), 2);
    assert_eq!(
        expected[0].tests,
        BTreeSet::from(["A".to_owned(), "B".to_owned()])
    );
    assert!(expected[1].tests.is_empty());
    assert_eq!(expected[1].sa_score, 12.5);
    assert!(read_expected("path\tscore\n").is_err());
}
