#!/usr/bin/env bash
# Deterministic cost of the full engine: instructions counted by callgrind
# while the release CLI scores a fixed subset of the corpus (every 10th
# message: 300 of 3,000) with a Bayes database trained on the whole corpus and
# network verdicts (score set 3). Unlike wall time, the count does not depend
# on the machine's load, so it compares builds on a shared machine.
#
# It also writes the CLI's reports over the whole corpus (JSON in English and
# French, text, with and without Bayes and verdicts) and the database learned
# from it into OUT_DIR: two builds behave the same when `diff -r` of their
# OUT_DIRs is empty.
#
# Usage: scripts/callgrind-corpus.sh OUT_DIR [SPAMGAUGE_BINARY] [CORPUS_DIR]
#   SPAMGAUGE_BINARY  default: target/release/spamgauge (cargo build --release -p spamgauge-cli)
#   CORPUS_DIR        folder with spam/ and ham/ (default: $SPAMGAUGE_CORPUS,
#                     ../shared/corpus or ../../shared/corpus)
# Needs: valgrind
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out="${1:?usage: scripts/callgrind-corpus.sh OUT_DIR [SPAMGAUGE_BINARY] [CORPUS_DIR]}"
bin="$(realpath "${2:-target/release/spamgauge}")"
corpus="${3:-${SPAMGAUGE_CORPUS:-}}"
if [[ -z "$corpus" ]]; then
    for dir in ../shared/corpus ../../shared/corpus; do
        if [[ -d "$dir/spam" && -d "$dir/ham" ]]; then corpus="$dir"; break; fi
    done
fi
if [[ -z "$corpus" || ! -d "$corpus/spam" || ! -d "$corpus/ham" ]]; then
    echo "callgrind-corpus.sh: no corpus (pass a folder with spam/ and ham/)" >&2
    exit 1
fi
corpus="$(realpath "$corpus")"
mkdir -p "$out"
out="$(realpath "$out")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now=2024-06-01T00:00:00Z
# The corpus bench's verdicts (benches/src/lib.rs), with a fixed `now`.
cat > "$work/verdicts.json" <<EOF
{
  "envelope": {"client_ip": "203.0.113.7", "helo": "mail.example.com",
               "client_rdns": "mail.example.com", "now": "$now",
               "mail_from": "sender@example.com", "rcpt_to": ["user@example.org"]},
  "auth": {"spf": "none"}
}
EOF
# A database left by an earlier run into the same folder would be learned
# into, not replaced.
rm -f "$out/bayes.db"
"$bin" learn --db "$out/bayes.db" --spam --now "$now" "$corpus/spam" > /dev/null 2>&1
"$bin" learn --db "$out/bayes.db" --ham --now "$now" "$corpus/ham" > /dev/null 2>&1

full=(--verdicts "$work/verdicts.json" --bayes-db "$out/bayes.db")
"$bin" score --json --now "$now" "$corpus/spam" "$corpus/ham" > "$out/plain.jsonl" || true
"$bin" score --json "${full[@]}" "$corpus/spam" "$corpus/ham" > "$out/full.jsonl" 2> /dev/null || true
"$bin" score --json --lang fr "${full[@]}" "$corpus/spam" "$corpus/ham" > "$out/full-fr.jsonl" 2> /dev/null || true
"$bin" score "${full[@]}" "$corpus/spam" "$corpus/ham" > "$out/full.txt" 2> /dev/null || true

mkdir "$work/subset"
i=0
for file in "$corpus"/spam/*.eml "$corpus"/ham/*.eml; do
    if (( i % 10 == 0 )); then
        ln -s "$file" "$work/subset/$(basename "$(dirname "$file")")-$(basename "$file")"
    fi
    i=$((i + 1))
done
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
    "$bin" score --json "${full[@]}" "$work/subset" > /dev/null 2> "$work/valgrind.log" || true
total="$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$work/valgrind.log")"
echo "callgrind: $total instructions for $(ls "$work/subset" | wc -l) messages (full engine, CLI start-up and database load included)"
echo "reports and database in $out"
