//! Hand scans for the short Received patterns read from every field.
//!
//! Each Received field is searched for its receiving host, queue id and HELO
//! name; as capture regexes these were a large share of the field's cost
//! (a lazy-DFA search, then a second engine for the group, and an
//! allocation for the groups). Each function here gives exactly what its
//! regex (written in its doc comment and compared with it over generated
//! texts in the tests) captured, in Unicode mode: `\s` is
//! [`char::is_whitespace`] (both are Unicode's `White_Space`) and `\b` uses
//! `regex-syntax`'s own word-character table.

/// Every position of the ASCII `needle` in `text`, overlapping ones
/// included, in any ASCII case if `blind`. Candidates are found by a byte
/// search for `key`, a byte of the needle that is not a letter (so has one
/// case) and is rare in Received fields: a new substring searcher per call
/// would cost more than the scan.
fn positions<'t>(
    text: &'t str,
    needle: &'static str,
    key: char,
    blind: bool,
) -> impl Iterator<Item = usize> + 't {
    let offset = needle.find(key).unwrap_or_default();
    text.match_indices(key).filter_map(move |(at, _)| {
        let start = at.checked_sub(offset)?;
        let candidate = text.as_bytes().get(start..start + needle.len())?;
        let found = if blind {
            candidate.eq_ignore_ascii_case(needle.as_bytes())
        } else {
            candidate == needle.as_bytes()
        };
        found.then_some(start)
    })
}

/// Whether a word boundary comes before the word character at `at`.
fn boundary_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|before| before.chars().next_back())
        .is_none_or(|c| !regex_syntax::is_word_character(c))
}

/// The longest prefix of `text` whose characters satisfy `keep`.
fn run(text: &str, keep: impl Fn(char) -> bool) -> &str {
    let end = text.find(|c: char| !keep(c)).unwrap_or(text.len());
    text.get(..end).unwrap_or_default()
}

/// The HELO name's characters: `[-A-Za-z0-9.^+_&:=?!@%*$\\/]`.
fn is_helo_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '^'
                | '+'
                | '_'
                | '&'
                | ':'
                | '='
                | '?'
                | '!'
                | '@'
                | '%'
                | '*'
                | '$'
                | '\\'
                | '/'
        )
}

/// The receiving host: ` by (\S+)`.
pub(super) fn by_host(line: &str) -> Option<&str> {
    positions(line, " by ", 'y', false).find_map(|at| {
        let host = run(line.get(at + 4..)?, |c| !c.is_whitespace());
        (!host.is_empty()).then_some(host)
    })
}

/// The queue id: ` id <?([^\s<>;]{3,})`.
pub(super) fn queue_id(line: &str) -> Option<&str> {
    positions(line, " id ", 'd', false).find_map(|at| {
        let after = line.get(at + 4..)?;
        // The group cannot start with `<`: at most one is skipped, and the
        // id cannot be read without skipping it.
        let after = after.strip_prefix('<').unwrap_or(after);
        let id = run(after, |c| {
            !c.is_whitespace() && !matches!(c, '<' | '>' | ';')
        });
        (id.chars().nth(2).is_some()).then_some(id)
    })
}

/// The HELO name written `helo=name`: `\bhelo=([-A-Za-z0-9.^+_&:=?!@%*$\\/]+)`.
pub(super) fn helo_eq(text: &str) -> Option<&str> {
    positions(text, "helo=", '=', false).find_map(|at| {
        let helo = run(text.get(at + 5..)?, is_helo_char);
        (boundary_before(text, at) && !helo.is_empty()).then_some(helo)
    })
}

/// The HELO name written `HELO name` or `EHLO name`:
/// `\b(?:HELO|EHLO) ([-A-Za-z0-9.^+_&:=?!@%*$\\/]+)`.
pub(super) fn helo_word(text: &str) -> Option<&str> {
    positions(text, "LO ", 'L', false).find_map(|lo| {
        let at = lo.checked_sub(2)?;
        if !matches!(text.get(at..lo), Some("HE" | "EH")) {
            return None;
        }
        let helo = run(text.get(lo + 3..)?, is_helo_char);
        (boundary_before(text, at) && !helo.is_empty()).then_some(helo)
    })
}

/// Whether `text` holds `needle` (ASCII) in any ASCII case; `key` is a
/// byte of the needle that is not a letter (see [`positions`]).
pub(super) fn contains_ignore_ascii_case(text: &str, needle: &'static str, key: char) -> bool {
    positions(text, needle, key, true).next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// `fixed`, then 20,000 pseudo-random texts of fewer than 40 characters
    /// drawn from `alphabet` (xorshift from a fixed seed: the same texts on
    /// every run).
    fn texts(fixed: &[&str], alphabet: &[char]) -> Vec<String> {
        let mut next = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d_u64);
        let mut texts: Vec<String> = fixed.iter().map(|&t| t.to_owned()).collect();
        for _ in 0..20_000 {
            let len = next() % 40;
            texts.push(
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect(),
            );
        }
        texts
    }

    /// Compares `scan` with group 1 of `pattern` over `texts`.
    fn same_as_regex(pattern: &str, scan: fn(&str) -> Option<&str>, texts: &[String]) {
        let regex = Regex::new(pattern).unwrap();
        for text in texts {
            let by_regex = regex
                .captures(text)
                .and_then(|caps| caps.get(1))
                .map(|m| m.as_str());
            assert_eq!(scan(text), by_regex, "{pattern} on {text:?}");
        }
    }

    #[test]
    fn receiving_host_and_id_scans_are_the_regexes() {
        let fixed = [
            "from a (b [1.2.3.4]) by mx.example.net (Postfix) with ESMTP id 4B2C81E0",
            " by  x by y",
            " by",
            " by \u{a0}x by y",
            " id <ab id <abc>",
            " id id abc",
            " id <<abc",
            " id éé; id ééé",
            "x id\tabc id ab",
        ];
        let alphabet = [
            ' ', ' ', 'b', 'y', 'i', 'd', '<', '>', ';', 'x', '\t', '\u{a0}', '\u{85}', 'é', '€',
        ];
        let texts = texts(&fixed, &alphabet);
        same_as_regex(r" by (\S+)", by_host, &texts);
        same_as_regex(r" id <?([^\s<>;]{3,})", queue_id, &texts);
    }

    #[test]
    fn helo_scans_are_the_regexes() {
        let fixed = [
            "from x ([1.2.3.4] helo=mail.example.org) by y",
            "xhelo=a helo=b",
            "é helo=a",
            "ähelo=a",
            "_helo=a (helo=)",
            "(HELO mail.example.com) (1.2.3.4)",
            "EHELO x EHLO y",
            "xEHLO y HELO  z HELO \u{1f600}",
            "\u{300}HELO x",
        ];
        let alphabet = [
            ' ', 'h', 'e', 'l', 'o', '=', 'H', 'E', 'L', 'O', 'x', '.', '(', '_', '/', 'é',
            '\u{300}', '€', '1',
        ];
        let texts = texts(&fixed, &alphabet);
        same_as_regex(r"\bhelo=([-A-Za-z0-9.^+_&:=?!@%*$\\/]+)", helo_eq, &texts);
        same_as_regex(
            r"\b(?:HELO|EHLO) ([-A-Za-z0-9.^+_&:=?!@%*$\\/]+)",
            helo_word,
            &texts,
        );
    }

    #[test]
    fn case_blind_search() {
        assert!(contains_ignore_ascii_case(
            "x (VIA http)",
            " (via HTTP",
            '('
        ));
        assert!(!contains_ignore_ascii_case("(via http", " (via HTTP", '('));
        assert!(contains_ignore_ascii_case(
            "Return-PATH: <a>",
            "return-path",
            '-'
        ));
        assert!(!contains_ignore_ascii_case(
            "x (vía http)",
            " (via http",
            '('
        ));
        assert!(!contains_ignore_ascii_case("-path", "return-path", '-'));
    }
}
