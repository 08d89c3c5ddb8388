/**
 * Account operations shared by the API routes and the CLI, on better-auth's server-side API
 * (`auth.api.*`) and its internal adapter (`$context.internalAdapter`, `$context.password`).
 * The CLI uses them directly on the SQLite file, with no web server.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { apiTokens } from '@/db/schema';
import { checkUserName, getUser, getUserByName, toPublicUser, userCount, type PublicUser } from '@/db/queries/users';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '@/lib/errors';
import { emailFor, getAuth } from './auth';
import { TooManyRequestsError } from './errors';
import { checkPasswordPolicy } from './password';
import {
  clearLoginFailures,
  LOGIN_MAX_FAILURES,
  LOGIN_MAX_FAILURES_PER_USER,
  loginKey,
  passwordChangeKey,
  releaseAttempt,
  reserveAttempt,
  userLoginKey,
} from './rate-limit';
import type { Role } from './roles';

/** better-auth's APIError (status text, numeric statusCode, body {code, message}). */
interface BetterAuthError {
  statusCode: number;
  body?: { code?: string; message?: string };
  message: string;
}
/** A refusal by better-auth (4xx). Its 5xx errors (database trouble, bugs) are passed on as they are. */
function isAuthError(e: unknown): e is BetterAuthError {
  const status = (e as Partial<BetterAuthError> | null)?.statusCode;
  return e instanceof Error && e.name === 'APIError' && typeof status === 'number' && status < 500;
}
const authMessage = (e: BetterAuthError) => e.body?.message ?? e.message;

export async function createUser(db: DB, u: { name: string; role: Role; password: string }): Promise<PublicUser> {
  checkUserName(u.name);
  checkPasswordPolicy(u.password);
  if (getUserByName(db, u.name)) throw new ConflictError(`name: a user named "${u.name}" already exists`);
  const ctx = await getAuth(db).$context;
  const passwordHash = await ctx.password.hash(u.password);
  let created: { id: string };
  try {
    created = await ctx.internalAdapter.createUser(
      {
        name: u.name,
        email: emailFor(u.name),
        emailVerified: false,
        username: u.name, // the username plugin lower-cases it and checks it is free
        displayUsername: u.name,
        role: u.role,
        disabled: false,
      },
      { method: 'admin' },
    );
  } catch (e) {
    if (isAuthError(e)) {
      if (e.body?.code === 'USERNAME_IS_ALREADY_TAKEN')
        throw new ConflictError(`name: a user named "${u.name}" already exists`);
      throw new ValidationError(`name: ${authMessage(e)}`);
    }
    throw e;
  }
  await ctx.internalAdapter.linkAccount({
    userId: created.id,
    providerId: 'credential',
    accountId: created.id,
    password: passwordHash,
  });
  return toPublicUser(getUser(db, Number(created.id))!);
}

// The first-admin check and the creation are serialized within the process (the web server is
// one process), so two concurrent setup requests cannot both pass the check.
const g = globalThis as unknown as { __joulebenchSetup?: Promise<unknown> };
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const run = (g.__joulebenchSetup ?? Promise.resolve()).then(fn, fn);
  g.__joulebenchSetup = run.catch(() => undefined);
  return run;
}

export async function setupFirstAdmin(db: DB, u: { name: string; password: string }): Promise<PublicUser> {
  checkUserName(u.name);
  checkPasswordPolicy(u.password);
  const closed = () => new ConflictError('setup is closed: an account already exists; log in instead');
  if (userCount(db) > 0) throw closed();
  return serialized(async () => {
    if (userCount(db) > 0) throw closed();
    return createUser(db, { ...u, role: 'admin' });
  });
}

/**
 * Revokes every live API token the user created: after a password reset or change, whoever knew
 * the old password may have minted tokens with it, and those would otherwise keep working.
 * Returns how many were revoked.
 */
export function revokeUserTokens(db: DB, userId: number, now = Date.now()): number {
  return db
    .update(apiTokens)
    .set({ revokedAt: new Date(now).toISOString() })
    .where(and(eq(apiTokens.createdBy, userId), isNull(apiTokens.revokedAt)))
    .run().changes;
}

/** Sets a password (admin reset, CLI), ends every session of the account and revokes its API tokens. */
export async function setUserPassword(db: DB, id: number, password: string): Promise<{ tokensRevoked: number }> {
  checkPasswordPolicy(password);
  if (!getUser(db, id)) throw new NotFoundError(`user ${id} not found`);
  const ctx = await getAuth(db).$context;
  const hash = await ctx.password.hash(password);
  const userId = String(id);
  if (await ctx.internalAdapter.findCredentialAccount(userId)) await ctx.internalAdapter.updatePassword(userId, hash);
  else await ctx.internalAdapter.linkAccount({ userId, providerId: 'credential', accountId: userId, password: hash });
  await ctx.internalAdapter.deleteUserSessions(userId);
  return { tokensRevoked: revokeUserTokens(db, id) };
}

/**
 * Signs in with better-auth (username plugin) under our rate limit and returns its Set-Cookie
 * headers. Unknown users cost better-auth the same scrypt work as known ones; every failure
 * (unknown name, wrong password, disabled account) gets the same message, so the response does not
 * reveal which names exist.
 */
export async function login(
  db: DB,
  a: { name: string; password: string; ip: string; userAgent?: string | null },
): Promise<{ user: PublicUser; cookies: Headers }> {
  const key = loginKey(a.ip, a.name);
  const userKey = userLoginKey(a.name);
  // Reserved before the password is checked (rate-limit.ts): concurrent guesses count at once.
  const r = reserveAttempt(db, [
    { key, max: LOGIN_MAX_FAILURES },
    { key: userKey, max: LOGIN_MAX_FAILURES_PER_USER },
  ]);
  if ('retryAfterS' in r)
    throw new TooManyRequestsError(
      `too many failed logins; try again in ${Math.ceil(r.retryAfterS / 60)} min`,
      r.retryAfterS,
    );
  let signedIn: { user: PublicUser; cookies: Headers };
  try {
    signedIn = await signInSession(db, a);
  } catch (e) {
    // A wrong password keeps the reservation as a failure; anything else (a bug, the database) does not count.
    if (!(e instanceof UnauthorizedError)) releaseAttempt(db, r.ids);
    throw e;
  }
  releaseAttempt(db, r.ids);
  clearLoginFailures(db, key); // the per-user count is left to expire: it is what stops address rotation
  return signedIn;
}

/** better-auth's sign-in without the rate limit (login above, and setup right after creating the admin). */
export async function signInSession(
  db: DB,
  a: { name: string; password: string; userAgent?: string | null },
): Promise<{ user: PublicUser; cookies: Headers }> {
  try {
    const r = await getAuth(db).api.signInUsername({
      body: { username: a.name, password: a.password },
      headers: new Headers(a.userAgent ? { 'user-agent': a.userAgent } : {}),
      returnHeaders: true,
    });
    return { user: toPublicUser(getUser(db, Number(r.response.user.id))!), cookies: r.headers };
  } catch (e) {
    if (isAuthError(e)) throw new UnauthorizedError('wrong user name or password');
    throw e;
  }
}

/** Ends the cookie's session (better-auth deletes it) and returns the cookie-deleting headers. */
export async function logout(db: DB, cookie: string): Promise<Headers> {
  const r = await getAuth(db).api.signOut({ headers: new Headers({ cookie }), returnHeaders: true });
  return r.headers;
}

/** Wrong current passwords allowed per user per LOGIN_WINDOW_MS on POST /api/auth/password. */
export const PASSWORD_CHANGE_MAX_FAILURES = 5;

/**
 * Changes the signed-in user's own password (better-auth checks the current one) under the same
 * kind of rate limit as the login (an attempt is reserved before the check), ends all of the
 * user's sessions, revokes the user's API tokens and returns the cookie of the new session for
 * this browser.
 */
export async function changeOwnPassword(
  db: DB,
  a: { userId: number; cookie: string; current: string; password: string },
): Promise<{ cookies: Headers; tokensRevoked: number }> {
  checkPasswordPolicy(a.password);
  const r = reserveAttempt(db, [{ key: passwordChangeKey(a.userId), max: PASSWORD_CHANGE_MAX_FAILURES }]);
  if ('retryAfterS' in r)
    throw new TooManyRequestsError(
      `too many wrong current passwords; try again in ${Math.ceil(r.retryAfterS / 60)} min`,
      r.retryAfterS,
    );
  let headers: Headers;
  try {
    const res = await getAuth(db).api.changePassword({
      body: { currentPassword: a.current, newPassword: a.password, revokeOtherSessions: true },
      headers: new Headers({ cookie: a.cookie }),
      returnHeaders: true,
    });
    headers = res.headers;
  } catch (e) {
    if (isAuthError(e) && e.body?.code === 'INVALID_PASSWORD') throw new UnauthorizedError('current: wrong password'); // stays counted
    releaseAttempt(db, r.ids);
    if (isAuthError(e)) {
      if (e.statusCode === 401) throw new UnauthorizedError('session expired; log in again');
      throw new ValidationError(authMessage(e));
    }
    throw e;
  }
  releaseAttempt(db, r.ids);
  return { cookies: headers, tokensRevoked: revokeUserTokens(db, a.userId) };
}
