//! The current time: the system clock, or `--now` in RFC 3339 form (parsed by
//! the core's [`Timestamp::parse_rfc3339`]).

use std::time::{SystemTime, UNIX_EPOCH};

use spamgauge::Timestamp;

/// The system clock, in whole seconds.
pub(crate) fn system_now() -> Timestamp {
    let seconds = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        // A clock set before 1970: count backwards.
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    };
    Timestamp::from_unix(seconds)
}

/// `--now`: an RFC 3339 date-time, with an example in the error.
pub(crate) fn parse_rfc3339(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(text)
        .map_err(|error| format!("{error} (a valid one: 2026-11-23T10:00:00Z)"))
}
