import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { POST as loginRoute } from '@/app/api/auth/login/route';
import { createUser } from '@/lib/auth/service';
import { LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_PER_USER } from '@/lib/auth/rate-limit';
import { freshProcessDb, req } from './helpers';

let db: DB;
beforeAll(async () => {
  process.env.JOULEBENCH_TRUST_PROXY = '1'; // these tests name client addresses with X-Forwarded-For
  db = freshProcessDb('ratelimit');
  await createUser(db, { name: 'dave', role: 'engineer', password: 'the right password' });
  await createUser(db, { name: 'carol', role: 'engineer', password: 'the right password' });
});

const attempt = (password: string, ip = '10.0.0.1', name = 'carol') =>
  loginRoute(req('/api/auth/login', { method: 'POST', body: { name, password }, headers: { 'x-forwarded-for': ip } }));

describe('login', () => {
  it("sets better-auth's HttpOnly SameSite=Lax session cookie on success", async () => {
    const res = await attempt('the right password', '10.9.9.9');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^jb_session=[A-Za-z0-9]{32}\.[A-Za-z0-9%]{44,}/); // <token>.<signature>, URL-encoded
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http in this test
  });

  it('marks the cookie Secure behind https', async () => {
    const res = await loginRoute(
      req('/api/auth/login', {
        method: 'POST',
        body: { name: 'carol', password: 'the right password' },
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.9.9.8' },
      }),
    );
    expect(res.headers.get('set-cookie')).toMatch(/Secure/i);
  });

  it('gives the same answer for unknown users and wrong passwords', async () => {
    const a = await attempt('wrong password', '10.0.0.50');
    const b = await attempt('wrong password', '10.0.0.50', 'nobody');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect((await a.json()).error.message).toBe((await b.json()).error.message);
  });

  it(`locks an ip+user pair after ${LOGIN_MAX_FAILURES} failures (429, even with the right password)`, async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect((await attempt('wrong password')).status).toBe(401);
    const locked = await attempt('the right password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client address is not affected.
    expect((await attempt('the right password', '10.0.0.2')).status).toBe(200);
  });

  it(
    `caps failures per user across addresses (${LOGIN_MAX_FAILURES_PER_USER}), so rotating X-Forwarded-For does not help`,
    { timeout: 120_000 },
    async () => {
      for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USER; i++)
        expect((await attempt('wrong password', `10.1.0.${i}`, 'dave')).status).toBe(401);
      expect((await attempt('the right password', '10.1.1.1', 'dave')).status).toBe(429);
    },
  );

  it('ignores X-Forwarded-For unless JOULEBENCH_TRUST_PROXY=1', async () => {
    const { clientIp } = await import('@/lib/auth/rate-limit');
    const r = req('/api/auth/login', { method: 'POST', body: {}, headers: { 'x-forwarded-for': '1.2.3.4' } });
    expect(clientIp(r)).toBe('1.2.3.4');
    process.env.JOULEBENCH_TRUST_PROXY = '0';
    try {
      expect(clientIp(r)).toBe('direct');
    } finally {
      process.env.JOULEBENCH_TRUST_PROXY = '1';
    }
  });

  it('refuses a cross-site login form post', async () => {
    const res = await loginRoute(
      req('/api/auth/login', {
        method: 'POST',
        body: { name: 'carol', password: 'the right password' },
        origin: 'https://evil.example',
      }),
    );
    expect(res.status).toBe(403);
  });
});
