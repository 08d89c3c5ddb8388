/**
 * Which paths need no principal at all (checked by proxy.ts). Everything else needs a session or
 * token once an account exists. Kept in one list so docs/security.md and the tests can cite it.
 */
export const PUBLIC_PAGE_PREFIXES = ['/login', '/setup', '/r/'] as const;
export const PUBLIC_API_PATHS = [
  '/api/health',
  '/api/setup',
  '/api/auth/login',
  '/api/auth/logout',
  '/api/auth/me',
] as const;

export function isPublicPath(pathname: string): boolean {
  if ((PUBLIC_API_PATHS as readonly string[]).includes(pathname)) return true;
  return PUBLIC_PAGE_PREFIXES.some((p) =>
    p.endsWith('/') ? pathname.startsWith(p) : pathname === p || pathname.startsWith(`${p}/`),
  );
}

/** Any control character or whitespace (browsers strip TAB/LF/CR from URLs, turning "/\t/x" into "//x"). */
const UNSAFE_IN_NEXT = /[\s\u0000-\u001f\u007f-\u009f]/;
const SELF = 'http://joulebench.invalid';

/**
 * Same-site path to return to after login: `next` is resolved against a placeholder origin and
 * kept only when the result has that origin (so "//host", "/\\host", "https:..." and the like go
 * to "/"); control characters and whitespace are refused outright. Returns the normalised path.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (typeof next !== 'string' || !next.startsWith('/') || UNSAFE_IN_NEXT.test(next)) return '/';
  let u: URL;
  try {
    u = new URL(next, SELF);
  } catch {
    return '/';
  }
  if (u.origin !== SELF) return '/';
  return u.pathname + u.search + u.hash;
}

/**
 * What /login?error=CODE may show: fixed messages chosen by code. A link cannot make the login
 * page display text of its choosing (phishing), and unknown codes show nothing.
 */
export const LOGIN_ERRORS: ReadonlyMap<string, string> = new Map([
  ['missing', 'Enter your user name and password.'],
  ['invalid', 'Wrong user name or password.'],
  ['locked', 'Too many failed logins: try again in a few minutes.'],
  [
    'host',
    'This address is not one Joulebench knows: use the address in JOULEBENCH_PUBLIC_URL (or ask the admin to add this one).',
  ],
  ['failed', 'Login failed; try again.'],
]);

export function loginErrorMessage(code: unknown): string | undefined {
  return typeof code === 'string' ? LOGIN_ERRORS.get(code) : undefined;
}

/** The same for /setup?error=CODE (the setup form's fallback without JavaScript). */
export const SETUP_ERRORS: ReadonlyMap<string, string> = new Map([
  ['differ', 'The two passwords differ.'],
  ['name', 'Choose a user name of 1 to 64 characters: letters, digits and . _ @ - (starting with a letter or digit).'],
  ['password', 'The password must have 10 to 1024 characters.'],
  ['closed', 'Setup is closed: an account already exists; log in instead.'],
  ['host', LOGIN_ERRORS.get('host')!],
  ['failed', 'Setup failed; try again.'],
]);

export function setupErrorMessage(code: unknown): string | undefined {
  return typeof code === 'string' ? SETUP_ERRORS.get(code) : undefined;
}
