#!/usr/bin/env bash
# Installs everything ordlint needs to build and test, from Debian packages.
# Idempotent: packages already present are not reinstalled, and it prints nothing then.
# --build-only: just what building the `ordlint` target needs (the GitHub Action's build from
# source, the Docker image, the release workflow): no clang, no Catch2, no test tools.
set -euo pipefail

build_only=false
[ "${1:-}" = "--build-only" ] && build_only=true

packages=(
  ca-certificates cmake g++ make pkg-config
  libyaml-cpp-dev libre2-dev libcli11-dev libfmt-dev nlohmann-json3-dev
)
# The tests: Catch2; clang and its sanitizer runtime for the sanitizer build and the fuzzer;
# git, pre-commit and the SARIF validator (a .NET program: ICU) for the integration tests;
# curl for the Action's download step (from file:// URLs in the tests); zsh and fish to run
# the completion scripts, groff to check the man page; `make format-check` runs
# clang-format 14.
[ "$build_only" = true ] ||
  packages+=(catch2 clang libclang-rt-14-dev git pre-commit libicu72 curl zsh fish groff-base clang-format)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

apt_updated=false
apt_update_once() {
  if [ "$apt_updated" = false ]; then
    as_root apt-get update -qq >/dev/null
    apt_updated=true
  fi
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# valijson is header-only, but Debian's libvalijson-dev depends on Qt and Poco for adapters
# ordlint never uses; unpack just its headers into /usr/local/include instead.
if { [ ! -f /usr/local/include/valijson/validator.hpp ] || [ ! -f /usr/local/share/doc/valijson/copyright ]; } &&
   [ ! -f /usr/include/valijson/validator.hpp ]; then
  echo "install-deps: installing valijson headers"
  apt_update_once
  workdir=$(mktemp -d)
  trap 'rm -rf "$workdir"' EXIT
  (cd "$workdir" && apt-get download -qq libvalijson-dev >/dev/null 2>&1) ||
    (cd "$workdir" && as_root apt-get download -qq libvalijson-dev >/dev/null)
  dpkg-deb -x "$workdir"/libvalijson-dev_*.deb "$workdir/root"
  as_root mkdir -p /usr/local/include
  as_root cp -r "$workdir/root/usr/include/valijson" /usr/local/include/
  # Its licence, which `cmake --install` ships with the binary the headers are compiled into.
  as_root mkdir -p /usr/local/share/doc/valijson
  as_root cp "$workdir/root/usr/share/doc/libvalijson-dev/copyright" /usr/local/share/doc/valijson/
fi

[ "$build_only" = true ] && exit 0

# The language server's client tests: Node (vscode-languageserver-protocol, pinned in
# tests/lsp/package-lock.json) and headless Neovim. Checked by command, not by package: Node
# may come from elsewhere than Debian (and then brings its own npm).
lsp_tools=()
command -v node >/dev/null || lsp_tools+=(nodejs)
command -v npm >/dev/null || lsp_tools+=(npm)
command -v nvim >/dev/null || lsp_tools+=(neovim)
if [ ${#lsp_tools[@]} -gt 0 ]; then
  echo "install-deps: installing ${lsp_tools[*]}"
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lsp_tools[@]}" >/dev/null
fi
lsp_tests="$(cd "$(dirname "$0")/.." && pwd)/tests/lsp"
if [ ! -f "$lsp_tests/node_modules/.package-lock.json" ] ||
   [ "$lsp_tests/package-lock.json" -nt "$lsp_tests/node_modules/.package-lock.json" ]; then
  echo "install-deps: installing the LSP test clients (npm ci in tests/lsp)"
  (cd "$lsp_tests" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# The VS Code extension (editors/vscode): its client library and the packager, for its test.
vscode_dir="$(cd "$(dirname "$0")/.." && pwd)/editors/vscode"
if [ ! -f "$vscode_dir/node_modules/.package-lock.json" ] ||
   [ "$vscode_dir/package-lock.json" -nt "$vscode_dir/node_modules/.package-lock.json" ]; then
  echo "install-deps: installing the VS Code extension's packages (npm ci in editors/vscode)"
  (cd "$vscode_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# The pinned external validators of the integration tests (tools/package.json): the SARIF
# validator and the GitHub Action validator.
tools_dir="$(cd "$(dirname "$0")/.." && pwd)/tools"
stamp="$tools_dir/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$tools_dir/package-lock.json" -nt "$stamp" ]; then
  echo "install-deps: installing the test tools in tools/ (npm ci)"
  (cd "$tools_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
# npm may skip the package's postinstall (chmod) script; the validator must be executable.
chmod u+x "$tools_dir"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null || true
