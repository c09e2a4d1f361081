#!/usr/bin/env bash
# `npm test`: every gate CI runs, in order of cost. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s ===\n' "$*"; }

# The suite needs Debian's chromium, snmp tools and socat: install them if this machine lacks them.
if ! command -v chromium >/dev/null || ! command -v snmptrap >/dev/null || ! command -v socat >/dev/null; then
  step "installing test dependencies from apt"; bash .ci/install-deps.sh
fi

step "typecheck"; npx tsc --noEmit
step "lint"; npx biome lint .
step "production build"; npx next build
step "unit + integration (real PostgreSQL)"; npx vitest run
step "e2e (Playwright, Debian Chromium)"; npx playwright test
