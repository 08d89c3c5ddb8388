/** Test helpers: a fresh on-disk database per test file, wired as the process DB (getDb()). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDb, type DB } from '@/db/client';
import { createApiToken, createSession } from '@/db/queries/tokens';
import { insertUser } from '@/db/queries/users';
import type { Role } from '@/lib/auth/roles';

export function freshProcessDb(tag: string): DB {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jb-${tag}-`));
  process.env.JOULEBENCH_DB = path.join(dir, 'test.db');
  process.env.JOULEBENCH_DEMO = '0';
  return getDb();
}

/** A user with a placeholder hash (no scrypt cost) plus a session and an API token for it. */
export function principalFixture(db: DB, name: string, role: Role) {
  const u = insertUser(db, { name, role, passwordHash: 'scrypt$1$1$1$AA==$AA==' });
  const session = createSession(db, u.id).token;
  const token = createApiToken(db, { name: `${name}-token`, role, createdBy: u.id }).token;
  return { user: u, session, token };
}

export const ORIGIN = 'http://localhost:3000';

export function req(
  url: string,
  init: { method?: string; token?: string; session?: string; origin?: string | null; body?: unknown; headers?: Record<string, string> } = {},
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
