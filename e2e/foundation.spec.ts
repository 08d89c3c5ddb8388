/**
 * The foundations: the first page, the runs table (sort, filters, repeated model= values), a run's
 * page, study deletion and API input errors. The runs-table tests work on a study this spec seeds
 * through the API (removed afterwards), so their counts never depend on what other specs left in
 * the database; the first-page and run-page tests read the ML.ENERGY demo study the server loads
 * at first start.
 */
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';

const SEED_STUDY = `e2e foundation ${Date.now()}`; // unique per run, so a retry is not de-duplicated away
const SEED_MODELS = ['e2e/foundation-a', 'e2e/foundation-b'] as const;
const SEED_GPUS = ['H100', 'L40S'] as const; // canonical names (the store normalises GPU names)
const SEED_SEQS = [64, 256, 512];

/** 12 runs: 2 models x 2 GPUs x 3 max_num_seqs, each with its own energy per output token. */
function seedRecords() {
  const out = [];
  let n = 0;
  for (const model of SEED_MODELS)
    for (const gpu of SEED_GPUS)
      for (const seqs of SEED_SEQS) {
        n++;
        out.push({
          schema_version: 1,
          source: { kind: 'api', format: 'joulebench-measure' },
          label: `${model} ${gpu} seqs=${seqs}`,
          created_at: '2026-03-01T00:00:00.000Z',
          model: { id: model, params_b: 8 },
          hardware: { gpu_model: gpu, gpu_count: 1, simulated: true },
          engine: { name: 'vllm', version: 'sim' },
          knobs: { max_num_seqs: seqs, tp: 1, run_tag: SEED_STUDY },
          workload: { num_requests: 100, input_tokens_total: 51200, output_tokens_total: 12800 },
          metrics: { duration_s: 15, completed: 100, energy_j: 1000 + 137 * n, itl_ms_p99: 20 + n },
          energy_provenance: { method: 'simulated', scope: 'gpu' },
        });
      }
  return out;
}

async function seedStudy(request: APIRequestContext, origin: string) {
  const res = await request.post(`/api/runs?studyName=${encodeURIComponent(SEED_STUDY)}`, {
    data: seedRecords(),
    headers: { origin },
  });
  expect(res.status(), await res.text()).toBe(201);
  const ids = ((await res.json()) as { ids: number[] }).ids;
  const { studies } = (await (await request.get('/api/studies')).json()) as { studies: { id: number; name: string }[] };
  return { ids, studyId: studies.find((s) => s.name === SEED_STUDY)!.id };
}

// The admin's session of this run (playwright.config.ts; hooks have no test-scoped `request`).
const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT}`;
const ADMIN_STATE = path.join(process.env.E2E_DIR!, 'state', 'admin.json');

let seeded: Promise<{ ids: number[]; studyId: number }>;
test.beforeAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: BASE_URL, storageState: ADMIN_STATE });
  seeded = seedStudy(request, BASE_URL).finally(() => request.dispose());
  await seeded;
});
test.afterAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: BASE_URL, storageState: ADMIN_STATE });
  const { studyId } = await seeded;
  const res = await request.delete(`/api/studies/${studyId}`, { headers: { origin: BASE_URL } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  await request.dispose();
});

test('first page shows the demo study with attribution', async ({ page }) => {
  await page.goto('/');
  const card = page.getByTestId('studies-overview').locator('section').filter({ hasText: 'ML.ENERGY' }).first();
  await expect(card).toBeVisible();
  await expect(card).toContainText('328');
  await expect(card.getByTestId('attribution')).toContainText('ml-energy/leaderboard');
});

test('runs table sorts and filters', async ({ page, request }) => {
  const seed = await seeded;
  await page.goto(`/runs?study=${seed.studyId}`);
  const rows = page.getByTestId('runs-table').locator('tbody tr[data-run-id]');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('runs-total')).toContainText(`${seed.ids.length} runs`);

  // Sort ascending by energy per output token: the first row must hold the API's minimum.
  await page.getByRole('button', { name: /^J\/out tok \(J\/token\)/ }).click();
  await expect(page).toHaveURL(/sort=energy_per_output_token_j/);
  const q = `study=${seed.studyId}`;
  const api = await (await request.get(`/api/runs?${q}&sort=energy_per_output_token_j&order=asc&limit=1`)).json();
  await expect(rows.first()).toHaveAttribute('data-run-id', String(api.runs[0].id));
  const cells = await rows.locator('td[data-col="energy_per_output_token_j"]').allInnerTexts();
  const values = cells.map((c) => Number(c.replace(/,/g, '')));
  expect(values).toHaveLength(seed.ids.length);
  expect([...values].sort((a, b) => a - b)).toEqual(values);

  // Filter by GPU: the total drops to the API's count and every row shows that GPU.
  const oneGpu = await (await request.get(`/api/runs?${q}&gpu=${SEED_GPUS[0]}&limit=1`)).json();
  expect(oneGpu.total).toBe(seed.ids.length / SEED_GPUS.length);
  await page.getByLabel('GPU', { exact: true }).selectOption(SEED_GPUS[0]);
  await expect(page.getByTestId('runs-total')).toContainText(`${oneGpu.total} runs`);
  const gpus = await rows.locator('td[data-col="gpu"]').allInnerTexts();
  expect(gpus).toHaveLength(oneGpu.total);
  expect(gpus.filter((g) => !g.includes(SEED_GPUS[0]))).toEqual([]);

  // Knob range filter.
  await page.getByLabel('max_num_seqs min').fill('256');
  await page.getByLabel('max_num_seqs min').press('Enter');
  await expect(page).toHaveURL(/knob\.max_num_seqs\.min=256/);
  const ks = await (await request.get(`/api/runs?${q}&gpu=${SEED_GPUS[0]}&knob.max_num_seqs.min=256&limit=1`)).json();
  expect(ks.total).toBe(oneGpu.total * (2 / 3)); // 256 and 512 of 64, 256, 512
  await expect(page.getByTestId('runs-total')).toContainText(`${ks.total} runs`);
});

test('run detail shows units and provenance', async ({ page, request }) => {
  // A run of the ML.ENERGY demo study (loaded at first start), whose provenance is known.
  const { studies } = (await (await request.get('/api/studies')).json()) as { studies: { id: number; name: string }[] };
  const demo = studies.find((s) => s.name.includes('ML.ENERGY'));
  expect(demo, 'the ML.ENERGY demo study').toBeDefined();
  const api = await (
    await request.get(`/api/runs?study=${demo!.id}&limit=1&sort=energy_per_output_token_j&order=asc`)
  ).json();
  const id = api.runs[0].id;
  await page.goto(`/runs/${id}`);
  const eot = page.getByTestId('run-metrics').locator('tr[data-metric="energy_per_output_token_j"]');
  await expect(eot).toContainText('J/token');
  await expect(page.getByTestId('run-metrics').locator('tr[data-metric="itl_ms_p99"]')).toContainText('ms');
  await expect(page.getByTestId('run-provenance')).toContainText('ml-energy-v3');
  await expect(page.getByTestId('run-provenance')).toContainText('0cd52dab');
  await expect(page.getByTestId('run-config')).toContainText('max_num_seqs');
});

test('deleting a study asks for confirmation and removes only it', async ({ page, request }) => {
  const origin = new URL(page.url() === 'about:blank' ? test.info().project.use.baseURL! : page.url()).origin;
  const headers = { origin };
  const a = await request.post('/api/studies', { data: { name: 'e2e keep me' }, headers });
  expect(a.status()).toBe(201);
  const b = await request.post('/api/studies', { data: { name: 'e2e delete me' }, headers });
  expect(b.status()).toBe(201);
  const before = (await (await request.get('/api/studies')).json()).studies as { id: number; name: string }[];

  await page.goto('/studies');
  const row = page.getByRole('row', { name: /e2e delete me/ });
  await row.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: /Delete study e2e delete me/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('cannot be undone');
  // Cancel first: nothing happens.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('studies-table')).toContainText('e2e delete me');
  await row.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete study and runs' }).click();
  await expect(page.getByTestId('studies-table')).not.toContainText('e2e delete me');

  const after = (await (await request.get('/api/studies')).json()).studies as { id: number; name: string }[];
  expect(after.map((s) => s.name).sort()).toEqual(
    before
      .map((s) => s.name)
      .filter((n) => n !== 'e2e delete me')
      .sort(),
  );
});

test('bad API input gets a 400 with a clear message', async ({ request }) => {
  for (const [url, needle] of [
    ['/api/runs?sort=bogus', 'unknown sort key'],
    ['/api/runs?limit=-1', 'limit'],
    ['/api/runs?offset=abc', 'offset'],
    ['/api/runs/abc', 'malformed run id'],
    ['/api/runs/1e3', 'malformed run id'],
    ['/api/runs?knob.no%20pe!.min=1', 'invalid knob name'],
    ['/api/runs?knob.sm_clock_mhz.min=fast', 'must be a number'],
  ] as const) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(400);
    expect((await res.json()).error.message, url).toContain(needle);
  }
  expect((await request.get('/api/runs/999999')).status()).toBe(404);
});

test('a runs-table URL with two models keeps both through a sort (repeated model= values)', async ({
  page,
  request,
}) => {
  // The seeded study's two models, within that study: the count must not depend on other specs.
  const seed = await seeded;
  const models: string[] = [...SEED_MODELS];
  const query = `study=${seed.studyId}&` + models.map((m) => `model=${encodeURIComponent(m)}`).join('&');
  const both = await (await request.get(`/api/runs?${query}&limit=1`)).json();
  const one = await (
    await request.get(`/api/runs?study=${seed.studyId}&model=${encodeURIComponent(models[1])}&limit=1`)
  ).json();
  expect(both.total).toBe(seed.ids.length);
  expect(one.total).toBe(seed.ids.length / 2); // the two-model count differs from either model alone

  await page.goto(`/runs?${query}`);
  await expect(page.getByTestId('runs-total')).toContainText(`${both.total} runs`);
  await page.getByRole('button', { name: /^J\/out tok \(J\/token\)/ }).click();
  await expect(page).toHaveURL(/sort=energy_per_output_token_j/);
  await expect(page).toHaveURL(new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await expect(page.getByTestId('runs-total')).toContainText(`${both.total} runs`);
  const shown = await page.getByTestId('runs-table').locator('tbody td[data-col="model"]').allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.filter((m) => !models.includes(m))).toEqual([]);
});
