/**
 * API tokens (CLI, harness, scripts): looked up by the SHA-256 of the presented token; the token
 * itself is never stored. (Browser sessions are better-auth's, lib/auth/auth.ts.)
 */
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { apiTokens, users, type ApiToken } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import type { Role } from '@/lib/auth/roles';
import { newApiToken, sha256Hex } from '@/lib/auth/tokens';

/** last_used_at is written at most this often (avoid a write per request). */
const TOUCH_EVERY_MS = 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

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
    const u = db
      .select({ disabled: users.disabled, role: users.role })
      .from(users)
      .where(eq(users.id, row.createdBy))
      .get();
    if (!u || u.disabled) return undefined;
    const rank = (r: string) => ['viewer', 'engineer', 'admin'].indexOf(r);
    if (rank(u.role) < rank(row.role)) return { ...row, role: u.role };
  }
  if (!row.lastUsedAt || Date.parse(row.lastUsedAt) < now - TOUCH_EVERY_MS)
    db.update(apiTokens)
      .set({ lastUsedAt: iso(now) })
      .where(eq(apiTokens.id, row.id))
      .run();
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
  return toPublic(
    db
      .update(apiTokens)
      .set({ revokedAt: iso(now) })
      .where(eq(apiTokens.id, id))
      .returning()
      .get(),
  );
}
