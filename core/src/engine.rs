//! The engine: rules compiled once from a [`Config`], then any number of
//! messages scored against them, from any number of threads.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::analysis::Analysis;
use crate::config::{Config, Limits, Profile};
use crate::error::{ConfigError, MessageError};
use crate::learning::bayes::Classification;
use crate::learning::{AwlEntry, BayesDb};
use crate::lookups::{self, Question};
use crate::report::action::Decider;
use crate::report::{Hit, Report};
use crate::rules::{self, Rule, RuleContext, ScoreSet};
use crate::time::Timestamp;
use crate::verdicts::{Envelope, Verdicts};

/// What the caller injects for one message: the current time, network verdicts
/// and stored state. Everything is optional; with nothing, score set 0 is used.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct Inputs<'a> {
    /// The current time (the moment the message is received).
    pub now: Option<Timestamp>,
    /// Envelope, authentication results and DNS answers resolved by the caller.
    pub verdicts: Option<&'a Verdicts>,
    /// The Bayes database.
    pub bayes: Option<&'a BayesDb>,
    /// The stored auto-whitelist entry for this message's sender
    /// ([`crate::learning::awl::key`]); `None` for a first message.
    pub awl: Option<AwlEntry>,
    /// Results several tests share, set by [`Engine::score`] for one call.
    pub(crate) scratch: Option<&'a Scratch>,
}

/// What several tests compute from the same message and inputs, done once per
/// [`Engine::score`] call (the inputs, unlike the [`Analysis`], may change
/// between calls).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// The Bayes classification every BAYES_ band reads.
    pub(crate) bayes: OnceLock<Option<Classification>>,
    /// The fraud phrases and forms the advance-fee tests count.
    pub(crate) fraud: OnceLock<rules::FraudFacts>,
    /// Whether the text may name a look-alike diet drug, an anxiety drug,
    /// and a muscle relaxant (found once for the three tests).
    pub(crate) drug_names: OnceLock<(bool, bool, bool)>,
    /// SpamAssassin's `X-Spam-Relays-External` (the caller's client first),
    /// which the relay and header tests read.
    pub(crate) relays_external: OnceLock<String>,
}

impl<'a> Inputs<'a> {
    /// Sets the current time.
    #[must_use]
    pub fn now(mut self, now: Timestamp) -> Self {
        self.now = Some(now);
        self
    }

    /// Sets the network verdicts.
    #[must_use]
    pub fn verdicts(mut self, verdicts: &'a Verdicts) -> Self {
        self.verdicts = Some(verdicts);
        self
    }

    /// Sets the Bayes database.
    #[must_use]
    pub fn bayes(mut self, bayes: &'a BayesDb) -> Self {
        self.bayes = Some(bayes);
        self
    }

    /// Sets the sender's stored auto-whitelist entry.
    #[must_use]
    pub fn awl(mut self, entry: AwlEntry) -> Self {
        self.awl = Some(entry);
        self
    }

    /// The score set these inputs call for (SpamAssassin §0.1).
    #[must_use]
    pub fn score_set(&self) -> ScoreSet {
        ScoreSet::new(
            self.verdicts.is_some_and(Verdicts::is_network),
            self.bayes.is_some_and(BayesDb::is_usable),
        )
    }
}

/// A compiled, immutable set of tests. Build it once, share it by reference.
///
/// ```
/// use spamgauge::{Config, Engine, Inputs};
/// let engine = Engine::new(Config::default())?;
/// let report = engine.check(b"Subject: hi\n\nhello\n", &Inputs::default())?;
/// assert!(report.hits.iter().any(|hit| hit.name == "MISSING_FROM"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Engine {
    rules: Vec<Rule>,
    profile: Profile,
    threshold: f64,
    limits: Limits,
    decider: Decider,
}

impl Engine {
    /// Builds an engine; every configuration value is checked here.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        let rules = rules::for_config(&config)?;
        Self::with_rules(config, rules)
    }

    /// Builds an engine over the given tests instead of the built-in ones.
    pub fn with_rules(config: Config, mut rules: Vec<Rule>) -> Result<Self, ConfigError> {
        config.limits.validate()?;
        let decider = Decider::new(&config)?;
        let threshold = config
            .threshold
            .unwrap_or(config.profile.default_threshold());
        if !threshold.is_finite() {
            return Err(ConfigError::InvalidThreshold(threshold));
        }
        let known: HashSet<&str> = rules.iter().map(|rule| rule.name.as_ref()).collect();
        if let Some(unknown) = config
            .scores
            .keys()
            .chain(config.disabled.iter())
            .find(|name| !known.contains(name.as_str()))
        {
            return Err(ConfigError::UnknownTest(unknown.clone()));
        }
        for rule in &mut rules {
            if let Some(score) = config.scores.get(rule.name.as_ref()) {
                let scores = score.scores();
                if scores.0.iter().any(|s| !s.is_finite()) {
                    return Err(ConfigError::InvalidScore {
                        test: rule.name.to_string(),
                    });
                }
                rule.scores = scores;
            }
        }
        rules.retain(|rule| !config.disabled.contains(rule.name.as_ref()));
        Ok(Self {
            rules,
            profile: config.profile,
            threshold,
            limits: config.limits,
            decider,
        })
    }

    /// The decision threshold.
    #[must_use]
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The profile.
    #[must_use]
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The tests this engine runs, with their effective scores.
    #[must_use]
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The test named `name`, if this engine runs it.
    #[must_use]
    pub fn rule(&self, name: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.name == name)
    }

    /// Phase 1: extracts every fact from a raw message. Call it once per message,
    /// then plan lookups from the result and [`score`](Self::score) it.
    pub fn analyze(&self, raw: &[u8]) -> Result<Analysis, MessageError> {
        Analysis::build_within(raw, &self.limits, &self.decider.setup().boundary)
    }

    /// Between the phases: the DNS questions that matter for this message (DNS
    /// lists for its relays and URIs, sender and recipient domains). Resolve
    /// them, then pass the answers to [`score`](Self::score) in the
    /// [`Verdicts`]. `envelope` is the SMTP envelope when scoring during the
    /// dialogue (its client is then the last external relay), else
    /// `Envelope::default()`. Sorted, without duplicates.
    ///
    /// ```
    /// use spamgauge::{Config, Engine, verdicts::Verdicts};
    /// let engine = Engine::new(Config::default())?;
    /// let analysis = engine.analyze(b"From: a@example.com\r\nSubject: hi\r\n\r\nhi\r\n")?;
    /// let envelope = Verdicts::from_json(r#"{"envelope": {"client_ip": "203.0.113.7"}}"#)?
    ///     .envelope
    ///     .unwrap_or_default();
    /// let questions = engine.lookups(&analysis, &envelope);
    /// assert!(questions.iter().any(|q| q.name == "7.113.0.203.zen.spamhaus.org"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn lookups(&self, analysis: &Analysis, envelope: &Envelope) -> Vec<Question> {
        lookups::plan(analysis, Some(envelope), self.decider.setup(), None)
    }

    /// The questions still to resolve once some are answered: every question
    /// of [`lookups`](Self::lookups), and those that follow from the answers
    /// in `verdicts` (the second round of URI lookups: a URI domain's name
    /// servers, then their addresses, then the block list), less those
    /// `verdicts` already answers. Loop — ask, resolve, add the answers —
    /// until it returns nothing; then [`score`](Self::score).
    ///
    /// ```
    /// use spamgauge::{Config, Engine, verdicts::Verdicts};
    /// let engine = Engine::new(Config::default())?;
    /// let analysis = engine.analyze(b"From: a@example.com\r\n\r\nsee http://shop.example.net/\r\n")?;
    /// let first = engine.follow_up(&analysis, &Verdicts::default());
    /// assert!(first.iter().any(|q| q.name == "example.net" && q.rtype.as_str() == "NS"));
    /// let answered = Verdicts::from_json(r#"{"dns": [
    ///     {"name": "example.net", "type": "NS", "answer": ["ns1.host.example"]}
    /// ]}"#)?;
    /// let next = engine.follow_up(&analysis, &answered);
    /// assert!(next.iter().any(|q| q.name == "ns1.host.example"));
    /// assert!(!next.iter().any(|q| q.name == "example.net" && q.rtype.as_str() == "NS"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn follow_up(&self, analysis: &Analysis, verdicts: &Verdicts) -> Vec<Question> {
        let envelope = verdicts.envelope.clone().unwrap_or_default();
        lookups::plan(
            analysis,
            Some(&envelope),
            self.decider.setup(),
            Some(verdicts),
        )
        .into_iter()
        .filter(|q| verdicts.answer(&q.name, q.rtype).is_none())
        .collect()
    }

    /// Phase 2: runs every test over an analysed message and the caller's inputs.
    pub fn score(&self, analysis: &Analysis, inputs: &Inputs<'_>) -> Report {
        let set = inputs.score_set();
        let scratch = Scratch::default();
        let inputs = &Inputs {
            scratch: Some(&scratch),
            ..*inputs
        };
        let mut hits: Vec<Hit> = Vec::new();
        for rule in &self.rules {
            if rule.scores.get(set) == 0.0
                || (rule.flags.net && !set.network())
                || (rule.flags.learn && !set.bayes())
                || !rule
                    .requires
                    .iter()
                    .all(|dep| hits.iter().any(|hit| hit.name == dep.as_ref()))
            {
                continue;
            }
            let context = RuleContext {
                analysis,
                inputs,
                set,
                hits: &hits,
            };
            if let Some(fired) = (rule.check)(&context) {
                // A sub-rule (`__` name) adds nothing to the total: it
                // only feeds the metas that read it, and is left out of the
                // report.
                let score = if rule.name.starts_with("__") {
                    0.0
                } else {
                    fired.score.unwrap_or(rule.scores.get(set))
                };
                hits.push(Hit::new(rule, score, fired.evidence));
            }
        }
        hits.retain(|hit| !hit.name.starts_with("__"));
        let mut report = Report::new(
            hits,
            self.profile,
            self.threshold,
            set,
            analysis.limits_hit.clone(),
        );
        report.action = self.decider.decide(&report, analysis, inputs, |name| {
            self.rule(name).is_some_and(|rule| rule.flags.rejects)
        });
        report.smtp_reply = report.action.reply.as_ref().map(ToString::to_string);
        report
    }

    /// Both phases at once, for callers with no lookups to make in between.
    pub fn check(&self, raw: &[u8], inputs: &Inputs<'_>) -> Result<Report, MessageError> {
        Ok(self.score(&self.analyze(raw)?, inputs))
    }
}
