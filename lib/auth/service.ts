/** Account operations shared by the API routes and the CLI. */
import type { DB } from '@/db/client';
import { userCount, getUserByName, insertFirstAdmin, insertUser, updateUser, type PublicUser, toPublicUser, checkUserName } from '@/db/queries/users';
import { createSession, deleteUserSessions } from '@/db/queries/tokens';
import { TooManyRequestsError } from './errors';
import { ConflictError, UnauthorizedError } from '@/lib/errors';
import { checkPasswordPolicy, dummyHash, hashPassword, verifyPassword } from './password';
import { clearLoginFailures, LOGIN_MAX_FAILURES_PER_USER, loginKey, loginRetryAfter, recordLoginFailure, userLoginKey } from './rate-limit';
import type { Role } from './roles';

export async function createUser(db: DB, u: { name: string; role: Role; password: string }): Promise<PublicUser> {
  checkUserName(u.name);
  checkPasswordPolicy(u.password);
  return toPublicUser(insertUser(db, { name: u.name, role: u.role, passwordHash: await hashPassword(u.password) }));
}

export async function setupFirstAdmin(db: DB, u: { name: string; password: string }): Promise<PublicUser> {
  checkUserName(u.name);
  checkPasswordPolicy(u.password);
  // Cheap check first (no scrypt work for a closed setup); insertFirstAdmin re-checks atomically.
  if (userCount(db) > 0) throw new ConflictError('setup is closed: an account already exists; log in instead');
  return toPublicUser(insertFirstAdmin(db, { name: u.name, passwordHash: await hashPassword(u.password) }));
}

export async function setUserPassword(db: DB, id: number, password: string): Promise<void> {
  checkPasswordPolicy(password);
  updateUser(db, id, { passwordHash: await hashPassword(password) });
  deleteUserSessions(db, id); // a password change logs out every other browser
}

/**
 * Checks a name/password under the rate limit. Unknown users cost the same scrypt work as known
 * ones and get the same message, so the response does not reveal which names exist.
 */
export async function login(
  db: DB,
  a: { name: string; password: string; ip: string },
): Promise<{ user: PublicUser; token: string; expiresAt: string }> {
  const key = loginKey(a.ip, a.name);
  const userKey = userLoginKey(a.name);
  const wait = Math.max(loginRetryAfter(db, key), loginRetryAfter(db, userKey, Date.now(), LOGIN_MAX_FAILURES_PER_USER));
  if (wait > 0) throw new TooManyRequestsError(`too many failed logins; try again in ${Math.ceil(wait / 60)} min`, wait);
  const u = getUserByName(db, a.name);
  const ok = await verifyPassword(a.password, u?.passwordHash ?? (await dummyHash()));
  if (!u || !ok || u.disabled) {
    recordLoginFailure(db, key);
    recordLoginFailure(db, userKey);
    throw new UnauthorizedError('wrong user name or password');
  }
  clearLoginFailures(db, key); // the per-user count is left to expire: it is what stops address rotation
  const s = createSession(db, u.id);
  return { user: toPublicUser(u), token: s.token, expiresAt: s.expiresAt };
}
