//! The typed configuration builder. The same configuration can be given as JSON
//! (`sg_config_builder_new_from_json`, `sg_engine_new_from_json`); the two can
//! be mixed: read JSON, then adjust with the setters.

use std::ffi::c_char;

use spamgauge::{Config, Limits, Profile};

use crate::boundary::{
    CEnum, c_enum, edit, fail, free, guard, guard_or, into_raw, output, slice, utf8,
};
use crate::result::sg_result;

/// Which kind of filter the engine acts as (pass as `uint32_t`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_profile {
    /// SpamAssassin's inbound filter: spam when the score is at least the
    /// threshold (5.0 by default).
    Inbound = 0,
    /// An outbound filter: the score is clamped to 0 … 15 and the message is
    /// blocked when it is above the threshold (3.0 by default).
    Outbound = 1,
}

/// A bound on the work done per message (pass as `uint32_t`); see
/// `sg_config_builder_set_limit`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_limit {
    /// Bytes of the raw message that are parsed (default 32 MiB, at least 1024).
    MaxMessageBytes = 0,
    /// Decoded bytes kept per MIME part (default 4 MiB, at least 1024).
    MaxPartBytes = 1,
    /// Depth of nested multiparts and attached messages (default 20).
    MaxMimeDepth = 2,
    /// MIME parts kept (default 1,000).
    MaxParts = 3,
    /// Header fields kept (default 10,000).
    MaxHeaders = 4,
    /// URIs kept (default 10,000).
    MaxUris = 5,
    /// HTML tag events processed per HTML part (default 100,000).
    MaxHtmlTags = 6,
}

c_enum!(sg_profile { Inbound, Outbound });
c_enum!(sg_limit {
    MaxMessageBytes,
    MaxPartBytes,
    MaxMimeDepth,
    MaxParts,
    MaxHeaders,
    MaxUris,
    MaxHtmlTags,
});

/// A configuration being built; turn it into an engine with `sg_engine_new`.
/// Not thread-safe: use it from one thread at a time.
pub struct sg_config_builder {
    pub(crate) config: Config,
}

/// A builder holding the default configuration (inbound profile, threshold 5.0,
/// SpamAssassin's scores, default limits). Free it with `sg_config_builder_free`.
#[unsafe(no_mangle)]
pub extern "C" fn sg_config_builder_new() -> *mut sg_config_builder {
    guard_or(std::ptr::null_mut(), || {
        Some(into_raw(sg_config_builder {
            config: Config::default(),
        }))
    })
}

/// A builder holding the configuration read from `json` (UTF-8, `json_len`
/// bytes), e.g. `{"profile":"outbound","threshold":4,"scores":{"HTML_MESSAGE":0.5},
/// "disabled":["MIME_HTML_ONLY"]}`. An unknown field is an error
/// (`SG_RESULT_INVALID_CONFIG`, with the field in `sg_last_error_detail`).
///
/// # Safety
/// `json` is valid for reads of `json_len` bytes; `builder_out` for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_config_builder_new_from_json(
    json: *const c_char,
    json_len: usize,
    builder_out: *mut *mut sg_config_builder,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        unsafe {
            output(builder_out, || {
                // SAFETY: per the caller's contract.
                let config = parse_json(utf8(json, json_len)?)?;
                Ok(into_raw(sg_config_builder { config }))
            })
        }
    })
}

pub(crate) fn parse_json(json: &str) -> Result<Config, sg_result> {
    Config::from_json(json).map_err(|e| fail(sg_result::InvalidConfig, e.to_string()))
}

/// Frees a builder. NULL is accepted and ignored.
///
/// # Safety
/// `builder` is NULL or came from this library and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_config_builder_free(builder: *mut sg_config_builder) {
    // SAFETY: per the caller's contract.
    unsafe { free(builder) };
}

/// Runs `change` on the builder's configuration.
///
/// # Safety
/// `builder` is NULL or a live builder used by this thread only.
unsafe fn edit_config(
    builder: *mut sg_config_builder,
    change: impl FnOnce(&mut Config) -> Result<(), sg_result>,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { edit(builder, |builder| change(&mut builder.config)) }
}

/// Runs `change` on the builder's configuration and the test name `test`
/// (UTF-8, `test_len` bytes).
///
/// # Safety
/// `builder` is NULL or a live builder used by this thread only; `test` is NULL
/// or valid for reads of `test_len` bytes.
unsafe fn edit_test(
    builder: *mut sg_config_builder,
    test: *const c_char,
    test_len: usize,
    change: impl FnOnce(Config, &str) -> Config,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_config(builder, |config| {
            // SAFETY: per the caller's contract.
            let test = utf8(test, test_len)?;
            *config = change(std::mem::take(config), test);
            Ok(())
        })
    }
}

/// Sets the profile (an `sg_profile` value). The default is `SG_PROFILE_INBOUND`.
///
/// # Safety
/// `builder` is a live builder.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_config_builder_set_profile(
    builder: *mut sg_config_builder,
    profile: u32,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_config(builder, |config| {
            config.profile = match sg_profile::arg(profile)? {
                sg_profile::Inbound => Profile::Inbound,
                sg_profile::Outbound => Profile::Outbound,
            };
            Ok(())
        })
    }
}

/// Sets the decision threshold. The default is the profile's (5.0 inbound, 3.0
/// outbound). A value that is not finite makes `sg_engine_new` fail with
/// `SG_RESULT_INVALID_THRESHOLD`.
///
/// # Safety
/// `builder` is a live builder.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_config_builder_set_threshold(
    builder: *mut sg_config_builder,
    threshold: f64,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_config(builder, |config| {
            config.threshold = Some(threshold);
            Ok(())
        })
    }
}

/// Gives the test named `test` (UTF-8, `test_len` bytes) the same score in every
/// score set. An unknown name makes `sg_engine_new` fail with
/// `SG_RESULT_UNKNOWN_TEST`.
///
/// # Safety
/// `builder` is a live builder; `test` is valid for reads of `test_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_config_builder_set_score(
    builder: *mut sg_config_builder,
    test: *const c_char,
    test_len: usize,
    score: f64,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_test(builder, test, test_len, |config, test| {
            config.score(test, score)
        })
    }
}

/// Gives the test named `test` one score per score set: `scores` holds
/// `scores_len` values and `scores_len` must be 4 (sets 0: local, 1: network,
/// 2: Bayes, 3: network and Bayes).
///
/// # Safety
/// `builder` is a live builder; `test` is valid for reads of `test_len` bytes,
/// `scores` for reads of `scores_len` doubles.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_config_builder_set_scores_per_set(
    builder: *mut sg_config_builder,
    test: *const c_char,
    test_len: usize,
    scores: *const f64,
    scores_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_config(builder, |config| {
            // SAFETY: per the caller's contract.
            let test = utf8(test, test_len)?;
            // SAFETY: per the caller's contract.
            let scores: [f64; 4] = slice(scores, scores_len)?
                .try_into()
                .map_err(|_| sg_result::InvalidParameter)?;
            *config = std::mem::take(config).scores_per_set(test, scores);
            Ok(())
        })
    }
}

/// Disables the test named `test` (UTF-8, `test_len` bytes): it never runs. An
/// unknown name makes `sg_engine_new` fail with `SG_RESULT_UNKNOWN_TEST`.
///
/// # Safety
/// `builder` is a live builder; `test` is valid for reads of `test_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_config_builder_disable(
    builder: *mut sg_config_builder,
    test: *const c_char,
    test_len: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { edit_test(builder, test, test_len, |config, test| config.disable(test)) }
}

/// Sets one limit (an `sg_limit` value). A value below the limit's minimum
/// makes `sg_engine_new` fail with `SG_RESULT_INVALID_LIMIT`.
///
/// # Safety
/// `builder` is a live builder.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_config_builder_set_limit(
    builder: *mut sg_config_builder,
    limit: u32,
    value: usize,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        edit_config(builder, |config| {
            let limits: &mut Limits = &mut config.limits;
            let slot = match sg_limit::arg(limit)? {
                sg_limit::MaxMessageBytes => &mut limits.max_message_bytes,
                sg_limit::MaxPartBytes => &mut limits.max_part_bytes,
                sg_limit::MaxMimeDepth => &mut limits.max_mime_depth,
                sg_limit::MaxParts => &mut limits.max_parts,
                sg_limit::MaxHeaders => &mut limits.max_headers,
                sg_limit::MaxUris => &mut limits.max_uris,
                sg_limit::MaxHtmlTags => &mut limits.max_html_tags,
            };
            *slot = value;
            Ok(())
        })
    }
}
