//! SpamAssassin's `X-Spam-Status` and `X-Spam-Level` header fields (sa-semantics
//! §7.7), with its quirks: the `_SCORE_` tag never shows a ham message at or above
//! the threshold, tests are sorted by string order, and the value is folded at 79
//! columns after a comma or a space.

use super::Report;

/// What `autolearn=` says. The engine never learns from the messages it scores,
/// which is what SpamAssassin reports as `disabled`.
const AUTOLEARN_STATUS: &str = "disabled";

/// Our `version=`: SpamAssassin puts its own version there.
const VERSION: &str = concat!("spamgauge-", env!("CARGO_PKG_VERSION"));

/// SpamAssassin folds its header fields to this many columns (tab = 8 columns).
const HEADER_WIDTH: usize = 79;

/// `X-Spam-Level` never has more stars than this.
const MAX_STARS: usize = 50;

impl Report {
    /// The value of the `X-Spam-Status` header field SpamAssassin would add, e.g.
    /// `No, score=2.7 required=5.0 tests=MISSING_DATE autolearn=disabled
    /// version=spamgauge-0.1.0`.
    ///
    /// Only the value is returned, without `X-Spam-Status: `, but it is folded as
    /// if the field name were in front: lines are cut after a comma or a space so
    /// that none is wider than 79 columns, and continue with `\n\t`.
    ///
    /// As SpamAssassin does, a message that is not spam never shows a score at or
    /// above the threshold: with 4.96 against 5.0 the score reads `4.9`, not `5.0`.
    /// Tests are sorted by string order (`none` when nothing fired); a test that
    /// fired several times is listed as many times.
    ///
    /// ```
    /// use spamgauge::{Config, Engine, Inputs};
    /// let engine = Engine::new(Config::default())?;
    /// let message = b"From: ann@example.com\nTo: bob@example.com\nSubject: hi\n\
    ///     Date: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <1@example.com>\n\nhello\n";
    /// let report = engine.check(message, &Inputs::default())?;
    /// assert!(report.x_spam_status().starts_with("No, score="));
    /// // Without From, Date and Message-ID, SpamAssassin 4.0.1 scores 5.2 too.
    /// let report = engine.check(b"Subject: hi\n\nhello\n", &Inputs::default())?;
    /// assert!(report.x_spam_status().starts_with("Yes, score=5.2 "));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn x_spam_status(&self) -> String {
        let mut tests: Vec<&str> = self.hits.iter().map(|hit| hit.name.as_str()).collect();
        tests.sort_unstable();
        let tests = if tests.is_empty() {
            "none".to_owned()
        } else {
            tests.join(",")
        };
        let value = format!(
            "{yes_no}, score={score} required={required} tests={tests} autolearn={AUTOLEARN_STATUS} version={VERSION}",
            yes_no = if self.is_spam { "Yes" } else { "No" },
            score = self.score_tag(),
            required = self.required_tag(),
        );
        fold_header("Status", &value)
    }

    /// The value of the `X-Spam-Level` header field: one `*` per whole point of
    /// the score, at most 50, empty when the score is below 1.
    ///
    /// ```
    /// use spamgauge::{Config, Engine, Inputs};
    /// let engine = Engine::new(Config::default())?;
    /// let report = engine.check(b"Subject: hi\n\nhello\n", &Inputs::default())?;
    /// assert!(report.x_spam_level().chars().all(|c| c == '*'));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn x_spam_level(&self) -> String {
        // Perl's int() truncates toward zero; a negative score has no star.
        let whole = self.score.trunc();
        let stars = if whole >= 1.0 {
            // The cast saturates on huge values, and the count is bounded just after.
            (whole as usize).min(MAX_STARS)
        } else {
            0
        };
        "*".repeat(stars)
    }

    /// SpamAssassin's `_SCORE_` tag: `%2.1f` of the score, except for a message
    /// that is not spam whose rounded score reaches the rounded threshold, shown
    /// as the threshold minus 0.1.
    pub(super) fn score_tag(&self) -> String {
        let score = format!("{:.1}", self.score);
        let required = self.required_tag();
        let below = parse_or_nan(&score) < parse_or_nan(&required);
        if self.is_spam || below {
            score
        } else {
            // Perl computes `$rscore - 0.1` as a number and prints it as such.
            perl_number(parse_or_nan(&required) - 0.1)
        }
    }

    /// SpamAssassin's `_REQD_` tag: `%2.1f` of the threshold.
    pub(super) fn required_tag(&self) -> String {
        format!("{:.1}", self.threshold)
    }
}

fn parse_or_nan(number: &str) -> f64 {
    number.parse().unwrap_or(f64::NAN)
}

/// How Perl prints a number: `%.15g`, so `4.9` rather than `4.90000000000000036`
/// and `5` rather than `5.0`.
fn perl_number(value: f64) -> String {
    const DIGITS: i32 = 15;
    if value == 0.0 || !value.is_finite() {
        return if value.is_nan() {
            "NaN".to_owned()
        } else if value.is_infinite() {
            if value > 0.0 { "Inf" } else { "-Inf" }.to_owned()
        } else {
            "0".to_owned()
        };
    }
    // The decimal exponent after rounding to 15 significant digits.
    let scientific = format!("{:.*e}", (DIGITS - 1) as usize, value);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..DIGITS).contains(&exponent) {
        let mantissa = trim_fraction(mantissa);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
    } else {
        let decimals = (DIGITS - 1 - exponent).max(0) as usize;
        trim_fraction(&format!("{value:.decimals$}")).to_owned()
    }
}

fn trim_fraction(number: &str) -> &str {
    if number.contains('.') {
        number.trim_end_matches('0').trim_end_matches('.')
    } else {
        number
    }
}

/// Folds a header value as SpamAssassin does (`_process_header` with
/// `fold_headers 1`): the line, field name included, is wrapped at 79 columns
/// after a space or a comma, whitespace-only lines are dropped, and only the
/// value is returned.
fn fold_header(name: &str, value: &str) -> String {
    // SpamAssassin joins name and value with `!!` so that the wrap cannot cut
    // between them; the value alone never contains it.
    let line = format!("X-Spam-{name}!!{value}");
    let wrapped = wrap(&line, "\t", "", HEADER_WIDTH, Break::AfterSpaceOrComma);
    let mut lines: Vec<&str> = wrapped.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    let mut index = 0;
    lines.retain(|line| {
        let keep = index == last || !line.chars().all(is_perl_space);
        index += 1;
        keep
    });
    let folded = lines.join("\n");
    match folded.split_once("!!") {
        Some((_, value)) => value.to_owned(),
        None => folded,
    }
}

/// Where [`wrap`] may cut a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Break {
    /// After any whitespace or comma (the header fields).
    AfterSpaceOrComma,
    /// At each whitespace character, which is dropped at the end of a line (the
    /// report's descriptions).
    Space,
}

/// Perl's `\s`: ASCII whitespace, vertical tab included.
pub(super) fn is_perl_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Columns taken by a piece of text: a tab counts as eight.
fn width(piece: &str) -> usize {
    piece.chars().count() + piece.chars().filter(|&c| c == '\t').count() * 7
}

/// SpamAssassin's line wrapper (`Util::wrap`, no overflow): the text is cut into
/// pieces at the break points; pieces are appended to the current line while it
/// stays within `length` columns (the first piece of a line always goes in),
/// and each new line starts with `prefix`. `first` is put in front of the text.
pub(super) fn wrap(text: &str, prefix: &str, first: &str, length: usize, at: Break) -> String {
    let mut pieces = split_at_breaks(text, at);
    if !first.is_empty() {
        pieces.insert(0, first.to_owned());
    }
    // `current` is the line being built; `pieces[next..]` are still to place.
    let mut lines: Vec<String> = Vec::new();
    let mut current = match pieces.first() {
        Some(piece) => piece.clone(),
        None => return String::new(),
    };
    let mut at_line_start = true;
    let mut next = 1;
    while next < pieces.len() {
        if at_line_start
            && !lines.is_empty()
            && at == Break::Space
            && pieces[next].chars().all(is_perl_space)
        {
            // The space a line was cut at is not carried to the next line.
            next += 1;
            continue;
        }
        let mut needed = width(&current);
        if !at_line_start {
            needed += width(&pieces[next]);
        }
        if needed <= length {
            current.push_str(&pieces[next]);
            next += 1;
            at_line_start = false;
        } else {
            let trimmed = current.trim_end_matches(is_perl_space).len();
            current.truncate(trimmed);
            lines.push(std::mem::replace(&mut current, prefix.to_owned()));
            at_line_start = true;
        }
    }
    lines.push(current);
    lines.join("\n")
}

/// Perl's `split(/(BREAK)/, text)`: the pieces with the captured separators in
/// between, trailing empty pieces dropped.
fn split_at_breaks(text: &str, at: Break) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    match at {
        Break::AfterSpaceOrComma => {
            // A zero-width break after each space or comma: the separator
            // captured is the empty string.
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                piece.push(c);
                if (is_perl_space(c) || c == ',') && chars.peek().is_some() {
                    pieces.push(std::mem::take(&mut piece));
                    pieces.push(String::new());
                }
            }
            pieces.push(piece);
        }
        Break::Space => {
            for c in text.chars() {
                if is_perl_space(c) {
                    pieces.push(std::mem::take(&mut piece));
                    pieces.push(c.to_string());
                } else {
                    piece.push(c);
                }
            }
            pieces.push(piece);
        }
    }
    while pieces.last().is_some_and(String::is_empty) {
        pieces.pop();
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Profile;
    use crate::report::Hit;
    use crate::rules::{Family, Rule, ScoreSet};
    use crate::{Localized, Report, text};

    fn hit(name: &str, score: f64) -> Hit {
        let rule = Rule::new(
            name.to_owned(),
            Family::Header,
            [score; 4],
            text!(
                description: ("a test", "un test"),
                explanation: ("", ""),
                fix: ("", ""),
            ),
            |_| None,
        );
        Hit::new(&rule, score, Localized::default())
    }

    fn report(hits: Vec<Hit>, profile: Profile, threshold: f64) -> Report {
        Report::new(hits, profile, threshold, ScoreSet::LOCAL, Vec::new())
    }

    #[test]
    fn ham_just_below_threshold_shows_threshold_minus_a_tenth() {
        let report = report(vec![hit("A", 4.96)], Profile::Inbound, 5.0);
        assert!(!report.is_spam);
        assert_eq!(report.score_tag(), "4.9");
        assert!(
            report
                .x_spam_status()
                .starts_with("No, score=4.9 required=5.0 ")
        );
    }

    #[test]
    fn ham_well_below_threshold_shows_its_own_score() {
        let report = report(vec![hit("A", 4.94)], Profile::Inbound, 5.0);
        assert_eq!(report.score_tag(), "4.9");
        let report = self::report(vec![hit("A", 2.25)], Profile::Inbound, 5.0);
        assert_eq!(report.score_tag(), "2.2");
    }

    #[test]
    fn spam_shows_its_rounded_score() {
        let report = report(vec![hit("A", 5.0)], Profile::Inbound, 5.0);
        assert!(report.is_spam);
        assert_eq!(report.score_tag(), "5.0");
        assert!(
            report
                .x_spam_status()
                .starts_with("Yes, score=5.0 required=5.0 ")
        );
    }

    #[test]
    fn outbound_ham_at_the_threshold_is_shown_below_it() {
        // Outbound blocks strictly above the threshold, so 3.0 is not spam.
        let report = report(vec![hit("A", 3.0)], Profile::Outbound, 3.0);
        assert!(!report.is_spam);
        assert_eq!(report.score_tag(), "2.9");
    }

    #[test]
    fn threshold_minus_a_tenth_is_printed_as_perl_prints_numbers() {
        let report = report(vec![hit("A", 5.1)], Profile::Inbound, 5.1);
        assert!(report.is_spam);
        let ham = self::report(vec![hit("A", 5.08)], Profile::Inbound, 5.1);
        assert!(!ham.is_spam);
        // "5.1" - 0.1 is 5 for Perl (checked against SpamAssassin 4.0.1).
        assert_eq!(ham.score_tag(), "5");
        assert_eq!(perl_number(4.9), "4.9");
        assert_eq!(perl_number(-0.1), "-0.1");
        assert_eq!(perl_number(0.0), "0");
        assert_eq!(perl_number(1e20), "1e+20");
    }

    #[test]
    fn empty_test_list_reads_none() {
        let report = report(Vec::new(), Profile::Inbound, 5.0);
        assert_eq!(
            report.x_spam_status(),
            format!(
                "No, score=0.0 required=5.0 tests=none autolearn=disabled\n\tversion={VERSION}"
            )
        );
    }

    #[test]
    fn tests_are_sorted_by_string_order_with_repeats() {
        let hits = vec![
            hit("b_LOWER", 0.1),
            hit("MISSING_DATE", 0.1),
            hit("HTML_MESSAGE", 0.1),
            hit("HTML_MESSAGE", 0.1),
            hit("__NEVER", 0.0),
        ];
        let status = report(hits, Profile::Inbound, 5.0).x_spam_status();
        assert!(
            status.contains("tests=HTML_MESSAGE,HTML_MESSAGE,\n\tMISSING_DATE,__NEVER,b_LOWER "),
            "{status}"
        );
    }

    #[test]
    fn long_values_fold_at_79_columns_after_commas() {
        let names = [
            "HTML_IMAGE_ONLY_24",
            "HTML_MESSAGE",
            "HTML_SHORT_LINK_IMG_1",
            "MIME_HTML_ONLY",
            "MISSING_DATE",
            "MISSING_MID",
            "MPART_ALT_DIFF",
            "T_REMOTE_IMAGE",
        ];
        let hits = names.iter().map(|name| hit(name, 1.0)).collect();
        let status = report(hits, Profile::Inbound, 5.0).x_spam_status();
        // Expected output produced by SpamAssassin 4.0.1's own folding code.
        let expected = format!(
            "Yes, score=8.0 required=5.0 tests=HTML_IMAGE_ONLY_24,\n\
             \tHTML_MESSAGE,HTML_SHORT_LINK_IMG_1,MIME_HTML_ONLY,MISSING_DATE,\n\
             \tMISSING_MID,MPART_ALT_DIFF,T_REMOTE_IMAGE autolearn=disabled\n\
             \tversion={VERSION}"
        );
        assert_eq!(status, expected);
        let full = format!("X-Spam-Status: {status}");
        for line in full.lines() {
            assert!(width(line) <= HEADER_WIDTH, "{line:?}");
        }
    }

    #[test]
    fn a_value_that_fits_is_not_folded() {
        let value = "No, score=2.7 required=5.0 tests=A autolearn=disabled";
        assert_eq!(fold_header("Status", value), value);
        // Exactly 79 columns with the name stays on one line; one more is cut at
        // the last space (both checked against SpamAssassin 4.0.1).
        let value = format!("{} {}", "x".repeat(50), "y".repeat(13));
        assert_eq!(fold_header("Status", &value), value);
        let value = format!("{} {}", "x".repeat(50), "y".repeat(14));
        assert_eq!(
            fold_header("Status", &value),
            format!("{}\n\t{}", "x".repeat(50), "y".repeat(14))
        );
    }

    #[test]
    fn a_negative_total_rounding_to_zero_is_shown_as_zero() {
        // Perl turns "-0.000" into 0; a real negative score keeps its sign.
        let report = report(vec![hit("A", -0.0001)], Profile::Inbound, 5.0);
        assert_eq!(report.score_tag(), "0.0");
        let report = self::report(vec![hit("A", -0.04)], Profile::Inbound, 5.0);
        assert_eq!(report.score_tag(), "-0.0");
    }

    #[test]
    fn a_piece_wider_than_the_line_stays_whole() {
        let long = "A".repeat(100);
        let status = report(vec![hit(&long, 1.0)], Profile::Inbound, 5.0).x_spam_status();
        // Expected output produced by SpamAssassin 4.0.1's own folding code.
        assert_eq!(
            status,
            format!(
                "No, score=1.0 required=5.0\n\ttests={long}\n\tautolearn=disabled version={VERSION}"
            )
        );
    }

    #[test]
    fn stars_count_whole_points_up_to_fifty() {
        assert_eq!(
            report(vec![hit("A", 3.9)], Profile::Inbound, 5.0).x_spam_level(),
            "***"
        );
        assert_eq!(
            report(vec![hit("A", 0.9)], Profile::Inbound, 5.0).x_spam_level(),
            ""
        );
        assert_eq!(
            report(vec![hit("A", -4.0)], Profile::Inbound, 5.0).x_spam_level(),
            ""
        );
        assert_eq!(
            report(vec![hit("A", 80.0)], Profile::Inbound, 5.0).x_spam_level(),
            "*".repeat(50)
        );
    }

    #[test]
    fn description_wrap_breaks_at_spaces_under_the_width() {
        let text = "one two three four five six seven";
        assert_eq!(
            wrap(text, "  ", "", 14, Break::Space),
            "one two three\n  four five\n  six seven"
        );
        assert_eq!(wrap(text, "  ", "", 80, Break::Space), text);
        assert_eq!(wrap("", "  ", "", 80, Break::Space), "");
    }
}
