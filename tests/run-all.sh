#!/usr/bin/env bash
# `npm test`: every gate CI runs, in order of cost. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s ===\n' "$*"; }

# The suite needs Debian's chromium, snmp tools, socat, pppd, dovecot and the PostgreSQL 15 client: install them if this machine lacks them.
if ! command -v chromium >/dev/null || ! command -v snmptrap >/dev/null || ! command -v socat >/dev/null || ! [ -x /usr/sbin/pppd ] || ! [ -x /usr/sbin/dovecot ] || ! [ -x /usr/lib/postgresql/15/bin/pg_dump ]; then
  step "installing test dependencies from apt"; bash .ci/install-deps.sh
fi

step "typecheck"; npx tsc --noEmit
step "lint"; npx biome lint .
step "production build"; npx next build
mkdir -p .data/test-reports
step "unit + integration (real PostgreSQL)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.data/test-reports/vitest.json
step "e2e (Playwright, Debian Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.data/test-reports/playwright.json npx playwright test --reporter=list,json

# One closing line over both runners (reached only when every step passed).
node -e '
const fs = require("node:fs");
const v = JSON.parse(fs.readFileSync(".data/test-reports/vitest.json", "utf8"));
const p = JSON.parse(fs.readFileSync(".data/test-reports/playwright.json", "utf8")).stats;
const passed = v.numPassedTests + p.expected + p.flaky;
const failed = v.numFailedTests + p.unexpected;
const skipped = v.numPendingTests + v.numTodoTests + p.skipped;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
'
