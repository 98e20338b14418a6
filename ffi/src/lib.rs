//! # spamgauge-ffi — the C ABI of spamgauge
//!
//! Builds `libspamgauge.a` and `libspamgauge.so`; the committed header
//! `include/spamgauge.h` is generated from this crate by cbindgen. The conventions
//! follow rustls-ffi:
//!
//! * one prefix, `sg_`; opaque handles; every constructor has a NULL-tolerant
//!   `_free`;
//! * arguments in the order receiver, inputs, outputs; buffers as pointer plus
//!   `size_t` length; strings are UTF-8 and not NUL-terminated;
//! * fallible functions return an [`sg_result`](result::sg_result) with fixed
//!   numbers and write their outputs only on success;
//! * every pointer is NULL-checked and every exported body runs inside a panic
//!   boundary ([`boundary`]): an unwind out of `extern "C"` would abort the MTA.
//!
//! The engine (`sg_engine`) is immutable and may be shared by any number of
//! threads; the other handles belong to one thread at a time.
//!
//! This is the only crate of the workspace with `unsafe` code: each block says
//! why it is sound in a `// SAFETY:` comment.
// The exported types keep their C names (`sg_engine`, `sg_result`) so that the
// header reads the same as the Rust source.
#![allow(non_camel_case_types)]

mod boundary;
mod buffer;
mod config;
mod engine;
mod inputs;
mod learning;
mod report;
mod result;

pub use buffer::sg_buffer;
pub use config::{sg_config_builder, sg_limit, sg_profile};
pub use engine::{sg_analysis, sg_engine, sg_questions};
pub use inputs::sg_inputs;
pub use learning::{
    sg_awl_entry, sg_bayes_db, sg_class, sg_event, sg_learn_outcome, sg_reputation,
};
pub use report::{sg_action, sg_hit, sg_lang, sg_report, sg_str};
pub use result::{SG_VERSION_MAJOR, SG_VERSION_MINOR, SG_VERSION_PATCH, sg_result};

#[cfg(test)]
mod header_tests {
    /// The committed header is what the pinned cbindgen writes from the current
    /// source (the same generation as examples/gen_header.rs).
    #[test]
    fn committed_header_is_current() {
        let crate_dir = env!("CARGO_MANIFEST_DIR");
        let config = cbindgen::Config::from_file(format!("{crate_dir}/cbindgen.toml"))
            .expect("cbindgen.toml is readable");
        let bindings = cbindgen::Builder::new()
            .with_crate(crate_dir)
            .with_config(config)
            .generate()
            .expect("cbindgen generates the header");
        let mut generated = Vec::new();
        bindings.write(&mut generated);
        let committed = std::fs::read(format!("{crate_dir}/include/spamgauge.h"))
            .expect("include/spamgauge.h is readable");
        assert!(
            generated == committed,
            "include/spamgauge.h is stale: run `cargo run -p spamgauge-ffi --example gen_header`"
        );
    }
}
