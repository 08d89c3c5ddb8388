/**
 * Resolves who is calling from raw credentials (an Authorization header and/or the Cookie
 * header). Shared by the route guard (lib/auth/guard.ts), server pages (lib/auth/page.ts) and
 * proxy.ts, so all three agree. Bearer API tokens are ours (db/queries/tokens.ts); browser
 * sessions are better-auth's (`auth.api.getSession`).
 */
import { isNull } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { apiTokens } from '@/db/schema';
import { findApiToken } from '@/db/queries/tokens';
import { userCount } from '@/db/queries/users';
import { getAuth, SESSION_COOKIE } from './auth';
import { isRole, type Role } from './roles';

export { SESSION_COOKIE } from './auth';

export interface Principal {
  userId: number | null;
  name: string;
  role: Role;
  via: 'session' | 'token' | 'open';
  /** API token id when via === 'token'. */
  tokenId?: number;
}

export type Resolution =
  | { kind: 'principal'; principal: Principal }
  /** A credential was presented but is not valid (expired, revoked, unknown). */
  | { kind: 'invalid'; reason: string }
  | { kind: 'none' };

export function bearerToken(authorization: string | null | undefined): string | null | undefined {
  if (!authorization) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return m ? m[1] : null; // null: header present but malformed
}

/** The user behind a better-auth session cookie, or null (unknown, expired, bad signature, disabled). */
export async function sessionPrincipal(db: DB, cookieHeader: string): Promise<Principal | null> {
  let s: Awaited<ReturnType<ReturnType<typeof getAuth>['api']['getSession']>>;
  try {
    s = await getAuth(db).api.getSession({
      headers: new Headers({ cookie: cookieHeader }),
      query: { disableCookieCache: true },
    });
  } catch (e) {
    // better-auth answers a session it refuses with an APIError below 500; anything else is a bug.
    const status = (e as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status < 500) return null;
    throw e;
  }
  if (!s || s.user.disabled || !isRole(s.user.role)) return null;
  const u = s.user as typeof s.user & { displayUsername?: string | null; username?: string | null };
  return { userId: Number(u.id), name: u.displayUsername || u.username || u.name, role: s.user.role, via: 'session' };
}

export async function resolveCredentials(
  db: DB,
  creds: { authorization?: string | null; cookie?: string | null },
): Promise<Resolution> {
  const bearer = bearerToken(creds.authorization);
  if (bearer === null) return { kind: 'invalid', reason: 'Authorization header must be "Bearer <token>"' };
  if (bearer !== undefined) {
    // An explicit bearer token wins; a bad one is an error (no silent fallback to the cookie).
    const t = findApiToken(db, bearer);
    if (!t || !isRole(t.role)) return { kind: 'invalid', reason: 'API token is unknown, expired or revoked' };
    return {
      kind: 'principal',
      principal: { userId: t.createdBy, name: `token:${t.name}`, role: t.role, via: 'token', tokenId: t.id },
    };
  }
  if (creds.cookie && cookieValue(creds.cookie, SESSION_COOKIE)) {
    const p = await sessionPrincipal(db, creds.cookie);
    if (p) return { kind: 'principal', principal: p };
    return { kind: 'invalid', reason: 'session expired; log in again' };
  }
  return { kind: 'none' };
}

/**
 * True while the install has no credential at all: no account and no live (unrevoked) API token.
 * Only then are reads open to anonymous visitors (open read-only mode, docs/security.md); a
 * token created with the CLI before any account closes it, so such an install is not left
 * world-readable.
 */
export function isOpenInstall(db: DB): boolean {
  if (userCount(db) > 0) return false;
  return !db.select({ id: apiTokens.id }).from(apiTokens).where(isNull(apiTokens.revokedAt)).limit(1).get();
}

export const OPEN_READER: Principal = { userId: null, name: 'anonymous', role: 'viewer', via: 'open' };

/** Reads a cookie value from a Cookie header (no dependency on next/headers, so it works on a plain Request). */
export function cookieValue(cookieHeader: string | null | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
