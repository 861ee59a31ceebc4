#!/usr/bin/env bash
# GitHub Action step 4: run ordlint: annotations (or another format) in the job log, the SARIF
# report for github/codeql-action/upload-sarif, a job summary, and the counts as outputs.
# In: ORDLINT, INPUT_PATHS, INPUT_FORMAT, INPUT_KUBE_VERSION, INPUT_FAIL_ON, INPUT_CONFIG,
#     INPUT_SARIF_FILE, INPUT_SCHEMA_DIRS, INPUT_CONTEXT, INPUT_ARGS, RUNNER_TEMP,
#     GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
# Out (GITHUB_OUTPUT): exit-code, sarif-file, errors, warnings, infos.
# Exits with ordlint's code: 1 when a finding reaches fail-on, 2 on a usage error.
set +e -uo pipefail # ordlint's exit code is an outcome, not a failure of this script

# Inputs that list paths are split at spaces and newlines; nothing in them is expanded.
words() {
  local -a list
  set -f
  read -r -d '' -a list <<<"$1"
  set +f
  [ ${#list[@]} -eq 0 ] || printf '%s\0' "${list[@]}"
}
mapfile -d '' -t paths < <(words "${INPUT_PATHS:-.}")
[ ${#paths[@]} -gt 0 ] || paths=(.)

common=()
[ -n "${INPUT_KUBE_VERSION:-}" ] && common+=(--kube-version "$INPUT_KUBE_VERSION")
[ -n "${INPUT_CONFIG:-}" ] && common+=(--config "$INPUT_CONFIG")
mapfile -d '' -t schema_dirs < <(words "${INPUT_SCHEMA_DIRS:-}")
for dir in "${schema_dirs[@]}"; do common+=(--schema-dir "$dir"); done
mapfile -d '' -t context < <(words "${INPUT_CONTEXT:-}")
for path in "${context[@]}"; do common+=(--context "$path"); done

# `args`: split into words the way a shell splits them (quotes and backslashes work) by xargs,
# which expands nothing: no variables, globs or command substitutions, and it never runs them.
parsed="$RUNNER_TEMP/ordlint-args"
if ! printf '%s' "${INPUT_ARGS:-}" | xargs -r printf '%s\0' >"$parsed"; then
  echo "::error title=ordlint action::the args input has an unmatched quote: ${INPUT_ARGS:-}" >&2
  echo "exit-code=2" >>"$GITHUB_OUTPUT"
  exit 2
fi
mapfile -d '' -t extra <"$parsed"
for arg in "${extra[@]}"; do
  case "$arg" in
    --format | --format=* | --output | --output=* | --fail-on | --fail-on=*)
      echo "::error title=ordlint action::args may not set ${arg%%=*}: use the action's format, sarif-file and fail-on inputs" >&2
      echo "exit-code=2" >>"$GITHUB_OUTPUT"
      exit 2
      ;;
  esac
done
common+=("${extra[@]}")

sarif="${INPUT_SARIF_FILE:-}"
if [ -n "$sarif" ]; then
  mkdir -p "$(dirname "$sarif")"
  "$ORDLINT" "${common[@]}" --format sarif --output "$sarif" --fail-on never -- "${paths[@]}"
  status=$?
  if [ $status -ne 0 ]; then
    "$(dirname "$0")/summary.sh" /dev/null "$status"
    echo "exit-code=$status" >>"$GITHUB_OUTPUT"
    exit $status
  fi
  echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
fi

# The findings as workflow commands: the job log's annotations when format is github, and
# the source of the job summary and the counts in any case.
fail_on=()
[ -n "${INPUT_FAIL_ON:-}" ] && fail_on=(--fail-on "$INPUT_FAIL_ON")
report="$RUNNER_TEMP/ordlint-findings.txt"
"$ORDLINT" "${common[@]}" --format github --output "$report" "${fail_on[@]}" -- "${paths[@]}"
status=$?
format=${INPUT_FORMAT:-github}
if [ $status -le 1 ]; then
  if [ "$format" = github ]; then
    cat "$report"
  else
    "$ORDLINT" "${common[@]}" --format "$format" "${fail_on[@]}" -- "${paths[@]}"
    status=$?
  fi
fi
"$(dirname "$0")/summary.sh" "$report" "$status"
echo "exit-code=$status" >>"$GITHUB_OUTPUT"
exit $status
