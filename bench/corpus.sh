#!/usr/bin/env bash
# Whole-corpus time with and without schema validation (the `schema` and `unknown-field` rules).
#   bench/corpus.sh [BINARY] [CORPUS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/ordlint}
corpus=${2:-../shared/corpus}
runs=${3:-5}
if [ ! -d "$corpus" ]; then echo "bench/corpus.sh: no corpus at $corpus" >&2; exit 1; fi
measure() {
  "$binary" --color never --fail-on never "$@" "$corpus" >/dev/null
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$binary" --color never --fail-on never "$@" "$corpus" >/dev/null; done
  end=$(date +%s%N)
  echo $(((end - start) / runs / 1000000))
}
without=$(measure --disable schema,unknown-field)
with=$(measure)
awk -v a="$without" -v b="$with" 'BEGIN { printf "corpus: %d ms without schema validation, %d ms with (%.2fx)\n", a, b, b / a }'
