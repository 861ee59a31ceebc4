#!/usr/bin/env bash
# Time to lint one small manifest, process start to exit (schema validation included).
#   bench/single-file.sh [BINARY] [FILE] [RUNS]
# Uses hyperfine when installed; otherwise a plain loop reporting the mean per run.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/ordlint}
file=${2:-bench/small-manifest.yaml}
runs=${3:-200}
if command -v hyperfine >/dev/null; then
  exec hyperfine --warmup 10 --runs "$runs" -N "$binary --color never $file"
fi
for _ in $(seq 10); do "$binary" --color never "$file" >/dev/null || true; done
start=$(date +%s%N)
for _ in $(seq "$runs"); do "$binary" --color never "$file" >/dev/null || true; done
end=$(date +%s%N)
awk -v ns=$((end - start)) -v runs="$runs" \
  'BEGIN { printf "%s: mean %.2f ms per run over %d runs\n", "'"$file"'", ns / runs / 1e6, runs }'
