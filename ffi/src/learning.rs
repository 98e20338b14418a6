//! State that learns across messages, kept by the caller: the Bayes database
//! (bytes in, bytes out), auto-whitelist entries and the per-client reputation
//! (JSON in, JSON out). The library never stores anything itself.

use std::ffi::c_char;
use std::net::IpAddr;

use spamgauge::Timestamp;
use spamgauge::learning::awl;
use spamgauge::learning::bayes::{Class, ForgetOutcome, LearnOutcome, message_tokens};
use spamgauge::learning::reputation::{Event, ReputationKey, Verdict};
use spamgauge::learning::{AwlEntry, BayesDb, Reputation};

use crate::boundary::{
    bytes, deref, deref_mut, fail, free, guard, guard_or, into_raw, out_ptr, utf8, write,
};
use crate::buffer::sg_buffer;
use crate::engine::sg_analysis;
use crate::report::{report_core, sg_action, sg_report};
use crate::result::sg_result;

/// A Bayes token database. Load it with `sg_bayes_db_load`, save it with
/// `sg_bayes_db_save`; free it with `sg_bayes_db_free`. Learning changes it:
/// use it from one thread at a time while learning (scoring only reads it).
pub struct sg_bayes_db {
    pub(crate) db: BayesDb,
}

/// Spam or ham, for learning (pass as `uint32_t`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_class {
    /// Unwanted mail.
    Spam = 0,
    /// Wanted mail.
    Ham = 1,
}

/// What `sg_bayes_db_learn` and `sg_bayes_db_forget` did.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_learn_outcome {
    /// The message was learned.
    Learned = 0,
    /// It had been learned as the other class: it moved.
    Relearned = 1,
    /// It had already been learned as this class: nothing changed.
    AlreadyLearned = 2,
    /// It has no token: nothing learned.
    NoTokens = 3,
    /// It had been learned and was forgotten.
    Forgotten = 4,
    /// It had not been learned: nothing forgotten.
    NotLearned = 5,
}

/// A sender's auto-whitelist history: how many messages, and the sum of their
/// scores. Stored by the caller under the key `sg_awl_key` gives.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct sg_awl_entry {
    /// Messages scored.
    pub count: u32,
    /// Sum of their scores (before AWL).
    pub total: f64,
}

impl sg_awl_entry {
    pub(crate) fn core(&self) -> AwlEntry {
        AwlEntry {
            count: self.count,
            total: self.total,
        }
    }
}

/// Something that happened with a client, for `sg_reputation_record` (pass as
/// `uint32_t`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_event {
    /// A message judged spam.
    Spam = 0,
    /// A message judged legitimate.
    Ham = 1,
    /// The connection was cut before a message was sent.
    EarlyDisconnect = 2,
    /// A recipient that does not exist.
    UnknownRecipient = 3,
    /// An address-validation probe (RCPT without DATA, VRFY, EXPN).
    AddressProbe = 4,
}

/// Decayed spam, ham and error counts per client, deciding temporary refusals
/// and blocks. Load with `sg_reputation_load`, save with `sg_reputation_save`,
/// free with `sg_reputation_free`. One thread at a time while recording.
pub struct sg_reputation {
    reputation: Reputation,
}

/// An empty Bayes database. Free it with `sg_bayes_db_free`.
#[unsafe(no_mangle)]
pub extern "C" fn sg_bayes_db_new() -> *mut sg_bayes_db {
    guard_or(std::ptr::null_mut(), || {
        Some(into_raw(sg_bayes_db { db: BayesDb::new() }))
    })
}

/// Reads a database saved by `sg_bayes_db_save` (or the Rust API). Corrupt,
/// truncated or foreign bytes give `SG_RESULT_INVALID_BAYES_DB`, with the
/// reason in `sg_last_error_detail`.
///
/// # Safety
/// `data` is valid for reads of `len` bytes; `db_out` for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_load(
    data: *const u8,
    len: usize,
    db_out: *mut *mut sg_bayes_db,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let data = unsafe { bytes(data, len) }?;
        let out = out_ptr(db_out)?;
        let db = BayesDb::from_bytes(data).map_err(|e| {
            fail(
                sg_result::InvalidBayesDb,
                format!("invalid Bayes database: {e}"),
            )
        })?;
        // SAFETY: `out` is non-NULL and writable per the caller.
        unsafe { write(out, into_raw(sg_bayes_db { db })) };
        Ok(())
    })
}

/// The database as bytes, to store; free the buffer with `sg_buffer_free`.
///
/// # Safety
/// `db` is a live database; `data_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_save(
    db: *const sg_bayes_db,
    data_out: *mut *mut sg_buffer,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let db = unsafe { deref(db) }?;
        let out = out_ptr(data_out)?;
        // SAFETY: `out` is non-NULL and writable per the caller.
        unsafe { write(out, sg_buffer::new(db.db.to_bytes())) };
        Ok(())
    })
}

/// Learns an analysed message as spam or ham (an `sg_class` value); `now` is
/// its receive time. `*outcome_out` receives an `sg_learn_outcome`.
///
/// # Safety
/// `db` is a live database no other thread uses; `analysis` is live;
/// `outcome_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_learn(
    db: *mut sg_bayes_db,
    analysis: *const sg_analysis,
    class: u32,
    now: i64,
    outcome_out: *mut u32,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let db = unsafe { deref_mut(db) }?;
        // SAFETY: per the caller's contract.
        let analysis = unsafe { deref(analysis) }?;
        let out = out_ptr(outcome_out)?;
        let class = match class {
            c if c == sg_class::Spam as u32 => Class::Spam,
            c if c == sg_class::Ham as u32 => Class::Ham,
            _ => return Err(sg_result::InvalidParameter),
        };
        let outcome = db.db.learn(
            message_tokens(analysis.core()),
            class,
            Timestamp::from_unix(now),
        );
        let outcome = match outcome {
            LearnOutcome::Learned => sg_learn_outcome::Learned,
            LearnOutcome::Relearned => sg_learn_outcome::Relearned,
            LearnOutcome::AlreadyLearned => sg_learn_outcome::AlreadyLearned,
            _ => sg_learn_outcome::NoTokens,
        };
        // SAFETY: `out` is non-NULL and writable per the caller.
        unsafe { write(out, outcome as u32) };
        Ok(())
    })
}

/// Forgets a message learned earlier. `*outcome_out` receives
/// `SG_LEARN_OUTCOME_FORGOTTEN` or `SG_LEARN_OUTCOME_NOT_LEARNED`.
///
/// # Safety
/// As `sg_bayes_db_learn`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_forget(
    db: *mut sg_bayes_db,
    analysis: *const sg_analysis,
    outcome_out: *mut u32,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let db = unsafe { deref_mut(db) }?;
        // SAFETY: per the caller's contract.
        let analysis = unsafe { deref(analysis) }?;
        let out = out_ptr(outcome_out)?;
        let outcome = match db.db.forget(message_tokens(analysis.core())) {
            ForgetOutcome::Forgotten(_) => sg_learn_outcome::Forgotten,
            _ => sg_learn_outcome::NotLearned,
        };
        // SAFETY: `out` is non-NULL and writable per the caller.
        unsafe { write(out, outcome as u32) };
        Ok(())
    })
}

/// Drops tokens unseen for long (SpamAssassin's expiry), when due at `now`;
/// `*removed_out` receives the number of tokens removed (0 when not due).
///
/// # Safety
/// `db` is a live database no other thread uses; `removed_out` is valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_expire(
    db: *mut sg_bayes_db,
    now: i64,
    removed_out: *mut usize,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let db = unsafe { deref_mut(db) }?;
        let out = out_ptr(removed_out)?;
        let now = Timestamp::from_unix(now);
        let removed = if db.db.expiry_due(now) {
            let outcome = db.db.expire(now);
            outcome.expired.saturating_add(outcome.evicted)
        } else {
            0
        };
        // SAFETY: `out` is non-NULL and writable per the caller.
        unsafe { write(out, removed) };
        Ok(())
    })
}

/// The number of spam messages learned; 0 when `db` is NULL.
///
/// # Safety
/// `db` is NULL or a live database.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_nspam(db: *const sg_bayes_db) -> u32 {
    // SAFETY: per the caller's contract.
    guard_or(0, || unsafe { db.as_ref() }.map(|db| db.db.nspam()))
}

/// The number of ham messages learned; 0 when `db` is NULL.
///
/// # Safety
/// `db` is NULL or a live database.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_nham(db: *const sg_bayes_db) -> u32 {
    // SAFETY: per the caller's contract.
    guard_or(0, || unsafe { db.as_ref() }.map(|db| db.db.nham()))
}

/// Whether enough spam and ham were learned for the BAYES_ tests to run;
/// false when `db` is NULL.
///
/// # Safety
/// `db` is NULL or a live database.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_is_usable(db: *const sg_bayes_db) -> bool {
    // SAFETY: per the caller's contract.
    guard_or(false, || unsafe { db.as_ref() }.map(|db| db.db.is_usable()))
}

/// Frees a database. NULL is accepted and ignored.
///
/// # Safety
/// `db` is NULL or came from this library, was not freed yet, and no inputs
/// still borrow it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_free(db: *mut sg_bayes_db) {
    guard_or((), || {
        // SAFETY: per the caller's contract.
        unsafe { free(db) };
        Some(())
    });
}

/// The key under which to store this message's sender's auto-whitelist entry
/// (its address and client network, as SpamAssassin forms it), as text; an
/// empty buffer when the message has no usable sender. Free with
/// `sg_buffer_free`.
///
/// # Safety
/// `analysis` is live; `key_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_awl_key(
    analysis: *const sg_analysis,
    key_out: *mut *mut sg_buffer,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let analysis = unsafe { deref(analysis) }?;
        let out = out_ptr(key_out)?;
        let key = awl::key(analysis.core()).map_or_else(String::new, |key| key.to_string());
        // SAFETY: `out` is non-NULL and writable per the caller.
        unsafe { write(out, sg_buffer::new(key.into_bytes())) };
        Ok(())
    })
}

/// The auto-whitelist entry to store after scoring: `previous` (NULL for a
/// first message) plus this report's score before AWL.
///
/// # Safety
/// `report` is live; `previous` is NULL or valid for reads; `updated_out` is
/// valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_awl_update(
    report: *const sg_report,
    previous: *const sg_awl_entry,
    updated_out: *mut sg_awl_entry,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let report = unsafe { deref(report) }?;
        let out = out_ptr(updated_out)?;
        // SAFETY: per the caller's contract.
        let previous = unsafe { previous.as_ref() }.map(sg_awl_entry::core);
        let updated = awl::update(previous, report_core(report));
        let updated = sg_awl_entry {
            count: updated.count,
            total: updated.total,
        };
        // SAFETY: `out` is non-NULL and writable per the caller.
        unsafe { write(out, updated) };
        Ok(())
    })
}

/// An empty reputation state with the default settings. Free it with
/// `sg_reputation_free`.
#[unsafe(no_mangle)]
pub extern "C" fn sg_reputation_new() -> *mut sg_reputation {
    guard_or(std::ptr::null_mut(), || {
        Some(into_raw(sg_reputation {
            reputation: Reputation::default(),
        }))
    })
}

/// Reads a state saved by `sg_reputation_save` (JSON, UTF-8);
/// `SG_RESULT_INVALID_STATE` when it cannot be read.
///
/// # Safety
/// `json` is valid for reads of `json_len` bytes; `reputation_out` for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_reputation_load(
    json: *const c_char,
    json_len: usize,
    reputation_out: *mut *mut sg_reputation,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let json = unsafe { utf8(json, json_len) }?;
        let out = out_ptr(reputation_out)?;
        let reputation: Reputation = serde_json::from_str(json).map_err(|e| {
            fail(
                sg_result::InvalidState,
                format!("invalid reputation state: {e}"),
            )
        })?;
        // SAFETY: `out` is non-NULL and writable per the caller.
        unsafe { write(out, into_raw(sg_reputation { reputation })) };
        Ok(())
    })
}

/// The state as JSON, to store; free the buffer with `sg_buffer_free`.
///
/// # Safety
/// `reputation` is live; `json_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_reputation_save(
    reputation: *const sg_reputation,
    json_out: *mut *mut sg_buffer,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let reputation = unsafe { deref(reputation) }?;
        let out = out_ptr(json_out)?;
        let json = serde_json::to_vec(&reputation.reputation)
            .map_err(|e| fail(sg_result::Panic, format!("reputation serialisation: {e}")))?;
        // SAFETY: `out` is non-NULL and writable per the caller.
        unsafe { write(out, sg_buffer::new(json)) };
        Ok(())
    })
}

fn client_key(ip: &str) -> Result<ReputationKey, sg_result> {
    ip.parse::<IpAddr>().map(ReputationKey::ip).map_err(|e| {
        fail(
            sg_result::InvalidParameter,
            format!("client IP {ip:?}: {e}"),
        )
    })
}

/// Records an event (an `sg_event` value) for the client `ip` (IPv4 or IPv6
/// text) at `now`.
///
/// # Safety
/// `reputation` is live and used by this thread only; `ip` is valid for reads
/// of `ip_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_reputation_record(
    reputation: *mut sg_reputation,
    ip: *const c_char,
    ip_len: usize,
    event: u32,
    now: i64,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let reputation = unsafe { deref_mut(reputation) }?;
        // SAFETY: per the caller's contract.
        let key = client_key(unsafe { utf8(ip, ip_len) }?)?;
        let event = match event {
            e if e == sg_event::Spam as u32 => Event::Spam,
            e if e == sg_event::Ham as u32 => Event::Ham,
            e if e == sg_event::EarlyDisconnect as u32 => Event::EarlyDisconnect,
            e if e == sg_event::UnknownRecipient as u32 => Event::UnknownRecipient,
            e if e == sg_event::AddressProbe as u32 => Event::AddressProbe,
            _ => return Err(sg_result::InvalidParameter),
        };
        reputation
            .reputation
            .record(&key, event, Timestamp::from_unix(now));
        Ok(())
    })
}

/// Judges the client `ip` at `now`, before its message counts:
/// `*action_out` receives an `sg_action` (accept, tempfail while its recent
/// errors decay, reject while it is blocked) and `*reply_out` the SMTP reply to
/// give (an empty buffer when accepting; free it with `sg_buffer_free`).
///
/// # Safety
/// `reputation` is live; `ip` is valid for reads of `ip_len` bytes; both
/// outputs are valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_reputation_check(
    reputation: *const sg_reputation,
    ip: *const c_char,
    ip_len: usize,
    now: i64,
    action_out: *mut u32,
    reply_out: *mut *mut sg_buffer,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let reputation = unsafe { deref(reputation) }?;
        // SAFETY: per the caller's contract.
        let key = client_key(unsafe { utf8(ip, ip_len) }?)?;
        let action = out_ptr(action_out)?;
        let reply = out_ptr(reply_out)?;
        let verdict = reputation.reputation.check(&key, Timestamp::from_unix(now));
        let kind = match verdict {
            Verdict::Accept => sg_action::Accept,
            Verdict::TempFail { .. } => sg_action::Tempfail,
            _ => sg_action::Reject,
        };
        let text = verdict.reply().unwrap_or_default();
        // SAFETY: both are non-NULL and writable per the caller.
        unsafe {
            write(action, kind as u32);
            write(reply, sg_buffer::new(text.into_bytes()));
        }
        Ok(())
    })
}

/// Frees a reputation state. NULL is accepted and ignored.
///
/// # Safety
/// `reputation` is NULL or came from this library and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_reputation_free(reputation: *mut sg_reputation) {
    guard_or((), || {
        // SAFETY: per the caller's contract.
        unsafe { free(reputation) };
        Some(())
    });
}
