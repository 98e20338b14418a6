//! The shape of the words rather than their meaning: strings of long
//! dictionary words pasted into the text, and a Subject whose letters are
//! spaced out.

use super::conversation::ISO_2022_JP;
use super::{Expr, View, content_rule, subject_from_a_word_start};
use crate::analysis::Analysis;
use crate::rules::{Family, Rule};
use crate::text;

/// `__LONGWORDS_A`: six words in a row of eight or more small letters,
/// each followed by blanks or dots.
const SIX_OF_EIGHT: Expr = Expr::Match(View::Body, r"\b(?:[a-z]{8,}[\s.]+){6}");

/// `__LONGWORDS_B`: nine such words of six or more letters.
const NINE_OF_SIX: Expr = Expr::Match(View::Body, r"\b(?:[a-z]{6,}[\s.]+){9}");

/// `__LONGWORDS_C`: ten such words of five or more letters.
const TEN_OF_FIVE: Expr = Expr::Match(View::Body, r"\b(?:[a-z]{5,}[\s.]+){10}");

/// Whether `b` is a word byte for `\b`: an ASCII letter, digit or `_`.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `b` is one of `[\s.]`: an ASCII blank or a dot.
fn word_gap(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'.')
}

/// Whether `line` holds `count` words in a row of `min_len` or more small
/// letters, each followed by blanks or dots, the first at the start of a
/// word: `\b(?:[a-z]{min_len,}[\s.]+){count}` as a scan, without a regex
/// to compile (a match's words are whole runs of small letters, and its
/// gaps whole runs of blanks and dots).
fn word_run(line: &[u8], min_len: usize, count: usize) -> bool {
    let mut run = 0;
    let mut chained = false;
    let mut at = 0;
    while at < line.len() {
        let start = at;
        while line.get(at).is_some_and(u8::is_ascii_lowercase) {
            at += 1;
        }
        if at == start {
            run = 0;
            chained = false;
            at += 1;
            continue;
        }
        let bounded = chained || start == 0 || line.get(start - 1).is_some_and(|&b| !word_byte(b));
        let mut gap_end = at;
        while line.get(gap_end).is_some_and(|&b| word_gap(b)) {
            gap_end += 1;
        }
        if at - start >= min_len && bounded && gap_end > at {
            run = if chained { run + 1 } else { 1 };
            if run >= count {
                return true;
            }
            chained = true;
            at = gap_end;
        } else {
            run = 0;
            chained = false;
        }
    }
    false
}

/// Nine such words of five or more letters on a line, which
/// [`NINE_OF_SIX`] and [`TEN_OF_FIVE`] each imply: one scan that settles
/// most messages.
const NINE_OF_FIVE: Expr = Expr::Fact(|c| {
    c.analysis
        .body
        .lines
        .iter()
        .any(|line| word_run(line.as_bytes(), 5, 9))
});

/// `LONGWORDS`: two of [`SIX_OF_EIGHT`], [`NINE_OF_SIX`] and
/// [`TEN_OF_FIVE`]. Two of them include one of the last two, so a text
/// without [`NINE_OF_FIVE`] is settled at once.
const LONGWORDS: Expr = Expr::All(&[
    NINE_OF_FIVE,
    Expr::Any(&[
        Expr::All(&[SIX_OF_EIGHT, NINE_OF_SIX]),
        Expr::All(&[SIX_OF_EIGHT, TEN_OF_FIVE]),
        Expr::All(&[NINE_OF_SIX, TEN_OF_FIVE]),
    ]),
]);

/// The characters a gappy Subject puts after its letters.
const GAPS: &[u8] = b"-_. =~/:,*!@#$%^&+;\"'<>\\";

/// Whether `text` starts with four letters, each followed by one of
/// [`GAPS`] and up to two more of the same.
fn spaced_letters(text: &[u8]) -> bool {
    let mut at = 0;
    for _ in 0..4 {
        let (Some(letter), Some(&gap)) = (text.get(at), text.get(at + 1)) else {
            return false;
        };
        if !letter.is_ascii_alphabetic() || !GAPS.contains(&gap) {
            return false;
        }
        at += 2;
        for _ in 0..2 {
            if text.get(at) == Some(&gap) {
                at += 1;
            }
        }
    }
    true
}

/// `__GAPPY_SUBJECT`: the Subject holds, from the start of a word,
/// [`spaced_letters`] (SpamAssassin's back-reference as code).
fn gappy_subject(analysis: &Analysis) -> bool {
    subject_from_a_word_start(analysis, spaced_letters)
}

/// `GAPPY_SUBJECT`: a gappy Subject, in a message that is not ISO-2022-JP
/// text (whose escapes look like such gaps).
const GAPPY_SUBJECT: Expr = Expr::All(&[
    Expr::Fact(|c| gappy_subject(c.analysis)),
    Expr::Not(&ISO_2022_JP),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "LONGWORDS",
            Family::Body,
            [2.199, 1.844, 1.819, 2.035],
            &LONGWORDS,
            text!(
                description: (
                    "Strings of long lower-case words",
                    "Des suites de longs mots en minuscules"
                ),
                explanation: (
                    "The text holds at least two kinds of long run of lower-case words with nothing but blanks or dots between them: six words of eight letters or more, nine of six or more, or ten of five or more. Lists of dictionary words like these are pasted into spam to drown its pitch for statistical filters.",
                    "Le texte contient au moins deux sortes de longues suites de mots en minuscules séparés seulement par des blancs ou des points : six mots de huit lettres ou plus, neuf de six ou plus, ou dix de cinq ou plus. Ces listes de mots du dictionnaire sont collées dans le spam pour noyer son message aux yeux des filtres statistiques."
                ),
                fix: (
                    "Write ordinary sentences rather than strings of long words.",
                    "Écrivez des phrases ordinaires plutôt que des suites de longs mots."
                ),
            ),
        ),
        content_rule(
            "GAPPY_SUBJECT",
            Family::Header,
            [0.1; 4],
            &GAPPY_SUBJECT,
            text!(
                description: (
                    "The Subject spaces out its letters",
                    "Le sujet espace ses lettres"
                ),
                explanation: (
                    "The Subject writes at least four letters in a row each followed by the same punctuation or blank, up to three times (\"V.i.a.g.r.a\", \"F R E E\"), to slip words past filters.",
                    "Le sujet écrit au moins quatre lettres de suite suivies chacune du même signe ou blanc, jusqu'à trois fois (« V.i.a.g.r.a », « F R E E »), pour faire passer des mots à travers les filtres."
                ),
                fix: (
                    "Write the Subject's words without characters between their letters.",
                    "Écrivez les mots du sujet sans caractères entre leurs lettres."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    /// The tests of this file that fire on a message with this Subject and
    /// body.
    fn fired_on(subject: &str, body: &str) -> Vec<String> {
        let message = format!("From: a@example.com\nSubject: {subject}\n\n{body}\n");
        fired(rules(), &analyse(&message), &Inputs::default())
    }

    #[test]
    fn long_words() {
        let two_kinds = "absolutely remarkable wonderful happiness delightful beautiful \
                         marvellous fantastic excellent splendid";
        assert_eq!(fired_on("hi", two_kinds), ["LONGWORDS"]);
        // Ten words of five letters or more, but no six of eight.
        let one_kind = "apple grape lemon melon peach mango guava olive onion basil";
        assert!(fired_on("hi", one_kind).is_empty());
        // Capitals break the run.
        assert!(fired_on("hi", &two_kinds.replace("happiness", "Happiness")).is_empty());
    }

    #[test]
    fn gappy_subjects() {
        for hit in ["V.i.a.g.r.a", "F R E E stuff", "buy c--h--e--a--p"] {
            assert_eq!(fired_on(hit, "hello"), ["GAPPY_SUBJECT"], "{hit}");
        }
        for miss in ["U.S.A. news", "a.b.c", "w.w----w.x", "ab.c.d.e.f"] {
            assert!(fired_on(miss, "hello").is_empty(), "{miss}");
        }
    }

    proptest::proptest! {
        /// The scan finds a run exactly where the regex it stands for
        /// matches.
        #[test]
        fn the_scan_is_the_regex(
            line in "[a-eA_1 .,\t]{0,60}",
            min_len in 1_usize..4,
            count in 1_usize..4,
        ) {
            let regex = regex::bytes::Regex::new(&format!(
                r"(?-u)\b(?:[a-z]{{{min_len},}}[\s.]+){{{count}}}"
            )).unwrap_or_else(|e| panic!("{e}"));
            proptest::prop_assert_eq!(
                word_run(line.as_bytes(), min_len, count),
                regex.is_match(line.as_bytes()),
                "{:?}", line
            );
        }
    }
}
