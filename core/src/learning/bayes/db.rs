//! The token database: counts per token, learning, forgetting, expiry and
//! classification (sa-semantics §3.1, §3.5–§3.7, §3.10).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::classifier::{self, MAX_SIGNIFICANT_TOKENS, MIN_PROB_STRENGTH};
use super::token_map::TokenMap;
use super::tokenizer::{TokenHash, Tokens};
use crate::time::Timestamp;

/// Spam or ham, for learning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Unwanted mail.
    Spam,
    /// Wanted mail.
    Ham,
}

impl Class {
    /// The other class.
    #[must_use]
    pub const fn other(self) -> Self {
        match self {
            Class::Spam => Class::Ham,
            Class::Ham => Class::Spam,
        }
    }
}

/// What the database knows about one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TokenEntry {
    /// Learned spam messages that contained it.
    pub spam: u32,
    /// Learned ham messages that contained it.
    pub ham: u32,
    /// When it was last learned or last helped a verdict (Unix seconds).
    pub atime: i64,
}

/// Settings that are not stored with the data: the caller's policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct BayesSettings {
    /// Spam messages to learn before Bayes gives a verdict. The default value
    /// is 200 (SpamAssassin's `bayes_min_spam_num`).
    pub min_spam: u32,
    /// Ham messages to learn before Bayes gives a verdict. The default value
    /// is 200 (`bayes_min_ham_num`).
    pub min_ham: u32,
    /// Token count at which expiry becomes due. The default value is 150,000
    /// (`bayes_expiry_max_db_size`).
    pub max_tokens: usize,
    /// Expiry never goes below this many tokens. The default value is 100,000
    /// (SpamAssassin's fixed floor).
    pub min_tokens_kept: usize,
}

impl Default for BayesSettings {
    fn default() -> Self {
        Self {
            min_spam: 200,
            min_ham: 200,
            max_tokens: 150_000,
            min_tokens_kept: 100_000,
        }
    }
}

impl BayesSettings {
    /// The number of tokens expiry aims to keep: 75 % of `max_tokens`, at
    /// least `min_tokens_kept`.
    #[must_use]
    pub fn expiry_target(&self) -> usize {
        (self.max_tokens / 4 * 3).max(self.min_tokens_kept)
    }

    /// Expiry runs only when it would remove at least this many tokens
    /// (SpamAssassin: 1,000 at the default size; scaled down for small
    /// databases).
    fn min_reduction(&self) -> usize {
        (self.max_tokens / 150).clamp(1, 1000)
    }
}

/// What learning one message did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LearnOutcome {
    /// The message was learned.
    Learned,
    /// The message had been learned as the other class: it moved.
    Relearned,
    /// The message had already been learned as this class: nothing changed.
    AlreadyLearned,
    /// The message has no token: nothing to learn.
    NoTokens,
}

/// What forgetting one message did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ForgetOutcome {
    /// The message had been learned as this class and was forgotten.
    Forgotten(Class),
    /// The message had not been learned: nothing changed.
    NotLearned,
}

/// What an expiry run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExpiryOutcome {
    /// Tokens removed because they had not been seen for `delta` seconds.
    pub expired: usize,
    /// The age threshold used, in seconds (0 if the age-based pass did not run).
    pub delta: i64,
    /// Tokens removed afterwards, oldest first, to get back under
    /// `max_tokens` (SpamAssassin has no such pass and may stay above).
    pub evicted: usize,
}

/// One token that took part in a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UsedToken {
    /// Its hash.
    pub hash: TokenHash,
    /// Its text, lossily decoded.
    pub text: String,
    /// Its probability of being spam.
    pub probability: f64,
    /// Its counts.
    pub entry: TokenEntry,
}

/// The Bayes verdict on one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Classification {
    /// Probability that the message is spam, 0 … 1.
    pub probability: f64,
    /// Unique tokens in the message.
    pub tokens: usize,
    /// Of those, tokens the database knows.
    pub known: usize,
    /// The significant tokens that were combined, most significant first.
    pub used: Vec<UsedToken>,
}

/// A Bayes token database, held in memory; see the [module](super) docs for
/// the byte format that stores it.
///
/// ```
/// use spamgauge::learning::bayes::{BayesDb, Class, Tokens};
/// use spamgauge::Timestamp;
/// let mut db = BayesDb::new();
/// let message = Tokens::from_strings(["cheap", "pills"], 1);
/// db.learn(&message, Class::Spam, Timestamp::from_unix(0));
/// assert_eq!(db.nspam(), 1);
/// assert!(!db.is_usable()); // 200 spam and 200 ham are needed first
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BayesDb {
    pub(super) tokens: TokenMap<TokenEntry>,
    pub(super) nspam: u32,
    pub(super) nham: u32,
    pub(super) seen: HashMap<u64, Class>,
    pub(super) last_expire: i64,
    pub(super) last_expire_delta: i64,
    pub(super) last_expire_reduce: u32,
    pub(super) settings: BayesSettings,
}

/// Twelve hours: SpamAssassin's expiry unit.
const HALF_DAY: i64 = 43_200;

impl BayesDb {
    /// An empty database with the default settings.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the settings (they are not stored in the bytes).
    #[must_use]
    pub fn with_settings(mut self, settings: BayesSettings) -> Self {
        self.settings = settings;
        self
    }

    /// The settings.
    #[must_use]
    pub fn settings(&self) -> &BayesSettings {
        &self.settings
    }

    /// Whether enough spam and ham were learned for a verdict (switches on
    /// score sets 2 and 3).
    #[must_use]
    pub fn is_usable(&self) -> bool {
        self.nspam >= self.settings.min_spam && self.nham >= self.settings.min_ham
    }

    /// Spam messages learned.
    #[must_use]
    pub fn nspam(&self) -> u32 {
        self.nspam
    }

    /// Ham messages learned.
    #[must_use]
    pub fn nham(&self) -> u32 {
        self.nham
    }

    /// Distinct tokens stored.
    #[must_use]
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether no token is stored.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The entry of one token.
    #[must_use]
    pub fn token(&self, hash: TokenHash) -> Option<TokenEntry> {
        self.tokens.get(&hash).copied()
    }

    /// The class a message was learned as, by [`Tokens::message_id`].
    #[must_use]
    pub fn learned_as(&self, message_id: u64) -> Option<Class> {
        self.seen.get(&message_id).copied()
    }

    /// The first of the message's [lookup keys](Tokens::lookup_keys) that is
    /// recorded, with the class recorded.
    fn recorded(&self, tokens: &Tokens) -> Option<(u64, Class)> {
        tokens
            .lookup_keys()
            .find_map(|key| self.seen.get(&key).map(|&class| (key, class)))
    }

    /// Learns a message as `class`; `atime` is its receive time. Learning the
    /// same message again as the same class changes nothing; as the other
    /// class, it moves. "The same message" is SpamAssassin's: one recorded
    /// under any of its [lookup keys](Tokens::lookup_keys); it is recorded
    /// under its [`message_id`](Tokens::message_id).
    pub fn learn(&mut self, tokens: &Tokens, class: Class, atime: Timestamp) -> LearnOutcome {
        if tokens.is_empty() {
            return LearnOutcome::NoTokens;
        }
        let outcome = match self.recorded(tokens) {
            Some((_, learned)) if learned == class => return LearnOutcome::AlreadyLearned,
            Some((key, learned)) => {
                self.seen.remove(&key);
                self.remove_counts(tokens, learned);
                LearnOutcome::Relearned
            }
            None => LearnOutcome::Learned,
        };
        for (hash, _) in tokens.iter() {
            let entry = self.tokens.entry(hash).or_default();
            match class {
                Class::Spam => entry.spam = entry.spam.saturating_add(1),
                Class::Ham => entry.ham = entry.ham.saturating_add(1),
            }
            entry.atime = entry.atime.max(atime.unix());
        }
        match class {
            Class::Spam => self.nspam = self.nspam.saturating_add(1),
            Class::Ham => self.nham = self.nham.saturating_add(1),
        }
        self.seen.insert(tokens.message_id(), class);
        outcome
    }

    /// Forgets a message learned earlier (the same tokens must be given).
    pub fn forget(&mut self, tokens: &Tokens) -> ForgetOutcome {
        match self.recorded(tokens) {
            Some((key, class)) => {
                self.seen.remove(&key);
                self.remove_counts(tokens, class);
                ForgetOutcome::Forgotten(class)
            }
            None => ForgetOutcome::NotLearned,
        }
    }

    fn remove_counts(&mut self, tokens: &Tokens, class: Class) {
        for (hash, _) in tokens.iter() {
            if let Some(entry) = self.tokens.get_mut(&hash) {
                match class {
                    Class::Spam => entry.spam = entry.spam.saturating_sub(1),
                    Class::Ham => entry.ham = entry.ham.saturating_sub(1),
                }
                if entry.spam == 0 && entry.ham == 0 {
                    self.tokens.remove(&hash);
                }
            }
        }
        match class {
            Class::Spam => self.nspam = self.nspam.saturating_sub(1),
            Class::Ham => self.nham = self.nham.saturating_sub(1),
        }
    }

    /// Bayes' verdict on a message: `None` when the database is not usable,
    /// knows none of the tokens, or none is significant (then no BAYES_ test
    /// fires).
    #[must_use]
    pub fn classify(&self, tokens: &Tokens) -> Option<Classification> {
        if !self.is_usable() {
            return None;
        }
        let mut known = 0;
        // Significant tokens: (strength, probability, hash, entry).
        let mut candidates: Vec<(f64, f64, TokenHash, TokenEntry)> = Vec::new();
        for (hash, _) in tokens.iter() {
            let Some(entry) = self.tokens.get(&hash) else {
                continue;
            };
            known += 1;
            let Some(p) =
                classifier::token_probability(entry.spam, entry.ham, self.nspam, self.nham)
            else {
                continue;
            };
            // Weak tokens would be dropped after the selection below; as
            // they rank after every strong one, dropping them first leaves
            // the same tokens, and fewer to sort.
            let strength = (p - 0.5).abs();
            if strength >= MIN_PROB_STRENGTH {
                candidates.push((strength, p, hash, *entry));
            }
        }
        // Most significant first; ties broken by hash so the verdict does
        // not depend on map order. Only the first MAX_SIGNIFICANT_TOKENS are
        // kept: select them, then sort those alone.
        let order = |a: &(f64, f64, TokenHash, TokenEntry),
                     b: &(f64, f64, TokenHash, TokenEntry)| {
            b.0.total_cmp(&a.0).then(a.2.cmp(&b.2))
        };
        if candidates.len() > MAX_SIGNIFICANT_TOKENS {
            candidates.select_nth_unstable_by(MAX_SIGNIFICANT_TOKENS, order);
            candidates.truncate(MAX_SIGNIFICANT_TOKENS);
        }
        candidates.sort_unstable_by(order);
        let probabilities: Vec<f64> = candidates.iter().map(|c| c.1).collect();
        let probability = classifier::combine(self.nspam, self.nham, &probabilities)?;
        Some(Classification {
            probability,
            tokens: tokens.len(),
            known,
            used: candidates
                .into_iter()
                .map(|(_, probability, hash, entry)| UsedToken {
                    hash,
                    text: tokens
                        .text(hash)
                        .map(|t| String::from_utf8_lossy(t).into_owned())
                        .unwrap_or_default(),
                    probability,
                    entry,
                })
                .collect(),
        })
    }

    /// Marks tokens as recently useful (SpamAssassin updates the access time
    /// of the tokens a verdict used, so expiry keeps them). Call it with
    /// [`Classification::used`] after scoring, then store the database.
    pub fn touch(&mut self, hashes: impl IntoIterator<Item = TokenHash>, atime: Timestamp) {
        for hash in hashes {
            if let Some(entry) = self.tokens.get_mut(&hash) {
                entry.atime = entry.atime.max(atime.unix());
            }
        }
    }

    fn atime_range(&self) -> Option<(i64, i64)> {
        let mut atimes = self.tokens.values().map(|entry| entry.atime);
        let first = atimes.next()?;
        Some(atimes.fold((first, first), |(lo, hi), t| (lo.min(t), hi.max(t))))
    }

    /// Whether an expiry run is due at `now` (SpamAssassin's `bayes_auto_expire`
    /// conditions: 12 h since the last run, more tokens than `max_tokens` and
    /// than the floor, and at least 12 h between the oldest and newest token).
    #[must_use]
    pub fn expiry_due(&self, now: Timestamp) -> bool {
        let Some((oldest, newest)) = self.atime_range() else {
            return false;
        };
        now.unix().saturating_sub(self.last_expire) >= HALF_DAY
            && self.tokens.len() > self.settings.min_tokens_kept
            && self.tokens.len() >= self.settings.max_tokens
            && newest.saturating_sub(oldest) >= HALF_DAY
    }

    /// Removes old tokens (sa-semantics §3.10), then, unlike SpamAssassin,
    /// evicts the oldest ones if the database is still above `max_tokens`, so
    /// that its size stays bounded.
    pub fn expire(&mut self, now: Timestamp) -> ExpiryOutcome {
        let mut outcome = ExpiryOutcome::default();
        let target = self.settings.expiry_target();
        let Some((_, newest)) = self.atime_range() else {
            return outcome;
        };
        let goal = self.tokens.len().saturating_sub(target);
        let min_reduction = self.settings.min_reduction();
        if let Some(delta) = (goal >= min_reduction)
            .then(|| self.expiry_delta(now, newest, goal, min_reduction))
            .flatten()
        {
            let cutoff = newest.saturating_sub(delta);
            let remaining = self.tokens.values().filter(|e| e.atime >= cutoff).count();
            if remaining >= self.settings.min_tokens_kept.min(target) {
                let before = self.tokens.len();
                self.tokens.retain(|_, entry| entry.atime >= cutoff);
                outcome.expired = before - self.tokens.len();
                outcome.delta = delta;
                self.last_expire = now.unix();
                self.last_expire_delta = delta;
                self.last_expire_reduce = u32::try_from(outcome.expired).unwrap_or(u32::MAX);
            }
        }
        if self.tokens.len() > self.settings.max_tokens {
            let mut by_age: Vec<(i64, u64, TokenHash)> = self
                .tokens
                .iter()
                .map(|(hash, e)| (e.atime, u64::from(e.spam) + u64::from(e.ham), *hash))
                .collect();
            by_age.sort_unstable();
            let excess = self.tokens.len() - target;
            for (_, _, hash) in by_age.into_iter().take(excess) {
                self.tokens.remove(&hash);
            }
            outcome.evicted = excess;
            self.last_expire = now.unix();
        }
        outcome
    }

    /// The age beyond which tokens go: estimated from the previous run when
    /// it is recent and comparable, else the largest power-of-two multiple
    /// of 12 h that removes no more than the goal.
    fn expiry_delta(&self, now: Timestamp, newest: i64, goal: usize, min: usize) -> Option<i64> {
        let previous_reduce = self.last_expire_reduce as usize;
        if now.unix().saturating_sub(self.last_expire) < 30 * 86_400
            && self.last_expire_delta >= HALF_DAY
            && previous_reduce >= min
        {
            let ratio = previous_reduce as f64 / goal as f64;
            let estimate = (self.last_expire_delta as f64 * ratio) as i64;
            if estimate >= HALF_DAY && (1.0 / 1.5..=1.5).contains(&ratio) {
                return Some(estimate);
            }
        }
        let count = |i: u32| {
            let age = HALF_DAY << i;
            self.tokens
                .values()
                .filter(|e| newest.saturating_sub(e.atime) >= age)
                .count()
        };
        let counts: Vec<usize> = (0..10).map(count).collect();
        let chosen = counts
            .iter()
            .rposition(|&c| c > goal)
            .map_or(0, |i| (i + 1).min(9));
        (counts[chosen] >= min).then_some(HALF_DAY << chosen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(words: &[&str], id: u64) -> Tokens {
        Tokens::from_strings(words, id)
    }

    fn usable_db() -> BayesDb {
        let mut db = BayesDb::new().with_settings(BayesSettings {
            min_spam: 2,
            min_ham: 2,
            ..BayesSettings::default()
        });
        let t = Timestamp::from_unix(1_000);
        db.learn(&message(&["viagra", "cheap", "meeting"], 1), Class::Spam, t);
        db.learn(&message(&["viagra", "cheap", "pills"], 2), Class::Spam, t);
        db.learn(&message(&["meeting", "agenda", "lunch"], 3), Class::Ham, t);
        db.learn(&message(&["agenda", "lunch", "report"], 4), Class::Ham, t);
        db
    }

    #[test]
    fn learning_is_idempotent_and_moves_between_classes() {
        let mut db = usable_db();
        let before = db.clone();
        let again = message(&["viagra", "cheap", "meeting"], 1);
        assert_eq!(
            db.learn(&again, Class::Spam, Timestamp::from_unix(1_000)),
            LearnOutcome::AlreadyLearned
        );
        assert_eq!(db, before);
        assert_eq!(
            db.learn(&again, Class::Ham, Timestamp::from_unix(1_000)),
            LearnOutcome::Relearned
        );
        assert_eq!((db.nspam(), db.nham()), (1, 3));
        let meeting = db.token(super::super::token_hash(b"meeting")).unwrap();
        assert_eq!((meeting.spam, meeting.ham), (0, 2));
        assert_eq!(db.learned_as(1), Some(Class::Ham));
    }

    #[test]
    fn a_message_recorded_under_its_message_id_is_found() {
        // As a database written by an older SpamAssassin: the message is
        // recorded under the key of its Message-ID only.
        let mut db = usable_db();
        let tokens = message(&["viagra", "pills"], 30).with_header_message_id(3);
        assert_eq!(
            db.learn(&tokens, Class::Ham, Timestamp::from_unix(1_000)),
            LearnOutcome::AlreadyLearned
        );
        assert_eq!(
            db.learn(&tokens, Class::Spam, Timestamp::from_unix(1_000)),
            LearnOutcome::Relearned
        );
        // Moved: now recorded under the generated key only.
        assert_eq!(
            (db.learned_as(3), db.learned_as(30)),
            (None, Some(Class::Spam))
        );
        assert_eq!(db.forget(&tokens), ForgetOutcome::Forgotten(Class::Spam));
        assert_eq!(db.forget(&tokens), ForgetOutcome::NotLearned);
    }

    #[test]
    fn forget_undoes_learn() {
        let mut db = usable_db();
        let before = db.clone();
        let extra = message(&["brand", "new", "words"], 9);
        db.learn(&extra, Class::Spam, Timestamp::from_unix(5_000));
        assert_eq!(db.forget(&extra), ForgetOutcome::Forgotten(Class::Spam));
        assert_eq!(db, before);
        assert_eq!(db.forget(&extra), ForgetOutcome::NotLearned);
        assert_eq!(
            db.learn(&message(&[], 10), Class::Ham, Timestamp::from_unix(0)),
            LearnOutcome::NoTokens
        );
    }

    #[test]
    fn classify_separates_and_needs_enough_learning() {
        let db = usable_db();
        let spammy = db
            .classify(&message(&["viagra", "cheap", "unknown"], 20))
            .unwrap();
        assert!(spammy.probability > 0.9, "{spammy:?}");
        assert_eq!(spammy.known, 2);
        assert_eq!(spammy.used.len(), 2);
        let hammy = db.classify(&message(&["agenda", "lunch"], 21)).unwrap();
        assert!(hammy.probability < 0.1, "{hammy:?}");
        // Only unknown or neutral tokens: no verdict.
        assert!(db.classify(&message(&["nothing", "known"], 22)).is_none());
        assert!(db.classify(&message(&["meeting"], 23)).is_none());
        // Not enough learned: no verdict at all.
        let default = BayesDb {
            settings: BayesSettings::default(),
            ..db
        };
        assert!(!default.is_usable());
        assert!(default.classify(&message(&["viagra"], 24)).is_none());
    }

    #[test]
    fn expiry_keeps_the_database_bounded() {
        let settings = BayesSettings {
            min_spam: 1,
            min_ham: 1,
            max_tokens: 300,
            min_tokens_kept: 100,
        };
        let mut db = BayesDb::new().with_settings(settings);
        // 40 days of messages, 10 fresh tokens a day.
        for day in 0..40i64 {
            let words: Vec<String> = (0..10).map(|i| format!("day{day}word{i}")).collect();
            let tokens = Tokens::from_strings(&words, day as u64);
            db.learn(&tokens, Class::Ham, Timestamp::from_unix(day * 86_400));
        }
        assert_eq!(db.len(), 400);
        let now = Timestamp::from_unix(40 * 86_400);
        assert!(db.expiry_due(now));
        let outcome = db.expire(now);
        assert!(db.len() <= 300, "{outcome:?} left {}", db.len());
        assert!(db.len() >= 100);
        assert!(outcome.expired > 0);
        // The newest tokens survive.
        assert!(db.token(super::super::token_hash(b"day39word0")).is_some());
        assert!(db.token(super::super::token_hash(b"day0word0")).is_none());
        assert!(!db.expiry_due(now));
    }

    #[test]
    fn eviction_bounds_a_database_with_one_atime() {
        let settings = BayesSettings {
            min_spam: 1,
            min_ham: 1,
            max_tokens: 100,
            min_tokens_kept: 10,
        };
        let mut db = BayesDb::new().with_settings(settings);
        let words: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        db.learn(
            &Tokens::from_strings(&words, 1),
            Class::Spam,
            Timestamp::from_unix(0),
        );
        // All tokens are the same age: the age pass cannot help, eviction does.
        let outcome = db.expire(Timestamp::from_unix(86_400));
        assert_eq!(outcome.expired, 0);
        assert_eq!(outcome.evicted, 125);
        assert_eq!(db.len(), 75);
    }
}
