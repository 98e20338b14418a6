//! A content test's regex, compiled once, with what lets a message skip it:
//! whether it may be tried on all the body lines at once, and the words one
//! of which each of its matches holds ([`Needles`]).
//!
//! A built-in regex is compiled the first time a message needs it: most
//! are never run on most messages (their words are absent), so a process
//! that scores a few messages does not pay for compiling them all.

use std::sync::OnceLock;

use regex::bytes::Regex;

use super::View;
use super::needles::Needles;
use crate::analysis::Analysis;

/// A compiled content regex (see the module documentation).
#[derive(Debug)]
pub(crate) struct Pattern {
    /// The built-in pattern, without the `(?-u)` it is compiled with
    /// (empty for a regex compiled elsewhere).
    source: &'static str,
    /// The regex, compiled on first use.
    regex: OnceLock<Regex>,
    /// The regex may be tried on all the body lines at once (see
    /// [`may_span_lines`]).
    spans_lines: bool,
    /// Words one of which every match holds, when known.
    needles: Option<Needles>,
}

impl Pattern {
    /// A built-in pattern over `view`, to be compiled on bytes with Unicode
    /// off when first needed. Debug builds, and so the tests, compile it
    /// here.
    pub(crate) fn new<N>(view: &View<N>, source: &'static str) -> Self {
        let pattern = Pattern::with(view, OnceLock::new(), source, &format!("(?-u){source}"));
        if cfg!(debug_assertions) {
            pattern.regex();
        }
        pattern
    }

    /// `regex` over `view`, compiled elsewhere from `pattern` (on bytes,
    /// Unicode off).
    pub(crate) fn compiled<N>(view: &View<N>, regex: Regex, pattern: &str) -> Self {
        Pattern::with(view, OnceLock::from(regex), "", pattern)
    }

    /// The words are read only for the views [`may_match`](Self::may_match)
    /// indexes.
    fn with<N>(
        view: &View<N>,
        regex: OnceLock<Regex>,
        source: &'static str,
        pattern: &str,
    ) -> Self {
        let indexed = matches!(view, View::Body | View::RawBody | View::Uri);
        Pattern {
            source,
            regex,
            spans_lines: may_span_lines(pattern),
            needles: indexed.then(|| Needles::of(pattern)).flatten(),
        }
    }

    /// The regex.
    pub(crate) fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            // Built-in patterns are constants, all compiled by the tests
            // (see `new`).
            Regex::new(&format!("(?-u){}", self.source)).expect("valid built-in pattern")
        })
    }

    /// Whether the regex may be tried on all the body lines at once.
    pub(crate) fn spans_lines(&self) -> bool {
        self.spans_lines
    }

    /// Whether the text `view` reads may hold a match: false settles that
    /// it does not, without running the regex. Only the body, source and
    /// URI views are indexed; the header fields are short enough to search.
    pub(crate) fn may_match<N>(&self, view: &View<N>, analysis: &Analysis) -> bool {
        let Some(needles) = &self.needles else {
            return true;
        };
        let grams = match view {
            View::Body => analysis.body_grams(),
            View::RawBody => analysis.rawbody_grams(),
            View::Uri => analysis.uri_grams(),
            _ => return true,
        };
        needles.may_match(grams)
    }
}

/// Whether a body regex that matches some line also matches [`lines_apart`]
/// of all the lines, so that a miss there settles every line. True when the
/// pattern holds no anchor (`^`, `$`, `\A`, `\z`; any `^` or `$` counts, even
/// in a class): the bytes around each line are then line breaks, which
/// `\b` and `\B` read as they read the ends of a line matched alone (as
/// non-word bytes), and nothing else in a pattern depends on where the text
/// ends.
///
/// [`lines_apart`]: super::lines_apart
pub(crate) fn may_span_lines(pattern: &str) -> bool {
    !pattern.contains(['^', '$']) && !pattern.contains("\\A") && !pattern.contains("\\z")
}
