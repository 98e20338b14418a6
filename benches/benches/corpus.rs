//! The whole corpus in one run:
//!
//! * (a) mail-parser parsing alone, single-threaded;
//! * (b) the full engine, single-threaded: analyse, plan the DNS lookups,
//!   score every test with a trained Bayes database and network verdicts
//!   (score set 3);
//! * the ratio b/a (the target: the full engine at ≥ 25 % of parse-only
//!   throughput);
//! * (b) again on 1 … all cores, with one shared engine and database.
//!
//! Each figure is the best of `SPAMGAUGE_BENCH_RUNS` passes (default 5) over
//! every message, after one warm-up pass.
//!
//! ```text
//! cargo bench -p spamgauge-benches --bench corpus
//! cargo bench -p spamgauge-benches --bench corpus -- --test   # one pass, smoke
//! ```

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use mail_parser::MessageParser;
use spamgauge::learning::BayesDb;
use spamgauge::verdicts::Verdicts;
use spamgauge::{Config, Engine, Inputs};
use spamgauge_benches::{Message, NOW, cpu_seconds, load, rates, trained_bayes, verdicts};

/// The full engine on one message; returns the total so nothing is optimised
/// away.
fn full(engine: &Engine, db: &BayesDb, verdicts: &Verdicts, raw: &[u8]) -> f64 {
    let Ok(analysis) = engine.analyze(raw) else {
        return 0.0;
    };
    let envelope = verdicts.envelope.clone().unwrap_or_default();
    black_box(engine.lookups(&analysis, &envelope));
    let inputs = Inputs::default().now(NOW).verdicts(verdicts).bayes(db);
    engine.score(&analysis, &inputs).raw_score
}

/// Best wall time of `runs` passes of `f` (after one warm-up pass), and the
/// mean CPU time per pass (0 where the OS does not tell).
fn best(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    f();
    let cpu_start = cpu_seconds();
    let wall = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    let cpu = match (cpu_start, cpu_seconds()) {
        (Some(a), Some(b)) => (b - a) / runs as f64,
        _ => 0.0,
    };
    (wall, cpu)
}

fn threaded(threads: usize, messages: &[Message], work: &(dyn Fn(&[u8]) + Sync)) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(message) = messages.get(i) else {
                        break;
                    };
                    work(&message.raw);
                }
            });
        }
    });
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--test");
    let runs = if smoke {
        1
    } else {
        std::env::var("SPAMGAUGE_BENCH_RUNS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(5)
    };
    let set = load();
    let n = set.messages.len();
    let bytes = set.bytes();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let engine = Engine::new(Config::default()).expect("default config");
    let db = trained_bayes(&engine, &set);
    let verdicts = verdicts();
    println!(
        "corpus: {n} messages, {:.1} MB, from {}{}",
        bytes as f64 / 1e6,
        set.source.display(),
        if set.samples { " (samples only)" } else { "" }
    );
    println!(
        "bayes: {} tokens, {} spam + {} ham learned, usable: {}; {} tests; {cores} cores; best of {runs}",
        db.len(),
        db.nspam(),
        db.nham(),
        db.is_usable(),
        engine.rules().len(),
    );

    let parser = MessageParser::new().default_header_raw();
    let (parse, parse_cpu) = best(runs, || {
        for m in &set.messages {
            black_box(parser.parse(black_box(&m.raw)));
        }
    });
    let mut total = 0.0;
    let (engine_time, engine_cpu) = best(runs, || {
        total = 0.0;
        for m in &set.messages {
            total += full(&engine, &db, &verdicts, &m.raw);
        }
    });
    let (a_msgs, a_mb) = rates(n, bytes, parse);
    let (b_msgs, b_mb) = rates(n, bytes, engine_time);
    let per_cpu = |cpu: f64| n as f64 / cpu.max(f64::MIN_POSITIVE);
    println!(
        "(a) mail-parser parse only, 1 thread: {a_msgs:>9.0} msgs/s {a_mb:>8.1} MB/s | {:>9.0} msgs per CPU-second",
        per_cpu(parse_cpu)
    );
    println!(
        "(b) full engine,             1 thread: {b_msgs:>9.0} msgs/s {b_mb:>8.1} MB/s | {:>9.0} msgs per CPU-second",
        per_cpu(engine_cpu)
    );
    println!(
        "ratio b/a: {:.1} % by wall time, {:.1} % by CPU time (target >= 25 %); sum of scores {total:.1}",
        100.0 * parse / engine_time,
        100.0 * parse_cpu / engine_cpu.max(f64::MIN_POSITIVE)
    );

    let work = |raw: &[u8]| {
        black_box(full(&engine, &db, &verdicts, raw));
    };
    let mut single = 0.0;
    for threads in 1..=cores {
        let (t, cpu) = best(runs, || threaded(threads, &set.messages, &work));
        let (msgs, mb) = rates(n, bytes, t);
        if threads == 1 {
            single = msgs;
        }
        println!(
            "(b) full engine, {threads} thread(s), shared engine: {msgs:>9.0} msgs/s {mb:>8.1} MB/s, speed-up x{:.2} | {:>9.0} msgs per CPU-second",
            msgs / single.max(f64::MIN_POSITIVE),
            per_cpu(cpu)
        );
    }
}
