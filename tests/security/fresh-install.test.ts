/**
 * Issue 10 "Fresh install": an install with API tokens but no accounts must not stay
 * world-readable. Reads are open to anonymous visitors only while no credential exists at all
 * (no account and no live API token), in the route guards and in proxy.ts alike.
 */
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as runsRoute } from '@/app/api/runs/route';
import type { DB } from '@/db/client';
import { createApiToken, revokeApiToken } from '@/db/queries/tokens';
import { isOpenInstall } from '@/lib/auth/principal';
import { proxy } from '@/proxy';
import { freshProcessDb, ORIGIN, req } from '../auth/helpers';

let db: DB;
beforeAll(() => {
  db = freshProcessDb('fresh-install');
});

const anonymousRead = async () => (await runsRoute(req('/api/runs'))).status;
const proxied = async (path: string) => {
  const res = await proxy(new NextRequest(new URL(path, ORIGIN)));
  return { status: res.status, location: res.headers.get('location') };
};

describe('reads need a credential as soon as any credential exists', () => {
  it('a brand-new install (no account, no token) is open for reading', async () => {
    expect(isOpenInstall(db)).toBe(true);
    expect(await anonymousRead()).toBe(200);
    expect((await proxied('/api/runs')).status).toBe(200);
  });

  it('a CLI token with no account closes it: anonymous reads get 401 (API) or /login (pages); the token reads', async () => {
    const t = createApiToken(db, { name: 'ci', role: 'engineer', createdBy: null });
    expect(isOpenInstall(db)).toBe(false);
    expect(await anonymousRead()).toBe(401);
    expect((await proxied('/api/runs')).status).toBe(401);
    const page = await proxied('/runs');
    expect(page.status).toBe(307);
    expect(page.location).toMatch(/\/login\?next=%2Fruns$/);
    expect((await runsRoute(req('/api/runs', { token: t.token }))).status).toBe(200);
    // Once the only token is revoked there is no credential again.
    revokeApiToken(db, t.record.id);
    expect(await anonymousRead()).toBe(200);
  });
});
