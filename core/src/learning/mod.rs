//! State that learns across messages — Bayes, auto-whitelist, per-IP
//! reputation — kept outside the pure core: it comes in as data and the updated
//! state goes back out for the caller to store.

/// A Bayes token database.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct BayesDb {}

impl BayesDb {
    /// Whether enough spam and ham were learned for a verdict.
    #[must_use]
    pub fn is_usable(&self) -> bool {
        false
    }
}
