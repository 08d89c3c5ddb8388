/**
 * Issue 13 beyond the explorer: one date format, the run page (truthful derivations, provenance
 * without a second "source", links back to the analysis), compare (run legend, every differing
 * configuration row highlighted, no empty power-trace panel), write forms behind "Log in / Set up"
 * or the role they need, import feedback graded by severity with a "will not plot" summary and a
 * success note linking to the runs and their frontier, the sweep form (each knob in one place,
 * labels from the knob catalogue) and the sweep page (result columns, unstable points flagged,
 * progress bar), a favicon; on a 390 px phone and in dark mode too, with axe scans.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const FIX = path.resolve(__dirname, '../tests/fixtures/importers');
const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/;

async function demoRunIds(request: APIRequestContext, n: number): Promise<number[]> {
  const res = await request.get(`/api/runs?limit=${n}&sort=id&order=asc`);
  return ((await res.json()) as { runs: { id: number }[] }).runs.map((r) => r.id);
}

async function serious(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test('run page: derivations the run can have, one energy line, one date format, links to frontier and study', async ({
  page,
  request,
}) => {
  // The first demo run: ML.ENERGY gives power and energy per request; request throughput is derived from them.
  const [id] = await demoRunIds(request, 1);
  await page.goto(`/runs/${id}`);
  const how = page.locator('[data-metric="request_throughput_rps"] [data-testid="metric-how"]');
  await expect(how).toHaveText('derived: avg_power_w / energy_per_request_j');
  // No derivation names an input the page lists as not available.
  const missing = (await page.getByText(/^Not available for this run:/).textContent()) ?? '';
  for (const text of await page.getByTestId('metric-how').allTextContents())
    if (/duration_s|completed/.test(text)) expect(missing).not.toMatch(/duration|completed/);
  const prov = page.getByTestId('run-provenance');
  await expect(prov.locator('dt', { hasText: /^energy source$/ })).toHaveCount(0);
  await expect(page.getByTestId('energy-provenance')).toContainText('by ML.ENERGY');
  await expect(prov.locator('dt', { hasText: 'stored at' }).locator('xpath=following-sibling::dd[1]')).toHaveText(DATE);
  // Knob labels and units from the catalogue, singular for one.
  await expect(page.getByTestId('run-config').locator('dd[data-knob="tp"]')).toHaveText('1 GPU');
  await expect(page.getByTestId('run-config').locator('dt', { hasText: 'Tensor parallel' })).toBeVisible();
  // Back to the analysis: the run's own point on its model's frontier, and its study.
  const href = await page.getByTestId('show-on-frontier').getAttribute('href');
  expect(href).toContain(`sel=${id}`);
  await expect(page.getByRole('link', { name: 'Explore this study' })).toHaveAttribute('href', /\/explore\?study=\d+/);
});

test('compare: a legend of run colours, every differing row highlighted, no empty power-trace panel', async ({
  page,
  request,
}) => {
  const ids = await demoRunIds(request, 400);
  // Two demo runs of different models and GPU counts (the demo has no traces).
  const runs = (await (await request.get(`/api/runs?limit=400&sort=id&order=asc`)).json()) as {
    runs: { id: number; model: { id: string } }[];
  };
  const a = runs.runs[0];
  const b = runs.runs.find((r) => r.model.id !== a.model.id)!;
  expect(ids).toContain(b.id);
  await page.goto(`/compare?ids=${a.id},${b.id}`);
  const legend = page.getByTestId('compare-legend');
  await expect(legend.locator('li')).toHaveCount(2);
  await expect(legend.locator(`li[data-run="${a.id}"] circle`)).toHaveAttribute('fill', /^#/);
  const fills = await legend.locator('circle').evaluateAll((cs) => cs.map((c) => c.getAttribute('fill')));
  expect(new Set(fills).size).toBe(2);
  // Model differs: its row is highlighted like the knob rows that differ.
  await expect(page.locator('[data-config-row="model"]')).toHaveAttribute('data-differs', '1');
  await expect(page.locator('[data-config-row="model"] td.differs')).toHaveCount(2);
  await expect(page.locator('[data-config-row="engine"]')).not.toHaveAttribute('data-differs', '1');
  // Knob rows are labelled from the knob catalogue.
  await expect(page.locator('[data-config-row="max_num_seqs"] td').first()).toContainText('max_num_seqs');
  await expect(page.locator('[data-config-row="tp"] td').first()).toContainText('Tensor parallel');
  await expect(page.getByTestId('no-power-trace')).toContainText('No power trace for these runs');
  await expect(page.getByRole('heading', { name: 'Power traces' })).toHaveCount(0);
});

test('write forms: a viewer sees why instead of live forms', async ({ browser, page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const viewer = { name: `e2e-viewer-${Date.now()}`, password: 'e2e viewer passphrase 3' };
  const made = await page.request.post('/api/users', { data: { ...viewer, role: 'viewer' }, headers: { origin } });
  expect(made.status(), await made.text()).toBe(201);
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const v = await ctx.newPage();
  await v.goto('/login');
  await v.getByLabel('User name').fill(viewer.name);
  await v.getByLabel('Password').fill(viewer.password);
  await v.getByRole('button', { name: 'Log in', exact: true }).click();
  await v.waitForURL((u) => u.pathname === '/');
  for (const [url, action] of [
    ['/import', 'import results'],
    ['/sweeps/new', 'launch a sweep'],
    ['/studies', 'create, rename or delete studies'],
  ] as const) {
    await v.goto(url);
    const gate = v.getByTestId('write-gate');
    await expect(gate).toHaveAttribute('data-reason', 'role');
    await expect(gate).toContainText(`You cannot ${action}`);
    await expect(gate).toContainText('viewer');
    await expect(v.getByText('Authorization: Bearer')).toHaveCount(0);
  }
  await expect(v.getByRole('form', { name: 'Create study' })).toHaveCount(0);
  await expect(v.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await v.goto('/import');
  await expect(v.getByTestId('dropzone')).toHaveCount(0);
  // Ticking runs offers Compare, not Move.
  await v.goto('/runs');
  await v
    .getByRole('checkbox', { name: /^select run \d+$/ })
    .first()
    .check();
  await expect(v.getByText('1 selected')).toBeVisible();
  await expect(v.getByRole('button', { name: 'Move to study…' })).toHaveCount(0);
  await ctx.close();
});

test('import: notes by severity, what will not plot, success with links; long names do not widen the page', async ({
  page,
  baseURL,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-ux-'));
  const long = path.join(dir, `${'a_very_long_result_file_name_from_a_cluster_job_'.repeat(5)}vllm.json`);
  fs.copyFileSync(path.join(FIX, 'e2e_vllm_serve.json'), long);
  await page.goto('/import');
  await page.getByLabel('Study').fill('e2e ux import');
  await page
    .getByTestId('import-files')
    .setInputFiles([
      long,
      path.join(FIX, 'mini_run_1_mlperf_log_summary.txt'),
      path.join(FIX, 'mini_run_1_spl.txt'),
      path.join(FIX, 'llmperf_summary.json'),
    ]);
  await expect(page.getByTestId('import-file')).toHaveCount(4);
  // Graded: "joined into" is information, "GPU model not in file" a warning.
  await expect(page.locator('li[data-severity="info"]', { hasText: 'joined into' })).toBeVisible();
  await expect(page.locator('li[data-severity="warning"]', { hasText: 'GPU model not in file' }).first()).toBeVisible();
  await expect(page.locator('li[data-severity="info"]', { hasText: 'joined with' })).toBeVisible();
  await expect(page.locator('li[data-severity="error"]')).toHaveCount(0);
  // The LLMPerf summary has no energy: the summary says what will not plot.
  const summary = page.getByTestId('plot-summary');
  await expect(summary).toContainText('2 of 3 runs have energy data: the other one will not plot');
  await expect(summary).toHaveAttribute('data-severity', 'warning');
  expect(await pageWidth(page)).toBeLessThanOrEqual(1440);
  expect(await serious(page)).toEqual([]);

  await page.getByRole('button', { name: /Commit import \(3 runs\)/ }).click();
  const ok = page.getByTestId('import-success');
  await expect(ok).toContainText('Imported 3 runs');
  await expect(ok).toHaveAttribute('data-severity', 'success');
  const runsHref = await page.getByTestId('import-runs-link').getAttribute('href');
  expect(runsHref).toMatch(/^\/runs\?study=\d+$/);
  await page.getByTestId('import-frontier-link').click();
  await page.waitForURL(/\/explore\?study=\d+/);
  expect(new URL(page.url()).searchParams.get('study')).toBe(new URL(runsHref!, baseURL).searchParams.get('study'));

  // Phone, dark: the long name wraps; nothing is wider than the screen. Then the batch is undone.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/import');
  await expect(page.getByTestId('import-history')).toContainText('a_very_long_result_file_name');
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  expect(await serious(page)).toEqual([]);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('import-history').getByRole('button', { name: 'Undo' }).first().click();
  await expect(page.getByRole('status')).toContainText(/undone/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('sweep form: each knob in one place, catalogue labels; a load list is swept', async ({ page }) => {
  await page.goto('/sweeps/new');
  await expect(page.locator('#grid-max_concurrency')).toHaveCount(0);
  await expect(page.locator('#grid-input_len')).toHaveCount(0);
  await expect(page.getByLabel('Power limit (W)')).toBeVisible();
  await expect(page.locator('label[for="grid-power_limit_w"]')).not.toContainText('power_limit_w');
  await expect(page.getByLabel('Simulated time scale')).toHaveValue('1');
  await page.getByLabel('SM clock (MHz)').fill('1410, 1980');
  await page.getByLabel('max_num_seqs', { exact: true }).fill('');
  await page.locator('#sw-load').fill('2, 4, 8');
  await expect(page.getByTestId('sweep-estimate')).toContainText('6 points');
});

test('sweep page: result columns, unstable points flagged like their runs, a progress bar (phone, dark)', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const created = await request.post('/api/sweeps', {
    headers: { origin: new URL(baseURL!).origin },
    data: {
      name: 'e2e ux sweep',
      executor: 'local',
      simulated: true,
      grid: { sm_clock_mhz: [1410, 1980] },
      workload: { requests: 4, concurrency: 2, input_len: 64, output_len: 16 },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`/sweeps/${id}`);
  const bar = page.getByRole('progressbar', { name: 'Sweep progress' });
  await expect(bar).toHaveAttribute('aria-valuemax', '2');
  await expect(page.getByTestId('sweep-state')).toHaveText('done', { timeout: 120_000 });
  await expect(bar).toHaveAttribute('aria-valuenow', '2');
  await expect(page.getByTestId('sweep-counts')).toContainText('2 of 2 points finished');
  const v = (await (await request.get(`/api/sweeps/${id}`)).json()) as {
    points: { idx: number; runId: number }[];
    studyId: number;
  };
  for (const p of v.points) {
    const run = (await (await request.get(`/api/runs/${p.runId}`)).json()) as {
      metrics: Record<string, number>;
      stability?: { stable: boolean };
    };
    const row = page.getByTestId(`point-${p.idx}`);
    // The point says what its run says: unstable is not a green "done".
    await expect(row).toHaveAttribute('data-outcome', run.stability?.stable === false ? 'unstable' : 'done');
    const cell = await row.getByTestId('point-energy').textContent();
    expect(Number(cell!.replace(/,/g, ''))).toBeCloseTo(run.metrics.energy_per_output_token_j, 2);
    await expect(row.getByTestId('point-itl')).not.toHaveText('');
  }
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  expect(await serious(page)).toEqual([]);
  // The sweeps list counts the unstable ones too.
  const nUnstable = await page.locator('[data-outcome="unstable"]').count();
  await page.goto('/sweeps');
  const row = page.getByTestId('sweeps-table').locator('tr', { hasText: 'e2e ux sweep' });
  await expect(row.getByTestId('sweep-unstable')).toHaveCount(nUnstable ? 1 : 0);
  const headers = { origin: new URL(baseURL!).origin };
  expect((await request.delete(`/api/studies/${v.studyId}`, { headers })).status()).toBeLessThan(300);
});

test('one date format on the lists; favicon; pages fit a phone in dark mode', async ({ page, request }) => {
  const icon = await request.get('/icon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  await page.goto('/studies');
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /icon/);
  for (const cell of await page.getByTestId('studies-table').locator('tbody tr td:nth-child(3)').allTextContents())
    expect(cell).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const [a, b] = await demoRunIds(request, 2);
  for (const url of [`/runs/${a}`, `/compare?ids=${a},${b}`, '/import', '/sweeps/new', '/studies', '/sweeps']) {
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    expect(await pageWidth(page), url).toBeLessThanOrEqual(390);
  }
});
