/**
 * Shared reports, as an engineer and a manager meet them: the engineer logs in, creates a report
 * from an SLO view of the explorer, copies its share link; a fresh browser without an account
 * opens the link and sees that report and nothing else; markdown with a script stays inert;
 * revoking the link closes it. Later edits to runs do not change the frozen report.
 */
import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { ENGINEER } from './accounts';

const X = 'itl_ms_p99';
const Y = 'energy_per_output_token_j';
const NOTES = '## Findings\n\nLower batch sizes meet the **ITL SLO**.\n\n<script>window.__xss = 1</script>\n\n<img src=x onerror="window.__xss = 2">\n\n[bad](javascript:window.__xss=3)';

async function anonymous(browser: Browser, baseURL: string): Promise<BrowserContext> {
  // A brand-new context: no cookies, no storage state of the logged-in specs.
  return browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
}

test('engineer shares a frozen SLO report; the link shows only it, inert markdown, revocable', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const eng = await anonymous(browser, baseURL!);
  const page = await eng.newPage();

  // Log in as the engineer (the /login form, redirected back to the explorer view).
  const view = `/explore?x=${X}&y=${Y}&slo.${X}=25`;
  await page.goto(view);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('User name').fill(ENGINEER.name);
  await page.getByLabel('Password').fill(ENGINEER.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => u.pathname === '/explore' && u.search.includes(`slo.${X}=25`));
  const recId = await page.getByTestId('recommendation').getAttribute('data-run-id');
  expect(recId).toBeTruthy();

  // Create the report from this view.
  await page.getByTestId('create-report').click();
  await page.waitForURL(/\/reports\/new\?/);
  await page.getByLabel('Title').fill('E2E ITL SLO report');
  await page.getByLabel(/^Notes/).fill(NOTES);
  await page.getByRole('button', { name: 'Create report (freeze the data)' }).click();
  await page.waitForURL(/\/reports\/\d+$/);
  const reportUrl = page.url();
  await expect(page.getByTestId('report-title')).toHaveText('E2E ITL SLO report');
  await expect(page.getByTestId('report-headline')).toContainText(/[\d.]+ % (less|more)/);
  await expect(page.getByTestId('report-headline')).toContainText('does not meet the SLO');
  await expect(page.getByTestId('report-headline')).toContainText('kWh');
  await expect(page.getByTestId('report-headline')).toContainText('CO2e');
  await expect(page.getByTestId('frontier-chart')).toBeVisible();
  await expect(page.getByTestId('infeasible-region')).toHaveCount(1);
  await expect(page.getByTestId('report-runs')).toContainText('★');
  await expect(page.getByTestId('report-provenance')).toContainText(/ML\.ENERGY|measured|imported/i);

  // A share link, read from the page (the clipboard is not available headless).
  await page.getByRole('button', { name: 'Create share link' }).click();
  const shareUrl = (await page.getByTestId('share-url').textContent())!.trim();
  expect(shareUrl).toMatch(/\/r\/[A-Za-z0-9_-]{22,}$/);
  const token = shareUrl.split('/r/')[1];
  const sharePath = `/r/${token}`;

  // The manager: no account, only the link.
  const mgr = await anonymous(browser, baseURL!);
  const reader = await mgr.newPage();
  await reader.goto(sharePath);
  await expect(reader.getByTestId('report-title')).toHaveText('E2E ITL SLO report');
  await expect(reader.getByTestId('report-notes').locator('h2')).toHaveText('Findings');
  await expect(reader.getByTestId('report-notes').locator('script, img[onerror], a[href^="javascript"]')).toHaveCount(0);
  expect(await reader.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(reader.getByTestId('recommended-label')).toBeVisible();
  await expect(reader.getByTestId('share-links')).toHaveCount(0); // owner controls are not there
  const csv = await mgr.request.get(`${sharePath}/export?format=csv`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\r\n')[0]).toMatch(/^run_id,label,/);
  // ...and nothing else: the dashboard sends them to the login page, the API answers 401.
  expect((await mgr.request.get('/api/runs?limit=1')).status()).toBe(401);
  expect((await mgr.request.get(`/api/reports`)).status()).toBe(401);
  expect((await mgr.request.post('/api/studies', { data: { name: 'x' } })).status()).toBe(401);
  await reader.goto('/explore');
  await reader.waitForURL(/\/login/);

  // The owner sees that the link was opened.
  await page.goto(reportUrl);
  const row = page.getByTestId('share-link-row').first();
  await expect(row).toContainText('active');
  await expect(row.locator('td.num')).not.toHaveText('0');

  // Revoke: the link is gone for the reader.
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('share-link-row').first()).toContainText('revoked');
  const gone = await reader.goto(sharePath);
  expect(gone?.status()).toBe(404);
  await expect(reader.getByTestId('share-link-invalid')).toBeVisible();
  expect((await mgr.request.get(`${sharePath}/data`)).status()).toBe(410);

  await eng.close();
  await mgr.close();
});

test('a report is frozen: deleting its runs later does not change it', async ({ page, request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const headers = { origin };
  // A small study of our own, imported through the API.
  const study = await request.post('/api/studies', { data: { name: 'e2e frozen' }, headers });
  expect(study.status()).toBe(201);
  const studyId = ((await study.json()) as { id: number }).id;
  const all = (await (await request.get('/api/runs?limit=3&sort=id&order=asc')).json()) as { runs: { id: number }[] };
  const ids = all.runs.map((r) => r.id);
  expect((await request.post('/api/runs/move', { data: { ids, studyId }, headers })).ok()).toBe(true);

  const created = await request.post('/api/reports', { data: { title: 'frozen e2e', view: { x: X, y: Y, filters: { study: studyId } } }, headers });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  await page.goto(`/reports/${id}`);
  await expect(page.getByTestId('report-runs').locator('tbody tr')).toHaveCount(3);

  // The owner edits the words; the frozen data stays.
  await page.getByTestId('edit-report').locator('summary').click();
  await page.getByTestId('edit-report').getByLabel('Title').fill('frozen e2e (edited)');
  await page.getByTestId('edit-report').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('report-title')).toHaveText('frozen e2e (edited)');

  // Delete the study (and its runs): the report still shows the three frozen runs.
  expect((await request.delete(`/api/studies/${studyId}`, { headers })).ok()).toBe(true);
  await page.reload();
  await expect(page.getByTestId('report-runs').locator('tbody tr')).toHaveCount(3);
});

test('report downloads: SVG and PNG of every chart, the JSON export holds the runs, print hides the controls', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL!).origin;
  // An SLO view of the demo study: frontier chart plus the knob-sensitivity small multiples.
  const created = await request.post('/api/reports', { data: { title: 'downloads e2e', query: `?x=${X}&y=${Y}&slo.${X}=25` }, headers: { origin } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  const report = (await (await request.get(`/api/reports/${id}`)).json()) as { snapshot: { runs: { id: number }[]; sensitivity: unknown } };
  expect(report.snapshot.runs.length).toBeGreaterThan(0);
  expect(report.snapshot.sensitivity).not.toBeNull();

  await page.goto(`/reports/${id}`);
  await expect(page.getByTestId('report-title')).toHaveText('downloads e2e');
  const downloads: import('@playwright/test').Download[] = [];
  page.on('download', (d) => downloads.push(d));
  const read = async (d: import('@playwright/test').Download) => (await import('node:fs')).readFileSync((await d.path())!);

  // Every chart section: its SVG and PNG buttons save one file per chart in it.
  const blocks = page.getByTestId('chart-export');
  await expect(blocks).toHaveCount(2); // frontier + sensitivity
  const names: string[] = [];
  for (let b = 0; b < (await blocks.count()); b++) {
    const block = blocks.nth(b);
    const name = (await block.getAttribute('data-name'))!;
    const charts = await block.locator('svg').evaluateAll((svgs) => svgs.filter((s) => (s as SVGSVGElement).viewBox.baseVal?.width > 100).length);
    expect(charts, name).toBeGreaterThan(0);
    const expected = charts > 1 ? Array.from({ length: charts }, (_, i) => `${name}-${i + 1}`) : [name];
    for (const [button, ext] of [['Download SVG', 'svg'], ['Download PNG', 'png']] as const) {
      downloads.length = 0;
      const first = page.waitForEvent('download');
      await block.getByRole('button', { name: button }).click();
      await first;
      await expect.poll(() => downloads.length).toBe(charts);
      expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual(expected.map((n) => `${n}.${ext}`).sort());
      for (const d of downloads) {
        const bytes = await read(d);
        if (ext === 'svg') {
          const text = bytes.toString('utf8');
          expect(text.startsWith('<svg'), d.suggestedFilename()).toBe(true);
          expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
          expect(text.trimEnd().endsWith('</svg>')).toBe(true);
        } else {
          expect(bytes.subarray(0, 8).toString('hex'), d.suggestedFilename()).toBe('89504e470d0a1a0a');
          expect(bytes.length).toBeGreaterThan(1000);
        }
      }
      names.push(...downloads.map((d) => d.suggestedFilename()));
    }
  }
  expect(names).toContain('frontier.svg');
  expect(names).toContain('frontier.png');
  expect(names.some((n) => /^sensitivity(-\d+)?\.png$/.test(n))).toBe(true);

  // JSON export: the button downloads the frozen runs; the endpoint says attachment.
  const jsonDl = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download runs (JSON)' }).click();
  const dl = await jsonDl;
  expect(dl.suggestedFilename()).toBe('downloads-e2e-runs.json');
  const body = JSON.parse((await read(dl)).toString('utf8')) as { report: { id: number; title: string; view: string }; runs: { id: number; metrics: Record<string, number> }[] };
  expect(body.report).toMatchObject({ id, title: 'downloads e2e' });
  expect(body.report.view).toContain(`slo.${X}=25`);
  expect(body.runs.map((r) => r.id)).toEqual(report.snapshot.runs.map((r) => r.id));
  expect(body.runs.every((r) => typeof r.metrics[Y] === 'number')).toBe(true);
  await expect(page.getByTestId('report-runs').locator('tbody tr')).toHaveCount(body.runs.length);
  const res = await request.get(`/api/reports/${id}/export?format=json`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/application\/json/);
  expect(res.headers()['content-disposition']).toBe('attachment; filename="downloads-e2e-runs.json"');
  expect(((await res.json()) as { runs: unknown[] }).runs).toHaveLength(body.runs.length);

  // Print: buttons, the share panel, the edit form and the navigation are hidden; the report stays.
  const noPrint = page.locator('.no-print');
  const n = await noPrint.count();
  expect(n).toBeGreaterThanOrEqual(5); // actions row, header links and buttons, 2 chart button rows, edit, share
  await expect(page.getByTestId('share-links')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download SVG' }).first()).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  for (let i = 0; i < n; i++) await expect(noPrint.nth(i)).toBeHidden();
  for (const b of await page.getByRole('button').all()) await expect(b).toBeHidden();
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.getByTestId('report-title')).toBeVisible();
  await expect(page.getByTestId('frontier-chart')).toBeVisible();
  await expect(page.getByTestId('report-runs')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByTestId('share-links')).toBeVisible();
});
