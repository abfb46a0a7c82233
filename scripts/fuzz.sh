#!/usr/bin/env bash
# Builds one libFuzzer target of the Fuzz/ package (address sanitizer on) and runs it for a bounded time.
#
#   scripts/fuzz.sh TARGET SECONDS [extra libFuzzer flags…]
#
# TARGET: FuzzNormalizer | FuzzLanguageID | FuzzClassifier | FuzzGateways | FuzzSMS | FuzzCorpusLoader
# (or normalizer | languageid | classifier | gateways | sms | loader).
# Seeds come from Fuzz/seeds/; inputs the fuzzer finds interesting are kept in Fuzz/.corpus/TARGET (not committed);
# a crash, leak or timeout is written to Fuzz/artifacts/ and the script exits non-zero.
set -euo pipefail

usage() { echo "usage: $0 FuzzNormalizer|FuzzLanguageID|FuzzClassifier|FuzzGateways|FuzzSMS|FuzzCorpusLoader SECONDS [libFuzzer flags…]" >&2; exit 64; }
[ $# -ge 2 ] || usage
case "$1" in
    FuzzNormalizer|normalizer) target=FuzzNormalizer ;;
    FuzzLanguageID|languageid|language-id) target=FuzzLanguageID ;;
    FuzzClassifier|classifier) target=FuzzClassifier ;;
    FuzzGateways|gateways) target=FuzzGateways ;;
    FuzzSMS|sms) target=FuzzSMS ;;
    FuzzCorpusLoader|loader|corpus-loader) target=FuzzCorpusLoader ;;
    *) usage ;;
esac
seconds=$2
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || usage
shift 2

root=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$root/Fuzz"
config=${FUZZ_CONFIGURATION:-release}

echo "fuzz: building $target ($config, -sanitize=fuzzer,address, lld)…" >&2
swift build --package-path "$fuzz" -c "$config" --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
    -Xcc -fsanitize=fuzzer-no-link,address >&2
bin="$(swift build --package-path "$fuzz" -c "$config" --show-bin-path)/$target"

corpus="$fuzz/.corpus/$target"
artifacts="$fuzz/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
export DESKBOT_CORPORA="${DESKBOT_CORPORA:-$root/corpora}"
# Leak checking stays on. An input slower than FUZZ_TIMEOUT seconds (default 5; libFuzzer checks every
# FUZZ_TIMEOUT/2+1 s, so one up to about twice that may pass) counts as a finding, like a crash.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
# Leaks inside the toolchain's Foundation (see Fuzz/lsan.supp) are not findings.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$fuzz/lsan.supp:print_suppressions=0}"

echo "fuzz: running $target for ${seconds}s" >&2
set +e
# libFuzzer stops itself after SECONDS; the outer timeout only guards against a hang it cannot see.
timeout -k 10 $((seconds * 2 + 120)) "$bin" "$corpus" "$fuzz/seeds" -max_total_time="$seconds" -max_len="${FUZZ_MAX_LEN:-4096}" -timeout="${FUZZ_TIMEOUT:-5}" \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" "$@"
status=$?
set -e
if [ $status -ne 0 ]; then
    echo "fuzz: $target FOUND A PROBLEM (exit $status); reproducer in $artifacts/" >&2
    echo "fuzz: rerun it with: $bin $artifacts/<file>" >&2
else
    echo "fuzz: $target ran ${seconds}s with no crash" >&2
fi
exit $status
