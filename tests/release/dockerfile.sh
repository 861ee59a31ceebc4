#!/usr/bin/env bash
# The Dockerfile, checked without a Docker engine (none runs where the tests run):
# - dockerfile-utils (tools/package.json) finds no problem in it;
# - the final stage is `FROM scratch` holding only the static release binary, runs as a
#   numeric non-root user, and its ENTRYPOINT is that binary; the build stage builds it with
#   scripts/release/build.sh after installing only the build dependencies;
# - the final stage's file system, assembled as its COPY lines say from the binary that
#   scripts/release/build.sh makes, runs the ordlint-docker pre-commit hook's entry the way
#   pre-commit runs it (as that user, in the WORKDIR, the entry's first word found on the
#   image's PATH): a broken manifest fails, a clean one passes.
#   tests/release/dockerfile.sh SOURCE_DIR
set -euo pipefail
source_dir=$(cd "$1" && pwd)
dockerfile="$source_dir/Dockerfile"
failures=0
fail() { echo "dockerfile: FAILED: $*" >&2; failures=$((failures + 1)); }

linter="$source_dir/tools/node_modules/.bin/dockerfile-utils"
[ -x "$linter" ] || { echo "dockerfile: $linter is missing: run scripts/install-deps.sh (the README's set-up) first" >&2; exit 1; }
"$linter" lint "$dockerfile" || fail "dockerfile-utils lint reports problems"

# The instructions of the last stage, one per line (continuation lines joined).
instructions=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$dockerfile" | grep -v -E '^\s*(#|$)')
final=$(awk '/^FROM /{stage=""} {stage=stage $0 "\n"} END{printf "%s", stage}' <<<"$instructions")
build=$(awk '/^FROM /{n++} n==1' <<<"$instructions")
grep -qx 'FROM scratch' <<<"$final" || fail "the final stage is not FROM scratch"
grep -qE '^RUN ' <<<"$final" && fail "the final stage runs commands (scratch has no shell)"
copies=$(grep -E '^(COPY|ADD) ' <<<"$final" || true)
[ "$(wc -l <<<"$copies")" -eq 1 ] || fail "the final stage should copy exactly one file: $copies"
read -r _ from source destination <<<"$copies"
[ "$from" = --from=build ] || fail "the final stage's COPY is not from the build stage: $copies"
[ "$source" = /ordlint/build-static/ordlint ] || fail "the final stage copies $source, not the release binary /ordlint/build-static/ordlint"
user=$(sed -n 's/^USER //p' <<<"$final")
[[ $user =~ ^[1-9][0-9]*(:[1-9][0-9]*)?$ ]] || fail "USER \"$user\" is not a numeric non-root user"
workdir=$(sed -n 's/^WORKDIR //p' <<<"$final")
path=$(sed -n 's/^ENV PATH=//p' <<<"$final")
grep -qx "ENTRYPOINT \[\"$destination\"\]" <<<"$final" || fail "ENTRYPOINT is not [\"$destination\"]"
grep -q 'COPY \. /ordlint' <<<"$build" || fail "the build stage does not copy the sources to /ordlint"
grep -q 'scripts/install-deps.sh --build-only' <<<"$build" || fail "the build stage installs more than the build dependencies"
grep -q 'scripts/release/build.sh' <<<"$build" || fail "the build stage does not build with scripts/release/build.sh"

# The hook that uses the image.
hook=$(awk '/^- id: ordlint-docker/{found=1} found && /^  entry:/{sub(/^  entry: /, ""); print; exit}' "$source_dir/.pre-commit-hooks.yaml")
language=$(awk '/^- id: ordlint-docker/{found=1} found && /^  language:/{print $2; exit}' "$source_dir/.pre-commit-hooks.yaml")
[ "$language" = docker ] || fail "the ordlint-docker hook is not language: docker"
read -r -a entry <<<"$hook"

if [ "$(id -u)" -ne 0 ]; then
  echo "dockerfile: not root: the final stage is checked, not run" >&2
else
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root$(dirname "$destination")" "$root$workdir/deploy"
  cp "$source_dir/build-static/ordlint" "$root$destination"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken}\ndata:\n  x: "1"\n  x: "2"\n' >"$root$workdir/deploy/broken.yaml"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: clean}\n' >"$root$workdir/clean.yaml"
  chmod -R a+rX "$root"
  unshare=$(command -v unshare)
  run_hook() {
    env -i PATH="$path" "$unshare" --root="$root" --wd="$workdir" --setuid="${user%%:*}" --setgid="${user#*:}" "${entry[@]}" "$@"
  }
  set +e
  broken=$(run_hook deploy/broken.yaml 2>&1)
  broken_status=$?
  clean=$(run_hook clean.yaml 2>&1)
  clean_status=$?
  set -e
  [ $broken_status -eq 1 ] || fail "the hook on a broken manifest exited $broken_status: $broken"
  grep -q 'deploy/broken.yaml:6:3: error:' <<<"$broken" || fail "the hook did not report the duplicate key: $broken"
  [ $clean_status -eq 0 ] || fail "the hook on a clean manifest exited $clean_status: $clean"
  echo "$broken" | tail -n 1
fi

if [ $failures -ne 0 ]; then
  echo "dockerfile: $failures failed" >&2
  exit 1
fi
echo "dockerfile: 1 passed, 0 failed"
