import { expect, test as setup } from '@playwright/test';
import { STORAGE_STATE } from '../playwright.config';
import { ADMIN, ENGINEER } from './accounts';

/**
 * First start as a new user meets it: the dashboard is readable, nothing can be changed, and the
 * setup page creates the first admin. The admin's browser state is what the other specs start
 * from; the engineer account is used by the reports spec.
 */
setup('fresh install: open read-only, first admin through /setup', async ({ page, request }) => {
  expect((await request.get('/api/runs?limit=1')).status()).toBe(200);
  expect((await request.post('/api/studies', { data: { name: 'anonymous' } })).status()).toBe(401);

  // Nobody can write yet: the write pages say how to get in instead of showing live forms.
  for (const url of ['/import', '/sweeps/new']) {
    await page.goto(url);
    await expect(page.getByTestId('write-gate')).toHaveAttribute('data-reason', 'setup');
    await expect(page.getByText('Authorization: Bearer')).toHaveCount(0);
  }
  await page.getByRole('link', { name: 'Set up the first admin account' }).click();
  await page.waitForURL((u) => u.pathname === '/setup');
  await page.getByLabel('User name').fill(ADMIN.name);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByLabel('Repeat password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  const me = await page.request.get('/api/auth/me');
  expect((await me.json()).principal).toMatchObject({ name: ADMIN.name, role: 'admin' });

  const origin = new URL(page.url()).origin;
  const eng = await page.request.post('/api/users', { data: { ...ENGINEER, role: 'engineer' }, headers: { origin } });
  expect(eng.status()).toBe(201);
  // Setup is closed now, and anonymous reads are refused.
  expect((await request.get('/api/runs?limit=1')).status()).toBe(401);
  await page.context().storageState({ path: STORAGE_STATE });
});
