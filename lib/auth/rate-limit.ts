/**
 * Login rate limit, two sliding LOGIN_WINDOW_MS windows checked before the password is:
 *  - at most LOGIN_MAX_FAILURES failed logins per (client IP, user name), and
 *  - at most LOGIN_MAX_FAILURES_PER_USER per user name from all addresses together, so rotating
 *    addresses (or a forged X-Forwarded-For) cannot buy unlimited guesses.
 * The next attempt is refused with 429. Failures are kept in SQLite so a restart does not reset
 * the count. An attempt is reserved (recorded as a failure, in the same transaction that checks
 * the counts) BEFORE the password is verified, and released only when it succeeds: parallel
 * guesses therefore count while they are in flight, so 40 concurrent wrong logins cannot all be
 * checked against the password. The client address comes from X-Forwarded-For only when JOULEBENCH_TRUST_PROXY=1
 * (the server sits behind a reverse proxy that sets it); otherwise the header is ignored.
 */
import { and, count, eq, gt, inArray, lt, min } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { loginFailures } from '@/db/schema';
import { env } from '@/lib/env';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_MAX_FAILURES_PER_USER = 20;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export function loginKey(ip: string, name: string): string {
  return `${ip}|${name.toLowerCase()}`;
}
/** The per-user key (all addresses). '*' cannot appear in an address. */
export function userLoginKey(name: string): string {
  return `*|${name.toLowerCase()}`;
}

/** The key of wrong current passwords on POST /api/auth/password (no "|": cannot meet a login key). */
export function passwordChangeKey(userId: number): string {
  return `password-change:${userId}`;
}

/** Seconds until another attempt is allowed, or 0 when allowed now. */
export function loginRetryAfter(db: DB, key: string, now = Date.now(), max = LOGIN_MAX_FAILURES): number {
  const r = db
    .select({ n: count(), first: min(loginFailures.at) })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, now - LOGIN_WINDOW_MS)))
    .get();
  if (!r || r.n < max || r.first === null) return 0;
  return Math.max(1, Math.ceil((r.first + LOGIN_WINDOW_MS - now) / 1000));
}

/** A rate-limited key and the number of attempts it allows per window. */
export interface LimitKey {
  key: string;
  max: number;
}

/**
 * Reserves one attempt on every key, atomically (one SQLite transaction, taken before any other
 * writer, so the check and the insert cannot interleave with another request or process): when
 * any key is at its limit nothing is recorded and the wait in seconds is returned; otherwise one
 * row per key is inserted, counted as a failure until releaseAttempt() removes it.
 */
export function reserveAttempt(
  db: DB,
  keys: LimitKey[],
  now = Date.now(),
): { ids: number[] } | { retryAfterS: number } {
  return db.transaction(
    (tx) => {
      const wait = Math.max(0, ...keys.map((k) => loginRetryAfter(tx as unknown as DB, k.key, now, k.max)));
      if (wait > 0) return { retryAfterS: wait };
      const ids = keys.map(
        (k) => tx.insert(loginFailures).values({ key: k.key, at: now }).returning({ id: loginFailures.id }).get().id,
      );
      tx.delete(loginFailures)
        .where(lt(loginFailures.at, now - LOGIN_WINDOW_MS))
        .run();
      return { ids };
    },
    { behavior: 'immediate' },
  );
}

/** Removes reserved attempts (the attempt succeeded, so it is not a failure). */
export function releaseAttempt(db: DB, ids: number[]): void {
  if (ids.length) db.delete(loginFailures).where(inArray(loginFailures.id, ids)).run();
}

export function recordLoginFailure(db: DB, key: string, now = Date.now()): void {
  db.insert(loginFailures).values({ key, at: now }).run();
  db.delete(loginFailures)
    .where(lt(loginFailures.at, now - LOGIN_WINDOW_MS))
    .run();
}

export function clearLoginFailures(db: DB, key: string): void {
  db.delete(loginFailures).where(eq(loginFailures.key, key)).run();
}

/**
 * The client address for rate limiting. Route handlers do not see the socket, so without a
 * trusted proxy every client is "direct" (the per-user limit then applies to all of them).
 * With JOULEBENCH_TRUST_PROXY=1 the first X-Forwarded-For hop (or X-Real-IP) is used.
 */
export function clientIp(req: Request): string {
  if (!env('JOULEBENCH_TRUST_PROXY')) return 'direct';
  const xff = req.headers.get('x-forwarded-for');
  if (xff) return xff.split(',')[0].trim() || 'unknown';
  return req.headers.get('x-real-ip')?.trim() || 'direct';
}
