#!/usr/bin/env node
// README screenshots: opens a running Joulebench (default http://127.0.0.1:3000, demo data) in
// Debian Chromium and writes docs/img/*.png. Re-run after UI changes:
//   npm run build && PORT=3000 npm start &   node scripts/screenshots.mjs [baseURL]
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = path.resolve('docs/img');
fs.mkdirSync(out, { recursive: true });

const shots = [
  // Energy per output token vs p99 ITL under a 30 ms p99 ITL SLO, coloured by GPU.
  { file: 'explorer.png', url: '/explore?slo.itl_ms_p99=30', wait: '[data-testid="frontier-point"]', height: 1100 },
  { file: 'sensitivity.png', url: '/explore?sk=max_num_seqs&ss=tp', wait: '[data-testid="sensitivity-panel"]', selector: '[data-testid="sensitivity"]' },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
  for (const s of shots) {
    await page.setViewportSize({ width: 1360, height: s.height ?? 900 });
    await page.goto(base + s.url);
    await page.waitForSelector(s.wait);
    await page.waitForLoadState('networkidle');
    const file = path.join(out, s.file);
    if (s.selector) await page.locator(s.selector).first().screenshot({ path: file });
    else await page.screenshot({ path: file });
    console.log(`wrote ${path.relative(process.cwd(), file)} (${(fs.statSync(file).size / 1024).toFixed(0)} KB)`);
  }
} finally {
  await browser.close();
}
