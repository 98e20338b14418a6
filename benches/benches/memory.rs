//! Peak heap memory, measured by a counting global allocator:
//!
//! * per message (after a warm-up that builds the shared lazy patterns): the
//!   peak while analysing and scoring it (full engine, trained
//!   Bayes database), above what was live before — mean, 99th percentile and
//!   maximum over the corpus, and the largest ratio to the message's size;
//! * a Bayes database of 1,000,000 tokens: bytes held once built, size saved,
//!   and the peak while loading it back.
//!
//! ```text
//! cargo bench -p spamgauge-benches --bench memory
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use spamgauge::learning::BayesDb;
use spamgauge::learning::bayes::{Class, Tokens};
use spamgauge::{Config, Engine, Inputs};
use spamgauge_benches::{NOW, load, trained_bayes, verdicts};

/// Counts live and peak heap bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn add(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            add(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            add(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            add(new_size);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns its result with the peak heap above the bytes live
/// when it started.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let set = load();
    let engine = Engine::new(Config::default()).expect("default config");
    let db = trained_bayes(&engine, &set);
    let verdicts = verdicts();
    // Warm-up: the first score compiles the tests' lazily built patterns, which
    // are then shared by every message; that is not per-message memory.
    for m in set.messages.iter().take(20) {
        if let Ok(analysis) = engine.analyze(&m.raw) {
            let inputs = Inputs::default().now(NOW).verdicts(&verdicts).bayes(&db);
            black_box(engine.score(&analysis, &inputs).raw_score);
        }
    }
    let mut peaks: Vec<(usize, usize)> = set
        .messages
        .iter()
        .map(|m| {
            let ((), peak) = peak_of(|| {
                if let Ok(analysis) = engine.analyze(&m.raw) {
                    let inputs = Inputs::default().now(NOW).verdicts(&verdicts).bayes(&db);
                    black_box(engine.score(&analysis, &inputs).raw_score);
                }
            });
            (peak, m.raw.len())
        })
        .collect();
    peaks.sort_unstable();
    let n = peaks.len();
    let mean = peaks.iter().map(|p| p.0).sum::<usize>() / n.max(1);
    let p99 = peaks.get(n * 99 / 100).map_or(0, |p| p.0);
    let (max, max_len) = peaks.last().copied().unwrap_or_default();
    let worst_ratio = peaks
        .iter()
        .map(|&(peak, len)| peak as f64 / len.max(1) as f64)
        .fold(0.0, f64::max);
    println!(
        "per message ({n} messages): mean {:.2} MiB, p99 {:.2} MiB, max {:.2} MiB (a {:.0} KiB message); worst peak/size {worst_ratio:.0}x",
        mib(mean),
        mib(p99),
        mib(max),
        max_len as f64 / 1024.0
    );

    // A 1,000,000-token database: 1,000 messages of 1,000 distinct tokens,
    // half spam, half ham.
    let before = LIVE.load(Ordering::Relaxed);
    let (big, build_peak) = peak_of(|| {
        let mut big = BayesDb::new();
        for m in 0..1000u64 {
            let tokens = Tokens::from_strings((0..1000u64).map(|t| format!("tok{m}x{t}")), m);
            let class = if m % 2 == 0 { Class::Spam } else { Class::Ham };
            big.learn(&tokens, class, NOW);
        }
        big
    });
    let held = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    let (bytes, save_peak) = peak_of(|| big.to_bytes());
    let (loaded, load_peak) = peak_of(|| BayesDb::from_bytes(&bytes));
    let loaded = loaded.expect("a saved database loads");
    assert_eq!(loaded.len(), big.len());
    println!(
        "bayes db: {} tokens; held {:.1} MiB ({:.0} B/token); build peak {:.1} MiB; saved {:.1} MiB (save peak {:.1} MiB); load peak {:.1} MiB",
        big.len(),
        mib(held),
        held as f64 / big.len().max(1) as f64,
        mib(build_peak),
        mib(bytes.len()),
        mib(save_peak),
        mib(load_peak),
    );
}
