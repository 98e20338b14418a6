//! Invariants over generated messages and inputs:
//!
//! * the total is the sum of the hits' scores (rounded to three decimals);
//! * the same input gives the same report, from the same or another engine;
//! * the order of DNS answers and DKIM results in the verdicts does not matter;
//! * a message with CRLF line endings gets the same report as with LF ones;
//! * no input panics (messages, verdicts JSON, header verdict parsers, Bayes
//!   database bytes);
//! * reports, verdicts and configurations round-trip through JSON.

use proptest::prelude::*;
use proptest::sample::select;

use spamgauge::learning::BayesDb;
use spamgauge::learning::bayes::{Class, Tokens};
use spamgauge::verdicts::headers::{parse_authentication_results, parse_received_spf};
use spamgauge::verdicts::{
    Answer, DkimResult, DkimSignature, DnsAnswer, Envelope, RecordType, SpfResult, Verdicts,
};
use spamgauge::{Config, Engine, Inputs, Profile, Report, Timestamp};

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Config::default()).expect("default config"))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0 + 0.0
}

const NOW: Timestamp = Timestamp::from_unix(1_717_400_000);

/// A header field, plausible or not.
fn header() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "From: \"Bank\" <security@paypa1.example>",
            "From: alice@example.com",
            "To: bob@example.org",
            "To: undisclosed-recipients:;",
            "Subject: =?utf-8?B?RlJFRSBNT05FWSEhIQ==?=",
            "Subject: Re: lunch",
            "Date: Mon, 3 Jun 2024 10:00:00 +0000",
            "Date: Thu, 1 Jan 1970 00:00:00 +0000",
            "Message-ID: <abc@example.com>",
            "MIME-Version: 1.0",
            "Reply-To: x@example.net",
            "X-Mailer: The Bat! (v1.52f) Business",
            "Received: from mail.example.com (mail.example.com [203.0.113.7]) by mx.example.org with ESMTP id 1; Mon, 3 Jun 2024 10:00:00 +0000",
            "Received: from [198.51.100.2] by 192.0.2.1; Mon, 3 Jun 2024 09:59:00 +0000",
            "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.com; dkim=fail header.d=example.com",
            "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; b=AAAA",
        ])
        .prop_map(str::to_owned),
        ("[A-Za-z-]{1,12}", "[ -~]{0,40}").prop_map(|(n, v)| format!("{n}: {v}")),
    ]
}

/// A body part: plain text, HTML, or bytes.
fn body() -> impl Strategy<Value = (String, Vec<u8>)> {
    let words = prop::collection::vec(
        select(vec![
            "free",
            "money",
            "viagra",
            "click",
            "here",
            "http://example.com/x",
            "www.bad.example",
            "unsubscribe",
            "hello",
            "meeting",
            "100%",
            "$$$",
            "<b>",
            "</b>",
            "<a href=\"http://evil.example/\">",
            "</a>",
            "<img src=x.png>",
            "<font color=#ffffff>",
            "</font>",
            "\n",
            "\n\n",
            "=20",
            "\u{e9}t\u{e9}",
        ]),
        0..60,
    )
    .prop_map(|w| w.join(" "));
    prop_oneof![
        words
            .clone()
            .prop_map(|t| ("text/plain; charset=utf-8".to_owned(), t.into_bytes())),
        words.prop_map(|t| (
            "text/html; charset=iso-8859-1".to_owned(),
            format!("<html><body>{t}</body></html>").into_bytes()
        )),
        prop::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| ("application/octet-stream".to_owned(), b)),
    ]
}

/// A message: some header fields, then one part or a multipart of a few.
fn message() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(header(), 1..10),
        prop::collection::vec(body(), 1..4),
        any::<bool>(),
    )
        .prop_map(|(headers, parts, crlf)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut raw = Vec::new();
            for h in &headers {
                raw.extend_from_slice(h.as_bytes());
                raw.extend_from_slice(eol.as_bytes());
            }
            if let [(ctype, bytes)] = parts.as_slice() {
                raw.extend_from_slice(format!("Content-Type: {ctype}{eol}{eol}").as_bytes());
                raw.extend_from_slice(bytes);
            } else {
                raw.extend_from_slice(
                    format!("Content-Type: multipart/alternative; boundary=\"=b\"{eol}{eol}")
                        .as_bytes(),
                );
                for (ctype, bytes) in &parts {
                    raw.extend_from_slice(
                        format!("--=b{eol}Content-Type: {ctype}{eol}{eol}").as_bytes(),
                    );
                    raw.extend_from_slice(bytes);
                    raw.extend_from_slice(eol.as_bytes());
                }
                raw.extend_from_slice(format!("--=b--{eol}").as_bytes());
            }
            raw
        })
}

/// Any bytes, or a generated message with some bytes flipped.
fn any_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        (
            message(),
            prop::collection::vec((any::<usize>(), any::<u8>()), 0..8)
        )
            .prop_map(|(mut raw, flips)| {
                for (at, byte) in flips {
                    if !raw.is_empty() {
                        let at = at % raw.len();
                        raw[at] = byte;
                    }
                }
                raw
            }),
    ]
}

/// Verdicts answering every question the engine asks about `raw`, with
/// answers drawn from `picks`.
fn verdicts_for(raw: &[u8], picks: &[u8]) -> Option<Verdicts> {
    let engine = engine();
    let analysis = engine.analyze(raw).ok()?;
    let mut envelope = Envelope::default();
    envelope.client_ip = "203.0.113.7".parse().ok();
    envelope.helo = Some("mail.example.com".to_owned());
    envelope.mail_from = Some("alice@example.com".to_owned());
    let questions = engine.lookups(&analysis, &envelope);
    let mut verdicts = Verdicts::default();
    verdicts.envelope = Some(envelope);
    verdicts.auth.spf = Some(SpfResult::Pass);
    verdicts.auth.dkim = Some(vec![
        DkimSignature::new("example.com", DkimResult::Pass),
        DkimSignature::new("example.net", DkimResult::Fail),
        DkimSignature::new("bad.example", DkimResult::Pass),
    ]);
    for (i, question) in questions.into_iter().enumerate() {
        let pick = picks.get(i % picks.len().max(1)).copied().unwrap_or(0);
        let answer = match (question.rtype, pick % 4) {
            (_, 0) => Answer::Nxdomain,
            (RecordType::A, 1) => Answer::Records(vec!["127.0.0.2".to_owned()]),
            (RecordType::A, _) => Answer::Records(vec![
                format!("127.0.0.{}", pick % 16),
                "127.0.1.2".to_owned(),
            ]),
            (RecordType::Txt, _) => Answer::Records(vec!["listed".to_owned()]),
            (RecordType::Mx, _) => Answer::Records(vec!["10 mx.example.com".to_owned()]),
            (_, _) => Answer::Timeout,
        };
        verdicts
            .dns
            .push(DnsAnswer::new(question.name, question.rtype, answer));
    }
    Some(verdicts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn total_is_the_sum_of_the_hits(raw in message(), outbound in any::<bool>()) {
        let config = if outbound { Config::default().profile(Profile::Outbound) } else { Config::default() };
        let engine = Engine::new(config).expect("valid config");
        let Ok(report) = engine.check(&raw, &Inputs::default().now(NOW)) else { return Ok(()) };
        let sum = round3(report.hits.iter().map(|hit| hit.score).sum());
        prop_assert_eq!(report.raw_score, sum);
        if outbound {
            prop_assert_eq!(report.score, sum.clamp(0.0, 15.0));
        } else {
            prop_assert_eq!(report.score, sum);
        }
        prop_assert_eq!(report.is_spam, if outbound { report.score > report.threshold } else { report.score >= report.threshold });
    }

    #[test]
    fn the_same_input_gives_the_same_report(raw in any_input()) {
        let first = engine().check(&raw, &Inputs::default().now(NOW));
        let again = engine().check(&raw, &Inputs::default().now(NOW));
        let other = Engine::new(Config::default()).expect("default config");
        let third = other.check(&raw, &Inputs::default().now(NOW));
        match (first, again, third) {
            (Ok(a), Ok(b), Ok(c)) => {
                prop_assert_eq!(&a, &b);
                prop_assert_eq!(&a, &c);
            }
            (Err(a), Err(b), Err(c)) => {
                prop_assert_eq!(a.to_string(), b.to_string());
                prop_assert_eq!(a.to_string(), c.to_string());
            }
            _ => prop_assert!(false, "one run failed and another did not"),
        }
    }

    #[test]
    fn line_endings_do_not_matter(raw in message()) {
        let lf: Vec<u8> = raw.iter().copied().filter(|&byte| byte != b'\r').collect();
        let crlf: Vec<u8> = lf
            .iter()
            .flat_map(|&byte| if byte == b'\n' { vec![b'\r', b'\n'] } else { vec![byte] })
            .collect();
        let inputs = Inputs::default().now(NOW);
        match (engine().check(&lf, &inputs), engine().check(&crlf, &inputs)) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "LF: {:?}, CRLF: {:?}", a.map(|r| r.score), b.map(|r| r.score)),
        }
    }

    #[test]
    fn the_order_of_verdicts_does_not_matter(
        raw in message(),
        picks in prop::collection::vec(any::<u8>(), 1..8),
        seed in any::<u64>(),
    ) {
        let Some(verdicts) = verdicts_for(&raw, &picks) else { return Ok(()) };
        let mut shuffled = verdicts.clone();
        // A deterministic shuffle from the seed (Fisher–Yates, xorshift).
        let mut state = seed | 1;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for i in (1..shuffled.dns.len()).rev() {
            shuffled.dns.swap(i, next(i + 1));
        }
        if let Some(dkim) = shuffled.auth.dkim.as_mut() {
            for i in (1..dkim.len()).rev() {
                dkim.swap(i, next(i + 1));
            }
        }
        let engine = engine();
        let analysis = engine.analyze(&raw).expect("a message");
        let a = engine.score(&analysis, &Inputs::default().now(NOW).verdicts(&verdicts));
        let b = engine.score(&analysis, &Inputs::default().now(NOW).verdicts(&shuffled));
        let brief = |r: &Report| -> Vec<String> {
            r.hits.iter().map(|h| format!("{} {} {}", h.name, h.score, h.evidence.en)).collect()
        };
        prop_assert_eq!(brief(&a), brief(&b));
        prop_assert_eq!(a, b);
    }

    #[test]
    fn no_message_panics(raw in any_input()) {
        if let Ok(report) = engine().check(&raw, &Inputs::default().now(NOW)) {
            prop_assert!(report.score.is_finite());
            let _ = report.to_text(spamgauge::Lang::Fr);
        }
    }

    #[test]
    fn no_verdicts_json_panics(json in prop_oneof![
        "\\PC{0,200}",
        Just(r#"{"envelope":{"client_ip":"1.2.3.4"},"dns":[{"name":"x","type":"A","answer":"NXDOMAIN"}]}"#.to_owned()),
        "\\{\"(envelope|auth|dns)\":[\\[\\]{}\":,a-z0-9 .]{0,60}\\}",
    ]) {
        if let Ok(verdicts) = Verdicts::from_json(&json) {
            // A valid one round-trips.
            let again = serde_json::to_string(&verdicts).expect("verdicts serialize");
            prop_assert_eq!(Verdicts::from_json(&again).expect("round trip"), verdicts);
        }
    }

    #[test]
    fn no_header_verdict_panics(text in "\\PC{0,200}", prefix in select(vec![
        "", "mx.example.org; ", "mx.example.org 1; spf=pass smtp.mailfrom=", "pass (", "fail receiver=",
    ])) {
        let input = format!("{prefix}{text}");
        let _ = parse_authentication_results(&input);
        let _ = parse_received_spf(&input);
    }

    #[test]
    fn no_bayes_bytes_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), flips in prop::collection::vec((any::<usize>(), any::<u8>()), 0..4)) {
        let _ = BayesDb::from_bytes(&bytes);
        let mut db = BayesDb::new();
        db.learn(&Tokens::from_strings(["a", "b", "c"], 1), Class::Spam, NOW);
        let mut saved = db.to_bytes();
        let intact = saved.clone();
        for (at, byte) in flips {
            let at = at % saved.len();
            saved[at] = byte;
        }
        match BayesDb::from_bytes(&saved) {
            Ok(loaded) if saved == intact => prop_assert_eq!(loaded, db),
            _ => {}
        }
    }

    #[test]
    fn reports_round_trip_through_json(raw in message()) {
        let Ok(report) = engine().check(&raw, &Inputs::default().now(NOW)) else { return Ok(()) };
        let json = serde_json::to_string(&report).expect("a report serializes");
        let back: Report = serde_json::from_str(&json).expect("a report deserializes");
        prop_assert_eq!(back, report);
    }

    #[test]
    fn configurations_round_trip_through_json(
        threshold in -50.0f64..50.0,
        outbound in any::<bool>(),
        score in -10.0f64..10.0,
        max_uris in 1usize..100_000,
        addresses in prop::collection::vec("[a-z*?]{1,8}@[a-z.*]{1,12}", 0..4),
    ) {
        let mut limits = spamgauge::Limits::default();
        limits.max_uris = max_uris;
        let mut lists = spamgauge::AddressLists::default();
        for list in [
            &mut lists.welcomelist_from, &mut lists.unwelcomelist_from, &mut lists.blocklist_from,
            &mut lists.unblocklist_from, &mut lists.welcomelist_to, &mut lists.more_spam_to,
            &mut lists.all_spam_to, &mut lists.blocklist_to, &mut lists.welcomelist_auth,
            &mut lists.def_welcomelist_auth, &mut lists.unwelcomelist_auth,
            &mut lists.unwelcomelist_from_rcvd,
        ] {
            list.clone_from(&addresses);
        }
        lists.welcomelist_from_rcvd = addresses
            .iter()
            .map(|a| spamgauge::RcvdEntry::new(a.clone(), "mx.example"))
            .collect();
        lists.def_welcomelist_from_rcvd = lists.welcomelist_from_rcvd.clone();
        let config = Config::default()
            .profile(if outbound { Profile::Outbound } else { Profile::Inbound })
            .threshold(threshold)
            .score("MISSING_DATE", score)
            .disable("HTML_MESSAGE")
            .limits(limits)
            .address_lists(lists);
        let json = serde_json::to_string(&config).expect("a config serializes");
        prop_assert_eq!(Config::from_json(&json).expect("round trip"), config);
    }
}

/// The fuzz seeds and every crash the fuzzers ever found (`fuzz/corpus/*`,
/// `fuzz/artifacts/*`) replayed as ordinary inputs: none may panic, on stable,
/// without cargo-fuzz.
#[test]
#[allow(clippy::disallowed_methods)] // the test reads the committed inputs
fn fuzz_inputs_replay() {
    let fuzz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut replayed = 0;
    for kind in ["corpus", "artifacts"] {
        for target in [
            "pipeline",
            "auth_headers",
            "bayes_db",
            "verdicts_json",
            "ffi",
        ] {
            let Ok(entries) = std::fs::read_dir(fuzz.join(kind).join(target)) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                let Ok(bytes) = std::fs::read(entry.path()) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes);
                match target {
                    "auth_headers" => {
                        let _ = parse_authentication_results(&text);
                        let _ = parse_received_spf(&text);
                    }
                    "bayes_db" => {
                        let _ = BayesDb::from_bytes(&bytes);
                    }
                    "verdicts_json" => {
                        let _ = Verdicts::from_json(&text);
                        let _ = Config::from_json(&text).map(Engine::new);
                    }
                    // The ffi target's first byte picks the mode; the rest is a
                    // message in modes 0 and 1.
                    _ => {
                        let raw = if target == "ffi" {
                            bytes.get(1..).unwrap_or_default()
                        } else {
                            &bytes
                        };
                        if let Ok(report) = engine().check(raw, &Inputs::default().now(NOW)) {
                            assert!(report.score.is_finite());
                        }
                    }
                }
                replayed += 1;
            }
        }
    }
    assert!(
        replayed > 20,
        "only {replayed} fuzz inputs found in {}",
        fuzz.display()
    );
}
