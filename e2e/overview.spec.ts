/**
 * First contact: a fresh start shows both demo studies (ML.ENERGY measured, simulated clock
 * sweep); the overview says what Joulebench is, its headline numbers are the API's data, each
 * links to the explorer view that shows it; the clock study's default explorer view shows the clock.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';

type Study = { id: number; name: string; isDemo: boolean };
type Run = {
  id: number;
  hardware: { simulated: boolean };
  model: { id: string };
  knobs: Record<string, number>;
  metrics: Record<string, number>;
};

async function studies(request: APIRequestContext): Promise<Study[]> {
  return (await (await request.get('/api/studies')).json()).studies as Study[];
}
const simStudy = async (request: APIRequestContext) => (await studies(request)).find((s) => /simulated/i.test(s.name))!;

test('fresh start: both demo studies; the simulated one has >= 6 SM clocks per model, every run simulated', async ({
  request,
}) => {
  const all = await studies(request);
  expect(all.filter((s) => s.isDemo).map((s) => s.name)).toEqual([
    expect.stringContaining('ML.ENERGY'),
    expect.stringMatching(/simulated H100 clock sweep/),
  ]);
  const sim = await simStudy(request);
  const res = await request.get(`/api/runs?study=${sim.id}&model=meta-llama/Llama-3.1-70B-Instruct&limit=1000`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { total: number; runs: Run[] };
  expect(body.total).toBe(864);
  expect(body.runs.every((r) => r.hardware.simulated)).toBe(true);
  expect(new Set(body.runs.map((r) => r.knobs.sm_clock_mhz)).size).toBeGreaterThanOrEqual(6);
  expect((await (await request.get(`/api/runs?study=${sim.id}&simulated=false&limit=1`)).json()).total).toBe(0);
});

test('overview: what Joulebench is, counts, headline numbers from the data with explorer links', async ({
  page,
  request,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('what-is-joulebench')).toContainText('least energy per token');
  const counts = page.getByTestId('overview-counts');
  await expect(counts).toContainText(/[\d,]+ runs in \d+ studies/);
  await expect(counts).not.toContainText('1 studies');

  // The clock headline: simulated, its numbers equal the API's runs (median over configurations).
  const sim = await simStudy(request);
  const clock = page.getByTestId('headline-clock');
  await expect(clock).toContainText('simulated');
  const low = Number(await clock.getAttribute('data-low-mhz'));
  const runs = (
    (await (
      await request.get(
        `/api/runs?study=${sim.id}&model=meta-llama/Llama-3.1-70B-Instruct&knob.tp.min=4&knob.tp.max=4&knob.power_limit_w.min=700&limit=1000`,
      )
    ).json()) as { runs: Run[] }
  ).runs;
  const mean = (clk: number, mns: number, inLen: number, k: string) => {
    const v = runs
      .filter((r) => r.knobs.sm_clock_mhz === clk && r.knobs.max_num_seqs === mns && r.knobs.input_len === inLen)
      .map((r) => r.metrics[k]);
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  const configs = [...new Set(runs.map((r) => `${r.knobs.max_num_seqs}|${r.knobs.input_len}`))].map((s) =>
    s.split('|').map(Number),
  );
  const ratios = configs
    .map(([m, i]) => mean(low, m, i, 'energy_per_output_token_j') / mean(1980, m, i, 'energy_per_output_token_j'))
    .sort((a, b) => a - b);
  const median = (ratios[3] + ratios[4]) / 2;
  expect(configs).toHaveLength(8);
  expect(Number(await clock.getAttribute('data-energy-ratio'))).toBeCloseTo(median, 9);
  await expect(clock).toContainText(`${Math.round(median * 100)}% of the energy per`);

  // The SLO headline and the per-model table (a latency column; one row per model and GPU).
  await expect(page.getByTestId('headline-slo')).toContainText('p99 inter-token latency ≤ 100 ms');
  const table = page.getByTestId('model-optima');
  await expect(table.locator('th')).toContainText([
    'model',
    'GPU',
    'configuration',
    'J / output token',
    'p99 ITL (ms)',
  ]);
  const row = table.locator('tr[data-model="meta-llama/Llama-3.1-8B-Instruct"][data-gpu="H100"]');
  const runId = await row.getAttribute('data-run-id');
  const best = (await (await request.get(`/api/runs/${runId}`)).json()) as Run;
  expect(best.metrics.itl_ms_p99).toBeLessThanOrEqual(100);
  await expect(row.locator('td[data-col="itl"]')).toHaveText(String(Number(best.metrics.itl_ms_p99.toPrecision(3))));

  // The clock headline's link opens the explorer on that study, coloured by SM clock.
  await clock.getByTestId('headline-clock-link').click();
  await expect(page).toHaveURL(new RegExp(`/explore\\?.*study=${sim.id}.*color=sm_clock_mhz`));
  await expect(page.getByTestId('chart-card')).toContainText('SM clock');
});

test('the clock study opens in the explorer coloured by SM clock, with energy vs clock sensitivity', async ({
  page,
  request,
}) => {
  const sim = await simStudy(request);
  await page.goto(`/explore?study=${sim.id}`);
  await expect(page).toHaveURL(/color=sm_clock_mhz/);
  await expect(page).toHaveURL(/sk=sm_clock_mhz/);
  await expect(page.getByTestId('explorer')).toHaveAttribute('data-hydrated', '1');
  await expect(page.getByTestId('chart-card')).toContainText('SM clock');
  await expect(page.getByTestId('sensitivity')).toContainText('SM clock');
  const api = await (await request.get(`/api/frontier?study=${sim.id}&color=sm_clock_mhz`)).json();
  expect(api.color).toMatchObject({ key: 'sm_clock_mhz', kind: 'number', domain: [990, 1980] });
  expect(api.counts.simulated).toBe(1728);
  // The ML.ENERGY study (no clock sweep) keeps the ordinary default.
  await page.goto('/explore');
  await expect(page).not.toHaveURL(/color=/);
});
