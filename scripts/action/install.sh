#!/usr/bin/env bash
# GitHub Action step 3 (after the cache step restored what it had): put ordlint in place.
# - release: download the release archive and SHA256SUMS, verify the archive's checksum,
#   unpack it into the cached folder; a cached copy of the same version is used as it is.
# - source: install only what building the `ordlint` target needs (scripts/install-deps.sh
#   --build-only: no clang, no test tools) and build it, unless the cached build was made from
#   exactly these sources (the stamp says so).
# In: MODE, VERSION, ARCHIVE_URL, SUMS_URL, CACHE_PATH; SOURCE_DIR, BUILD_DIR, SOURCE_HASH.
# Out (GITHUB_OUTPUT): binary.
set -euo pipefail

error() {
  echo "::error title=ordlint action::$*" >&2
  exit 2
}

if [ "$MODE" = release ]; then
  binary="$CACHE_PATH/bin/ordlint"
  if [ -x "$binary" ] && [ "$("$binary" --version | head -n 1)" = "ordlint $VERSION" ]; then
    echo "ordlint: using the cached release $VERSION in $CACHE_PATH"
  else
    download=$(mktemp -d)
    trap 'rm -rf "$download"' EXIT
    archive=${ARCHIVE_URL##*/}
    echo "ordlint: downloading $ARCHIVE_URL"
    curl --fail --silent --show-error --location --retry 3 --output "$download/$archive" "$ARCHIVE_URL" ||
      error "cannot download $ARCHIVE_URL (is there a release v$VERSION with a binary for this runner?)"
    curl --fail --silent --show-error --location --retry 3 --output "$download/SHA256SUMS" "$SUMS_URL" ||
      error "cannot download $SUMS_URL"
    expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1 }' "$download/SHA256SUMS")
    [ -n "$expected" ] || error "SHA256SUMS of v$VERSION lists no $archive"
    actual=$(sha256sum "$download/$archive" | cut -d ' ' -f 1)
    [ "$actual" = "$expected" ] || error "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual"
    echo "ordlint: $archive matches its SHA-256 in SHA256SUMS"
    rm -rf "$CACHE_PATH"
    mkdir -p "$CACHE_PATH"
    tar -xzf "$download/$archive" -C "$CACHE_PATH" --strip-components=1
    [ "$("$binary" --version | head -n 1)" = "ordlint $VERSION" ] || error "$archive does not hold ordlint $VERSION"
  fi
else
  binary="$BUILD_DIR/ordlint"
  "$SOURCE_DIR/scripts/install-deps.sh" --build-only
  # A restored cache holds a binary built from exactly these sources (the cache key says so),
  # but the freshly unpacked sources are newer than its objects; the stamp avoids a rebuild.
  # Warnings are not errors here: the runner's compiler is the user's, not the one CI pins.
  stamp="$BUILD_DIR/.ordlint-source-hash"
  if [ -x "$binary" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$SOURCE_HASH" ]; then
    echo "ordlint: using the cached build in $BUILD_DIR"
  else
    cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DORDLINT_BUILD_TESTS=OFF -DORDLINT_WERROR=OFF >/dev/null
    cmake --build "$BUILD_DIR" --target ordlint -j "$(nproc 2>/dev/null || echo 2)"
    printf '%s' "$SOURCE_HASH" >"$stamp"
  fi
fi
"$binary" version
echo "binary=$binary" >>"$GITHUB_OUTPUT"
