#!/usr/bin/env bash
# Two `deskbot serve` instances on one PostgreSQL behind nginx: exactly once across instances, each notification
# sent once, throughput next to one SQLite instance, and kill -9 of one instance under load (scripts/scaleout.py).
# Usage: scripts/scaleout.sh [messages=200] [wrk seconds=10]   (extra: SCALEOUT_ARGS="--pg postgres://… --skip-throughput")
# Needs postgresql, nginx and wrk (apt-get install -y postgresql nginx wrk) and a release build; 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .build/release/deskbot ] || swift build -c release
for tool in nginx wrk psql; do command -v $tool >/dev/null || { echo "scaleout: $tool is missing (apt-get install -y nginx wrk postgresql)" >&2; exit 1; }; done
timeout 900 python3 scripts/scaleout.py --messages "${1:-200}" --seconds "${2:-10}" ${SCALEOUT_ARGS:-}
