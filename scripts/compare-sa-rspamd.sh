#!/usr/bin/env bash
# Side-by-side throughput on the same machine and the same messages:
#
#   * SpamAssassin 4.0.1 (Debian): spamd -L (local tests only) with 2 children
#     on 127.0.0.1, fed by spamc, 2 clients in parallel (xargs -P2);
#   * rspamd 3.4 (Debian): 2 normal workers on 127.0.0.1, network checks off
#     (local.d overrides in a temporary config dir), fed by rspamc with 2
#     requests in flight.
#
# Prints messages/s, MB/s and messages/s per core (= messages/s / 2, the
# cores used) for each. Run spamgauge's own figures with
#   cargo bench -p spamgauge-benches --bench corpus
#
# Usage: scripts/compare-sa-rspamd.sh [CORPUS_DIR] [MAX_MESSAGES]
#   CORPUS_DIR   folder with spam/ and ham/ (default: $SPAMGAUGE_CORPUS,
#                ../shared/corpus or ../../shared/corpus)
#   MAX_MESSAGES keep the first N messages (default: all)
# Needs: apt-get install -y spamassassin spamc rspamd
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

corpus="${1:-${SPAMGAUGE_CORPUS:-}}"
if [[ -z "$corpus" ]]; then
    for dir in ../shared/corpus ../../shared/corpus; do
        if [[ -d "$dir/spam" && -d "$dir/ham" ]]; then corpus="$dir"; break; fi
    done
fi
if [[ -z "$corpus" || ! -d "$corpus" ]]; then
    echo "compare-sa-rspamd.sh: no corpus (pass a folder with spam/ and ham/)" >&2
    exit 1
fi
max="${2:-0}"
for tool in spamd spamc rspamd rspamc; do
    command -v "$tool" >/dev/null || { echo "compare-sa-rspamd.sh: $tool not installed" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sg-compare.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ -z "${SG_KEEP:-}" ]]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT

find "$corpus/spam" "$corpus/ham" -name '*.eml' -type f | sort >"$work/all.txt"
if [[ "$max" -gt 0 ]]; then head -n "$max" "$work/all.txt" >"$work/list.txt"; else cp "$work/all.txt" "$work/list.txt"; fi
n=$(wc -l <"$work/list.txt")
bytes=$(tr '\n' '\0' <"$work/list.txt" | du -cb --files0-from=- | tail -1 | cut -f1)
echo "messages: $n, bytes: $bytes, from $corpus; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"

report() { # name wall-seconds cores cpu-seconds
    awk -v name="$1" -v s="$2" -v n="$n" -v b="$bytes" -v c="$3" -v cpu="$4" 'BEGIN {
        printf "%-40s %7.1f s wall %9.1f msgs/s %7.2f MB/s %8.1f msgs/s per core | %7.1f s CPU %8.1f msgs per CPU-second\n",
            name, s, n / s, b / 1e6 / s, n / s / c, cpu, n / cpu }'
}
# CPU seconds (user + system) used so far by a daemon: the process itself, the
# children it has reaped, and its live children. The machine may be shared,
# so the per-CPU-second figure is the one that does not depend on load.
cpu_tree() { # pid
    local hz total=0 pid
    hz=$(getconf CLK_TCK)
    for pid in "$1" $(pgrep -P "$1"); do
        # Fields after the ")" of the command name: utime is the 12th, then
        # stime, cutime, cstime (only the top process counts reaped children).
        local fields
        fields=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
        if [[ "$pid" == "$1" ]]; then
            total=$((total + $(awk '{ print $12 + $13 + $14 + $15 }' <<<"$fields")))
        else
            total=$((total + $(awk '{ print $12 + $13 }' <<<"$fields")))
        fi
    done
    awk -v t="$total" -v hz="$hz" 'BEGIN { print t / hz }'
}
now() { date +%s.%N; }
wait_port() { # port
    for _ in $(seq 1 600); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    echo "compare-sa-rspamd.sh: nothing listening on port $1" >&2
    return 1
}

# --- SpamAssassin -------------------------------------------------------------
sa_port=17830
mkdir -p "$work/sa-home" "$work/sa-site"
chmod 0777 "$work" "$work/sa-home"
# Debian's site config plus: no Bayes (there is no trained database for
# SpamAssassin here, and autolearning would only fail on nobody's home).
cp -r /etc/spamassassin/. "$work/sa-site/"
printf 'use_bayes 0\nbayes_auto_learn 0\n' >"$work/sa-site/zz-bench.cf"
spamd -L --max-children=2 --min-children=2 --min-spare=2 --max-spare=2 \
    -i 127.0.0.1 -A 127.0.0.1 -p "$sa_port" -x --helper-home-dir="$work/sa-home" --siteconfigpath="$work/sa-site" \
    -u nobody -s "$work/spamd.log" -r "$work/spamd.pid" >/dev/null 2>&1 &
pids+=($!)
wait_port "$sa_port"
# One warm-up message, so that both children have compiled the rules.
spamc -p "$sa_port" -c <"$(head -n 1 "$work/list.txt")" >/dev/null || true
spamc -p "$sa_port" -c <"$(sed -n 2p "$work/list.txt")" >/dev/null || true
sa_pid=$(cat "$work/spamd.pid")
cpu0=$(cpu_tree "$sa_pid")
start=$(now)
# -s: no size cut-off, the same bytes as the other engines see.
tr '\n' '\0' <"$work/list.txt" |
    xargs -0 -P2 -n1 sh -c 'spamc -p "$0" -s 67108864 -c <"$1" >/dev/null || true' "$sa_port"
end=$(now)
sa_s=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
cpu1=$(cpu_tree "$sa_pid")
sa_cpu=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')
kill "$(cat "$work/spamd.pid" 2>/dev/null || echo "${pids[0]}")" 2>/dev/null || true

# --- rspamd ---------------------------------------------------------------------
conf="$work/rspamd"
mkdir -p "$conf/local.d" "$conf/override.d" "$work/rspamd-db" "$work/rspamd-run" "$work/rspamd-log"
cat >"$conf/local.d/worker-normal.inc" <<'EOF'
bind_socket = "127.0.0.1:17833";
count = 2;
EOF
cat >"$conf/local.d/worker-controller.inc" <<'EOF'
bind_socket = "127.0.0.1:17834";
count = 1;
EOF
cat >"$conf/override.d/worker-proxy.inc" <<'EOF'
enabled = false;
EOF
cat >"$conf/override.d/worker-fuzzy.inc" <<'EOF'
enabled = false;
EOF
cat >"$conf/local.d/options.inc" <<'EOF'
# No resolver: every DNS query fails at once, nothing leaves the machine.
dns {
    nameserver = ["127.0.0.1:1"];
    timeout = 0.1s;
    retransmits = 0;
}
EOF
cat >"$conf/local.d/logging.inc" <<'EOF'
type = "file";
level = "error";
EOF
# Network and Redis-backed modules off (rspamd's counterpart of spamd -L).
for module in rbl surbl emails fuzzy_check spf dkim dmarc arc dkim_signing asn \
    mx_check url_redirector greylist ratelimit neural replies reputation dcc \
    external_services antivirus metadata_exporter clickhouse history_redis \
    bayes_expiry elastic maps_stats p0f spamassassin hfilter phishing; do
    echo "enabled = false;" >"$conf/local.d/$module.conf"
done
rspamd -f -i -u root -g root -c /etc/rspamd/rspamd.conf \
    --var="LOCAL_CONFDIR=$conf" --var="DBDIR=$work/rspamd-db" \
    --var="RUNDIR=$work/rspamd-run" --var="LOGDIR=$work/rspamd-log" \
    >"$work/rspamd.out" 2>&1 &
pids+=($!)
wait_port 17833
rspamc -h 127.0.0.1:17833 "$(head -n 1 "$work/list.txt")" >/dev/null || true
rspamc -h 127.0.0.1:17833 "$(sed -n 2p "$work/list.txt")" >/dev/null || true
rs_pid=${pids[-1]}
cpu0=$(cpu_tree "$rs_pid")
start=$(now)
# rspamc reads the list itself, at most 2 requests in flight (2 workers).
xargs -a "$work/list.txt" -d '\n' rspamc -h 127.0.0.1:17833 -n 2 -t 60 >"$work/rspamc.out" 2>&1 || true
end=$(now)
rs_s=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
cpu1=$(cpu_tree "$rs_pid")
rs_cpu=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')
scanned=$(grep -c '^Action:' "$work/rspamc.out" || true)

echo
report "SpamAssassin 4.0.1 spamd -L, 2 children" "$sa_s" 2 "$sa_cpu"
report "rspamd 3.4, 2 workers, no network" "$rs_s" 2 "$rs_cpu"
echo "rspamd answered $scanned of $n messages; load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
