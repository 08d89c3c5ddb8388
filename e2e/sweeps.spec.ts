/**
 * Sweeps from the browser on the SIMULATED device (sim-server + fake nvidia-smi), with the worker
 * started next to the web server by scripts/start.mjs: a 2x2 grid on the local executor and on a
 * real single-node Slurm cluster (scripts/slurm-dev.sh), and cancelling a running sweep.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const ROOT = path.resolve(__dirname, '..');
const hasSlurm = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v sbatch && command -v slurmctld'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

type View = {
  state: string;
  studyId: number;
  points: { id: number; state: string; reason?: string; runId?: number; phase?: string }[];
};
const view = async (request: APIRequestContext, id: number) =>
  (await (await request.get(`/api/sweeps/${id}`)).json()) as View;

async function defineSweep(
  page: Page,
  o: {
    name: string;
    executor: 'local' | 'slurm';
    clocks: string;
    seqs: string;
    requests: string;
    outputLen: string;
    timeScale: string;
  },
) {
  await page.goto('/sweeps/new');
  await page.getByLabel('Name').fill(o.name);
  await expect(page.getByLabel('Simulated', { exact: true })).toBeChecked();
  await expect(page.getByText('SIMULATED').first()).toBeVisible();
  await page.getByLabel('Requests per point').fill(o.requests);
  await page.locator('#sw-load').fill('2');
  await page.getByLabel('Input length (tokens)').fill('64');
  await page.getByLabel('Output length (tokens)').fill(o.outputLen);
  await page.getByLabel('SM clock (MHz)').fill(o.clocks);
  await page.getByLabel('max_num_seqs', { exact: true }).fill(o.seqs);
  await page.getByLabel('Simulated time scale').fill(o.timeScale);
  await page.getByRole('radio', { name: o.executor === 'local' ? /Local/ : /Slurm cluster/ }).check();
  const n = o.clocks.split(',').length * o.seqs.split(',').length;
  await expect(page.getByTestId('sweep-estimate')).toContainText(`${n} points`);
  await expect(page.getByTestId('sweep-estimate')).toContainText('estimated duration');
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await page.waitForURL(/\/sweeps\/\d+$/);
  return Number(/\/sweeps\/(\d+)$/.exec(page.url())![1]);
}

async function runTwoByTwo(page: Page, request: APIRequestContext, executor: 'local' | 'slurm') {
  const id = await defineSweep(page, {
    name: `e2e ${executor} 2x2`,
    executor,
    clocks: '1410, 1980',
    seqs: '8, 16',
    requests: '4',
    outputLen: '16',
    timeScale: '50',
  });
  await expect(page.getByTestId('points-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByText('SIMULATED').first()).toBeVisible();
  // watch the points complete
  await expect(page.getByTestId('sweep-state')).toHaveText('done', { timeout: 200_000 });
  const v = await view(request, id);
  for (const p of v.points)
    expect({ state: p.state, runId: p.runId }).toMatchObject({ state: 'done', runId: expect.any(Number) });
  // Each point shows what its run says: "done", or "unstable" when the run is flagged (time scale 50).
  const unstable = await Promise.all(
    v.points.map(async (p) => {
      const run = (await (await request.get(`/api/runs/${p.runId}`)).json()) as { stability?: { stable: boolean } };
      return run.stability?.stable === false;
    }),
  );
  await expect(page.getByTestId('point-state').filter({ hasText: /^done$/ })).toHaveCount(
    unstable.filter((u) => !u).length,
  );
  await expect(page.getByTestId('point-state').filter({ hasText: /^unstable$/ })).toHaveCount(
    unstable.filter(Boolean).length,
  );
  // four new runs in the study's runs table
  await page.getByRole('link', { name: 'Runs table' }).click();
  await page.waitForURL(new RegExp(`/runs\\?study=${v.studyId}`));
  const runs = (await (await request.get(`/api/runs?study=${v.studyId}&limit=10`)).json()) as {
    total: number;
    runs: { hardware: { simulated: boolean }; knobs: Record<string, number> }[];
  };
  expect(runs.total).toBe(4);
  expect(runs.runs.every((r) => r.hardware.simulated)).toBe(true);
  expect(new Set(runs.runs.map((r) => `${r.knobs.sm_clock_mhz}/${r.knobs.max_num_seqs}`)).size).toBe(4);
  // ...and on the study's frontier chart: every new run drawn, the frontier as the API has it.
  await page.goto(`/sweeps/${id}`);
  await page.getByRole('link', { name: 'Explore study' }).click();
  await page.waitForURL(new RegExp(`/explore\\?study=${v.studyId}`));
  await expect(page.getByTestId('count-total')).toHaveText('4');
  const drawn = await page
    .locator('[data-testid="frontier-chart"] [data-run-id]')
    .evaluateAll((els) => [...new Set(els.map((e) => Number(e.getAttribute('data-run-id'))))].sort((a, b) => a - b));
  expect(drawn).toEqual(v.points.map((p) => p.runId!).sort((a, b) => a - b));
  const api = (await (await request.get(`/api/frontier?study=${v.studyId}`)).json()) as { frontier: number[] };
  await expect(page.getByTestId('frontier-point')).toHaveCount(api.frontier.length);
  await expect(page.getByTestId('counts')).toContainText('4 simulated runs');
}

test.describe('sweeps (simulated device)', () => {
  test('2x2 sweep on the local executor: four points done, four runs', async ({ page, request }) => {
    test.setTimeout(240_000);
    await runTwoByTwo(page, request, 'local');
  });

  test('2x2 sweep on the Slurm executor', async ({ page, request }) => {
    // Locally a missing Slurm skips (with the reason); in CI it is a failure, never a silent skip.
    if (!hasSlurm && process.env.CI)
      throw new Error(
        'CI is set but sbatch/slurmctld are not on PATH: install slurm-wlm and munge (scripts/test-all.sh does)',
      );
    test.skip(!hasSlurm, 'sbatch/slurmctld not on PATH (apt-get install slurm-wlm munge)');
    test.setTimeout(300_000);
    execFileSync(path.join(ROOT, 'scripts/slurm-dev.sh'), ['start'], { stdio: 'inherit', timeout: 120_000 });
    const info = (await (await request.get('/api/sweeps/executors')).json()) as {
      slurm: { available: boolean; reason?: string };
    };
    expect(info.slurm.available, info.slurm.reason).toBe(true);
    await runTwoByTwo(page, request, 'slurm');
  });

  test('a web server crash mid-sweep does not affect the sweep; the web comes back', async ({ request, baseURL }) => {
    test.setTimeout(180_000);
    const headers = { origin: new URL(baseURL!).origin };
    const created = await request.post('/api/sweeps', {
      headers,
      data: {
        name: 'e2e web restart',
        executor: 'local',
        simulated: true,
        time_scale: 1,
        grid: { sm_clock_mhz: [1410, 1980] },
        workload: { requests: 30, concurrency: 2, input_len: 64, output_len: 64 },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await expect
      .poll(
        async () => (await view(request, id)).points.some((p) => p.state === 'running' && p.phase === 'measuring'),
        { timeout: 90_000 },
      )
      .toBe(true);

    const pidFile = path.join(process.env.E2E_DIR!, 'pids.json');
    const before = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { web: number; worker: number };
    process.kill(before.web, 'SIGKILL');
    // The supervisor (scripts/start.mjs) restarts the web server; the worker is not touched.
    await expect
      .poll(async () => (await request.get('/api/health').catch(() => null))?.status() ?? 0, { timeout: 60_000 })
      .toBe(200);
    const after = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { web: number; worker: number };
    expect(after.web).not.toBe(before.web);
    expect(after.worker).toBe(before.worker);

    await expect.poll(async () => (await view(request, id)).state, { timeout: 120_000 }).toBe('done');
    const v = await view(request, id);
    expect(v.points.map((p) => p.state)).toEqual(['done', 'done']);
    const runs = (await (await request.get(`/api/runs?study=${v.studyId}&limit=10`)).json()) as { total: number };
    expect(runs.total).toBe(2);
  });

  test('cancelling a running sweep stops its job and restores the GPU clocks', async ({ page, request }) => {
    test.setTimeout(180_000);
    const id = await defineSweep(page, {
      name: 'e2e cancel',
      executor: 'local',
      clocks: '1410',
      seqs: '8, 16',
      requests: '400',
      outputLen: '256',
      timeScale: '1',
    });
    // wait until the first point is measuring and its clock is locked (fake nvidia-smi log)
    let pointId = 0;
    await expect
      .poll(
        async () => {
          const v = await view(request, id);
          const p = v.points.find((x) => x.state === 'running' && x.phase === 'measuring');
          if (!p) return '';
          pointId = p.id;
          return ((await (await request.get(`/api/sweeps/${id}/points/${p.id}/logs`)).json()) as { smiLog: string })
            .smiLog;
        },
        { timeout: 120_000 },
      )
      .toContain('-lgc 1410');
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Cancel sweep' }).click();
    await expect(page.getByTestId('sweep-state')).toHaveText('cancelled', { timeout: 90_000 });
    const v = await view(request, id);
    expect(v.points.map((p) => p.state)).toEqual(['cancelled', 'cancelled']);
    expect(v.points.find((p) => p.id === pointId)!.reason).toMatch(/cancelled by user/);
    const logs = (await (await request.get(`/api/sweeps/${id}/points/${pointId}/logs`)).json()) as { smiLog: string };
    const lines = logs.smiLog.trim().split('\n');
    expect(lines.at(-1)).toMatch(/-rgc/); // clocks restored after the lock
    await expect(page.getByTestId('smi-log')).toContainText('-rgc');
  });
});
