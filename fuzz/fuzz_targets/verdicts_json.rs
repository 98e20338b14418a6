//! The verdicts JSON (and the configuration JSON): any text parses or fails
//! with an error; what parses round-trips and scores a message.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use spamgauge::verdicts::Verdicts;
use spamgauge::{Analysis, Config, Engine, Inputs};

fn engine() -> &'static (Engine, Analysis) {
    static ENGINE: OnceLock<(Engine, Analysis)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let engine = Engine::new(Config::default()).expect("default config");
        let analysis = engine
            .analyze(
                b"Received: from a.example (a.example [203.0.113.7]) by mx; Mon, 3 Jun 2024 10:00:00 +0000\r\n\
                  From: x@example.com\r\nSubject: hi\r\n\r\nhttp://bad.example/ hello\r\n",
            )
            .expect("a message");
        (engine, analysis)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(verdicts) = Verdicts::from_json(text) {
        let json = serde_json::to_string(&verdicts).expect("verdicts serialize");
        assert_eq!(Verdicts::from_json(&json).as_ref().ok(), Some(&verdicts));
        let (engine, analysis) = engine();
        let report = engine.score(analysis, &Inputs::default().verdicts(&verdicts));
        assert!(report.score.is_finite());
    }
    if let Ok(config) = Config::from_json(text) {
        let _ = Engine::new(config);
    }
});
