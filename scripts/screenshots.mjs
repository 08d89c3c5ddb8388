#!/usr/bin/env node
// README screenshots: opens a running Joulebench (default http://127.0.0.1:3000, demo data) in
// Debian Chromium and writes docs/img/*.png (desktop 1440x900 light and dark, a 390 px phone).
// Re-run after UI changes (plan.png needs a plan: `joulebench plan --study 2 --model
// meta-llama/Llama-3.1-70B-Instruct --workload builtin:azure-conv-2023 --slo ttft_ms_p99=2000,tpot_ms_p99=100`):
//   npm run build && PORT=3000 npm start &   node scripts/screenshots.mjs [baseURL]
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { chromiumLaunchOptions } from './chromium.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = path.resolve('docs/img');
fs.mkdirSync(out, { recursive: true });

const explorer = '/explore?slo.itl_ms_p99=30&color=model';
const shots = [
  // The first screen of the explorer: the chart, one frontier per model under a 30 ms p99 ITL SLO,
  // and the view settings beside it.
  { file: 'explorer.png', url: explorer, wait: '[data-testid="frontier-point"]' },
  { file: 'explorer-dark.png', url: explorer, wait: '[data-testid="frontier-point"]', scheme: 'dark' },
  // Each model's energy-optimal configuration against its own baseline.
  { file: 'per-model.png', url: explorer, wait: '[data-testid="per-model"]', selector: '[data-testid="per-model"]' },
  { file: 'explorer-phone.png', url: explorer, wait: '[data-testid="frontier-point"]', phone: true },
  {
    file: 'sensitivity.png',
    url: '/explore?sk=max_num_seqs&ss=tp',
    wait: '[data-testid="sensitivity-panel"]',
    selector: '[data-testid="sensitivity"]',
  },
  // A built-in production trace: arrival rate, length distributions, load buckets (not the explorer).
  { file: 'workload.png', url: '/workloads/builtin:azure-conv-2023', wait: 'h1', explorer: false },
  // A plan, when the instance has one (create it first: see README "Plans"); skipped otherwise.
  { file: 'plan.png', url: '/plans/1', wait: 'h1', explorer: false, optional: true, fullPage: true },
];

const browser = await chromium.launch(chromiumLaunchOptions);
try {
  for (const s of shots) {
    const ctx = await browser.newContext({
      viewport: s.phone ? { width: 390, height: 844 } : { width: 1440, height: 900 },
      deviceScaleFactor: s.phone ? 2 : 1,
      colorScheme: s.scheme ?? 'light',
      isMobile: !!s.phone,
      hasTouch: !!s.phone,
    });
    const page = await ctx.newPage();
    const res = await page.goto(base + s.url);
    if (s.optional && res && res.status() === 404) {
      console.log(`skipped ${s.file}: ${s.url} answered 404`);
      await ctx.close();
      continue;
    }
    await page.waitForSelector(s.wait);
    // The explorer sizes its chart to the screen once hydrated.
    if (s.explorer !== false) await page.waitForSelector('[data-hydrated="1"]');
    await page.waitForLoadState('networkidle');
    const file = path.join(out, s.file);
    if (s.selector) await page.locator(s.selector).first().screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: !!s.fullPage });
    console.log(`wrote ${path.relative(process.cwd(), file)} (${(fs.statSync(file).size / 1024).toFixed(0)} KB)`);
    await ctx.close();
  }
} finally {
  await browser.close();
}
