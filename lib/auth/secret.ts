/**
 * better-auth's secret (it signs the session cookie). Never a default:
 *  - JOULEBENCH_AUTH_SECRET, else BETTER_AUTH_SECRET, when set (at least 32 characters);
 *  - otherwise 32 random bytes generated on the first start and kept in the database
 *    (`server_secrets`), so a restart, the worker and the CLI all use the same one and sessions
 *    stay valid. Changing or deleting it logs every browser out (API tokens are not affected).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { serverSecrets } from '@/db/schema';
import { env } from '@/lib/env';

export const AUTH_SECRET_KEY = 'better_auth_secret';
const MIN_LENGTH = 32;

export function authSecret(db: DB): string {
  for (const name of ['JOULEBENCH_AUTH_SECRET', 'BETTER_AUTH_SECRET'] as const) {
    const v = env(name);
    if (!v) continue;
    if (v.length < MIN_LENGTH)
      throw new Error(`${name}: must be at least ${MIN_LENGTH} characters (e.g. openssl rand -base64 32)`);
    return v;
  }
  // INSERT OR IGNORE then read: two processes starting at once agree on the first value written.
  db.insert(serverSecrets)
    .values({ key: AUTH_SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
    .run();
  const row = db
    .select({ value: serverSecrets.value })
    .from(serverSecrets)
    .where(eq(serverSecrets.key, AUTH_SECRET_KEY))
    .get();
  if (!row) throw new Error('could not store the auth secret');
  return row.value;
}
