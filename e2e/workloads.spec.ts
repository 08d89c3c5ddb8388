/**
 * Workloads as an engineer meets them: the list shows the built-in Azure traces; the conversation
 * trace's page shows its rate over time, length distributions, load buckets and the CC-BY
 * attribution; uploading a small trace opens its page; a visitor without an account is asked to log in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

test('open the built-in conversation workload: rate chart, lengths, load buckets, attribution', async ({ page }) => {
  await page.goto('/workloads');
  const table = page.getByTestId('workloads-table');
  await expect(table).toContainText('builtin:azure-conv-2023');
  await expect(table).toContainText('19,366');
  await expect(table).toContainText('8,819');
  await page.getByRole('link', { name: 'Azure conversation trace 2023' }).click();
  await expect(page).toHaveURL(/\/workloads\/builtin(%3A|:)azure-conv-2023$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Azure conversation trace 2023');
  const chart = page.getByTestId('rate-chart');
  await expect(chart).toBeVisible();
  // One step path through the ~59 one-minute intervals.
  await expect(chart.locator('path')).toHaveCount(1);
  expect(((await chart.locator('path').getAttribute('d')) ?? '').split('H').length).toBeGreaterThan(50);
  await expect(page.getByTestId('workload-attribution')).toContainText('CC-BY 4.0');
  await expect(page.getByTestId('workload-attribution')).toContainText('Splitwise');
  await expect(page.getByTestId('workload-facts')).toContainText('19,366');
  await expect(page.getByTestId('input-hist').locator('rect[opacity]').first()).toBeVisible();
  await expect(page.getByTestId('load-buckets').locator('tbody tr')).toHaveCount(4);
});

test('upload a trace: its page opens with its numbers; a bad file names the line', async ({ page }) => {
  await page.goto('/workloads');
  const form = page.getByTestId('workload-upload');
  const bad = Buffer.from('TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,5,oops\n');
  await form.getByLabel('Trace file (CSV)').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: bad });
  await form.getByRole('button', { name: 'Upload trace' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'bad.csv:2 (column GeneratedTokens): "oops" is not a whole number of tokens',
  );

  const good = fs.readFileSync(path.join(__dirname, '../tests/fixtures/workloads/azure-small.csv'));
  await form
    .getByLabel('Trace file (CSV)')
    .setInputFiles({ name: 'azure-small.csv', mimeType: 'text/csv', buffer: good });
  await form.getByLabel('Name (optional)').fill('E2E small trace');
  await form.getByRole('button', { name: 'Upload trace' }).click();
  await expect(page).toHaveURL(/\/workloads\/db(%3A|:)\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('E2E small trace');
  await expect(page.getByTestId('workload-facts')).toContainText('5');
  await expect(page.getByTestId('rate-chart')).toBeVisible();
});

test('create a synthetic diurnal workload from the form', async ({ page }) => {
  await page.goto('/workloads');
  const form = page.getByTestId('workload-synthetic');
  await form.getByLabel('Shape').selectOption('diurnal');
  await form.getByLabel('Mean rate (req/s)').fill('2');
  await form.getByLabel('Period (s)').fill('600');
  await form.getByLabel('Duration (s)').fill('600');
  await form.getByLabel('Seed').fill('3');
  await form.getByLabel('Name (optional)').fill('E2E diurnal');
  await form.getByRole('button', { name: 'Create synthetic workload' }).click();
  await expect(page).toHaveURL(/\/workloads\/db(%3A|:)\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('E2E diurnal');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('synthetic');
  await expect(page.getByTestId('workload-attribution')).toContainText('resampled from builtin:azure-conv-2023');
  await expect(page.getByTestId('rate-chart')).toBeVisible();
});

test('a visitor without an account is asked to log in to upload', async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await page.goto('/workloads');
  // Once accounts exist the proxy sends anonymous visitors to /login first.
  await expect(page).toHaveURL(/\/login\?next=%2Fworkloads/);
  await ctx.close();
});
