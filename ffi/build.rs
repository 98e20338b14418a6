//! Gives the shared library a SONAME, as a distribution's package needs: while
//! the version is 0.x every minor release may break the ABI, so the SONAME
//! carries major and minor (`libspamgauge.so.0.1`); from 1.0 on, the major only.

fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
    let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_else(|_| "0".into());
    let abi = if major == "0" {
        format!("0.{minor}")
    } else {
        major
    };
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" || target_os.ends_with("bsd") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libspamgauge.so.{abi}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
