/**
 * /compare: runs from a (simulated) measurement carry power traces; posted through the API as run
 * records, they are overlaid on the compare page (one line per run, a run without a trace gets
 * none). The page asks for 2 to 6 runs, and the Positions chart states each axis' direction
 * from the metric catalogue.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';

/** A run record as `joulebench measure --json` prints it: power trace of 2 GPUs at 2 Hz. */
const RUN_TAG = `e2e-compare-${Date.now()}`; // unique per run, so a retry is not de-duplicated away

function measured(label: string, watts: number, clock: number) {
  const t_s = Array.from({ length: 30 }, (_, i) => i / 2);
  return {
    schema_version: 1,
    source: { kind: 'api', format: 'joulebench-measure' },
    label,
    created_at: '2026-03-01T00:00:00.000Z',
    model: { id: 'e2e/compare-model', params_b: 8 },
    hardware: { gpu_model: 'H100-E2E-CMP', gpu_count: 2, simulated: true },
    engine: { name: 'vllm', version: 'sim' },
    knobs: { sm_clock_mhz: clock, max_num_seqs: 64, tp: 2, run_tag: RUN_TAG },
    workload: { num_requests: 100, input_tokens_total: 51200, output_tokens_total: 12800 },
    metrics: {
      duration_s: 15,
      completed: 100,
      energy_j: watts * 2 * 15,
      itl_ms_p99: 3000 / clock,
      output_throughput_tps: clock,
    },
    energy_provenance: { method: 'simulated', scope: 'gpu', sample_hz: 2 },
    trace: {
      devices: [0, 1].map((index) => ({
        index,
        t_s,
        power_w: t_s.map((t) => watts + 20 * Math.sin(t + index)),
        sm_clock_mhz: t_s.map(() => clock),
      })),
    },
  };
}

async function postRuns(request: APIRequestContext, origin: string, records: unknown[]): Promise<number[]> {
  const res = await request.post('/api/runs?studyName=e2e%20compare', { data: records, headers: { origin } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { ids: number[] }).ids;
}

/** Mean y (SVG user units; smaller is higher on screen) of a path's M/L points. */
function meanY(d: string): number {
  const ys = [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => Number(m[2]));
  return ys.reduce((a, b) => a + b, 0) / ys.length;
}

// The runs posted here live in their own study, removed afterwards (even on failure): later specs
// count the demo runs in the whole database.
test.afterEach(async ({ request, baseURL }) => {
  const { studies } = (await (await request.get('/api/studies')).json()) as { studies: { id: number; name: string }[] };
  for (const s of studies.filter((x) => x.name === 'e2e compare')) {
    const res = await request.delete(`/api/studies/${s.id}`, { headers: { origin: new URL(baseURL!).origin } });
    expect(res.status(), await res.text()).toBeLessThan(300);
  }
});

test('power traces of measured runs are overlaid, one line per run that has one', async ({
  page,
  request,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const [hot, cool] = await postRuns(request, origin, [
    measured('e2e cmp hot 1980 MHz', 600, 1980),
    measured('e2e cmp cool 1200 MHz', 250, 1200),
  ]);
  // A demo run: no trace.
  const demo = ((await (await request.get('/api/runs?limit=1&sort=id&order=asc')).json()) as { runs: { id: number }[] })
    .runs[0].id;
  const stored = (await (await request.get(`/api/runs/${hot}`)).json()) as { trace?: { devices: unknown[] } };
  expect(stored.trace?.devices).toHaveLength(2);

  await page.goto(`/compare?ids=${hot},${cool},${demo}`);
  await expect(page.getByRole('heading', { name: 'Compare 3 runs' })).toBeVisible();
  const traces = page.getByTestId('compare-traces');
  await expect(traces).toBeVisible();
  const series = traces.locator('g[data-series]');
  await expect(series).toHaveCount(2);
  expect(await series.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-series')))).toEqual([
    `#${hot} e2e cmp hot 1980 MHz`,
    `#${cool} e2e cmp cool 1200 MHz`,
  ]);
  await expect(traces.locator(`g[data-series^="#${demo} "]`)).toHaveCount(0);
  await expect(traces).toContainText('total GPU power (W)');

  // Each line has one point per sample time (30), and the hotter run (2 x ~600 W) lies above the
  // cooler one (2 x ~250 W): the devices are summed.
  const [dHot, dCool] = await series.locator('path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
  expect(dHot.match(/[ML]/g)).toHaveLength(30);
  expect(dCool.match(/[ML]/g)).toHaveLength(30);
  expect(meanY(dHot)).toBeLessThan(meanY(dCool));
  // The y axis spans the summed power (about 460..1240 W), not one device's.
  const tick = (t: string) => (/^[\d.]+k$/.test(t) ? Number(t.slice(0, -1)) * 1000 : Number(t));
  const ticks = (await traces.locator('text').allTextContents())
    .map((t) => tick(t.trim()))
    .filter((n) => Number.isFinite(n));
  expect(Math.max(...ticks)).toBeGreaterThanOrEqual(1000);

  // Without any traced run, the card says so.
  const demo2 = (
    (await (await request.get('/api/runs?limit=2&sort=id&order=asc')).json()) as { runs: { id: number }[] }
  ).runs[1].id;
  await page.goto(`/compare?ids=${demo},${demo2}`);
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expect(page.getByTestId('compare-traces')).toHaveCount(0);
  // ...in one line, not an empty panel.
  await expect(page.getByTestId('no-power-trace')).toContainText('No power trace for these runs');
});

test('compare asks for 2 to 6 runs; the Positions chart states each axis direction', async ({ page, request }) => {
  const ids = (
    (await (await request.get('/api/runs?limit=7&sort=id&order=asc')).json()) as { runs: { id: number }[] }
  ).runs.map((r) => r.id);

  await page.goto(`/compare?ids=${ids[0]}`);
  await expect(page.getByTestId('compare-error')).toContainText(`Only 1 run id given (#${ids[0]})`);
  await expect(page.getByTestId('compare-error')).toContainText('Give 2 to 6 run ids');
  await expect(page.getByTestId('compare-table')).toHaveCount(0);

  await page.goto(`/compare?ids=${ids.join(',')}`);
  await expect(page.getByTestId('compare-error')).toContainText('7 run ids given: at most 6');
  await page.goto(`/compare?ids=${ids[0]},${ids[0]}`);
  await expect(page.getByTestId('compare-error')).toContainText('once');
  await page.goto(`/compare?ids=${ids[0]},99999999`);
  await expect(page.getByTestId('compare-error')).toContainText('#99999999');

  await page.goto(`/compare?ids=${ids[0]},${ids[1]}&x=output_throughput_tps&y=itl_ms_p99`);
  await expect(page.getByTestId('compare-table')).toBeVisible();
  const axes = page.getByTestId('compare-axes');
  await expect(axes.locator('[data-axis="x"]')).toHaveAttribute('data-direction', 'higher');
  await expect(axes.locator('[data-axis="x"]')).toContainText('Output token throughput (higher is better)');
  await expect(axes.locator('[data-axis="y"]')).toHaveAttribute('data-direction', 'lower');
  await expect(axes.locator('[data-axis="y"]')).toContainText('lower is better');
  await expect(page.getByTestId('frontier-chart').locator('[data-layer="dominated"] circle[data-run-id]')).toHaveCount(
    2,
  );
});
