#!/usr/bin/env bash
# One-time setup on a fresh machine (Debian, Node 20 + npm present): the Fashion-MNIST IDX files from
# Debian's dataset-fashion-mnist (root only; without them @trex/data uses its embedded subset and says so),
# pnpm 10.34.9, a frozen offline-safe install (dependency build scripts stay skipped: onnxruntime-node's
# postinstall would try to download CUDA libraries), and a build of every package.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PNPM_VERSION=10.34.9

if [ ! -d /usr/share/datasets/fashion-mnist ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends dataset-fashion-mnist
  else
    echo "setup: /usr/share/datasets/fashion-mnist is missing and this is not root: run" >&2
    echo "       'sudo apt-get install dataset-fashion-mnist' (or set TREX_FMNIST_DIR); continuing with the embedded subset" >&2
  fi
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@$PNPM_VERSION"
fi
pnpm install --frozen-lockfile --reporter=append-only
pnpm exec turbo run build --output-logs=errors-only
