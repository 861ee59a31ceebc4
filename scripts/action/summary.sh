#!/usr/bin/env bash
# The job summary of the Action ($GITHUB_STEP_SUMMARY: the counts per severity and a table of
# the first findings) and its count outputs, from a report in ordlint's `--format github`:
# one workflow command per finding, then the summary line.
#   summary.sh REPORT EXIT_CODE
# Out (GITHUB_OUTPUT): errors, warnings, infos.
set -euo pipefail
report=$1 status=$2
shown=${ORDLINT_SUMMARY_FINDINGS:-20}
summary=${GITHUB_STEP_SUMMARY:-/dev/null}

# GitHub's escaping of workflow commands, undone: %0D %0A in data, also %3A %2C in properties.
unescape() {
  local text=${1//%0D/$'\r'}
  text=${text//%0A/$'\n'}
  text=${text//%3A/:}
  text=${text//%2C/,}
  printf '%s' "${text//%25/%}"
}
# Text for a Markdown table cell.
cell() {
  local text=${1//|/\\|}
  text=${text//</&lt;}
  printf '%s' "${text//>/&gt;}"
}

if [ "$status" -gt 1 ] || [ ! -s "$report" ]; then
  printf '### ordlint did not run\n\nExit code %s: a usage error or an unreadable path; the job log says which.\n' "$status" >>"$summary"
  exit 0
fi
line_re='^([0-9]+) errors?, ([0-9]+) warnings?(, ([0-9]+) infos?)? in '
finding_re='^::(error|warning|notice) ([^:]*)::(.*)$'
errors=0 warnings=0 infos=0 total=0 rows="" headline=""
while IFS= read -r line; do
  if [[ $line =~ $finding_re ]]; then
    total=$((total + 1))
    [ "$total" -le "$shown" ] || continue
    severity=${BASH_REMATCH[1]} properties=${BASH_REMATCH[2]} message=$(unescape "${BASH_REMATCH[3]}")
    [ "$severity" = notice ] && severity=info
    declare -A property=()
    IFS=, read -r -a pairs <<<"$properties"
    for pair in "${pairs[@]}"; do property[${pair%%=*}]=$(unescape "${pair#*=}"); done
    location=${property[file]:-}
    [ -n "${property[line]:-}" ] && location+=":${property[line]}"
    [ -n "${property[col]:-}" ] && location+=":${property[col]}"
    rule=${property[title]:-}
    rows+="| $severity | \`$(cell "$location")\` | $(cell "${rule#ordlint }") | $(cell "${message%%$'\n'*}") |"$'\n'
    unset property
  elif [[ $line =~ $line_re ]]; then
    headline=$line errors=${BASH_REMATCH[1]} warnings=${BASH_REMATCH[2]} infos=${BASH_REMATCH[4]:-0}
  fi
done <"$report"

{
  echo "### ordlint: $headline"
  if [ "$total" -gt 0 ]; then
    printf '\n| severity | location | rule | message |\n|---|---|---|---|\n%s' "$rows"
    if [ "$total" -gt "$shown" ]; then
      printf '\nThe first %s of %s findings; the job log has them all.\n' "$shown" "$total"
    fi
  fi
} >>"$summary"
{
  echo "errors=$errors"
  echo "warnings=$warnings"
  echo "infos=$infos"
} >>"$GITHUB_OUTPUT"
