#!/usr/bin/env bash
# GitHub Action step 1: which ordlint to run, and where it is cached.
# - A release version (the `version` input X.Y.Z or vX.Y.Z; or, when it is empty, the version
#   of the action's own sources if the action is used at a tag such as v1 or v1.2.3): the
#   release archive of that version for this runner (Linux amd64 or arm64), downloaded from
#   the action's repository's releases by the next step.
# - Otherwise (`version` a branch or commit; the action used at a branch or commit, or from a
#   checkout with `uses: ./`): built from source, on Linux runners only.
# In: GITHUB_ACTION_PATH, GITHUB_SERVER_URL, RUNNER_TEMP, RUNNER_OS, RUNNER_ARCH,
#     RUNNER_TOOL_CACHE, INPUT_VERSION, ACTION_REPOSITORY (owner/name), ACTION_REF.
# Out (GITHUB_OUTPUT): mode (release|source), version, cache-path, cache-key; for a release
#     archive, archive-url, sums-url; for a source build, source-dir, build-dir, source-hash.
set -euo pipefail

error() {
  echo "::error title=ordlint action::$*" >&2
  exit 2
}
if [ "${RUNNER_OS:-Linux}" != Linux ]; then
  error "ordlint's action runs on Linux runners (amd64 and arm64 use the release binary); on ${RUNNER_OS} run it in a Linux job, or run the release binary in a container"
fi
bundled=$(sed -n 's/^project(ordlint VERSION \([0-9.]*\).*/\1/p' "$GITHUB_ACTION_PATH/CMakeLists.txt")
requested=${INPUT_VERSION:-}
if [ -z "$requested" ] && [[ ${ACTION_REF:-} =~ ^v[0-9]+(\.[0-9]+){0,2}$ ]]; then
  requested=$bundled # a release tag, or the major tag that follows the latest release
fi
case "${RUNNER_ARCH:-X64}" in
  X64) arch=amd64 ;;
  ARM64) arch=arm64 ;;
  *) arch="" ;;
esac

if [[ $requested =~ ^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] && [ -n "$arch" ]; then
  version=${requested#v}
  [ -n "${ACTION_REPOSITORY:-}" ] || error "cannot download ordlint $version: the action's repository is unknown"
  archive="ordlint-$version-linux-$arch.tar.gz"
  releases="${GITHUB_SERVER_URL:-https://github.com}/$ACTION_REPOSITORY/releases/download/v$version"
  install_dir="${RUNNER_TOOL_CACHE:-$RUNNER_TEMP}/ordlint/$version/$arch"
  {
    echo "mode=release"
    echo "version=$version"
    echo "archive-url=$releases/$archive"
    echo "sums-url=$releases/SHA256SUMS"
    echo "cache-path=$install_dir"
    echo "cache-key=ordlint-release-$version-linux-$arch"
  } >>"$GITHUB_OUTPUT"
  exit 0
fi

if [ -n "$requested" ] && [ -z "$arch" ]; then
  echo "::notice title=ordlint action::no release binary for ${RUNNER_ARCH} runners: building ordlint $requested from source"
fi
source_dir="$GITHUB_ACTION_PATH"
if [ -n "$requested" ] && [ "$requested" != "$bundled" ] && [ "$requested" != "v$bundled" ]; then
  [ -n "${ACTION_REPOSITORY:-}" ] || error "version \"$requested\" was asked for, but the action's repository is unknown"
  source_dir="$RUNNER_TEMP/ordlint-src"
  rm -rf "$source_dir"
  git init --quiet "$source_dir"
  git -C "$source_dir" fetch --quiet --depth 1 "${GITHUB_SERVER_URL:-https://github.com}/$ACTION_REPOSITORY" "$requested"
  git -C "$source_dir" checkout --quiet FETCH_HEAD
fi

# The build is reused only for identical sources at the same place on the same OS image.
# Everything but build output, git data and npm packages counts as a source.
source_hash=$(cd "$source_dir" &&
  find . \( -path ./.git -o -path './build' -o -path './build-*' -o -path ./bench/out -o -name node_modules -o -path ./dist \) -prune \
    -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-16)
place_hash=$(printf '%s' "$source_dir" | sha256sum | cut -c1-8)
{
  echo "mode=source"
  echo "version=${requested:-$bundled}"
  echo "source-dir=$source_dir"
  echo "build-dir=$RUNNER_TEMP/ordlint-build"
  echo "source-hash=$source_hash"
  echo "cache-path=$RUNNER_TEMP/ordlint-build"
  echo "cache-key=ordlint-source-${RUNNER_OS:-Linux}-${ImageOS:-local}-${RUNNER_ARCH:-X64}-$place_hash-$source_hash"
} >>"$GITHUB_OUTPUT"
