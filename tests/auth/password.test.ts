import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts, users } from '@/db/schema';
import { POST as passwordRoute } from '@/app/api/auth/password/route';
import { getAuth } from '@/lib/auth/auth';
import { checkPasswordPolicy, SCRYPT_PARAMS, setScryptParamsForTests } from '@/lib/auth/password';
import { sessionPrincipal } from '@/lib/auth/principal';
import { createUser, login } from '@/lib/auth/service';
import { freshProcessDb, ORIGIN, req, setCookieValue } from './helpers';

let db: DB;
beforeAll(() => {
  setScryptParamsForTests(SCRYPT_PARAMS); // this file checks the production cost (tests/setup.ts lowers it)
  db = freshProcessDb('password');
});

const storedHash = (userId: number) =>
  db.select({ p: accounts.password }).from(accounts).where(eq(accounts.userId, userId)).get()?.p ?? '';

describe('password hashing (scrypt N=2^17, r=8, p=1, plugged into better-auth)', () => {
  it('stores a salted hash and no clear text; the same password gets different hashes', async () => {
    const a = await createUser(db, { name: 'pw-a', role: 'viewer', password: 'correct horse battery staple' });
    const b = await createUser(db, { name: 'pw-b', role: 'viewer', password: 'correct horse battery staple' });
    const ha = storedHash(a.id);
    expect(ha).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/); // params, 16-byte salt, 32-byte key
    expect(ha).not.toContain('horse');
    expect(ha).not.toBe(storedHash(b.id));
    // Nothing about the password is kept on the user row.
    expect(JSON.stringify(db.select().from(users).where(eq(users.id, a.id)).get())).not.toContain('horse');
  });

  it('verifies the right password and rejects others', async () => {
    const u = await createUser(db, { name: 'pw-c', role: 'viewer', password: 'correct horse battery staple' });
    const ctx = await getAuth(db).$context;
    const hash = storedHash(u.id);
    expect(await ctx.password.verify({ hash, password: 'correct horse battery staple' })).toBe(true);
    expect(await ctx.password.verify({ hash, password: 'correct horse battery stapl' })).toBe(false);
    await expect(
      login(db, { name: 'pw-c', password: 'correct horse battery staple', ip: 't1' }),
    ).resolves.toMatchObject({ user: { name: 'pw-c' } });
    await expect(
      login(db, { name: 'PW-C', password: 'correct horse battery staple', ip: 't1' }),
    ).resolves.toBeDefined(); // names are case-insensitive
    await expect(login(db, { name: 'pw-c', password: 'wrong password!', ip: 't1' })).rejects.toMatchObject({
      status: 401,
    });
  });

  it("enforces a minimum length (our check and better-auth's)", async () => {
    expect(() => checkPasswordPolicy('short')).toThrow(/at least 10/);
    expect(() => checkPasswordPolicy('long enough pw')).not.toThrow();
    await expect(createUser(db, { name: 'pw-short', role: 'viewer', password: 'short' })).rejects.toMatchObject({
      status: 400,
    });
    expect((await getAuth(db).$context).password.config.minPasswordLength).toBe(10);
  });

  it('changing your own password checks the current one and keeps only the new session', async () => {
    await createUser(db, { name: 'pw-d', role: 'viewer', password: 'first long password' });
    const first = await login(db, { name: 'pw-d', password: 'first long password', ip: 't2' });
    const cookie = first.cookies.getSetCookie()[0].split(';')[0].slice('jb_session='.length);
    const change = (current: string, password: string) =>
      passwordRoute(
        req('/api/auth/password', { method: 'POST', session: cookie, origin: ORIGIN, body: { current, password } }),
      );
    expect((await change('not the password', 'second long password')).status).toBe(401);
    expect((await change('first long password', 'short')).status).toBe(400);
    const ok = await change('first long password', 'second long password');
    expect(ok.status).toBe(200);
    const fresh = setCookieValue(ok)!;
    expect(await sessionPrincipal(db, `jb_session=${cookie}`)).toBeNull();
    expect(await sessionPrincipal(db, `jb_session=${fresh}`)).toMatchObject({ name: 'pw-d' });
    await expect(login(db, { name: 'pw-d', password: 'second long password', ip: 't2' })).resolves.toBeDefined();
  });
});
