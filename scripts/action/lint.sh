#!/usr/bin/env bash
# GitHub Action step 4: run ordlint: annotations (or another format) in the job log, and the
# SARIF report for github/codeql-action/upload-sarif.
# In: ORDLINT_BUILD, INPUT_PATHS, INPUT_FORMAT, INPUT_KUBE_VERSION, INPUT_FAIL_ON, INPUT_CONFIG,
#     INPUT_SARIF_FILE, GITHUB_OUTPUT. Out (GITHUB_OUTPUT): exit-code, sarif-file.
# Exits with ordlint's code: 1 when a finding reaches fail-on, 2 on a usage error.
set -uo pipefail

ordlint="$ORDLINT_BUILD/ordlint"
set -f # paths are globs for no one: ordlint searches folders itself
read -r -d '' -a paths <<<"${INPUT_PATHS:-.}" || true
set +f
[ ${#paths[@]} -gt 0 ] || paths=(.)

common=()
[ -n "${INPUT_KUBE_VERSION:-}" ] && common+=(--kube-version "$INPUT_KUBE_VERSION")
[ -n "${INPUT_CONFIG:-}" ] && common+=(--config "$INPUT_CONFIG")

sarif="${INPUT_SARIF_FILE:-}"
if [ -n "$sarif" ]; then
  mkdir -p "$(dirname "$sarif")"
  "$ordlint" "${common[@]}" --format sarif --output "$sarif" --fail-on never -- "${paths[@]}"
  status=$?
  if [ $status -ne 0 ]; then
    echo "exit-code=$status" >>"$GITHUB_OUTPUT"
    exit $status
  fi
  echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
fi

log=("${common[@]}" --format "${INPUT_FORMAT:-github}")
[ -n "${INPUT_FAIL_ON:-}" ] && log+=(--fail-on "$INPUT_FAIL_ON")
"$ordlint" "${log[@]}" -- "${paths[@]}"
status=$?
echo "exit-code=$status" >>"$GITHUB_OUTPUT"
exit $status
