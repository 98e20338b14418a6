//! Held-out accuracy of Bayes on the shared corpus, and of the whole engine
//! with Bayes, beside SpamAssassin's figures on the same split.
//!
//! **Split** (the same as `scripts/sa-bayes-compare.sh`): within each class
//! (`spam/`, `ham/`), the `*.eml` files sorted by name (byte order) are
//! numbered from 0; every message whose number is 4 modulo 5 is held out
//! (20 %), the others are learned. With the shared corpus (500 spam,
//! 2,500 ham) that is 400 + 2,000 learned and 100 + 500 held out.
//!
//! Prints spam recall and ham false-positive rate for BAYES_99 and for the
//! engine at the inbound threshold, writes `target/bayes-holdout.md` (a
//! section for CONFORMANCE.md) and `target/bayes-holdout.tsv` (one line per
//! held-out message: class, path, score, tests). Skipped, with a message,
//! when the corpus is absent. With `SPAMGAUGE_BAYES_STRICT=1` and SpamAssassin's
//! `target/sa-bayes-holdout.tsv` present, fails unless ours is at least as good.

#![allow(
    clippy::disallowed_methods,
    reason = "the harness reads the corpus and the environment; the engine under test does not"
)]

use std::fs;
use std::path::{Path, PathBuf};

use spamgauge::learning::bayes::{BayesDb, Class, Tokenizer};
use spamgauge::{Config, Engine, Inputs, Timestamp};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn corpus() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("SPAMGAUGE_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let root = root();
    [
        root.join("../shared/corpus"),
        root.join("../../shared/corpus"),
    ]
    .into_iter()
    .find(|dir| dir.join("spam").is_dir() && dir.join("ham").is_dir())
}

/// `(train, held out)` paths of one class, by the documented split.
fn split(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".eml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let (mut train, mut held) = (Vec::new(), Vec::new());
    for (i, name) in names.into_iter().enumerate() {
        if i % 5 == 4 {
            held.push(dir.join(name));
        } else {
            train.push(dir.join(name));
        }
    }
    (train, held)
}

#[derive(Default, Debug, Clone, Copy)]
struct Tally {
    n: usize,
    bayes99: usize,
    spam: usize,
    no_verdict: usize,
}

fn rate(k: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        100.0 * k as f64 / n as f64
    }
}

/// SpamAssassin's per-message results from `scripts/sa-bayes-compare.sh`.
fn sa_tally(path: &Path) -> Option<(Tally, Tally)> {
    let text = fs::read_to_string(path).ok()?;
    let (mut spam, mut ham) = (Tally::default(), Tally::default());
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [class, _, score, tests] = fields[..] else {
            continue;
        };
        let tally = if class == "spam" { &mut spam } else { &mut ham };
        tally.n += 1;
        tally.bayes99 += usize::from(tests.split(',').any(|t| t == "BAYES_99"));
        tally.spam += usize::from(score.parse::<f64>().is_ok_and(|s| s >= 5.0));
    }
    Some((spam, ham))
}

#[test]
fn bayes_holdout_accuracy() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: no corpus (set SPAMGAUGE_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let engine = Engine::new(Config::default()).expect("default config");
    let tokenizer = Tokenizer::default();
    let mut db = BayesDb::new();
    let (spam_train, spam_held) = split(&corpus.join("spam"));
    let (ham_train, ham_held) = split(&corpus.join("ham"));
    // Access times only matter to expiry, which this test does not run.
    let atime = Timestamp::from_unix(1_040_000_000);
    let mut skipped = 0;
    for (paths, class) in [(&spam_train, Class::Spam), (&ham_train, Class::Ham)] {
        for path in paths {
            let Ok(raw) = fs::read(path) else {
                skipped += 1;
                continue;
            };
            match engine.analyze(&raw) {
                Ok(analysis) => {
                    db.learn(&tokenizer.tokens(&analysis), class, atime);
                }
                Err(_) => skipped += 1,
            }
        }
    }
    assert!(
        db.is_usable(),
        "learned {} spam, {} ham",
        db.nspam(),
        db.nham()
    );

    let mut rows = String::new();
    let (mut spam, mut ham) = (Tally::default(), Tally::default());
    for (paths, is_spam) in [(&spam_held, true), (&ham_held, false)] {
        for path in paths {
            let Ok(raw) = fs::read(path) else { continue };
            let Ok(analysis) = engine.analyze(&raw) else {
                continue;
            };
            let report = engine.score(&analysis, &Inputs::default().bayes(&db));
            let tally = if is_spam { &mut spam } else { &mut ham };
            tally.n += 1;
            tally.bayes99 += usize::from(report.hit("BAYES_99").is_some());
            tally.spam += usize::from(report.is_spam);
            tally.no_verdict +=
                usize::from(!report.hits.iter().any(|h| h.name.starts_with("BAYES_")));
            let mut tests: Vec<&str> = report.hits.iter().map(|h| h.name.as_str()).collect();
            tests.sort_unstable();
            let relative = path.strip_prefix(&corpus).unwrap_or(path);
            rows.push_str(&format!(
                "{}\t{}\t{:.1}\t{}\n",
                if is_spam { "spam" } else { "ham" },
                relative.display(),
                report.score,
                tests.join(",")
            ));
        }
    }
    assert!(spam.n > 0 && ham.n > 0, "nothing held out");

    let line = |label: &str, k_spam: usize, k_ham: usize| {
        format!(
            "| {label} | {k_spam}/{} ({:.1} %) | {k_ham}/{} ({:.2} %) |\n",
            spam.n,
            rate(k_spam, spam.n),
            ham.n,
            rate(k_ham, ham.n)
        )
    };
    let mut md =
        String::from("| spamgauge (set 2) | spam recall | ham false positives |\n|---|---|---|\n");
    md.push_str(&line("BAYES_99", spam.bayes99, ham.bayes99));
    md.push_str(&line(
        &format!("whole engine, score >= {}", engine.threshold()),
        spam.spam,
        ham.spam,
    ));
    md.push_str(&format!(
        "\nLearned {} spam and {} ham ({} tokens, {skipped} files skipped); \
         no Bayes verdict on {} held-out spam and {} held-out ham.\n",
        db.nspam(),
        db.nham(),
        db.len(),
        spam.no_verdict,
        ham.no_verdict
    ));
    let target = root().join("target");
    let _ = fs::create_dir_all(&target);
    let _ = fs::write(target.join("bayes-holdout.md"), &md);
    let _ = fs::write(target.join("bayes-holdout.tsv"), rows);
    println!("{md}");

    if let Some((sa_spam, sa_ham)) = sa_tally(&target.join("sa-bayes-holdout.tsv")) {
        println!(
            "SpamAssassin: BAYES_99 {}/{} spam, {}/{} ham; score >= 5: {}/{} spam, {}/{} ham",
            sa_spam.bayes99,
            sa_spam.n,
            sa_ham.bayes99,
            sa_ham.n,
            sa_spam.spam,
            sa_spam.n,
            sa_ham.spam,
            sa_ham.n
        );
        if std::env::var("SPAMGAUGE_BAYES_STRICT").is_ok_and(|v| v == "1") {
            assert!(rate(spam.bayes99, spam.n) >= rate(sa_spam.bayes99, sa_spam.n));
            assert!(rate(ham.bayes99, ham.n) <= rate(sa_ham.bayes99, sa_ham.n));
            assert!(rate(spam.spam, spam.n) >= rate(sa_spam.spam, sa_spam.n));
            assert!(rate(ham.spam, ham.n) <= rate(sa_ham.spam, sa_ham.n));
        }
    }
}
