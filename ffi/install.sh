#!/usr/bin/env bash
# Installs libspamgauge for C programs: the static and shared libraries, the
# header and a pkg-config file.
#
#   ffi/install.sh [--prefix DIR] [--libdir DIR] [--destdir DIR] [--no-build]
#
# The default prefix is /usr/local. --destdir stages the files under DIR (for
# packaging) while the .pc file names the final prefix. --no-build uses the
# libraries already in target/release.
set -euo pipefail

prefix=/usr/local libdir="" destdir="" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --libdir) libdir="$2"; shift 2 ;;
    --destdir) destdir="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "usage: $0 [--prefix DIR] [--libdir DIR] [--destdir DIR] [--no-build]" >&2; exit 2 ;;
  esac
done
[ -n "$libdir" ] || libdir="$prefix/lib"

root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}/release"
if [ "$build" = 1 ]; then
  cargo build --release --locked -p spamgauge-ffi --manifest-path "$root/Cargo.toml"
fi

version="$(sed -n 's/^#define SG_VERSION "\(.*\)"$/\1/p' "$root/ffi/include/spamgauge.h")"
major="${version%%.*}" rest="${version#*.}" minor="${rest%%.*}"
# The SONAME set by ffi/build.rs: major.minor while the major is 0.
if [ "$major" = 0 ]; then abi="0.$minor"; else abi="$major"; fi

install -d "$destdir$libdir/pkgconfig" "$destdir$prefix/include"
install -m 644 "$target/libspamgauge.a" "$destdir$libdir/libspamgauge.a"
install -m 755 "$target/libspamgauge.so" "$destdir$libdir/libspamgauge.so.$version"
ln -sf "libspamgauge.so.$version" "$destdir$libdir/libspamgauge.so.$abi"
ln -sf "libspamgauge.so.$abi" "$destdir$libdir/libspamgauge.so"
install -m 644 "$root/ffi/include/spamgauge.h" "$destdir$prefix/include/spamgauge.h"
sed -e "s|@PREFIX@|$prefix|" -e "s|@LIBDIR@|$libdir|" -e "s|@VERSION@|$version|" \
  "$root/ffi/spamgauge.pc.in" > "$destdir$libdir/pkgconfig/spamgauge.pc"
echo "installed libspamgauge $version under $destdir$prefix"
