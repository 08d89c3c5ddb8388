/**
 * The explorer's configuration view and predictions, on a study posted through the API (labelled
 * simulated): two configurations of 3 repeats 1% apart in energy with +-2% noise
 * (indistinguishable: the tie rule picks the lower-latency one), one single-run configuration, and
 * a clock sweep of another model from known curves. The chart draws whiskers for repeated
 * configurations and none for the single run, predicted points hollow with a dashed predicted
 * frontier (the measured frontier unchanged), and the recommendation states its confidence.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const STUDY = `e2e configs ${Date.now()}`;
const NOISE = [-0.02, 0, 0.02];
const itl = (f: number) => 8 + 12 * (1980 / f) ** 1.5;
const ept = (f: number) => 0.1 + 0.25 * (f / 1980) ** 2.2;

function rec(model: string, knobs: Record<string, number>, metrics: Record<string, number>, k: number) {
  return {
    schema_version: 1,
    source: { kind: 'api', format: 'joulebench-sim' },
    label: `${model} ${JSON.stringify(knobs)} #${k}`,
    created_at: '2026-03-01T00:00:00.000Z',
    model: { id: model },
    hardware: { gpu_model: 'E2E-GPU', gpu_count: 1, simulated: true },
    engine: { name: 'vllm', version: 'sim' },
    knobs,
    workload: { dataset: 'e2e' },
    metrics,
    energy_provenance: { method: 'simulated', scope: 'gpu' },
  };
}

function records() {
  const out: unknown[] = [];
  for (const [seqs, x, e] of [
    [32, 10, 0.3],
    [64, 20, 0.297],
  ])
    for (let k = 0; k < 3; k++)
      out.push(
        rec(
          'e2e/cfg-model',
          { max_num_seqs: seqs },
          { itl_ms_p99: x, energy_per_output_token_j: e * (1 + 2 * NOISE[(k + seqs) % 3]) },
          k,
        ),
      );
  out.push(rec('e2e/cfg-model', { max_num_seqs: 128 }, { itl_ms_p99: 40, energy_per_output_token_j: 0.5 }, 0));
  for (const f of [990, 1200, 1410, 1620, 1830, 1980])
    for (let k = 0; k < 2; k++)
      out.push(
        rec(
          'e2e/clock-model',
          { sm_clock_mhz: f, max_num_seqs: 64 },
          { itl_ms_p99: itl(f) * (1 + NOISE[k] / 4), energy_per_output_token_j: ept(f) * (1 - NOISE[k] / 4) },
          k,
        ),
      );
  return out;
}

async function studyId(request: APIRequestContext): Promise<number> {
  const { studies } = (await (await request.get('/api/studies')).json()) as { studies: { id: number; name: string }[] };
  return studies.find((s) => s.name === STUDY)!.id;
}

async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('explorer')).toHaveAttribute('data-hydrated', '1');
}

test.beforeAll(async ({ request, baseURL }) => {
  const res = await request.post(`/api/runs?studyName=${encodeURIComponent(STUDY)}`, {
    data: records(),
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(res.status(), await res.text()).toBe(201);
});

test.afterAll(async ({ request, baseURL }) => {
  const res = await request.delete(`/api/studies/${await studyId(request)}`, {
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
});

test('configurations: whiskers for repeats, none for a single run, and the confidence sentence', async ({
  page,
  request,
}) => {
  const sid = await studyId(request);
  const q = `study=${sid}&model=e2e/cfg-model&logx=0&logy=0`;
  const api = (await (await request.get(`/api/frontier?${q}&agg=configs`)).json()) as {
    counts: { total: number; frontier: number };
    configs: { single: number; confidence: { status: string; confidence: number } };
    recommendedRun: { knobs: Record<string, number>; n: number };
  };
  expect(api.counts.total).toBe(3);
  expect(api.configs.single).toBe(1);
  expect(api.configs.confidence.status).toBe('indistinguishable');
  expect(api.recommendedRun.knobs.max_num_seqs).toBe(32);
  expect(api.recommendedRun.n).toBe(3);

  await open(page, `/explore?${q}`);
  await expect(page.getByTestId('count-total')).toHaveText('7');
  await page.getByTestId('agg-select').selectOption('configs');
  await expect(page).toHaveURL(/agg=configs/);
  await expect(page.getByTestId('count-total')).toHaveText('3');
  await expect(page.getByTestId('count-single')).toContainText('1 of them single runs');
  // Two repeated configurations have whiskers on both axes; the single run has none.
  await expect(page.getByTestId('ci-whisker')).toHaveCount(2);
  await expect(page.getByTestId('whisker-legend')).toBeVisible();

  // Hover: the frontier mark is a configuration of 3 runs with its interval; the single run says so.
  const fr = page.getByTestId('frontier-point').first();
  await fr.hover();
  await expect(page.getByTestId('tip-config')).toContainText(/mean of 3 runs/);
  await expect(page.getByTestId('tip-config')).toContainText(/95% interval of the mean/);
  await page.locator('[data-layer="dominated"] [data-run-id]').first().hover();
  await expect(page.getByTestId('tip-config')).toContainText('single run, no estimate of noise');

  const rec = page.getByTestId('recommendation');
  await expect(rec.getByTestId('confidence-main')).toHaveText(
    /^Recommended in \d+% of \d+ bootstrap resamples of the runs\.$/,
  );
  await expect(rec.getByTestId('confidence-versus')).toContainText(
    'Indistinguishable within measurement noise from max_num_seqs=64 (n = 3)',
  );
  await expect(rec.getByTestId('confidence-versus')).toContainText('picked by the tie rule');
  await expect(rec.getByTestId('rec-config-n')).toContainText('mean of 3 runs');
});

test('predicted points are hollow, labelled, with a dashed frontier apart from the measured one', async ({
  page,
  request,
}) => {
  const sid = await studyId(request);
  const q = `study=${sid}&model=e2e/clock-model`;
  const plain = (await (await request.get(`/api/frontier?${q}`)).json()) as { frontier: number[] };
  const pred = (await (await request.get(`/api/frontier?${q}&pred=1`)).json()) as {
    frontier: number[];
    predicted: { points: { clock: number; x: number; y: number }[] };
  };
  expect(pred.frontier).toEqual(plain.frontier);
  expect(pred.predicted.points.map((p) => p.clock)).toEqual([1095, 1305, 1515, 1725, 1905]);

  await open(page, `/explore?${q}`);
  await expect(page.getByTestId('predicted-point')).toHaveCount(0);
  await page.getByTestId('pred-toggle').check();
  await expect(page).toHaveURL(/pred=1/);
  const marks = page.getByTestId('predicted-point');
  await expect(marks).toHaveCount(5);
  // Hollow: no fill, a coloured outline; measured marks are filled.
  for (const m of await marks.all()) {
    await expect(m).toHaveAttribute('fill', 'none');
    await expect(m).toHaveAttribute('stroke', /.+/);
  }
  await expect(page.getByTestId('frontier-point').first()).not.toHaveAttribute('fill', 'none');
  await expect(page.getByTestId('predicted-frontier-line')).toHaveAttribute('stroke-dasharray', '6 4');
  await expect(page.getByTestId('predicted-whisker')).toHaveCount(5);
  await expect(page.getByTestId('predicted-legend')).toContainText('predicted (not measured)');
  // The measured frontier is drawn exactly as without predictions.
  await expect(page.getByTestId('frontier-point')).toHaveCount(plain.frontier.length);

  await marks.nth(2).hover();
  const tip = page.getByTestId('chart-tooltip');
  await expect(tip).toContainText('predicted, not measured');
  await expect(tip).toContainText('1515 MHz');
  await expect(tip).toContainText(/95% \[/);
});

test('shape carries a second category, with a legend for both', async ({ page, request }) => {
  const sid = await studyId(request);
  await open(page, `/explore?study=${sid}&color=model&shape=engine`);
  await expect(page.getByTestId('chart-legend')).toContainText('e2e/cfg-model');
  await expect(page.getByTestId('shape-legend')).toContainText('vllm');
  await page.getByTestId('shape-select').selectOption('model');
  await expect(page).toHaveURL(/shape=model/);
  await expect(page.getByTestId('shape-legend')).toContainText('e2e/clock-model');
  // Two models: circles and squares.
  const tags = await page
    .locator('[data-layer="dominated"] [data-run-id], [data-layer="frontier"] [data-testid="frontier-point"]')
    .evaluateAll((els) => [...new Set(els.map((e) => e.tagName))].sort());
  expect(tags).toEqual(['circle', 'rect']);
});
