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
cat >"$workspace/db.yaml" <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: database}
spec:
  replicas: 5
  ordinals:
    start: 1
  serviceName: database
  selector: {matchLabels: {app: database}}
  template:
    metadata: {labels: {app: database}}
    spec: {containers: [{name: postgres, image: 'postgres:17'}]}
YAML
cat >"$workspace/service.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: database-primary}
spec:
  selector:
    app: database
    apps.kubernetes.io/pod-index: "0"
  ports: [{port: 5432}]
YAML
# No user config, no shada, no swap file; the test ends nvim itself (timeout is a backstop).
ORDLINT_BINARY="$binary" ORDLINT_WORKSPACE="$workspace" HOME="$workspace" \
  timeout 60 nvim --headless --clean -n -i NONE -c "luafile $here/nvim-client.lua" </dev/null
