import { expect, test } from '@playwright/test';

test('first page shows the demo study with attribution', async ({ page }) => {
  await page.goto('/');
  const card = page.getByTestId('studies-overview').locator('section').filter({ hasText: 'ML.ENERGY' }).first();
  await expect(card).toBeVisible();
  await expect(card).toContainText('328');
  await expect(card.getByTestId('attribution')).toContainText('ml-energy/leaderboard');
});

test('runs table sorts and filters', async ({ page, request }) => {
  await page.goto('/runs');
  const rows = page.getByTestId('runs-table').locator('tbody tr[data-run-id]');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('runs-total')).toContainText('2,056 runs'); // 328 ML.ENERGY + 1,728 simulated demo runs

  // Sort ascending by energy per output token: the first row must hold the API's minimum.
  await page.getByTestId('runs-table').locator('button[data-sort="energy_per_output_token_j"]').click();
  await expect(page).toHaveURL(/sort=energy_per_output_token_j/);
  const api = await (await request.get('/api/runs?sort=energy_per_output_token_j&order=asc&limit=1')).json();
  await expect(rows.first()).toHaveAttribute('data-run-id', String(api.runs[0].id));
  const cells = await rows.locator('td[data-col="energy_per_output_token_j"]').allInnerTexts();
  const values = cells.map((c) => Number(c.replace(/,/g, '')));
  expect(values.length).toBeGreaterThan(5);
  expect([...values].sort((a, b) => a - b)).toEqual(values);

  // Filter by GPU: the total drops to the API's count and every row shows that GPU.
  const h100 = await (await request.get('/api/runs?gpu=H100&limit=1')).json();
  await page.getByLabel('GPU', { exact: true }).selectOption('H100');
  await expect(page.getByTestId('runs-total')).toContainText(`${h100.total} runs`);
  const gpus = await rows.locator('td[data-col="gpu"]').allInnerTexts();
  expect(gpus.every((g) => g.includes('H100'))).toBe(true);

  // Knob range filter.
  await page.getByLabel('max_num_seqs min').fill('256');
  await page.getByLabel('max_num_seqs min').press('Enter');
  await expect(page).toHaveURL(/knob\.max_num_seqs\.min=256/);
  const ks = await (await request.get('/api/runs?gpu=H100&knob.max_num_seqs.min=256&limit=1')).json();
  await expect(page.getByTestId('runs-total')).toContainText(`${ks.total} runs`);
});

test('run detail shows units and provenance', async ({ page, request }) => {
  const api = await (await request.get('/api/runs?limit=1&sort=energy_per_output_token_j&order=asc')).json();
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
  const row = page.getByTestId('studies-table').locator('tr', { hasText: 'e2e delete me' });
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
  // Two models from the facets (the newest 200 runs may all be one model of the simulated demo).
  const facets = await (await request.get('/api/facets')).json();
  const models = (facets.models as string[]).slice(0, 2);
  expect(models).toHaveLength(2);
  const query = models.map((m) => `model=${encodeURIComponent(m)}`).join('&');
  const both = await (await request.get(`/api/runs?${query}&limit=1`)).json();
  const one = await (await request.get(`/api/runs?model=${encodeURIComponent(models[1])}&limit=1`)).json();
  expect(both.total).toBeGreaterThan(one.total); // the two-model count differs from either model alone

  await page.goto(`/runs?${query}`);
  await expect(page.getByTestId('runs-total')).toContainText(`${both.total} runs`);
  await page.getByTestId('runs-table').locator('button[data-sort="energy_per_output_token_j"]').click();
  await expect(page).toHaveURL(/sort=energy_per_output_token_j/);
  await expect(page).toHaveURL(new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await expect(page.getByTestId('runs-total')).toContainText(`${both.total} runs`);
  const shown = await page.getByTestId('runs-table').locator('tbody td[data-col="model"]').allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.filter((m) => !models.includes(m))).toEqual([]);
});
