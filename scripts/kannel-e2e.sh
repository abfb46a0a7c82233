#!/usr/bin/env bash
# A real Kannel (bearerbox + smsbox + fakesmsc, Debian's kannel and kannel-extras) against `deskbot serve`, on
# 127.0.0.1 only and bounded in time: an English and an Urdu SMS in through get-url, each reply arriving intact
# (the Urdu one as UCS-2, compared character by character with the reply DeskBot recorded), staff status changes
# reaching the fake SMSC as sendsms pushes (English as text, Urdu as UCS-2, each once and intact) with their
# delivery reports recorded, then an English and an Urdu question through post-url.
#
#   scripts/kannel-e2e.sh            (builds deskbot in debug unless DESKBOT=path/to/deskbot is given)
set -euo pipefail
cd "$(dirname "$0")/.."

FAKESMSC=${FAKESMSC:-/usr/lib/kannel/test/fakesmsc}
for tool in bearerbox smsbox; do
    command -v "$tool" >/dev/null || { echo "kannel-e2e: $tool not found (apt-get install kannel kannel-extras)" >&2; exit 1; }
done
[ -x "$FAKESMSC" ] || { echo "kannel-e2e: $FAKESMSC not found (apt-get install kannel-extras)" >&2; exit 1; }
if [ -z "${DESKBOT:-}" ]; then
    swift build --product deskbot >/dev/null
    DESKBOT="$(swift build --show-bin-path)/deskbot"
fi

WORK=$(mktemp -d /tmp/deskbot-kannel.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ "${KEEP:-0}" = 1 ]; then echo "kannel-e2e: logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() {
    echo "kannel-e2e: FAIL: $*" >&2
    for f in "$WORK"/*.log; do echo "--- $f" >&2; grep -av DEBUG "$f" | tail -15 >&2 || true; done
    exit 1
}

# Free ports on 127.0.0.1.
read -r DESK ADMIN BOX SMSC SENDSMS < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')
TOKEN=kannel-e2e-token

cat > "$WORK/deskbot-server.yaml" <<YAML
public_url: http://127.0.0.1:$DESK
rate_limit_per_minute: 1000
kannel:
  token: $TOKEN
  send_url: http://127.0.0.1:$SENDSMS
  username: desk
  password: desk-pw
  from: "8080"
YAML

kannel_conf() {  # $1 = the sms-service's url line
    cat <<CONF
group = core
admin-port = $ADMIN
admin-interface = 127.0.0.1
admin-password = e2e-admin
admin-allow-ip = 127.0.0.1
smsbox-port = $BOX
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
dlr-storage = internal
log-level = 0
log-file = "$WORK/bearerbox-file.log"

group = smsc
smsc = fake
smsc-id = FAKE
port = $SMSC
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $BOX
sendsms-port = $SENDSMS
sendsms-interface = 127.0.0.1
log-level = 0

group = sendsms-user
username = desk
password = desk-pw
max-messages = 3
concatenation = true

group = sms-service
keyword = default
catch-all = true
$1
accept-x-kannel-headers = true
max-messages = 3
concatenation = false
omit-empty = true
CONF
}
kannel_conf "get-url = \"http://127.0.0.1:$DESK/webhook/kannel?sender=%p&receiver=%P&id=%I&coding=%c&charset=%C&text=%b&token=$TOKEN\"" > "$WORK/get.conf"
kannel_conf "post-url = \"http://127.0.0.1:$DESK/webhook/kannel?id=%I&token=$TOKEN\"
send-sender = true" > "$WORK/post.conf"

wait_for() {  # $1 = seconds, then a command that succeeds when ready
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.2
    done
}

# DeskBot, then Kannel.
"$DESKBOT" serve --host 127.0.0.1 --port "$DESK" --config "$WORK/deskbot-server.yaml" --db "$WORK/desk.sqlite" \
    --corpora corpora > "$WORK/deskbot.log" 2>&1 &
PIDS+=($!)
wait_for 60 curl -sf "http://127.0.0.1:$DESK/healthz" || fail "deskbot serve did not start"
bearerbox -v 1 "$WORK/get.conf" > "$WORK/bearerbox.log" 2>&1 &
PIDS+=($!)
wait_for 15 python3 -c "import socket; socket.create_connection(('127.0.0.1', $BOX), 1)" || fail "bearerbox did not start"
smsbox -v 1 "$WORK/get.conf" > "$WORK/smsbox.log" 2>&1 &
SMSBOX=$!
PIDS+=($SMSBOX)
wait_for 15 python3 -c "import socket; socket.create_connection(('127.0.0.1', $SENDSMS), 1)" || fail "smsbox did not start"

# One SMS from the fake SMSC; waits (bounded) until `count` messages came back to it, then stops it.
# $1 = log name, $2 = count, $3 = fakesmsc message ("sender receiver type text")
fake() {
    local log="$WORK/$1.log"
    "$FAKESMSC" -H 127.0.0.1 -r "$SMSC" -i 0.1 -m "$( [ -n "$3" ] && echo 1 || echo 0 )" "${3:-1 2 text unused}" > "$log" 2>&1 &
    local pid=$!
    PIDS+=($pid)
    local deadline=$((SECONDS + 25))
    until [ "$(grep -ac 'Got message' "$log" 2>/dev/null || true)" -ge "$2" ] 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { kill $pid; fail "$1: no reply from Kannel in 25 s"; }
        sleep 0.2
    done
    sleep 0.5
    kill $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
}

# Checks what the fake SMSC received against the replies DeskBot recorded for that sender, character by character.
# $1 = log name, $2 = sender, $3 = expected coding (text|ucs-2), $4 = the ledger row (0 = first reply to sender)
check_reply() {
    python3 - "$WORK/$1.log" "$WORK/desk.sqlite" "$2" "$3" "$4" <<'PY' || fail "$1: reply not intact"
import re, sqlite3, sys, urllib.parse, time
log, db, sender, coding, row = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
parts = []
# A text reply may hold newlines, so a message runs to the ">" that ends a log line before the next log line.
text = open(log, encoding="utf-8", errors="replace").read()
for m in re.finditer(r"Got message \d+: <(\S+) (\S+) (\S+) (.*?)>\n(?=\d{4}-\d\d-\d\d |\Z)", text, re.S):
    kind, data = m.group(3), m.group(4)
    if kind != coding:
        sys.exit(f"expected {coding}, got {kind}: {data!r}")
    parts.append(urllib.parse.unquote_to_bytes(data.replace("+", "%20")).decode("utf-16-be") if kind == "ucs-2" else data)
got = "".join(parts)
con = sqlite3.connect(db)
rows = con.execute("SELECT reply FROM inbound WHERE channel = 'kannel' AND reply IS NOT NULL ORDER BY receivedAt, rowid").fetchall()
citizen_rows = [r[0] for r in rows]
want = citizen_rows[row]
if got != want:
    for i, (a, b) in enumerate(zip(got, want)):
        if a != b: sys.exit(f"first difference at character {i}: got {a!r} (U+{ord(a):04X}), want {b!r} (U+{ord(b):04X})")
    sys.exit(f"lengths differ: got {len(got)}, want {len(want)}\n got: {got!r}\nwant: {want!r}")
if "?" in got and "?" not in want: sys.exit("question marks in the reply")
print(f"kannel-e2e: {len(got)} characters intact ({coding}): {got[:60]!r}…")
PY
}

urlencode_ucs2() { python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1].encode('utf-16-be')))" "$1"; }

# 1. get-url: an English and an Urdu complaint by short code, each answered with its reference.
fake en-get 1 "+254700000001 8080 text C WATER no water in block 6"
check_reply en-get +254700000001 text 0
fake ur-get 1 "+923001234567 8080 ucs2 $(urlencode_ucs2 'C پانی بلاک 4 میں دو دن سے پانی نہیں')"
check_reply ur-get +923001234567 ucs-2 1

# 2. Staff status changes reach the fake SMSC as sendsms pushes — English as text, Urdu as UCS-2, each once and
#    intact — and their delivery reports are recorded.
"$FAKESMSC" -H 127.0.0.1 -r "$SMSC" -m 0 "1 2 text unused" > "$WORK/push.log" 2>&1 &
PUSH=$!
PIDS+=($PUSH)
REFS=$(python3 -c "import sqlite3,sys; print(' '.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT reference FROM complaint WHERE channel='kannel' ORDER BY id\")))" "$WORK/desk.sqlite")
for REF in $REFS; do
    "$DESKBOT" complaints update "$REF" --status in_progress --note "crew on the way" --by e2e --db "$WORK/desk.sqlite" \
        --corpora corpora > "$WORK/update.log" 2>&1 || fail "complaints update $REF failed"
done
deadline=$((SECONDS + 25))
until [ "$(grep -ac 'Got message' "$WORK/push.log" 2>/dev/null || true)" -ge 3 ] 2>/dev/null; do  # Urdu: 2 parts
    [ $SECONDS -lt $deadline ] || fail "push: the notifications did not reach the fake SMSC in 25 s"
    sleep 0.2
done
deadline=$((SECONDS + 15))
until [ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM outbox WHERE channel='kannel' AND status='delivered'\").fetchone()[0])" "$WORK/desk.sqlite")" = 2 ]; do
    [ $SECONDS -lt $deadline ] || fail "push: delivery reports not recorded in 15 s"
    sleep 0.2
done
sleep 1
kill $PUSH 2>/dev/null || true
python3 - "$WORK/push.log" "$WORK/desk.sqlite" <<'PY' || fail "push: notifications not intact"
import re, sqlite3, sys, urllib.parse
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
def raw(data): return urllib.parse.unquote_to_bytes(data.replace("+", "%20"))
got, parts = [], {}
for m in re.finditer(r"Got message \d+: <(\S+) (\S+) (\S+) (.*?)>\n(?=\d{4}-\d\d-\d\d |\Z)", text, re.S):
    kind, data = m.group(3), m.group(4)
    if kind == "udh":
        # A concatenated UCS-2 SMS: "udh <05 00 03 ref total seq> data <UTF-16BE bytes>", joined by ref and seq.
        udh, payload = data.split(" data ", 1)
        header = raw(udh)
        ref, total, seq = header[3], header[4], header[5]
        parts.setdefault(ref, {})[seq] = raw(payload)
        if len(parts[ref]) == total:
            got.append(("ucs-2", b"".join(parts[ref][i] for i in sorted(parts[ref])).decode("utf-16-be")))
        continue
    got.append((kind, raw(data).decode("utf-16-be") if kind == "ucs-2" else data))
rows = sqlite3.connect(sys.argv[2]).execute("SELECT text, locale FROM outbox WHERE channel = 'kannel' ORDER BY id").fetchall()
if len(got) != len(rows): sys.exit(f"{len(got)} messages reached the fake SMSC for {len(rows)} notifications")
for (kind, message), (want, locale) in zip(got, rows):
    expected = "ucs-2" if locale == "ur" else "text"
    if kind != expected: sys.exit(f"{locale} notification arrived as {kind}, want {expected}")
    if message != want:
        sys.exit(f"{locale} notification differs:\n got: {message!r}\nwant: {want!r}")
    print(f"kannel-e2e: {locale} notification pushed intact ({kind}, {len(message)} characters): {message[:50]!r}…")
PY
echo "kannel-e2e: status changes pushed once each through sendsms, delivery reports recorded"

URDU=$(urlencode_ucs2 'دفتر کب کھلتا ہے')

# 3. post-url: the same two kinds of message, the text in the body and the fields in X-Kannel-* headers.
kill $SMSBOX; wait $SMSBOX 2>/dev/null || true
smsbox -v 1 "$WORK/post.conf" > "$WORK/smsbox-post.log" 2>&1 &
PIDS+=($!)
wait_for 15 python3 -c "import socket; socket.create_connection(('127.0.0.1', $SENDSMS), 1)" || fail "smsbox (post-url) did not start"
fake en-post 1 "+254700000002 8080 text What time does the office open"
check_reply en-post +254700000002 text 2
fake ur-post 1 "+923001234568 8080 ucs2 $URDU"
check_reply ur-post +923001234568 ucs-2 3
echo "kannel-e2e: OK"
