#!/usr/bin/env bash
# SpamAssassin's side of the Bayes hold-out comparison (see CONFORMANCE.md).
#
# The split is the same as core/tests/bayes_holdout.rs: within each class
# (spam/, ham/), the *.eml files sorted by name (byte order) are numbered from 0;
# every message whose number is 4 modulo 5 is held out (20 %), the others train.
#
# Steps: `sa-learn --spam` / `--ham` on the training messages into a fresh
# database in a temporary directory, then `spamassassin -L` (local tests only,
# so score set 2: Bayes without network) on every held-out message, with
# auto-learning off so scanning never changes the database.
#
# Usage: scripts/sa-bayes-compare.sh [CORPUS_DIR] [OUT_DIR]
#   CORPUS_DIR defaults to ../shared/corpus (relative to the repository root),
#   OUT_DIR to target/; writes OUT_DIR/sa-bayes-holdout.tsv (one line per
#   held-out message: class, path, score, tests) and OUT_DIR/sa-bayes-holdout.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
out=${2:-$root/target}
jobs=${JOBS:-2}

if ! command -v sa-learn >/dev/null || ! command -v spamassassin >/dev/null; then
    echo "installing spamassassin (Debian package)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq spamassassin >&2
fi
[ -d "$corpus/spam" ] && [ -d "$corpus/ham" ] || { echo "no corpus at $corpus" >&2; exit 1; }
mkdir -p "$out"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/bayes"
# Shared by both commands: a private database, no auto-learning, nothing from ~.
common=(-L -p "$work/user_prefs" --cf="bayes_path $db/bayes" --cf="bayes_auto_learn 0")
: >"$work/user_prefs"
mkdir -p "$db"

for class in spam ham; do
    (cd "$corpus/$class" && find . -maxdepth 1 -name '*.eml' -printf '%f\n' | LC_ALL=C sort) |
        awk -v dir="$corpus/$class" -v train="$work/train-$class" -v held="$work/held-$class" \
            '{ print dir "/" $0 > ((NR - 1) % 5 == 4 ? held : train) }'
done

for class in spam ham; do
    echo "sa-learn --$class: $(wc -l <"$work/train-$class") messages" >&2
    sa-learn "${common[@]}" --"$class" -f "$work/train-$class" >&2
done
sa-learn "${common[@]}" --dump magic >&2

scan() { # class path -> "class<TAB>path<TAB>score<TAB>tests"
    local status
    # awk stops reading after the header: silence the broken-pipe notes.
    status=$(spamassassin "${common[@]}" -x <"$2" 2>/dev/null |
        awk '/^X-Spam-Status:/ { on = 1; s = $0; next }
             on && /^[ \t]/ { s = s $0; next }
             on { print s; exit }
             /^$/ { exit }')
    status=$(printf '%s' "$status" | tr -d ' \t')
    local score=${status#*score=}; score=${score%%required=*}
    local tests=${status#*tests=}; tests=${tests%%autolearn=*}
    printf '%s\t%s\t%s\t%s\n' "$1" "${2#"$corpus"/}" "$score" "$tests"
}
export -f scan
export corpus
common_q=$(printf '%q ' "${common[@]}")
export common_q

for class in spam ham; do
    xargs -a "$work/held-$class" -P "$jobs" -I{} bash -c \
        'common=('"$common_q"'); scan "$0" "$1"' "$class" {}
done | LC_ALL=C sort -k2,2 >"$out/sa-bayes-holdout.tsv"

awk -F'\t' -v out="$out/sa-bayes-holdout.md" '
    { n[$1]++; if ($3 + 0 >= 5.0) spam[$1]++; if ($4 ~ /(^|,)BAYES_99(,|$)/) b99[$1]++; }
    END {
        printf "| SpamAssassin 4.0.1 (set 2) | spam recall | ham false positives |\n" > out
        printf "|---|---|---|\n" > out
        printf "| BAYES_99 | %d/%d (%.1f %%) | %d/%d (%.2f %%) |\n", b99["spam"], n["spam"], 100*b99["spam"]/n["spam"], b99["ham"], n["ham"], 100*b99["ham"]/n["ham"] > out
        printf "| whole engine, score >= 5.0 | %d/%d (%.1f %%) | %d/%d (%.2f %%) |\n", spam["spam"], n["spam"], 100*spam["spam"]/n["spam"], spam["ham"], n["ham"], 100*spam["ham"]/n["ham"] > out
    }' "$out/sa-bayes-holdout.tsv"
cat "$out/sa-bayes-holdout.md"
