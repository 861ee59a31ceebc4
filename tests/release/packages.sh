#!/usr/bin/env bash
# The release packages and `cmake --install`, checked as a user gets them: the .deb installed
# with dpkg into a scratch root and run there, the .tar.gz's layout, the installed tree of
# `cmake --install` (binary, man page, completions, licences), and a configure of ordlint as a
# subproject that needs no Catch2.
#   tests/release/packages.sh SOURCE_DIR
set -euo pipefail
source_dir=$(cd "$1" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "packages: FAILED: $*" >&2; failures=$((failures + 1)); }

"$source_dir/scripts/release/build.sh" --package "$scratch/dist" >/dev/null
version=$("$source_dir/build-static/ordlint" --version | sed -n 's/^ordlint //p')
arch=$(dpkg --print-architecture)
deb="$scratch/dist/ordlint_${version}_${arch}.deb"
archive="$scratch/dist/ordlint-${version}-linux-${arch}.tar.gz"
ls "$scratch/dist"
[ -f "$deb" ] || fail "no $deb"
[ -f "$archive" ] || fail "no $archive"

# What every installed tree holds, relative to its prefix ($1: where zsh completions go).
expect_tree() {
  local prefix=$1 zsh_dir=$2 file
  for file in bin/ordlint share/man/man1/ordlint.1 share/bash-completion/completions/ordlint \
    "share/zsh/$zsh_dir/_ordlint" share/fish/vendor_completions.d/ordlint.fish \
    share/doc/ordlint/LICENSE share/doc/ordlint/README.md share/doc/ordlint/schemas/README.md \
    share/doc/ordlint/schemas/licenses/Apache-2.0.txt share/doc/ordlint/schemas/licenses/kubernetes-json-schema-MIT.txt \
    share/doc/ordlint/third-party/libyaml-cpp-dev.copyright share/doc/ordlint/third-party/libre2-dev.copyright \
    share/doc/ordlint/third-party/libfmt-dev.copyright share/doc/ordlint/third-party/libcli11-dev.copyright \
    share/doc/ordlint/third-party/nlohmann-json3-dev.copyright share/doc/ordlint/third-party/libvalijson-dev.copyright \
    share/doc/ordlint/third-party/libc6-dev.copyright share/doc/ordlint/STATIC-LINKING.md; do
    [ -s "$prefix/$file" ] || fail "$prefix: $file is missing"
  done
  [ -n "$(find "$prefix/share/doc/ordlint/third-party" -name 'libstdc++*.copyright')" ] || fail "$prefix: libstdc++'s copyright is missing"
  cmp -s "$prefix/share/man/man1/ordlint.1" <("$prefix/bin/ordlint" manpage) || fail "$prefix: the man page is not the binary's"
}

# The .deb: its control data, then installed by dpkg into an empty root, and run from there.
if [ -f "$deb" ]; then
  info=$(dpkg-deb --info "$deb")
  grep -q "^ Package: ordlint$" <<<"$info" || fail "deb: package name"
  grep -q "^ Version: $version$" <<<"$info" || fail "deb: version"
  grep -q "^ Architecture: $arch$" <<<"$info" || fail "deb: architecture"
  grep -q "^ Depends:" <<<"$info" && fail "deb: a static binary depends on no package"
  root="$scratch/deb-root"
  mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
  touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
  dpkg --root="$root" --log=/dev/null --force-not-root --force-bad-path -i "$deb" >/dev/null || fail "dpkg -i into $root"
  dpkg --root="$root" -s ordlint 2>/dev/null | grep -q "^Status: install ok installed" || fail "dpkg: ordlint not installed"
  expect_tree "$root/usr" vendor-completions
  "$source_dir/tests/release/self-contained.sh" "$root/usr/bin/ordlint" "$source_dir" >/dev/null ||
    fail "the .deb's binary does not run on its own (tests/release/self-contained.sh)"
fi

# The archive the Action downloads: one folder named like the archive, bin/ordlint in it.
if [ -f "$archive" ]; then
  top="ordlint-${version}-linux-${arch}"
  tar -tzf "$archive" | grep -qx "$top/bin/ordlint" || fail "archive: no $top/bin/ordlint"
  tar -tzf "$archive" | grep -v "^$top/" && fail "archive: entries outside $top/"
  mkdir -p "$scratch/archive" && tar -xzf "$archive" -C "$scratch/archive"
  expect_tree "$scratch/archive/$top" site-functions
fi

# cmake --install into a prefix of one's own.
cmake --install "$source_dir/build-static" --prefix "$scratch/prefix" >/dev/null || fail "cmake --install"
expect_tree "$scratch/prefix" site-functions

# ordlint added to another project with add_subdirectory: configures without Catch2 and
# builds no tests.
mkdir -p "$scratch/user"
cat >"$scratch/user/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.21)
project(uses-ordlint LANGUAGES CXX)
add_subdirectory("$source_dir" ordlint)
CMAKE
if cmake -S "$scratch/user" -B "$scratch/user/build" -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON >"$scratch/configure.log" 2>&1; then
  grep -q "^ORDLINT_BUILD_TESTS:BOOL=OFF" "$scratch/user/build/CMakeCache.txt" || fail "subproject: tests are on"
  [ ! -e "$scratch/user/build/ordlint/tests" ] || fail "subproject: the tests folder was configured"
else
  cat "$scratch/configure.log" >&2
  fail "ordlint does not configure as a subproject without Catch2"
fi

if [ $failures -ne 0 ]; then
  echo "packages: $failures failed" >&2
  exit 1
fi
echo "packages: 1 passed, 0 failed"
