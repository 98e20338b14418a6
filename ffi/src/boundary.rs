//! The panic boundary and the checks every exported function makes on the
//! pointers it is given.
//!
//! Since Rust 1.81 a panic unwinding out of an `extern "C"` function aborts the
//! process — here, the caller's MTA. Every exported body therefore runs inside
//! [`guard`] (functions returning [`sg_result`]) or [`guard_or`] (accessors
//! returning a plain value), which turn a panic into [`sg_result::Panic`] or the
//! accessor's neutral value.

use std::cell::RefCell;
use std::ffi::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::result::sg_result;

thread_local! {
    /// The detail of the last failure on this thread (see `sg_last_error_detail`).
    static DETAIL: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A failure with a detail more precise than the result's own message
/// (e.g. "unknown test `FOO`"), kept for `sg_last_error_detail`.
pub(crate) fn fail(code: sg_result, detail: impl Into<String>) -> sg_result {
    let detail = detail.into();
    DETAIL.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = detail;
        }
    });
    code
}

/// Reads the detail of the last failure on this thread.
pub(crate) fn last_detail<R>(read: impl FnOnce(&str) -> R) -> Option<R> {
    DETAIL.with(|cell| cell.try_borrow().ok().map(|detail| read(&detail)))
}

fn clear_detail() {
    DETAIL.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            slot.clear();
        }
    });
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    format!("internal error (panic): {message}")
}

/// Runs the body of a function returning [`sg_result`]: `Ok(())` becomes
/// [`sg_result::Ok`], `Err(code)` that code, a panic [`sg_result::Panic`]. The
/// thread's error detail is cleared first, and set to the result's message when
/// the body failed without giving one.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), sg_result>) -> sg_result {
    clear_detail();
    let code = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return sg_result::Ok,
        Ok(Err(code)) => code,
        Err(payload) => fail(sg_result::Panic, panic_text(payload.as_ref())),
    };
    if last_detail(str::is_empty).unwrap_or(false) {
        fail(code, code.message());
    }
    code
}

/// Runs the body of an accessor returning a plain value: `None` (a NULL or
/// out-of-range argument) and a panic both give `fallback`.
pub(crate) fn guard_or<T>(fallback: T, body: impl FnOnce() -> Option<T>) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Some(value)) => value,
        Ok(None) | Err(_) => fallback,
    }
}

/// Borrows `*ptr`, or fails with [`sg_result::NullParameter`].
///
/// # Safety
/// `ptr` is NULL or points to a live, properly aligned `T` that nothing mutates
/// during `'a`.
pub(crate) unsafe fn deref<'a, T>(ptr: *const T) -> Result<&'a T, sg_result> {
    // SAFETY: the caller guarantees `ptr` is NULL or valid for reads during 'a;
    // `as_ref` maps NULL to None.
    unsafe { ptr.as_ref() }.ok_or(sg_result::NullParameter)
}

/// Borrows `*ptr` mutably, or fails with [`sg_result::NullParameter`].
///
/// # Safety
/// `ptr` is NULL or points to a live, properly aligned `T` that nothing else
/// accesses during `'a`.
pub(crate) unsafe fn deref_mut<'a, T>(ptr: *mut T) -> Result<&'a mut T, sg_result> {
    // SAFETY: the caller guarantees `ptr` is NULL or valid and unaliased during 'a.
    unsafe { ptr.as_mut() }.ok_or(sg_result::NullParameter)
}

/// Borrows `len` values at `ptr`. NULL fails even when `len` is 0, so that a
/// missing buffer is always reported.
///
/// # Safety
/// `ptr` is NULL or valid for reads of `len` values of `T` (properly aligned)
/// that nothing mutates during `'a`.
pub(crate) unsafe fn slice<'a, T>(ptr: *const T, len: usize) -> Result<&'a [T], sg_result> {
    if ptr.is_null() {
        return Err(sg_result::NullParameter);
    }
    if len.saturating_mul(size_of::<T>()) > isize::MAX as usize {
        return Err(sg_result::InvalidParameter);
    }
    // SAFETY: non-NULL, and the caller guarantees `len` readable values that stay
    // unchanged during 'a; the total size fits in isize as `from_raw_parts`
    // requires.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows `len` bytes at `ptr`.
///
/// # Safety
/// As [`slice`].
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], sg_result> {
    // SAFETY: same contract as ours.
    unsafe { slice(ptr, len) }
}

/// Borrows `len` bytes at `ptr` as UTF-8 text.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn utf8<'a>(ptr: *const c_char, len: usize) -> Result<&'a str, sg_result> {
    // SAFETY: same contract as ours.
    let raw = unsafe { bytes(ptr.cast::<u8>(), len) }?;
    std::str::from_utf8(raw).map_err(|e| {
        fail(
            sg_result::InvalidUtf8,
            format!("invalid UTF-8 at byte {}", e.valid_up_to()),
        )
    })
}

/// Checks that an output pointer is not NULL, before any work is done.
pub(crate) fn out_ptr<T>(ptr: *mut T) -> Result<*mut T, sg_result> {
    if ptr.is_null() {
        Err(sg_result::NullParameter)
    } else {
        Ok(ptr)
    }
}

/// Writes an output.
///
/// # Safety
/// `ptr` comes from [`out_ptr`] and is valid for a write of `T`.
pub(crate) unsafe fn write<T>(ptr: *mut T, value: T) {
    // SAFETY: non-NULL (checked by out_ptr) and writable per the caller; `write`
    // does not read or drop the (possibly uninitialised) old value.
    unsafe { ptr.write(value) }
}

/// Copies `text` into a caller buffer of `len` bytes as a NUL-terminated string,
/// cut at a character boundary when it does not fit; `*out_n` receives the
/// number of bytes written before the NUL.
///
/// # Safety
/// `buf` is NULL or valid for writes of `len` bytes; `out_n` is NULL or valid for
/// a write of `size_t`.
pub(crate) unsafe fn copy_text(
    text: &str,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> Result<(), sg_result> {
    if buf.is_null() {
        return Err(sg_result::NullParameter);
    }
    let out_n = out_ptr(out_n)?;
    if len == 0 {
        return Err(sg_result::InsufficientSize);
    }
    let mut n = text.len().min(len - 1);
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    // SAFETY: `buf` is valid for `len` > n bytes per the caller, `text` holds at
    // least n bytes, and a caller buffer cannot overlap our own string.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), n);
        buf.add(n).write(0);
        write(out_n, n);
    }
    Ok(())
}

/// Moves a value to the heap and hands it to C.
pub(crate) fn into_raw<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Takes back and drops a value handed out by [`into_raw`], inside a panic
/// boundary (the body of every `_free`); NULL is ignored.
///
/// # Safety
/// `ptr` is NULL or came from [`into_raw`] and was not freed yet.
pub(crate) unsafe fn free<T>(ptr: *mut T) {
    guard_or((), || {
        if !ptr.is_null() {
            // SAFETY: per the caller, `ptr` is a live Box<T> turned into a raw pointer.
            drop(unsafe { Box::from_raw(ptr) });
        }
        Some(())
    });
}

/// Checks that `out` is not NULL, then runs `make` and writes what it gives to
/// `*out`: nothing is written when `make` fails.
///
/// # Safety
/// `out` is NULL or valid for a write of `T`.
pub(crate) unsafe fn output<T>(
    out: *mut T,
    make: impl FnOnce() -> Result<T, sg_result>,
) -> Result<(), sg_result> {
    let out = out_ptr(out)?;
    let value = make()?;
    // SAFETY: non-NULL (checked above) and writable per the caller.
    unsafe { write(out, value) };
    Ok(())
}

/// The body of a function returning one output made from one handle: inside
/// [`guard`], borrows `*handle` (NULL fails), checks `out`, then writes what
/// `make` gives.
///
/// # Safety
/// `handle` is NULL or points to a live `H` that nothing mutates during the
/// call; `out` is NULL or valid for a write of `T`.
pub(crate) unsafe fn output_from<H, T>(
    handle: *const H,
    out: *mut T,
    make: impl FnOnce(&H) -> Result<T, sg_result>,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let handle = unsafe { deref(handle) }?;
        // SAFETY: per the caller's contract.
        unsafe { output(out, || make(handle)) }
    })
}

/// The body of a function changing one handle: inside [`guard`], borrows
/// `*handle` mutably (NULL fails) and runs `edit` on it.
///
/// # Safety
/// `handle` is NULL or points to a live `H` that nothing else accesses during
/// the call.
pub(crate) unsafe fn edit<H>(
    handle: *mut H,
    edit: impl FnOnce(&mut H) -> Result<(), sg_result>,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        edit(unsafe { deref_mut(handle) }?)
    })
}

/// The body of an accessor returning a plain value read from one handle: NULL,
/// a `None` from `read` and a panic all give `fallback`.
///
/// # Safety
/// `handle` is NULL or points to a live `H` that nothing mutates during the
/// call.
pub(crate) unsafe fn read_or<H, T>(
    handle: *const H,
    fallback: T,
    read: impl FnOnce(&H) -> Option<T>,
) -> T {
    guard_or(fallback, || {
        // SAFETY: per the caller's contract.
        read(unsafe { handle.as_ref() }?)
    })
}

/// A C enumeration passed as `uint32_t`: every value, to read one back.
pub(crate) trait CEnum: Copy + 'static {
    /// Every variant.
    const ALL: &'static [Self];

    /// The variant's number in the C API.
    fn code(self) -> u32;

    /// The variant numbered `code`, if any.
    fn from_code(code: u32) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.code() == code)
    }

    /// The variant numbered `code`, or [`sg_result::InvalidParameter`].
    fn arg(code: u32) -> Result<Self, sg_result> {
        Self::from_code(code).ok_or(sg_result::InvalidParameter)
    }
}

/// Implements [`CEnum`] for a `#[repr(u32)]` enumeration, listing its variants
/// once: `c_enum!(sg_lang { En, Fr });`.
macro_rules! c_enum {
    ($name:ident { $($variant:ident),+ $(,)? }) => {
        impl $crate::boundary::CEnum for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];

            fn code(self) -> u32 {
                self as u32
            }
        }
    };
}
pub(crate) use c_enum;
