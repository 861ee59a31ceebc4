#!/usr/bin/env bash
# ordlint's benchmark, in one command: bench/run.sh [RUNS]
# Builds a Release ordlint, then times in one run on this machine (median of RUNS, default 5):
#   - ordlint over ../shared/corpus (all rules, JSON to /dev/null), one thread and all cores
#   - the parse-only baseline: the same files parsed by yaml-cpp, nothing else
#   - the peer @monokle/validation (plugins resource-links, yaml-syntax, practices)
#   - one small file, process start to exit
#   - 1x and 10x copies of the corpus in distinct namespaces (growth with input size)
#   - a cluster-dump-like stream of 100,000 objects (one file): --jobs 1 and --jobs 2, time, peak
#     memory and MB/s; and one of 1,000,000 objects (time and peak memory)
#   - streams of 10,000 and 100,000 objects full of peer lists of pod DNS names (the cost of
#     unresolvable-pod-dns and governing-service grows linearly)
#   - the corpus with --kube-version 1.28 against the default (newest) release, and the size of
#     the stripped binary (ORDLINT_BASELINE=path/to/an/older/ordlint adds its size, e.g. one
#     built before the multi-release schemas)
# and writes bench/RESULTS.md. Needs the corpus beside the project (../shared/corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${1:-5}
corpus=$root/../shared/corpus
[ -d "$corpus" ] || { echo "bench: $corpus not found" >&2; exit 2; }

# Tools the benchmark needs beyond the build.
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v python3 >/dev/null || need+=(python3)
command -v npm >/dev/null || need+=(nodejs npm)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  sudo_if_needed apt-get update -qq >/dev/null
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
scripts/install-deps.sh
(cd bench/peers && npm ci --no-audit --no-fund --silent >/dev/null)

build=$root/build-bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DORDLINT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target ordlint ordlint-parse-baseline >/dev/null
ordlint=$build/ordlint
baseline=$build/bench/ordlint-parse-baseline
# The release binary (preset release-static: statically linked, stripped): its size and speed.
JOBS=$(nproc) scripts/release/build.sh >/dev/null
release=$root/build-static/ordlint

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_synthetic.py copies "$corpus" "$work/x1" 1
python3 bench/gen_synthetic.py copies "$corpus" "$work/x10" 10
python3 bench/gen_synthetic.py dump "$work/dump.yaml" 100000
python3 bench/gen_synthetic.py dump "$work/dump-1m.yaml" 1000000
python3 bench/gen_synthetic.py peers "$work/peers-10k.yaml" 10000
python3 bench/gen_synthetic.py peers "$work/peers-100k.yaml" 100000
small=$root/testdata/examples/database.yaml

# median wall-clock seconds of a command (hyperfine, RUNS runs after one warm-up)
median() {
  local runs_here=$1
  shift
  hyperfine --style none --warmup 1 --runs "$runs_here" -i --export-json "$work/h.json" "$*" >/dev/null 2>&1
  python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/h.json"
}
peak_mb() {
  /usr/bin/time -f %M "$@" >/dev/null 2>"$work/time.txt" || true
  awk '{kb=$1} END {printf "%.0f", kb/1024}' "$work/time.txt"
}
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

echo "bench: timing (median of $runs runs each)..."
t_corpus=$(median "$runs" "$ordlint --format json $corpus > /dev/null")
t_corpus_1=$(median "$runs" "$ordlint --jobs 1 --format json $corpus > /dev/null")
t_corpus_128=$(median "$runs" "$ordlint --kube-version 1.28 --format json $corpus > /dev/null")
t_parse=$(median "$runs" "$baseline $corpus")
# yaml-cpp's parser alone (events discarded, one thread): the floor of any reader built on it.
t_events=$(median "$runs" "$baseline --events $corpus")
t_monokle=$(median 3 "node $root/bench/peers/monokle.mjs $corpus")
t_small=$(median 20 "$ordlint --format json $small > /dev/null")
t_x1=$(median "$runs" "$ordlint --format json $work/x1 > /dev/null")
t_x10=$(median 3 "$ordlint --format json $work/x10 > /dev/null")
t_x10_1=$(median 3 "$ordlint --jobs 1 --format json $work/x10 > /dev/null")
t_dump=$(median 3 "$ordlint --format json $work/dump.yaml > /dev/null")
m_dump=$(peak_mb "$ordlint" --format json "$work/dump.yaml")
t_dump_j1=$(median 3 "$ordlint --jobs 1 --format json $work/dump.yaml > /dev/null")
m_dump_j1=$(peak_mb "$ordlint" --jobs 1 --format json "$work/dump.yaml")
t_dump_j2=$(median 3 "$ordlint --jobs 2 --format json $work/dump.yaml > /dev/null")
m_dump_j2=$(peak_mb "$ordlint" --jobs 2 --format json "$work/dump.yaml")
t_dump_events=$(median 3 "$baseline --events $work/dump.yaml")
# The 1,000,000-object stream is beyond the default per-file limits (64 MiB, 500,000
# documents, 10,000,000 nodes): raised for it. One run gives both its time and its peak
# memory (it takes minutes and several GB: no warm-up, no repeat).
big_limits="--max-file-bytes 1000000000 --max-documents 2000000 --max-nodes 100000000"
/usr/bin/time -f "%e %M" "$ordlint" $big_limits --format json "$work/dump-1m.yaml" \
  >/dev/null 2>"$work/time-1m.txt" || true
t_dump_1m=$(tail -n 1 "$work/time-1m.txt" | awk '{printf "%.4f", $1}')
m_dump_1m=$(tail -n 1 "$work/time-1m.txt" | awk '{printf "%.0f", $2 / 1024}')
t_release=$(median "$runs" "$release --format json $corpus > /dev/null")
t_release_small=$(median 20 "$release --format json $small > /dev/null")
release_bytes=$(stat -c %s "$release")
release_mib=$(python3 -c "print('%.1f' % ($release_bytes / 1048576))")
t_peers_10k=$(median "$runs" "$ordlint --format json $work/peers-10k.yaml > /dev/null")
t_peers_100k=$(median 3 "$ordlint --format json $work/peers-100k.yaml > /dev/null")
# The binary without symbols, and the schema data compiled into it (schemas/README.md).
strip -o "$work/ordlint-stripped" "$ordlint"
bin_bytes=$(stat -c %s "$work/ordlint-stripped")
schema_bytes=$(cat schemas/index.json schemas/definitions/*.json | wc -c)
baseline_bytes="not measured (set ORDLINT_BASELINE)"
if [ -n "${ORDLINT_BASELINE:-}" ]; then
  strip -o "$work/baseline-stripped" "$ORDLINT_BASELINE"
  baseline_bytes=$(stat -c %s "$work/baseline-stripped")
fi
releases=$("$ordlint" version | sed -n 's/^kubernetes releases: \([^(]*\) (.*/\1/p' | sed 's/ *$//')
objects_corpus=$({ "$ordlint" --format json --fail-on never "$corpus"; } | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["files"], "files,", s["objects"], "objects")')

r_monokle=$(ratio "$t_monokle" "$t_corpus")
r_overhead=$(ratio "$t_corpus_1" "$t_parse")
r_release=$(ratio "$t_corpus_128" "$t_corpus")
r_scale=$(ratio "$t_x10" "$t_x1")
r_jobs=$(ratio "$t_x10_1" "$t_x10")
r_peers=$(ratio "$t_peers_100k" "$t_peers_10k")
# Throughput: MB of YAML per second, and per core (a --jobs 2 run uses two).
corpus_mb=$(find "$corpus" -type f \( -iname '*.yaml' -o -iname '*.yml' -o -iname '*.json' \) -printf '%s\n' | awk '{s+=$1} END {printf "%.2f", s/1e6}')
dump_mb=$(python3 -c "import os,sys; print('%.2f' % (os.path.getsize(sys.argv[1]) / 1e6))" "$work/dump.yaml")
dump_1m_mb=$(python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1]) / 1e6))" "$work/dump-1m.yaml")
mbps() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2]) / float(sys.argv[3])))" "$@"; }
s_corpus_core=$(mbps "$corpus_mb" "$t_corpus_1" 1)
s_dump_j1=$(mbps "$dump_mb" "$t_dump_j1" 1)
s_dump_j2=$(mbps "$dump_mb" "$t_dump_j2" 1)
s_dump_j2_core=$(mbps "$dump_mb" "$t_dump_j2" 2)
s_corpus_events=$(mbps "$corpus_mb" "$t_events" 1)
s_dump_events=$(mbps "$dump_mb" "$t_dump_events" 1)
r_corpus_events=$(ratio "$t_corpus_1" "$t_events")
r_dump_events=$(ratio "$t_dump_j1" "$t_dump_events")
r_dump_jobs=$(ratio "$t_dump_j1" "$t_dump_j2")
r_dump_memory=$(ratio "$m_dump_j2" "$dump_mb")
r_dump_1m=$(ratio "$t_dump_1m" "$t_dump")
verdict() { python3 -c "import sys; print('met' if $1 else 'NOT met')"; }

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
# Sections measured by other scripts (## headings: bench/lsp-latency.js, profiles written by
# hand) are kept below the table this script writes.
kept=$(sed -n '/^## /,$p' bench/RESULTS.md 2>/dev/null || true)
cat > bench/RESULTS.md <<MD
# Benchmark results

Produced by \`bench/run.sh\` on $(date -u +%Y-%m-%d) (ordlint $(git rev-parse --short HEAD), Release build).
Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(. /etc/os-release && echo "$PRETTY_NAME").
Times are medians of wall-clock seconds (hyperfine); input: \`../shared/corpus\` ($objects_corpus).

| measurement | seconds |
|---|---|
| ordlint, corpus, all rules, JSON (default \`--jobs\` = $(nproc)) | $t_corpus |
| ordlint, corpus, \`--jobs 1\` | $t_corpus_1 |
| ordlint, corpus, \`--kube-version 1.28\` (default: the newest release) | $t_corpus_128 (${r_release}x the default) |
| parse-only baseline (yaml-cpp \`LoadAll\`, one thread) | $t_parse |
| @monokle/validation 0.33 (resource-links, yaml-syntax, practices) | $t_monokle |
| ordlint, one small file (\`testdata/examples/database.yaml\`), start to exit | $t_small |
| ordlint, 1x corpus copy in its own namespaces | $t_x1 |
| ordlint, 10x corpus copies in distinct namespaces | $t_x10 |
| ordlint, 10x copies, \`--jobs 1\` | $t_x10_1 |
| ordlint, 100,000-object cluster dump (one stream) | $t_dump (peak memory ${m_dump} MB) |
| ordlint, the 100,000-object stream ($dump_mb MB), \`--jobs 1\` | $t_dump_j1 (peak memory ${m_dump_j1} MB, $s_dump_j1 MB/s) |
| ordlint, the 100,000-object stream, \`--jobs 2\` | $t_dump_j2 (peak memory ${m_dump_j2} MB, $s_dump_j2 MB/s, $s_dump_j2_core MB/s per core) |
| ordlint, a 1,000,000-object stream ($dump_1m_mb MB; limits raised) | $t_dump_1m (peak memory ${m_dump_1m} MB) |
| ordlint, corpus ($corpus_mb MB), \`--jobs 1\`: MB/s | $s_corpus_core |
| yaml-cpp's parser alone (events discarded, one thread), corpus | $t_events ($s_corpus_events MB/s; ordlint \`--jobs 1\` takes ${r_corpus_events}x) |
| yaml-cpp's parser alone, the 100,000-object stream | $t_dump_events ($s_dump_events MB/s; ordlint \`--jobs 1\` takes ${r_dump_events}x) |
| ordlint, 10,000 objects of peer lists (pod DNS names in env, args, ConfigMaps) | $t_peers_10k |
| ordlint, 100,000 objects of peer lists | $t_peers_100k |

| target | ratio | |
|---|---|---|
| corpus at least 10x faster than Monokle | ${r_monokle}x | $(verdict "$r_monokle >= 10") |
| rules (and schema) add at most 30% over parse-only (both one thread) | ${r_overhead}x | $(verdict "$r_overhead <= 1.30") |
| 10x the input costs at most 11x the time | ${r_scale}x | $(verdict "$r_scale <= 11") |
| 2 cores at least 1.6x faster than one (10x copies) | ${r_jobs}x | $(verdict "$r_jobs >= 1.6") |
| 100,000 objects in under 10 s and 2 GB | ${t_dump} s, ${m_dump} MB | $(verdict "$t_dump < 10 and $m_dump < 2048") |
| 100,000-object stream: peak memory at most 5x the input | ${r_dump_memory}x (${m_dump_j2} MB) | $(verdict "$r_dump_memory <= 5") |
| 100,000-object stream: \`--jobs 2\` at least 1.6x faster than \`--jobs 1\` | ${r_dump_jobs}x | $(verdict "$r_dump_jobs >= 1.6") |
| 100,000-object stream: MB/s per core at least the corpus's (\`--jobs 2\` vs corpus \`--jobs 1\`) | $s_dump_j2_core vs $s_corpus_core | $(verdict "$s_dump_j2_core >= $s_corpus_core") |
| 1,000,000-object stream: peak memory at most 1.2 GB | ${m_dump_1m} MB | $(verdict "$m_dump_1m <= 1229") |
| 1,000,000-object stream: at most 11x the time of 100,000 | ${r_dump_1m}x | $(verdict "$r_dump_1m <= 11") |
| peer lists: 10x the objects cost at most 11x the time | ${r_peers}x | $(verdict "$r_peers <= 11") |

| binary | bytes |
|---|---|
| \`ordlint\` (Release, stripped), schemas of Kubernetes $releases and the bundled CRDs | $bin_bytes |
| of which schema data (\`schemas/index.json\` and \`schemas/definitions/\`, compiled in as text) | $schema_bytes |
| \`ORDLINT_BASELINE\` (stripped), for comparison | $baseline_bytes |

The release binary (\`scripts/release/build.sh\`: preset \`release-static\`, statically linked with
glibc, libstdc++, yaml-cpp and re2, stripped): **$release_bytes bytes ($release_mib MiB)**.

| measurement | seconds |
|---|---|
| release binary, corpus, all rules, JSON | $t_release |
| release binary, one small file, start to exit | $t_release_small |
MD
if [ -n "$kept" ]; then printf '\n%s\n' "$kept" >> bench/RESULTS.md; fi
cat bench/RESULTS.md
