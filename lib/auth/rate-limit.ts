/**
 * Login rate limit: at most LOGIN_MAX_FAILURES failed logins per (client IP, user name) in a
 * sliding LOGIN_WINDOW_MS window; the next attempt is refused with 429 before the password is
 * even checked. Failures are kept in SQLite so a restart does not reset the count.
 */
import { and, count, eq, gt, lt, min } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { loginFailures } from '@/db/schema';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export function loginKey(ip: string, name: string): string {
  return `${ip}|${name.toLowerCase()}`;
}

/** Seconds until another attempt is allowed, or 0 when allowed now. */
export function loginRetryAfter(db: DB, key: string, now = Date.now()): number {
  const r = db
    .select({ n: count(), first: min(loginFailures.at) })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, now - LOGIN_WINDOW_MS)))
    .get();
  if (!r || r.n < LOGIN_MAX_FAILURES || r.first === null) return 0;
  return Math.max(1, Math.ceil((r.first + LOGIN_WINDOW_MS - now) / 1000));
}

export function recordLoginFailure(db: DB, key: string, now = Date.now()): void {
  db.insert(loginFailures).values({ key, at: now }).run();
  db.delete(loginFailures).where(lt(loginFailures.at, now - LOGIN_WINDOW_MS)).run();
}

export function clearLoginFailures(db: DB, key: string): void {
  db.delete(loginFailures).where(eq(loginFailures.key, key)).run();
}

/** The client address as seen by this server (first X-Forwarded-For hop when behind a proxy). */
export function clientIp(req: Request): string {
  const xff = req.headers.get('x-forwarded-for');
  if (xff) return xff.split(',')[0].trim() || 'unknown';
  return req.headers.get('x-real-ip')?.trim() || 'local';
}
