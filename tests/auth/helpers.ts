/** Test helpers: a fresh on-disk database per test file, wired as the process DB (getDb()). */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDb, type DB } from '@/db/client';
import { createApiToken } from '@/db/queries/tokens';
import { sessions, users, type User } from '@/db/schema';
import { emailFor, SESSION_TTL_S } from '@/lib/auth/auth';
import type { Role } from '@/lib/auth/roles';
import { authSecret } from '@/lib/auth/secret';
import { sha256Hex } from '@/lib/auth/tokens';

export function freshProcessDb(tag: string): DB {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jb-${tag}-`));
  process.env.JOULEBENCH_DB = path.join(dir, 'test.db');
  process.env.JOULEBENCH_DEMO = '0';
  return getDb();
}

/**
 * A user row as better-auth stores it, without a password (no scrypt cost; it cannot log in with
 * a password). Real accounts are created with lib/auth/service.ts createUser.
 */
export function insertUserRow(db: DB, u: { name: string; role: Role; disabled?: boolean }): User {
  return db
    .insert(users)
    .values({
      name: u.name,
      email: emailFor(u.name),
      username: u.name.toLowerCase(),
      displayUsername: u.name,
      role: u.role,
      disabled: u.disabled ?? false,
    })
    .returning()
    .get();
}

/**
 * A better-auth session for a user, written the way better-auth + lib/auth/session-store.ts
 * write one (token stored as SHA-256), and the value of its `jb_session` cookie: the token signed
 * like better-call's signed cookies (`<token>.<base64 HMAC-SHA256 with the auth secret>`,
 * URL-encoded). Synchronous, so fixtures can be built in plain beforeAll blocks; the guard tests
 * prove better-auth accepts it.
 */
export function sessionCookieFor(
  db: DB,
  userId: number,
  expiresAt = new Date(Date.now() + SESSION_TTL_S * 1000),
): string {
  const token = randomBytes(24).toString('base64url');
  db.insert(sessions)
    .values({ token: sha256Hex(token), userId, expiresAt })
    .run();
  const signature = createHmac('sha256', authSecret(db)).update(token).digest('base64');
  return encodeURIComponent(`${token}.${signature}`);
}

/** A user plus a session (cookie value) and an API token for it. */
export function principalFixture(db: DB, name: string, role: Role) {
  const user = insertUserRow(db, { name, role });
  const session = sessionCookieFor(db, user.id);
  const token = createApiToken(db, { name: `${name}-token`, role, createdBy: user.id }).token;
  return { user, session, token };
}

/** The Set-Cookie value of `name` in a response, or undefined. */
export function setCookieValue(res: Response, name = 'jb_session'): string | undefined {
  for (const c of res.headers.getSetCookie())
    if (c.startsWith(`${name}=`)) return c.slice(name.length + 1).split(';')[0];
  return undefined;
}

export const ORIGIN = 'http://localhost:3000';

export function req(
  url: string,
  init: {
    method?: string;
    token?: string;
    session?: string;
    origin?: string | null;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Request {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.session) headers.set('cookie', `jb_session=${init.session}`);
  if (init.origin) headers.set('origin', init.origin);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return new Request(new URL(url, ORIGIN), {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
