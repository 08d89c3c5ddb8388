#!/usr/bin/env node
// Sums the vitest and Playwright JSON reports into one closing line: "Tests: N passed, N failed".
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null);
const v = read('.e2e/vitest.json');
if (v) {
  passed += v.numPassedTests ?? 0;
  // Files that failed to load have no failed tests of their own: count them too. (Not from
  // numFailedTestSuites: vitest counts every describe block around a failed test there.)
  const loadFailures = (v.testResults ?? []).filter(
    (r) => r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  failed += (v.numFailedTests ?? 0) + loadFailures;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
const p = read('.e2e/playwright.json');
if (p?.stats) {
  passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  failed += p.stats.unexpected ?? 0;
  skipped += p.stats.skipped ?? 0;
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || (!v && !p) ? 1 : 0);
