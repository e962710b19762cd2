#!/bin/sh
# Type-checks the Deno entries with Deno's own checker, then the tests with tsc. Deno runs from a temporary
# directory: when it fails to resolve an npm package it rewrites a package.json that sits beside a
# pnpm-workspace.yaml near its working directory, and this repository's root is one.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
tsc -p "$here/tsconfig.json" --noEmit
cd "$(mktemp -d)"
deno check --quiet --sloppy-imports --config "$here/deno.json" "$here/main.ts" "$here/supabase/functions/tokenfn/index.ts"
