//! Hostile input: every shape below is analysed and scored (every test, and
//! the Bayes tokenizer) without a panic, with the limit that cut it listed in
//! the report, and with bounded memory and work:
//!
//! * memory: a counting global allocator measures the peak heap while the
//!   engine runs, which must stay under 20 × the bytes kept plus 64 MiB;
//! * work: each shape is also built at two sizes, n and 4n, and the number of
//!   allocations made for the larger one must be at most 6 times that of the
//!   smaller one (linear is 4, quadratic 16). No clock is read.
//!
//! The allocator counts per thread, so tests running side by side do not
//! disturb each other's figures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use spamgauge::learning::bayes::Tokenizer;
use spamgauge::{Config, Engine, Inputs, Limits, Report};

struct Counting;

/// Per-thread counters (the engine works on the caller's thread, and the test
/// harness runs tests on several): live bytes, peak live bytes, allocations.
#[derive(Clone, Copy)]
struct Counters {
    live: isize,
    peak: isize,
    allocations: usize,
}

thread_local! {
    // `const`-initialised and without a destructor, so usable from the allocator.
    static COUNTERS: Cell<Counters> = const {
        Cell::new(Counters { live: 0, peak: 0, allocations: 0 })
    };
}

fn track(grown: isize, allocation: bool) {
    let _ = COUNTERS.try_with(|cell| {
        let mut c = cell.get();
        c.live += grown;
        c.peak = c.peak.max(c.live);
        c.allocations += usize::from(allocation);
        cell.set(c);
    });
}

fn counters() -> Counters {
    COUNTERS.try_with(Cell::get).unwrap_or(Counters {
        live: 0,
        peak: 0,
        allocations: 0,
    })
}

fn size(bytes: usize) -> isize {
    isize::try_from(bytes).unwrap_or(isize::MAX)
}

// SAFETY: every call goes to the system allocator unchanged; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract, which we pass on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            track(size(layout.size()), true);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            track(size(layout.size()), true);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) };
        track(-size(layout.size()), false);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and `new_size` is the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            track(size(new_size) - size(layout.size()), true);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What one run cost.
#[derive(Debug, Clone, Copy)]
struct Cost {
    peak: usize,
    allocations: usize,
}

/// Analyses and scores `raw` (every test, Bayes tokens too), measuring the
/// peak heap above what was live before and the allocations made.
fn run(engine: &Engine, raw: &[u8]) -> (Report, Cost) {
    let before = counters();
    let _ = COUNTERS.try_with(|cell| {
        cell.set(Counters {
            peak: before.live,
            ..before
        });
    });
    let report = {
        let analysis = engine.analyze(raw).expect("a message with a header");
        let _tokens = Tokenizer::default().tokens(&analysis);
        let _questions = engine.lookups(&analysis, &Default::default());
        engine.score(&analysis, &Inputs::default())
    };
    let after = counters();
    let cost = Cost {
        peak: usize::try_from(after.peak - before.live).unwrap_or(0),
        allocations: after.allocations - before.allocations,
    };
    (report, cost)
}

fn engine() -> Engine {
    Engine::new(Config::default()).expect("default config")
}

/// Runs `make(n)` and `make(4n)`; checks memory against the bytes kept and
/// that the allocations grow at most linearly. Returns the larger report.
fn bounded(engine: &Engine, n: usize, make: impl Fn(usize) -> Vec<u8>) -> Report {
    let small = make(n);
    let large = make(4 * n);
    let (_, small_cost) = run(engine, &small);
    let (report, large_cost) = run(engine, &large);
    let kept = large.len().min(Limits::default().max_message_bytes);
    assert!(
        large_cost.peak < 20 * kept + (64 << 20),
        "peak {} bytes for a {}-byte message",
        large_cost.peak,
        large.len()
    );
    assert!(
        large_cost.allocations <= 6 * small_cost.allocations.max(1000),
        "allocations grew from {} to {} for 4 times the input",
        small_cost.allocations,
        large_cost.allocations
    );
    report
}

fn limit_hit(report: &Report, limit: &str) -> bool {
    report.limits_hit.iter().any(|hit| hit.limit == limit)
}

const HEAD: &str = "From: a@example.com\r\nTo: b@example.org\r\nSubject: test\r\n\
                    Date: Mon, 3 Jun 2024 10:00:00 +0000\r\nMessage-ID: <x@example.com>\r\n";

fn multipart_nested(depth: usize) -> Vec<u8> {
    let mut raw = String::from(HEAD);
    raw.push_str("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
    for level in 1..=depth {
        raw.push_str(&format!(
            "--b{}\r\nContent-Type: multipart/mixed; boundary=\"b{level}\"\r\n\r\n",
            level - 1
        ));
    }
    raw.push_str(&format!(
        "--b{depth}\r\nContent-Type: text/plain\r\n\r\ndeep\r\n"
    ));
    for level in (0..=depth).rev() {
        raw.push_str(&format!("--b{level}--\r\n"));
    }
    raw.into_bytes()
}

#[test]
fn ten_thousand_nested_multiparts() {
    let engine = engine();
    let report = bounded(&engine, 2500, multipart_nested);
    assert!(
        limit_hit(&report, "max_mime_depth"),
        "{:?}",
        report.limits_hit
    );
    // Just below the limit, nothing is cut.
    let (report, _) = run(&engine, &multipart_nested(15));
    assert!(!limit_hit(&report, "max_mime_depth"));
}

fn attached_messages_nested(depth: usize) -> Vec<u8> {
    let mut raw = Vec::new();
    for _ in 0..depth {
        raw.extend_from_slice(b"From: a@example.com\r\nContent-Type: message/rfc822\r\n\r\n");
    }
    raw.extend_from_slice(b"From: a@example.com\r\nSubject: inner\r\n\r\nhello\r\n");
    raw
}

#[test]
fn ten_thousand_nested_attached_messages() {
    let engine = engine();
    let report = bounded(&engine, 2500, attached_messages_nested);
    assert!(
        limit_hit(&report, "max_mime_depth"),
        "{:?}",
        report.limits_hit
    );
}

fn many_parts(parts: usize) -> Vec<u8> {
    let mut raw = String::from(HEAD);
    raw.push_str("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
    for i in 0..parts {
        raw.push_str(&format!(
            "--b\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n"
        ));
    }
    raw.push_str("--b--\r\n");
    raw.into_bytes()
}

#[test]
fn hundred_thousand_parts() {
    let engine = engine();
    let report = bounded(&engine, 25_000, many_parts);
    assert!(limit_hit(&report, "max_parts"), "{:?}", report.limits_hit);
    let (report, _) = run(&engine, &many_parts(100));
    assert!(!limit_hit(&report, "max_parts"));
}

fn many_headers(count: usize) -> Vec<u8> {
    let mut raw = String::from(HEAD);
    for i in 0..count {
        raw.push_str(&format!("X-Filler-{}: value {i}\r\n", i % 50));
    }
    raw.push_str("\r\nbody\r\n");
    raw.into_bytes()
}

#[test]
fn hundred_thousand_headers() {
    let engine = engine();
    let report = bounded(&engine, 25_000, many_headers);
    assert!(limit_hit(&report, "max_headers"), "{:?}", report.limits_hit);
    let (report, _) = run(&engine, &many_headers(100));
    assert!(!limit_hit(&report, "max_headers"));
}

fn many_received(count: usize) -> Vec<u8> {
    let mut raw = String::new();
    for i in 0..count {
        raw.push_str(&format!(
            "Received: from h{i}.example.net (h{i}.example.net [192.0.2.{}]) by mx.example.com with ESMTP id {i}; Mon, 3 Jun 2024 10:00:00 +0000\r\n",
            i % 250 + 1
        ));
    }
    raw.push_str(HEAD);
    raw.push_str("\r\nbody\r\n");
    raw.into_bytes()
}

#[test]
fn forty_thousand_received_headers() {
    let engine = engine();
    let report = bounded(&engine, 10_000, many_received);
    assert!(limit_hit(&report, "max_headers"), "{:?}", report.limits_hit);
}

fn long_header(len: usize) -> Vec<u8> {
    let mut raw = String::from(HEAD);
    raw.push_str("X-Long: ");
    raw.push_str(&"abcdefgh".repeat(len / 8));
    raw.push_str("\r\n\r\nbody\r\n");
    raw.into_bytes()
}

#[test]
fn a_header_line_of_forty_megabytes() {
    let engine = engine();
    let report = bounded(&engine, 10 << 20, long_header);
    assert!(
        limit_hit(&report, "max_message_bytes"),
        "{:?}",
        report.limits_hit
    );
}

fn single_line_body(len: usize) -> Vec<u8> {
    let mut raw = String::from(HEAD);
    raw.push_str("\r\n");
    let mut body = "free money now http://example.com/x ".repeat(len / 36 + 1);
    body.truncate(len);
    raw.push_str(&body);
    raw.into_bytes()
}

#[test]
fn a_fifty_megabyte_single_line_body() {
    let engine = engine();
    let report = bounded(&engine, 12_500_000, single_line_body);
    assert!(
        limit_hit(&report, "max_message_bytes"),
        "{:?}",
        report.limits_hit
    );
    assert!(
        limit_hit(&report, "max_part_bytes"),
        "{:?}",
        report.limits_hit
    );
    let (report, _) = run(&engine, &single_line_body(40_000));
    assert!(report.limits_hit.is_empty(), "{:?}", report.limits_hit);
}

fn html_message(body: &str) -> Vec<u8> {
    let mut raw = String::from(HEAD);
    raw.push_str("MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n");
    raw.push_str(body);
    raw.into_bytes()
}

#[test]
fn a_million_html_tags() {
    let engine = engine();
    let report = bounded(&engine, 250_000, |n| {
        html_message(&"<b>x</b>".repeat(n / 2))
    });
    assert!(
        limit_hit(&report, "max_html_tags"),
        "{:?}",
        report.limits_hit
    );
    let (report, _) = run(&engine, &html_message(&"<b>x</b>".repeat(100)));
    assert!(!limit_hit(&report, "max_html_tags"));
}

#[test]
fn deeply_nested_html() {
    let engine = engine();
    for open in [
        "<div>",
        "<table><tr><td>",
        "<font color=red>",
        "<a href=\"http://x.example/\">",
    ] {
        let report = bounded(&engine, 25_000, |n| {
            html_message(&format!("{}text", open.repeat(n)))
        });
        assert!(report.score.is_finite(), "{open}");
    }
}

#[test]
fn a_million_uris() {
    let engine = engine();
    let plain = |n: usize| {
        let mut raw = String::from(HEAD);
        raw.push_str("\r\n");
        for i in 0..n {
            raw.push_str(&format!("http://h{i}.example.com/ "));
            if i % 10 == 9 {
                raw.push_str("\r\n");
            }
        }
        raw.into_bytes()
    };
    // Text URIs are read from the scanned rendering, which SpamAssassin's
    // body_part_scan_size cuts first.
    let report = bounded(&engine, 250_000, plain);
    assert!(
        limit_hit(&report, "body_part_scan_size"),
        "{:?}",
        report.limits_hit
    );
    let html = |n: usize| {
        let links: String = (0..n)
            .map(|i| format!("<a href=\"http://h{i}.example.com/\">{i}</a>\n"))
            .collect();
        html_message(&links)
    };
    let report = bounded(&engine, 250_000, html);
    assert!(
        limit_hit(&report, "max_uris") || limit_hit(&report, "max_html_tags"),
        "{:?}",
        report.limits_hit
    );
    let (report, _) = run(&engine, &plain(100));
    assert!(!limit_hit(&report, "max_uris"));
}

#[test]
fn broken_base64_and_quoted_printable() {
    let engine = engine();
    let bodies: [(&str, &[u8]); 6] = [
        ("base64", b"!!!!####====\r\nQUJD===\r\n@@@@\r\n"),
        ("base64", b"SGVsbG8gd29ybGQ"),
        ("base64", &[0xff, 0xfe, b'=', b'=', b'=', 0]),
        ("quoted-printable", b"=ZZ=4=\r\n=\r\n=3D=3"),
        ("quoted-printable", b"line=\r\n=\r\n=\r\n=0"),
        ("x-uuencode", b"begin 644 x\r\n#86)C\r\nend\r\n"),
    ];
    for (encoding, body) in bodies {
        for ctype in ["text/plain", "text/html", "application/octet-stream"] {
            let mut raw = format!(
                "{HEAD}MIME-Version: 1.0\r\nContent-Type: {ctype}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n"
            )
            .into_bytes();
            raw.extend_from_slice(body);
            let (report, _) = run(&engine, &raw);
            assert!(report.score.is_finite());
        }
    }
    // Large and broken: linear.
    let report = bounded(&engine, 1 << 20, |n| {
        let mut raw =
            format!("{HEAD}Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .into_bytes();
        raw.extend(std::iter::repeat_n(b"QUJ!=\r\n".iter().copied(), n / 7).flatten());
        raw
    });
    assert!(report.score.is_finite());
    let report = bounded(&engine, 1 << 20, |n| {
        let mut raw = format!(
            "{HEAD}Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        )
        .into_bytes();
        raw.extend(std::iter::repeat_n(b"=\r\n=Z".iter().copied(), n / 5).flatten());
        raw
    });
    assert!(report.score.is_finite());
}

#[test]
fn invalid_charsets() {
    let engine = engine();
    let charsets = [
        "x-no-such-charset",
        "utf-16",
        "utf-16le",
        "utf-32",
        "iso-2022-jp",
        "\"\"",
        "\u{0}",
        "unicode-1-1-utf-7",
        &"x".repeat(10_000),
    ];
    let bodies: [&[u8]; 4] = [
        b"\xff\xfe\xfd odd",
        b"\x1b$B\x1b(J\x1b$@",
        b"+AGEAYgBj-+-+ZZZ",
        &[0xd8, 0x00, 0xdc],
    ];
    for charset in charsets {
        for body in bodies {
            for ctype in ["text/plain", "text/html"] {
                let mut raw = format!(
                    "{HEAD}Subject: =?{charset}?B?//79?= =?{charset}?Q?=FF=00?=\r\nContent-Type: {ctype}; charset={charset}\r\n\r\n"
                )
                .into_bytes();
                raw.extend_from_slice(body);
                let (report, _) = run(&engine, &raw);
                assert!(report.score.is_finite(), "{charset}");
            }
        }
    }
}

#[test]
fn nul_bytes() {
    let engine = engine();
    let raw = b"From: a\0@example.com\r\nSub\0ject: \0\0\r\nTo: \0\r\n\r\n\0\0body\0<a href=\"http://\0.example/\">\0</a>\r\n";
    let (report, _) = run(&engine, raw);
    assert!(report.score.is_finite());
    let report = bounded(&engine, 1 << 20, |n| {
        let mut raw = HEAD.as_bytes().to_vec();
        raw.extend_from_slice(b"Content-Type: text/html\r\n\r\n");
        raw.extend(std::iter::repeat_n(0u8, n));
        raw
    });
    assert!(report.score.is_finite());
}

#[test]
fn configured_limits_are_reported_where_they_cut() {
    let mut limits = Limits::default();
    limits.max_message_bytes = 4096;
    limits.max_part_bytes = 1024;
    limits.max_parts = 3;
    limits.max_headers = 8;
    limits.max_uris = 2;
    limits.max_html_tags = 10;
    let engine = Engine::new(Config::default().limits(limits)).expect("valid limits");
    let (report, _) = run(&engine, &many_headers(20));
    assert!(limit_hit(&report, "max_headers"));
    let (report, _) = run(&engine, &many_parts(10));
    assert!(limit_hit(&report, "max_parts"));
    let (report, _) = run(&engine, &html_message(&"<b>x</b>".repeat(20)));
    assert!(limit_hit(&report, "max_html_tags"));
    let (report, _) = run(&engine, &single_line_body(3000));
    assert!(limit_hit(&report, "max_part_bytes"));
    let links: String = (0..5)
        .map(|i| format!("<a href=\"http://h{i}.example.com/\">{i}</a>"))
        .collect();
    let (report, _) = run(&engine, &html_message(&links));
    assert!(limit_hit(&report, "max_uris"));
    let (report, _) = run(&engine, &html_message(&links[..60]));
    assert!(!limit_hit(&report, "max_uris"));
    let (report, _) = run(&engine, &single_line_body(5000));
    assert!(limit_hit(&report, "max_message_bytes"));
    // The text report lists them.
    assert!(
        report
            .to_text(spamgauge::Lang::En)
            .contains("max_message_bytes")
    );
}
