#!/usr/bin/env bash
# The WASM stage of the test suite: builds the npm package `spamgauge`
# (wasm/), installs it the way a user would (from the `npm pack` tarball) and
# runs its Node tests and its browser test (headless Chromium, Playwright).
#
# Installs what it needs, each step guarded so a machine that has the tools
# skips it: the wasm32 target, wasm-bindgen-cli (== the crate's wasm-bindgen),
# the npm dev tools of bindings/js (binaryen's wasm-opt, playwright-core, tsc)
# and Debian's Chromium. With the tools present it takes about a minute.
#
#   scripts/test-wasm.sh            build + Node tests + browser test
#   SKIP_BROWSER=1 scripts/...      without the browser test
#   SCREENSHOT=path scripts/...     where the browser test saves its screenshot
set -euo pipefail
cd "$(dirname "$0")/.."

WBG=0.2.130                      # must equal wasm-bindgen in Cargo.lock
JS=bindings/js
OUT=target/npm
PKG=$OUT/spamgauge
WASM=target/wasm32-unknown-unknown/wasm-release/spamgauge_wasm.wasm
export CARGO_TERM_COLOR=never

step() { printf '== wasm: %s\n' "$*"; }

step "tools"
rustup target list --installed | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown
# Not --locked: the CLI's own lockfile pins a crate no longer in the registry.
wasm-bindgen --version 2>/dev/null | grep -qF "$WBG" ||
  cargo install wasm-bindgen-cli --version "=$WBG"
grep -q "name = \"wasm-bindgen\"" Cargo.lock &&
  grep -A1 "name = \"wasm-bindgen\"" Cargo.lock | grep -qF "version = \"$WBG\"" ||
  { echo "Cargo.lock's wasm-bindgen is not $WBG: update WBG and the crate pin together" >&2; exit 1; }
# npm ci only when an installed dev tool differs from package.json.
if ! node -e '
  const pkg = require("./'$JS'/package.json");
  for (const [name, want] of Object.entries(pkg.devDependencies)) {
    let have; try { have = require("./'$JS'/node_modules/" + name + "/package.json").version; } catch { process.exit(1); }
    if (have !== want) process.exit(1);
  }'; then
  (cd "$JS" && npm ci --no-audit --no-fund)
fi
if [ -z "${SKIP_BROWSER:-}" ] && ! command -v chromium >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

step "build (cargo, profile wasm-release)"
cargo build -p spamgauge-wasm --profile wasm-release --target wasm32-unknown-unknown --locked

step "wasm-bindgen --target web"
rm -rf "$PKG" && mkdir -p "$PKG"
wasm-bindgen --target web --out-dir "$PKG/web" --out-name spamgauge "$WASM"
raw=$(stat -c %s "$PKG/web/spamgauge_bg.wasm")

step "wasm-opt -Oz (npm binaryen)"
# Run on wasm-bindgen's output of a strip=false build: the target_features
# section is there, so no --enable-* flags are needed.
"$JS/node_modules/.bin/wasm-opt" -Oz "$PKG/web/spamgauge_bg.wasm" -o "$PKG/web/spamgauge_bg.wasm"

cp wasm/package.json wasm/README.md wasm/node.js "$PKG/"
step "npm pack, installed into $JS/node_modules as a user's npm install would"
rm -f "$OUT"/spamgauge-*.tgz
(cd "$OUT" && npm pack ./spamgauge --silent >/dev/null)
rm -rf "$JS/node_modules/spamgauge" && mkdir -p "$JS/node_modules/spamgauge"
tar -xzf "$OUT"/spamgauge-*.tgz -C "$JS/node_modules/spamgauge" --strip-components=1

opt=$(stat -c %s "$PKG/web/spamgauge_bg.wasm")
gz=$(gzip -9 -c "$PKG/web/spamgauge_bg.wasm" | wc -c)
tgz=$(stat -c %s "$OUT"/spamgauge-*.tgz)
printf '== wasm: size: .wasm %s B raw, %s B after wasm-opt, %s B gzipped (-9); tarball %s B\n' \
  "$raw" "$opt" "$gz" "$tgz"

step "native reports of the verdicts case table (the Node tests compare)"
cargo run -q -p spamgauge-wasm --locked --example native_reports -- \
  core/tests/cases/verdicts.json > "$OUT/native-reports.json"

step "Node tests"
node --test "$JS"/test/*.test.mjs

if [ -z "${SKIP_BROWSER:-}" ]; then
  step "browser test (headless Chromium)"
  node --test "$JS"/browser/*.test.mjs
fi
