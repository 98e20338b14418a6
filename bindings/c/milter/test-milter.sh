#!/usr/bin/env bash
# Drives spamgauge-milter through a real Postfix on loopback: a private Postfix
# instance (its own config, queue and log under a temporary directory, listening
# on 127.0.0.1 only, every transport "discard") is started, a ham and a spam
# message are sent over SMTP, and the test checks what Postfix answered and
# logged. Postfix and the milter are stopped at the end, whatever happens.
#
#   bindings/c/milter/test-milter.sh PREFIX OUTDIR
#
# PREFIX is a staged libspamgauge install (ffi/install.sh). Prints the plain
# line "N passed, N failed, N skipped"; Postfix checks are skipped, with the
# reason, when Postfix cannot be installed or started here.
set -uo pipefail

prefix="$1" out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
ko() { failed=$((failed + 1)); echo "FAIL $1"; }
skip() { skipped=$((skipped + $2)); echo "SKIP $1"; }
finish() {
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
  exit
}

as_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
  as_root || return 1
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

# --- build ------------------------------------------------------------------
if [ ! -f /usr/include/libmilter/mfapi.h ]; then
  apt_install libmilter-dev || { skip "libmilter-dev is not installed and cannot be installed" 6; finish; }
fi
if gcc -std=c99 -Wall -Wextra -Werror -O1 -g -I"$prefix/include" \
     "$here/spamgauge-milter.c" "$prefix/lib/libspamgauge.a" -lmilter -lpthread -ldl -lm \
     -o "$out/spamgauge-milter" 2>"$out/build.log"; then
  ok "compile spamgauge-milter (-std=c99 -Wall -Wextra -Werror)"
else
  ko "compile spamgauge-milter"; cat "$out/build.log"; skip "milter not built" 5; finish
fi

# --- Postfix ------------------------------------------------------------------
if ! command -v postfix >/dev/null; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null
  apt_install postfix || true
fi
if ! command -v postfix >/dev/null || ! as_root; then
  skip "Postfix is not available (needs Debian's postfix package and root): milter not driven" 5
  finish
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
milter_port="$(free_port)" smtp_port="$(free_port)"
work="$(mktemp -d /tmp/sg-postfix.XXXXXX)"
chmod 755 "$work"
mkdir -p "$work/etc" "$work/queue" "$work/data"
chown postfix "$work/data" # master.lock and postlogd live here
milter_pid=""

cleanup() {
  if [ -f "$work/etc/main.cf" ]; then
    postfix -c "$work/etc" stop >/dev/null 2>&1
    for _ in $(seq 1 50); do
      [ -f "$work/queue/pid/master.pid" ] && kill -0 "$(tr -d ' ' < "$work/queue/pid/master.pid")" 2>/dev/null || break
      sleep 0.1
    done
  fi
  if [ -n "$milter_pid" ]; then
    kill "$milter_pid" 2>/dev/null
    wait "$milter_pid" 2>/dev/null
  fi
  cp "$work/maillog" "$out/maillog" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The engine's configuration for the test: an HTML message or one without a
# Date: field is spam, so the decision does not depend on the other tests.
printf '{"scores":{"HTML_MESSAGE":20,"MISSING_DATE":20}}' > "$out/milter.json"
# The milter runs under valgrind (no invalid access, no leak) unless
# SG_MILTER_WRAPPER says otherwise (set it empty to run it bare).
if [ -z "${SG_MILTER_WRAPPER+set}" ] && command -v valgrind >/dev/null; then
  SG_MILTER_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite,indirect"
fi
${SG_MILTER_WRAPPER:-} "$out/spamgauge-milter" -p "inet:$milter_port@127.0.0.1" -c "$out/milter.json" \
  2>"$out/milter.log" &
milter_pid=$!

wait_port() { # PORT: up to 30 s for something to listen on 127.0.0.1:PORT
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
if wait_port "$milter_port"; then ok "milter listens on 127.0.0.1:$milter_port"
else ko "milter did not start"; cat "$out/milter.log"; skip "no milter" 4; finish; fi

cat > "$work/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $work/queue
data_directory = $work/data
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = sg-test.invalid
mydomain = sg-test.invalid
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
# Pass messages on as sent: no Date: or Message-ID: added for local clients.
local_header_rewrite_clients =
always_add_missing_headers = no
smtpd_relay_restrictions = permit_mynetworks, reject
default_transport = discard:spamgauge-test
relay_transport = discard:spamgauge-test
local_transport = discard:spamgauge-test
smtpd_milters = inet:127.0.0.1:$milter_port
non_smtpd_milters =
milter_default_action = tempfail
milter_connect_timeout = 10s
milter_content_timeout = 60s
maillog_file = $work/maillog
maillog_file_prefixes = $work
alias_maps =
alias_database =
biff = no
smtputf8_enable = no
syslog_name = sg-test-postfix
CF
cat > "$work/etc/master.cf" <<CF
127.0.0.1:$smtp_port inet n - n - - smtpd
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
CF

if postfix -c "$work/etc" start >"$out/postfix-start.log" 2>&1 && wait_port "$smtp_port"; then
  ok "private Postfix $(postconf -c "$work/etc" -h mail_version) started on 127.0.0.1:$smtp_port"
else
  cat "$out/postfix-start.log" "$work/maillog" 2>/dev/null
  skip "Postfix could not be started here: milter not driven through Postfix" 4
  finish
fi

# Sends one message over SMTP and prints Postfix's answer to the end of DATA
# as "CODE TEXT" (or "ERROR ..." when the dialogue failed).
send() {
  python3 - "$smtp_port" "$1" <<'PY'
import smtplib, sys
port, path = int(sys.argv[1]), sys.argv[2]
data = open(path, "rb").read()
try:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as s:
        s.ehlo("client.sg-test.invalid")
        s.mail("sender@example.com")
        s.rcpt("rcpt@example.org")
        code, text = s.data(data)
        print(code, text.decode("utf-8", "replace"))
except smtplib.SMTPResponseException as e:
    print(e.smtp_code, e.smtp_error.decode("utf-8", "replace"))
except Exception as e:
    print("ERROR", e)
PY
}

printf 'Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nFrom: Alice <sender@example.com>\r\nTo: rcpt@example.org\r\nSubject: lunch\r\nMessage-ID: <ham-1@example.com>\r\n\r\nSee you at noon.\r\n' > "$out/ham.eml"
printf 'From: Promo <sender@example.com>\r\nTo: rcpt@example.org\r\nSubject: offer\r\nMessage-ID: <spam-1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Buy <b>now</b>!</p></body></html>\r\n' > "$out/spam.eml"

ham_reply="$(send "$out/ham.eml")"
spam_reply="$(send "$out/spam.eml")"
echo "     ham:  $ham_reply"
echo "     spam: $spam_reply"

# Postfix logs asynchronously: wait (bounded) for both outcomes to be logged.
for _ in $(seq 1 100); do
  grep -q 'milter-reject' "$work/maillog" 2>/dev/null &&
    grep -q 'status=sent' "$work/maillog" 2>/dev/null && break
  sleep 0.1
done

case "$ham_reply" in
  250*) if grep -q 'status=sent' "$work/maillog"; then ok "ham: Postfix accepted it (250) and delivered it"
        else ko "ham: accepted but no delivery logged"; fi ;;
  *) ko "ham: Postfix answered '$ham_reply'" ;;
esac
case "$spam_reply" in
  5[0-9][0-9]" 5.7.1 "*)
    if grep -q 'milter-reject: END-OF-MESSAGE.*5.7.1' "$work/maillog" &&
       grep -q "reply=${spam_reply%% *} 5.7.1" "$out/milter.log"; then
      ok "spam: Postfix rejected it with the engine's SMTP reply (${spam_reply%% *} 5.7.1) and logged milter-reject"
    else ko "spam: refused but not with the engine's reply, or no milter-reject logged"; fi ;;
  *) ko "spam: Postfix answered '$spam_reply'" ;;
esac

# Stop both; the milter must exit cleanly on SIGTERM (and valgrind find nothing).
postfix -c "$work/etc" stop >/dev/null 2>&1
kill "$milter_pid" 2>/dev/null
wait "$milter_pid"
milter_rc=$?
milter_pid=""
if [ "$milter_rc" -eq 0 ]; then ok "milter stopped cleanly${SG_MILTER_WRAPPER:+ (${SG_MILTER_WRAPPER%% *}: no error, no leak)}"
else ko "milter exit status $milter_rc${SG_MILTER_WRAPPER:+ under ${SG_MILTER_WRAPPER%% *}}"; fi
if [ "$failed" -gt 0 ]; then
  echo "--- milter log"; cat "$out/milter.log"
  echo "--- Postfix log"; cat "$work/maillog" 2>/dev/null
fi
finish
