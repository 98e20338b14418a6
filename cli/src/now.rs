//! The current time: the system clock, or `--now` in RFC 3339 form.
//!
//! The parser here is private to the CLI and small on purpose: it goes away when
//! the core offers `Timestamp::parse_rfc3339`.

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

/// Parses an RFC 3339 date-time (`2026-11-23T10:00:00Z`,
/// `2026-11-23t10:00:00.5+01:00`, `2026-11-23 10:00:00-05:30`); fractions of a
/// second are dropped, a leap second counts as the next second.
pub(crate) fn parse_rfc3339(text: &str) -> Result<Timestamp, String> {
    let invalid =
        || format!("`{text}` is not an RFC 3339 date-time (expected e.g. 2026-11-23T10:00:00Z)");
    let bytes = text.as_bytes();
    if bytes.len() < 20 {
        return Err(invalid());
    }
    let number = |from: usize, to: usize| -> Result<i64, String> {
        let digits = bytes.get(from..to).ok_or_else(invalid)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(invalid());
        }
        digits
            .iter()
            .try_fold(0i64, |n, d| Some(n * 10 + i64::from(d - b'0')))
            .ok_or_else(invalid)
    };
    let expect = |at: usize, allowed: &[u8]| -> Result<(), String> {
        match bytes.get(at) {
            Some(b) if allowed.contains(b) => Ok(()),
            _ => Err(invalid()),
        }
    };
    let year = number(0, 4)?;
    expect(4, b"-")?;
    let month = number(5, 7)?;
    expect(7, b"-")?;
    let day = number(8, 10)?;
    expect(10, b"Tt ")?;
    let hour = number(11, 13)?;
    expect(13, b":")?;
    let minute = number(14, 16)?;
    expect(16, b":")?;
    let second = number(17, 19)?;
    let mut at = 19;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return Err(invalid());
        }
    }
    let offset = match bytes.get(at) {
        Some(b'Z' | b'z') if at + 1 == bytes.len() => 0,
        Some(&sign @ (b'+' | b'-')) if at + 6 == bytes.len() => {
            let hours = number(at + 1, at + 3)?;
            expect(at + 3, b":")?;
            let minutes = number(at + 4, at + 6)?;
            if hours > 23 || minutes > 59 {
                return Err(invalid());
            }
            let offset = hours * 3600 + minutes * 60;
            if sign == b'-' { -offset } else { offset }
        }
        _ => return Err(invalid()),
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return Err(invalid());
    }
    let days = days_from_civil(year, month, day);
    Ok(Timestamp::from_unix(
        days * 86_400 + hour * 3600 + minute * 60 + second - offset,
    ))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unix(text: &str) -> i64 {
        parse_rfc3339(text).map(Timestamp::unix).unwrap_or(i64::MIN)
    }

    #[test]
    fn parses_utc_and_offsets() {
        assert_eq!(unix("1970-01-01T00:00:00Z"), 0);
        assert_eq!(unix("2026-11-23T10:00:00Z"), 1_795_428_000);
        assert_eq!(unix("2026-11-23T11:00:00+01:00"), 1_795_428_000);
        assert_eq!(unix("2026-11-23t04:30:00.999-05:30"), 1_795_428_000);
        assert_eq!(unix("2026-11-23 10:00:00z"), 1_795_428_000);
        assert_eq!(unix("2000-02-29T00:00:00Z"), 951_782_400);
        assert_eq!(unix("1969-12-31T23:59:59Z"), -1);
    }

    #[test]
    fn rejects_what_is_not_rfc3339() {
        for text in [
            "",
            "2026-11-23",
            "2026-11-23T10:00:00",
            "2026-11-23T10:00Z",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T10:00:00+1:00",
            "2026-11-23T10:00:00.Z",
            "2026-11-23T10:00:00Zjunk",
            "Mon, 23 Nov 2026 10:00:00 +0000",
            "２026-11-23T10:00:00Z",
        ] {
            assert!(parse_rfc3339(text).is_err(), "{text}");
        }
    }
}
