//! What a rule tests, read from its directive, and its check over a
//! message.

use std::collections::HashMap;
use std::sync::Arc;

use super::meta;
use super::perl_regex::split_regex;
use crate::Localized;
use crate::error::RuleProblem;
use crate::report::Hit;
use crate::rules::content::{Pattern, View, field_text, first_match, quote, quoted, view_name};
use crate::rules::{Evidence, Family, RuleContext};

/// A rule's check, before it becomes a [`Rule`](crate::rules::Rule).
pub(super) type Check = Box<dyn Fn(&RuleContext<'_>) -> Option<Evidence> + Send + Sync>;

/// What a rule tests.
#[derive(Debug)]
pub(super) enum Kind {
    /// A regex over a view; for a header view, `negate` (`!~`) and the
    /// `[if-unset: …]` text.
    Match {
        view: View<String>,
        pattern: Pattern,
        negate: bool,
        if_unset: Option<String>,
    },
    /// `exists:Field`.
    Exists(String),
    /// A meta expression.
    Meta(Arc<meta::Expr>),
}

impl Kind {
    pub(super) fn family(&self) -> Family {
        match self {
            Kind::Match {
                view: View::Uri, ..
            } => Family::Uri,
            Kind::Match {
                view: View::Body | View::RawBody,
                ..
            }
            | Kind::Meta(_) => Family::Body,
            Kind::Match { .. } | Kind::Exists(_) => Family::Header,
        }
    }
}

/// The view a `header` rule's field names, with its modifier.
fn header_view(field: &str) -> Result<View<String>, RuleProblem> {
    let (name, modifier) = field.split_once(':').unwrap_or((field, ""));
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(RuleProblem::Syntax("a header field name"));
    }
    let pseudo = name == "ALL"
        || name == "MESSAGEID"
        || name.eq_ignore_ascii_case("ToCc")
        || name.eq_ignore_ascii_case("X-Spam-Relays-External");
    if (name.starts_with("ALL-") || name.starts_with("X-Spam-Relays-") || name == "EnvelopeFrom")
        && !pseudo
    {
        return Err(RuleProblem::Unsupported {
            what: name.to_owned(),
            why: "of the pseudo-fields, only ALL, MESSAGEID, ToCc and X-Spam-Relays-External are read",
        });
    }
    Ok(match (name, modifier) {
        ("ALL", "") => View::AllHeaders,
        ("MESSAGEID", "") => View::MessageIds,
        _ if pseudo && modifier.is_empty() && name.eq_ignore_ascii_case("ToCc") => View::ToCc,
        _ if pseudo && modifier.is_empty() => View::RelaysExternal,
        (_, "") if !pseudo => View::Header(name.to_owned()),
        (_, "raw") if !pseudo => View::RawHeader(name.to_owned()),
        (_, "addr") if !pseudo => View::Addresses(name.to_owned()),
        (_, "name") if !pseudo => View::Names(name.to_owned()),
        _ => {
            return Err(RuleProblem::Unsupported {
                what: format!(":{modifier}"),
                why: "the modifiers read are :raw, :addr and :name, one per field, not on pseudo-fields",
            });
        }
    })
}

/// Why an `eval:` test is refused.
fn refuse_eval(rest: &str) -> Result<(), RuleProblem> {
    if rest.starts_with("eval:") {
        return Err(RuleProblem::Unsupported {
            what: "eval:".into(),
            why: "eval tests are SpamAssassin's Perl code; write a regex, or a meta over the built-in tests",
        });
    }
    Ok(())
}

/// A regex rule over a view of the body (`body`, `rawbody`, `uri`).
pub(super) fn regex_kind(view: View<String>, rest: &str) -> Result<Kind, RuleProblem> {
    refuse_eval(rest)?;
    let (perl, tail) = split_regex(rest)?;
    if !tail.trim().is_empty() {
        return Err(RuleProblem::Syntax("nothing after the regex's flags"));
    }
    let (regex, translated) = perl.compile()?;
    Ok(Kind::Match {
        pattern: Pattern::compiled(&view, regex, &translated),
        view,
        negate: false,
        if_unset: None,
    })
}

/// `Field =~ /re/flags [if-unset: TEXT]`, `Field !~ …` or `exists:Field`.
pub(super) fn header_kind(rest: &str) -> Result<Kind, RuleProblem> {
    refuse_eval(rest)?;
    if let Some(field) = rest.strip_prefix("exists:") {
        let field = field.trim();
        if field.is_empty() || field.contains([' ', '\t', ':']) {
            return Err(RuleProblem::Syntax("exists:FIELD"));
        }
        return Ok(Kind::Exists(field.to_owned()));
    }
    let at = rest
        .find("=~")
        .or_else(|| rest.find("!~"))
        .ok_or(RuleProblem::Syntax("FIELD =~ /regex/ or FIELD !~ /regex/"))?;
    let view = header_view(rest[..at].trim())?;
    let (perl, tail) = split_regex(rest[at + 2..].trim_start())?;
    let tail = tail.trim();
    let if_unset = if tail.is_empty() {
        None
    } else {
        let value = tail
            .strip_prefix("[if-unset:")
            .and_then(|value| value.strip_suffix(']'))
            .ok_or(RuleProblem::Syntax(
                "[if-unset: TEXT] or nothing after the regex",
            ))?;
        Some(value.trim().to_owned())
    };
    let (regex, translated) = perl.compile()?;
    Ok(Kind::Match {
        pattern: Pattern::compiled(&view, regex, &translated),
        view,
        negate: rest[at..].starts_with('!'),
        if_unset,
    })
}

/// The value a meta reads for `name`: a meta's own result when it fired
/// (at least 1 when negative, as SpamAssassin counts it), else the number
/// of times the test fired (0 when it did not, or is unknown).
fn value(name: &str, metas: &HashMap<String, Arc<meta::Expr>>, hits: &[Hit]) -> f64 {
    let fired = hits.iter().filter(|hit| hit.name == name).count();
    match metas.get(name) {
        Some(expr) if fired > 0 => match expr.eval(&|read| value(read, metas, hits)) {
            Some(result) if result > 0.0 => result,
            _ => 1.0,
        },
        _ => fired as f64,
    }
}

impl Kind {
    /// The check over a message.
    pub(super) fn into_check(self, metas: &Arc<HashMap<String, Arc<meta::Expr>>>) -> Check {
        match self {
            Kind::Match {
                view,
                pattern,
                negate: false,
                if_unset,
            } => Box::new(move |context| match &if_unset {
                Some(unset) if field_text(&view, context).is_none() => {
                    quote(pattern.regex(), unset.as_bytes()).map(|matched| {
                        let place = view_name(&view);
                        Localized::new(
                            format!("{} is absent, read as \"{matched}\"", place.en),
                            format!("{} est absent, lu comme « {matched} »", place.fr),
                        )
                    })
                }
                _ => first_match(&view, &pattern, context).map(|matched| quoted(&matched, &view)),
            }),
            Kind::Match {
                view,
                pattern,
                if_unset,
                ..
            } => Box::new(move |context| {
                let text = field_text(&view, context);
                let text = text.as_deref().or(if_unset.as_deref());
                if text.is_some_and(|text| pattern.regex().is_match(text.as_bytes())) {
                    return None;
                }
                let place = view_name(&view);
                Some(Localized::new(
                    format!("no match in {}", place.en),
                    format!("aucune correspondance dans {}", place.fr),
                ))
            }),
            Kind::Exists(field) => Box::new(move |context| {
                context.analysis.headers.exists(&field).then(|| {
                    let place = view_name(&View::Header(field.as_str()));
                    Localized::new(
                        format!("{} is present", place.en),
                        format!("{} est présent", place.fr),
                    )
                })
            }),
            Kind::Meta(expr) => {
                let metas = Arc::clone(metas);
                Box::new(move |context| {
                    let result = expr.eval(&|name| value(name, &metas, context.hits))?;
                    if result == 0.0 {
                        return None;
                    }
                    let mut fired: Vec<&str> = expr
                        .names()
                        .into_iter()
                        .filter(|name| context.fired(name))
                        .collect();
                    fired.sort_unstable();
                    fired.dedup();
                    Some(if fired.is_empty() {
                        Localized::new("the conditions hold", "les conditions sont réunies")
                    } else {
                        let fired = fired.join(", ");
                        Localized::new(format!("after {fired}"), format!("après {fired}"))
                    })
                })
            }
        }
    }
}
