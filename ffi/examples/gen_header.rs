//! Writes the C header with the pinned cbindgen (a dev-dependency) and
//! `cbindgen.toml`: to `include/spamgauge.h` by default, or to the path given as
//! the only argument (the test suite writes elsewhere and compares).
//!
//! `cargo run -p spamgauge-ffi --example gen_header [OUTPUT]`

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let output = std::env::args_os()
        .nth(1)
        .map_or_else(|| crate_dir.join("include/spamgauge.h"), PathBuf::from);
    let config = match cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("gen_header: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
    {
        Ok(bindings) => {
            bindings.write_to_file(&output);
            println!("gen_header: wrote {}", output.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_header: {e}");
            ExitCode::FAILURE
        }
    }
}
