import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { requireReader, requireRole, requireSweepLauncher } from '@/lib/auth/guard';
import { setAccessSettings } from '@/db/queries/users';
import { isPublicPath, safeNextPath } from '@/lib/auth/access-policy';
import { freshProcessDb, ORIGIN, principalFixture, req } from './helpers';

let db: DB;
beforeAll(() => {
  db = freshProcessDb('guard');
});

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? 500;
  }
}

describe('guard on a fresh install (no account)', () => {
  it('reads are open (read-only principal), mutations are refused', async () => {
    const p = await requireReader(req('/api/runs'), db);
    expect(p).toMatchObject({ via: 'open', role: 'viewer', userId: null });
    expect(await status(requireRole(req('/api/runs', { method: 'POST' }), 'engineer', db))).toBe(401);
    expect(await status(requireRole(req('/api/runs', { method: 'POST' }), 'viewer', db))).toBe(401);
  });
});

describe('guard with accounts', () => {
  let admin: ReturnType<typeof principalFixture>;
  let eng: ReturnType<typeof principalFixture>;
  let viewer: ReturnType<typeof principalFixture>;
  beforeAll(() => {
    admin = principalFixture(db, 'admin1', 'admin');
    eng = principalFixture(db, 'eng1', 'engineer');
    viewer = principalFixture(db, 'view1', 'viewer');
  });

  it('reads need a principal once an account exists', async () => {
    expect(await status(requireReader(req('/api/runs'), db))).toBe(401);
    expect((await requireReader(req('/api/runs', { session: viewer.session }), db)).name).toBe('view1');
    expect((await requireReader(req('/api/runs', { token: viewer.token }), db)).via).toBe('token');
  });

  it('checks roles: 403 when too low', async () => {
    const post = (c: { token?: string; session?: string }) => req('/api/x', { method: 'POST', origin: ORIGIN, ...c });
    expect(await status(requireRole(post({ token: viewer.token }), 'engineer', db))).toBe(403);
    expect(await status(requireRole(post({ token: eng.token }), 'engineer', db))).toBe(200);
    expect(await status(requireRole(post({ token: eng.token }), 'admin', db))).toBe(403);
    expect(await status(requireRole(post({ session: admin.session }), 'admin', db))).toBe(200);
  });

  it('a bad bearer token is 401 and never falls back to the cookie', async () => {
    const r = req('/api/x', { method: 'POST', token: 'jb_nope', session: admin.session, origin: ORIGIN });
    expect(await status(requireRole(r, 'viewer', db))).toBe(401);
    const malformed = new Request(`${ORIGIN}/api/x`, { headers: { authorization: 'Basic abc' } });
    expect(await status(requireReader(malformed, db))).toBe(401);
  });

  it('CSRF: cookie mutations need a same-origin Origin or Sec-Fetch-Site; bearer requests are exempt', async () => {
    const m = (h: { origin?: string | null; headers?: Record<string, string> }) =>
      requireRole(req('/api/x', { method: 'DELETE', session: eng.session, ...h }), 'engineer', db);
    expect(await status(m({ origin: null }))).toBe(403);
    expect(await status(m({ origin: 'https://evil.example' }))).toBe(403);
    expect(await status(m({ origin: 'null' }))).toBe(403);
    expect(await status(m({ headers: { 'sec-fetch-site': 'cross-site' } }))).toBe(403);
    expect(await status(m({ origin: ORIGIN }))).toBe(200);
    expect(await status(m({ headers: { 'sec-fetch-site': 'same-origin' } }))).toBe(200);
    // Cookie GETs are not mutations; bearer mutations need no Origin.
    expect(await status(requireRole(req('/api/x', { session: eng.session }), 'engineer', db))).toBe(200);
    expect(await status(requireRole(req('/api/x', { method: 'POST', token: eng.token }), 'engineer', db))).toBe(200);
  });

  it('sweep launching follows the access setting', async () => {
    const r = () => req('/api/sweeps', { method: 'POST', token: eng.token });
    expect(await status(requireSweepLauncher(r(), db))).toBe(403);
    expect(await status(requireSweepLauncher(req('/api/sweeps', { method: 'POST', token: admin.token }), db))).toBe(
      200,
    );
    setAccessSettings(db, { engineersCanLaunchSweeps: true });
    expect(await status(requireSweepLauncher(r(), db))).toBe(200);
    expect(await status(requireSweepLauncher(req('/api/sweeps', { method: 'POST', token: viewer.token }), db))).toBe(
      403,
    );
  });
});

describe('access policy helpers', () => {
  it('public paths', () => {
    for (const p of ['/login', '/setup', '/r/abc', '/api/health', '/api/setup', '/api/auth/login'])
      expect(isPublicPath(p), p).toBe(true);
    for (const p of [
      '/',
      '/runs',
      '/reports',
      '/reports/1',
      '/r',
      '/loginx',
      '/api/runs',
      '/api/auth/settings',
      '/api/users',
      '/api/reports',
    ])
      expect(isPublicPath(p), p).toBe(false);
  });
  it('login redirect targets stay on this site', () => {
    expect(safeNextPath('/runs?x=1')).toBe('/runs?x=1');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath(undefined)).toBe('/');
  });
});
