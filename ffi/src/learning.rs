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
    CEnum, bytes, c_enum, deref, deref_mut, edit, fail, free, guard, guard_or, into_raw, out_ptr,
    output, output_from, read_or, utf8, write,
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

c_enum!(sg_class { Spam, Ham });

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

c_enum!(sg_event {
    Spam,
    Ham,
    EarlyDisconnect,
    UnknownRecipient,
    AddressProbe,
});

/// Decayed spam, ham and error counts per client, deciding temporary refusals
/// and blocks. Load with `sg_reputation_load`, save with `sg_reputation_save`,
/// free with `sg_reputation_free`. One thread at a time while recording.
pub struct sg_reputation {
    reputation: Reputation,
}

/// Hands out a handle read from stored state: `*out` receives it when `read`
/// succeeds; otherwise the call fails with `code`, the detail saying `what`
/// and why.
///
/// # Safety
/// `out` is NULL or valid for a write.
unsafe fn load<T, E: std::fmt::Display>(
    out: *mut *mut T,
    code: sg_result,
    what: &str,
    read: impl FnOnce() -> Result<T, E>,
) -> Result<(), sg_result> {
    // SAFETY: per the caller's contract.
    unsafe {
        output(out, || {
            let value = read().map_err(|e| fail(code, format!("{what}: {e}")))?;
            Ok(into_raw(value))
        })
    }
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
        let db = || BayesDb::from_bytes(data).map(|db| sg_bayes_db { db });
        // SAFETY: per the caller's contract.
        unsafe {
            load(
                db_out,
                sg_result::InvalidBayesDb,
                "invalid Bayes database",
                db,
            )
        }
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
    // SAFETY: per the caller's contract.
    unsafe { output_from(db, data_out, |db| Ok(sg_buffer::new(db.db.to_bytes()))) }
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
        // SAFETY: per the caller's contract.
        unsafe {
            output(outcome_out, || {
                let class = match sg_class::arg(class)? {
                    sg_class::Spam => Class::Spam,
                    sg_class::Ham => Class::Ham,
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
                Ok(outcome as u32)
            })
        }
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
        // SAFETY: per the caller's contract.
        unsafe {
            output(outcome_out, || {
                let outcome = match db.db.forget(message_tokens(analysis.core())) {
                    ForgetOutcome::Forgotten(_) => sg_learn_outcome::Forgotten,
                    _ => sg_learn_outcome::NotLearned,
                };
                Ok(outcome as u32)
            })
        }
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
        // SAFETY: per the caller's contract.
        unsafe {
            output(removed_out, || {
                let now = Timestamp::from_unix(now);
                if !db.db.expiry_due(now) {
                    return Ok(0);
                }
                let outcome = db.db.expire(now);
                Ok(outcome.expired.saturating_add(outcome.evicted))
            })
        }
    })
}

/// The number of spam messages learned; 0 when `db` is NULL.
///
/// # Safety
/// `db` is NULL or a live database.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_nspam(db: *const sg_bayes_db) -> u32 {
    // SAFETY: per the caller's contract.
    unsafe { read_or(db, 0, |db| Some(db.db.nspam())) }
}

/// The number of ham messages learned; 0 when `db` is NULL.
///
/// # Safety
/// `db` is NULL or a live database.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_nham(db: *const sg_bayes_db) -> u32 {
    // SAFETY: per the caller's contract.
    unsafe { read_or(db, 0, |db| Some(db.db.nham())) }
}

/// Whether enough spam and ham were learned for the BAYES_ tests to run;
/// false when `db` is NULL.
///
/// # Safety
/// `db` is NULL or a live database.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_is_usable(db: *const sg_bayes_db) -> bool {
    // SAFETY: per the caller's contract.
    unsafe { read_or(db, false, |db| Some(db.db.is_usable())) }
}

/// Frees a database. NULL is accepted and ignored.
///
/// # Safety
/// `db` is NULL or came from this library, was not freed yet, and no inputs
/// still borrow it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_bayes_db_free(db: *mut sg_bayes_db) {
    // SAFETY: per the caller's contract.
    unsafe { free(db) };
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
    // SAFETY: per the caller's contract.
    unsafe {
        output_from(analysis, key_out, |analysis| {
            let key = awl::key(analysis.core()).map_or_else(String::new, |key| key.to_string());
            Ok(sg_buffer::new(key.into_bytes()))
        })
    }
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
    // SAFETY: per the caller's contract.
    unsafe {
        output_from(report, updated_out, |report| {
            // SAFETY: per the caller's contract.
            let previous = previous.as_ref().map(sg_awl_entry::core);
            let updated = awl::update(previous, report_core(report));
            Ok(sg_awl_entry {
                count: updated.count,
                total: updated.total,
            })
        })
    }
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
        let state = || serde_json::from_str(json).map(|reputation| sg_reputation { reputation });
        // SAFETY: per the caller's contract.
        unsafe {
            load(
                reputation_out,
                sg_result::InvalidState,
                "invalid reputation state",
                state,
            )
        }
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
    // SAFETY: per the caller's contract.
    unsafe {
        output_from(reputation, json_out, |reputation| {
            sg_buffer::json(&reputation.reputation, "reputation")
        })
    }
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
    // SAFETY: per the caller's contract.
    unsafe {
        edit(reputation, |reputation| {
            // SAFETY: per the caller's contract.
            let key = client_key(utf8(ip, ip_len)?)?;
            let event = match sg_event::arg(event)? {
                sg_event::Spam => Event::Spam,
                sg_event::Ham => Event::Ham,
                sg_event::EarlyDisconnect => Event::EarlyDisconnect,
                sg_event::UnknownRecipient => Event::UnknownRecipient,
                sg_event::AddressProbe => Event::AddressProbe,
            };
            reputation
                .reputation
                .record(&key, event, Timestamp::from_unix(now));
            Ok(())
        })
    }
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
    // SAFETY: per the caller's contract.
    unsafe { free(reputation) };
}
