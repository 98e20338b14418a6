//! Shared setup for spamgauge's benches: the messages, loaded once, and a
//! trained Bayes database.
//!
//! The messages come from the shared corpus (`$SPAMGAUGE_CORPUS`, else
//! `../shared/corpus` or `../../shared/corpus` next to the workspace, with
//! `spam/` and `ham/` folders of `*.eml`); when it is absent, the messages
//! shipped in `samples/` stand in, so every bench still runs.
//!
//! Benches:
//! * `phases` (criterion): one group per phase — parse, analyse, lookups
//!   planning, rules, Bayes tokenize and classify, report rendering — with
//!   byte throughput.
//! * `corpus`: the whole corpus in one run, mail-parser alone against the full
//!   engine, single-threaded, then the full engine on every core.
//! * `memory`: peak heap per message and for a 1-million-token Bayes database.

use std::fs;
use std::path::{Path, PathBuf};

use spamgauge::learning::bayes::{BayesDb, Class, Tokenizer};
use spamgauge::verdicts::Verdicts;
use spamgauge::{Engine, Timestamp};

/// One message of the bench set.
#[derive(Debug, Clone)]
pub struct Message {
    /// Spam or ham, from the folder it came from (samples count as spam when
    /// their name says so).
    pub class: Class,
    /// The raw bytes.
    pub raw: Vec<u8>,
}

/// The messages the benches run on, and where they came from.
#[derive(Debug, Clone)]
pub struct BenchSet {
    /// The messages, spam first, each class sorted by file name.
    pub messages: Vec<Message>,
    /// The folder they were read from.
    pub source: PathBuf,
    /// Whether these are the shipped samples (the corpus was absent).
    pub samples: bool,
}

impl BenchSet {
    /// Total size of the messages in bytes.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        self.messages.iter().map(|m| m.raw.len() as u64).sum()
    }

    /// Every `stride`-th message (1: all of them), for benches that repeat the
    /// whole set many times.
    #[must_use]
    pub fn every(&self, stride: usize) -> Vec<&Message> {
        self.messages.iter().step_by(stride.max(1)).collect()
    }
}

/// The workspace root (the parent of this crate).
#[must_use]
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn corpus_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("SPAMGAUGE_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let root = workspace_root();
    [
        root.join("../shared/corpus"),
        root.join("../../shared/corpus"),
    ]
    .into_iter()
    .find(|dir| dir.join("spam").is_dir() && dir.join("ham").is_dir())
}

fn eml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn read(files: Vec<PathBuf>, class: Class) -> impl Iterator<Item = Message> {
    files.into_iter().filter_map(move |path| {
        fs::read(&path)
            .ok()
            .map(|raw| Message { class, raw })
            .filter(|m| !m.raw.is_empty())
    })
}

/// Loads the bench set once: the corpus if present, else `samples/`.
///
/// # Panics
/// When neither the corpus nor the samples can be read: a bench with no input
/// measures nothing.
#[must_use]
pub fn load() -> BenchSet {
    if let Some(dir) = corpus_dir() {
        let messages: Vec<Message> = read(eml_files(&dir.join("spam")), Class::Spam)
            .chain(read(eml_files(&dir.join("ham")), Class::Ham))
            .collect();
        if !messages.is_empty() {
            return BenchSet {
                messages,
                source: dir,
                samples: false,
            };
        }
    }
    let dir = workspace_root().join("samples");
    let messages: Vec<Message> = eml_files(&dir)
        .into_iter()
        .filter_map(|path| {
            let class = if path.to_string_lossy().contains("spam") {
                Class::Spam
            } else {
                Class::Ham
            };
            read(vec![path], class).next()
        })
        .collect();
    assert!(
        !messages.is_empty(),
        "no corpus and no samples in {}",
        dir.display()
    );
    BenchSet {
        messages,
        source: dir,
        samples: true,
    }
}

/// The receive time used by every bench (2024-06-01T00:00:00Z).
pub const NOW: Timestamp = Timestamp::from_unix(1_717_200_000);

/// A Bayes database trained on every message of `set` by its class. With the
/// samples only, it is not usable (too few messages) and the BAYES_ tests stay
/// silent, which the benches print.
#[must_use]
pub fn trained_bayes(engine: &Engine, set: &BenchSet) -> BayesDb {
    let tokenizer = Tokenizer::default();
    let mut db = BayesDb::new();
    for message in &set.messages {
        if let Ok(analysis) = engine.analyze(&message.raw) {
            db.learn(&tokenizer.tokens(&analysis), message.class, NOW);
        }
    }
    db
}

/// Network verdicts for every message: an external client, SPF and DKIM
/// results and no DNS answers (so score set 3 with Bayes, and every network
/// test runs and finds nothing listed).
///
/// # Panics
/// Never: the JSON is a constant checked by the crate's tests.
#[must_use]
pub fn verdicts() -> Verdicts {
    Verdicts::from_json(
        r#"{
            "envelope": {"client_ip": "203.0.113.7", "helo": "mail.example.com",
                         "client_rdns": "mail.example.com",
                         "mail_from": "sender@example.com", "rcpt_to": ["user@example.org"]},
            "auth": {"spf": "none"}
        }"#,
    )
    .expect("constant verdicts")
}

/// CPU seconds (user + system) this process has used so far, from
/// `/proc/self/stat` (Linux; `None` elsewhere). On a shared machine the wall
/// time depends on the load, the CPU time much less.
#[must_use]
pub fn cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the ")" closing the command name: state is the 1st, utime
    // the 12th and stime the 13th.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on every Linux architecture Rust supports.
    Some(ticks / 100.0)
}

/// Messages per second and megabytes (10^6 bytes) per second.
#[must_use]
pub fn rates(messages: usize, bytes: u64, seconds: f64) -> (f64, f64) {
    let seconds = seconds.max(f64::MIN_POSITIVE);
    (messages as f64 / seconds, bytes as f64 / 1e6 / seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_valid_and_network() {
        assert!(verdicts().is_network());
    }

    #[test]
    fn a_bench_set_is_never_empty() {
        let set = load();
        assert!(!set.messages.is_empty());
        assert!(set.bytes() > 0);
        assert_eq!(set.every(2).len(), set.messages.len().div_ceil(2));
    }
}
