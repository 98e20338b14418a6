//! State that learns across messages — Bayes, auto-whitelist, per-IP
//! reputation — kept outside the pure core: it comes in as data and the updated
//! state goes back out for the caller to store, with `now` injected.
//!
//! * [`bayes`] — SpamAssassin's Bayes tokenizer, classifier and token
//!   database ([`BayesDb`]), with a versioned byte format.
//! * [`awl`] — SpamAssassin's auto-whitelist: the caller looks up the stored
//!   [`AwlEntry`] for [`awl::key`], passes it in [`Inputs::awl`](crate::Inputs::awl)
//!   and stores [`awl::update`]'s result.
//! * [`reputation`] — per-IP (and per-account) counts of spam, ham and SMTP
//!   errors with exponential decay, deciding temporary refusals and blocks.

pub mod awl;
pub mod bayes;
pub mod reputation;

pub use awl::{AwlEntry, AwlKey};
pub use bayes::BayesDb;
pub use reputation::Reputation;
