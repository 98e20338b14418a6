//! Date parsing as SpamAssassin does it (sa-semantics §2.1) and the shape
//! check behind INVALID_DATE (§2.2).
//!
//! SpamAssassin's parser is lenient and full of fix-ups; the date tests
//! depend on them (an hour of `25` becomes 23, a 31 April becomes 1 May), so
//! they are reproduced here, quirks included.

use std::sync::LazyLock;

use regex::bytes::Regex;

use crate::time::{Timestamp, days_in_month};

const MONTHS: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";

/// The dates SpamAssassin's `date_diff` compares (sa-semantics §2.3), kept
/// in [`Analysis`](crate::analysis::Analysis) once read by the date tests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct HeaderDates {
    /// The first parseable Resent-Date:, else Date:.
    pub(crate) date: Option<Timestamp>,
    /// The dates of the Received fields, newest first, without a fetchmail
    /// pickup; not read (empty) when there is no `date`.
    pub(crate) received: Vec<Timestamp>,
}

/// `D Mon YYYY`, then the asctime form `Mon D hh:mm:ss YYYY`, then `D Mon YY`
/// or `D Mon YYY`: each surrounded by single spaces in the normalised text.
static DAY_MONTH_YEAR4: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r" ([0-9]+) ((?i:{MONTHS})) ([0-9]{{4}}) ")));
static ASCTIME: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r" ((?i:{MONTHS})) +([0-9]+) [0-9]+:[0-9]+:[0-9]+ ([0-9]{{4}}) "
    ))
});
static DAY_MONTH_YEAR2: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r" ([0-9]+) ((?i:{MONTHS})) ([0-9]{{2,3}}) ")));
static TIME_OF_DAY: LazyLock<Regex> =
    LazyLock::new(|| regex(r" ([0-9]?[0-9]):([0-9]{2})(?::([0-9]{2}))? "));
static NUMERIC_ZONE: LazyLock<Regex> = LazyLock::new(|| regex(r" ([-+])([0-9]{2})([0-9]{2}) "));
static NAMED_ZONE: LazyLock<Regex> = LazyLock::new(|| regex(r"\b([A-Z]{2,4}(?:-DST)?)\b"));

/// Compiles one of the fixed patterns of this module, over bytes with ASCII
/// classes (as Perl matches octet strings).
fn regex(pattern: &str) -> Regex {
    // The patterns are constants checked by the tests: failing here is a bug
    // in this file, never a property of the input.
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(&format!("(?-u){pattern}")).expect("valid built-in date pattern")
}

/// Zone abbreviations SpamAssassin knows, as minutes east of UTC.
fn named_zone_offset(name: &[u8]) -> Option<i64> {
    let minutes = match name {
        b"UT" | b"UTC" | b"GMT" | b"WET" => 0,
        b"BST" | b"IST" | b"CET" | b"MET" | b"MEZ" | b"WEST" => 60,
        b"CEST" | b"MEST" | b"MESZ" | b"EET" => 120,
        b"EEST" | b"MSK" | b"IDT" => 180,
        b"MSD" => 240,
        b"EST" | b"CDT" => -300,
        b"EDT" | b"AST" => -240,
        b"CST" | b"MDT" => -360,
        b"MST" | b"PDT" => -420,
        b"PST" | b"AKDT" => -480,
        b"ADT" | b"BRT" => -180,
        b"NST" => -210,
        b"NDT" => -150,
        b"HST" | b"HAST" => -600,
        b"AKST" | b"HADT" => -540,
        b"BRST" => -120,
        b"AEST" => 600,
        b"AEDT" => 660,
        b"ACST" => 570,
        b"ACDT" => 630,
        b"AWST" | b"HKT" | b"SGT" | b"PHT" => 480,
        b"NZST" => 720,
        b"NZDT" => 780,
        b"JST" | b"KST" => 540,
        _ => return None,
    };
    Some(minutes)
}

fn month_number(name: &[u8]) -> u32 {
    let lower = name.to_ascii_lowercase();
    MONTHS
        .split('|')
        .position(|month| month.as_bytes() == lower.as_slice())
        .map_or(0, |index| index as u32 + 1)
}

/// A decimal number from ASCII digits, saturating (SpamAssassin only compares
/// such numbers with small bounds).
fn number(digits: &[u8]) -> u64 {
    digits.iter().fold(0u64, |acc, digit| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(digit.wrapping_sub(b'0')))
    })
}

/// Removes the first match of `re` from `text` (replacing it by one space),
/// returning the matched bytes. The patterns' pieces are separated by spaces
/// or colons, or have a fixed width, so the caller splits the match itself: a
/// plain search is much cheaper than one that reports groups.
fn take(re: &Regex, text: &mut Vec<u8>) -> Option<Vec<u8>> {
    let range = re.find(text)?.range();
    Some(text.splice(range, [b' ']).collect())
}

/// The pieces of a match between `separator`s (and the spaces around it).
fn pieces(matched: &[u8], separator: u8) -> Vec<&[u8]> {
    matched
        .split(|&byte| byte == b' ' || byte == separator)
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// Piece `index` of `pieces`, empty when there is none.
fn piece<'a>(pieces: &[&'a [u8]], index: usize) -> &'a [u8] {
    pieces.get(index).copied().unwrap_or_default()
}

/// Parses an RFC 822-ish date with SpamAssassin's leniency and fix-ups
/// (sa-semantics §2.1).
///
/// The date is found anywhere in the text (`D Mon YYYY`, asctime
/// `Mon D hh:mm:ss YYYY` — whose time SpamAssassin then ignores —, or a two- or
/// three-digit year: below 50 means 20xx, otherwise 19xx); the time is
/// `h:mm[:ss]`; the zone is `±hhmm`, else the first all-capitals word of 2–4
/// letters if it is a known abbreviation, else UTC. Out-of-range fields are
/// pulled back (second, minute and hour to 59/59/23; a day past the end of its
/// month to the 1st of the next; the year to 1970–2037). `None` when no date is
/// found or the day is 0.
///
/// ```
/// use spamgauge::analysis::date::parse_rfc822_date;
/// let t = parse_rfc822_date("Mon, 2 Jan 2006 15:04:05 -0700").map(|t| t.unix());
/// assert_eq!(t, Some(1_136_239_445));
/// ```
#[must_use]
pub fn parse_rfc822_date(value: &str) -> Option<Timestamp> {
    let mut text = normalise(value);

    // `D Mon Y` or asctime's `Mon D hh:mm:ss YYYY`.
    let (day, month, year) = if let Some(m) = take(&DAY_MONTH_YEAR4, &mut text) {
        let p = pieces(&m, b' ');
        (
            piece(&p, 0).to_vec(),
            piece(&p, 1).to_vec(),
            piece(&p, 2).to_vec(),
        )
    } else if let Some(m) = take(&ASCTIME, &mut text) {
        let p = pieces(&m, b' ');
        (
            piece(&p, 1).to_vec(),
            piece(&p, 0).to_vec(),
            piece(&p, 3).to_vec(),
        )
    } else if let Some(m) = take(&DAY_MONTH_YEAR2, &mut text) {
        let p = pieces(&m, b' ');
        (
            piece(&p, 0).to_vec(),
            piece(&p, 1).to_vec(),
            piece(&p, 2).to_vec(),
        )
    } else {
        return None;
    };
    let year_len = year.len();
    let mut year = number(&year);
    match year_len {
        2 if year < 50 => year += 2000,
        4 => {}
        _ => year += 1900,
    }
    let mut month = month_number(&month);
    let mut day = number(&day);

    let (mut hour, mut minute, mut second) = (0, 0, 0);
    if let Some(m) = take(&TIME_OF_DAY, &mut text) {
        let p = pieces(&m, b':');
        hour = number(piece(&p, 0));
        minute = number(piece(&p, 1));
        second = number(piece(&p, 2));
    }

    // ` ±hhmm `: sign, hours and minutes at fixed places.
    let offset_minutes = if let Some(m) = take(&NUMERIC_ZONE, &mut text) {
        let digits = |range: std::ops::Range<usize>| number(m.get(range).unwrap_or_default());
        let minutes = digits(2..4) as i64 * 60 + digits(4..6) as i64;
        if m.get(1) == Some(&b'-') {
            -minutes
        } else {
            minutes
        }
    } else {
        take(&NAMED_ZONE, &mut text)
            .and_then(|m| named_zone_offset(&m))
            .unwrap_or(0)
    };

    second = second.min(59);
    minute = minute.min(59);
    hour = hour.min(23);
    // SpamAssassin decides the month length with the year as written, before
    // clamping it (so 29 Feb 2100 becomes 1 Mar).
    let written_year = i64::try_from(year).unwrap_or(i64::MAX);
    if day > u64::from(days_in_month(written_year, month)) {
        day = 1;
        month += 1;
        if month > 12 {
            month = 1;
            year = year.saturating_add(1);
        }
    }
    let year = year.clamp(1970, 2037) as i64;
    // Time::Local refuses a day 0 or a day that no longer fits once the year
    // was clamped (29 Feb 1960 → 29 Feb 1970): SpamAssassin then has no date.
    let day = u32::try_from(day).ok().filter(|&d| d >= 1)?;
    let local =
        Timestamp::from_civil(year, month, day, hour as u32, minute as u32, second as u32)?.unix();
    let offset = offset_minutes * 60;
    let utc = if offset < 0 {
        local - offset
    } else if local < offset {
        0 // SpamAssassin stops at the epoch for early dates in eastern zones
    } else {
        local - offset
    };
    Some(Timestamp::from_unix(utc))
}

/// `" value "` with `", *"` turned into a space and whitespace runs collapsed.
fn normalise(value: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 2);
    out.push(b' ');
    let bytes = value.as_bytes();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        i += 1;
        let byte = if byte == b',' {
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            b' '
        } else {
            byte
        };
        if is_space(byte) {
            if out.last() != Some(&b' ') {
                out.push(b' ');
            }
        } else {
            out.push(byte);
        }
    }
    if out.last() != Some(&b' ') {
        out.push(b' ');
    }
    out
}

/// A raw header value as SpamAssassin reads fields it does not MIME-decode
/// (Date, Received, …): each fold (line break and the blanks after it) becomes
/// one space, and the ends are trimmed.
#[must_use]
pub fn unfold(raw: &str) -> String {
    // Only ASCII bytes change, so the text between them is copied in runs
    // (slicing next to an ASCII byte is always on a character boundary).
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let (mut copied, mut at) = (0, 0);
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                out.push_str(&raw[copied..at]);
                at += 1;
                copied = at;
            }
            b'\n' => {
                out.push_str(&raw[copied..at]);
                let blanks = bytes[at + 1..]
                    .iter()
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
                out.push(if blanks > 0 { ' ' } else { '\n' });
                at += 1 + blanks;
                copied = at;
            }
            _ => at += 1,
        }
    }
    out.push_str(&raw[copied..]);
    out.trim_matches(|c: char| c.is_ascii_whitespace())
        .to_owned()
}

/// Every occurrence of `name`, unfolded but not MIME-decoded, each followed
/// by `\n` (SpamAssassin's `get` for Date and Received); `None` when absent.
#[must_use]
pub fn undecoded_values(headers: &crate::analysis::Headers, name: &str) -> Option<String> {
    let mut values = headers.all(name).peekable();
    values.peek()?;
    Some(values.fold(String::new(), |mut acc, field| {
        acc.push_str(&unfold(&field.raw));
        acc.push('\n');
        acc
    }))
}

/// Perl's `\s` on octet strings.
pub(crate) const fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// The shape SpamAssassin accepts for a Date: value (§2.2): optional day name
/// and comma, day 1–31, month name, year 1970–2999, `hh:mm[:ss]` (hour 0–23,
/// second 0–60), optional AM/PM, optional zone (`±hhmm`, `UT`, a 2–3 capital
/// abbreviation ending in `T`, `0000 GMT` or `"GMT"`), optional comment.
static RFC2822_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    let weekday = "(?i:mon|tue|wed|thu|fri|sat|sun),[ \t\n\r\x0b\x0c]";
    let day = "(?:0?[1-9]|[12][0-9]|3[01])";
    let month = "(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)";
    let year = "(?:19[7-9][0-9]|2[0-9]{3})";
    let clock = "(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::(?:[0-5][0-9]|60))?";
    let zone = r#"(?:[+-][0-9]{4}|UT|[A-Z]{2,3}T|0000 GMT|"GMT")"#;
    regex(&format!(
        r"\A\s*(?:{weekday})?\s*{day}\s+{month}\s+{year}\s+{clock}(?:\s+[AP]M)?(?:\s+{zone})?(?:\s*\([^\n]*\))?\s*\z"
    ))
});

/// Whether SpamAssassin's INVALID_DATE would flag this value of the Date
/// header (every occurrence, each followed by `\n`, concatenated: two Date
/// fields never pass).
#[must_use]
pub fn is_invalid_date(value: &str) -> bool {
    !RFC2822_SHAPE.is_match(value.as_bytes())
}

/// Whether the value ends with a numeric zone no real place uses: more than
/// 14 hours, or minutes other than 00, 15, 30 and 45 (INVALID_DATE_TZ_ABSURD).
/// `value` is the concatenated Date header, so only its last line counts.
#[must_use]
pub fn has_absurd_zone(value: &str) -> Option<&str> {
    let trimmed = value.strip_suffix('\n').unwrap_or(value);
    let tail = trimmed.get(trimmed.len().checked_sub(5)?..)?;
    let bytes = tail.as_bytes();
    let (sign, digits) = bytes.split_first()?;
    if !matches!(sign, b'+' | b'-') || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let hours = number(digits.get(..2)?);
    let minutes = digits.get(2..)?;
    let plausible = hours <= 14 && matches!(minutes, b"00" | b"30" | b"15" | b"45");
    (!plausible).then_some(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unix(value: &str) -> Option<i64> {
        parse_rfc822_date(value).map(Timestamp::unix)
    }

    #[test]
    fn rfc2822_form_with_numeric_zone() {
        assert_eq!(unix("Mon, 2 Jan 2006 15:04:05 -0700"), Some(1_136_239_445));
        assert_eq!(unix("Mon,2 Jan 2006 22:04:05 +0000"), Some(1_136_239_445));
        assert_eq!(unix("2 jan 2006 22:04 +0000"), Some(1_136_239_440));
    }

    #[test]
    fn asctime_form_loses_its_time() {
        assert_eq!(unix("Mon Jan  2 15:04:05 2006"), Some(1_136_160_000));
    }

    #[test]
    fn two_and_three_digit_years() {
        assert_eq!(unix("2 Jan 06 00:00:00 +0000"), Some(1_136_160_000));
        assert_eq!(unix("1 Jan 99 00:00:00 +0000"), Some(915_148_800));
        assert_eq!(unix("1 Jan 102 00:00:00 +0000"), Some(1_009_843_200));
    }

    #[test]
    fn named_zones_and_unknown_ones() {
        let utc = unix("2 Jan 2006 12:00:00 GMT");
        assert_eq!(utc, Some(1_136_203_200));
        assert_eq!(unix("2 Jan 2006 07:00:00 EST"), utc);
        assert_eq!(unix("2 Jan 2006 21:00:00 JST"), utc);
        assert_eq!(unix("2 Jan 2006 08:30:00 NST"), utc);
        assert_eq!(unix("2 Jan 2006 12:00:00 XYZ"), utc);
        // Only capitals name a zone; the first capital word decides.
        assert_eq!(unix("2 Jan 2006 12:00:00 est"), utc);
        assert_eq!(unix("2 Jan 2006 12:00:00 PM EST"), utc);
        // A numeric zone wins over a name.
        assert_eq!(unix("2 Jan 2006 13:00:00 +0100 (EST)"), utc);
    }

    #[test]
    fn fix_ups() {
        let end_of_day = unix("2 Jan 2006 23:59:59 +0000");
        assert_eq!(unix("2 Jan 2006 25:75:99 +0000"), end_of_day);
        assert_eq!(
            unix("31 Apr 2006 00:00:00 +0000"),
            unix("1 May 2006 00:00:00 +0000")
        );
        assert_eq!(
            unix("32 Dec 2005 00:00:00 +0000"),
            unix("1 Jan 2006 00:00:00 +0000")
        );
        assert_eq!(
            unix("29 Feb 2100 00:00:00 +0000"),
            unix("1 Mar 2037 00:00:00 +0000")
        );
        assert_eq!(
            unix("1 Jan 2999 00:00:00 +0000"),
            unix("1 Jan 2037 00:00:00 +0000")
        );
        assert_eq!(unix("1 Jan 1960 00:00:00 +0000"), Some(0));
        assert_eq!(unix("1 Jan 1970 00:30:00 +0100"), Some(0));
        assert_eq!(unix("29 Feb 1960 00:00:00 +0000"), None);
        assert_eq!(unix("0 Jan 2006 00:00:00 +0000"), None);
        assert_eq!(
            unix("99999999999999999999999 Jan 2006 00:00:00 +0000"),
            unix("1 Feb 2006 00:00:00 +0000")
        );
    }

    #[test]
    fn no_date_no_time() {
        assert_eq!(unix(""), None);
        assert_eq!(unix("yesterday"), None);
        assert_eq!(unix("2006-01-02T15:04:05Z"), None);
        assert_eq!(unix("2 Jan 2006"), Some(1_136_160_000));
    }

    #[test]
    fn invalid_date_shape() {
        for ok in [
            "Wed, 31 Jul 2002 16:41:57 +0200\n",
            "31 Jul 2002 16:41 GMT\n",
            "Sat, 31 Dec 2005 23:59:60 -0500 (EST)\n",
            "  Sat,  1 Jan 2005 1:00:00 PM PST\n",
            "Sat, 31 Dec 2005 23:00:00 \n",
        ] {
            assert!(!is_invalid_date(ok), "{ok}");
        }
        for bad in [
            "Sat, 31 Dec 2005 24:00:00 -0500\n",
            "Thurs, 31 Jul 2002 16:41:57 +0200\n",
            "Wed, 31 Jul 2002 16:41:57 +0200\nWed, 31 Jul 2002 16:41:57 +0200\n",
            "2002-07-31 16:41:57\n",
            "Wed, 31 Jul 1969 16:41:57 +0200\n",
            "Wed, 31 Jul 2002 16:41:57 +02:00\n",
        ] {
            assert!(is_invalid_date(bad), "{bad}");
        }
    }

    #[test]
    fn unfolding() {
        assert_eq!(
            unfold(" Thu, 19 Sep 2002 03:14:18\n    +0100\n"),
            "Thu, 19 Sep 2002 03:14:18 +0100"
        );
        assert_eq!(unfold(" a\r\n\tb\r\n"), "a b");
        assert_eq!(unfold("a\r\r\nb\n"), "a\r\nb");
        assert_eq!(
            unfold("\u{e9}\n\t\t\u{fc}\n\u{2028}x"),
            "\u{e9} \u{fc}\n\u{2028}x"
        );
    }

    #[test]
    fn absurd_zones() {
        assert_eq!(
            has_absurd_zone("Wed, 31 Jul 2002 16:41:57 +2000\n"),
            Some("+2000")
        );
        assert_eq!(
            has_absurd_zone("Wed, 31 Jul 2002 16:41:57 -0520\n"),
            Some("-0520")
        );
        assert_eq!(has_absurd_zone("Wed, 31 Jul 2002 16:41:57 +1345\n"), None);
        assert_eq!(has_absurd_zone("Wed, 31 Jul 2002 16:41:57 -0000\n"), None);
        assert_eq!(
            has_absurd_zone("Wed, 31 Jul 2002 16:41:57 +2000 (X)\n"),
            None
        );
        assert_eq!(has_absurd_zone(""), None);
    }
}
