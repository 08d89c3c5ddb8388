/**
 * The page cache of /explore and /models (lib/page-cache): a second load of the same URL by the same account is
 * answered from memory with the same bytes; a write to the database (a run, a login) or another
 * account gets a fresh render; a client navigation gets the RSC payload, never the cached page; a visitor without a session never sees a cached page; and
 * a page served from the cache hydrates and works.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ENGINEER } from './accounts';
import { deleteStudiesNamed, postRunsTo, studyIdNamed } from './study';

const STUDY = `e2e page cache ${Date.now()}`;
const TAG = `e2e-page-cache-${Date.now()}`; // unique per run, so a retry is not de-duplicated away

function run(i: number) {
  return {
    schema_version: 1,
    source: { kind: 'api', format: 'e2e' },
    label: `page cache ${i}`,
    created_at: '2026-03-01T00:00:00.000Z',
    model: { id: 'e2e/page-cache-model' },
    hardware: { gpu_model: 'H100-E2E-PC', gpu_count: 1, simulated: true },
    engine: { name: 'vllm' },
    knobs: { max_num_seqs: 8 * (i + 1), run_tag: TAG },
    workload: {},
    metrics: { itl_ms_p99: 10 + i, energy_per_output_token_j: 1 / (i + 1), output_throughput_tps: 100 * (i + 1) },
  };
}

const postRuns = (request: APIRequestContext, origin: string, from: number, n: number) =>
  postRunsTo(
    request,
    origin,
    STUDY,
    Array.from({ length: n }, (_, k) => run(from + k)),
  );
const studyId = (request: APIRequestContext) => studyIdNamed(request, STUDY);

const runIds = (html: string) => new Set([...html.matchAll(/data-run-id="(\d+)"/g)].map((m) => Number(m[1])));

test.afterEach(async ({ request, baseURL }) => {
  await deleteStudiesNamed(request, new URL(baseURL!).origin, STUDY);
});

test('a reload is answered from memory; a write or another account renders again', async ({
  request,
  playwright,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const first = await postRuns(request, origin, 0, 3);
  const url = `/explore?study=${await studyId(request)}&x=itl_ms_p99&y=energy_per_output_token_j`;

  const a = await request.get(url);
  expect(a.status()).toBe(200);
  expect(a.headers()['x-jb-page-cache']).toBe('miss');
  const html = await a.text();
  expect([...runIds(html)].sort()).toEqual([...first].sort());
  expect(html).toContain('e2e-admin'); // the header's account menu: the page is this account's

  const b = await request.get(url);
  expect(b.headers()['x-jb-page-cache']).toBe('hit');
  expect(await b.text()).toBe(html);
  expect(b.headers()['content-type']).toMatch(/^text\/html/);
  expect(b.headers()['x-frame-options']).toBe('DENY');

  // A new run in the study: the next load renders again and draws it.
  const [added] = await postRuns(request, origin, 3, 1);
  const c = await request.get(url);
  expect(c.headers()['x-jb-page-cache']).toBe('miss');
  expect(runIds(await c.text())).toContain(added);

  // Another account gets its own render (its own name in the header). Its login wrote a session:
  // the next load of the first account renders again too, with its own name.
  const eng = await playwright.request.newContext({ baseURL });
  try {
    const login = await eng.post('/api/auth/login', { data: ENGINEER, headers: { origin } });
    expect(login.status(), await login.text()).toBe(200);
    const e = await eng.get(url);
    expect(e.headers()['x-jb-page-cache']).toBe('miss');
    const engHtml = await e.text();
    expect(engHtml).toContain(ENGINEER.name);
    expect(engHtml).not.toContain('e2e-admin');
    expect((await eng.get(url)).headers()['x-jb-page-cache']).toBe('hit');
  } finally {
    await eng.dispose();
  }
  const again = await request.get(url);
  expect(again.headers()['x-jb-page-cache']).toBe('miss');
  const adminHtml = await again.text();
  expect(adminHtml).toContain('e2e-admin');
  expect(adminHtml).not.toContain(ENGINEER.name);
  expect((await request.get(url)).headers()['x-jb-page-cache']).toBe('hit');

  // Without a session: the login redirect, never the page someone else loaded.
  const anon = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    const r = await anon.get(url, { maxRedirects: 0 });
    expect(r.status()).toBe(307);
    expect(r.headers()['location']).toMatch(/^\/login\?next=/);
  } finally {
    await anon.dispose();
  }

  // The fitted models page is kept the same way.
  const models = url.replace('/explore?', '/models?');
  const m1 = await request.get(models);
  expect(m1.headers()['x-jb-page-cache']).toBe('miss');
  const m2 = await request.get(models);
  expect(m2.headers()['x-jb-page-cache']).toBe('hit');
  expect(await m2.text()).toBe(await m1.text());
});

test('a page served from the cache hydrates; a client navigation gets the RSC payload, not the page', async ({
  page,
  request,
  baseURL,
}) => {
  const ids = await postRuns(request, new URL(baseURL!).origin, 0, 3);
  const url = `/explore?study=${await studyId(request)}&x=itl_ms_p99&y=energy_per_output_token_j`;
  expect((await request.get(url)).headers()['x-jb-page-cache']).toBe('miss'); // now held

  const res = await page.goto(url);
  expect(res!.headers()['x-jb-page-cache']).toBe('hit');
  for (const id of ids) await expect(page.locator(`svg [data-run-id="${id}"]`).first()).toBeVisible();
  const mark = page.locator(`svg [data-run-id="${ids[0]}"]`).first();
  await mark.hover();
  await expect(page.getByTestId('chart-tooltip')).toContainText('max_num_seqs');
  await mark.click();
  await page.waitForURL(new RegExp(`/runs/${ids[0]}$`));

  // /explore loaded as a page (held now), then reached by the menu: the router fetches its RSC
  // payload, and a cached HTML page there would force a full reload.
  expect((await page.goto('/explore'))!.headers()['x-jb-page-cache']).toMatch(/hit|miss/);
  await page.goto('/runs');
  const flight = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/explore' && !!r.request().headers()['rsc'],
  );
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Explore', exact: true }).click();
  const r = await flight;
  expect(r.headers()['x-jb-page-cache']).toBeUndefined();
  expect(r.headers()['content-type']).toMatch(/^text\/x-component/);
  await page.waitForURL((u) => u.pathname === '/explore');
  await expect(page.locator('svg [data-run-id]').first()).toBeVisible();
});
