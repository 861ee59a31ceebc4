#!/usr/bin/env bash
# GitHub Action step 1: which ordlint sources to build, where, and the cache key of the build.
# In: GITHUB_ACTION_PATH, RUNNER_TEMP, RUNNER_OS, GITHUB_OUTPUT, INPUT_VERSION,
#     ACTION_REPOSITORY (owner/name, to fetch another version).
# Out (GITHUB_OUTPUT): source-dir, build-dir, cache-key.
set -euo pipefail

source_dir="$GITHUB_ACTION_PATH"
bundled=$(sed -n 's/^project(ordlint VERSION \([0-9.]*\).*/\1/p' "$GITHUB_ACTION_PATH/CMakeLists.txt")
version="${INPUT_VERSION:-}"
if [ -n "$version" ] && [ "$version" != "$bundled" ] && [ "$version" != "v$bundled" ]; then
  if [ -z "${ACTION_REPOSITORY:-}" ]; then
    echo "::error title=ordlint action::version \"$version\" was asked for, but the action's repository is unknown" >&2
    exit 2
  fi
  source_dir="$RUNNER_TEMP/ordlint-src-$version"
  rm -rf "$source_dir"
  git clone --quiet --depth 1 --branch "$version" "https://github.com/$ACTION_REPOSITORY" "$source_dir"
fi

# The build is reused only for identical sources at the same place on the same OS image.
# Everything but build output, git data and npm packages counts as a source.
source_hash=$(cd "$source_dir" &&
  find . \( -path ./.git -o -path './build' -o -path './build-*' -o -path ./bench/out -o -name node_modules \) -prune \
    -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-16)
place_hash=$(printf '%s' "$source_dir" | sha256sum | cut -c1-8)
{
  echo "source-dir=$source_dir"
  echo "build-dir=$RUNNER_TEMP/ordlint-build"
  echo "cache-key=ordlint-${RUNNER_OS:-Linux}-${ImageOS:-local}-$place_hash-$source_hash"
  echo "source-hash=$source_hash"
} >>"$GITHUB_OUTPUT"
