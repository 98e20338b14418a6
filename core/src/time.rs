//! Time as plain data: the core never reads a clock, the caller injects `now`.
//!
//! [`Timestamp`] is whole seconds since the Unix epoch, UTC. It is written and
//! read as RFC 3339 (`2026-11-23T09:00:00Z`), in text reports and in JSON: a
//! string says which instant it is without the reader having to guess whether a
//! number counts seconds or milliseconds, and every JSON consumer can parse it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds since the Unix epoch, UTC.
///
/// `Display` and serde use RFC 3339 in UTC (`1970-01-02T00:00:00Z`); years
/// outside 0000–9999, which RFC 3339 cannot express, are written with a sign
/// and at least four digits (ISO 8601 expanded years, `+10000-01-01T00:00:00Z`)
/// so that every value round-trips.
///
/// ```
/// use spamgauge::Timestamp;
/// assert_eq!(Timestamp::from_unix(86_400).unix(), 86_400);
/// let t = Timestamp::parse_rfc3339("2026-11-23T10:00:00+01:00")?;
/// assert_eq!(t.to_string(), "2026-11-23T09:00:00Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Why a text is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text does not have the shape `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
    #[error("not an RFC 3339 timestamp: expected {expected} at byte {at}")]
    Syntax {
        /// What was expected.
        expected: &'static str,
        /// Byte offset in the input.
        at: usize,
    },
    /// A field is outside its range (month 13, 31 April, hour 24, …).
    #[error("{field} out of range in RFC 3339 timestamp")]
    OutOfRange {
        /// The field.
        field: &'static str,
    },
    /// The instant does not fit in 64-bit seconds.
    #[error("RFC 3339 timestamp does not fit in 64-bit seconds")]
    Overflow,
}

const SECONDS_PER_DAY: i64 = 86_400;

impl Timestamp {
    /// A timestamp from seconds since the Unix epoch.
    #[must_use]
    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Seconds since the Unix epoch.
    #[must_use]
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// A timestamp from a UTC civil date and time, `None` when a field is out
    /// of range (month 1–12, day within the month, hour 0–23, minute and
    /// second 0–59) or the result does not fit.
    ///
    /// ```
    /// use spamgauge::Timestamp;
    /// assert_eq!(Timestamp::from_civil(1970, 1, 2, 0, 0, 0).map(|t| t.unix()), Some(86_400));
    /// assert_eq!(Timestamp::from_civil(2023, 2, 29, 0, 0, 0), None);
    /// ```
    #[must_use]
    pub fn from_civil(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Option<Self> {
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let days = days_from_civil(year, month, day)?;
        seconds_of(days, hour * 3600 + minute * 60 + second, 0).map(Self)
    }

    /// The UTC civil date and time: `(year, month, day, hour, minute, second)`.
    #[must_use]
    pub fn to_civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        // rem_euclid is in 0..86_400, so the casts below cannot truncate.
        let secs = self.0.rem_euclid(SECONDS_PER_DAY) as u32;
        let (year, month, day) = civil_from_days(days);
        (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// Parses an RFC 3339 timestamp: `YYYY-MM-DDTHH:MM:SS`, optional fraction
    /// (dropped: timestamps are whole seconds), then `Z` or `±HH:MM`. `T` and
    /// `Z` may be lower case. A leap second (`:60`) is read as the first second
    /// of the next minute. For round trips with [`Display`](fmt::Display), a
    /// signed year of four or more digits (`+10000`, `-0001`) is also accepted.
    pub fn parse_rfc3339(text: &str) -> Result<Self, TimeError> {
        Rfc3339Parser {
            bytes: text.as_bytes(),
            at: 0,
        }
        .parse()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day, hour, minute, second) = self.to_civil();
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}")?;
        } else {
            let sign = if year < 0 { '-' } else { '+' };
            write!(f, "{sign}{:04}", year.unsigned_abs())?;
        }
        write!(f, "-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }
}

impl FromStr for Timestamp {
    type Err = TimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse_rfc3339(text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

/// `days · 86,400 + seconds − offset`, computed wide so that the first day of
/// the range (whose midnight lies before `i64::MIN`) still works.
fn seconds_of(days: i64, seconds: u32, offset: i64) -> Option<i64> {
    let wide =
        i128::from(days) * i128::from(SECONDS_PER_DAY) + i128::from(seconds) - i128::from(offset);
    i64::try_from(wide).ok()
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
#[must_use]
pub(crate) const fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`; 0 for a month out of range.
#[must_use]
pub(crate) const fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1–12, day
/// 1–31), `None` on overflow. Eras of 400 years (146,097 days) keep the
/// arithmetic exact for negative years.
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    let year = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400); // 0..=399
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1; // 0..=365
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era.checked_mul(146_097)?
        .checked_add(day_of_era)?
        .checked_sub(719_468)
}

/// The proleptic Gregorian date of a day count since 1970-01-01. Total over
/// every `i64` that comes from dividing an `i64` of seconds by 86,400.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // days is at most |i64::MIN / 86_400| ≈ 1.07e14, far from overflowing.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097); // 0..=146_096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // 0..=11, March first
    // day in 1..=31 and month in 1..=12: the casts cannot truncate.
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

struct Rfc3339Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Rfc3339Parser<'_> {
    fn parse(mut self) -> Result<Timestamp, TimeError> {
        let year = self.year()?;
        self.literal(b'-', "'-'")?;
        let month = self.digits(2, "two-digit month")?;
        self.literal(b'-', "'-'")?;
        let day = self.digits(2, "two-digit day")?;
        match self.bytes.get(self.at) {
            Some(b'T' | b't') => self.at += 1,
            _ => return Err(self.error("'T'")),
        }
        let hour = self.digits(2, "two-digit hour")?;
        self.literal(b':', "':'")?;
        let minute = self.digits(2, "two-digit minute")?;
        self.literal(b':', "':'")?;
        let second = self.digits(2, "two-digit second")?;
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            let start = self.at;
            while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
                self.at += 1;
            }
            if self.at == start {
                return Err(self.error("fraction digits"));
            }
        }
        let offset = match self.bytes.get(self.at) {
            Some(b'Z' | b'z') => {
                self.at += 1;
                0
            }
            Some(&sign @ (b'+' | b'-')) => {
                self.at += 1;
                let hours = self.digits(2, "two-digit offset hours")?;
                self.literal(b':', "':'")?;
                let minutes = self.digits(2, "two-digit offset minutes")?;
                if hours > 23 {
                    return Err(TimeError::OutOfRange {
                        field: "offset hours",
                    });
                }
                if minutes > 59 {
                    return Err(TimeError::OutOfRange {
                        field: "offset minutes",
                    });
                }
                let seconds = i64::from(hours * 3600 + minutes * 60);
                if sign == b'-' { -seconds } else { seconds }
            }
            _ => return Err(self.error("'Z' or an offset")),
        };
        if self.at != self.bytes.len() {
            return Err(self.error("end of text"));
        }
        if !(1..=12).contains(&month) {
            return Err(TimeError::OutOfRange { field: "month" });
        }
        if day < 1 || day > days_in_month(year, month) {
            return Err(TimeError::OutOfRange { field: "day" });
        }
        if hour > 23 {
            return Err(TimeError::OutOfRange { field: "hour" });
        }
        if minute > 59 {
            return Err(TimeError::OutOfRange { field: "minute" });
        }
        if second > 60 {
            return Err(TimeError::OutOfRange { field: "second" });
        }
        let days = days_from_civil(year, month, day).ok_or(TimeError::Overflow)?;
        seconds_of(days, hour * 3600 + minute * 60 + second, offset)
            .map(Timestamp)
            .ok_or(TimeError::Overflow)
    }

    fn error(&self, expected: &'static str) -> TimeError {
        TimeError::Syntax {
            expected,
            at: self.at,
        }
    }

    fn literal(&mut self, byte: u8, expected: &'static str) -> Result<(), TimeError> {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    fn digits(&mut self, count: usize, expected: &'static str) -> Result<u32, TimeError> {
        let mut value = 0;
        for _ in 0..count {
            match self.bytes.get(self.at) {
                Some(&digit) if digit.is_ascii_digit() => {
                    value = value * 10 + u32::from(digit - b'0');
                    self.at += 1;
                }
                _ => return Err(self.error(expected)),
            }
        }
        Ok(value)
    }

    /// Four digits, or a sign and 4 to 12 digits (beyond the range of any
    /// `i64` of seconds either way, so no overflow is possible here).
    fn year(&mut self) -> Result<i64, TimeError> {
        let negative = match self.bytes.first() {
            Some(b'+') => {
                self.at += 1;
                Some(false)
            }
            Some(b'-') => {
                self.at += 1;
                Some(true)
            }
            _ => None,
        };
        let start = self.at;
        let mut value: i64 = 0;
        while let Some(&digit) = self.bytes.get(self.at).filter(|b| b.is_ascii_digit()) {
            if self.at - start == 12 {
                return Err(TimeError::Overflow);
            }
            value = value * 10 + i64::from(digit - b'0');
            self.at += 1;
        }
        let len = self.at - start;
        match negative {
            None if len == 4 => Ok(value),
            Some(negative) if len >= 4 => Ok(if negative { -value } else { value }),
            _ => Err(TimeError::Syntax {
                expected: "four-digit year",
                at: start,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_and_known_dates() {
        assert_eq!(Timestamp::from_unix(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::from_unix(951_782_400).to_string(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(Timestamp::from_unix(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(
            Timestamp::from_unix(253_402_300_800).to_string(),
            "+10000-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix(-62_167_219_201).to_string(),
            "-0001-12-31T23:59:59Z"
        );
    }

    #[test]
    fn parses_offsets_fractions_and_leap_seconds() {
        let parse = |s| Timestamp::parse_rfc3339(s).map(Timestamp::unix);
        assert_eq!(parse("1970-01-01T01:00:00+01:00"), Ok(0));
        assert_eq!(parse("1969-12-31t19:00:00.999-05:00"), Ok(0));
        assert_eq!(parse("1970-01-01T00:00:00z"), Ok(0));
        assert_eq!(parse("1998-12-31T23:59:60Z"), Ok(915_148_800));
        assert_eq!(parse("2000-02-29T00:00:00Z"), Ok(951_782_400));
    }

    #[test]
    fn rejects_bad_shapes_and_ranges() {
        for bad in [
            "",
            "2023-02-29T00:00:00Z",
            "2023-13-01T00:00:00Z",
            "2023-01-01T24:00:00Z",
            "2023-01-01 00:00:00Z",
            "2023-01-01T00:00:00",
            "2023-01-01T00:00:00+0100",
            "2023-01-01T00:00:00Z ",
            "23-01-01T00:00:00Z",
            "2023-01-01T00:00:00.Z",
            "+1234567890123-01-01T00:00:00Z",
        ] {
            assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_extreme_round_trips() {
        for seconds in [
            i64::MIN,
            i64::MIN + 1,
            -86_401,
            -1,
            0,
            1,
            1_700_000_000,
            i64::MAX - 1,
            i64::MAX,
        ] {
            let t = Timestamp::from_unix(seconds);
            assert_eq!(Timestamp::parse_rfc3339(&t.to_string()), Ok(t), "{t}");
        }
    }

    #[test]
    fn civil_round_trip_over_four_centuries_of_days() {
        let mut day = -146_097 - 5;
        while day < 146_097 * 2 {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), Some(day));
            day += 1;
        }
    }

    #[test]
    fn serde_uses_rfc3339_strings() {
        let t = Timestamp::from_unix(86_400);
        let json = serde_json::to_string(&t).unwrap_or_default();
        assert_eq!(json, "\"1970-01-02T00:00:00Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).ok(), Some(t));
        assert!(serde_json::from_str::<Timestamp>("86400").is_err());
    }

    proptest::proptest! {
        #[test]
        fn display_then_parse_is_identity(seconds in proptest::prelude::any::<i64>()) {
            let t = Timestamp::from_unix(seconds);
            proptest::prop_assert_eq!(Timestamp::parse_rfc3339(&t.to_string()), Ok(t));
        }
    }
}
