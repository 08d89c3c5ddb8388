/**
 * API tokens through the API, owner-only rules: a token's role never exceeds its creator's (a
 * viewer cannot mint engineer or admin tokens, also not with a token of its own), a user cannot
 * revoke or see another user's token, admins can.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { createApiToken, findApiToken } from '@/db/queries/tokens';
import { GET as listRoute, POST as createRoute } from '@/app/api/tokens/route';
import { DELETE as revokeRoute } from '@/app/api/tokens/[id]/route';
import { freshProcessDb, ORIGIN, principalFixture, req } from './helpers';

let db: DB;
let viewer: ReturnType<typeof principalFixture>;
let eng: ReturnType<typeof principalFixture>;
let eng2: ReturnType<typeof principalFixture>;
let admin: ReturnType<typeof principalFixture>;

beforeAll(() => {
  db = freshProcessDb('token-access');
  viewer = principalFixture(db, 'tok-viewer', 'viewer');
  eng = principalFixture(db, 'tok-eng', 'engineer');
  eng2 = principalFixture(db, 'tok-eng2', 'engineer');
  admin = principalFixture(db, 'tok-admin', 'admin');
});

const ctx = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });
const create = (auth: { token?: string; session?: string; origin?: string }, role: string) =>
  createRoute(req('/api/tokens', { method: 'POST', body: { name: `made-${role}`, role }, ...auth }));
const tokenCount = () => (db.$client.prepare('SELECT count(*) AS n FROM api_tokens').get() as { n: number }).n;

describe('creating tokens', () => {
  it('a viewer cannot create an admin or engineer token (session or token), and nothing is stored', async () => {
    const before = tokenCount();
    for (const role of ['admin', 'engineer']) {
      const bySession = await create({ session: viewer.session, origin: ORIGIN }, role);
      expect(bySession.status).toBe(403);
      expect((await bySession.json()).error.message).toMatch(
        new RegExp(`you \\(viewer\\) cannot create an? ${role} token`),
      );
      expect((await create({ token: viewer.token }, role)).status).toBe(403);
    }
    expect(tokenCount()).toBe(before);
    // A viewer token is allowed.
    const ok = await create({ session: viewer.session, origin: ORIGIN }, 'viewer');
    expect(ok.status).toBe(201);
    const { token, record } = (await ok.json()) as { token: string; record: { role: string; createdBy: number } };
    expect(record).toMatchObject({ role: 'viewer', createdBy: viewer.user.id });
    expect(findApiToken(db, token)?.role).toBe('viewer');
  });

  it('an engineer cannot create an admin token; an admin can', async () => {
    expect((await create({ token: eng.token }, 'admin')).status).toBe(403);
    expect((await create({ token: eng.token }, 'engineer')).status).toBe(201);
    expect((await create({ token: admin.token }, 'admin')).status).toBe(201);
  });
});

describe('revoking tokens', () => {
  it("a user cannot revoke (or list) another user's token; the token keeps working", async () => {
    const victim = createApiToken(db, { name: 'eng2 ci', role: 'engineer', createdBy: eng2.user.id });
    const revoke = (auth: { token?: string; session?: string; origin?: string }) =>
      revokeRoute(req(`/api/tokens/${victim.record.id}`, { method: 'DELETE', ...auth }), ctx(victim.record.id));

    const byEng = await revoke({ token: eng.token });
    expect(byEng.status).toBe(403);
    expect((await byEng.json()).error.message).toMatch(/only your own tokens/);
    expect((await revoke({ session: eng.session, origin: ORIGIN })).status).toBe(403);
    expect((await revoke({ token: viewer.token })).status).toBe(403);
    expect(findApiToken(db, victim.token)?.id).toBe(victim.record.id);

    const list = (await (await listRoute(req('/api/tokens', { token: eng.token }))).json()) as {
      tokens: { id: number; createdBy: number }[];
    };
    expect(list.tokens.map((t) => t.id)).not.toContain(victim.record.id);
    expect(list.tokens.every((t) => t.createdBy === eng.user.id)).toBe(true);

    // The creator can; so can an admin (idempotent).
    const own = await revoke({ token: eng2.token });
    expect(own.status).toBe(200);
    expect((await own.json()).token.revokedAt).toBeTruthy();
    expect(findApiToken(db, victim.token)).toBeUndefined();
    expect((await revoke({ token: admin.token })).status).toBe(200);
  });

  it('a token created by the CLI (no owner) can be revoked only by an admin', async () => {
    const cliToken = createApiToken(db, { name: 'cli', role: 'viewer', createdBy: null });
    const revoke = (token: string) =>
      revokeRoute(req(`/api/tokens/${cliToken.record.id}`, { method: 'DELETE', token }), ctx(cliToken.record.id));
    expect((await revoke(eng.token)).status).toBe(403);
    // ...not even by itself: a CLI token has no user behind it.
    expect((await revoke(cliToken.token)).status).toBe(403);
    expect((await revoke(admin.token)).status).toBe(200);
    expect(findApiToken(db, cliToken.token)).toBeUndefined();
  });

  it('an unknown token id is a 404, a bad one a 400', async () => {
    expect(
      (await revokeRoute(req('/api/tokens/999999', { method: 'DELETE', token: admin.token }), ctx(999999))).status,
    ).toBe(404);
    expect(
      (
        await revokeRoute(req('/api/tokens/abc', { method: 'DELETE', token: admin.token }), {
          params: Promise.resolve({ id: 'abc' }),
        })
      ).status,
    ).toBe(400);
  });
});
