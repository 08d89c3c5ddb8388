/**
 * /models: a (simulated-labelled) sweep over input x output length from a known
 * E(in, out) = 0.012*in + 0.45*out + 0.00009*in*out with +-1.5% run-to-run noise is posted
 * through the API; the page shows the fit with n, R^2 and CV MAPE, the dashed fit, hollow
 * "predicted" marks with interval whiskers, and the residual plot; a design that does not vary
 * the input length is refused with the reason (page and GET /api/fits 422). /compare marks
 * differences beyond noise on repeats and says "single run: no estimate of noise" otherwise.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { deleteStudiesNamed, postRunsTo, studyIdNamed } from './study';

const TAG = `e2e-models-${Date.now()}`;
const MODEL = 'e2e/models-model';
const STUDY = 'e2e models';
const truth = (i: number, o: number) => 0.012 * i + 0.45 * o + 0.00009 * i * o;
const NOISE = [0.015, -0.01, 0.005, -0.015, 0.01, -0.005];

function rec(gpu: string, i: number, o: number, k: number, extra: Record<string, number> = {}) {
  const e = truth(i, o) * (1 + NOISE[(i + o + k) % NOISE.length]);
  return {
    schema_version: 1,
    source: { kind: 'api', format: 'joulebench-sim' },
    label: `e2e models in=${i} out=${o} #${k}`,
    created_at: '2026-03-01T00:00:00.000Z',
    model: { id: MODEL },
    hardware: { gpu_model: gpu, gpu_count: 1, simulated: true },
    engine: { name: 'vllm', version: 'sim' },
    knobs: { input_len: i, output_len: o, max_num_seqs: 16, run_tag: TAG, ...extra },
    workload: { num_requests: 10, input_tokens_total: i * 10, output_tokens_total: o * 10 },
    metrics: {
      completed: 10,
      energy_j: e * 10,
      energy_per_request_j: e,
      energy_per_output_token_j: e / o,
      tpot_ms_p99: 20 + o / 100,
    },
    energy_provenance: { method: 'simulated', scope: 'gpu' },
  };
}

const post = (request: APIRequestContext, origin: string, records: unknown[]) =>
  postRunsTo(request, origin, STUDY, records);
const studyId = (request: APIRequestContext) => studyIdNamed(request, STUDY);

test.afterEach(async ({ request, baseURL }) => {
  await deleteStudiesNamed(request, new URL(baseURL!).origin, STUDY);
});

test('fit with n, R^2, CV MAPE; predictions hollow, labelled and with intervals; residuals; refusal with a reason', async ({
  page,
  request,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const records = [128, 256, 512, 1024, 2048].flatMap((i) =>
    [32, 64, 128, 256].flatMap((o) => [0, 1].map((k) => rec('E2E-GPU-A', i, o, k))),
  );
  await post(request, origin, records);
  // Another GPU where every run has in = 512: the fit must be refused.
  await post(
    request,
    origin,
    [32, 64, 128, 256].flatMap((o) => [0, 1].map((k) => rec('E2E-GPU-B', 512, o, k))),
  );
  const sid = await studyId(request);

  await page.goto(
    `/models?study=${sid}&model=${encodeURIComponent(MODEL)}&gpu=E2E-GPU-A&target=energy_per_request_j&predict=700:100,1500:200`,
  );
  await expect(page.getByRole('heading', { name: 'Fitted models' })).toBeVisible();
  const q = page.getByTestId('fit-quality');
  await expect(q).toContainText('a*in+b*out+c*in*out');
  await expect(page.getByTestId('fit-n')).toHaveText('40');
  expect(Number(await page.getByTestId('fit-r2').textContent())).toBeGreaterThan(0.99);
  const cv = Number((await page.getByTestId('fit-cv').textContent())!.replace('%', ''));
  expect(cv).toBeGreaterThan(0);
  expect(cv).toBeLessThan(3);
  await expect(page.getByText('SIMULATED', { exact: true })).toBeVisible();

  // Two requested predictions: in the table, flagged, each with an interval around its value.
  const rows = page.getByTestId('predictions').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('700, 100');
  await expect(rows.first()).toContainText('predicted');
  const value = Number(await rows.first().locator('td').nth(1).textContent());
  expect(Math.abs(value / truth(700, 100) - 1)).toBeLessThan(0.03);

  // On the chart: measured dots filled, fit dashed, predictions hollow with whiskers and the word "predicted".
  const chart = page.getByTestId('fit-chart');
  await expect(chart.locator('circle[data-measured="true"]')).toHaveCount(40);
  const curves = chart.locator('path[data-fit-curve]');
  await expect(curves).toHaveCount(5);
  expect(await curves.first().getAttribute('stroke-dasharray')).toBe('6 4');
  const preds = chart.locator('g[data-predicted="true"]');
  await expect(preds).toHaveCount(2);
  await expect(preds.first().locator('text')).toHaveText('predicted');
  await expect(preds.first().locator('line')).toHaveCount(3);
  const fill = await preds
    .first()
    .locator('circle')
    .evaluate((c) => getComputedStyle(c).fill);
  const measuredFill = await chart
    .locator('circle[data-measured="true"]')
    .first()
    .evaluate((c) => getComputedStyle(c).fill);
  expect(fill).not.toBe(measuredFill);

  await expect(page.getByTestId('residual-chart').locator('circle')).toHaveCount(40);

  // Repeats grouped into configurations: 20 of n = 2, with the recommendation's confidence sentence.
  const configs = page.getByTestId('configs-card');
  await expect(configs.getByRole('heading', { name: 'Configurations (20)' })).toBeVisible();
  await expect(page.getByTestId('recommendation-confidence')).toContainText(
    /is the best feasible configuration in \d+% of 1000 bootstrap resamples of the runs/,
  );
  await expect(configs.locator('tbody tr').first().locator('td').nth(1)).toHaveText('2');

  // The GPU whose design does not vary the input length: refused, with the reason.
  await page.goto(`/models?study=${sid}&model=${encodeURIComponent(MODEL)}&gpu=E2E-GPU-B&target=energy_per_request_j`);
  await expect(page.getByTestId('fit-refused')).toContainText(
    'the input length does not vary (every run has in = 512)',
  );
  await expect(page.getByTestId('fit-chart')).toHaveCount(0);
  const api = await request.get(`/api/fits?study=${sid}&model=${encodeURIComponent(MODEL)}&gpu=E2E-GPU-B`);
  expect(api.status()).toBe(422);
  expect(((await api.json()) as { error: { message: string } }).error.message).toContain('input length does not vary');

  if (process.env.MODELS_SCREENSHOTS) {
    const dir = process.env.MODELS_SCREENSHOTS;
    const url = `/models?study=${sid}&model=${encodeURIComponent(MODEL)}&gpu=E2E-GPU-A&target=energy_per_request_j&predict=700:100,1500:200`;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [w, h] of [
        [1440, 900],
        [390, 844],
      ]) {
        await page.setViewportSize({ width: w, height: h });
        await page.goto(url);
        await page.screenshot({ path: `${dir}/models-${w}-${scheme}.png`, fullPage: true });
      }
    }
  }
});

test('compare: beyond noise on repeats, "single run: no estimate of noise" otherwise', async ({
  page,
  request,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const a = await post(
    request,
    origin,
    [0, 1, 2].map((k) => rec('E2E-GPU-C', 512, 128, k)),
  );
  const b = await post(
    request,
    origin,
    [0, 1, 2]
      .map((k) => rec('E2E-GPU-C', 512, 128, k, { max_num_seqs: 64 }))
      .map((r) => ({
        ...r,
        metrics: { ...r.metrics, energy_per_output_token_j: r.metrics.energy_per_output_token_j * 1.3 },
      })),
  );
  const single = await post(request, origin, [rec('E2E-GPU-C', 512, 128, 0, { max_num_seqs: 8 })]);
  await page.goto(`/compare?ids=${a[0]},${b[0]},${single[0]}`);
  const card = page.getByTestId('compare-noise');
  await expect(card).toBeVisible();
  await expect(card.locator('thead')).toContainText(`#${a[0]} (n = 3)`);
  const eotRow = card.locator('tr', { hasText: 'Energy per output token' });
  await expect(eotRow.locator('[data-verdict="exceeds-noise"]')).toHaveCount(1);
  await expect(eotRow.locator('[data-verdict="single-run"]')).toHaveText('single run: no estimate of noise');
});
