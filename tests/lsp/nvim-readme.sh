#!/usr/bin/env bash
# Runs the README's Neovim 0.7 snippet (the ```lua block after <!-- nvim-0.7-snippet -->) as
# the init.lua of a headless Neovim, with ordlint on PATH, and waits for ordlint's diagnostic
# on a manifest: the snippet users copy is the one that was tried.
# usage: tests/lsp/nvim-readme.sh path/to/ordlint
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$(realpath "${1:-build/ordlint}")
command -v nvim >/dev/null || { echo "nvim not found: run scripts/install-deps.sh" >&2; exit 1; }
workspace=$(mktemp -d)
trap 'rm -rf "$workspace"' EXIT
mkdir "$workspace/bin"
ln -s "$binary" "$workspace/bin/ordlint"
awk '/<!-- nvim-0.7-snippet -->/ {found = 1; next}
     found && /^```lua/ {inside = 1; next}
     inside && /^```/ {exit}
     inside {print}' "$here/../../README.md" >"$workspace/init.lua"
[ -s "$workspace/init.lua" ] || { echo "no Neovim snippet found in README.md" >&2; exit 1; }
cat >"$workspace/dup.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {k: '1', k: '2'}
YAML
cat >"$workspace/check.lua" <<'LUA'
local ok = vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.source == 'ordlint' and d.lnum == 3 then return true end
  end
  return false
end, 20)
if ok then
  io.stdout:write('README Neovim snippet: ordlint diagnostics shown\n')
  vim.cmd('qall!')
else
  io.stderr:write('README Neovim snippet: no ordlint diagnostic: ' .. vim.inspect(vim.diagnostic.get(0)) .. '\n')
  vim.cmd('cquit 1')
end
LUA
cd "$workspace"
PATH="$workspace/bin:$PATH" HOME="$workspace" \
  timeout 60 nvim --headless -n -i NONE -u "$workspace/init.lua" \
  -c 'filetype on' -c 'edit dup.yaml' -c "luafile $workspace/check.lua" </dev/null
