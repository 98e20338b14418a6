//! Panics at the JS boundary.
//!
//! # Why not `catch_unwind`
//!
//! On stable Rust, the standard library for `wasm32-unknown-unknown` is built
//! with `panic = "abort"`: `std::panic::catch_unwind` compiles but never catches
//! anything, and a panic ends in an `unreachable` instruction, which JS sees as
//! an opaque `RuntimeError: unreachable`. Unwinding needs `-Cpanic=unwind` with
//! `-Zbuild-std` and the exception-handling proposal, i.e. nightly only.
//!
//! # What we do instead
//!
//! 1. The engine is panic-free by design (the core's rule: no panic on any
//!    input; this crate has no `unwrap`, no indexing, no `expect`), so this is a
//!    last line of defence, not a control path.
//! 2. A panic hook, installed when the module starts, records the panic message
//!    and **throws a JS `Error`** (name `PanicError`) from inside the hook,
//!    before the standard library reaches its abort. A JS exception thrown by an
//!    import unwinds the wasm frames (without running Rust destructors), so the
//!    call that panicked rejects with a readable `Error`, not a trap.
//! 3. Because no destructor ran, the module's state may be inconsistent (leaked
//!    borrows and shadow-stack space; the standard library also still believes
//!    it is inside the panic hook, so a second panic would abort with a bare
//!    trap). The module is therefore **poisoned**: every later call throws an
//!    `Error` that quotes the original panic and says to reload the module,
//!    before doing any work.

use std::sync::OnceLock;

use crate::error::ApiError;

/// The first panic's message, once one happened.
static PANICKED: OnceLock<String> = OnceLock::new();

/// Installs the hook. Called once, when the wasm module starts.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        let _ = PANICKED.set(message.clone());
        let error = js_sys::Error::new(&format!(
            "spamgauge panicked (a bug, please report it): {message}; the module is now unusable: reload it"
        ));
        error.set_name("PanicError");
        wasm_bindgen::throw_val(error.into())
    }));
}

/// Called first by every entry point: fails once a panic has happened.
pub fn check_poisoned() -> Result<(), ApiError> {
    match PANICKED.get() {
        Some(message) => Err(ApiError::new(format!(
            "spamgauge is unusable after an earlier panic ({message}): reload the module"
        ))),
        None => Ok(()),
    }
}

/// Panics on purpose, so the tests can check that a panic reaches JS as an
/// `Error` and poisons the module. Not part of the public API.
pub fn panic_for_tests() -> Result<(), ApiError> {
    check_poisoned()?;
    // The only deliberate panic of the crate.
    #[allow(clippy::panic, reason = "exercises the panic hook from the JS tests")]
    {
        panic!("deliberate panic for the boundary test")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_poisoned_at_start() {
        assert!(check_poisoned().is_ok());
    }
}
