#!/usr/bin/env bash
# Runs the libFuzzer target for SECONDS (default 60), seeded with the fixtures, the examples,
# the fuzz regressions, fuzz/seeds (malformed CRD schemas, --fix inputs with CRLF and a byte
# order mark) and, when present, ../shared/corpus. Exits non-zero on any crash,
# leak, sanitizer report or timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
fuzzer=build-sanitize/ordlint-fuzz
[ -x "$fuzzer" ] || { echo "fuzz: $fuzzer not built (see fuzz/README.md)" >&2; exit 2; }
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
find testdata fuzz/seeds -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -exec cp --backup=numbered -t "$seeds" {} +
if [ -d ../shared/corpus ]; then
  find ../shared/corpus -type f -size -64k \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
    -exec cp --backup=numbered -t "$seeds" {} +
fi
mkdir -p build-sanitize/fuzz-artifacts build-sanitize/fuzz-corpus
echo "fuzz: $(ls "$seeds" | wc -l) seeds, ${seconds}s"
# Each input is capped at 64 KiB and 10 s; -rss_limit_mb guards against unbounded memory.
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build-sanitize/fuzz-artifacts/ -print_final_stats=1 \
  build-sanitize/fuzz-corpus "$seeds" 2>&1 | tail -n 25
echo "fuzz: 1 passed, 0 failed"
