//! What the caller injects for one message: the current time, the verdicts it
//! resolved (envelope, authentication results, DNS answers; as JSON or with
//! typed setters), the Bayes database and the sender's auto-whitelist entry.

use std::ffi::c_char;
use std::net::IpAddr;

use serde::de::DeserializeOwned;
use spamgauge::learning::AwlEntry;
use spamgauge::verdicts::{
    Answer, DkimSignature, Dmarc, DnsAnswer, Envelope, RecordType, Verdicts,
};
use spamgauge::{Inputs, Timestamp};

use crate::boundary::{edit, fail, free, guard_or, into_raw, utf8};
use crate::learning::{sg_awl_entry, sg_bayes_db};
use crate::result::sg_result;

/// The inputs for scoring one message; empty when new. Reuse it for several
/// messages or make one per message. Not thread-safe: one thread at a time.
pub struct sg_inputs {
    now: Option<Timestamp>,
    verdicts: Option<Verdicts>,
    /// Borrowed from the caller (see `sg_inputs_set_bayes`).
    bayes: *const sg_bayes_db,
    awl: Option<AwlEntry>,
}

impl sg_inputs {
    /// The core's view of these inputs.
    ///
    /// # Safety
    /// The Bayes database set with `sg_inputs_set_bayes`, if any, is still alive
    /// and not modified during `'a` (the caller's documented contract).
    pub(crate) unsafe fn as_inputs(&self) -> Inputs<'_> {
        let mut inputs = Inputs::default();
        if let Some(now) = self.now {
            inputs = inputs.now(now);
        }
        if let Some(verdicts) = &self.verdicts {
            inputs = inputs.verdicts(verdicts);
        }
        // SAFETY: per this function's contract.
        if let Some(db) = unsafe { self.bayes.as_ref() } {
            inputs = inputs.bayes(&db.db);
        }
        if let Some(entry) = self.awl {
            inputs = inputs.awl(entry);
        }
        inputs
    }

    /// The verdicts given so far, if any.
    pub(crate) fn verdicts(&self) -> Option<&Verdicts> {
        self.verdicts.as_ref()
    }

    /// The envelope given so far, or an empty one.
    pub(crate) fn envelope(&self) -> Envelope {
        self.verdicts
            .as_ref()
            .and_then(|verdicts| verdicts.envelope.clone())
            .unwrap_or_default()
    }
}

/// Empty inputs: no time, no verdicts (score set 0). Free with `sg_inputs_free`.
#[unsafe(no_mangle)]
pub extern "C" fn sg_inputs_new() -> *mut sg_inputs {
    guard_or(std::ptr::null_mut(), || {
        Some(into_raw(sg_inputs {
            now: None,
            verdicts: None,
            bayes: std::ptr::null(),
            awl: None,
        }))
    })
}

/// Frees inputs. NULL is accepted and ignored. A Bayes database set with
/// `sg_inputs_set_bayes` is not freed (it belongs to the caller).
///
/// # Safety
/// `inputs` is NULL or came from this library and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_free(inputs: *mut sg_inputs) {
    // SAFETY: per the caller's contract.
    unsafe { free(inputs) };
}

/// Runs `change` on the inputs, which cannot fail.
///
/// # Safety
/// `inputs` is NULL or live inputs used by this thread only.
unsafe fn set(inputs: *mut sg_inputs, change: impl FnOnce(&mut sg_inputs)) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit(inputs, |inputs| {
            change(inputs);
            Ok(())
        })
    }
}

/// Runs `edit` on a copy of the verdicts and keeps the copy only when it is
/// still valid, so that a failed setter leaves the inputs unchanged.
fn edit_verdicts(
    inputs: &mut sg_inputs,
    edit: impl FnOnce(&mut Verdicts) -> Result<(), sg_result>,
) -> Result<(), sg_result> {
    let mut verdicts = inputs.verdicts.clone().unwrap_or_default();
    edit(&mut verdicts)?;
    verdicts
        .validate()
        .map_err(|e| fail(sg_result::InvalidVerdicts, e.to_string()))?;
    inputs.verdicts = Some(verdicts);
    Ok(())
}

/// Runs `set` on a copy of the verdicts with the text argument (UTF-8,
/// `text_len` bytes), as [`edit_verdicts`].
///
/// # Safety
/// `inputs` is NULL or live inputs used by this thread only; `text` is NULL or
/// valid for reads of `text_len` bytes.
unsafe fn set_from_text(
    inputs: *mut sg_inputs,
    text: *const c_char,
    text_len: usize,
    set: impl FnOnce(&mut Verdicts, &str) -> Result<(), sg_result>,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit(inputs, |inputs| {
            // SAFETY: per the caller's contract.
            let text = utf8(text, text_len)?;
            edit_verdicts(inputs, |verdicts| set(verdicts, text))
        })
    }
}

/// The envelope of the verdicts, made empty when there was none.
fn envelope(verdicts: &mut Verdicts) -> &mut Envelope {
    verdicts.envelope.get_or_insert_with(Envelope::default)
}

/// The failure for a field of the verdicts that cannot be read.
fn invalid(field: &str, error: impl std::fmt::Display) -> sg_result {
    fail(
        sg_result::InvalidVerdicts,
        format!("invalid verdicts: {field}: {error}"),
    )
}

/// Reads one word of the verdicts schema (`pass`, `reject`, `NXDOMAIN`, an IP
/// address) with the core's own parser, so that typed setters and JSON agree.
fn word<T: DeserializeOwned>(field: &str, text: &str) -> Result<T, sg_result> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| invalid(field, e))
}

/// Sets the current time, in seconds since the Unix epoch (UTC): the moment the
/// message is received. The library never reads a clock itself.
///
/// # Safety
/// `inputs` is NULL or live inputs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_now(inputs: *mut sg_inputs, unix_seconds: i64) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        set(inputs, |inputs| {
            inputs.now = Some(Timestamp::from_unix(unix_seconds))
        })
    }
}

/// Sets all the verdicts from JSON (UTF-8, `json_len` bytes; the schema of
/// the Rust API's `Verdicts`: `envelope`, `auth`, `dns`), replacing any set
/// before. `SG_RESULT_INVALID_VERDICTS` when they cannot be read, with the
/// field in `sg_last_error_detail` (e.g. "dns[0].answer[0]: ..."); the inputs
/// are then unchanged.
///
/// # Safety
/// `inputs` is NULL or live inputs; `json` is valid for reads of `json_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_verdicts_json(
    inputs: *mut sg_inputs,
    json: *const c_char,
    json_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit(inputs, |inputs| {
            // SAFETY: per the caller's contract.
            let json = utf8(json, json_len)?;
            let verdicts = Verdicts::from_json(json)
                .map_err(|e| fail(sg_result::InvalidVerdicts, e.to_string()))?;
            inputs.verdicts = Some(verdicts);
            Ok(())
        })
    }
}

/// Sets the envelope field `field` to the text argument.
///
/// # Safety
/// As [`set_from_text`].
unsafe fn set_envelope_text(
    inputs: *mut sg_inputs,
    text: *const c_char,
    text_len: usize,
    field: fn(&mut Envelope) -> &mut Option<String>,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        set_from_text(inputs, text, text_len, |verdicts, text| {
            *field(envelope(verdicts)) = Some(text.to_owned());
            Ok(())
        })
    }
}

/// Sets the connecting client's IP address (IPv4 or IPv6 text).
/// `SG_RESULT_INVALID_VERDICTS` when it is not one.
///
/// # Safety
/// `inputs` is NULL or live inputs; `text` is valid for reads of `text_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_client_ip(
    inputs: *mut sg_inputs,
    text: *const c_char,
    text_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        set_from_text(inputs, text, text_len, |verdicts, text| {
            envelope(verdicts).client_ip = Some(word::<IpAddr>("envelope.client_ip", text)?);
            Ok(())
        })
    }
}

/// Sets the HELO/EHLO name.
///
/// # Safety
/// `inputs` is NULL or live inputs; `text` is valid for reads of `text_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_helo(
    inputs: *mut sg_inputs,
    text: *const c_char,
    text_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { set_envelope_text(inputs, text, text_len, |envelope| &mut envelope.helo) }
}

/// Sets the client's reverse-DNS name; "" or "unknown": it has none.
///
/// # Safety
/// `inputs` is NULL or live inputs; `text` is valid for reads of `text_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_client_rdns(
    inputs: *mut sg_inputs,
    text: *const c_char,
    text_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { set_envelope_text(inputs, text, text_len, |envelope| &mut envelope.client_rdns) }
}

/// Sets MAIL FROM; "" is the null sender.
///
/// # Safety
/// `inputs` is NULL or live inputs; `text` is valid for reads of `text_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_mail_from(
    inputs: *mut sg_inputs,
    text: *const c_char,
    text_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { set_envelope_text(inputs, text, text_len, |envelope| &mut envelope.mail_from) }
}

/// Adds one RCPT TO address.
///
/// # Safety
/// `inputs` is NULL or live inputs; `text` is valid for reads of `text_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_add_rcpt_to(
    inputs: *mut sg_inputs,
    text: *const c_char,
    text_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        set_from_text(inputs, text, text_len, |verdicts, text| {
            envelope(verdicts).rcpt_to.push(text.to_owned());
            Ok(())
        })
    }
}

/// Says whether the client used SMTP AUTH (it is then trusted).
///
/// # Safety
/// `inputs` is NULL or live inputs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_authenticated(
    inputs: *mut sg_inputs,
    authenticated: bool,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit(inputs, |inputs| {
            edit_verdicts(inputs, |verdicts| {
                envelope(verdicts).authenticated = authenticated;
                Ok(())
            })
        })
    }
}

/// Sets the SPF result for MAIL FROM: `pass` `fail` `softfail` `neutral`
/// `none` `temperror` `permerror`. Any authentication result switches on the
/// network score sets.
///
/// # Safety
/// `inputs` is NULL or live inputs; `result` is valid for reads of `result_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_spf(
    inputs: *mut sg_inputs,
    result: *const c_char,
    result_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        set_from_text(inputs, result, result_len, |verdicts, result| {
            verdicts.auth.spf = Some(word("auth.spf", result)?);
            Ok(())
        })
    }
}

/// Sets the SPF result for the HELO name (same words as `sg_inputs_set_spf`).
///
/// # Safety
/// `inputs` is NULL or live inputs; `result` is valid for reads of `result_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_spf_helo(
    inputs: *mut sg_inputs,
    result: *const c_char,
    result_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        set_from_text(inputs, result, result_len, |verdicts, result| {
            verdicts.auth.spf_helo = Some(word("auth.spf_helo", result)?);
            Ok(())
        })
    }
}

/// Adds one DKIM signature's result: the signing `domain`, its `selector`
/// (length 0: unknown) and `result`: `pass` `fail` `neutral` `policy`
/// `temperror` `permerror` `none`.
///
/// # Safety
/// `inputs` is NULL or live inputs; each text pointer is valid for reads of its
/// length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_add_dkim(
    inputs: *mut sg_inputs,
    domain: *const c_char,
    domain_len: usize,
    selector: *const c_char,
    selector_len: usize,
    result: *const c_char,
    result_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit(inputs, |inputs| {
            // SAFETY: per the caller's contract (all three).
            let (domain, selector, result) = (
                utf8(domain, domain_len)?,
                utf8(selector, selector_len)?,
                utf8(result, result_len)?,
            );
            let signature: DkimSignature = serde_json::from_value(serde_json::json!({
                "domain": domain,
                "selector": (!selector.is_empty()).then_some(selector),
                "result": result,
            }))
            .map_err(|e| invalid("auth.dkim", e))?;
            edit_verdicts(inputs, |verdicts| {
                verdicts
                    .auth
                    .dkim
                    .get_or_insert_with(Vec::new)
                    .push(signature);
                Ok(())
            })
        })
    }
}

/// Sets the DMARC result (`pass` `fail` `none` `temperror` `permerror`) and the
/// domain's policy (`none` `quarantine` `reject`; length 0: unknown).
///
/// # Safety
/// `inputs` is NULL or live inputs; each text pointer is valid for reads of its
/// length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_dmarc(
    inputs: *mut sg_inputs,
    result: *const c_char,
    result_len: usize,
    policy: *const c_char,
    policy_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit(inputs, |inputs| {
            // SAFETY: per the caller's contract (both).
            let (result, policy) = (utf8(result, result_len)?, utf8(policy, policy_len)?);
            let dmarc = Dmarc::new(
                word("auth.dmarc.result", result)?,
                if policy.is_empty() {
                    None
                } else {
                    Some(word("auth.dmarc.policy", policy)?)
                },
            );
            edit_verdicts(inputs, |verdicts| {
                verdicts.auth.dmarc = Some(dmarc);
                Ok(())
            })
        })
    }
}

/// Adds the answer to one DNS question of `sg_lookups` or `sg_follow_up`: the
/// question's `name` and `type` (`A` `AAAA` `TXT` `MX` `NS`), and `answer`:
/// either one record (`127.0.0.2`, `10 mx.example.com`, `ns1.example.net`, a
/// TXT string; call again to add more records to the same question) or one
/// of `NXDOMAIN` `NODATA` `TIMEOUT` `SERVFAIL` `REFUSED`. A record unfit for
/// its type (not an IPv4 address for `A`, ...) gives
/// `SG_RESULT_INVALID_VERDICTS`.
///
/// # Safety
/// `inputs` is NULL or live inputs; each text pointer is valid for reads of its
/// length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_add_dns_answer(
    inputs: *mut sg_inputs,
    name: *const c_char,
    name_len: usize,
    rtype: *const c_char,
    rtype_len: usize,
    answer: *const c_char,
    answer_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit(inputs, |inputs| {
            // SAFETY: per the caller's contract (all three).
            let (name, rtype, answer) = (
                utf8(name, name_len)?,
                utf8(rtype, rtype_len)?,
                utf8(answer, answer_len)?,
            );
            let rtype: RecordType = word("dns.type", rtype)?;
            let answer =
                serde_json::from_value::<Answer>(serde_json::Value::String(answer.to_owned()))
                    .unwrap_or_else(|_| Answer::Records(vec![answer.to_owned()]));
            edit_verdicts(inputs, |verdicts| {
                verdicts.dns.push(DnsAnswer::new(name, rtype, answer));
                Ok(())
            })
        })
    }
}

/// Drops every verdict (envelope, authentication results, DNS answers), as
/// for new inputs; the time, Bayes database and AWL entry are kept.
///
/// # Safety
/// `inputs` is NULL or live inputs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_clear_verdicts(inputs: *mut sg_inputs) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { set(inputs, |inputs| inputs.verdicts = None) }
}

/// Uses `db` for the BAYES_ tests (when it is usable: enough spam and ham
/// learned), or no database when `db` is NULL. The database is borrowed, not
/// copied: it must stay alive, and not be learned into, while these inputs are
/// used by `sg_score` or `sg_check`.
///
/// # Safety
/// `inputs` is NULL or live inputs; `db` is NULL or a live database that
/// outlives every use of `inputs` for scoring.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_bayes(
    inputs: *mut sg_inputs,
    db: *const sg_bayes_db,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { set(inputs, |inputs| inputs.bayes = db) }
}

/// Sets the stored auto-whitelist entry of this message's sender (looked up
/// under `sg_awl_key`), or none when `entry` is NULL (a first message). The
/// entry is copied.
///
/// # Safety
/// `inputs` is NULL or live inputs; `entry` is NULL or valid for reads.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_awl(
    inputs: *mut sg_inputs,
    entry: *const sg_awl_entry,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        set(inputs, |inputs| {
            // SAFETY: per the caller's contract.
            inputs.awl = entry.as_ref().map(sg_awl_entry::core);
        })
    }
}
