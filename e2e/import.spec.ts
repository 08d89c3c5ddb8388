import path from 'node:path';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';

const FIX = path.resolve(__dirname, '../tests/fixtures/importers');

async function total(request: import('@playwright/test').APIRequestContext) {
  const res = await request.get('/api/runs?limit=1');
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { total: number }).total;
}

test('import a vLLM file and an MLPerf summary + spl pair with a batch GPU model', async ({ page, request }) => {
  const before = await total(request);
  await page.goto('/import');
  await page
    .getByTestId('import-files')
    .setInputFiles([
      path.join(FIX, 'e2e_vllm_serve.json'),
      path.join(FIX, 'mini_run_1_mlperf_log_summary.txt'),
      path.join(FIX, 'mini_run_1_spl.txt'),
    ]);
  const cards = page.getByTestId('import-file');
  await expect(cards).toHaveCount(3);
  await expect(cards.filter({ hasText: 'e2e_vllm_serve.json' })).toContainText('vllm-serve');
  const card = (name: string) => cards.filter({ has: page.getByText(name, { exact: true }) });
  await expect(card('mini_run_1_mlperf_log_summary.txt')).toContainText('mlperf-summary');
  await expect(card('mini_run_1_spl.txt')).toContainText('joined into mini_run_1_mlperf_log_summary.txt');
  await expect(card('e2e_vllm_serve.json')).toContainText('GPU model not in file');
  await expect(card('mini_run_1_mlperf_log_summary.txt')).toContainText('power_begin/power_end not available');

  await page.getByLabel('GPU model').fill('L40S-E2E');
  await page.getByRole('button', { name: 'Update preview' }).click();
  const tables = page.getByTestId('preview-table');
  await expect(tables).toHaveCount(2);
  await expect(tables.first()).toContainText('L40S-E2E');
  await expect(tables.nth(1)).toContainText('L40S-E2E');

  await page.getByRole('button', { name: /Commit import \(2 runs\)/ }).click();
  await expect(page.getByRole('status')).toContainText('Imported 2 runs');
  await expect(page.getByTestId('import-history')).toContainText('e2e_vllm_serve.json');
  expect(await total(request)).toBe(before + 2);

  const api = (await (await request.get('/api/runs?gpu=L40S-E2E&limit=10')).json()) as {
    total: number;
    runs: { label: string; metrics: Record<string, number> }[];
  };
  expect(api.total).toBe(2);
  const mlperf = api.runs.find((r) => r.label.startsWith('MLPerf'));
  // Without mlperf_log_detail.txt there is no power_begin/power_end: the mean of the "testing"
  // samples in spl.txt gives the power, energy per token follows from the throughput, and the
  // run's total energy stays missing (never guessed).
  expect(mlperf?.metrics.avg_power_w).toBeCloseTo(10700 / 17, 6);
  expect(mlperf?.metrics.energy_per_output_token_j).toBeCloseTo(10700 / 17 / 2000, 9);
  expect(mlperf?.metrics.energy_j).toBeUndefined();

  await page.goto('/runs?gpu=L40S-E2E');
  await expect(page.getByTestId('runs-total')).toContainText('2 runs');
  await expect(page.getByTestId('runs-table')).toContainText('Qwen2.5-7B-Instruct');
});

test('a malformed file shows its error and nothing is written', async ({ page, request }) => {
  const before = await total(request);
  await page.goto('/import');
  await page.getByTestId('import-files').setInputFiles([path.join(FIX, 'malformed/05_vllm_negative_completed.json')]);
  const err = page.getByTestId('file-error');
  await expect(err).toContainText('05_vllm_negative_completed.json');
  await expect(err).toContainText('negative value');
  await expect(page.getByRole('button', { name: /Commit import/ })).toBeDisabled();
  expect(await total(request)).toBe(before);
});

test('the explorer works on imported runs: drawn frontier = API, an SLO picks the run that meets it', async ({
  page,
  request,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const file = (name: string) => ({
    name,
    mimeType: 'application/octet-stream',
    buffer: fs.readFileSync(path.join(FIX, name)),
  });
  const STUDY = 'e2e imported explorer';
  const res = await request.post('/api/imports', {
    headers: { origin },
    multipart: { study: STUDY, 'set.gpu_model': 'H100-E2E-IMP', files: file('vllm_append.json') },
  });
  expect(res.status(), await res.text()).toBe(201);
  const res2 = await request.post('/api/imports', {
    headers: { origin },
    multipart: { study: STUDY, 'set.gpu_model': 'H100-E2E-IMP', files: file('genai_perf.csv') },
  });
  expect(res2.status(), await res2.text()).toBe(201);
  const studyId = ((await res.json()) as { studyId: number }).studyId;
  try {
    const q = `study=${studyId}&x=tpot_ms_p99&y=energy_per_output_token_j`;
    const api = (await (await request.get(`/api/frontier?${q}`)).json()) as {
      frontier: number[];
      total: number;
      recommended: number | null;
      feasibleCount: number;
    };
    expect(api.total).toBe(3);
    expect(api.frontier.length).toBeGreaterThan(0);

    await page.goto(`/explore?${q}`);
    await expect(page.getByTestId('explorer')).toHaveAttribute('data-hydrated', '1');
    await expect(page.getByTestId('count-total')).toHaveText('3');
    const drawn = await page.getByTestId('frontier-point').evaluateAll((els) =>
      els
        .map((e) => [Number(e.getAttribute('data-order')), Number(e.getAttribute('data-run-id'))] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([, id]) => id),
    );
    expect(drawn).toEqual(api.frontier);
    await expect(page.getByTestId('recommendation')).toHaveAttribute('data-run-id', String(api.recommended));

    // The tightest TPOT among the imported runs as the SLO: the recommendation is the run that meets it.
    const runs = (
      (await (await request.get(`/api/runs?study=${studyId}&limit=10`)).json()) as {
        runs: { id: number; metrics: Record<string, number> }[];
      }
    ).runs;
    const fastest = runs
      .filter((r) => r.metrics.tpot_ms_p99 !== undefined && r.metrics.energy_per_output_token_j !== undefined)
      .sort((a, b) => a.metrics.tpot_ms_p99 - b.metrics.tpot_ms_p99)[0];
    const slo = String(Math.ceil(fastest.metrics.tpot_ms_p99 * 1000) / 1000);
    const input = page.getByTestId('slo-tpot_ms_p99');
    await input.fill(slo);
    await input.press('Enter');
    await expect(page).toHaveURL(/slo\.tpot_ms_p99=/);
    const tight = (await (await request.get(`/api/frontier?${q}&slo.tpot_ms_p99=${slo}`)).json()) as {
      recommended: number | null;
      feasibleCount: number;
    };
    expect(tight.recommended).toBe(fastest.id);
    await expect(page.getByTestId('recommendation')).toHaveAttribute('data-run-id', String(fastest.id));
    await expect(page.getByTestId('count-feasible')).toHaveText(String(tight.feasibleCount));
  } finally {
    expect((await request.delete(`/api/studies/${studyId}`, { headers: { origin } })).status()).toBeLessThan(300);
  }
});

test('refused files are listed with their reason; "import the valid files" commits the rest', async ({
  page,
  request,
}) => {
  const before = await total(request);
  await page.goto('/import');
  await page
    .getByTestId('import-files')
    .setInputFiles([
      path.join(FIX, 'layouts/vllm/sweep/summary.json'),
      path.join(FIX, 'malformed/05_vllm_negative_completed.json'),
    ]);
  const cards = page.getByTestId('import-file');
  await expect(cards).toHaveCount(2);
  await expect(page.getByTestId('file-error')).toContainText('negative value');
  await expect(page.getByTestId('refused-summary')).toContainText('1 file cannot be imported');
  await expect(page.getByRole('button', { name: /Commit import/ })).toBeDisabled();
  await page.getByTestId('commit-valid').click();
  await expect(page.getByRole('status')).toContainText('Imported 3 runs');
  await expect(page.getByRole('status')).toContainText('Not imported: 05_vllm_negative_completed.json');
  expect(await total(request)).toBe(before + 3);
});

test('a large upload shows an accessible progress bar while uploading, then the parse phase', async ({ page }) => {
  // One vLLM result with ~12 MB of generated texts (kept by --save-detailed, skipped by the importer):
  // big enough that the upload takes a moment, cheap to parse.
  const result = JSON.parse(fs.readFileSync(path.join(FIX, 'e2e_vllm_serve.json'), 'utf8')) as Record<string, unknown>;
  result.generated_texts = Array.from({ length: 1200 }, (_, i) => `${i} `.padEnd(10_000, 'lorem ipsum '));
  const buffer = Buffer.from(JSON.stringify(result));
  await page.goto('/import');
  const phases: string[] = [];
  await page.exposeFunction('notePhase', (p: string) => phases.push(p));
  await page.evaluate(() => {
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="upload-progress"]');
      if (el) (window as unknown as { notePhase: (p: string) => void }).notePhase(el.getAttribute('data-phase') ?? '');
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page
    .getByTestId('import-files')
    .setInputFiles([{ name: 'big_append.json', mimeType: 'application/json', buffer }]);
  await expect(page.getByRole('progressbar', { name: 'Preview progress' })).toBeVisible();
  await expect(page.getByTestId('import-file')).toContainText('vllm-serve', { timeout: 60_000 });
  await expect(page.getByTestId('upload-progress')).toHaveCount(0);
  expect(phases).toContain('uploading');
  expect(phases).toContain('parsing');
});
