import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { createApiToken, findApiToken, revokeApiToken } from '@/db/queries/tokens';
import { deleteUser, updateUser } from '@/db/queries/users';
import { sessions } from '@/db/schema';
import { POST as loginRoute } from '@/app/api/auth/login/route';
import { POST as logoutRoute } from '@/app/api/auth/logout/route';
import { sessionPrincipal } from '@/lib/auth/principal';
import { createUser, setUserPassword } from '@/lib/auth/service';
import { sha256Hex } from '@/lib/auth/tokens';
import { freshProcessDb, insertUserRow, ORIGIN, req, sessionCookieFor, setCookieValue } from './helpers';

let db: DB;
beforeAll(() => {
  db = freshProcessDb('tokens');
});

function allText(table: string): string {
  return JSON.stringify(db.all(sql.raw(`SELECT * FROM ${table}`)));
}

async function logIn(name: string, password = 'a long enough password'): Promise<string> {
  const res = await loginRoute(req('/api/auth/login', { method: 'POST', body: { name, password } }));
  expect(res.status).toBe(200);
  return setCookieValue(res)!;
}
const who = (cookie: string) => sessionPrincipal(db, `jb_session=${cookie}`);

describe('sessions (better-auth)', () => {
  it('are random tokens in a signed cookie, stored only as SHA-256', async () => {
    const u = await createUser(db, { name: 'Sess', role: 'engineer', password: 'a long enough password' });
    const cookie = await logIn('sess');
    const [token, signature] = decodeURIComponent(cookie).split('.');
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/); // HMAC-SHA256 with the secret
    const dump = allText('sessions');
    expect(dump).not.toContain(token);
    expect(dump).toContain(sha256Hex(token));
    expect(await who(cookie)).toMatchObject({ userId: u.id, name: 'Sess', role: 'engineer', via: 'session' });
    // A tampered signature, a different token, or the stored digest itself are not sessions.
    expect(await who(encodeURIComponent(`${token}.${'A'.repeat(43)}=`))).toBeNull();
    expect(await who(encodeURIComponent(`${token}x.${signature}`))).toBeNull();
    expect(await who(sessionCookieFor(db, u.id).replace(/^[^.%]+/, sha256Hex(token)))).toBeNull();
  });

  it('expire (and the expired row is deleted)', async () => {
    const u = insertUserRow(db, { name: 'sess2', role: 'viewer' });
    const cookie = sessionCookieFor(db, u.id);
    expect(await who(cookie)).not.toBeNull();
    db.update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, u.id))
      .run();
    expect(await who(cookie)).toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.userId, u.id)).all()).toEqual([]);
  });

  it('end on logout, on account disable (which also blocks new logins) and on a password reset', async () => {
    const u = await createUser(db, { name: 'sess3', role: 'viewer', password: 'a long enough password' });
    const a = await logIn('sess3');
    const out = await logoutRoute(req('/api/auth/logout', { method: 'POST', session: a, origin: ORIGIN }));
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/jb_session=;.*Max-Age=0/i);
    expect(await who(a)).toBeNull();

    const b = await logIn('sess3');
    updateUser(db, u.id, { disabled: true });
    expect(await who(b)).toBeNull();
    const refused = await loginRoute(
      req('/api/auth/login', { method: 'POST', body: { name: 'sess3', password: 'a long enough password' } }),
    );
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();
    updateUser(db, u.id, { disabled: false });

    const c = await logIn('sess3');
    await setUserPassword(db, u.id, 'another long password');
    expect(await who(c)).toBeNull();
    expect(await who(await logIn('sess3', 'another long password'))).not.toBeNull();
  });

  it('end when the account is deleted', async () => {
    insertUserRow(db, { name: 'keep-admin0', role: 'admin' });
    const u = insertUserRow(db, { name: 'gone', role: 'admin' });
    const cookie = sessionCookieFor(db, u.id);
    deleteUser(db, u.id);
    expect(await who(cookie)).toBeNull();
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, revocable, and record last use', () => {
    const { token, record } = createApiToken(db, { name: 'harness', role: 'engineer', createdBy: null });
    expect(token).toMatch(/^jb_[A-Za-z0-9_-]{43}$/);
    expect(record).not.toHaveProperty('tokenHash');
    const dump = allText('api_tokens');
    expect(dump).not.toContain(token);
    expect(dump).toContain(sha256Hex(token));
    expect(record.lastUsedAt).toBeNull();
    expect(findApiToken(db, token)?.id).toBe(record.id);
    const after = db.all<{ last_used_at: string | null }>(
      sql.raw(`SELECT last_used_at FROM api_tokens WHERE id=${record.id}`),
    )[0];
    expect(after.last_used_at).not.toBeNull();
    revokeApiToken(db, record.id);
    expect(findApiToken(db, token)).toBeUndefined();
  });

  it('expire', () => {
    const { token } = createApiToken(db, {
      name: 'short',
      role: 'viewer',
      createdBy: null,
      expiresAt: new Date(Date.now() + 1000).toISOString(),
    });
    expect(findApiToken(db, token)).toBeDefined();
    expect(findApiToken(db, token, Date.now() + 5000)).toBeUndefined();
  });
});

describe('API tokens follow their creator', () => {
  it("never act above the creator's current role, stop while it is disabled, and die with a deleted creator", () => {
    insertUserRow(db, { name: 'keep-admin', role: 'admin' }); // so the next one may go
    const u = insertUserRow(db, { name: 'tok-owner', role: 'admin' });
    const { token } = createApiToken(db, { name: 'ci', role: 'admin', createdBy: u.id });
    expect(findApiToken(db, token)?.role).toBe('admin');
    updateUser(db, u.id, { role: 'engineer' });
    expect(findApiToken(db, token)?.role).toBe('engineer');
    updateUser(db, u.id, { disabled: true });
    expect(findApiToken(db, token)).toBeUndefined();
    updateUser(db, u.id, { disabled: false });
    deleteUser(db, u.id);
    expect(findApiToken(db, token)).toBeUndefined();
    expect(allText('api_tokens')).toMatch(/"revoked_at":"20/);
  });
});
