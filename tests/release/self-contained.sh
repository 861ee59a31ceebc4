#!/usr/bin/env bash
# The release binary needs nothing from the system it runs on. In an empty root that holds
# only the binary and the input (chroot as root, else in an unprivileged user namespace), with
# an empty environment, it prints its version, lints testdata/examples to the very bytes of
# the golden report, and answers a language-server request; and ldd calls it static.
#   tests/release/self-contained.sh BINARY SOURCE_DIR
# Exit 77 (skipped) only when this machine allows neither chroot nor user namespaces.
set -euo pipefail
binary=$1 source=$2
if [ ! -x "$binary" ]; then
  echo "self-contained: $binary is not built (scripts/release/build.sh builds it; make test does)" >&2
  exit 1
fi
failures=0
fail() { echo "self-contained: FAILED: $*" >&2; failures=$((failures + 1)); }

linkage=$(ldd "$binary" 2>&1 || true)
case "$linkage" in
  *"statically linked"* | *"not a dynamic executable"*) echo "ldd: $linkage" ;;
  *) fail "ldd lists shared libraries: $linkage" ;;
esac

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp "$binary" "$root/ordlint"
mkdir -p "$root/testdata"
cp -r "$source/testdata/examples" "$root/testdata/examples"

chroot=$(command -v chroot) unshare=$(command -v unshare || true)
if [ "$(id -u)" -eq 0 ]; then
  in_root() { env -i "$chroot" "$root" "$@"; }
elif [ -n "$unshare" ] && "$unshare" --user --map-root-user true 2>/dev/null; then
  in_root() { env -i "$unshare" --user --map-root-user "$chroot" "$root" "$@"; }
else
  echo "self-contained: skipped: not root, and user namespaces are not allowed here" >&2
  exit 77
fi
echo "root: $(cd "$root" && find . | sort | tr '\n' ' ')"

version=$(in_root /ordlint version) || fail "ordlint version exited $?"
echo "$version"
[[ $version == "ordlint "*$'\n'"schemas: "*$'\n'"build: "*"statically linked"* ]] || fail "version: unexpected output"

# Same bytes as the golden report of the dynamically linked build (tests/e2e/cli_test.cpp).
report=$(in_root /ordlint --format json --fail-on never testdata/examples) || fail "lint exited $?"
if [ "$report" != "$(cat "$source/testdata/e2e/examples.json")" ]; then
  fail "the report of testdata/examples differs from testdata/e2e/examples.json"
  diff <(echo "$report") "$source/testdata/e2e/examples.json" | head -20 >&2 || true
fi

message() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
requests=$(message '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}'
           message '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
           message '{"jsonrpc":"2.0","method":"exit"}')
answer=$(printf '%s' "$requests" | in_root /ordlint lsp) || fail "ordlint lsp exited $?"
case "$answer" in
  *'"id":1'*'"serverInfo":{"name":"ordlint"'*'"id":2'*) echo "lsp: initialize and shutdown answered" ;;
  *) fail "lsp: no initialize result: ${answer:0:300}" ;;
esac

if [ $failures -ne 0 ]; then
  echo "self-contained: $failures failed" >&2
  exit 1
fi
echo "self-contained: 1 passed, 0 failed"
