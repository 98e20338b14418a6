//! A lazy DFA of several patterns on bytes, with its search caches: what
//! the fill-in forms use where `regex` does not expose what they need
//! (every end of a match of one pattern among several, see
//! [`Repeated`](super::repeat::Repeated)).

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::MatchKind;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::util::syntax;

/// Makes a search cache for the pool.
type NewCache = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The compiled patterns, and a search cache per thread at a time.
pub(super) struct Automaton {
    /// Pattern `i` of the constructor is `PatternID` `i`; each has its own
    /// anchored start state.
    pub(super) dfa: DFA,
    caches: Pool<Cache, NewCache>,
}

impl Automaton {
    /// Compiles `patterns` (on bytes, as `regex::bytes` reads them) with
    /// the match semantics `kind`.
    ///
    /// The lazy DFA has no quit bytes, never gives up on its cache and has
    /// a start state for each pattern: its searches do not fail.
    pub(super) fn new(patterns: &[String], kind: MatchKind) -> Self {
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(kind).starts_for_each_pattern(true))
            // As `regex::bytes`: patterns may match bytes that are not UTF-8.
            .syntax(syntax::Config::new().utf8(false))
            .thompson(
                thompson::Config::new()
                    .utf8(false)
                    .which_captures(WhichCaptures::None),
            )
            .build_many(patterns)
            // Built-in patterns are constants checked by the unit tests.
            .expect("valid built-in pattern");
        let for_caches = dfa.clone();
        Automaton {
            dfa,
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
        }
    }

    /// A search cache, held until dropped.
    pub(super) fn cache(&self) -> PoolGuard<'_, Cache, NewCache> {
        self.caches.get()
    }
}
