/**
 * The better-auth instance (https://www.better-auth.com): accounts, password checks (with our
 * OWASP-strength scrypt plugged in, password.ts) and browser sessions. One instance per database, built lazily so `next build` never opens the
 * database. It is used server-side only, through `auth.api.*` and `$context` (lib/auth/service.ts,
 * lib/auth/principal.ts); its own HTTP handler is not mounted: /api/auth/login, /logout, /me,
 * /password and /api/setup are our thin wrappers (rate limit, CSRF, our JSON and error shapes).
 *
 *  - users sign in with a user NAME (username plugin, names lower-cased for uniqueness); the email
 *    better-auth requires is derived (`emailFor`) and never shown or used;
 *  - role and disabled are additional user fields that no request body can set;
 *  - integer ids (`generateId: "serial"`), so the FKs of api_tokens/reports stay integers;
 *  - session: cookie `jb_session` (HttpOnly, SameSite=Lax, Path=/; `Secure` is added per request
 *    behind https, lib/auth/cookie.ts), 7 days, fixed (no sliding refresh), no cookie cache (so a
 *    deleted session stops working at once); the token is stored hashed (session-store.ts);
 *  - a disabled user cannot get a session (database hook);
 *  - no telemetry, no network access; better-auth's in-memory rate limiter is off because our
 *    login limiter (rate-limit.ts) is persistent and runs around sign-in.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { username } from 'better-auth/plugins';
import { getDb, type DB } from '@/db/client';
import { getUser, NAME_RE } from '@/db/queries/users';
import { accounts, sessions, users, verifications } from '@/db/schema';
import { trustedOrigins } from './csrf';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './password';
import { authSecret } from './secret';
import { hashSessionTokens } from './session-store';
import { env } from '@/lib/env';

export const SESSION_COOKIE = 'jb_session';
export const SESSION_TTL_S = 7 * 24 * 3600;

/** better-auth needs a unique email; ours is derived from the name ('@' -> '+', which names cannot contain). */
export function emailFor(name: string): string {
  return `${name.toLowerCase().replaceAll('@', '+')}@users.joulebench.invalid`;
}

function createAuth(db: DB) {
  return betterAuth({
    appName: 'Joulebench',
    baseURL: env('JOULEBENCH_PUBLIC_URL'),
    secret: authSecret(db),
    database: hashSessionTokens(
      drizzleAdapter(db, {
        provider: 'sqlite',
        schema: { user: users, session: sessions, account: accounts, verification: verifications },
      }),
    ),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true, // accounts are created by /api/setup, admins and the CLI (lib/auth/service.ts)
      autoSignIn: false,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      // OWASP-strength scrypt instead of better-auth's lighter default (see password.ts).
      password: { hash: (password: string) => hashPassword(password), verify: verifyPassword },
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: true, defaultValue: 'viewer', input: false },
        disabled: { type: 'boolean', required: true, defaultValue: false, input: false },
      },
    },
    session: {
      expiresIn: SESSION_TTL_S,
      disableSessionRefresh: true,
      cookieCache: { enabled: false },
    },
    plugins: [username({ minUsernameLength: 1, maxUsernameLength: 64, usernameValidator: (u) => NAME_RE.test(u) })],
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const u = getUser(db, Number(session.userId));
            if (!u || u.disabled) throw new APIError('FORBIDDEN', { message: 'account disabled' });
          },
        },
      },
    },
    trustedOrigins: (request) => trustedOrigins(request),
    rateLimit: { enabled: false },
    telemetry: { enabled: false, debug: false },
    advanced: {
      useSecureCookies: false,
      cookiePrefix: 'jb', // better-auth's other cookies (only ever expired by sign-out) are jb.*
      cookies: { session_token: { name: SESSION_COOKIE } },
      ipAddress: { disableIpTracking: true },
      database: { generateId: 'serial' },
    },
    // Failed logins are expected traffic; better-auth's warnings would only repeat them.
    logger: { level: 'error' },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const g = globalThis as unknown as { __joulebenchAuth?: WeakMap<DB, Auth> };

/** The better-auth instance for a database (the process database by default). */
export function getAuth(db: DB = getDb()): Auth {
  g.__joulebenchAuth ??= new WeakMap();
  let a = g.__joulebenchAuth.get(db);
  if (!a) {
    a = createAuth(db);
    g.__joulebenchAuth.set(db, a);
  }
  return a;
}
