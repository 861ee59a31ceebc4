#!/usr/bin/env bash
# Builds the release binary: CMake preset release-static (Release, statically linked, stripped)
# in build-static/, with its man page and shell completions. Configures only the first time.
#   scripts/release/build.sh                  build
#   scripts/release/build.sh --package [DIR]  build, then make the release packages in DIR
#                                             (default dist/): ordlint-VERSION-linux-ARCH.tar.gz
#                                             and ordlint_VERSION_ARCH.deb
# Used by `make release`, `make test` (the release tests run this binary) and the release
# workflow (.github/workflows/release.yml).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f build-static/CMakeCache.txt ] || cmake --preset release-static >/dev/null
cmake --build --preset release-static -j "${JOBS:-$(nproc 2>/dev/null || echo 2)}"
[ "${1:-}" = --package ] || exit 0

dist=$(mkdir -p "${2:-dist}" && cd "${2:-dist}" && pwd)
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cpack --config build-static/CPackConfig.cmake -B "$staging" >/dev/null
mv "$staging"/*.tar.gz "$staging"/*.deb "$dist"/
ls "$dist"
