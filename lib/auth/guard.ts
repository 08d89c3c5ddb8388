/**
 * Access guard for route handlers. Every mutating route calls
 * `await requireRole(req, 'engineer' | 'admin')`; read routes call `requireReader(req)`.
 * Policy (docs/security.md):
 *  - Credentials: `Authorization: Bearer <API token>` or better-auth's `jb_session` cookie.
 *  - Mutations always need a principal with the role (401 without one, 403 with too low a role),
 *    even on a fresh install with no account; cookie-authenticated mutations must also be
 *    same-origin (CSRF, 403).
 *  - Reads need a principal once any account exists; before that they are open (read-only).
 */
import { getDb, type DB } from '@/db/client';
import { getAccessSettings } from '@/db/queries/users';
import { ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { isSameOrigin, requestHostKnown, UNKNOWN_HOST_MESSAGE } from './csrf';
import { isOpenInstall, OPEN_READER, resolveCredentials, type Principal } from './principal';
import { roleAtLeast, type Role } from './roles';

export type { Role } from './roles';
export type { Principal } from './principal';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The principal behind a request's credentials, or null (throws 401 on a bad credential). */
export async function principalOf(req: Request, db: DB = getDb()): Promise<Principal | null> {
  const r = await resolveCredentials(db, {
    authorization: req.headers.get('authorization'),
    cookie: req.headers.get('cookie'),
  });
  if (r.kind === 'invalid') throw new UnauthorizedError(r.reason);
  return r.kind === 'principal' ? r.principal : null;
}

export async function requireRole(req: Request, role: Role, db: DB = getDb()): Promise<Principal> {
  const p = await principalOf(req, db);
  if (!p) throw new UnauthorizedError('authentication required: log in, or send "Authorization: Bearer <token>"');
  if (p.via === 'session' && MUTATING.has(req.method.toUpperCase()) && !requestHostKnown(req))
    throw new ForbiddenError(UNKNOWN_HOST_MESSAGE);
  if (p.via === 'session' && MUTATING.has(req.method.toUpperCase()) && !isSameOrigin(req))
    throw new ForbiddenError('cross-origin request refused: browser requests must come from this site (Origin header)');
  if (!roleAtLeast(p.role, role)) throw new ForbiddenError(`this action needs the ${role} role (you are ${p.role})`);
  return p;
}

export async function requireReader(req: Request, db: DB = getDb()): Promise<Principal> {
  const p = await principalOf(req, db);
  if (p) return p;
  if (isOpenInstall(db)) return OPEN_READER;
  throw new UnauthorizedError('authentication required: log in, or send "Authorization: Bearer <token>"');
}

/** Launching sweeps: admins always; engineers when the access setting allows it. */
export async function requireSweepLauncher(req: Request, db: DB = getDb()): Promise<Principal> {
  const p = await requireRole(req, 'engineer', db);
  if (p.role === 'admin' || getAccessSettings(db).engineersCanLaunchSweeps) return p;
  throw new ForbiddenError('launching sweeps needs the admin role (an admin can allow engineers in Settings)');
}
