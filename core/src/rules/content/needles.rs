//! Words one of which every match of a regex holds, read from the regex's
//! syntax tree, so that a message whose text holds none of them (by its
//! [`Grams`]) skips the regex without running it.
//!
//! The words are found where the pattern is plain text: a run of literals
//! and small classes (`[Vv]`, as `(?i)` makes them) in a concatenation
//! gives the words it spells; an alternation needs a word from each branch;
//! a repetition that must happen once needs its content's words. Letters
//! are kept in lower case, which is sound because [`Grams`] lower-cases the
//! text. A pattern gets no words when some branch has none of at least
//! three bytes: it is then always run.
//!
//! ```ignore
//! let needles = Needles::of(r"(?-u)(?i)\bwin(?:ning)?\s+(?:lottery|prize)").unwrap();
//! // Every match holds "lottery" or "prize" ("win" is shorter than "prize"
//! // and less telling than the longer alternatives).
//! ```

use regex_syntax::ParserBuilder;
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::analysis::grams::Grams;

/// Most words a set may hold.
const MAX_WORDS: usize = 64;
/// Longest word kept; a run that would spell longer ones stops there.
const MAX_LEN: usize = 24;
/// Most distinct bytes of a class read as a set of one-byte words.
const MAX_CLASS: usize = 4;
/// Most copies of a counted repetition (`x{3}`) spelled out.
const MAX_COPIES: u32 = 4;
/// Shortest word [`Grams`] can look for.
const MIN_LEN: usize = 3;

/// Words one of which every match holds (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Needles(Vec<Vec<u8>>);

/// A set of words in lower case, deduplicated.
type Words = Vec<Vec<u8>>;

impl Needles {
    /// The words of `pattern` (as compiled: Unicode off, on bytes), or
    /// `None` when they would not let any message skip it.
    pub(crate) fn of(pattern: &str) -> Option<Self> {
        let hir = ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(pattern)
            .ok()?;
        let words = needed(&hir)?;
        words
            .iter()
            .all(|word| word.len() >= MIN_LEN)
            .then_some(Needles(words))
    }

    /// Whether a text with these `grams` may hold a match: false means the
    /// regex matches nowhere in it.
    pub(crate) fn may_match(&self, grams: &Grams) -> bool {
        self.0.iter().any(|word| grams.may_hold(word))
    }
}

/// Every text `hir` can match, when they are few and short, in lower case.
/// Zero-width assertions match the empty word.
fn exact(hir: &Hir) -> Option<Words> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(literal) => Some(vec![literal.0.to_ascii_lowercase()]),
        HirKind::Class(class) => {
            class_bytes(class).map(|bytes| bytes.into_iter().map(|byte| vec![byte]).collect())
        }
        HirKind::Capture(capture) => exact(&capture.sub),
        HirKind::Concat(parts) => parts.iter().try_fold(vec![Vec::new()], |words, part| {
            product(&words, &exact(part)?)
        }),
        HirKind::Alternation(branches) => branches
            .iter()
            .try_fold(Vec::new(), |words, branch| union(words, exact(branch)?)),
        HirKind::Repetition(repetition) => {
            let copies = repetition.min;
            if repetition.max != Some(copies) || copies > MAX_COPIES {
                return None;
            }
            let one = exact(&repetition.sub)?;
            (0..copies).try_fold(vec![Vec::new()], |words, _| product(&words, &one))
        }
    }
}

/// The bytes a class matches, in lower case, when they are few.
fn class_bytes(class: &Class) -> Option<Vec<u8>> {
    let mut bytes: Vec<u8> = Vec::new();
    let mut add = |byte: u8| {
        let byte = byte.to_ascii_lowercase();
        if !bytes.contains(&byte) {
            bytes.push(byte);
        }
        bytes.len() <= MAX_CLASS
    };
    match class {
        Class::Bytes(class) => {
            for range in class.ranges() {
                if usize::from(range.end() - range.start()) >= MAX_CLASS * 2 {
                    return None;
                }
                if !(range.start()..=range.end()).all(&mut add) {
                    return None;
                }
            }
        }
        Class::Unicode(class) => {
            for range in class.ranges() {
                let ascii = |c: char| u8::try_from(c).ok().filter(u8::is_ascii);
                let (start, end) = (ascii(range.start())?, ascii(range.end())?);
                if usize::from(end - start) >= MAX_CLASS * 2 || !(start..=end).all(&mut add) {
                    return None;
                }
            }
        }
    }
    Some(bytes)
}

/// Every word of `left` followed by every word of `right`, when there are
/// few enough and they are short enough.
fn product(left: &Words, right: &Words) -> Option<Words> {
    let mut words = Vec::with_capacity(left.len() * right.len());
    for a in left {
        for b in right {
            if a.len() + b.len() > MAX_LEN {
                return None;
            }
            let word = [a.as_slice(), b].concat();
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    (words.len() <= MAX_WORDS).then_some(words)
}

/// The words of both sets, when there are few enough.
fn union(mut words: Words, more: Words) -> Option<Words> {
    for word in more {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    (words.len() <= MAX_WORDS).then_some(words)
}

/// Words one of which every match of `hir` holds, the most telling set
/// found, or `None`.
fn needed(hir: &Hir) -> Option<Words> {
    if let Some(words) = exact(hir) {
        return Some(words);
    }
    match hir.kind() {
        HirKind::Capture(capture) => needed(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min > 0 => needed(&repetition.sub),
        HirKind::Alternation(branches) => branches
            .iter()
            .try_fold(Vec::new(), |words, branch| union(words, needed(branch)?)),
        HirKind::Concat(parts) => concat_needed(parts),
        _ => None,
    }
}

/// The best set of a concatenation: the words a run of plain parts spells,
/// or those a part needs on its own.
fn concat_needed(parts: &[Hir]) -> Option<Words> {
    let mut best: Option<Words> = None;
    let mut keep = |candidate: Words| {
        if best
            .as_ref()
            .is_none_or(|best| rank(&candidate) > rank(best))
        {
            best = Some(candidate);
        }
    };
    let mut run = vec![Vec::new()];
    for part in parts {
        match exact(part).and_then(|words| product(&run, &words)) {
            Some(longer) => run = longer,
            None => {
                keep(std::mem::replace(&mut run, vec![Vec::new()]));
                // The part may start a new run, or need words of its own.
                match exact(part) {
                    Some(words) => run = words,
                    None => {
                        if let Some(words) = needed(part) {
                            keep(words);
                        }
                    }
                }
            }
        }
    }
    keep(run);
    best.filter(|words| rank(words).0)
}

/// How telling a set is: whether every word is long enough to look for,
/// then the shortest word's length (up to six), then fewer words.
fn rank(words: &Words) -> (bool, usize, std::cmp::Reverse<usize>) {
    let shortest = words.iter().map(Vec::len).min().unwrap_or(MAX_LEN);
    (
        shortest >= MIN_LEN,
        shortest.min(6),
        std::cmp::Reverse(words.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::Needles;
    use crate::analysis::grams::Grams;

    fn words(pattern: &str) -> Option<Vec<String>> {
        Needles::of(&format!("(?-u){pattern}")).map(|needles| {
            let mut words: Vec<String> = needles
                .0
                .iter()
                .map(|word| String::from_utf8_lossy(word).into_owned())
                .collect();
            words.sort();
            words
        })
    }

    fn set(words: &[&str]) -> Option<Vec<String>> {
        let mut words: Vec<String> = words.iter().map(|&word| word.to_owned()).collect();
        words.sort();
        Some(words)
    }

    #[test]
    fn plain_text_spells_its_words_in_lower_case() {
        assert_eq!(words(r"(?i)\bViagra\b"), set(&["viagra"]));
        assert_eq!(words(r"(?i)colou?r printer"), set(&["r printer"]));
        assert_eq!(
            words(r"(?i)\b(?:cheap|low) price"),
            set(&["cheap price", "low price"])
        );
        assert_eq!(words(r"[Bb]uy now"), set(&["buy now"]));
    }

    #[test]
    fn the_most_telling_run_is_kept() {
        assert_eq!(words(r"(?i)win\s+the\s+lottery"), set(&["lottery"]));
        assert_eq!(
            words(r"(?i)\bdear\s+(?:friend|beneficiary)"),
            set(&["beneficiary", "friend"])
        );
        assert_eq!(words(r"\d+% off"), set(&["% off"]));
    }

    #[test]
    fn each_branch_must_give_a_word() {
        assert_eq!(
            words(r"(?i)(?:lottery\s+\w+|claims?\s+agent)"),
            set(&["claim", "lottery"])
        );
        assert_eq!(words(r"(?i)(?:lottery|\d+)"), None);
        assert_eq!(words(r"(?i)(?:lottery|ab)"), None);
    }

    #[test]
    fn optional_parts_and_wide_classes_give_nothing() {
        assert_eq!(words(r"(?:viagra)?\s+"), None);
        assert_eq!(words(r"\w{3,}"), None);
        assert_eq!(words(r"(?s)."), None);
        assert_eq!(words(r"[^a]bc"), None);
    }

    #[test]
    fn counted_repetitions_and_required_ones() {
        assert_eq!(words(r"(?:ab){2}"), set(&["abab"]));
        assert_eq!(words(r"(?:money\s)+now"), set(&["money"]));
    }

    #[test]
    fn a_message_without_the_words_skips_the_regex() {
        let needles = Needles::of(r"(?-u)(?i)\b(?:lottery|prize)\s+draw").unwrap();
        assert!(needles.may_match(&Grams::of([b"Enter the PRIZE Draw".as_slice()])));
        assert!(!needles.may_match(&Grams::of([b"Enter the draw".as_slice()])));
    }

    /// Whether the index of `text` rules out the words of `pattern` though
    /// the pattern matches `text` (which must never happen).
    fn hides_a_match(pattern: &str, text: &str) -> bool {
        let compiled = format!("(?-u){pattern}");
        let regex = regex::bytes::Regex::new(&compiled).unwrap();
        Needles::of(&compiled)
            .is_some_and(|needles| !needles.may_match(&Grams::of([text.as_bytes()])))
            && regex.is_match(text.as_bytes())
    }

    /// Random patterns: literals, small and wide classes, anchors,
    /// concatenations, alternations, repetitions and case-insensitive
    /// groups, nested.
    fn patterns() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = proptest::sample::select(vec![
            "ab", "Lot", "tery", "win", "x", r"\xe9", "PRIZE", "[Ww]", "[a-c]", r"\s", r"\d", ".",
            r"\b", "^", "$", "[^a]", "%",
        ])
        .prop_map(str::to_owned);
        leaf.prop_recursive(4, 24, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 2..4).prop_map(|parts| parts.concat()),
                proptest::collection::vec(inner.clone(), 2..4)
                    .prop_map(|branches| format!("(?:{})", branches.join("|"))),
                (
                    inner.clone(),
                    proptest::sample::select(vec!["?", "*", "+", "{2}", "{1,3}", "{3}"])
                )
                    .prop_map(|(sub, repeat)| format!("(?:{sub}){repeat}")),
                inner.prop_map(|sub| format!("(?i:{sub})")),
            ]
        })
    }

    proptest::proptest! {
        /// Whatever the pattern, the words read from it are in every text
        /// it matches (as three-byte sequences, any case).
        #[test]
        fn random_patterns_never_skip_a_match(
            pattern in patterns(),
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "ab", "AB", "lot", "LOTTERY", "tery", "win", "WIN", "x", "é", " ", "\n",
                    "prize", "w", "b", "c", "1", "%", "a",
                ]),
                0..10,
            ),
        ) {
            let text = words.concat();
            proptest::prop_assert!(!hides_a_match(&pattern, &text), "{pattern} {text:?}");
        }

        /// The index never hides a match: a text whose grams rule the
        /// words out is one the regex does not match.
        #[test]
        fn a_skipped_regex_matches_nothing(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Lottery", "PRIZE", "draw", "win", "winner", "claims", "agent", "\n",
                    "Viagra", "cheap", "LOW", "price", "colour", "color", " ", "  ", "%",
                    "off", "10", "money", "now",
                ]),
                0..12,
            ),
            pattern in proptest::sample::select(vec![
                r"(?i)\b(?:lottery|prize)\s+draw",
                r"(?i)\bwin(?:ner)?\s+(?:the\s+)?(?:lottery|prize)",
                r"(?i)claims?\s+agent",
                r"(?i)\b(?:cheap|low) price",
                r"(?i)colou?r\b",
                r"\d+% off",
                r"(?i)(?:money\s)+now",
                r"(?i)viagra",
            ]),
        ) {
            let text = words.concat();
            proptest::prop_assert!(!hides_a_match(pattern, &text), "{pattern} {text:?}");
        }
    }

    #[test]
    fn bytes_beyond_ascii_are_words_too() {
        assert_eq!(words(r"caf\xe9s"), set(&["caf\u{fffd}s"]));
    }
}
