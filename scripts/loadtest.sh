#!/usr/bin/env bash
# Bounded local load test of the webhook path next to a minimal Hummingbird route on the same server, then bursts
# of distinct SMS. Usage: scripts/loadtest.sh [seconds=10] [connections=50] [burst messages=10000] [burst senders=1000]
# Needs `wrk` (apt-get install -y wrk) and a release build. Everything runs on 127.0.0.1; the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-10}
CONNECTIONS=${2:-50}
BURST=${3:-10000}
SENDERS=${4:-1000}
BIN=${BIN:-.build/release/deskbot}  # BIN=path to measure another build
[ -x "$BIN" ] || swift build -c release
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cat > "$WORK/server.yaml" <<YAML
public_url: http://127.0.0.1:$PORT
rate_limit_per_minute: 1000000
kannel:
  insecure: true        # loopback load test only
africastalking:
  insecure: true
YAML
"$BIN" serve --host 127.0.0.1 --port "$PORT" --config "$WORK/server.yaml" --db "$WORK/desk.sqlite" --log-level error &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done


echo "== minimal Hummingbird route: GET /healthz (${SECONDS_RUN}s, $CONNECTIONS connections, 2 threads)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency "http://127.0.0.1:$PORT/healthz" | grep -E "Requests/sec|99%|50%|Non-2xx|errors"
echo "== webhook path: GET /webhook/kannel, each request a new durably stored SMS (${SECONDS_RUN}s, $CONNECTIONS connections, 2 threads)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s scripts/wrk-kannel.lua "http://127.0.0.1:$PORT" | grep -E "Requests/sec|99%|50%|Non-2xx|errors"
echo "== stored and answered: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from inbound where state='answered'\").fetchone()[0])" "$WORK/desk.sqlite")"
echo "== bursts of $BURST distinct SMS from $SENDERS senders"
timeout 300 python3 scripts/burst.py --port "$PORT" --db "$WORK/desk.sqlite" --messages "$BURST" --senders "$SENDERS" --mode inline
timeout 300 python3 scripts/burst.py --port "$PORT" --db "$WORK/desk.sqlite" --messages "$BURST" --senders "$SENDERS" --mode push
