#!/usr/bin/env bash
# Every check the project runs, from a fresh machine: installs what is missing
# (guarded, so a second run installs nothing), then formatting, lints, docs, the
# WebAssembly build of the core, and the test suites. CI runs exactly this
# (.ci/run). The nextest summary is the last thing printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

stage() { printf '\n\033[1m==> %s\033[0m  (%s MiB free on disk)\n' "$*" "$(free_mib)"; }
have() { command -v "$1" >/dev/null 2>&1; }
free_mib() { df -Pm . | awk 'NR == 2 { print $4 }'; }

# Disk: a CI machine may have only a few GiB free. Incremental compilation
# caches are useless in a one-shot run and large, so they are off; and when
# less than TIDY_BELOW_MIB is free, each stage's build outputs that no later
# stage reads are removed as soon as the stage is done (a developer's machine
# with room keeps them, so a second run rebuilds nothing).
export CARGO_INCREMENTAL=0
TIDY_BELOW_MIB=${TIDY_BELOW_MIB:-20000}
tidy() {
    if (( $(free_mib) < TIDY_BELOW_MIB )); then
        echo "test.sh: less than ${TIDY_BELOW_MIB} MiB free; removing $*"
        rm -rf "$@"
    fi
}

# --- Stage 1: install -------------------------------------------------------
# Each language gets its own function; stages for C (ffi/) and JS (wasm/) add
# their tools here when those crates land.

install_rust() {
    if ! have cargo; then
        echo "test.sh: cargo not found; install Rust with rustup first" >&2
        exit 1
    fi
    if have rustup; then
        local installed
        installed="$(rustup component list --installed)"
        for component in rustfmt clippy; do
            if ! grep -q "^${component}" <<<"$installed"; then
                rustup component add "$component"
            fi
        done
        # Not on a fresh machine: the core must build for wasm32.
        if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
            rustup target add wasm32-unknown-unknown
        fi
    fi
}

stage "install: Rust toolchain, components and targets"
install_rust
# The fuzz smoke stage needs cargo-fuzz (pinned) when a nightly toolchain exists.
if cargo +nightly --version >/dev/null 2>&1 && ! cargo fuzz --version 2>/dev/null | grep -q '0\.13\.2'; then
    cargo install cargo-fuzz --version 0.13.2 --locked
fi
# The C and WASM stages install their own tools (gcc, valgrind, pkg-config,
# libmilter, Postfix; wasm-bindgen-cli, npm packages, Chromium), each guarded.

# --- Stage 2: static checks -------------------------------------------------
stage "cargo fmt --all --check"
cargo fmt --all --check

stage "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

stage "cargo doc --no-deps (warnings are errors)"
RUSTDOCFLAGS="-Dwarnings" cargo doc --workspace --no-deps

# --- Stage 3: builds for other targets --------------------------------------
stage "core for wasm32-unknown-unknown (no I/O, no clock: it must build there)"
cargo build -p spamgauge --target wasm32-unknown-unknown
tidy target/wasm32-unknown-unknown/debug

# --- Stage 4: C (ffi/) — header check, C tests under valgrind, milter ------
stage "C: libspamgauge, header check, C tests under valgrind, milter through Postfix"
scripts/test-c.sh
tidy target/release target/c

# --- Stage 5: JS (wasm/) — npm package, Node and browser tests ---------------
stage "WASM: npm package, Node tests, browser test in headless Chromium"
scripts/test-wasm.sh
tidy target/wasm32-unknown-unknown target/wasm-release

# --- Stage 6: fuzz smoke (cargo-fuzz on nightly; skipped with a message without) --
stage "fuzz: crash corpus replay and a short run of every target"
scripts/test-fuzz.sh 10
tidy fuzz/target

# --- Stage 7: Rust tests (last, so that nextest's summary ends the output) --
stage "cargo test --doc --workspace"
cargo test --doc --workspace

if cargo nextest --version >/dev/null 2>&1; then
    stage "cargo nextest run --workspace"
    cargo nextest run --workspace
else
    stage "cargo test --workspace (cargo-nextest not installed)"
    cargo test --workspace --lib --bins --tests
fi
