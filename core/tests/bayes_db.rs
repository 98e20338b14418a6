//! Property tests of the Bayes database: learn/forget round trips, byte
//! round trips, and damaged bytes (never a panic, never a wrong database).

use proptest::prelude::*;
use spamgauge::Timestamp;
use spamgauge::learning::bayes::{BayesDb, BayesFormatError, Class, ForgetOutcome, Tokens};

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
        let mut with_magic = b"SGBAYES\0\x01\0\0\0".to_vec();
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
