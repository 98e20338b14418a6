//! Directives into tests: definitions, then their scores, texts and flags,
//! then the tests themselves in an order where a meta follows what it reads.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::kind::{Kind, header_kind, regex_kind};
use super::meta;
use super::parse::Line;
use crate::Localized;
use crate::error::{ConfigError, RuleProblem};
use crate::rules::content::View;
use crate::rules::{Rule, RuleFlags, RuleText, Scores};

/// Most rules one configuration may define: a bound on the memory a
/// hostile rule file can claim (each regex is also bounded).
pub(super) const MAX_RULES: usize = 2000;
/// Most nodes a meta may evaluate, counting the metas it reads through.
const MAX_META_COST: usize = 100_000;
/// Deepest nesting of a meta's expression, counting the expressions of the
/// metas it reads: bounds the evaluation's recursion.
const MAX_META_DEPTH: usize = 1000;

/// A rule being defined.
#[derive(Debug)]
struct Definition {
    name: String,
    /// Where it is defined: the text's index and the line.
    file: usize,
    line: usize,
    kind: Kind,
    scores: Option<Scores>,
    english: Option<String>,
    french: Option<String>,
    flags: RuleFlags,
    nice: bool,
}

/// Why the tflags SpamAssassin has and spamgauge does not honour are refused.
const UNHONOURED_TFLAG: &str = "it changes how the rule matches, which spamgauge does not emulate";

/// Everything the rule files define, and their overrides of built-in scores.
#[derive(Debug, Default)]
pub(super) struct RuleSet {
    definitions: Vec<Definition>,
    index: HashMap<String, usize>,
    /// Score overrides of built-in tests, by name.
    pub(super) builtin_scores: Vec<(String, Scores)>,
}

/// Whether SpamAssassin accepts `name` as a rule name.
fn valid_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.len() <= 128
}

/// What a directive SpamAssassin has but spamgauge refuses is replaced by.
fn unsupported(key: &str) -> Option<&'static str> {
    Some(match key {
        "full" => "the analysis does not keep the raw message; use body, rawbody or header ALL",
        "mimeheader" => "the header fields of MIME parts are not exposed to rules",
        "if" | "ifplugin" | "else" | "endif" | "require_version" => {
            "conditional sections are not read; keep only the rules meant to run"
        }
        "include" => "a rule file cannot read files; pass each file to the engine",
        "priority" => "local rules run after the built-in tests, metas after what they read",
        "required_score" | "required_hits" => "set the threshold in the configuration",
        "trusted_networks" | "internal_networks" | "msa_networks" => {
            "set the networks in the configuration"
        }
        _ => return None,
    })
}

impl RuleSet {
    /// Reads the directives of one file, adding to the rules of the earlier
    /// ones. `builtin` tells whether a name is a built-in test's.
    pub(super) fn read(
        &mut self,
        file: usize,
        lines: &[Line],
        builtin: &dyn Fn(&str) -> bool,
    ) -> Result<(), ConfigError> {
        let error = |line: &Line, problem| ConfigError::CustomRule {
            file,
            line: line.number,
            rule: line.name.clone(),
            problem,
        };
        // Definitions first: `score` and `describe` may precede them.
        for line in lines {
            let at = |problem| error(line, problem);
            if let Some(why) = unsupported(&line.key) {
                return Err(at(RuleProblem::Unsupported {
                    what: line.key.clone(),
                    why,
                }));
            }
            if line.french && line.key != "describe" {
                return Err(at(RuleProblem::Unsupported {
                    what: format!("lang fr {}", line.key),
                    why: "only describe lines are read per language",
                }));
            }
            let view = match line.key.as_str() {
                "header" | "meta" => None,
                "body" => Some(View::Body),
                "rawbody" => Some(View::RawBody),
                "uri" => Some(View::Uri),
                "score" | "describe" | "tflags" => continue,
                // Read by `custom::address_lists`.
                key if crate::rules::address_lists::is_directive(key) => continue,
                other => return Err(at(RuleProblem::UnknownDirective(other.to_owned()))),
            };
            let name = line
                .name
                .clone()
                .ok_or_else(|| at(RuleProblem::Syntax("a rule name")))?;
            if !valid_name(&name) {
                return Err(at(RuleProblem::BadName(name)));
            }
            if builtin(&name) || self.index.contains_key(&name) {
                return Err(at(RuleProblem::Duplicate {
                    builtin: builtin(&name),
                }));
            }
            if self.definitions.len() >= MAX_RULES {
                return Err(at(RuleProblem::TooLarge("more than 2000 rules")));
            }
            let kind = match view {
                Some(view) => regex_kind(view, &line.rest),
                None if line.key == "header" => header_kind(&line.rest),
                None => meta::Expr::parse(&line.rest).map(|expr| Kind::Meta(Arc::new(expr))),
            }
            .map_err(at)?;
            self.index.insert(name.clone(), self.definitions.len());
            self.definitions.push(Definition {
                name,
                file,
                line: line.number,
                kind,
                scores: None,
                english: None,
                french: None,
                flags: RuleFlags::default(),
                nice: false,
            });
        }
        for line in lines {
            if !matches!(line.key.as_str(), "score" | "describe" | "tflags") {
                continue;
            }
            let at = |problem| error(line, problem);
            let name = line
                .name
                .as_deref()
                .ok_or_else(|| at(RuleProblem::Syntax("a rule name")))?;
            let own = self.index.get(name).copied();
            match (line.key.as_str(), own) {
                ("score", _) => {
                    let scores = parse_scores(&line.rest).map_err(at)?;
                    match own {
                        Some(index) => self.definitions[index].scores = Some(scores),
                        None if builtin(name) => {
                            self.builtin_scores.push((name.to_owned(), scores));
                        }
                        None => return Err(at(RuleProblem::UnknownRule)),
                    }
                }
                ("describe", Some(index)) => {
                    let definition = &mut self.definitions[index];
                    let text = Some(line.rest.clone());
                    if line.french {
                        definition.french = text;
                    } else {
                        definition.english = text;
                    }
                }
                ("tflags", Some(index)) => {
                    let definition = &mut self.definitions[index];
                    for flag in line.rest.split_whitespace() {
                        match flag {
                            "net" => definition.flags.net = true,
                            "learn" => definition.flags.learn = true,
                            "nice" => definition.nice = true,
                            "publish" | "userconf" | "noautolearn" | "autolearn_force"
                            | "autolearn_body" | "autolearn_header" | "noawl" | "nolog" => {}
                            other => {
                                return Err(at(RuleProblem::Unsupported {
                                    what: format!("tflags {other}"),
                                    why: UNHONOURED_TFLAG,
                                }));
                            }
                        }
                    }
                }
                _ => return Err(at(RuleProblem::UnknownRule)),
            }
        }
        Ok(())
    }

    /// The tests: regex rules in the order they were defined, then metas,
    /// each after the metas it reads.
    pub(super) fn into_rules(self) -> Result<Vec<Rule>, ConfigError> {
        let metas: HashMap<String, Arc<meta::Expr>> = self
            .definitions
            .iter()
            .filter_map(|definition| match &definition.kind {
                Kind::Meta(expr) => Some((definition.name.clone(), Arc::clone(expr))),
                _ => None,
            })
            .collect();
        let order = meta_order(&self.definitions, &metas)?;
        let metas = Arc::new(metas);
        let mut definitions: Vec<Option<Definition>> =
            self.definitions.into_iter().map(Some).collect();
        Ok(order
            .into_iter()
            .filter_map(|index| definitions.get_mut(index).and_then(Option::take))
            .map(|definition| definition.into_rule(&metas))
            .collect())
    }
}

/// `s` or `s0 s1 s2 s3`.
fn parse_scores(text: &str) -> Result<Scores, RuleProblem> {
    let numbers: Vec<f64> = text
        .split_whitespace()
        .map(|word| word.parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect::<Option<_>>()
        .ok_or(RuleProblem::BadScore)?;
    match numbers[..] {
        [score] => Ok(Scores::all(score)),
        [a, b, c, d] => Ok(Scores([a, b, c, d])),
        _ => Err(RuleProblem::BadScore),
    }
}

/// The order the definitions run in: regex rules first, as defined, then
/// each meta after the metas it reads. A cycle, a chain too deep or a meta
/// too costly to evaluate is refused, naming the meta.
fn meta_order(
    definitions: &[Definition],
    metas: &HashMap<String, Arc<meta::Expr>>,
) -> Result<Vec<usize>, ConfigError> {
    let index: HashMap<&str, usize> = definitions
        .iter()
        .enumerate()
        .map(|(at, definition)| (definition.name.as_str(), at))
        .collect();
    let error = |name: &str, problem| {
        let definition = &definitions[index[name]];
        ConfigError::CustomRule {
            file: definition.file,
            line: definition.line,
            rule: Some(name.to_owned()),
            problem,
        }
    };
    let mut order: Vec<usize> = (0..definitions.len())
        .filter(|&at| !matches!(definitions[at].kind, Kind::Meta(_)))
        .collect();
    // (cost, depth) of each meta placed so far.
    let mut placed: HashMap<&str, (usize, usize)> = HashMap::new();
    let in_order = definitions
        .iter()
        .filter(|definition| matches!(definition.kind, Kind::Meta(_)));
    for definition in in_order {
        // Depth-first, with an explicit stack: (meta, whether what it reads
        // is placed already).
        let mut stack: Vec<(&str, bool)> = vec![(definition.name.as_str(), false)];
        let mut open: HashSet<&str> = HashSet::new();
        while let Some((current, expanded)) = stack.pop() {
            if placed.contains_key(current) {
                continue;
            }
            let reads = metas[current]
                .names()
                .into_iter()
                .filter(|name| metas.contains_key(*name));
            if expanded {
                let expr = &metas[current];
                let (mut cost, mut below) = (expr.size(), 0);
                for read in reads {
                    let (read_cost, read_depth) = placed[read];
                    cost = cost.saturating_add(read_cost);
                    below = below.max(read_depth);
                }
                let depth = expr.depth() + below;
                if cost > MAX_META_COST {
                    return Err(error(
                        current,
                        RuleProblem::TooLarge("meta reading too many rules through other metas"),
                    ));
                }
                if depth > MAX_META_DEPTH {
                    return Err(error(
                        current,
                        RuleProblem::TooLarge(
                            "metas nested over 1000 deep through the metas they read",
                        ),
                    ));
                }
                open.remove(current);
                placed.insert(current, (cost, depth));
                order.push(index[current]);
                continue;
            }
            if !open.insert(current) {
                return Err(error(current, RuleProblem::MetaCycle));
            }
            stack.push((current, true));
            for read in reads {
                if open.contains(read) {
                    return Err(error(read, RuleProblem::MetaCycle));
                }
                stack.push((read, false));
            }
        }
    }
    Ok(order)
}

impl Definition {
    fn into_rule(self, metas: &Arc<HashMap<String, Arc<meta::Expr>>>) -> Rule {
        let family = self.kind.family();
        let default = if self.name.starts_with("T_") {
            0.01
        } else {
            1.0
        };
        let scores = self
            .scores
            .unwrap_or(Scores::all(if self.nice { -default } else { default }));
        let description = match (self.english, self.french) {
            (Some(english), french) => Localized::new(english.clone(), french.unwrap_or(english)),
            (None, french) => Localized::new(
                "Local rule of this site",
                french.unwrap_or_else(|| "Règle locale de ce site".to_owned()),
            ),
        };
        let text = RuleText {
            description,
            explanation: Localized::new(
                "This test is not one of spamgauge's: it is a local rule of this site's \
                 configuration, written in SpamAssassin's rule language, and the message \
                 matched it.",
                "Ce test n'est pas de spamgauge : c'est une règle locale de la configuration \
                 de ce site, écrite dans le langage de règles de SpamAssassin, et le message \
                 y correspond.",
            ),
            fix: Localized::new(
                "Ask the administrators of the receiving site: the rule and its score are \
                 part of their own configuration.",
                "Adressez-vous aux administrateurs du site destinataire : la règle et son \
                 score font partie de leur propre configuration.",
            ),
        };
        let check = self.kind.into_check(metas);
        Rule::new(self.name, family, scores.0, text, check).flags(self.flags)
    }
}
