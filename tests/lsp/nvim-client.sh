#!/usr/bin/env bash
# Runs nvim-client.lua in headless Neovim against `ordlint lsp`.
# usage: tests/lsp/nvim-client.sh path/to/ordlint
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$(realpath "${1:-build/ordlint}")
command -v nvim >/dev/null || { echo "nvim not found: run scripts/install-deps.sh" >&2; exit 1; }
workspace=$(mktemp -d)
trap 'rm -rf "$workspace"' EXIT
cat >"$workspace/config.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {"größe": '1', k: '1', k: '2'}
YAML
# No user config, no shada, no swap file; the test ends nvim itself (timeout is a backstop).
ORDLINT_BINARY="$binary" ORDLINT_WORKSPACE="$workspace" HOME="$workspace" \
  timeout 60 nvim --headless --clean -n -i NONE -c "luafile $here/nvim-client.lua" </dev/null
