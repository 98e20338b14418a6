//! What the caller injects for one message: the current time, the verdicts it
//! resolved and stored state.

use std::ffi::c_char;

use spamgauge::verdicts::Verdicts;
use spamgauge::{Inputs, Timestamp};

use crate::boundary::{deref_mut, fail, free, guard, guard_or, into_raw, utf8};
use crate::result::sg_result;

/// The inputs for scoring one message; empty when new. Reuse it for several
/// messages or make one per message. Not thread-safe: one thread at a time.
pub struct sg_inputs {
    now: Option<Timestamp>,
    verdicts: Option<Verdicts>,
}

impl sg_inputs {
    /// The core's view of these inputs.
    pub(crate) fn as_inputs(&self) -> Inputs<'_> {
        let mut inputs = Inputs::default();
        if let Some(now) = self.now {
            inputs = inputs.now(now);
        }
        if let Some(verdicts) = &self.verdicts {
            inputs = inputs.verdicts(verdicts);
        }
        inputs
    }
}

/// Empty inputs: no time, no verdicts (score set 0). Free with `sg_inputs_free`.
#[unsafe(no_mangle)]
pub extern "C" fn sg_inputs_new() -> *mut sg_inputs {
    guard_or(std::ptr::null_mut(), || {
        Some(into_raw(sg_inputs {
            now: None,
            verdicts: None,
        }))
    })
}

/// Frees inputs. NULL is accepted and ignored.
///
/// # Safety
/// `inputs` is NULL or came from this library and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_free(inputs: *mut sg_inputs) {
    guard_or((), || {
        // SAFETY: per the caller's contract.
        unsafe { free(inputs) };
        Some(())
    });
}

/// Sets the current time, in seconds since the Unix epoch (UTC): the moment the
/// message is received. The library never reads a clock itself.
///
/// # Safety
/// `inputs` is NULL or live inputs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_now(inputs: *mut sg_inputs, unix_seconds: i64) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let inputs = unsafe { deref_mut(inputs) }?;
        inputs.now = Some(Timestamp::from_unix(unix_seconds));
        Ok(())
    })
}

/// Sets the verdicts from JSON (UTF-8, `json_len` bytes), replacing any set
/// before; `SG_RESULT_INVALID_VERDICTS` (with the reason in
/// `sg_last_error_detail`) when they cannot be read, leaving the inputs unchanged.
///
/// # Safety
/// `inputs` is NULL or live inputs; `json` is valid for reads of `json_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_inputs_set_verdicts_json(
    inputs: *mut sg_inputs,
    json: *const c_char,
    json_len: usize,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let inputs = unsafe { deref_mut(inputs) }?;
        // SAFETY: per the caller's contract.
        let json = unsafe { utf8(json, json_len) }?;
        let verdicts: Verdicts = serde_json::from_str(json)
            .map_err(|e| fail(sg_result::InvalidVerdicts, format!("invalid verdicts: {e}")))?;
        inputs.verdicts = Some(verdicts);
        Ok(())
    })
}
