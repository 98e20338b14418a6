//! Repetitions of a unit pattern, `(?:UNIT){n}`, matched unit by unit.
//!
//! A regex for a repetition of a large unit is a large automaton (the form
//! patterns' units are alternations of hundreds of field names, repeated
//! up to five times): slow to compile and, searched lazily, slow to search,
//! as its states keep being built. [`Repeated`] compiles the unit alone, as
//! a lazy DFA that reports *every* end of a match of the unit starting at a
//! given place, not just the first or the longest. The ends of the first
//! unit, from every start, are the starts of the second, and so on: a
//! haystack holds `n` units back to back exactly when `n` such steps leave
//! some end, which is the answer of the repetition's regex, as both look
//! for the same strings.

use regex_automata::hybrid::dfa::Cache;
use regex_automata::util::primitives::PatternID;
use regex_automata::{Anchored, Input, MatchError, MatchKind};

use super::automaton::Automaton;

/// `(?:U1){n}|(?:U2){n}|…`: some unit `n` times back to back.
pub(super) struct Repeated {
    /// The units, one pattern each, reporting all their ends.
    units: Automaton,
    /// How many units in a row make a match.
    times: usize,
}

impl Repeated {
    /// Compiles `units` (patterns on bytes) repeated `times` times.
    pub(super) fn new(units: &[String], times: usize) -> Self {
        Repeated {
            units: Automaton::new(units, MatchKind::All),
            times,
        }
    }

    /// Whether `haystack` holds some unit `times` times back to back.
    /// (Searches do not fail, see [`Automaton::new`]; if one did, the
    /// haystack would count as holding no repetition.)
    pub(super) fn is_match(&self, haystack: &[u8]) -> bool {
        let mut cache = self.units.cache();
        self.search(&mut cache, haystack).unwrap_or(false)
    }

    fn search(&self, cache: &mut Cache, haystack: &[u8]) -> Result<bool, MatchError> {
        for unit in 0..self.units.dfa.pattern_len() {
            let mut ends: Vec<usize> = (0..haystack.len()).collect();
            for _ in 0..self.times {
                ends = self.ends_after(cache, haystack, unit, &ends)?;
            }
            if !ends.is_empty() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every end of a match of `unit` that starts at one of `starts`, in
    /// increasing order.
    fn ends_after(
        &self,
        cache: &mut Cache,
        haystack: &[u8],
        unit: usize,
        starts: &[usize],
    ) -> Result<Vec<usize>, MatchError> {
        let anchored = Anchored::Pattern(PatternID::new_unchecked(unit));
        let mut ends = Vec::new();
        for &start in starts {
            let input = Input::new(haystack).range(start..).anchored(anchored);
            self.ends(cache, &input, &mut ends)?;
        }
        ends.sort_unstable();
        ends.dedup();
        Ok(ends)
    }

    /// Adds to `ends` every end of a match in `input` (anchored: of one
    /// unit starting at its start).
    fn ends(
        &self,
        cache: &mut Cache,
        input: &Input<'_>,
        ends: &mut Vec<usize>,
    ) -> Result<(), MatchError> {
        let mut state = self.units.dfa.start_state_forward(cache, input)?;
        let span = input.get_span();
        for (at, &byte) in (span.start..).zip(&input.haystack()[span]) {
            state = self
                .units
                .dfa
                .next_state(cache, state, byte)
                .map_err(|_| MatchError::gave_up(at))?;
            if state.is_dead() {
                return Ok(());
            }
            // Matches are reported one byte late: this one ends at `at`.
            if state.is_match() {
                ends.push(at);
            }
        }
        state = self
            .units
            .dfa
            .next_eoi_state(cache, state)
            .map_err(|_| MatchError::gave_up(input.end()))?;
        if state.is_match() {
            ends.push(input.end());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use regex::bytes::Regex;

    use super::Repeated;

    /// `(?:A){times}|(?:B){times}` as one regex.
    fn regex(units: &[String], times: usize) -> Regex {
        let pattern = units
            .iter()
            .map(|unit| format!("(?:{unit}){{{times}}}"))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&pattern).expect("valid pattern")
    }

    #[test]
    fn as_the_repetition_regex() {
        let units = [
            r"(?-u)[0-9]\.(?:ab|a)".to_owned(),
            r"(?-u)\bx{1,2}\s?".to_owned(),
        ];
        let haystacks: [&[u8]; 10] = [
            b"1.ab2.a3.ab",
            b"1.ab2.a",
            b"x1.a2.ab3.a",
            b"1.a 2.a3.a",
            b"xx x xx",
            b"xxx x x",
            b"x x",
            b"ax x x x",
            b"",
            b"\xff1.a2.a3.a\xff",
        ];
        let repeated = Repeated::new(&units, 3);
        let whole = regex(&units, 3);
        for haystack in haystacks {
            assert_eq!(
                repeated.is_match(haystack),
                whole.is_match(haystack),
                "{}",
                String::from_utf8_lossy(haystack)
            );
        }
        assert!(repeated.is_match(b"1.ab2.a3.ab"));
        assert!(!repeated.is_match(b"1.ab2.a"));
    }
}
