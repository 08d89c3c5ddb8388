/**
 * Which paths need no principal at all (checked by proxy.ts). Everything else needs a session or
 * token once an account exists. Kept in one list so docs/security.md and the tests can cite it.
 */
export const PUBLIC_PAGE_PREFIXES = ['/login', '/setup', '/r/'] as const;
export const PUBLIC_API_PATHS = ['/api/health', '/api/setup', '/api/auth/login', '/api/auth/logout', '/api/auth/me'] as const;

export function isPublicPath(pathname: string): boolean {
  if ((PUBLIC_API_PATHS as readonly string[]).includes(pathname)) return true;
  return PUBLIC_PAGE_PREFIXES.some((p) => (p.endsWith('/') ? pathname.startsWith(p) : pathname === p || pathname.startsWith(`${p}/`)));
}

/** Same-site relative path to return to after login (never an absolute or protocol-relative URL). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
