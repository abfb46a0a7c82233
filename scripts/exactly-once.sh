#!/usr/bin/env bash
# Loops the exactly-once suite (every channel: one message delivered 3× at once behind a barrier and 3× in a row;
# 50 distinct push messages at once) and prints the duplicate rate. Usage: scripts/exactly-once.sh [rounds=20]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}
EXACTLY_ONCE_ROUNDS=$ROUNDS timeout 1200 swift test --filter ExactlyOnceTests 2>&1 | tee /tmp/exactly-once.log | grep -E "exactly-once|push |✘|Test run"
dups=$(grep -Eo "duplicates [0-9]+" /tmp/exactly-once.log | awk '{s+=$2} END {print s+0}')
deliveries=$(grep -c "exactly-once" /tmp/exactly-once.log)
echo "== $ROUNDS rounds × $deliveries channels × 6 deliveries: duplicate complaints or sends: $dups (rate $(python3 -c "print($dups/($ROUNDS*$deliveries*6))"))"
[ "$dups" = 0 ]
