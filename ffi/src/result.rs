//! Result codes, their messages, the last error's detail and the version.

use std::ffi::c_char;

use spamgauge::{ConfigError, MessageError};

use crate::boundary::{CEnum, c_enum, copy_text, fail, guard, guard_or, last_detail};

/// The library's major version (a test keeps the three equal to Cargo.toml's).
pub const SG_VERSION_MAJOR: u32 = 0;
/// The library's minor version.
pub const SG_VERSION_MINOR: u32 = 1;
/// The library's patch version.
pub const SG_VERSION_PATCH: u32 = 0;

/// What a fallible function did. The numbers are part of the ABI: they never
/// change and are never reused; new codes get new numbers.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_result {
    /// Success; the outputs were written.
    Ok = 0,
    /// A pointer argument was NULL.
    NullParameter = 1,
    /// An argument is out of its range (an unknown enum value, a wrong length).
    InvalidParameter = 2,
    /// A text argument is not valid UTF-8.
    InvalidUtf8 = 3,
    /// An index is past the end.
    IndexOutOfRange = 4,
    /// The caller's buffer is too small (or has length 0).
    InsufficientSize = 5,
    /// An internal error (a panic in the library, caught before it reached C).
    Panic = 6,
    /// The JSON configuration is malformed or has an unknown field.
    InvalidConfig = 100,
    /// A score override or a disabled test names a test the engine does not know.
    UnknownTest = 101,
    /// A score is not a finite number.
    InvalidScore = 102,
    /// The threshold is not a finite number.
    InvalidThreshold = 103,
    /// A limit is below its minimum.
    InvalidLimit = 104,
    /// The message is empty.
    EmptyMessage = 200,
    /// The input has no header field: it is not an RFC 5322 message.
    NotAMessage = 201,
    /// The verdicts (envelope, authentication results, DNS answers) are invalid.
    InvalidVerdicts = 300,
    /// A stored Bayes database could not be read.
    InvalidBayesDb = 400,
    /// Stored auto-whitelist or reputation state could not be read.
    InvalidState = 401,
}

// Every code, for the message lookup and the tests.
c_enum!(sg_result {
    Ok,
    NullParameter,
    InvalidParameter,
    InvalidUtf8,
    IndexOutOfRange,
    InsufficientSize,
    Panic,
    InvalidConfig,
    UnknownTest,
    InvalidScore,
    InvalidThreshold,
    InvalidLimit,
    EmptyMessage,
    NotAMessage,
    InvalidVerdicts,
    InvalidBayesDb,
    InvalidState,
});

impl sg_result {
    /// The code's message: lowercase, no final period.
    pub(crate) const fn message(self) -> &'static str {
        match self {
            sg_result::Ok => "success",
            sg_result::NullParameter => "a pointer argument is NULL",
            sg_result::InvalidParameter => "an argument is out of range",
            sg_result::InvalidUtf8 => "a text argument is not valid UTF-8",
            sg_result::IndexOutOfRange => "index out of range",
            sg_result::InsufficientSize => "the buffer is too small",
            sg_result::Panic => "internal error (panic)",
            sg_result::InvalidConfig => "invalid configuration",
            sg_result::UnknownTest => "unknown test name",
            sg_result::InvalidScore => "a score is not a finite number",
            sg_result::InvalidThreshold => "the threshold is not a finite number",
            sg_result::InvalidLimit => "a limit is below its minimum",
            sg_result::EmptyMessage => "the message is empty",
            sg_result::NotAMessage => "no header field found: not an RFC 5322 message",
            sg_result::InvalidVerdicts => "invalid verdicts",
            sg_result::InvalidBayesDb => "invalid Bayes database",
            sg_result::InvalidState => "invalid stored state",
        }
    }
}

/// Maps a configuration error to its code, keeping its text as the detail.
pub(crate) fn config_error(error: &ConfigError) -> sg_result {
    let code = match error {
        ConfigError::UnknownTest(_) => sg_result::UnknownTest,
        ConfigError::InvalidScore { .. } => sg_result::InvalidScore,
        ConfigError::InvalidThreshold(_) => sg_result::InvalidThreshold,
        ConfigError::InvalidLimit { .. } => sg_result::InvalidLimit,
        _ => sg_result::InvalidConfig,
    };
    fail(code, error.to_string())
}

/// Maps a message error to its code.
pub(crate) fn message_error(error: &MessageError) -> sg_result {
    let code = match error {
        MessageError::Empty => sg_result::EmptyMessage,
        _ => sg_result::NotAMessage,
    };
    fail(code, error.to_string())
}

/// Writes the message for `result` into `buf` (`len` bytes) as a NUL-terminated
/// string, cut short if it does not fit, and the number of bytes written before
/// the NUL into `*out_n`. An unknown code gets a message saying so.
///
/// `result` is a `uint32_t` rather than an `sg_result` so that any number a
/// caller holds is safe to pass.
///
/// # Safety
/// `buf` is valid for writes of `len` bytes; `out_n` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_result_message(
    result: u32,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> sg_result {
    guard(|| {
        let text = sg_result::from_code(result).map_or("unknown result code", sg_result::message);
        // SAFETY: the caller's contract is copy_text's.
        unsafe { copy_text(text, buf, len, out_n) }
    })
}

/// Writes the detail of the last failure on the calling thread (e.g. "unknown
/// test `FOO`", or the line and column of a JSON error) into `buf` like
/// `sg_result_message`. Call it right after a function returned a result other
/// than `SG_RESULT_OK`; after a success the detail is empty. Each thread has its
/// own.
///
/// # Safety
/// `buf` is valid for writes of `len` bytes; `out_n` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_last_error_detail(
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> sg_result {
    // Not through `guard`, which would clear the detail before reading it.
    guard_or(sg_result::Panic, || {
        let detail = last_detail(str::to_owned).unwrap_or_default();
        // SAFETY: the caller's contract is copy_text's.
        Some(match unsafe { copy_text(&detail, buf, len, out_n) } {
            Ok(()) => sg_result::Ok,
            Err(code) => code,
        })
    })
}

/// The library's version, e.g. "0.1.0": a static NUL-terminated string, equal
/// to the header's `SG_VERSION` (and to `SG_VERSION_MAJOR` . `_MINOR` . `_PATCH`).
#[unsafe(no_mangle)]
pub extern "C" fn sg_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_matches_cargo_and_header_constants() {
        let cargo = env!("CARGO_PKG_VERSION");
        assert_eq!(
            format!("{SG_VERSION_MAJOR}.{SG_VERSION_MINOR}.{SG_VERSION_PATCH}"),
            cargo
        );
        // SAFETY: sg_version returns a static NUL-terminated string.
        let version = unsafe { std::ffi::CStr::from_ptr(sg_version()) };
        assert_eq!(version.to_str(), Ok(cargo));
        // The string macro comes from cbindgen.toml (cbindgen cannot export a
        // string constant); the committed header must carry it too.
        let define = format!("#define SG_VERSION \"{cargo}\"");
        let config = include_str!("../cbindgen.toml");
        let header = include_str!("../include/spamgauge.h");
        assert!(config.contains(&define), "cbindgen.toml lacks {define}");
        assert!(header.contains(&define), "spamgauge.h lacks {define}");
    }

    #[test]
    fn codes_are_unique_and_round_trip() {
        for (i, a) in sg_result::ALL.iter().enumerate() {
            assert_eq!(sg_result::from_code(*a as u32), Some(*a));
            assert!(
                sg_result::ALL[i + 1..]
                    .iter()
                    .all(|b| *a as u32 != *b as u32)
            );
        }
        assert_eq!(sg_result::from_code(7), None);
    }

    #[test]
    fn message_is_cut_at_a_char_boundary_and_nul_terminated() {
        let mut buf = [0x55 as c_char; 8];
        let mut n = 99usize;
        // SAFETY: valid buffer and out pointer.
        let rc = unsafe { sg_result_message(1, buf.as_mut_ptr(), buf.len(), &mut n) };
        assert_eq!(rc, sg_result::Ok);
        assert_eq!(n, 7);
        assert_eq!(buf[7], 0);
        // SAFETY: NUL-terminated above.
        let text = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) };
        assert_eq!(text.to_str(), Ok("a point"));
    }

    #[test]
    fn zero_length_buffer_is_refused_and_out_untouched() {
        let mut buf = [0 as c_char; 1];
        let mut n = 99usize;
        // SAFETY: valid pointers; len 0.
        let rc = unsafe { sg_result_message(0, buf.as_mut_ptr(), 0, &mut n) };
        assert_eq!(rc, sg_result::InsufficientSize);
        assert_eq!(n, 99);
    }
}
