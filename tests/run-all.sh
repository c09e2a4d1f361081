#!/usr/bin/env bash
# `npm test`: every gate CI runs, in order of cost. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s ===\n' "$*"; }

step "typecheck"; npx tsc --noEmit
step "lint"; npx biome lint .
step "unit + integration (real PostgreSQL)"; npx vitest run
step "production build"; npx next build
step "e2e (Playwright, Debian Chromium)"; npx playwright test
