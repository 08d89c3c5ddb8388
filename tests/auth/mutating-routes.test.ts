/**
 * Every mutating API handler (POST/PUT/PATCH/DELETE exported by any app/api/**\/route.ts) must
 * refuse requests without credentials (401/403), requests from a viewer (403, unless listed in
 * VIEWER_MAY), and cookie requests without a same-origin Origin (403, CSRF). The routes are
 * enumerated from the file system, so routes added later are covered without editing this test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { freshProcessDb, principalFixture, req } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const API = path.join(ROOT, 'app/api');
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Public by design (no principal exists yet / you are logging in); checked separately below. */
const PUBLIC = new Set(['/api/setup', '/api/auth/login']);
/** Mutations a viewer may make (on their own account/tokens only). */
const VIEWER_MAY = new Set([
  'POST /api/tokens',
  'DELETE /api/tokens/[id]',
  'POST /api/auth/password',
  'POST /api/auth/logout',
]);
/**
 * POSTs that write nothing (a body is sent only because a sweep definition does not fit in a
 * query string). They are reads: open to viewers, refused to anonymous and bogus-token callers once
 * accounts exist (on a fresh install proxy.ts answers 401 to every anonymous POST before any
 * handler runs). Asserted to write nothing below.
 */
const READ_ONLY_POSTS = new Set(['POST /api/sweeps/estimate']);

function routeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return /^route\.(ts|tsx|js)$/.test(e.name) ? [p] : [];
  });
}

interface Case {
  route: string; // e.g. /api/runs/[id]
  method: (typeof MUTATING)[number];
  fn: (req: Request, ctx: unknown) => Promise<Response>;
  params: Record<string, string | string[]>;
}

function urlFor(route: string): string {
  return route.replace(/\[\.\.\.([^\]]+)\]/g, '1').replace(/\[([^\]]+)\]/g, '1');
}

let cases: Case[] = [];
let db: DB;

beforeAll(async () => {
  db = freshProcessDb('routes');
  for (const file of routeFiles(API)) {
    const route = '/' + path.relative(path.join(ROOT, 'app'), path.dirname(file)).split(path.sep).join('/');
    const params: Record<string, string | string[]> = {};
    for (const m of route.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)) params[m[2]] = m[1] ? ['1'] : '1';
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of MUTATING) {
      if (typeof mod[method] === 'function') cases.push({ route, method, fn: mod[method] as Case['fn'], params });
    }
  }
  cases = cases.filter((c) => !PUBLIC.has(c.route));
}, 120_000);

async function call(c: Case, init: Parameters<typeof req>[1]) {
  const res = await c.fn(req(urlFor(c.route), { method: c.method, body: {}, ...init }), {
    params: Promise.resolve(c.params),
  });
  return res.status;
}

describe('mutating API routes', () => {
  it('are found (sanity: the enumeration works)', () => {
    const names = cases.map((c) => `${c.method} ${c.route}`);
    expect(names).toContain('POST /api/tokens');
    expect(names).toContain('POST /api/users');
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  it('refuse anonymous requests on a fresh install (no account yet)', async () => {
    const bad: string[] = [];
    for (const c of cases) {
      if (READ_ONLY_POSTS.has(`${c.method} ${c.route}`)) continue;
      const s = await call(c, {});
      if (s !== 401 && s !== 403) bad.push(`${c.method} ${c.route} -> ${s}`);
    }
    expect(bad).toEqual([]);
  });

  it('refuse anonymous, viewer and cross-site cookie requests once accounts exist', async () => {
    const viewer = principalFixture(db, 'route-viewer', 'viewer');
    const admin = principalFixture(db, 'route-admin', 'admin');
    const bad: string[] = [];
    for (const c of cases) {
      const name = `${c.method} ${c.route}`;
      const anon = await call(c, {});
      if (anon !== 401 && anon !== 403) bad.push(`${name} anonymous -> ${anon}`);
      const bogus = await call(c, { token: 'jb_not-a-real-token' });
      if (bogus !== 401) bad.push(`${name} bogus token -> ${bogus}`);
      if (READ_ONLY_POSTS.has(name)) continue;
      if (!VIEWER_MAY.has(name)) {
        const v = await call(c, { token: viewer.token });
        if (v !== 403) bad.push(`${name} viewer token -> ${v}`);
      }
      // An admin's cookie without Origin (what a cross-site form post would look like) is refused.
      const csrf = await call(c, { session: admin.session, origin: 'https://evil.example' });
      if (csrf !== 403) bad.push(`${name} admin cookie from another origin -> ${csrf}`);
    }
    expect(bad).toEqual([]);
  });

  it('admin-only routes refuse engineers; sweep launches follow the admin setting', async () => {
    const eng = principalFixture(db, 'route-engineer', 'engineer');
    const adminOnly = (src: string) => /requireRole\(req, 'admin'\)/.test(src);
    const launches = (src: string) => /requireSweepLauncher\(/.test(src);
    const bad: string[] = [];
    let checked = 0;
    for (const c of cases) {
      const src = fs.readFileSync(path.join(API, c.route.replace(/^\/api\/?/, ''), 'route.ts'), 'utf8');
      if (!adminOnly(src) && !launches(src)) continue;
      checked++;
      const s = await call(c, { token: eng.token });
      if (s !== 403) bad.push(`${c.method} ${c.route} engineer -> ${s}`);
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(bad).toEqual([]);
  });

  it('read-only POSTs write nothing', async () => {
    const tables = () =>
      (
        db.$client
          .prepare(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
          )
          .all() as { name: string }[]
      ).map(
        ({ name }) => `${name}:${(db.$client.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n}`,
      );
    const viewer = principalFixture(db, 'ro-viewer', 'viewer');
    const before = tables();
    for (const c of cases.filter((x) => READ_ONLY_POSTS.has(`${x.method} ${x.route}`))) {
      const body = {
        name: 'est',
        executor: 'local',
        simulated: true,
        grid: { sm_clock_mhz: [1400, 1980] },
        workload: { requests: 8, concurrency: 2, input_len: 16, output_len: 16 },
      };
      const res = await c.fn(req(urlFor(c.route), { method: c.method, body, token: viewer.token }), {
        params: Promise.resolve(c.params),
      });
      expect(res.status, `${c.method} ${c.route}`).toBe(200);
    }
    const after = tables();
    expect(after.filter((t) => !t.startsWith('api_tokens:'))).toEqual(
      before.filter((t) => !t.startsWith('api_tokens:')),
    );
  });

  it('public routes stay safe: setup closes once an account exists', async () => {
    const { POST } = await import('@/app/api/setup/route');
    const res = await POST(
      req('/api/setup', { method: 'POST', body: { name: 'mallory', password: 'a long enough password' } }),
    );
    expect(res.status).toBe(409);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
