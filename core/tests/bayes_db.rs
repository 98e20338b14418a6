//! Property tests of the Bayes database: learn/forget round trips, byte
//! round trips, and damaged bytes (never a panic, never a wrong database).

use proptest::prelude::*;
use spamgauge::learning::bayes::{
    BayesDb, BayesFormatError, Class, ForgetOutcome, LearnOutcome, Tokenizer, Tokens,
};
use spamgauge::{Config, Engine, Timestamp};

fn message() -> impl Strategy<Value = (Vec<String>, u64, bool, i64)> {
    (
        prop::collection::vec("[a-z]{3,8}", 1..20),
        any::<u64>(),
        any::<bool>(),
        -1_000_000i64..2_000_000_000,
    )
}

fn build(messages: &[(Vec<String>, u64, bool, i64)]) -> BayesDb {
    let mut db = BayesDb::new();
    for (words, id, spam, atime) in messages {
        let class = if *spam { Class::Spam } else { Class::Ham };
        db.learn(
            &Tokens::from_strings(words, *id),
            class,
            Timestamp::from_unix(*atime),
        );
    }
    db
}

proptest! {
    #[test]
    fn bytes_round_trip(messages in prop::collection::vec(message(), 0..30)) {
        let db = build(&messages);
        let bytes = db.to_bytes();
        let back = BayesDb::from_bytes(&bytes).unwrap();
        prop_assert_eq!(&back, &db);
        prop_assert_eq!(back.to_bytes(), bytes);
    }

    #[test]
    fn forgetting_the_last_message_restores_the_counts(
        messages in prop::collection::vec(message(), 0..20),
        last in message(),
    ) {
        let mut db = build(&messages);
        let tokens = Tokens::from_strings(&last.0, last.1);
        prop_assume!(db.learned_as(last.1).is_none());
        let before = db.to_bytes();
        let class = if last.2 { Class::Spam } else { Class::Ham };
        db.learn(&tokens, class, Timestamp::from_unix(last.3));
        prop_assert_eq!(db.forget(&tokens), ForgetOutcome::Forgotten(class));
        // Access times may have moved forward; counts and classes must not.
        let after = BayesDb::from_bytes(&db.to_bytes()).unwrap();
        let original = BayesDb::from_bytes(&before).unwrap();
        prop_assert_eq!((after.nspam(), after.nham(), after.len()), (original.nspam(), original.nham(), original.len()));
        for word in &last.0 {
            let hash = spamgauge::learning::bayes::token_hash(word.as_bytes());
            let counts = |db: &BayesDb| db.token(hash).map(|e| (e.spam, e.ham));
            prop_assert_eq!(counts(&after), counts(&original));
        }
    }

    #[test]
    fn relearning_is_idempotent(messages in prop::collection::vec(message(), 1..20)) {
        let db = build(&messages);
        let again = build(&[messages.clone(), messages.clone()].concat());
        prop_assert_eq!(db, again);
    }

    #[test]
    fn any_single_byte_change_or_cut_is_an_error(
        messages in prop::collection::vec(message(), 1..10),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
        cut in any::<prop::sample::Index>(),
    ) {
        let bytes = build(&messages).to_bytes();
        let mut damaged = bytes.clone();
        let i = at.index(damaged.len());
        damaged[i] ^= flip;
        prop_assert!(BayesDb::from_bytes(&damaged).is_err());
        let n = cut.index(bytes.len());
        prop_assert!(BayesDb::from_bytes(&bytes[..n]).is_err());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = BayesDb::from_bytes(&bytes);
        let mut with_magic = b"SGBAYES\0\x02\0\0\0".to_vec();
        with_magic.extend_from_slice(&bytes);
        let result = BayesDb::from_bytes(&with_magic);
        prop_assert!(result.is_err() || bytes.len() >= 60);
    }
}

#[test]
fn errors_explain_themselves() {
    let err = BayesDb::from_bytes(b"nope").unwrap_err();
    assert_eq!(err, BayesFormatError::TooShort { len: 4, min: 72 });
    assert_eq!(
        err.to_string(),
        "bayes database truncated: 4 bytes, at least 72 needed"
    );
}

/// A large database loads in one linear pass (speed is measured by the
/// benches; this checks the size arithmetic at scale). The million-token
/// variant is slow in debug builds: `cargo test --release -- --ignored`.
#[test]
fn a_large_database_round_trips() {
    round_trip_tokens(100_000);
}

#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn a_million_tokens_round_trip() {
    round_trip_tokens(1_000_000);
}

fn round_trip_tokens(n: u32) {
    let mut db = BayesDb::new();
    let words: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
    db.learn(
        &Tokens::from_strings(&words, 1),
        Class::Spam,
        Timestamp::from_unix(0),
    );
    let bytes = db.to_bytes();
    assert_eq!(bytes.len(), 52 + 21 * db.len() + 9 + 20);
    let back = BayesDb::from_bytes(&bytes).unwrap();
    assert_eq!(back.len(), db.len());
}

/// A message as SpamAssassin's `sa-learn` sees it: its tokens and the keys
/// it is recognised by.
fn analysed(raw: &str) -> Tokens {
    let engine = Engine::new(Config::default()).expect("default configuration");
    let analysis = engine.analyze(raw.as_bytes()).expect("a message");
    Tokenizer::default().tokens(&analysis)
}

const ORIGINAL: &str = "Received: from mx1.example.net (mx1.example.net [192.0.2.1])\n\
    \tby mail.example.org; Mon, 1 Jan 2024 10:00:05 +0000\n\
    Message-ID: <first@example.net>\n\
    From: Sender <sender@example.net>\n\
    To: rcpt@example.org\n\
    Date: Mon, 1 Jan 2024 10:00:00 +0000\n\
    Subject: quarterly figures\n\
    \n\
    The figures are attached.\n";

#[test]
fn a_resent_copy_is_already_learned_as_spamassassin_decides() {
    let mut db = BayesDb::new();
    let atime = Timestamp::from_unix(1_704_103_200);
    assert_eq!(
        db.learn(&analysed(ORIGINAL), Class::Ham, atime),
        LearnOutcome::Learned
    );
    // Relayed again: other Received fields, a Message-ID given by a relay,
    // CRLF line endings. SpamAssassin's id reads To, Date and the body only.
    let resent = ORIGINAL
        .replace(
            "mx1.example.net (mx1.example.net [192.0.2.1])",
            "relay.example.com ([198.51.100.7])",
        )
        .replace("<first@example.net>", "<relay-4711@example.com>")
        .replace('\n', "\r\n");
    let copy = analysed(&resent);
    assert_ne!(copy.strings(), analysed(ORIGINAL).strings(), "other tokens");
    assert_eq!(
        db.learn(&copy, Class::Ham, atime),
        LearnOutcome::AlreadyLearned
    );
    assert_eq!((db.nspam(), db.nham()), (0, 1));
    // Learned as the other class, the copy moves the original.
    assert_eq!(db.learn(&copy, Class::Spam, atime), LearnOutcome::Relearned);
    assert_eq!((db.nspam(), db.nham()), (1, 0));
    // Same Message-ID, but another Date or body: another message for
    // SpamAssassin, learned again.
    for other in [
        ORIGINAL.replace("10:00:00", "11:00:00"),
        ORIGINAL.replace("attached", "enclosed"),
        ORIGINAL.replace("To: rcpt@", "To: other@"),
    ] {
        assert_eq!(
            db.learn(&analysed(&other), Class::Spam, atime),
            LearnOutcome::Learned,
            "{other}"
        );
    }
    assert_eq!((db.nspam(), db.nham()), (4, 0));
    // The stored identity survives a round trip.
    let mut back = BayesDb::from_bytes(&db.to_bytes()).expect("round trip");
    assert_eq!(
        back.learn(&analysed(ORIGINAL), Class::Spam, atime),
        LearnOutcome::AlreadyLearned
    );
}

#[test]
fn a_version_1_database_is_refused_with_a_reason() {
    let mut bytes = BayesDb::new().to_bytes();
    bytes[8] = 1;
    let err = BayesDb::from_bytes(&bytes).unwrap_err();
    assert_eq!(err, BayesFormatError::Outdated { version: 1 });
    assert!(err.to_string().contains("learn them again"), "{err}");
}
