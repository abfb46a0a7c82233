#!/usr/bin/env bash
# Runs every fuzz target of Fuzz/ one after another (scripts/fuzz.sh, address sanitizer on) and prints a table:
# executions, seconds, executions a second and the result of each, and the total.
#
#   scripts/fuzz-all.sh SECONDS [TARGET=SECONDS …]     e.g.  scripts/fuzz-all.sh 600 FuzzCorpusLoader=120
#
# SECONDS is each target's time unless TARGET=SECONDS overrides it (0 skips a target). The logs are kept in
# Fuzz/.logs/. Exits non-zero if any target found a problem (its reproducer is in Fuzz/artifacts/TARGET/).
set -uo pipefail
[ $# -ge 1 ] && [[ "$1" =~ ^[0-9]+$ ]] || { echo "usage: $0 SECONDS [TARGET=SECONDS …]" >&2; exit 64; }
default=$1; shift
declare -A seconds
targets=(FuzzNormalizer FuzzLanguageID FuzzClassifier FuzzGateways FuzzSMS FuzzCorpusLoader)
for t in "${targets[@]}"; do seconds[$t]=$default; done
for override in "$@"; do
    name=${override%%=*}; value=${override#*=}
    [[ -n "${seconds[$name]+x}" && "$value" =~ ^[0-9]+$ ]] || { echo "fuzz-all: bad override $override" >&2; exit 64; }
    seconds[$name]=$value
done

root=$(cd "$(dirname "$0")/.." && pwd)
logs="$root/Fuzz/.logs"
mkdir -p "$logs"
status=0
total=0
rows=()
for t in "${targets[@]}"; do
    s=${seconds[$t]}
    [ "$s" -gt 0 ] || continue
    log="$logs/$t-$(date -u +%Y%m%dT%H%M%SZ).log"
    "$root/scripts/fuzz.sh" "$t" "$s" >"$log" 2>&1
    rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    result="no crash, no failed check, no leak (exit 0)"
    if [ $rc -ne 0 ]; then result="FOUND A PROBLEM (exit $rc), see $log"; status=1; fi
    total=$((total + ${runs:-0}))
    rows+=("| \`scripts/fuzz.sh $t $s\` | ${runs:-?} | ${rate:-?} | $result |")
    echo "fuzz-all: $t: ${runs:-?} executions in ${s}s, $result" >&2
done
echo "| command | executions | exec/s | result |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "| **total** | **$total** | | |"
exit $status
