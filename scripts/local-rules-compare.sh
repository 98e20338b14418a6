#!/usr/bin/env bash
# Local rules (Config::custom_rules, `--rules`) against SpamAssassin: the same
# rule file, scripts/local-rules-compare.cf, run by `spamassassin -L -t --cf`
# and by `spamgauge score --rules` on the first N spam and N ham of the
# corpus (files sorted by name); prints how many messages get the same
# local-rule hits (names starting with L_), and every difference.
#
# Usage: scripts/local-rules-compare.sh [N] [CORPUS_DIR]
#   N defaults to 200, CORPUS_DIR to ../shared/corpus (relative to the
#   repository root). JOBS (default 2) SpamAssassin processes run at once.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-200}
corpus=${2:-$root/../shared/corpus}
rules="$root/scripts/local-rules-compare.cf"
out="$root/target/local-rules"
mkdir -p "$out"
command -v spamassassin >/dev/null || { echo "spamassassin is not installed" >&2; exit 1; }

(cd "$corpus" && for class in spam ham; do ls "$class" | LC_ALL=C sort | awk -v n="$n" -v c="$class" 'NR <= n { print c "/" $0 }'; done) >"$out/list"

# SpamAssassin: one line per message, "path<TAB>tests" (the X-Spam-Status
# field unfolded).
export corpus rules
xargs -P "${JOBS:-2}" -I{} sh -c '
  tests=$(spamassassin -L -t --cf="$(cat "$rules")" <"$corpus/$1" 2>/dev/null |
    sed -n "/^X-Spam-Status:/,/^[^ \t]/p" | sed "\$d" | tr "\n\t" "  " | sed "s/.*tests=//")
  printf "%s\t%s\n" "$1" "$tests"' sh {} <"$out/list" >"$out/sa.tsv"

cargo build -q --release -p spamgauge-cli
sed "s|^|$corpus/|" "$out/list" | xargs "$root/target/release/spamgauge" score --json --rules "$rules" >"$out/spamgauge.jsonl"

python3 - "$out" "$corpus" <<'PY'
import json, re, sys
out, corpus = sys.argv[1], sys.argv[2].rstrip("/") + "/"
sa = {}
for line in open(f"{out}/sa.tsv"):
    path, _, tests = line.rstrip("\n").partition("\t")
    sa[path] = {t for t in re.split(r"[,\s]+", tests) if t.startswith("L_")}
sg = {}
for line in open(f"{out}/spamgauge.jsonl"):
    report = json.loads(line)
    sg[report["path"][len(corpus):]] = {t["name"] for t in report["tests"] if t["name"].startswith("L_")}
same = sum(sa[p] == sg.get(p) for p in sa)
fired = sum(len(hits) for hits in sa.values())
print(f"{same}/{len(sa)} messages with the same local-rule hits ({fired} hits in SpamAssassin)")
for p in sorted(sa):
    if sa[p] != sg.get(p):
        print(f"  {p}: SpamAssassin only {sorted(sa[p] - sg.get(p, set()))}, spamgauge only {sorted(sg.get(p, set()) - sa[p])}")
PY
