//! Owned byte buffers handed to C: JSON documents and saved state, whose size
//! the caller cannot know in advance.

use serde::Serialize;

use crate::boundary::{fail, free, into_raw, read_or};
use crate::result::sg_result;

/// Bytes owned by the library (a JSON document, a saved database). The bytes are
/// followed by a NUL that `sg_buffer_len` does not count, so JSON can be printed
/// with `%s`. Free it with `sg_buffer_free`.
pub struct sg_buffer {
    /// The content followed by one NUL byte.
    bytes: Vec<u8>,
}

impl sg_buffer {
    pub(crate) fn new(mut bytes: Vec<u8>) -> *mut sg_buffer {
        bytes.push(0);
        into_raw(sg_buffer { bytes })
    }

    /// `value` as JSON; `what` names it in the (never expected) error detail.
    pub(crate) fn json(value: &impl Serialize, what: &str) -> Result<*mut sg_buffer, sg_result> {
        let json = serde_json::to_vec(value)
            .map_err(|e| fail(sg_result::Panic, format!("{what} serialisation: {e}")))?;
        Ok(sg_buffer::new(json))
    }

    fn content(&self) -> &[u8] {
        self.bytes.split_last().map_or(&[], |(_, content)| content)
    }
}

/// The buffer's bytes (valid until `sg_buffer_free`), or NULL when `buffer` is
/// NULL.
///
/// # Safety
/// `buffer` is NULL or a live buffer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_buffer_data(buffer: *const sg_buffer) -> *const u8 {
    // SAFETY: per the caller's contract.
    unsafe {
        read_or(buffer, std::ptr::null(), |buffer| {
            Some(buffer.bytes.as_ptr())
        })
    }
}

/// The number of bytes in the buffer, not counting the final NUL; 0 when
/// `buffer` is NULL.
///
/// # Safety
/// `buffer` is NULL or a live buffer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_buffer_len(buffer: *const sg_buffer) -> usize {
    // SAFETY: per the caller's contract.
    unsafe { read_or(buffer, 0, |buffer| Some(buffer.content().len())) }
}

/// Frees a buffer. NULL is accepted and ignored.
///
/// # Safety
/// `buffer` is NULL or came from this library and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_buffer_free(buffer: *mut sg_buffer) {
    // SAFETY: per the caller's contract.
    unsafe { free(buffer) };
}
