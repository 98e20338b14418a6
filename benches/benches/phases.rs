//! One criterion group per phase, each over the same messages (loaded once),
//! with byte throughput: parse, analyse, lookups planning, rules, Bayes
//! tokenize and classify, report rendering.
//!
//! `SPAMGAUGE_BENCH_STRIDE=n` keeps every n-th corpus message (default 10, so
//! that one iteration stays short); the samples are always used whole.
//!
//! ```text
//! cargo bench -p spamgauge-benches --bench phases -- --warm-up-time 1 --measurement-time 3
//! cargo bench -p spamgauge-benches --bench phases -- --test     # smoke run
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mail_parser::MessageParser;
use spamgauge::learning::bayes::Tokenizer;
use spamgauge::verdicts::Envelope;
use spamgauge::{Analysis, Config, Engine, Inputs, Lang, Report};
use spamgauge_benches::{NOW, load, trained_bayes, verdicts};

fn phases(c: &mut Criterion) {
    let set = load();
    let stride = if set.samples {
        1
    } else {
        std::env::var("SPAMGAUGE_BENCH_STRIDE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(10)
    };
    let messages = set.every(stride);
    let bytes: u64 = messages.iter().map(|m| m.raw.len() as u64).sum();
    eprintln!(
        "phases: {} messages, {} bytes, from {}",
        messages.len(),
        bytes,
        set.source.display()
    );

    let engine = Engine::new(Config::default()).expect("default config");
    let db = trained_bayes(&engine, &set);
    let verdicts = verdicts();
    let envelope: Envelope = verdicts.envelope.clone().unwrap_or_default();
    let analyses: Vec<Analysis> = messages
        .iter()
        .filter_map(|m| engine.analyze(&m.raw).ok())
        .collect();
    let tokenizer = Tokenizer::default();
    let tokens: Vec<_> = analyses.iter().map(|a| tokenizer.tokens(a)).collect();
    let inputs = Inputs::default().now(NOW).verdicts(&verdicts);
    let reports: Vec<Report> = analyses.iter().map(|a| engine.score(a, &inputs)).collect();

    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    let parser = MessageParser::new().default_header_raw();
    group.bench_function("mail-parser", |b| {
        b.iter(|| {
            for m in &messages {
                black_box(parser.parse(black_box(&m.raw)));
            }
        });
    });
    group.finish();

    let mut group = c.benchmark_group("analyse");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("Engine::analyze", |b| {
        b.iter(|| {
            for m in &messages {
                let _ = black_box(engine.analyze(black_box(&m.raw)));
            }
        });
    });
    group.finish();

    let mut group = c.benchmark_group("lookups");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("Engine::lookups", |b| {
        b.iter(|| {
            for a in &analyses {
                black_box(engine.lookups(a, &envelope));
            }
        });
    });
    group.finish();

    let mut group = c.benchmark_group("rules");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("Engine::score, network verdicts, no Bayes", |b| {
        b.iter(|| {
            for a in &analyses {
                black_box(engine.score(a, &inputs).raw_score);
            }
        });
    });
    group.finish();

    let mut group = c.benchmark_group("bayes");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            for a in &analyses {
                black_box(tokenizer.tokens(a));
            }
        });
    });
    group.bench_function("classify", |b| {
        b.iter(|| {
            for t in &tokens {
                black_box(db.classify(t));
            }
        });
    });
    group.finish();

    let mut group = c.benchmark_group("report");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("to_text", |b| {
        b.iter(|| {
            for r in &reports {
                black_box(r.to_text(Lang::En));
            }
        });
    });
    group.bench_function("json", |b| {
        b.iter(|| {
            for r in &reports {
                black_box(serde_json::to_string(r).expect("a report serializes"));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
