#!/usr/bin/env bash
# kill -9 under load, restart, verify (see scripts/crashtest.py). Usage: scripts/crashtest.sh [rounds=5]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .build/release/deskbot ] || swift build -c release
timeout 600 python3 scripts/crashtest.py --rounds "${1:-5}"
echo "== push channel (Africa's Talking SMS: acknowledged before answered)"
timeout 600 python3 scripts/crashtest.py --rounds "${1:-5}" --push
