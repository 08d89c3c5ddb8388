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
