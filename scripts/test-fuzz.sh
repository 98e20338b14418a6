#!/usr/bin/env bash
# Fuzz smoke stage: when a nightly toolchain and cargo-fuzz are available,
# builds every cargo-fuzz target once (AddressSanitizer), replays the committed
# crash corpus (fuzz/artifacts/<target>/, each file must no longer crash), then
# fuzzes each target for a few seconds from its seed corpus (fuzz/corpus/<target>/,
# copied to a temporary folder so that the committed seeds stay as they are).
# Ends with one line: "fuzz: N passed, N failed". Without nightly or
# cargo-fuzz it prints why and exits 0.
#
# Usage: scripts/test-fuzz.sh [SECONDS_PER_TARGET]   (default 10)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../fuzz"

seconds="${1:-10}"
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz: skipped (no nightly toolchain: rustup toolchain install nightly)"
    exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: skipped (cargo-fuzz not installed: cargo install cargo-fuzz --version 0.13.2 --locked)"
    exit 0
fi

mapfile -t targets < <(cargo fuzz list 2>/dev/null)
if [[ ${#targets[@]} -eq 0 ]]; then
    echo "fuzz: 0 passed, 1 failed (no targets listed)"
    exit 1
fi
if ! cargo +nightly fuzz build; then
    echo "fuzz: 0 passed, ${#targets[@]} failed (build failed)"
    exit 1
fi

passed=0
failed=0
work="$(mktemp -d /tmp/sg-fuzz.XXXXXX)"
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
    # The committed crashes: each one replayed, none may crash again.
    if [[ -d "artifacts/$target" ]] && compgen -G "artifacts/$target/*" >/dev/null; then
        if cargo +nightly fuzz run "$target" artifacts/"$target"/* -- -runs=1 >"$work/$target.replay" 2>&1; then
            echo "fuzz: $target: committed crashes replayed, none crashes"
        else
            echo "fuzz: $target: a committed crash crashes again:"
            tail -n 30 "$work/$target.replay"
            failed=$((failed + 1))
            continue
        fi
    fi
    mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
    if [[ -d "corpus/$target" ]]; then cp -r "corpus/$target/." "$work/corpus/$target/"; fi
    if cargo +nightly fuzz run "$target" "$work/corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$work/artifacts/$target/" >"$work/$target.log" 2>&1; then
        runs=$(grep -o 'Done [0-9]* runs' "$work/$target.log" | tail -1)
        echo "fuzz: $target: ${runs:-done} in ${seconds} s"
        passed=$((passed + 1))
    else
        echo "fuzz: $target: FAILED; the input is in fuzz/artifacts/$target/:"
        mkdir -p "artifacts/$target"
        cp "$work/artifacts/$target/"* "artifacts/$target/" 2>/dev/null || true
        tail -n 40 "$work/$target.log"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
