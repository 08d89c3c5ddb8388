#!/usr/bin/env bash
# The whole test suite, as README and CI run it: system deps, npm ci when needed, `npm run check`
# (types, ESLint, Prettier), unit + integration tests (vitest), production build, single-node
# Slurm, Playwright e2e in Debian Chromium. Prints one closing "Tests: N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .e2e
bash scripts/install-system-deps.sh
if [ ! -x node_modules/.bin/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

status=0
echo "== check (types, lint, format)"; npm run -s check || status=1

echo "== unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.e2e/vitest.json || status=1

echo "== production build"
if ! npx next build; then
  echo "build failed" >&2
  node scripts/summarize-tests.mjs || true
  exit 1
fi

slurm_started=0
if [ -x scripts/slurm-dev.sh ] && command -v sbatch >/dev/null 2>&1; then
  echo "== single-node Slurm"
  if bash scripts/slurm-dev.sh start; then slurm_started=1; else echo "slurm-dev failed to start" >&2; status=1; fi
fi
trap '[ "$slurm_started" = 1 ] && bash scripts/slurm-dev.sh stop >/dev/null 2>&1 || true' EXIT

echo "== end-to-end (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.e2e/playwright.json npx playwright test --reporter=list,json || status=1

node scripts/summarize-tests.mjs || status=1
exit $status
