/**
 * Sessions (browser cookies) and API tokens (CLI, harness). Both are looked up by the SHA-256 of
 * the presented secret; the secret itself is never stored.
 */
import { and, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { apiTokens, sessions, users, type ApiToken, type User } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import type { Role } from '@/lib/auth/roles';
import { newApiToken, randomToken, sha256Hex } from '@/lib/auth/tokens';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** Last-seen/last-used stamps are written at most this often (avoid a write per request). */
const TOUCH_EVERY_MS = 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

// ---- sessions --------------------------------------------------------------------------------

export function createSession(db: DB, userId: number, now = Date.now()): { token: string; expiresAt: string } {
  const token = randomToken(32);
  const expiresAt = iso(now + SESSION_TTL_MS);
  db.insert(sessions).values({ tokenHash: sha256Hex(token), userId, expiresAt, lastSeenAt: iso(now) }).run();
  // Opportunistic cleanup of expired sessions.
  db.delete(sessions).where(lt(sessions.expiresAt, iso(now))).run();
  return { token, expiresAt };
}

/** The enabled user behind a live session token, or undefined. */
export function sessionUser(db: DB, token: string, now = Date.now()): User | undefined {
  const row = db
    .select({ s: sessions, u: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sha256Hex(token)))
    .get();
  if (!row || row.s.expiresAt <= iso(now) || row.u.disabled) return undefined;
  if (!row.s.lastSeenAt || Date.parse(row.s.lastSeenAt) < now - TOUCH_EVERY_MS)
    db.update(sessions).set({ lastSeenAt: iso(now) }).where(eq(sessions.id, row.s.id)).run();
  return row.u;
}

export function deleteSession(db: DB, token: string): void {
  db.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(token))).run();
}

export function deleteUserSessions(db: DB, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

// ---- API tokens ------------------------------------------------------------------------------

export type PublicApiToken = Omit<ApiToken, 'tokenHash'>;

function toPublic(t: ApiToken): PublicApiToken {
  const { tokenHash: _h, ...rest } = t;
  return rest;
}

/** Creates a token; the clear token is returned once and never stored. */
export function createApiToken(
  db: DB,
  t: { name: string; role: Role; createdBy: number | null; expiresAt?: string | null },
): { token: string; record: PublicApiToken } {
  const token = newApiToken();
  const row = db
    .insert(apiTokens)
    .values({
      name: t.name,
      role: t.role,
      tokenHash: sha256Hex(token),
      prefix: token.slice(0, 7),
      createdBy: t.createdBy,
      expiresAt: t.expiresAt ?? null,
    })
    .returning()
    .get();
  return { token, record: toPublic(row) };
}

/** The live (not revoked, not expired) token record, touching last_used_at. */
export function findApiToken(db: DB, token: string, now = Date.now()): ApiToken | undefined {
  const row = db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, sha256Hex(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, iso(now))),
      ),
    )
    .get();
  if (!row) return undefined;
  if (row.createdBy !== null) {
    // A token dies with its creator's account (disabled or deleted: deleteUser also revokes), and
    // never carries more than its creator's current role (a demoted engineer's admin token acts
    // as an engineer).
    const u = db.select({ disabled: users.disabled, role: users.role }).from(users).where(eq(users.id, row.createdBy)).get();
    if (!u || u.disabled) return undefined;
    const rank = (r: string) => ['viewer', 'engineer', 'admin'].indexOf(r);
    if (rank(u.role) < rank(row.role)) return { ...row, role: u.role };
  }
  if (!row.lastUsedAt || Date.parse(row.lastUsedAt) < now - TOUCH_EVERY_MS)
    db.update(apiTokens).set({ lastUsedAt: iso(now) }).where(eq(apiTokens.id, row.id)).run();
  return row;
}

export function listApiTokens(db: DB, opts: { createdBy?: number } = {}): PublicApiToken[] {
  const q = db.select().from(apiTokens);
  const rows =
    opts.createdBy !== undefined
      ? q.where(eq(apiTokens.createdBy, opts.createdBy)).orderBy(desc(apiTokens.id)).all()
      : q.orderBy(desc(apiTokens.id)).all();
  return rows.map(toPublic);
}

export function getApiToken(db: DB, id: number): PublicApiToken | undefined {
  const r = db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
  return r && toPublic(r);
}

export function revokeApiToken(db: DB, id: number, now = Date.now()): PublicApiToken {
  const r = db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
  if (!r) throw new NotFoundError(`token ${id} not found`);
  if (r.revokedAt) return toPublic(r);
  return toPublic(db.update(apiTokens).set({ revokedAt: iso(now) }).where(eq(apiTokens.id, id)).returning().get());
}
