//! The whole pipeline on raw bytes: analyse, plan lookups, score (with and
//! without network verdicts), render the report in both languages and as JSON.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use spamgauge::verdicts::Verdicts;
use spamgauge::{Config, Engine, Inputs, Lang, Timestamp};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Config::default()).expect("default config"))
}

fuzz_target!(|raw: &[u8]| {
    let engine = engine();
    let Ok(analysis) = engine.analyze(raw) else {
        return;
    };
    let verdicts = Verdicts::from_json(
        r#"{"envelope": {"client_ip": "203.0.113.7", "helo": "x.example"}, "auth": {"spf": "fail"}}"#,
    )
    .expect("constant verdicts");
    let envelope = verdicts.envelope.clone().unwrap_or_default();
    let _ = engine.lookups(&analysis, &envelope);
    let now = Timestamp::from_unix(1_717_400_000);
    for inputs in [
        Inputs::default(),
        Inputs::default().now(now).verdicts(&verdicts),
    ] {
        let report = engine.score(&analysis, &inputs);
        assert!(report.score.is_finite());
        let _ = report.to_text(Lang::En);
        let _ = report.to_text(Lang::Fr);
        let json = serde_json::to_string(&report).expect("a report serializes");
        let back: spamgauge::Report = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(back, report);
    }
});
