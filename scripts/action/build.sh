#!/usr/bin/env bash
# GitHub Action step 3: build ordlint in the (possibly restored) build directory.
# In: ORDLINT_SOURCE, ORDLINT_BUILD, ORDLINT_SOURCE_HASH.
# A restored cache holds a binary built from exactly these sources (the cache key says so), but
# the freshly unpacked sources are newer than its objects; the stamp avoids a needless rebuild.
# Warnings are not errors here: the runner's compiler is the user's, not the one CI pins.
set -euo pipefail

stamp="$ORDLINT_BUILD/.ordlint-source-hash"
if [ -x "$ORDLINT_BUILD/ordlint" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$ORDLINT_SOURCE_HASH" ]; then
  echo "ordlint: using the cached build in $ORDLINT_BUILD"
else
  cmake -S "$ORDLINT_SOURCE" -B "$ORDLINT_BUILD" -DCMAKE_BUILD_TYPE=Release -DORDLINT_BUILD_TESTS=OFF -DORDLINT_WERROR=OFF >/dev/null
  cmake --build "$ORDLINT_BUILD" --target ordlint -j "$(nproc 2>/dev/null || echo 2)"
  printf '%s' "$ORDLINT_SOURCE_HASH" >"$stamp"
fi
"$ORDLINT_BUILD/ordlint" version
