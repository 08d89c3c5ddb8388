/**
 * Issue 10 against the real production server (next start + proxy.ts): what only the whole stack
 * shows. Uploads over Next's 10 MB proxy body limit, the early 413 for a declared oversize body,
 * /api/health staying fast while a zip bomb is refused, anti-framing headers, a prototype
 * pollution attempt leaving the server healthy, /login?error= text, and scripts/start.mjs binding
 * to loopback until the first account exists.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { zipOfZeros } from '../tests/helpers/zip-bomb';

const MB = 1024 * 1024;
const VLLM = fs.readFileSync(path.resolve(__dirname, '../tests/fixtures/importers/e2e_vllm_serve.json'), 'utf8');

async function engineerToken(request: APIRequestContext, baseURL: string): Promise<string> {
  const res = await request.post('/api/tokens', {
    data: { name: `sec-${Date.now()}`, role: 'engineer' },
    headers: { origin: baseURL },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

test("an upload of 15 MB (over Next's 10 MB proxy buffer) imports through POST /api/imports", async ({
  request,
  baseURL,
}) => {
  // A vLLM result with a large per-request array: about 15 MB of JSON.
  const ttfts = Array.from({ length: 1_400_000 }, (_, i) => 40 + (i % 1000) / 7);
  const big = VLLM.replace(/}\s*$/, `, "ttfts": ${JSON.stringify(ttfts.map((x) => x / 1000))}}`);
  expect(big.length).toBeGreaterThan(15 * MB);
  const res = await request.post('/api/imports', {
    headers: { origin: baseURL! },
    multipart: {
      files: { name: 'big_vllm.json', mimeType: 'application/json', buffer: Buffer.from(big) },
      dryRun: '1',
    },
    timeout: 120_000,
  });
  const body = await res.json();
  expect(res.status(), JSON.stringify(body).slice(0, 300)).toBe(200);
  expect(body.files[0]).toMatchObject({ name: 'big_vllm.json', ok: true, file: { format: 'vllm-serve', runCount: 1 } });
});

test('a declared Content-Length over 200 MB gets a 413 naming the limit before the body is sent', async ({
  request,
  baseURL,
}) => {
  const token = await engineerToken(request, baseURL!);
  const url = new URL('/api/imports', baseURL);
  const res = await new Promise<{ status: number; body: string; sentBytes: number }>((resolve, reject) => {
    let sent = 0;
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(300 * MB),
        },
      },
      (resp) => {
        let body = '';
        resp.on('data', (c) => (body += c));
        resp.on('end', () => resolve({ status: resp.statusCode ?? 0, body, sentBytes: sent }));
      },
    );
    r.on('error', reject);
    // Send only the first megabyte of the announced 300 MB.
    const chunk = Buffer.alloc(64 * 1024, 120);
    for (let i = 0; i < 16; i++) {
      r.write(chunk);
      sent += chunk.length;
    }
  });
  expect(res.status).toBe(413);
  expect(res.body).toMatch(/limit is 200 MB/);
  expect(res.sentBytes).toBeLessThanOrEqual(MB);
});

test('/api/health stays under 1 s while a 1 GiB zip bomb is uploaded and refused', async ({ request, baseURL }) => {
  test.setTimeout(120_000);
  // Declares 190 MB (under the limit, ratio under 250:1) but holds 1 GiB of zeros: only the
  // running counts stop it, so the server really inflates up to its declared size.
  const bomb = zipOfZeros({ mib: 1024, declare: 190 * MB });
  let uploading = true;
  const healthMs: number[] = [];
  const poll = (async () => {
    while (uploading) {
      const t = Date.now();
      const h = await fetch(new URL('/api/health', baseURL));
      expect(h.status).toBe(200);
      healthMs.push(Date.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const res = await request.post('/api/imports', {
    headers: { origin: baseURL! },
    multipart: { files: { name: 'bomb.zip', mimeType: 'application/zip', buffer: bomb }, dryRun: '1' },
    timeout: 120_000,
  });
  uploading = false;
  await poll;
  expect(res.status()).toBe(413);
  expect((await res.json()).error.message).toMatch(/bomb\.zip.*(inflates beyond|expands to more than)/);
  expect(healthMs.length).toBeGreaterThan(0);
  console.log(`health during the bomb: ${healthMs.length} requests, slowest ${Math.max(...healthMs)} ms`);
  expect(Math.max(...healthMs)).toBeLessThan(1000);
});

test('pages, APIs and share links may not be framed', async ({ request }) => {
  for (const p of ['/', '/login', '/r/not-a-real-token-but-long-enough-12345', '/api/health']) {
    const res = await request.get(p, { maxRedirects: 0 });
    expect(res.headers()['x-frame-options'], p).toBe('DENY');
    expect(res.headers()['content-security-policy'], p).toContain("frame-ancestors 'none'");
  }
});

test('knob.__proto__ is a 400 and the server keeps answering normally', async ({ request, page }) => {
  for (const q of ['knob.__proto__=x', 'knob.constructor.min=1']) {
    expect((await request.get(`/api/runs?${q}`)).status()).toBe(400);
    expect((await request.get(`/api/facets?${q}`)).status()).toBe(400);
  }
  await page.goto('/runs?knob.__proto__=x');
  await expect(page.getByText(/reserved name/)).toBeVisible();
  expect((await request.get('/api/runs?limit=1')).status()).toBe(200);
  expect((await request.get('/api/runs?knob.run_tag=a&limit=1')).status()).toBe(200);
});

test('/login?error= shows only known messages', async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await page.goto('/login?error=Your%20account%20is%20locked.%20Call%20%2B1%20555%200100');
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await expect(page.getByText(/Call \+1 555/)).toHaveCount(0);
  await page.goto('/login?error=invalid');
  await expect(page.getByText('Wrong user name or password.')).toBeVisible();
  await ctx.close();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
const canConnect = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const c = net.connect({ host, port, timeout: 2000 }, () => (c.destroy(), resolve(true)));
    c.on('error', () => resolve(false));
    c.on('timeout', () => (c.destroy(), resolve(false)));
  });

test('npm start listens on loopback only until the first account exists, and says how to set up', async () => {
  test.setTimeout(180_000);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-start-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    JOULEBENCH_DB: path.join(dir, 'start.db'),
    JOULEBENCH_WORKER: '0',
    JOULEBENCH_DEMO: '0',
  };
  delete env.HOST;
  delete env.JOULEBENCH_PID_FILE;
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c) => (log += c));
  try {
    await expect.poll(() => log, { timeout: 60_000 }).toMatch(/listens on 127\.0\.0\.1:\d+ only/);
    expect(log).toMatch(new RegExp(`http://localhost:${port}/setup`));
    expect(log).toMatch(/joulebench user create --role admin/);
    await expect.poll(() => canConnect('127.0.0.1', port), { timeout: 60_000 }).toBe(true);
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (lan) expect(await canConnect(lan, port)).toBe(false);
    // Create the first admin: the server moves to all interfaces.
    const res = await fetch(`http://127.0.0.1:${port}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'start-admin', password: 'start admin password' }),
    });
    expect(res.status).toBe(201);
    await expect.poll(() => log, { timeout: 30_000 }).toMatch(/restarting the web server on all interfaces/);
    if (lan) await expect.poll(() => canConnect(lan, port), { timeout: 90_000, intervals: [1000] }).toBe(true);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Settings tells admins that letting engineers launch sweeps gives them command execution', async ({ page }) => {
  await page.goto('/settings');
  const note = page.getByText(/Letting engineers launch sweeps gives them command execution on the host/);
  await expect(note).toBeVisible();
  const shots = process.env.E2E_SHOTS;
  if (shots) {
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ]) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.emulateMedia({ colorScheme: scheme });
        await note.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(shots, `settings-${w}-${scheme}.png`) });
      }
    }
  }
});
