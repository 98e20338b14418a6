//! A site's own rules, in SpamAssassin's rule-file language (`local.cf`).
//!
//! A small, strict subset: `header` (with `=~`, `!~`, `exists:`,
//! `[if-unset: …]`, the `:raw`, `:addr` and `:name` modifiers and the
//! `ALL`, `MESSAGEID`, `ToCc` and `X-Spam-Relays-External` pseudo-fields),
//! `body`, `rawbody`, `uri`, `meta`, `score` (also of built-in tests),
//! `describe`, `lang fr describe` and `tflags`. What it cannot honour it
//! refuses with a [`ConfigError::CustomRule`] naming the line, never
//! silently. The rules match the same views of the message as the built-in
//! content tests (sa-semantics §0.4–0.6), and run after the built-in tests
//! so that a meta can read their hits.
//!
//! The way through: [`parse`] cuts the text into directives, [`build`]
//! reads the definitions and then their scores, texts and flags, with
//! [`perl_regex`] translating each regex and [`meta`] each meta expression;
//! [`kind`] holds what a rule tests and its check over a message.
//!
//! ```
//! use spamgauge::{Config, ConfigError, Engine, error::RuleProblem};
//! let refused = Engine::new(Config::default().custom_rules("body LOCAL_X /(?=a)b/\n"));
//! assert!(matches!(
//!     refused,
//!     Err(ConfigError::CustomRule { line: 1, problem: RuleProblem::RegexFeature(_), .. })
//! ));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
mod kind;
mod meta;
mod parse;
mod perl_regex;
#[cfg(test)]
mod tests;

use crate::error::{ConfigError, RuleProblem};
use crate::rules::Rule;

/// Applies the address-list directives of `texts` (`welcomelist_from` …)
/// to `lists`, in order.
pub(crate) fn address_lists(
    texts: &[String],
    lists: &mut crate::rules::address_lists::Lists,
) -> Result<(), ConfigError> {
    for (file, text) in texts.iter().enumerate() {
        let error = |line: usize, rule, problem| ConfigError::CustomRule {
            file,
            line,
            rule,
            problem,
        };
        let lines = parse::lines(text).map_err(|(line, problem)| error(line, None, problem))?;
        for line in lines
            .iter()
            .filter(|line| !line.french && crate::rules::address_lists::is_directive(&line.key))
        {
            let words: Vec<&str> = line
                .name
                .iter()
                .map(String::as_str)
                .chain(line.rest.split_whitespace())
                .collect();
            lists
                .apply(&line.key, &words)
                .map_err(|what| error(line.number, None, RuleProblem::AddressList(what)))?;
        }
    }
    Ok(())
}

/// The tests `texts` define, to run after `builtin`, whose scores they may
/// override.
pub(crate) fn rules(texts: &[String], builtin: &mut [Rule]) -> Result<Vec<Rule>, ConfigError> {
    let mut set = build::RuleSet::default();
    let is_builtin = |name: &str| builtin.iter().any(|rule| rule.name == name);
    for (file, text) in texts.iter().enumerate() {
        let lines = parse::lines(text).map_err(|(line, problem)| ConfigError::CustomRule {
            file,
            line,
            rule: None,
            problem,
        })?;
        set.read(file, &lines, &is_builtin)?;
    }
    for (name, scores) in std::mem::take(&mut set.builtin_scores) {
        if let Some(rule) = builtin.iter_mut().find(|rule| rule.name == name) {
            rule.scores = scores;
        }
    }
    set.into_rules()
}
